"""The digest inside the Slack app: `/bulksends digest …`, its form, the Home tab's list,
and the runner posting in the background.

The Slack app opens it around the time it serves requests::

    async with digest_feature(app, services, client):
        ...  # serve until stopped

It plugs into the app's two extension points (the ``digest`` sub-command and a Home
section) and a view listener for the form, so no listener of the app is edited. Anyone
may list digests and ask for a preview; changes need a workspace admin or owner, or a
user named in BULKSENDS_ADMINS. Failures after the ack go to the app's error handler.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.channel.claims import Clock, in_background
from bot.channel.workspaces import workspace_parts
from bot.digest.editor import read_editor
from bot.digest.every_workspace import DigestPasses, WorkspaceDigests
from bot.digest.manage import Change, apply_change, env_digest, may_change
from bot.digest.poster import DigestPoster, SlackDigestPoster
from bot.digest.runner import DigestRunner, RunPolicy, read_now
from bot.domain.digests import Digest
from bot.domain.workspaces import SINGLE_WORKSPACE, WorkspaceRef
from bot.locale.choice import reply_language
from bot.locale.languages import Language
from bot.message.digest import build_digest_message
from bot.message.digest_form import CALLBACK_ID, build_editor_view
from bot.message.digest_replies import (
    build_channel_by_name_message,
    build_command_error_message,
    build_help_message,
    build_home_blocks,
    build_list_message,
    build_none_there_message,
    build_not_a_channel_message,
    build_not_allowed_message,
    build_not_saved_message,
    build_preview_message,
    build_saved_message,
    preview_working_text,
    report_day,
)
from bot.message.newer import Refused
from bot.message.slack import SlackMessage
from bot.mindo.errors import MindoError
from bot.query.digest import (
    ChannelRef,
    DigestCommandError,
    DigestHelp,
    ListDigests,
    OpenEditor,
    Preview,
    SetDigest,
    SetEnabled,
    parse_digest_command,
)
from bot.service.account import Account
from bot.service.digest import DigestSource
from bot.settings import EnvDigest
from bot.slack.fallback import post_with_fallback
from bot.slack.replies import ephemeral, send_response
from bot.slack.services import AppServices, Caller, CommandCall, SlackServices
from bot.slack.web_api import slack_error_code
from bot.store.backends import StoreError
from bot.store.digests import DigestStore, open_store
from bot.store.values import StoreValueError

logger = logging.getLogger(__name__)

#: The sub-command's word (the same in every language).
WORD = "digest"
#: How long a command waits for the company's zone before using the caller's.
ZONE_WAIT = 1.5
_NOT_CHANNEL_NAMES = {"privategroup", "directmessage", "mpdm"}


class DigestCommands:
    """The handlers; plain methods that tests call with fakes."""

    def __init__(
        self,
        store: DigestStore,
        source: DigestSource,
        *,
        admins: frozenset[str],
        clock: Clock,
        demo: bool,
        company_timezone: Callable[[], Awaitable[str | None]],
        company_language: Callable[[], Awaitable[Language]] | None = None,
    ) -> None:
        self.store = store
        self.source = source
        self.admins = admins
        self.clock = clock
        self.demo = demo
        self._company_timezone = company_timezone
        self._company_language = company_language
        #: The company's zone once read: the editor opens with it without waiting.
        self._known_company_zone: str | None = None
        #: The company's language once read (``Account.company_language``, which never
        #: fails; with no way to read it, the rule's last resort): a new digest's default,
        #: shown at once when the form opens.
        self._known_company_language = None if company_language else reply_language()

    async def handle(self, call: CommandCall) -> None:
        """``/bulksends digest …``."""
        try:
            command = parse_digest_command(
                call.text,
                user_language=call.caller.user_language,
                company_language=call.caller.company_language,
            )
        except DigestCommandError as error:
            await call.ack(**ephemeral(build_command_error_message(error)))
            return
        if isinstance(command, DigestHelp):
            await call.ack(**ephemeral(build_help_message(command.language)))
        elif isinstance(command, ListDigests):
            await call.ack(**ephemeral(await self._list(command.language)))
        elif isinstance(command, Preview):
            await self._preview(call, command)
        elif isinstance(command, OpenEditor):
            await self._open_editor(call, command)
        else:
            await self._change(call, command)

    async def _list(self, language: Language) -> SlackMessage:
        digests = await self.store.list_digests()
        return build_list_message(digests, await self.store.last_runs(), self.clock(), language)

    async def _change(self, call: CommandCall, command: SetDigest | SetEnabled) -> None:
        language = command.language
        if not self._allowed(call.caller):
            await call.ack(**ephemeral(build_not_allowed_message(self.admins, language)))
            return
        await call.ack()
        channel = await self._channel(call, command.target, language)
        if channel is None:
            return
        channel_id, channel_name = channel
        existing = await self.store.get_digest(channel_id)
        if existing is None and isinstance(command, SetEnabled) and not command.enabled:
            await send_response(call.respond, build_none_there_message(channel_id, language))
            return
        change = Change.of(command)
        digest = apply_change(
            existing,
            change,
            channel_id=channel_id,
            channel_name=channel_name,
            user_id=call.caller.user_id,
            default_language=await self.default_language(existing, change),
            default_timezone=await self.default_timezone(call.caller),
            now=self.clock(),
        )
        await self.store.save_digest(digest)
        logger.info(
            "digest saved",
            extra={"fields": {"user": call.caller.user_id, "channel": channel_id}},
        )
        saved = build_saved_message(digest, self.clock(), language=language, new=existing is None)
        await send_response(call.respond, saved)

    async def _preview(self, call: CommandCall, command: Preview) -> None:
        """Build now and show only to the asker: a preview never posts in the channel."""
        language = command.language
        await call.ack(text=preview_working_text(language), response_type="ephemeral")
        channel = await self._channel(call, command.target, language)
        if channel is None:
            return
        channel_id, _ = channel
        digest = await self.store.get_digest(channel_id)
        timezone = digest.schedule.timezone if digest else await self.default_timezone(call.caller)
        speaks = digest.language if digest else await self.default_language(None, Change())
        now = self.clock()
        data = await read_now(
            self.source, timezone=timezone, report_date=report_day(now, timezone), now=now
        )

        def build(refused: Refused) -> SlackMessage:
            message = build_digest_message(data, language=speaks, demo=self.demo, refused=refused)
            return build_preview_message(message, channel_id, language)

        await post_with_fallback(
            build,
            partial(send_response, call.respond),
            support=call.services.block_support,
            workspace=call.services.workspace,
        )

    async def _open_editor(self, call: CommandCall, command: OpenEditor) -> None:
        """The form. Slack's trigger_id lasts 3 s, so it opens with what is known at once
        (a digest's own zone, else the company zone read before, else the caller's) and is
        updated once the company's zone is read, if that differs."""
        language = command.language
        if not self._allowed(call.caller):
            await call.ack(**ephemeral(build_not_allowed_message(self.admins, language)))
            return
        await call.ack()
        channel = await self._channel(call, command.target, language)
        if channel is None:
            return
        channel_id = channel[0]
        digest = await self.store.get_digest(channel_id)
        zone = self._known_company_zone or call.caller.timezone
        speaks = self._known_company_language or reply_language()
        view = build_editor_view(
            digest, channel_id=channel_id, language=language, timezone=zone, speaks=speaks
        )
        opened = await call.client.views_open(trigger_id=call.command["trigger_id"], view=view)
        if digest is not None or (
            self._known_company_zone is not None and self._known_company_language is not None
        ):
            return  # the form shows the digest's own settings, or already the company's
        company = await self.default_timezone(call.caller)
        company_speaks = await self.default_language(None, Change())
        if (company, company_speaks) == (zone, speaks):
            return
        shown = opened.get("view") or {}
        later = build_editor_view(
            digest,
            channel_id=channel_id,
            language=language,
            timezone=company,
            speaks=company_speaks,
        )
        try:
            await call.client.views_update(
                view_id=shown.get("id"), hash=shown.get("hash"), view=later
            )
        except SlackApiError as error:  # closed or saved meanwhile: nothing left to update
            logger.info("digest form not updated: %s", slack_error_code(error))

    async def submit_editor(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        services: SlackServices,
    ) -> None:
        """The form's Save: check, close, save, and say how it went in a direct message.

        Slack wants the answer within 3 s and the database may be slow (another replica
        writing, a distant PostgreSQL), so the form closes as soon as the input is known
        good and its author allowed; the outcome, saved or not, arrives as a message.
        """
        read = read_editor(view)
        if isinstance(read, dict):
            await ack(response_action="errors", errors=read)
            return
        caller = await services.caller(body["user"]["id"])
        if not self._allowed(caller):
            refusal = build_not_allowed_message(self.admins, read.language)
            await ack(response_action="errors", errors={"channel": refusal.text[:150]})
            return
        await ack()
        try:
            existing = await self.store.get_digest(read.channel_id)
            digest = apply_change(
                existing,
                read.change,
                channel_id=read.channel_id,
                channel_name=existing.channel_name if existing else "",
                user_id=caller.user_id,
                default_language=await self.default_language(existing, read.change),
                default_timezone=caller.timezone,
                now=self.clock(),
            )
            await self.store.save_digest(digest)
        except (StoreError, StoreValueError) as error:
            logger.warning("digest form not saved: %s", error)
            outcome = build_not_saved_message(read.channel_id, read.language)
        else:
            outcome = build_saved_message(
                digest, self.clock(), language=read.language, new=existing is None
            )
        try:
            await client.chat_postMessage(channel=caller.user_id, **outcome.to_dict())
        except SlackApiError as error:
            logger.warning("could not confirm the digest form: %s", slack_error_code(error))

    async def home_section(self, caller: Caller) -> Sequence[Block]:
        """The Home tab's list of digests."""
        digests = await self.store.list_digests()
        last = await self.store.last_runs()
        return build_home_blocks(digests, last, self.clock(), caller.language)

    async def default_language(self, existing: Digest | None, change: Change) -> Language:
        """A new digest's language when none is named: the company's (the one rule with
        no person and no words: ``reply_language``). Only read when it can matter."""
        company = None
        if existing is None and change.language is None and self._company_language is not None:
            company = self._known_company_language = await self._company_language()
        return reply_language(company=company)

    async def default_timezone(self, caller: Caller) -> str:
        """The company's zone (business-info), else the caller's."""
        with suppress(MindoError, TimeoutError):
            zone = await asyncio.wait_for(self._company_timezone(), ZONE_WAIT)
            if zone:
                self._known_company_zone = zone
                return zone
        return caller.timezone

    def _allowed(self, caller: Caller) -> bool:
        profile = caller.profile
        return may_change(
            caller.user_id, is_admin=profile.is_admin or profile.is_owner, admins=self.admins
        )

    async def _channel(
        self, call: CommandCall, target: ChannelRef | None, language: Language
    ) -> tuple[str, str] | None:
        """The (id, name) the command means; None after telling the user why not."""
        if target is None:
            if not call.channel_id.startswith(("C", "G")):  # a direct message
                await send_response(call.respond, build_not_a_channel_message(language))
                return None
            name = str(call.command.get("channel_name") or "")
            return call.channel_id, "" if name in _NOT_CHANNEL_NAMES else name
        if target.id is not None:
            return target.id, target.name or ""
        # The command is escaped (manifest: should_escape), so a channel Slack knows
        # arrives as <#C…|name>; a bare #name is one it did not recognise.
        assert target.name is not None
        await send_response(call.respond, build_channel_by_name_message(target.name, language))
        return None


