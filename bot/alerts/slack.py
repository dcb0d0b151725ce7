"""Alerts inside the Slack app: `/bulksends alerts …`, its form, the mute buttons, the Home
tab's list, and the runner polling in the background.

The Slack app opens it around the time it serves requests::

    async with alerts_feature(app, services, client):
        ...  # serve until stopped

It plugs into the app's extension points (the ``alerts`` / ``alertas`` sub-command, a Home
section, a clean-up when a workspace leaves) and adds a view listener for the form and
two action listeners for the mute buttons, so no listener of the app is edited. What it
shares with the digest (who may change them, which channel, the defaults, the form, one
set of commands per workspace) is ``bot.channel.commands``'s. Anyone in the channel may
mute (the thread says who).
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
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.alerts.editor import AlertsEditorInput, read_alerts_editor
from bot.alerts.every_workspace import AlertPasses, WorkspaceAlerts
from bot.alerts.manage import AlertChange, apply_alert_change, env_alerts
from bot.alerts.poll import AlertPolicy
from bot.alerts.poster import AlertPoster, SlackAlertPoster
from bot.alerts.runner import AlertRunner
from bot.channel.claims import Clock, in_background
from bot.channel.commands import (
    ZONE_WAIT,
    ChannelCommands,
    ChannelFeature,
    Replies,
    start_defaults,
)
from bot.channel.workspaces import workspace_parts
from bot.domain.alerts import Mute
from bot.domain.workspaces import SINGLE_WORKSPACE
from bot.locale.choice import Written, reply_language
from bot.locale.languages import Language
from bot.locale.words import subcommand_words
from bot.message import actions
from bot.message.alert_replies import (
    build_alerts_channel_by_name_message,
    build_alerts_command_error_message,
    build_alerts_help_message,
    build_alerts_home_blocks,
    build_alerts_list_message,
    build_alerts_none_there_message,
    build_alerts_not_a_channel_message,
    build_alerts_not_allowed_message,
    build_alerts_not_saved_message,
    build_alerts_saved_message,
    build_mute_unknown_message,
    build_muted_message,
    build_muted_note,
)
from bot.message.alerts_form import CALLBACK_ID, build_alerts_editor_view
from bot.message.slack import SlackMessage
from bot.query.alert_mute import decode_mute
from bot.query.alerts import (
    AlertsCommandError,
    AlertsHelp,
    ListAlerts,
    OpenAlertsEditor,
    SetAlerts,
    SetAlertsEnabled,
    parse_alerts_command,
)
from bot.service.account import Account
from bot.slack.replies import acknowledging, ephemeral, send_response
from bot.slack.services import AppServices, Caller, CommandCall, SlackServices
from bot.slack.web_api import slack_error_code
from bot.store.alerts import AlertStore, open_alert_stores

logger = logging.getLogger(__name__)

#: The sub-command's words in every language ("alerts", "alertas"…).
WORDS = subcommand_words("alerts")


class AlertCommands(ChannelCommands):
    """One workspace's alerts handlers; plain methods that tests call with fakes."""

    what = "alerts"
    replies = Replies(
        not_allowed=build_alerts_not_allowed_message,
        not_a_channel=build_alerts_not_a_channel_message,
        channel_by_name=build_alerts_channel_by_name_message,
        not_saved=build_alerts_not_saved_message,
    )

    def __init__(
        self,
        store: AlertStore,
        *,
        admins: frozenset[str],
        clock: Clock,
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

    async def handle(self, call: CommandCall) -> None:
        """``/bulksends alerts …``."""
        try:
            command = parse_alerts_command(
                call.text,
                user_language=call.caller.user_language,
                company_language=call.caller.company_language,
            )
        except AlertsCommandError as error:
            await call.ack(**ephemeral(build_alerts_command_error_message(error)))
            return
        if isinstance(command, AlertsHelp):
            await call.ack(**ephemeral(build_alerts_help_message(command.language)))
        elif isinstance(command, ListAlerts):
            await call.ack(**ephemeral(await self._list(command.language)))
        elif isinstance(command, OpenAlertsEditor):
            await self._open_editor(call, command)
        else:
            await self._change(call, command)

    async def _list(self, language: Language) -> SlackMessage:
        now = self.clock()
        channels = await self.store.list_channels()
        return build_alerts_list_message(
            channels, await self.store.active_mutes(now), now, language
        )

    async def _change(self, call: CommandCall, command: SetAlerts | SetAlertsEnabled) -> None:
        language = command.language
        off = isinstance(command, SetAlertsEnabled) and not command.enabled
        channel = await self.changing(call, command.target, language, posting=not off)
        if channel is None:
            return
        channel_id, channel_name = channel
        existing = await self.store.get_channel(channel_id)
        if existing is None and isinstance(command, SetAlertsEnabled) and not command.enabled:
            await send_response(call.respond, build_alerts_none_there_message(channel_id, language))
            return
        change = AlertChange.of(command)
        saved = apply_alert_change(
            existing,
            change,
            channel_id=channel_id,
            channel_name=channel_name,
            user_id=call.caller.user_id,
            default_language=await self.default_language(existing, change.language),
            default_timezone=await self.default_timezone(call.caller),
            now=self.clock(),
        )
        await self.store.save_channel(saved)
        logger.info(
            "alerts saved", extra={"fields": {"user": call.caller.user_id, "channel": channel_id}}
        )
        answer = build_alerts_saved_message(saved, language=language, new=existing is None)
        await send_response(call.respond, answer)

    async def _open_editor(self, call: CommandCall, command: OpenAlertsEditor) -> None:
        """The form: the channel's own settings, else the defaults (``open_form``)."""
        channel = await self.changing(call, command.target, command.language)
        if channel is None:
            return
        channel_id = channel[0]
        existing = await self.store.get_channel(channel_id)

        def build(zone: str, speaks: Language) -> View:
            return build_alerts_editor_view(
                existing,
                channel_id=channel_id,
                language=command.language,
                timezone=zone,
                speaks=speaks,
            )

        await self.open_form(call, existing, build)

    async def submit_editor(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        services: SlackServices,
    ) -> None:
        """The form's Save (``submit_form``)."""
        read = read_alerts_editor(view)
        await self.submit_form(ack, body, client, services, read, self._save_form)

    async def _save_form(self, caller: Caller, read: AlertsEditorInput) -> SlackMessage:
        existing = await self.store.get_channel(read.channel_id)
        saved = apply_alert_change(
            existing,
            read.change,
            channel_id=read.channel_id,
            channel_name=existing.channel_name if existing else "",
            user_id=caller.user_id,
            default_language=await self.default_language(existing, read.change.language),
            default_timezone=caller.timezone,
            now=self.clock(),
        )
        await self.store.save_channel(saved)
        return build_alerts_saved_message(saved, language=read.language, new=existing is None)

    async def mute(
        self,
        ack: AsyncAck,
        action: dict[str, Any],
        body: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        services: SlackServices,
    ) -> None:
        """Mute this template for 24 h / Mute alerts for 1 h: for everyone in the channel;
        the clicker is told until when, in their own language, and the alert's thread
        says who did it, in the channel's."""
        await acknowledging(ack)()
        request = decode_mute(action.get("value"))
        user = str((body.get("user") or {}).get("id") or "")
        clicker = await services.caller(user)
        # The one rule: their own locale, else the alert's language they just read.
        told = reply_language(
            user=clicker.user_language,
            written=Written((request.language,)),
            company=clicker.company_language,
        )
        channel = await self.store.get_channel(request.channel_id)
        if channel is None:
            await send_response(respond, build_mute_unknown_message(request.channel_id, told))
            return
        now = self.clock()
        until = now + request.duration
        await self.store.save_mute(Mute(request.channel_id, request.template, until, user))
        logger.info(
            "alerts muted",
            extra={"fields": {"user": user, "channel": request.channel_id, "until": str(until)}},
        )
        muted = build_muted_message(request, until, channel.timezone, now, language=told)
        await send_response(respond, muted)
        thread = _thread_of(body)
        if thread:
            note = build_muted_note(request, user, until, channel.timezone, now)
            try:
                await client.chat_postMessage(
                    channel=request.channel_id, thread_ts=thread, **note.to_dict()
                )
            except SlackApiError as error:
                logger.warning("could not note the mute in its thread: %s", slack_error_code(error))

    async def home_section(self, caller: Caller) -> Sequence[Block]:
        return await home_blocks(self.store, self.clock(), caller.language)


async def home_blocks(store: AlertStore, now: datetime, language: Language) -> Sequence[Block]:
    """The Home tab's list of one workspace's alerts (``store``: its view)."""
    channels = await store.list_channels()
    return build_alerts_home_blocks(channels, await store.active_mutes(now), now, language)


class AlertFeature(ChannelFeature[AlertStore, AlertCommands]):
    """The alerts of whichever workspace asks (``ChannelFeature``), and their mute buttons."""

    what = "alerts"

    def make(self, store: AlertStore, account: Account) -> AlertCommands:
        return AlertCommands(
            store,
            admins=self.admins,
            clock=self.clock,
            company_timezone=account.company_timezone,
            company_language=partial(account.company_language, wait=ZONE_WAIT),
        )

    async def mute(
        self,
        ack: AsyncAck,
        action: dict[str, Any],
        body: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        services: SlackServices,
    ) -> None:
        """Muting needs no Mindo account: the workspace's store is enough."""
        commands = AlertCommands(
            self.store.for_team(services.workspace.id),
            admins=self.admins,
            clock=self.clock,
            company_timezone=_no_zone,
        )
        await commands.mute(ack, action, body, respond, client, services)

    async def home_section(self, caller: Caller) -> Sequence[Block]:
        store = self.store.for_team(caller.workspace.id)
        return await home_blocks(store, self.clock(), caller.language)


async def _no_zone() -> str | None:
    return None


def _thread_of(body: dict[str, Any]) -> str | None:
    """The thread of the message whose button was clicked (the message's own, if it is
    not a reply)."""
    message = body.get("message")
    container = body.get("container")
    message = message if isinstance(message, dict) else {}
    container = container if isinstance(container, dict) else {}
    for value in (message.get("thread_ts"), message.get("ts"), container.get("message_ts")):
        if isinstance(value, str) and value:
            return value
    return None


async def save_env_alerts(
    store: AlertStore,
    channel_id: str,
    *,
    company_timezone: Callable[[], Awaitable[str | None]],
    clock: Clock,
    company_language: Callable[[], Awaitable[Language]] | None = None,
) -> None:
    """ALERTS_CHANNEL: that channel's alerts turned on at start (unless already set up),
    in the company's language (else English)."""
    existing = await store.get_channel(channel_id)
    zone, language = await start_defaults(company_timezone, company_language, new=existing is None)
    channel = env_alerts(
        channel_id, existing, default_timezone=zone, now=clock(), default_language=language
    )
    if channel is not None:
        await store.save_channel(channel)
        logger.info("alerts from ALERTS_CHANNEL saved", extra={"fields": {"channel": channel_id}})


@asynccontextmanager
async def alerts_feature(
    app: AsyncApp,
    services: AppServices,
    client: AsyncWebClient,
    *,
    store_target: str,
    admins: frozenset[str] = frozenset(),
    alerts_channel: str | None = None,
    policy: AlertPolicy | None = None,
    poster: AlertPoster | None = None,
    posters: Callable[[AsyncWebClient], AlertPoster] = SlackAlertPoster,
) -> AsyncIterator[AlertRunner | AlertPasses]:
    """Register the alerts' listeners and poll in the background for the duration.

    A self-hosted app polls its one account and posts with ``poster`` (default: Slack over
    the app's own token); a distributed one polls every workspace with alerts on, posting
    with ``posters(that workspace's bot client)``. Raises StoreError when the database
    cannot be opened, before anything is registered.
    """
    polls, people = await open_alert_stores(store_target)
    try:
        feature = AlertFeature(people, admins=admins, clock=services.clock)
        feature.plug_in(app, services, words=WORDS, form=CALLBACK_ID)
        for action_id in (actions.MUTE_TEMPLATE, actions.MUTE_ALERTS):
            app.action(action_id)(feature.mute)
        runner: AlertRunner | AlertPasses
        if services.distributed:
            runner = AlertPasses(
                polls,
                partial(workspace_alerts, services, posters),
                clock=services.clock,
                policy=policy,
            )
        else:
            account = await services.accounts.account(SINGLE_WORKSPACE)
            assert account is not None, "a self-hosted app always has its account"
            if alerts_channel is not None:
                await save_env_alerts(
                    people,
                    alerts_channel,
                    company_timezone=account.company_timezone,
                    clock=services.clock,
                    company_language=partial(account.company_language, wait=10.0),
                )
            runner = AlertRunner(
                polls,
                account.alerts,
                poster or SlackAlertPoster(client),
                clock=services.clock,
                policy=policy,
                demo=account.demo,
            )
        async with in_background(runner.run_forever, name="alerts runner"):
            yield runner
    finally:
        await polls.close()
        if people is not polls:
            await people.close()


async def workspace_alerts(
    services: AppServices,
    posters: Callable[[AsyncWebClient], AlertPoster],
    workspace_id: str,
) -> WorkspaceAlerts | None:
    """What polling a workspace's account and posting its alerts take."""
    parts = await workspace_parts(services, workspace_id)
    if parts is None:
        return None
    account, client = parts
    return WorkspaceAlerts(account.alerts, posters(client), demo=account.demo)
