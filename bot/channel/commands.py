"""What every channel feature's commands share (the digest's, the alerts'): who may change
them, which channel a command means, a new setup's defaults (the company's zone and
language), opening the form at once and saving it, and one set of commands per workspace.

Anyone may list; changes need a workspace admin or owner, or a user named in
BULKSENDS_ADMINS (``may_change``). A feature's own words come in its ``Replies``.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.channel.claims import Clock
from bot.channel.form import FormInput
from bot.domain.channel_setup import ChannelSetup
from bot.domain.workspaces import WorkspaceRef
from bot.locale.choice import reply_language
from bot.locale.languages import Language
from bot.message.notices import build_invite_first
from bot.message.slack import SlackMessage
from bot.mindo.errors import MindoError
from bot.query.channel_words import ChannelRef
from bot.service.account import Account
from bot.slack.replies import ephemeral, send_response
from bot.slack.services import AppServices, Caller, CommandCall, SlackServices
from bot.slack.web_api import hidden_from_app, slack_error_code
from bot.store.backends import StoreError
from bot.store.values import StoreValueError

logger = logging.getLogger(__name__)

Change = TypeVar("Change")

#: How long a command waits for the company's zone before using the caller's.
ZONE_WAIT = 1.5
#: How long setting a feature up from the environment waits for the company's zone.
START_WAIT = 10.0
#: What Slack calls a conversation that is not a channel with a name.
_NOT_CHANNEL_NAMES = {"privategroup", "directmessage", "mpdm"}


def may_change(user_id: str, *, is_admin: bool, admins: frozenset[str]) -> bool:
    """Workspace admins and owners, and the users BULKSENDS_ADMINS names."""
    return is_admin or user_id in admins


@dataclass(frozen=True)
class Replies:
    """A feature's own words for what every channel feature answers alike."""

    not_allowed: Callable[[frozenset[str], Language], SlackMessage]
    not_a_channel: Callable[[Language], SlackMessage]
    channel_by_name: Callable[[str, Language], SlackMessage]
    not_saved: Callable[[str, Language], SlackMessage]


