"""What every listener needs, in one object Bolt hands them as the ``services`` argument.

Listeners are plain functions; the app puts a ``SlackServices`` into each request's
context (see ``bot.slack.app``), so tests can call a listener with fakes directly.
Two extension points live here so later features plug in without editing listeners:
``subcommands`` (``/bulksends <word> …`` → handler; anything else is a question) and
``home_sections`` (extra blocks for the Home tab, e.g. the configured digests).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.locale.languages import Language
from bot.service.account import Account
from bot.service.questions import Clock
from bot.slack.fallback import BlockSupport
from bot.slack.users import UserDirectory, UserProfile

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Caller:
    """The person behind a request: where their dates are read, how to talk to them."""

    user_id: str
    timezone: str
    language: Language
    profile: UserProfile


@dataclass(frozen=True)
class CommandCall:
    """One ``/bulksends`` invocation, handed to the sub-command that serves it."""

    #: The words after the sub-command's own word.
    text: str
    #: Slack's slash-command payload (channel_id, user_id, trigger_id, response_url…).
    command: Mapping[str, Any]
    caller: Caller
    services: SlackServices
    #: Acknowledges; once it returns, the ack is on its way whatever happens next.
    ack: Callable[..., Awaitable[None]]
    respond: AsyncRespond
    client: AsyncWebClient

    @property
    def channel_id(self) -> str:
        return str(self.command.get("channel_id", ""))


Subcommand = Callable[[CommandCall], Awaitable[None]]

#: Blocks a feature adds to someone's Home tab (may do I/O; raising hides only its part).
HomeSection = Callable[[Caller], Awaitable[Sequence[Block]]]


class InFlight:
    """Listener runs under way, so that shutdown can let them finish their answers."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def begin(self) -> None:
        self.count += 1
        self._idle.clear()

    async def end(self) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def idle(self, timeout: float) -> bool:
        """Wait until nothing is under way; False if something still is after ``timeout``."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class SubcommandRouter:
    """First word of the command text → handler; anything else is a question (``None``)."""

    def __init__(self) -> None:
        self._handlers: dict[str, Subcommand] = {}

    def add(self, handler: Subcommand, *words: str) -> None:
        """Serve ``/bulksends <word> …`` with ``handler``; give each language's word."""
        for word in words:
            key = word.lower()
            if not key or " " in key:
                raise ValueError(f"a sub-command is one word, got {word!r}")
            if key in self._handlers:
                raise ValueError(f"sub-command {word!r} is already taken")
            self._handlers[key] = handler

    def route(self, text: str) -> tuple[Subcommand | None, str]:
        """The handler and the text it gets (without its own word); no handler: a question."""
        first, _, rest = text.strip().partition(" ")
        handler = self._handlers.get(first.lower())
        if handler is None:
            return None, text.strip()
        return handler, rest.strip()


@dataclass(frozen=True)
class SlackServices:
    account: Account
    users: UserDirectory
    subcommands: SubcommandRouter
    clock: Clock
    home_sections: list[HomeSection] = field(default_factory=list)
    in_flight: InFlight = field(default_factory=InFlight)
    #: The newer block kinds (tables, charts) each workspace refused: sent plain there.
    block_support: BlockSupport = field(default_factory=BlockSupport)
    #: How long a first command may wait for the company's zone before using UTC.
    zone_wait: float = 0.5
    #: How long a question waits for the caller's profile before acknowledging without it.
    ack_wait: float = 0.03

    @property
    def demo(self) -> bool:
        return self.account.demo

    async def caller(self, user_id: str) -> Caller:
        """Who is asking; never fails (unknown zone → company zone → UTC)."""
        profile = await self.users.profile(user_id)
        zone = await self.account.timezone(profile.tz, wait=self.zone_wait)
        return Caller(user_id=user_id, timezone=zone, language=profile.language, profile=profile)

    async def caller_soon(self, lookup: asyncio.Future[Caller]) -> Caller | None:
        """``lookup``'s caller if it is known within ``ack_wait``; None leaves it running."""
        try:
            return await asyncio.wait_for(asyncio.shield(lookup), self.ack_wait)
        except TimeoutError:
            return None
