"""The app in HTTP mode on a loopback port, between a fake Slack and a fake Mindo.

Requests reach it the way Slack sends them (signed, over HTTP); its Web API calls and
response_url posts reach the fake Slack through ``SLACK_API_URL``; its Mindo requests
reach ``bot.demo.api.serve``. Nothing is patched.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

import bot.app
from bot.app import Feature
from bot.demo.api import FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from bot.domain.workspaces import SINGLE_WORKSPACE
from bot.mindo.errors import MindoError
from bot.settings import AppSettings, Mode, load_app_settings
from bot.slack.http import EVENTS_PATH
from bot.slack.services import AppServices
from tests.factories import WEDNESDAY_LUNCHTIME, no_wait
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import SlackRequest, block_action, home_opened, slash_command
from tests.slack.conftest import ENGLISH, MEMBER

SIGNING_SECRET = "fake0signing0secret0for0tests000"
MINDO_KEY = "mindo_test_key_for_the_fake_only"


def clock() -> Any:
    return WEDNESDAY_LUNCHTIME


@dataclass(frozen=True)
class Reply:
    """What the app answered on the HTTP request itself (the ack), and where it answers later."""

    status: int
    ack: dict[str, Any] | None
    response_url: str


@dataclass
class Harness:
    slack: FakeSlackApi
    mindo: FakeMindoApi
    services: AppServices
    url: str
    session: aiohttp.ClientSession

    async def send(
        self, request: SlackRequest, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
    ) -> tuple[int, str]:
        headers = request.headers(secret, timestamp=timestamp)
        async with self.session.post(
            self.url + EVENTS_PATH, data=request.body, headers=headers
        ) as response:
            return response.status, await response.text()

    async def command(self, text: str, *, user: str = ENGLISH, channel: str = MEMBER) -> Reply:
        url = self.slack.response_url()
        status, body = await self.send(
            slash_command(text, user=user, channel=channel, response_url=url)
        )
        return Reply(status, _as_message(body), url)

    async def click(
        self, action_id: str, value: str, *, user: str = ENGLISH, channel: str = MEMBER
    ) -> Reply:
        url = self.slack.response_url()
        request = block_action(action_id, value, user=user, channel=channel, response_url=url)
        status, body = await self.send(request)
        return Reply(status, _as_message(body), url)

    async def open_home(self, user: str = ENGLISH, *, tab: str = "home") -> int:
        status, _ = await self.send(home_opened(user, tab=tab))
        return status

    async def answer(self, reply: Reply, count: int = 1) -> dict[str, Any]:
        """The ``count``-th message posted to the reply's response_url (waits for it)."""
        return await self.slack.wait_for_response(reply.response_url, count)


@asynccontextmanager
async def running_app(
    slack: FakeSlackApi,
    *,
    mindo_key: str = MINDO_KEY,
    demo: bool = False,
    mindo: FakeMindoApi | None = None,
    features: Sequence[Feature] = (),
) -> AsyncIterator[Harness]:
    """The app built by the composition root, in HTTP mode on a loopback port."""
    mindo = mindo or FakeMindoApi(build_demo_dataset(WEDNESDAY_LUNCHTIME), api_key=MINDO_KEY)
    async with serve(mindo) as mindo_url, aiohttp.ClientSession() as session:
        settings = app_settings(slack, mindo_url=mindo_url, mindo_key=mindo_key, demo=demo)
        async with bot.app.running_app(
            settings,
            clock=clock,
            host="127.0.0.1",
            port=0,
            features=features,
            mindo_sleep=no_wait,
            grace=1.0,
        ) as running:
            assert running.url is not None
            # The app signs in to Slack and reads the company's zone once at start; tests
            # count the calls and requests made after.
            with contextlib.suppress(MindoError):
                account = await running.services.accounts.account(SINGLE_WORKSPACE)
                assert account is not None
                await account.company_timezone()
            mindo.requests.clear()
            slack.calls.clear()
            yield Harness(slack, mindo, running.services, running.url, session)


def app_settings(
    slack: FakeSlackApi,
    *,
    mode: Mode = "http",
    mindo_url: str = "https://mindo.invalid",
    mindo_key: str = MINDO_KEY,
    demo: bool = False,
    **env: str,
) -> AppSettings:
    """Settings as ``bulksends run`` reads them (``--http`` for HTTP mode, ``--demo``),
    from an environment pointed at the fakes; ``env`` adds or replaces variables."""
    environment = {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_API_URL": slack.api_url,
        "MINDO_API_URL": mindo_url,
        "MINDO_API_KEY": mindo_key,
        "BULKSENDS_DB": ":memory:",
        **({"SLACK_SIGNING_SECRET": SIGNING_SECRET} if mode == "http" else {}),
        **({"SLACK_APP_TOKEN": slack.app_token} if mode == "socket" else {}),
        **env,
    }
    return load_app_settings(environment, http=mode == "http", demo=demo)


def _as_message(body: str) -> dict[str, Any] | None:
    """An ack as Slack reads it: JSON is a message, plain text is the message's text."""
    if not body:
        return None
    if body.startswith("{"):
        parsed: dict[str, Any] = json.loads(body)
        return parsed
    return {"text": body}


async def eventually(ready: Callable[[], bool], timeout: float = 5.0) -> None:
    """For what happens after the answer is posted (a log line, a closed connection)."""
    for _ in range(int(timeout / 0.01)):
        if ready():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("it never happened")


def buttons(message: dict[str, Any]) -> dict[str, list[str]]:
    """Every button in a message: action_id → values, in order."""
    found: dict[str, list[str]] = {}
    for block in message.get("blocks", []):
        elements = list(block.get("elements", []))
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for element in elements:
            if element.get("type") == "button":
                found.setdefault(element["action_id"], []).append(element["value"])
    return found


def text_of(message: dict[str, Any] | None) -> str:
    return json.dumps(message, ensure_ascii=False)