class ChannelCommands:
    """One workspace's commands of one feature; plain methods that tests call with fakes."""

    #: What the logs call the feature ("digest", "alerts").
    what: ClassVar[str]
    replies: ClassVar[Replies]

    def __init__(
        self,
        *,
        admins: frozenset[str],
        clock: Clock,
        company_timezone: Callable[[], Awaitable[str | None]],
        company_language: Callable[[], Awaitable[Language]] | None = None,
    ) -> None:
        self.admins = admins
        self.clock = clock
        self._company_timezone = company_timezone
        self._company_language = company_language
        #: The company's zone once read: the form opens with it without waiting.
        self._known_company_zone: str | None = None
        #: The company's language once read (``Account.company_language``, which never
        #: fails; with no way to read it, the rule's last resort): a new setup's default,
        #: shown at once when the form opens.
        self._known_company_language = None if company_language else reply_language()

    def allowed(self, caller: Caller) -> bool:
        profile = caller.profile
        return may_change(
            caller.user_id, is_admin=profile.is_admin or profile.is_owner, admins=self.admins
        )

    async def refuse(self, call: CommandCall, language: Language) -> bool:
        """Tell a caller who may not change the feature who may (True); else False."""
        if self.allowed(call.caller):
            return False
        await call.ack(**ephemeral(self.replies.not_allowed(self.admins, language)))
        return True

    async def changing(
        self,
        call: CommandCall,
        target: ChannelRef | None,
        language: Language,
        *,
        posting: bool = False,
    ) -> tuple[str, str] | None:
        """The (id, name) of the channel a change or the form is for, once the caller is
        known to be allowed and the command acknowledged; None after telling why not.

        With ``posting`` (a command that sets the feature up there), a private channel the
        app has not been invited to is refused at once, saying to invite it: saved, it
        would only fail at its first post. Turning a feature off needs no such check; the
        form, which may pick another channel, opens as before."""
        if await self.refuse(call, language):
            return None
        await call.ack()
        channel = await self.channel(call, target, language)
        if channel is not None and posting and await hidden_from_app(call.client, channel[0]):
            await send_response(call.respond, build_invite_first(channel[0], language))
            return None
        return channel

    async def channel(
        self, call: CommandCall, target: ChannelRef | None, language: Language
    ) -> tuple[str, str] | None:
        """The (id, name) the command means; None after telling the user why not."""
        if target is None:
            if not call.channel_id.startswith(("C", "G")):  # a direct message
                await send_response(call.respond, self.replies.not_a_channel(language))
                return None
            name = str(call.command.get("channel_name") or "")
            return call.channel_id, "" if name in _NOT_CHANNEL_NAMES else name
        if target.id is not None:
            return target.id, target.name or ""
        # The command is escaped (manifest: should_escape), so a channel Slack knows
        # arrives as <#C…|name>; a bare #name is one it did not recognise.
        assert target.name is not None
        await send_response(call.respond, self.replies.channel_by_name(target.name, language))
        return None

    async def default_timezone(self, caller: Caller) -> str:
        """The company's zone (business-info), else the caller's."""
        with suppress(MindoError, TimeoutError):
            zone = await asyncio.wait_for(self._company_timezone(), ZONE_WAIT)
            if zone:
                self._known_company_zone = zone
                return zone
        return caller.timezone

    async def default_language(
        self, existing: ChannelSetup | None, named: Language | None
    ) -> Language:
        """A new setup's language when none is named: the company's (the one rule with no
        person and no words: ``reply_language``). Only read when it can matter: a setup
        keeps its language whoever changes the rest."""
        company = None
        if existing is None and named is None and self._company_language is not None:
            company = self._known_company_language = await self._company_language()
        return reply_language(company=company)

    async def open_form(
        self,
        call: CommandCall,
        existing: ChannelSetup | None,
        build: Callable[[str, Language], View],
    ) -> None:
        """The form, ``build(zone, language)``. Slack's trigger_id lasts 3 s, so it opens
        with what is known at once (the company's zone and language read before, else the
        caller's zone and the rule's last resort) and is updated once the company's are
        read, if they differ. An existing setup's form shows its own."""
        zone = self._known_company_zone or call.caller.timezone
        speaks = self._known_company_language or reply_language()
        opened = await call.client.views_open(
            trigger_id=call.command["trigger_id"], view=build(zone, speaks)
        )
        if existing is not None or (
            self._known_company_zone is not None and self._known_company_language is not None
        ):
            return
        company = await self.default_timezone(call.caller)
        company_speaks = await self.default_language(None, None)
        if (company, company_speaks) == (zone, speaks):
            return
        shown = opened.get("view") or {}
        try:
            await call.client.views_update(
                view_id=shown.get("id"), hash=shown.get("hash"), view=build(company, company_speaks)
            )
        except SlackApiError as error:  # closed or saved meanwhile: nothing left to update
            logger.info("%s form not updated: %s", self.what, slack_error_code(error))

    async def submit_form(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        services: SlackServices,
        read: FormInput[Change] | dict[str, str],
        save: Callable[[Caller, FormInput[Change]], Awaitable[SlackMessage]],
    ) -> None:
        """The form's Save: check, close, ``save``, and say how it went in a direct message
        (``save``'s message, or why it was not saved).

        Slack wants the answer within 3 s and the database may be slow (another replica
        writing, a distant PostgreSQL), so the form closes as soon as the input is known
        good and its author allowed; the outcome, saved or not, arrives as a message.
        """
        if isinstance(read, dict):
            await ack(response_action="errors", errors=read)
            return
        caller = await services.caller(body["user"]["id"])
        if not self.allowed(caller):
            refusal = self.replies.not_allowed(self.admins, read.language)
            await ack(response_action="errors", errors={"channel": refusal.text[:150]})
            return
        await ack()
        try:
            outcome = await save(caller, read)
        except (StoreError, StoreValueError) as error:
            logger.warning("%s form not saved: %s", self.what, error)
            outcome = self.replies.not_saved(read.channel_id, read.language)
        try:
            await client.chat_postMessage(channel=caller.user_id, **outcome.to_dict())
        except SlackApiError as error:
            logger.warning("could not confirm the %s form: %s", self.what, slack_error_code(error))


