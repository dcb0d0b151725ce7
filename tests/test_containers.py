"""The Dockerfile and compose.yaml, checked where no container engine runs: the Dockerfile's
instructions are parsed and held to what the image must be (slim, uv from the lock, not
root, a health check on the app's own /healthz, the app in HTTP mode), and compose.yaml to
what the deployment must be (PostgreSQL, healthy before two replicas start, every setting
one the app reads, no secret written down)."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import SECRET_VARIABLES
from bot.slack.http import EVENTS_PATH, HEALTH_PATH

ROOT = Path(__file__).resolve().parents[1]
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


def test_compose_passes_only_settings_the_app_reads_and_writes_no_secret(
    compose: dict[str, Any],
) -> None:
    settings = (ROOT / "bot" / "settings.py").read_text()
    environment: dict[str, str] = compose["services"]["app"]["environment"]
    for name, value in environment.items():
        assert f'"{name}"' in settings, f"{name} is not a setting bulksends reads"
        if name in SECRET_VARIABLES:
            assert re.fullmatch(r"\$\{\w+(:[-?][^}]*)?\}", value), f"{name} is written down"
    distribution = {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "BULKSENDS_SECRET_KEY"}
    assert distribution <= set(environment)
    assert compose["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${")


def test_the_readme_describes_the_containers() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "docker compose up" in readme and "compose.yaml" in readme
    assert "## Distributing the app" in readme
    assert EVENTS_PATH in readme and HEALTH_PATH in readme