async def save_env_digest(
    store: DigestStore,
    wanted: EnvDigest,
    *,
    company_timezone: Callable[[], Awaitable[str | None]],
    clock: Clock,
    company_language: Callable[[], Awaitable[Language]] | None = None,
) -> None:
    """DIGEST_CHANNEL / DIGEST_TIME / DIGEST_TZ: one digest set up at start, in the
    company's language (else English) when it is new."""
    zone = wanted.timezone
    if zone is None:
        with suppress(MindoError, TimeoutError):
            zone = await asyncio.wait_for(company_timezone(), 10.0)
    existing = await store.get_digest(wanted.channel_id)
    company: Language | None = None
    if existing is None and company_language is not None:
        company = await company_language()
    digest = env_digest(
        wanted,
        existing,
        default_timezone=zone or "UTC",
        now=clock(),
        default_language=reply_language(company=company),
    )
    if digest is not None:
        await store.save_digest(digest)
        logger.info(
            "digest from DIGEST_CHANNEL saved", extra={"fields": {"channel": digest.channel_id}}
        )


class DigestFeature:
    """The digest of whichever workspace asks: its own store rows, its own account.

    A workspace's ``DigestCommands`` is made on first use and again when its account is
    a new one (a new key); what it remembers (the company's zone) is that account's.
    """

    def __init__(
        self, store: DigestStore, *, admins: frozenset[str], clock: Clock, max_kept: int = 1000
    ) -> None:
        self.store = store
        self._admins = admins
        self._clock = clock
        self._max_kept = max_kept
        self._kept: OrderedDict[str, tuple[Account, DigestCommands]] = OrderedDict()

    def commands(self, services: SlackServices) -> DigestCommands:
        account, workspace = services.account, services.workspace.id
        kept = self._kept.get(workspace)
        if kept is None or kept[0] is not account:
            kept = (
                account,
                DigestCommands(
                    self.store.for_team(workspace),
                    account.digest,
                    admins=self._admins,
                    clock=self._clock,
                    demo=account.demo,
                    company_timezone=account.company_timezone,
                    company_language=partial(account.company_language, wait=ZONE_WAIT),
                ),
            )
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

    async def home_section(self, caller: Caller) -> Sequence[Block]:
        """The Home tab's list of the caller's workspace's digests."""
        store = self.store.for_team(caller.workspace.id)
        digests = await store.list_digests()
        last = await store.last_runs()
        return build_home_blocks(digests, last, self._clock(), caller.language)

    async def forget(self, workspace: WorkspaceRef) -> None:
        """The workspace left: its digests and their runs go."""
        self._kept.pop(workspace.id, None)
        deleted = await self.store.for_team(workspace.id).delete_team()
        logger.info(
            "digests of a workspace that left deleted",
            extra={"fields": {"workspace": workspace.id, "digests": deleted}},
        )


