"""The Dockerfile and compose.yaml, checked where no container engine runs: the Dockerfile's
instructions are parsed and held to what the image must be (slim, uv from the lock, not
root, a health check on the app's own /healthz, the app in HTTP mode), and compose.yaml to
what the deployment must be (valid by the Compose Specification's own JSON schema, vendored
in tests/compose_spec/; PostgreSQL healthy before two replicas start; every setting of
.env.example reaching the app; no secret written down)."""

from __future__ import annotations

import copy
import json
import re
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.settings import SECRET_VARIABLES
from bot.slack.http import EVENTS_PATH, HEALTH_PATH
from tests.project import ROOT, settings_read

#: Instructions a Dockerfile may hold (Docker's reference).
KNOWN = frozenset(
    {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME"}
    | {"USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
)


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    args: str

    def words(self) -> list[str]:
        """The arguments: a JSON array (exec form) or shell words."""
        if self.args.startswith("["):
            parsed = json.loads(self.args)
            assert isinstance(parsed, list) and all(isinstance(w, str) for w in parsed)
            return parsed
        return shlex.split(self.args)


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions as Docker reads them: comments out, backslash-continued lines joined."""
    instructions: list[Instruction] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        start = start if pending else number
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        keyword, _, args = whole.partition(" ")
        instructions.append(Instruction(start, keyword.upper(), args.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


@pytest.fixture(scope="module")
def dockerfile() -> list[Instruction]:
    return parse_dockerfile((ROOT / "Dockerfile").read_text())


@pytest.fixture(scope="module")
def stages(dockerfile: list[Instruction]) -> list[list[Instruction]]:
    found: list[list[Instruction]] = []
    for instruction in dockerfile:
        if instruction.keyword == "FROM":
            found.append([])
        assert found, "instructions before the first FROM"
        found[-1].append(instruction)
    return found


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def test_every_instruction_is_one_docker_knows(dockerfile: list[Instruction]) -> None:
    assert dockerfile and dockerfile[0].keyword == "FROM"
    unknown = [(i.line, i.keyword) for i in dockerfile if i.keyword not in KNOWN]
    assert unknown == []
    for instruction in dockerfile:  # every exec form is a JSON array of strings
        if instruction.args.startswith("["):
            assert instruction.words(), instruction


def test_the_image_is_slim_python_the_project_supports(
    stages: list[list[Instruction]],
) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    minimum = re.search(r">=\s*3\.(\d+)", project["requires-python"])
    assert minimum is not None
    for stage in stages:
        image = stage[0].words()[0]
        match = re.fullmatch(r"python:3\.(\d+)-slim(?:-\w+)?", image)
        assert match, image
        assert int(match[1]) >= int(minimum[1])


def test_dependencies_come_from_the_lock_with_uv(stages: list[list[Instruction]]) -> None:
    build = stages[0]
    copies = [i.words() for i in build if i.keyword == "COPY"]
    assert any(w[0].startswith("--from=ghcr.io/astral-sh/uv:") for w in copies)
    syncs = [i.args for i in build if i.keyword == "RUN" and "uv sync" in i.args]
    assert syncs and all("--locked" in s and "--no-dev" in s for s in syncs)
    for words in copies:
        if any(w.startswith("--from=") for w in words):
            continue  # from another image or stage
        sources = [w for w in words[:-1] if not w.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such file in the project"


def test_it_runs_the_app_in_http_mode_as_a_user_that_is_not_root(
    stages: list[list[Instruction]],
) -> None:
    final = stages[-1]
    users = [i.args for i in final if i.keyword == "USER"]
    assert users and users[-1] not in ("root", "0", "0:0")
    created = " ".join(i.args for i in final if i.keyword == "RUN")
    assert "useradd" in created and users[-1].split(":")[0] in created
    assert not any(i.keyword == "COPY" and "uv" in i.args for i in final)  # no uv at run time
    (cmd,) = [i for i in final if i.keyword == "CMD"]
    words = cmd.words()
    assert words[:3] == ["bulksends", "run", "--http"]
    port = words[words.index("--port") + 1]
    assert [i.args for i in final if i.keyword == "EXPOSE"] == [port]
    assert [i.args for i in final if i.keyword == "STOPSIGNAL"] == ["SIGTERM"]


def test_the_health_check_asks_the_apps_own_health_path(
    stages: list[list[Instruction]],
) -> None:
    final = stages[-1]
    (health,) = [i for i in final if i.keyword == "HEALTHCHECK"]
    options, _, command = health.args.partition("CMD ")
    assert re.search(r"--interval=\d+s", options) and re.search(r"--timeout=\d+s", options)
    port = next(i.args for i in final if i.keyword == "EXPOSE")
    assert f"127.0.0.1:{port}{HEALTH_PATH}" in " ".join(json.loads(command))


def test_the_build_context_leaves_out_secrets_and_local_state() -> None:
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", ".env", "*.db"} <= ignored


def test_compose_has_postgres_healthy_before_two_app_replicas(compose: dict[str, Any]) -> None:
    services = compose["services"]
    db, app = services["db"], services["app"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert app["build"] == "."
    assert app["deploy"]["replicas"] == 2
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["command"][:3] == ["bulksends", "run", "--http"]
    low, high = re.fullmatch(r"(\d+)-(\d+):3000", app["ports"][0]).groups()  # type: ignore[union-attr]
    assert int(high) - int(low) + 1 == app["deploy"]["replicas"]  # one host port each
    url = app["environment"]["DATABASE_URL"]
    env = db["environment"]
    assert url == (
        f"postgresql://{env['POSTGRES_USER']}:${{POSTGRES_PASSWORD}}@db:5432/{env['POSTGRES_DB']}"
    )


def test_compose_is_valid_by_the_compose_specifications_schema(compose: dict[str, Any]) -> None:
    validator = compose_validator()
    assert [error.message for error in validator.iter_errors(compose)] == []
    # The schema bites: a misspelt key or a value it does not know is an error, as `docker compose` says.
    misspelt = copy.deepcopy(compose)
    misspelt["services"]["app"]["enviroment"] = misspelt["services"]["app"].pop("environment")
    assert not validator.is_valid(misspelt)
    wrong = copy.deepcopy(compose)
    wrong["services"]["app"]["depends_on"]["db"]["condition"] = "service_ready"
    assert not validator.is_valid(wrong)


def test_every_variable_of_env_example_reaches_the_app_as_written(
    compose: dict[str, Any],
) -> None:
    example = read_env_file(ROOT / ".env.example")
    dotenv = {name: value or f"value-of-{name}" for name, value in example.items()}
    inside = container_environment(compose["services"]["app"], dotenv)
    # What compose sets itself, on purpose: its own database.
    own = {
        "DATABASE_URL": f"postgresql://bulksends:{dotenv['POSTGRES_PASSWORD']}@db:5432/bulksends"
    }
    for name, value in dotenv.items():
        assert inside.get(name) == own.get(name, value), f"{name} does not reach the app"
    db = compose["services"]["db"]["environment"]
    assert own["DATABASE_URL"].endswith(f"/{db['POSTGRES_DB']}")
    assert f"//{db['POSTGRES_USER']}:" in own["DATABASE_URL"]


def test_env_example_lists_exactly_what_bulksends_and_compose_read() -> None:
    listed = set(read_env_file(ROOT / ".env.example"))
    assert settings_read() | {"BULKSENDS_DEBUG", "POSTGRES_PASSWORD"} == listed


def test_compose_writes_down_no_secret(compose: dict[str, Any]) -> None:
    for service in compose["services"].values():
        for name, value in service.get("environment", {}).items():
            if name in SECRET_VARIABLES or "PASSWORD" in name:
                assert re.fullmatch(r"\$\{\w+(:[-?][^}]*)?\}", value), f"{name} is written down"
    url = compose["services"]["app"]["environment"]["DATABASE_URL"]
    assert "${POSTGRES_PASSWORD}" in url


def compose_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((ROOT / "tests" / "compose_spec" / "compose-spec.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as compose reads an env_file (comments and blank lines skipped)."""
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"[A-Z][A-Z0-9_]*", name), line
        found[name] = value
    return found


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}."""

    def one(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"] or "", match["arg"] or ""
        value = env.get(name)
        missing = value is None or (op.startswith(":") and value == "")
        if op.endswith("-") and missing:
            return arg
        if op.endswith("?") and missing:
            raise AssertionError(f"compose would stop: {arg}")
        return value or ""

    pattern = r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    return re.sub(pattern, one, text)


def container_environment(service: dict[str, Any], dotenv: dict[str, str]) -> dict[str, str]:
    """What the service's container sees: its env_file(s), then ``environment`` on top,
    every value interpolated from the project's .env (as compose does)."""
    files = service.get("env_file", [])
    files = [files] if isinstance(files, str) else files
    inside: dict[str, str] = {}
    for entry in files:
        path = entry if isinstance(entry, str) else entry["path"]
        assert path == ".env", path  # the one file .env.example describes
        inside.update(dotenv)
    for name, value in service.get("environment", {}).items():
        inside[name] = interpolate(str(value), dotenv)
    return inside


def test_the_readme_describes_the_containers() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "docker compose up" in readme and "compose.yaml" in readme
    assert "## Distributing the app" in readme
    assert EVENTS_PATH in readme and HEALTH_PATH in readme
