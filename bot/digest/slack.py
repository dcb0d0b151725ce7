"""The digest inside the Slack app: `/bulksends digest …`, its form, the Home tab's list,
and the runner posting in the background.

The Slack app opens it around the time it serves requests::

    async with digest_feature(app, services, client):
        ...  # serve until stopped

It plugs into the app's extension points (the ``digest`` sub-command, a Home section, a
clean-up when a workspace leaves) and a view listener for the form, so no listener of the
app is edited. What it shares with the alerts (who may change it, which channel, the
defaults, the form, one set of commands per workspace) is ``bot.channel.commands``'s.
Anyone may list digests and ask for a preview. Failures after the ack go to the app's
error handler.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.channel.claims import Clock, in_background
from bot.channel.commands import (
    ZONE_WAIT,
    ChannelCommands,
    ChannelFeature,
    Replies,
    start_defaults,
)
from bot.channel.workspaces import workspace_parts
from bot.digest.editor import EditorInput, read_editor
from bot.digest.every_workspace import DigestPasses, WorkspaceDigests
from bot.digest.manage import Change, apply_change, env_digest
from bot.digest.poster import DigestPoster, SlackDigestPoster
from bot.digest.runner import DigestRunner, RunPolicy, read_now
from bot.domain.workspaces import SINGLE_WORKSPACE
from bot.locale.languages import Language
from bot.locale.words import subcommand_words
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
from bot.query.digest import (
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
from bot.store.digests import DigestStore, open_store

logger = logging.getLogger(__name__)

#: The sub-command's words in every language ("digest", "resumen diario", "resumo diário"…).
WORDS = subcommand_words("digest")


class DigestCommands(ChannelCommands):
    """One workspace's digest handlers; plain methods that tests call with fakes."""

    what = "digest"
    replies = Replies(
        not_allowed=build_not_allowed_message,
        not_a_channel=build_not_a_channel_message,
        channel_by_name=build_channel_by_name_message,
        not_saved=build_not_saved_message,
    )

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
        super().__init__(
            admins=admins,
            clock=clock,
            company_timezone=company_timezone,
            company_language=company_language,
        )
        self.store = store
        self.source = source
        self.demo = demo

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
        off = isinstance(command, SetEnabled) and not command.enabled
        channel = await self.changing(call, command.target, language, posting=not off)
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
            default_language=await self.default_language(existing, change.language),
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
        channel = await self.channel(call, command.target, language)
        if channel is None:
            return
        channel_id, _ = channel
        digest = await self.store.get_digest(channel_id)
        timezone = digest.schedule.timezone if digest else await self.default_timezone(call.caller)
        speaks = digest.language if digest else await self.default_language(None, None)
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
        """The form: the digest's own settings, else the defaults (``open_form``)."""
        channel = await self.changing(call, command.target, command.language)
        if channel is None:
            return
        channel_id = channel[0]
        digest = await self.store.get_digest(channel_id)

        def build(zone: str, speaks: Language) -> View:
            return build_editor_view(
                digest,
                channel_id=channel_id,
                language=command.language,
                timezone=zone,
                speaks=speaks,
            )

        await self.open_form(call, digest, build)

    async def submit_editor(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        services: SlackServices,
    ) -> None:
        """The form's Save (``submit_form``)."""
        await self.submit_form(ack, body, client, services, read_editor(view), self._save_form)

    async def _save_form(self, caller: Caller, read: EditorInput) -> SlackMessage:
        existing = await self.store.get_digest(read.channel_id)
        digest = apply_change(
            existing,
            read.change,
            channel_id=read.channel_id,
            channel_name=existing.channel_name if existing else "",
            user_id=caller.user_id,
            default_language=await self.default_language(existing, read.change.language),
            default_timezone=caller.timezone,
            now=self.clock(),
        )
        await self.store.save_digest(digest)
        return build_saved_message(
            digest, self.clock(), language=read.language, new=existing is None
        )

    async def home_section(self, caller: Caller) -> Sequence[Block]:
        return await home_blocks(self.store, self.clock(), caller.language)


async def home_blocks(store: DigestStore, now: datetime, language: Language) -> Sequence[Block]:
    """The Home tab's list of one workspace's digests (``store``: its view)."""
    return build_home_blocks(await store.list_digests(), await store.last_runs(), now, language)


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
    existing = await store.get_digest(wanted.channel_id)
    zone, language = await start_defaults(
        company_timezone, company_language, new=existing is None, zone=wanted.timezone
    )
    digest = env_digest(
        wanted, existing, default_timezone=zone, now=clock(), default_language=language
    )
    if digest is not None:
        await store.save_digest(digest)
        logger.info(
            "digest from DIGEST_CHANNEL saved", extra={"fields": {"channel": digest.channel_id}}
        )


class DigestFeature(ChannelFeature[DigestStore, DigestCommands]):
    """The digest of whichever workspace asks (``ChannelFeature``)."""

    what = "digests"

    def make(self, store: DigestStore, account: Account) -> DigestCommands:
        return DigestCommands(
            store,
            account.digest,
            admins=self.admins,
            clock=self.clock,
            demo=account.demo,
            company_timezone=account.company_timezone,
            company_language=partial(account.company_language, wait=ZONE_WAIT),
        )

    async def home_section(self, caller: Caller) -> Sequence[Block]:
        store = self.store.for_team(caller.workspace.id)
        return await home_blocks(store, self.clock(), caller.language)


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
        feature.plug_in(app, services, words=WORDS, form=CALLBACK_ID)
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
