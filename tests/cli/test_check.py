"""``bulksends check`` against the fakes: each problem in plain words, secrets never shown."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest

from bot.cli.common import Console
from bot.cli.slack import Finding, run_checks
from bot.demo.api import FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from tests.factories import WEDNESDAY_LUNCHTIME
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import MINDO_KEY, SIGNING_SECRET, clock


@pytest.fixture
async def mindo_url() -> AsyncIterator[str]:
    async with serve(
        FakeMindoApi(build_demo_dataset(WEDNESDAY_LUNCHTIME), api_key=MINDO_KEY)
    ) as url:
        yield url


def environment(slack: FakeSlackApi, mindo_url: str, **changes: str) -> dict[str, str]:
    env = {
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
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "MINDO_API_KEY"):
        if env.get(name):
            assert env[name] not in shown
    return findings


async def test_a_working_socket_mode_setup_passes_every_check(
    slack: FakeSlackApi, mindo_url: str
) -> None:
    findings = await check(environment(slack, mindo_url))
    assert all(f.ok for f in findings), findings
    assert [f.text for f in findings] == [
        "Slack: signed in as @bulksends in Fake Workspace.",
        "Socket Mode: the app-level token can open connections.",
        "Mindo: the API key works for Aurora Market S.A. (time zone America/Argentina/Buenos_Aires).",
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
    assert (await check(env, demo=True))[-1] == Finding(
        True, "Mindo: no MINDO_API_KEY, so answers use demo data (--demo)."
    )
