"""What every listener needs, in one object Bolt hands them as the ``services`` argument.

Listeners are plain functions; the app puts a ``SlackServices`` into each request's
context (see ``bot.slack.app``), so tests can call a listener with fakes directly. It is
the request's workspace's own: its Mindo account, its people. Features get the shared
``AppServices`` and plug into three extension points without editing listeners:
``subcommands`` (``/bulksends <word> …`` → handler; anything else is a question),
``home_sections`` (extra blocks for the Home tab, e.g. the configured digests) and
``cleanups`` (what to forget when a workspace uninstalls the app).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.workspaces import SINGLE_WORKSPACE, WorkspaceRef
from bot.locale.choice import reply_language
from bot.locale.languages import Language
from bot.locale.normalize import fold
from bot.service.account import FALLBACK_TIMEZONE, Account
from bot.service.accounts import AccountDirectory, NotConnectedError
from bot.service.questions import Clock
from bot.slack.fallback import BlockSupport
from bot.slack.users import People, UserDirectory, UserProfile
from bot.store.shares import MemoryShares, ShareLedger

logger = logging.getLogger(__name__)

#: Where each request's context carries its ``SlackServices`` (listeners ask for
#: ``services``) and its workspace (``WorkspaceRef``, set even before it is connected).
SERVICES_KEY = "services"
WORKSPACE_KEY = "workspace"
#: When the request arrived (``time.perf_counter()``), for the ``ms`` of its log line.
STARTED_KEY = "bulksends_started"


@dataclass(frozen=True)
class Caller:
    """The person behind a request: where their dates are read, how to talk to them."""

    user_id: str
    timezone: str
    #: The language of what is said to them unprompted (Home, forms, notices): the rule's
    #: (``reply_language``) without words to read: their locale, else the company's.
    language: Language
    profile: UserProfile
    #: The workspace they ask from (what a Home section shows is that workspace's).
    workspace: WorkspaceRef = SINGLE_WORKSPACE
    #: The company's language, read only when their locale names none of ours.
    company_language: Language | None = None

    @property
    def user_language(self) -> Language | None:
        """Their own locale's language; None when it names none of ours (or is unknown),
        so that the words they type decide before the company's language."""
        return self.profile.language


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
    """The first words of the command text → handler; anything else is a question (``None``).

    A sub-command's words may be a phrase ("daily digest", "resumen diario"); the longest
    that opens the text wins, read without case or accents ("resumo diario").
    """

    def __init__(self) -> None:
        self._handlers: dict[tuple[str, ...], Subcommand] = {}
        self._longest = 1

    def add(self, handler: Subcommand, *words: str) -> None:
        """Serve ``/bulksends <words> …`` with ``handler``; give each language's words."""
        for word in words:
            key = tuple(fold(part) for part in word.split())
            if not key:
                raise ValueError(f"a sub-command needs a word, got {word!r}")
            if key in self._handlers:
                raise ValueError(f"sub-command {word!r} is already taken")
            self._handlers[key] = handler
            self._longest = max(self._longest, len(key))

    def route(self, text: str) -> tuple[Subcommand | None, str]:
        """The handler and the text it gets (without its own words); no handler: a question."""
        text = text.strip()
        words = list(_WORD.finditer(text))
        for n in range(min(self._longest, len(words)), 0, -1):
            handler = self._handlers.get(tuple(fold(found.group()) for found in words[:n]))
            if handler is not None:
                return handler, text[words[n - 1].end() :].strip()
        return None, text


_WORD = re.compile(r"\S+")


#: What a feature does when a workspace leaves (uninstalled, or its tokens revoked):
#: forget everything it keeps for that workspace.
Cleanup = Callable[[WorkspaceRef], Awaitable[None]]
#: The bot's Web API client for a workspace (its own token); None when not installed.
BotClients = Callable[[str], Awaitable[AsyncWebClient | None]]


