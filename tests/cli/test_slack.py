"""``bulksends run`` and ``bulksends check``, in-process with an explicit environment (the
real process until SIGTERM: tests/cli/test_processes.py)."""

from __future__ import annotations

import asyncio

import pytest

from tests.cli.run import bulksends
from tests.fakes.slack_api import FakeSlackApi


@pytest.mark.parametrize("command", ["run", "check"])
def test_run_and_check_explain_themselves(command: str) -> None:
    assert command in bulksends("--help").out
    shown = bulksends(command, "--help")
    assert shown.code == 0
    assert "--http" in shown.out and "--demo" in shown.out and "Slack" in shown.out


@pytest.mark.parametrize(
    ("args", "settings", "variable"),
    [
        (["run"], {"SLACK_APP_TOKEN": "xapp-1-A-1-x"}, "SLACK_BOT_TOKEN"),
        (["run"], {"SLACK_BOT_TOKEN": "xoxb-1-x"}, "SLACK_APP_TOKEN"),
        (["run", "--http"], {"SLACK_BOT_TOKEN": "xoxb-1-x"}, "SLACK_SIGNING_SECRET"),
        (["run"], {"SLACK_BOT_TOKEN": "xoxb-1-x", "SLACK_APP_TOKEN": "xapp-1-x"}, "MINDO_API_KEY"),
    ],
)
def test_missing_settings_are_one_clear_line(
    args: list[str], settings: dict[str, str], variable: str
) -> None:
    ran = bulksends(*args, env=settings)
    assert ran.code == 2
    assert ran.err.count("\n") == 1 and ran.err.startswith(variable), ran.err


async def test_check_says_all_good_or_what_to_fix(slack: FakeSlackApi) -> None:
    settings = {"SLACK_APP_TOKEN": slack.app_token, "SLACK_API_URL": slack.api_url}

    async def check(bot_token: str) -> tuple[int, str]:
        env = {**settings, "SLACK_BOT_TOKEN": bot_token}
        # The command runs its own event loop, beside this test's (which serves Slack).
        ran = await asyncio.to_thread(bulksends, "check", "--demo", env=env)
        return ran.code, ran.out

    code, out = await check(slack.bot_token)
    assert code == 0, out
    assert out.splitlines()[-1] == "All good: start the app with `bulksends run --demo`."
    code, out = await check("xoxb-wrong-one")
    assert code == 2
    assert "✗ Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in out and "xoxb-wrong-one" not in out
    assert out.splitlines()[-1] == "1 problem to fix."
