"""Connecting a workspace to Mindo, in Slack: the prompt, the form, the Home tab's part.

Until an admin connects a key, the listeners here come first (``register_guards``) and
answer every command, button and form with the prompt, and the Home tab with the way to
connect; the app's own listeners never see a workspace without an account. The form
checks the key against Mindo's business-info at once (Slack gives a form 3 seconds, so
the check gets ``CHECK_WITHIN``) and says in plain words when Mindo rejects it; a good
key is stored sealed (``bot.store.connections``) and never shown again, only its last
four characters. Only workspace admins and owners may connect, change or remove it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.workspaces import WorkspaceRef
from bot.message.connect import (
    CONNECT,
    CONNECT_VIEW,
    DISCONNECT,
    KEY_BLOCK,
    ConnectionShown,
    build_admins_only_form,
    build_connect_form,
    build_connect_home,
    build_connect_prompt,
    build_connection_blocks,
    build_prompt_form,
    connected_notice,
    key_problem,
    key_rejected,
    key_unchecked,
    read_connect_form,
)
from bot.mindo.errors import AuthenticationError, MindoError, PermissionDeniedError
from bot.service.accounts import AccountDirectory, OpenAccount, try_key
from bot.service.questions import Clock
from bot.settings import Secret
from bot.slack.listeners.commands import COMMAND
from bot.slack.listeners.events import publish_home
from bot.slack.replies import acknowledging, ephemeral, send_response
from bot.slack.services import SERVICES_KEY, AppServices, Caller, SlackServices
from bot.slack.web_api import slack_error_code
from bot.store.connections import ConnectionStore

logger = logging.getLogger(__name__)

#: Seconds Mindo gets to confirm a key: the form must be answered within Slack's 3 s.
CHECK_WITHIN = 2.0
_OTHER_ACTIONS = re.compile(f"^(?!(?:{CONNECT}|{DISCONNECT})$).*")
_OTHER_VIEWS = re.compile(f"^(?!{CONNECT_VIEW}$).*")


def is_admin(caller: Caller) -> bool:
    return caller.profile.is_admin or caller.profile.is_owner


async def not_connected(context: AsyncBoltContext) -> bool:
    """Bolt matcher: the request's workspace has no Mindo key yet."""
    services = context.get(SERVICES_KEY)
    return isinstance(services, SlackServices) and not services.connected