@dataclass
class AppServices:
    """What every workspace shares, and what features plug into for the app's lifetime.

    Requests never see this directly: each gets the ``SlackServices`` of its own workspace
    (``for_request``), so that nothing one workspace asks can use another's account,
    people or settings.
    """

    accounts: AccountDirectory
    people: People
    subcommands: SubcommandRouter
    clock: Clock
    #: The bot client of a workspace by id (distribution: from its installation).
    bot_client: BotClients
    #: True when installed with "Add to Slack" in many workspaces, each with its own key.
    distributed: bool = False
    home_sections: list[HomeSection] = field(default_factory=list)
    #: Run, in order, when a workspace leaves: features register theirs.
    cleanups: list[Cleanup] = field(default_factory=list)
    in_flight: InFlight = field(default_factory=InFlight)
    #: The newer block kinds (tables, charts) each workspace refused: sent plain there.
    block_support: BlockSupport = field(default_factory=BlockSupport)
    #: Answers shared in channels, each once (the database's, from ``share_feature``).
    shares: ShareLedger = field(default_factory=MemoryShares)
    #: How long a first command may wait for the company's zone before using UTC (and
    #: for its language, when the caller's locale names none of ours, before English).
    zone_wait: float = 0.5
    #: How long a question waits for the caller's profile before acknowledging without it.
    ack_wait: float = 0.03
    #: How long an answer may take before the asker is told it is on its way ("⏳ Looking
    #: up…"); a quicker one arrives alone (Slack cannot take a placeholder back).
    placeholder_wait: float = 2.0

    async def for_request(self, workspace: WorkspaceRef, client: AsyncWebClient) -> SlackServices:
        """The services of one request from ``workspace``, whose token ``client`` carries."""
        account = await self.accounts.account(workspace)
        users = self.people.directory(workspace, client)
        return SlackServices(self, workspace, users, account)

    async def leave(self, workspace: WorkspaceRef) -> None:
        """Forget ``workspace`` everywhere: every feature's clean-up, then its account,
        people and the blocks its Slack refused. A clean-up that fails is logged and the others still run."""
        for cleanup in self.cleanups:
            try:
                await cleanup(workspace)
            except Exception:
                logger.exception(
                    "clean-up %s failed for a workspace that left",
                    getattr(cleanup, "__qualname__", cleanup),
                )
        self.accounts.forget(workspace.id)
        self.people.forget(workspace.id)
        self.block_support.forget(workspace)


@dataclass(frozen=True)
class SlackServices:
    """One request's services: its workspace, that workspace's account and people, and
    what the app shares. Listeners ask ``services.account`` without knowing whether the
    app serves one workspace or many."""

    shared: AppServices
    workspace: WorkspaceRef
    users: UserDirectory
    #: The workspace's Mindo account; None until an admin connects a key.
    mindo: Account | None

    @property
    def account(self) -> Account:
        """The workspace's account; NotConnectedError when none is connected yet."""
        if self.mindo is None:
            raise NotConnectedError(self.workspace.id)
        return self.mindo

    @property
    def connected(self) -> bool:
        return self.mindo is not None

    @property
    def demo(self) -> bool:
        return self.mindo is not None and self.mindo.demo

    @property
    def subcommands(self) -> SubcommandRouter:
        return self.shared.subcommands

    @property
    def home_sections(self) -> list[HomeSection]:
        return self.shared.home_sections

    @property
    def clock(self) -> Clock:
        return self.shared.clock

    @property
    def in_flight(self) -> InFlight:
        return self.shared.in_flight

    @property
    def block_support(self) -> BlockSupport:
        return self.shared.block_support

    @property
    def zone_wait(self) -> float:
        return self.shared.zone_wait

    @property
    def ack_wait(self) -> float:
        return self.shared.ack_wait

    @property
    def placeholder_wait(self) -> float:
        return self.shared.placeholder_wait

    async def caller(self, user_id: str) -> Caller:
        """Who is asking; never fails (unknown zone → company zone → UTC)."""
        profile = await self.users.profile(user_id)
        company: Language | None = None
        if self.mindo is None:
            zone = profile.tz or FALLBACK_TIMEZONE
        elif profile.language is not None:
            zone = await self.mindo.timezone(profile.tz, wait=self.zone_wait)
        else:  # the company's language decides what is not decided by words
            zone, company = await asyncio.gather(
                self.mindo.timezone(profile.tz, wait=self.zone_wait),
                self.mindo.company_language(wait=self.zone_wait),
            )
        return Caller(
            user_id=user_id,
            timezone=zone,
            language=reply_language(user=profile.language, company=company),
            profile=profile,
            workspace=self.workspace,
            company_language=company,
        )

    async def caller_soon(self, lookup: asyncio.Future[Caller]) -> Caller | None:
        """``lookup``'s caller if it is known within ``ack_wait``; None leaves it running."""
        try:
            return await asyncio.wait_for(asyncio.shield(lookup), self.ack_wait)
        except TimeoutError:
            return None
