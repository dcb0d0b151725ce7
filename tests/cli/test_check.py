"""``bulksends check`` against the fakes: each problem in plain words, secrets never shown."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli.check import Finding, run_checks
from bot.cli.common import Console, ExitCode
from bot.cli.main import main
from bot.demo.api import FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from bot.domain.workspaces import WorkspaceRef
from bot.settings import SECRET_VARIABLES, Secret, mask_secrets
from bot.store.connections import open_connection_store
from bot.store.digests import open_store
from bot.store.sealing import SecretBox, new_secret_key
from tests.factories import WEDNESDAY_LUNCHTIME
from tests.factories import WEDNESDAY_LUNCHTIME as NOW
from tests.fakes.silent import silent_server
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import MINDO_KEY, SIGNING_SECRET, clock

SECRET_KEY = new_secret_key()


@pytest.fixture
async def mindo_url() -> AsyncIterator[str]:
    async with serve(
        FakeMindoApi(build_demo_dataset(WEDNESDAY_LUNCHTIME), api_key=MINDO_KEY)
    ) as url:
        yield url


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each check looks at a database of its own (relative paths resolve in tmp_path)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "bulksends.db"


def environment(slack: FakeSlackApi, mindo_url: str, **changes: str) -> dict[str, str]:
    env = {
        "BULKSENDS_DB": "bulksends.db",
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_APP_TOKEN": slack.app_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "MINDO_API_KEY": MINDO_KEY,
        "MINDO_API_URL": mindo_url,
    }
    env.update(changes)
    return {k: v for k, v in env.items() if v}


async def check(env: dict[str, str], *, http: bool = False, demo: bool = False) -> list[Finding]:
    console = Console(io.StringIO(), io.StringIO(), env, None)
    findings = await run_checks(console, http=http, demo=demo, clock=clock)
    shown = "\n".join(f.text for f in findings)
    for name in SECRET_VARIABLES:
        if env.get(name):
            assert env[name] not in shown
    return findings


async def test_a_slack_that_never_answers_is_named_within_the_timeout(
    slack: FakeSlackApi, mindo_url: str
) -> None:
    async with silent_server() as hanging:
        env = environment(slack, mindo_url, SLACK_API_URL=hanging)
        console = Console(io.StringIO(), io.StringIO(), env, None)
        # Without the timeout given to the session, aiohttp's own 5 minutes would apply.
        findings = await asyncio.wait_for(
            run_checks(console, http=False, demo=False, clock=clock, slack_timeout=0.2), 10
        )
    [slack_finding] = [f for f in findings if "Slack" in f.text]
    assert not slack_finding.ok
    assert slack_finding.text.startswith(f"Could not reach Slack at {hanging} (")


async def test_a_working_socket_mode_setup_passes_every_check(
    slack: FakeSlackApi, mindo_url: str
) -> None:
    findings = await check(environment(slack, mindo_url))
    assert all(f.ok for f in findings), findings
    assert [f.text for f in findings] == [
        "Slack: signed in as @bulksends in Fake Workspace.",
        "Socket Mode: the app-level token can open connections.",
        "Mindo: the API key works for Aurora Market S.A. (time zone America/Argentina/Buenos_Aires).",
        "Database: the SQLite file 'bulksends.db', created at start.",
    ]
    assert slack.calls_to("apps.connections.open")[0].auth == "app"


async def test_http_mode_checks_the_signing_secret_is_set(
    slack: FakeSlackApi, mindo_url: str
) -> None:
    findings = await check(environment(slack, mindo_url, SLACK_APP_TOKEN=""), http=True)
    assert all(f.ok for f in findings)
    assert any("SLACK_SIGNING_SECRET is set" in f.text for f in findings)
    assert slack.calls_to("apps.connections.open") == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            {"SLACK_BOT_TOKEN": "xoxb-revoked-long-ago"},
            "Slack rejected SLACK_BOT_TOKEN (invalid_auth)",
        ),
        (
            {"SLACK_APP_TOKEN": "xapp-1-revoked-long-ago"},
            "Slack rejected SLACK_APP_TOKEN (invalid_auth)",
        ),
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_APP_TOKEN": ""}, "SLACK_APP_TOKEN is not set"),
        (
            {"SLACK_API_URL": "http://127.0.0.1:9/api/"},
            "Could not reach Slack at http://127.0.0.1:9/api/",
        ),
        ({"MINDO_API_KEY": "mindo_wrong_key_0000000000"}, "Mindo: Mindo rejected the API key"),
        ({"MINDO_API_KEY": ""}, "MINDO_API_KEY is not set"),
        ({"MINDO_PAGE_SIZE": "lots"}, "MINDO_PAGE_SIZE must be a whole number"),
    ],
)
async def test_each_problem_is_named_in_plain_words(
    slack: FakeSlackApi, mindo_url: str, changes: dict[str, str], words: str
) -> None:
    findings = await check(environment(slack, mindo_url, **changes))
    failed = [f.text for f in findings if not f.ok]
    assert len(failed) == 1 and failed[0].startswith(words), findings  # the rest still checked


@pytest.mark.parametrize(
    ("bot", "app", "expected"),
    [
        (
            "xapp-1-A111-2222-abcdefabcdef",
            "xoxb-1111-2222-abcdefabcdef",
            [
                "SLACK_BOT_TOKEN and SLACK_APP_TOKEN look swapped: SLACK_BOT_TOKEN holds an "
                "app-level token (xapp-) and SLACK_APP_TOKEN a bot token (xoxb-). Exchange "
                "their values."
            ],
        ),
        (
            "xoxp-1111-2222-abcdefabcdef",
            "xoxp-3333-4444-abcdefabcdef",
            [
                "SLACK_BOT_TOKEN holds a user token (xoxp-), but it must hold the bot token "
                "(xoxb-): OAuth & Permissions → Bot User OAuth Token.",
                "SLACK_APP_TOKEN holds a user token (xoxp-), but it must hold an app-level "
                "token (xapp-): Basic Information → App-Level Tokens.",
            ],
        ),
    ],
    ids=["swapped", "user-tokens"],
)
async def test_tokens_in_the_wrong_settings_are_named_once_by_kind_never_shown(
    slack: FakeSlackApi, mindo_url: str, bot: str, app: str, expected: list[str]
) -> None:
    findings = await check(environment(slack, mindo_url, SLACK_BOT_TOKEN=bot, SLACK_APP_TOKEN=app))
    failed = [f.text for f in findings if not f.ok]
    assert failed == expected  # and not also "SLACK_APP_TOKEN is not set"
    assert not any(part in "\n".join(failed) for part in ("1111", "3333", "abcdef"))


async def test_missing_scopes_are_named(slack: FakeSlackApi, mindo_url: str) -> None:
    slack.scopes = ("commands", "chat:write", "channels:history")
    findings = await check(environment(slack, mindo_url))
    (problem,) = [f for f in findings if not f.ok]
    assert "chat:write.public, groups:history, users:read:" in problem.text
    assert "reinstall" in problem.text


async def test_demo_is_fine_without_a_mindo_key_only_when_asked_for(
    slack: FakeSlackApi, mindo_url: str
) -> None:
    env = environment(slack, mindo_url, MINDO_API_KEY="")
    assert Finding(True, "Mindo: no MINDO_API_KEY, so answers use demo data (--demo).") in (
        await check(env, demo=True)
    )
    without = [f.text for f in await check(env) if not f.ok]
    assert without == [
        "MINDO_API_KEY is not set: set it to your Mindo API key, or start with --demo to try "
        "the app on demo data."
    ]


async def test_every_setting_run_would_refuse_is_listed_at_once(
    slack: FakeSlackApi, mindo_url: str
) -> None:
    env = environment(
        slack,
        mindo_url,
        SLACK_APP_TOKEN="",
        MINDO_PAGE_SIZE="lots",
        DIGEST_CHANNEL="general",
        DIGEST_TZ="Mars/Base",
        BULKSENDS_LOG_LEVEL="chatty",
        BULKSENDS_DB="missing-folder/bulksends.db",
    )
    failed = [f.text.split(" ")[0] for f in await check(env) if not f.ok]
    assert failed == [
        "SLACK_APP_TOKEN",
        "MINDO_PAGE_SIZE",
        "DIGEST_CHANNEL",
        "DIGEST_TZ",
        "BULKSENDS_LOG_LEVEL",
        "Database:",
    ]
    out = io.StringIO()
    code = await asyncio.to_thread(main, ["check"], out, io.StringIO(), env)
    assert code == ExitCode.BAD_INPUT
    assert out.getvalue().splitlines()[-1] == "6 problems to fix."


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("missing-folder", "does not exist: create it"),
        ("not-sqlite", "is not a SQLite database"),
        ("read-only", "may not read and write"),
    ],
)
async def test_a_sqlite_file_the_app_cannot_use_says_why(
    slack: FakeSlackApi, mindo_url: str, database: Path, setup: str, words: str
) -> None:
    target = database
    if setup == "missing-folder":
        target = database.parent / "nowhere" / "x.db"
    elif setup == "not-sqlite":
        database.write_text("these are somebody's notes, not a database")
    else:
        database.write_bytes(b"")
        database.chmod(0o400)
        if os.access(database, os.W_OK):  # root may write anyway
            pytest.skip("this user may write to read-only files")
    findings = await check(environment(slack, mindo_url, BULKSENDS_DB=str(target)))
    (problem,) = [f.text for f in findings if not f.ok]
    assert problem.startswith("Database: ") and words in problem, problem


async def test_what_is_wrong_with_the_database_is_said_in_the_consoles_language(
    slack: FakeSlackApi, mindo_url: str, database: Path
) -> None:
    missing = database.parent / "nowhere" / "x.db"
    env = environment(slack, mindo_url, BULKSENDS_DB=str(missing))
    console = Console(io.StringIO(), io.StringIO(), env, "es")
    findings = await run_checks(console, http=False, demo=False, clock=clock)
    (problem,) = [f.text for f in findings if not f.ok]
    assert problem == (
        f"Base de datos: La carpeta {str(missing.parent)!r} de BULKSENDS_DB no existe: créala, "
        "o apunta BULKSENDS_DB a un archivo en una carpeta que exista."
    )
    url = "postgresql://bulksends:hunter2@127.0.0.1:1/bulksends"
    env = environment(slack, mindo_url, DATABASE_URL=url)
    console = Console(io.StringIO(), io.StringIO(), env, "pt")
    findings = await run_checks(console, http=False, demo=False, clock=clock)
    (problem,) = [f.text for f in findings if not f.ok]
    assert problem == (
        "Banco de dados: Não é possível conectar ao banco de dados em "
        "postgresql://bulksends@127.0.0.1:1/bulksends: nada responde nesse endereço "
        "(o PostgreSQL está rodando lá?)."
    )
    fine = environment(slack, mindo_url)
    findings = await run_checks(
        Console(io.StringIO(), io.StringIO(), fine, "es"), http=False, demo=False, clock=clock
    )
    assert (
        Finding(True, "Base de datos: el archivo SQLite 'bulksends.db', se crea al iniciar.")
        in findings
    )


async def test_an_unreachable_postgres_says_why_without_debug_or_password(
    slack: FakeSlackApi, mindo_url: str
) -> None:
    url = "postgresql://bulksends:hunter2@127.0.0.1:1/bulksends"
    findings = await check(environment(slack, mindo_url, DATABASE_URL=url))
    (problem,) = [f.text for f in findings if not f.ok]
    assert problem == (
        "Database: Cannot connect to the database at postgresql://bulksends@127.0.0.1:1/"
        "bulksends: nothing answers at that address (is PostgreSQL running there?)."
    )


async def test_a_database_already_in_use_is_read_not_changed(
    slack: FakeSlackApi, mindo_url: str, database: Path
) -> None:
    store = await open_store(str(database))
    await store.close()
    before = database.stat().st_mtime_ns
    findings = await check(environment(slack, mindo_url))
    assert Finding(True, "Database: the SQLite file 'bulksends.db'.") in findings
    assert database.stat().st_mtime_ns == before


def distributed(slack: FakeSlackApi, **changes: str) -> dict[str, str]:
    env = {
        "BULKSENDS_DB": "bulksends.db",
        "SLACK_CLIENT_ID": slack.client_id,
        "SLACK_CLIENT_SECRET": slack.client_secret,
        "BULKSENDS_SECRET_KEY": SECRET_KEY,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        **changes,
    }
    return {k: v for k, v in env.items() if v}


async def test_a_distributed_app_checks_its_client_credentials_and_stored_secrets(
    slack: FakeSlackApi, database: Path
) -> None:
    findings = await check(distributed(slack), http=True)
    assert [f.text for f in findings] == [
        "Slack: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are the app's; workspaces install it "
        "at https://YOUR-HOST/slack/install.",
        "SLACK_SIGNING_SECRET is set (Slack proves each request with it; the first /bulksends "
        "will tell if it is the right one).",
        "Database: the SQLite file 'bulksends.db', created at start.",
        "Workspaces: 0 installed, 0 connected to Mindo.",
    ]
    assert all(f.ok for f in findings)
    wrong = await check(distributed(slack, SLACK_CLIENT_SECRET="not-the-secret"), http=True)
    assert [f.text for f in wrong if not f.ok] == [
        "Slack does not know SLACK_CLIENT_ID and SLACK_CLIENT_SECRET together "
        "(invalid_client_id): copy both again from Basic Information → App Credentials."
    ]


async def test_a_changed_secret_key_is_caught_before_it_locks_everyone_out(
    slack: FakeSlackApi, database: Path
) -> None:
    earlier = new_secret_key()
    connections = await open_connection_store(str(database), SecretBox(Secret(earlier)))
    try:
        workspace = WorkspaceRef("TACME", "TACME")
        await connections.save(
            workspace, Secret("mindo_key_1234"), company="Acme", by="U1", now=NOW
        )
    finally:
        await connections.close()
    findings = await check(distributed(slack), http=True)
    (problem,) = [f.text for f in findings if not f.ok]
    assert problem.startswith("BULKSENDS_SECRET_KEY does not open the tokens and Mindo keys")
    rotating = await check(distributed(slack, BULKSENDS_SECRET_KEY_OLD=earlier), http=True)
    assert all(f.ok for f in rotating)
    assert rotating[-1].text == "Workspaces: 0 installed, 1 connected to Mindo."
    assert not any(earlier in f.text or SECRET_KEY in f.text for f in rotating)


def test_a_secret_is_masked_as_a_whole_value_never_inside_other_words(
    slack: FakeSlackApi,
) -> None:
    key = "mindo_live_key_0042"
    env = {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_APP_TOKEN": slack.app_token,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "MINDO_API_KEY": key,
        "MINDO_API_URL": f"ftp://{key}",  # pasted into the wrong variable too
        "BULKSENDS_DB": "bulksends.db",
    }
    out = io.StringIO()
    assert main(["check"], out, io.StringIO(), env) == ExitCode.BAD_INPUT
    shown = out.getvalue()
    assert key not in shown and "got 'ftp://********'" in shown
    assert (
        mask_secrets("it works, networks stay", [Secret("works")]) == "it ********, networks stay"
    )
    assert mask_secrets("keymindo_live_key_0042x", [Secret(key)]) == "keymindo_live_key_0042x"
