"""The real `bulksends run --http` process through a trickling Mindo, an HTML-erroring Slack,
absurd numbers and unsigned garbage; afterwards a healthy question is answered within 5 s.

The process is started as an operator would (``python -m bot run --http``) with short
deadlines from its environment, against a fake Slack (``tests/fakes/slack_api.py``) and
the fake Mindo (``bot/demo/api.py``) on loopback. Nothing inside it is patched: what is
asserted is what Slack, Mindo and the operator would see: HTTP statuses, the messages
people get, the health check and the log.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from bot.demo.api import FakeBehaviour, FakeMindoApi, Fault, serve
from bot.demo.data import build_demo_dataset
from bot.message import actions
from tests.fakes.bad_requests import BAD_HEADERS, GARBAGE, MALFORMED_PAYLOADS
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.slack_requests import (
    SlackRequest,
    block_action,
    home_opened,
    signed_headers,
    slash_command,
)

SIGNING_SECRET = "chaos0signing0secret0000000000000"
MINDO_KEY = "mindo_chaos_key_0123456789abcdef"
USERS = [f"UCHAOS{n}" for n in range(8)]
CHANNEL = "CMEMBER"
#: The deadlines the process runs with: short, so the test takes seconds, not minutes.
REQUEST_DEADLINE = 0.5
QUESTION_BUDGET = 1.5
#: What the issue asks of a healthy question after everything else.
HEALTHY_WITHIN = 5.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Bot:
    """The running process, seen from outside."""

    url: str
    slack: FakeSlackApi
    mindo: FakeMindoApi
    session: aiohttp.ClientSession
    log: Path
    statuses: list[int]

    async def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        async with self.session.post(f"{self.url}/slack/events", data=body, headers=headers) as r:
            self.statuses.append(r.status)
            return r.status, await r.text()

    async def send(self, request: SlackRequest, **extra: str) -> tuple[int, str]:
        return await self.post(request.body, {**request.headers(SIGNING_SECRET), **extra})

    async def ask(self, text: str, user: str = USERS[0]) -> str:
        """Sends a question; returns the response_url its answer will reach."""
        url = self.slack.response_url()
        status, _ = await self.send(
            slash_command(text, user=user, channel=CHANNEL, response_url=url)
        )
        assert status == 200
        return url

    async def click(self, action_id: str, value: str, user: str = USERS[0]) -> str:
        url = self.slack.response_url()
        request = block_action(action_id, value, user=user, channel=CHANNEL, response_url=url)
        assert (await self.send(request))[0] == 200
        return url

    async def health(self) -> tuple[int, dict[str, Any]]:
        async with self.session.get(f"{self.url}/healthz") as response:
            return response.status, await response.json()

    async def told(self, url: str, timeout: float) -> str:
        """The text of the first message posted to ``url``, within ``timeout`` seconds."""
        await self.slack.wait_for(lambda: bool(self.slack.posted_to(url)), timeout)
        return json.dumps(self.slack.posted_to(url)[0], ensure_ascii=False)


async def _wait_until_serving(bot: Bot, process: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        if process.returncode is not None:
            raise AssertionError(f"the bot exited: {bot.log.read_text()[-2000:]}")
        try:
            status, _ = await bot.health()
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.05)
            continue
        if status == 200:
            return
    raise AssertionError("the bot never served /healthz")


@asynccontextmanager
async def running_bot(tmp_path: Path) -> AsyncIterator[Bot]:
    slack = FakeSlackApi()
    for user in USERS:
        slack.add_user(user, locale="en-US", tz="America/Argentina/Buenos_Aires")
    slack.channels[CHANNEL] = "member"

    def now() -> datetime:
        return datetime.now(UTC)

    mindo = FakeMindoApi(
        build_demo_dataset(now()), api_key=MINDO_KEY, behaviour=FakeBehaviour(), clock=now
    )
    port = _free_port()
    log = tmp_path / "bot.log"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "MINDO_API_KEY": MINDO_KEY,
        "MINDO_REQUEST_DEADLINE": str(REQUEST_DEADLINE),
        "MINDO_QUESTION_BUDGET": str(QUESTION_BUDGET),
        "BULKSENDS_DB": str(tmp_path / "bulksends.db"),
        "BULKSENDS_LOG_LEVEL": "INFO",
    }
    async with (
        serve_slack(slack) as slack_api_url,
        serve(mindo) as mindo_url,
        aiohttp.ClientSession() as session,
    ):
        env |= {"SLACK_API_URL": slack_api_url, "MINDO_API_URL": mindo_url}
        with log.open("wb") as log_file:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "--http",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                env=env,
                stdout=log_file,
                stderr=log_file,
                cwd=Path(__file__).parent.parent,
            )
            bot = Bot(f"http://127.0.0.1:{port}", slack, mindo, session, log, [])
            try:
                await _wait_until_serving(bot, process)
                yield bot
            finally:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
                code = await asyncio.wait_for(process.wait(), 20)
        assert code == 0, log.read_text()[-3000:]
    assert slack.problems == [], slack.problems


def _negative(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "delivered_count": -1090}


def _enormous(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "total_recipients": 10**30, "sent_count": 10**30}


async def test_nothing_hangs_the_bot_and_a_healthy_question_is_answered_after(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path) as bot:
        # A first healthy answer, for its buttons.
        first = await bot.told(await bot.ask("last 30 days"), HEALTHY_WITHIN)
        share = json.loads(first)
        value = next(
            element["value"]
            for block in share["blocks"]
            for element in block.get("elements", [])
            if element.get("action_id") == actions.SHARE
        )

        # 1. A trickling Mindo: one byte every 0.2 s. Eight questions at once, one per
        # slot; each person is told plainly within the budget, and the health check sees it.
        bot.mindo.behaviour.trickle = 0.2
        urls = await asyncio.gather(*(bot.ask("failed last week", user=u) for u in USERS))
        told = await asyncio.gather(*(bot.told(url, QUESTION_BUDGET + 3) for url in urls))
        assert all("Mindo isn't answering right now" in text for text in told)
        status, health = await bot.health()
        assert status == 503 and health["mindo"]["ok"] is False
        bot.mindo.behaviour.trickle = 0.0

        # 2. Slack answering with an HTML page: Share, the Home tab, users.info.
        bot.slack.fail_with_html("chat.postMessage", content_type="application/json")
        shared = await bot.told(await bot.click(actions.SHARE, value), HEALTHY_WITHIN)
        assert "Slack didn't accept my answer" in shared
        bot.slack.fail_with_html("views.publish", content_type="application/json")
        assert (await bot.send(home_opened(USERS[1])))[0] == 200
        await bot.slack.wait_for(lambda: len(bot.slack.calls_to("views.publish")) == 2, 5)
        stranger = "UCHAOSNEW"
        bot.slack.add_user(stranger)
        bot.slack.fail_with_html("users.info", content_type="application/json")
        answered = await bot.told(await bot.ask("last 30 days", user=stranger), HEALTHY_WITHIN)
        assert "bulk sends" in answered.lower()

        # 3. Absurd numbers from Mindo are refused, not shown.
        for rewrite in (_negative, _enormous):
            bot.mindo.behaviour.faults.append(Fault(rewrite=rewrite))
            refused = await bot.told(await bot.ask("yesterday"), HEALTHY_WITHIN)
            assert "Mindo sent an answer I couldn't read" in refused
            assert "-1,090" not in refused

        # 4. Unsigned garbage (401), and signed garbage and malformed payloads (400).
        for _, body, content_type in GARBAGE:
            for _, headers in BAD_HEADERS:
                status, _ = await bot.post(body, {"Content-Type": content_type, **headers})
                assert status == 401
            status, _ = await bot.post(body, signed_headers(body, content_type, SIGNING_SECRET))
            assert status in (400, 413)
        for _, body, content_type in MALFORMED_PAYLOADS:
            status, _ = await bot.post(body, signed_headers(body, content_type, SIGNING_SECRET))
            assert status == 400

        # 5. Afterwards, a healthy question is answered within 5 s, and all is well again.
        started = time.perf_counter()
        healthy = await bot.told(await bot.ask("failed last week", user=USERS[2]), HEALTHY_WITHIN)
        took = time.perf_counter() - started
        assert "Failed" in healthy and took < HEALTHY_WITHIN
        assert (await bot.health())[0] == 200
        assert 500 not in bot.statuses

    log = bot.log.read_text()
    lines = log.splitlines()
    assert "Traceback" not in log and '"level": "error"' not in log
    for secret in (bot.slack.bot_token, SIGNING_SECRET, MINDO_KEY):
        assert secret not in log
    bad_inputs = len(GARBAGE) * (len(BAD_HEADERS) + 1) + len(MALFORMED_PAYLOADS)
    assert len(lines) < bad_inputs + 100  # one short line per refused request, and a few more
    assert max(len(line) for line in lines) < 2000
