"""``bulksends run`` and ``bulksends check`` as a person starts them: real processes."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.cli.main import main
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import slash_command
from tests.slack.conftest import ENGLISH, MEMBER
from tests.slack.harness import SIGNING_SECRET, text_of

ROOT = Path(__file__).resolve().parents[2]


def environment(**settings: str) -> dict[str, str]:
    """This machine's environment without any real Slack or Mindo settings, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MINDO_", "DIGEST_"))}
    return {**env, **settings}


def set_environment(monkeypatch: pytest.MonkeyPatch, settings: dict[str, str]) -> None:
    """Only ``settings``, none of this machine's own Slack or Mindo variables."""
    for name in os.environ:
        if name.startswith(("SLACK_", "MINDO_", "DIGEST_")):
            monkeypatch.delenv(name)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("command", ["run", "check"])
def test_run_and_check_explain_themselves(command: str) -> None:
    out = io.StringIO()
    assert main(["--help"], out, io.StringIO(), {}) == 0
    assert command in out.getvalue()
    out = io.StringIO()
    assert main([command, "--help"], out, io.StringIO(), {}) == 0
    shown = out.getvalue()
    assert "--http" in shown and "--demo" in shown and "Slack" in shown


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
    args: list[str], settings: dict[str, str], variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_environment(monkeypatch, settings)
    out, err = io.StringIO(), io.StringIO()
    assert main(args, out, err) == 2
    assert err.getvalue().count("\n") == 1 and err.getvalue().startswith(variable), err.getvalue()


async def test_check_says_all_good_or_what_to_fix(
    slack: FakeSlackApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {"SLACK_APP_TOKEN": slack.app_token, "SLACK_API_URL": slack.api_url}

    async def check(bot_token: str) -> tuple[int, str]:
        set_environment(monkeypatch, {**settings, "SLACK_BOT_TOKEN": bot_token})
        out = io.StringIO()
        code = await asyncio.to_thread(main, ["check", "--demo"], out, io.StringIO())
        return code, out.getvalue()

    code, out = await check(slack.bot_token)
    assert code == 0, out
    assert out.splitlines()[-1] == "All good: start the app with `bulksends run --demo`."
    code, out = await check("xoxb-wrong-one")
    assert code == 2
    assert "✗ Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in out and "xoxb-wrong-one" not in out
    assert out.splitlines()[-1] == "1 problem to fix."


async def test_run_serves_http_until_sigterm_then_stops_cleanly(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    env = environment(
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        BULKSENDS_DB=str(tmp_path / "bulksends.db"),
        BULKSENDS_LOG_LEVEL="INFO",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--http",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--demo",
        env=env,
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    lines: list[dict[str, Any]] = []
    try:
        while not any(line["message"] == "listening" for line in lines):
            raw = await asyncio.wait_for(process.stderr.readline(), 30)
            assert raw, "the app stopped before listening"
            lines.append(json.loads(raw))
        url = next(line["url"] for line in lines if line["message"] == "listening")
        assert lines[-1]["mode"] == "http" and lines[-1]["demo"] is True
        response_url = slack.response_url()
        request = slash_command(
            "failed last week", user=ENGLISH, channel=MEMBER, response_url=response_url
        )
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{url}/healthz") as health:
                assert health.status == 200
            async with session.post(
                f"{url}/slack/events", data=request.body, headers=request.headers(SIGNING_SECRET)
            ) as ack:
                assert ack.status == 200
        assert "Demo data" in text_of(await slack.wait_for_response(response_url))
    finally:
        process.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    lines += [json.loads(line) for line in rest.decode().splitlines()]
    messages = [line["message"] for line in lines]
    assert messages[-1] == "stopped"
    assert "stopping: finishing answers under way" in messages
    assert any(line["message"] == "command answered" for line in lines)
    everything = json.dumps(lines)
    assert slack.bot_token not in everything and SIGNING_SECRET not in everything