class MindoConnections:
    """The listeners, Home section and clean-up of each workspace's Mindo key."""

    def __init__(
        self,
        store: ConnectionStore,
        accounts: AccountDirectory,
        open_account: OpenAccount,
        *,
        clock: Clock,
        check_within: float = CHECK_WITHIN,
    ) -> None:
        self.store = store
        self.accounts = accounts
        self._open_account = open_account
        self._clock = clock
        self._check_within = check_within

    # --- registration ---------------------------------------------------------------------

    def register_guards(self, app: AsyncApp) -> None:
        """Before every other listener: what a workspace without Mindo gets instead."""
        app.command(COMMAND, matchers=[not_connected])(self.prompt_command)
        app.action(_OTHER_ACTIONS, matchers=[not_connected])(self.prompt_action)
        app.view(_OTHER_VIEWS, matchers=[not_connected])(self.prompt_view)
        app.event("app_home_opened", matchers=[not_connected])(self.connect_home)

    def register(self, app: AsyncApp, services: AppServices) -> None:
        app.action(CONNECT)(self.open_form)
        app.action(DISCONNECT)(self.disconnect)
        app.view(CONNECT_VIEW)(self.submit_form)
        services.home_sections.insert(0, self.home_section)

    # --- a workspace without Mindo ------------------------------------------------------

    async def prompt_command(
        self, ack: AsyncAck, command: dict[str, Any], services: SlackServices
    ) -> None:
        caller = await services.caller(command["user_id"])
        await acknowledging(ack)(
            **ephemeral(build_connect_prompt(caller.language, admin=is_admin(caller)))
        )

    async def prompt_action(
        self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, services: SlackServices
    ) -> None:
        await acknowledging(ack)()
        caller = await services.caller(body["user"]["id"])
        if respond.response_url:
            prompt = build_connect_prompt(caller.language, admin=is_admin(caller))
            await send_response(respond, prompt)

    async def prompt_view(
        self, ack: AsyncAck, body: dict[str, Any], services: SlackServices
    ) -> None:
        caller = await services.caller(body["user"]["id"])
        view = build_prompt_form(caller.language, admin=is_admin(caller))
        await ack(response_action="update", view=view.to_dict())

    async def connect_home(
        self, event: dict[str, Any], client: AsyncWebClient, services: SlackServices
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        caller = await services.caller(event["user"])
        view = build_connect_home(caller.language, admin=is_admin(caller))
        await client.views_publish(user_id=caller.user_id, view=view.to_dict())

    # --- the form -------------------------------------------------------------------------

    async def open_form(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: SlackServices
    ) -> None:
        await acknowledging(ack)()
        caller = await services.caller(body["user"]["id"])
        if not is_admin(caller):
            view = build_admins_only_form(caller.language)
        else:
            current = await self.store.get(services.workspace.id)
            view = build_connect_form(
                caller.language, replacing=current.key_hint if current else None
            )
        await client.views_open(trigger_id=body["trigger_id"], view=view.to_dict())

    async def submit_form(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        services: SlackServices,
    ) -> None:
        raw, language = read_connect_form(view)
        problem = key_problem(raw, language)
        if problem is not None:
            await ack(response_action="errors", errors={KEY_BLOCK: problem})
            return
        caller = await services.caller(body["user"]["id"])
        if not is_admin(caller):
            refusal = build_admins_only_form(language).blocks[0]
            await ack(response_action="errors", errors={KEY_BLOCK: _text_of(refusal)})
            return
        key = Secret(raw)
        try:
            info = await try_key(self._open_account, key, within=self._check_within)
        except (AuthenticationError, PermissionDeniedError):
            await ack(response_action="errors", errors={KEY_BLOCK: key_rejected(language)})
            return
        except (MindoError, TimeoutError) as error:
            logger.warning("a Mindo key could not be checked: %s", type(error).__name__)
            await ack(response_action="errors", errors={KEY_BLOCK: key_unchecked(language)})
            return
        workspace = services.workspace
        await self.store.save(
            workspace, key, company=info.name, by=caller.user_id, now=self._clock()
        )
        self.accounts.forget(workspace.id)
        await ack()
        logger.info(
            "Mindo connected",
            extra={"fields": {"workspace": workspace.id, "user": caller.user_id}},
        )
        await self._refresh_home(client, services, caller.user_id)
        try:
            notice = connected_notice(info.name, caller.language)
            await client.chat_postMessage(channel=caller.user_id, **notice.to_dict())
        except SlackApiError as error:
            logger.warning("could not confirm the Mindo connection: %s", slack_error_code(error))

    async def disconnect(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: SlackServices
    ) -> None:
        await acknowledging(ack)()
        caller = await services.caller(body["user"]["id"])
        workspace = services.workspace
        if is_admin(caller) and await self.store.delete(workspace.id):
            self.accounts.forget(workspace.id)
            logger.info(
                "Mindo disconnected",
                extra={"fields": {"workspace": workspace.id, "user": caller.user_id}},
            )
        elif not is_admin(caller):
            logger.warning(
                "a non-admin pressed Disconnect; nothing changed",
                extra={"fields": {"workspace": workspace.id, "user": caller.user_id}},
            )
        await self._refresh_home(client, services, caller.user_id)

    async def _refresh_home(
        self, client: AsyncWebClient, services: SlackServices, user_id: str
    ) -> None:
        """The Home tab again, as the workspace now stands (connected or not)."""
        fresh = await services.shared.for_request(services.workspace, client)
        caller = await fresh.caller(user_id)
        try:
            if fresh.connected:
                await publish_home(client, fresh, caller)
            else:
                view = build_connect_home(caller.language, admin=is_admin(caller))
                await client.views_publish(user_id=user_id, view=view.to_dict())
        except (SlackApiError, MindoError) as error:
            logger.warning("Home tab not refreshed: %s", type(error).__name__)

    # --- the Home tab, clean-up ---------------------------------------------------------

    async def home_section(self, caller: Caller) -> Sequence[Block]:
        """Admins see the connection and can change or remove the key."""
        if not is_admin(caller):
            return ()
        connection = await self.store.get(caller.workspace.id)
        if connection is None:
            return ()
        shown = ConnectionShown(
            company=connection.company,
            key_hint=connection.key_hint,
            connected_by=connection.connected_by,
            connected_at=connection.connected_at,
            timezone=caller.timezone,
        )
        return build_connection_blocks(shown, caller.language)

    async def forget(self, workspace: WorkspaceRef) -> None:
        """The workspace left: its key goes."""
        await self.store.delete(workspace.id)
        self.accounts.forget(workspace.id)


def _text_of(block: Any) -> str:
    return str(getattr(getattr(block, "text", None), "text", ""))[:150]