async def start_defaults(
    company_timezone: Callable[[], Awaitable[str | None]],
    company_language: Callable[[], Awaitable[Language]] | None,
    *,
    new: bool,
    zone: str | None = None,
) -> tuple[str, Language]:
    """What a feature the environment sets up at start gets when nothing says otherwise:
    ``zone`` (the environment's), else the company's, else UTC (Mindo slow or failing);
    and, when it is ``new``, the company's language (an existing one keeps its own)."""
    if zone is None:
        with suppress(MindoError, TimeoutError):
            zone = await asyncio.wait_for(company_timezone(), START_WAIT)
    company = await company_language() if new and company_language is not None else None
    return zone or "UTC", reply_language(company=company)


class TeamStore(Protocol):
    def for_team(self, team: str) -> Self: ...

    async def delete_team(self) -> int: ...


class Commands(Protocol):
    async def handle(self, call: CommandCall) -> None: ...

    async def submit_editor(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        services: SlackServices,
    ) -> None: ...


Store = TypeVar("Store", bound=TeamStore)
C = TypeVar("C", bound=Commands)


class ChannelFeature(ABC, Generic[Store, C]):
    """A feature in whichever workspace asks: its own store rows, its own account.

    A workspace's commands are made on first use and again when its account is a new
    one (a new key); what they remember (the company's zone and language) is that
    account's. The ``max_kept`` workspaces used last are kept.
    """

    #: What the logs call what a workspace that leaves loses ("digests", "alerts").
    what: ClassVar[str]

    def __init__(
        self, store: Store, *, admins: frozenset[str], clock: Clock, max_kept: int = 1000
    ) -> None:
        self.store = store
        self.admins = admins
        self.clock = clock
        self._max_kept = max_kept
        self._kept: OrderedDict[str, tuple[Account, C]] = OrderedDict()

    @abstractmethod
    def make(self, store: Store, account: Account) -> C:
        """The commands of a workspace with this store view and account."""

    @abstractmethod
    async def home_section(self, caller: Caller) -> Sequence[Block]:
        """The Home tab's section for the caller's workspace."""

    def commands(self, services: SlackServices) -> C:
        account, workspace = services.account, services.workspace.id
        kept = self._kept.get(workspace)
        if kept is None or kept[0] is not account:
            kept = (account, self.make(self.store.for_team(workspace), account))
            self._kept[workspace] = kept
        self._kept.move_to_end(workspace)
        while len(self._kept) > self._max_kept:
            self._kept.popitem(last=False)
        return kept[1]

    async def handle(self, call: CommandCall) -> None:
        await self.commands(call.services).handle(call)

    async def submit_editor(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        services: SlackServices,
    ) -> None:
        await self.commands(services).submit_editor(ack, body, view, client, services)

    async def forget(self, workspace: WorkspaceRef) -> None:
        """The workspace left: what it set up goes."""
        self._kept.pop(workspace.id, None)
        deleted = await self.store.for_team(workspace.id).delete_team()
        logger.info(
            "%s of a workspace that left deleted",
            self.what,
            extra={"fields": {"workspace": workspace.id, "deleted": deleted}},
        )

    def plug_in(
        self, app: AsyncApp, services: AppServices, *, words: Sequence[str], form: str
    ) -> None:
        """Into the app's extension points (its sub-command ``words``, a Home section, a
        clean-up when a workspace leaves) and a view listener for the form (``form``: its
        callback id), so that no listener of the app is edited."""
        services.subcommands.add(self.handle, *words)
        services.home_sections.append(self.home_section)
        services.cleanups.append(self.forget)
        app.view(form)(self.submit_editor)
