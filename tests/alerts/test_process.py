"""A real ``bulksends run --http`` process with ALERTS_CHANNEL, between the fake Slack and a
fake Mindo account whose sends change while it runs: an alert is posted, updated in place
as its counts settle, muted from its button (the thread says who), and what happens while
muted is recorded and never posted. The log shows no token or key."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bot.demo.api import serve
from bot.domain.sends import Status
from tests.alerts.fakes import KEY, mindo_api, send
from tests.app_process import until_listening
from tests.cli.test_processes import ROOT, environment
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import FORM, SlackRequest, action_payload
from tests.slack.conftest import ENGLISH, MEMBER
from tests.slack.harness import SIGNING_SECRET, buttons


def now() -> datetime:
    return datetime.now(UTC)


def posted(slack: FakeSlackApi, words: str) -> list[dict[str, Any]]:
    return [
        c.args
        for c in slack.calls_to("chat.postMessage")
        if c.args.get("channel") == MEMBER and words in str(c.args.get("text"))
    ]


def as_message(args: dict[str, Any]) -> dict[str, Any]:
    blocks = args.get("blocks")
    return {**args, "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks}


def click(action_id: str, value: str, *, ts: str, response_url: str) -> SlackRequest:
    payload = action_payload(
        action_id, value, user=ENGLISH, channel=MEMBER, response_url=response_url, ephemeral=False
    )
    payload["message"] = {"ts": ts, "type": "message"}
    payload["container"]["message_ts"] = ts
    return SlackRequest(urlencode({"payload": json.dumps(payload)}).encode(), FORM)


def state_of(db: Path, subject: str) -> str | None:
    with sqlite3.connect(db, timeout=5) as conn:
        row = conn.execute("SELECT state FROM alert_posts WHERE subject = ?", (subject,)).fetchone()
    return None if row is None else str(row[0])


async def eventually(ready: Any, timeout: float = 20.0) -> None:
    """For what another process does on its own time (a poll a second)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready():
        assert loop.time() < deadline, "it never happened"
        await asyncio.sleep(0.05)


async def test_alerts_end_to_end_in_a_real_process(slack: FakeSlackApi, tmp_path: Path) -> None:
    api = mindo_api(now())
    db = tmp_path / "bulksends.db"
    async with serve(api) as mindo_url:
        env = environment(
            SLACK_BOT_TOKEN=slack.bot_token,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            MINDO_API_URL=mindo_url,
            MINDO_API_KEY=KEY,
            BULKSENDS_DB=str(db),
            BULKSENDS_LOG_LEVEL="INFO",
            ALERTS_CHANNEL=MEMBER,
            BULKSENDS_ALERT_POLL_S="1",
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", "0"),
            env=env,
            cwd=ROOT,
            stderr=asyncio.subprocess.PIPE,
        )
        assert process.stderr is not None
        try:
            lines = await until_listening(process)
            url = lines[-1]["url"]

            # A send ends partly failed while the app watches: one alert.
            partial = send(
                1,
                now() - timedelta(minutes=2),
                status=Status.PARTIAL,
                failed=300,
                completed_at=now(),
            )
            api.put(partial)
            await slack.wait_for(lambda: bool(posted(slack, "partly failed")), timeout=20)
            [alert] = posted(slack, "partly failed")
            assert alert["text"] == (
                "⚠️ welcome_message partly failed: 300 of 1,172 recipients not reached (25.6%)"
            )

            # Its counts settle: the same message, updated in place.
            api.put(replace(partial, failed_count=320, sent_count=852))
            await slack.wait_for(
                lambda: any("320 of 1,172" in str(c.args) for c in slack.calls_to("chat.update")),
                timeout=20,
            )
            [update] = slack.calls_to("chat.update")
            assert update.args["channel"] == MEMBER and update.args["ts"].endswith(".000100")
            ts = update.args["ts"]

            # Someone mutes the channel's alerts from the button.
            [value] = buttons(as_message(alert))["alert_mute_alerts"]
            response_url = slack.response_url()
            async with aiohttp.ClientSession() as session:
                request = click("alert_mute_alerts", value, ts=ts, response_url=response_url)
                async with session.post(
                    f"{url}/slack/events",
                    data=request.body,
                    headers=request.headers(SIGNING_SECRET),
                ) as ack:
                    assert ack.status == 200
            said = await slack.wait_for_response(response_url)
            assert said["text"].startswith("🔕 Alerts in <#CMEMBER> are muted until")
            await slack.wait_for(
                lambda: any(
                    c.args.get("thread_ts") == ts for c in slack.calls_to("chat.postMessage")
                )
            )

            # What fails while muted is recorded as muted, never posted.
            failed = send(
                2,
                now() - timedelta(minutes=1),
                status=Status.FAILED,
                failed=40,
                recipients=40,
                completed_at=now(),
            )
            api.put(failed)
            await eventually(lambda: state_of(db, failed.id) == "muted")
            assert posted(slack, "❌") == []
        finally:
            process.send_signal(signal.SIGTERM)
            _, rest = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    lines += [json.loads(line) for line in rest.decode().splitlines()]
    messages = [line["message"] for line in lines]
    assert messages[-1] == "stopped"
    assert "alerts poll" in messages and "alerts from ALERTS_CHANNEL saved" in messages
    everything = json.dumps(lines)
    assert slack.bot_token not in everything and KEY not in everything
    assert SIGNING_SECRET not in everything
