"""What Bolt hands a listener, as fakes that remember what they were given.

Listeners are plain async functions (``bot.slack.listeners``, ``DigestCommands``); tests
call them with these instead of a signed request through the HTTP app, and look at what
was acknowledged, answered on the response_url, or sent through the Web API. The people
directory and the services come from ``listener_services``: a real ``Account`` (built by
the composition root) over the demo Mindo API in-process.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import httpx
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.app import open_account
from bot.demo.api import FakeMindoApi
from bot.demo.data import build_demo_dataset
from bot.domain.workspaces import SINGLE_WORKSPACE
from bot.service.accounts import OneAccount
from bot.settings import MindoSettings, Secret
from bot.slack.services import AppServices, SlackServices, SubcommandRouter
from bot.slack.users import UNKNOWN_USER, UserDirectory, UserProfile
from bot.slack.users import People as Directories
from tests.factories import no_wait
from tests.fakes.slack_api import (
    MAX_RESPONSE_URL_POSTS,
    MAX_VIEW_BLOCKS,
    block_problems,
    message_problems,
)

#: Private channels of the fake workspace that the app has not been invited to.
NOT_INVITED = frozenset({"GPRIVATE"})
#: Looks like a real key on purpose, so a leak would be easy to spot.
MINDO_KEY = "mindo_test_key_for_the_fake_only"


class Acks:
    """Bolt's ``ack``: remembers each acknowledgement's keyword arguments."""

    def __init__(self, then: Callable[[], None] | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        #: Runs right after an ack (to let a held profile through only once acked).
        self.then = then

    async def __call__(self, text: str | None = None, **kwargs: Any) -> None:
        self.calls.append(kwargs if text is None else {"text": text, **kwargs})
        if self.then is not None:
            self.then()

    @property
    def only(self) -> dict[str, Any]:
        """The one acknowledgement (a listener acks exactly once)."""
        assert len(self.calls) == 1, self.calls
        return self.calls[0]


@dataclass(frozen=True)
class Answered:
    """What a response_url answers: 200 and "ok", or Slack's refusal."""

    status_code: int
    body: str


class Responses:
    """Bolt's ``respond``: the messages posted to one response_url, in order. What Slack
    would refuse is noted in ``problems`` (and refused, as Slack would)."""

    response_url = "https://hooks.slack.test/commands/T0FAKE/1/response"

    def __init__(self, *, refuse: tuple[int, str] | None = None) -> None:
        self.messages: list[dict[str, Any]] = []
        self.problems: list[str] = []
        #: (status, body) to answer the next post with instead of 200: Slack refusing it.
        self.refuse = refuse

    async def __call__(self, **message: Any) -> Answered:
        if self.refuse is not None:
            status, body = self.refuse
            self.refuse = None
            return Answered(status, body)
        problems = message_problems(message)
        problems += [
            f"{flag} must be a JSON boolean"
            for flag in ("replace_original", "delete_original")
            if flag in message and not isinstance(message[flag], bool)
        ]
        if message.get("response_type", "ephemeral") not in ("ephemeral", "in_channel"):
            problems.append(f"response_type {message.get('response_type')!r}")
        if len(self.messages) >= MAX_RESPONSE_URL_POSTS:
            problems.append(f"response_url used more than {MAX_RESPONSE_URL_POSTS} times")
        if problems:
            self.problems += problems
            return Answered(400, "invalid_blocks")
        self.messages.append(message)
        return Answered(200, "ok")

    @property
    def only(self) -> dict[str, Any]:
        assert len(self.messages) == 1, self.messages
        return self.messages[0]


def slack_api_error(method: str, code: str, messages: tuple[str, ...] = ()) -> SlackApiError:
    """What slack_sdk raises when Slack answers ``{"ok": false, "error": code}`` (with its
    detail ``messages`` in ``response_metadata``, if any)."""
    data: dict[str, Any] = {"ok": False, "error": code}
    if messages:
        data["response_metadata"] = {"messages": list(messages)}
    response = AsyncSlackResponse(
        client=cast(AsyncWebClient, None),
        http_verb="POST",
        api_url=f"https://slack.test/api/{method}",
        req_args={},
        data=data,
        headers={},
        status_code=200,
    )
    return SlackApiError(f"The request to the Slack API failed. ({method})", response)  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]