@asynccontextmanager
async def digest_feature(
    app: AsyncApp,
    services: AppServices,
    client: AsyncWebClient,
    *,
    store_target: str,
    admins: frozenset[str] = frozenset(),
    env_digest: EnvDigest | None = None,
    poster: DigestPoster | None = None,
    posters: Callable[[AsyncWebClient], DigestPoster] = SlackDigestPoster,
    policy: RunPolicy | None = None,
) -> AsyncIterator[DigestRunner | DigestPasses]:
    """Register the digest's listeners and run it in the background for the duration.

    A self-hosted app runs one workspace's digests with ``poster`` (default: Slack over the
    app's own token); a distributed one runs every workspace's, each posted by
    ``posters(that workspace's bot client)``. Raises StoreError when the database cannot
    be opened, before anything is registered.
    """
    store = await open_store(store_target)
    try:
        feature = DigestFeature(store, admins=admins, clock=services.clock)
        services.subcommands.add(feature.handle, WORD)
        services.home_sections.append(feature.home_section)
        services.cleanups.append(feature.forget)
        app.view(CALLBACK_ID)(feature.submit_editor)
        runner: DigestRunner | DigestPasses
        if services.distributed:
            runner = DigestPasses(
                store,
                partial(workspace_digests, services, posters),
                clock=services.clock,
                policy=policy,
                block_support=services.block_support,
            )
        else:
            account = await services.accounts.account(SINGLE_WORKSPACE)
            assert account is not None, "a self-hosted app always has its account"
            if env_digest is not None:
                await save_env_digest(
                    store,
                    env_digest,
                    company_timezone=account.company_timezone,
                    clock=services.clock,
                    company_language=partial(account.company_language, wait=10.0),
                )
            runner = DigestRunner(
                store,
                account.digest,
                poster or SlackDigestPoster(client),
                clock=services.clock,
                policy=policy,
                demo=account.demo,
                block_support=services.block_support,
            )
        async with in_background(runner.run_forever, name="digest runner"):
            yield runner
    finally:
        await store.close()


async def workspace_digests(
    services: AppServices,
    posters: Callable[[AsyncWebClient], DigestPoster],
    workspace_id: str,
) -> WorkspaceDigests | None:
    """What posting a workspace's digests takes: its account and its bot's client."""
    parts = await workspace_parts(services, workspace_id)
    if parts is None:
        return None
    account, client = parts
    return WorkspaceDigests(account.digest, posters(client), demo=account.demo)