class WebClient:
    """The Web API methods listeners call, recorded; ``refuse[method]`` makes it fail with
    that error code. Messages and views Slack would refuse are noted in ``problems``."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.refuse: dict[str, str] = {}
        #: Block kinds this workspace refuses in messages (``invalid_blocks``, naming one).
        self.refused_kinds: set[str] = set()
        self.problems: list[str] = []

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [call.args for call in self.calls if call.method == method]

    async def _call(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        args = _plain(args)
        self.calls.append(Call(method, args))
        if method in self.refuse:
            raise slack_api_error(method, self.refuse[method])
        view = args.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        blocks = args.get("blocks") or (view or {}).get("blocks") or []
        for index, block in enumerate(blocks if isinstance(blocks, list) else []):
            if block.get("type") in self.refused_kinds:
                pointer = f"[ERROR] unsupported type [json-pointer:/blocks/{index}/type]"
                raise slack_api_error(method, "invalid_blocks", (pointer,))
        if method == "chat.postMessage":
            problems = message_problems(args)
        else:
            view = args["view"]
            view = json.loads(view) if isinstance(view, str) else view
            problems = block_problems(view.get("blocks"), MAX_VIEW_BLOCKS, budget=None)
        if problems:
            self.problems += [f"{method}: {problem}" for problem in problems]
            raise slack_api_error(method, "invalid_blocks")
        return {"ok": True, "view": {"id": "V1", "hash": "h1"}, "ts": "1.000100"}

    async def chat_postMessage(self, **args: Any) -> dict[str, Any]:
        return await self._call("chat.postMessage", args)

    async def conversations_history(self, **args: Any) -> dict[str, Any]:
        """Nothing posted; the fake workspace's private channel the app is not in
        (tests/slack/conftest.py's PRIVATE) does not exist for it, as Slack says."""
        self.calls.append(Call("conversations.history", dict(args)))
        if "conversations.history" in self.refuse:
            raise slack_api_error("conversations.history", self.refuse["conversations.history"])
        if args.get("channel") in NOT_INVITED:
            raise slack_api_error("conversations.history", "channel_not_found")
        return {"ok": True, "messages": []}

    async def chat_getPermalink(self, **args: Any) -> dict[str, Any]:
        self.calls.append(Call("chat.getPermalink", dict(args)))
        channel, ts = args["channel"], str(args["message_ts"]).replace(".", "")
        return {"ok": True, "permalink": f"https://fake.slack.test/archives/{channel}/p{ts}"}

    async def views_publish(self, **args: Any) -> dict[str, Any]:
        return await self._call("views.publish", args)

    async def views_open(self, **args: Any) -> dict[str, Any]:
        return await self._call("views.open", args)

    async def views_update(self, **args: Any) -> dict[str, Any]:
        return await self._call("views.update", args)

    def as_client(self) -> AsyncWebClient:
        return cast(AsyncWebClient, self)


def _plain(args: dict[str, Any]) -> dict[str, Any]:
    """Views and blocks as Slack would receive them (JSON-ready dicts)."""
    return {k: v.to_dict() if hasattr(v, "to_dict") else v for k, v in args.items()}


@dataclass
class People:
    """The people directory: profiles by user id, everyone else unknown.

    With ``held``, lookups wait until ``release()``: a profile that arrives only after the
    ack, without waiting on any clock.
    """

    profiles: dict[str, UserProfile] = field(default_factory=dict)
    held: bool = False
    asked: list[str] = field(default_factory=list)
    _released: asyncio.Event = field(default_factory=asyncio.Event)

    async def profile(self, user_id: str) -> UserProfile:
        self.asked.append(user_id)
        if self.held:
            await self._released.wait()
        return self.profiles.get(user_id, UNKNOWN_USER)

    def release(self) -> None:
        self._released.set()


def context(team_id: str | None = None) -> AsyncBoltContext:
    """A request's context as Bolt makes it, with the payload's team id (listeners note
    the user's language there)."""
    made = AsyncBoltContext()
    if team_id:
        made["team_id"] = team_id
    return made


@asynccontextmanager
async def listener_services(
    clock: Callable[[], datetime],
    people: People,
    *,
    mindo: FakeMindoApi | None = None,
    key: str = MINDO_KEY,
    demo: bool = False,
    **options: Any,
) -> AsyncIterator[SlackServices]:
    """What the app hands every listener: the account (the composition root's, talking to
    ``mindo`` in-process; the embedded demo with ``demo``), the people, the sub-commands."""
    settings = MindoSettings(
        api_url="https://mindo.test",
        api_key=None if demo else Secret(key),
        max_concurrency=8,
        page_size=100,
    )
    transport = None
    if not demo:
        mindo = mindo or FakeMindoApi(build_demo_dataset(clock()), api_key=MINDO_KEY)
        transport = httpx.MockTransport(mindo.handle)
    async with open_account(settings, clock, transport=transport, sleep=no_wait) as account:
        users = cast(UserDirectory, people)

        async def no_client(workspace_id: str) -> None:
            return None

        # An answer is announced only when slow: never here unless a test asks for it
        # (``placeholder_wait=0``), whatever the machine's load.
        options.setdefault("placeholder_wait", 60.0)
        # The company's zone and language are read from the demo or a fake on loopback:
        # a busy machine must not turn them into UTC and English.
        options.setdefault("zone_wait", 30.0)
        shared = AppServices(
            accounts=OneAccount(account),
            people=Directories(single=users),
            subcommands=SubcommandRouter(),
            clock=clock,
            bot_client=no_client,
            **options,
        )
        yield SlackServices(shared, SINGLE_WORKSPACE, users, account)
