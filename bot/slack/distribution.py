""" "Add to Slack": one running app installed in many workspaces, each with its own Mindo key.

Turned on by SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and BULKSENDS_SECRET_KEY (HTTP mode).
Everything Slack-specific is Bolt's own: its OAuth flow (``/slack/install``, the redirect,
the state checked against a browser cookie and the shared state store), its installation
store authorize (each request gets its workspace's bot token; org-wide installs as Bolt
handles them) and its token rotation. The stores are slack_sdk's SQLAlchemy ones
(``bot.store.installations``), so any replica can finish an install another began.

On top: each workspace's Mindo key (``bot.slack.connect``), and what happens when a
workspace leaves (``app_uninstalled``, or its bot token revoked): its installation,
key, digests and whatever else features registered in ``AppServices.cleanups`` go.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.workspaces import WorkspaceRef
from bot.service.accounts import OpenAccount, StoredAccounts
from bot.service.questions import Clock
from bot.settings import DEFAULT_SLACK_API_URL, AppSettings, DistributionSettings
from bot.slack.auth import REQUIRED_SCOPES
from bot.slack.connect import MindoConnections
from bot.slack.services import AppServices
from bot.store.connections import ConnectionStore, open_connection_store
from bot.store.installations import SealedInstallationStore, SlackStores
from bot.store.sealing import SecretBox

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
#: Slack's events about a workspace leaving.
LEAVING_EVENTS = ("app_uninstalled", "tokens_revoked")


def authorization_url(api_url: str) -> str | None:
    """Where browsers go to approve the install: Slack's, unless SLACK_API_URL names another
    Slack (GovSlack, a test server), whose ``/oauth/v2/authorize`` is beside its ``/api/``."""
    if api_url == DEFAULT_SLACK_API_URL:
        return None
    return urljoin(api_url, "../oauth/v2/authorize")


@dataclass
class Distribution:
    """The stores, the accounts and Bolt's pieces of a distributed app, open for its lifetime."""

    settings: DistributionSettings
    stores: SlackStores
    connections: ConnectionStore
    accounts: StoredAccounts
    authorize: AsyncInstallationStoreAuthorize
    oauth_settings: AsyncOAuthSettings
    connect: MindoConnections

    @property
    def installations(self) -> SealedInstallationStore:
        return self.stores.installations

    def bolt_options(self) -> dict[str, Any]:
        """What ``AsyncApp`` takes to install, and to authorize each request, Bolt's way."""
        return {
            "authorize": self.authorize,
            "oauth_settings": self.oauth_settings,
            "installation_store_bot_only": True,
        }

    def register_first(self, app: AsyncApp) -> None:
        """Before the app's own listeners: what a workspace without Mindo gets instead."""
        self.connect.register_guards(app)

    def register(self, app: AsyncApp, services: AppServices) -> None:
        self.connect.register(app, services)
        services.cleanups.append(self.connect.forget)

        async def leaving(event: dict[str, Any], context: AsyncBoltContext) -> None:
            await self.leave(event, context, services)

        for name in LEAVING_EVENTS:
            app.event(name)(leaving)

    async def leave(
        self, event: dict[str, Any], context: AsyncBoltContext, services: AppServices
    ) -> None:
        """``app_uninstalled``, or ``tokens_revoked`` naming the bot: the workspace is gone."""
        workspace = WorkspaceRef.of(
            team_id=context.team_id,
            enterprise_id=context.enterprise_id,
            is_enterprise_install=bool(context.is_enterprise_install),
        )
        if workspace is None:
            logger.warning("%s without a workspace id: ignored", event.get("type"))
            return
        if event.get("type") == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
            return  # user tokens only: the app asks for none, so there is nothing to forget
        await self.installations.delete_workspace(workspace)
        self._forget_authorizations(workspace)
        await services.leave(workspace)
        logger.info(
            "a workspace left: its installation, Mindo key and digests are deleted",
            extra={"fields": {"workspace": workspace.id, "event": event.get("type")}},
        )

    def _forget_authorizations(self, workspace: WorkspaceRef) -> None:
        """Bolt's authorize keeps each token's auth.test answer: drop the workspace's."""
        cache = self.authorize.authorize_result_cache
        for token, result in list(cache.items()):
            if workspace.id in (result.team_id, result.enterprise_id):
                del cache[token]

    def bot_clients(
        self, api_url: str, session: aiohttp.ClientSession, make: Callable[..., AsyncWebClient]
    ) -> Callable[[str], Any]:
        """A workspace id → its bot's Web API client (from its installation), or None."""

        async def bot_client(workspace_id: str) -> AsyncWebClient | None:
            bot = await self.installations.find_by_workspace_id(workspace_id)
            if bot is None or not bot.bot_token:
                return None
            return make(token=bot.bot_token, base_url=api_url, session=session)

        return bot_client


@asynccontextmanager
async def open_distribution(
    settings: AppSettings,
    open_account: OpenAccount,
    *,
    clock: Clock,
) -> AsyncIterator[Distribution]:
    """Open the stores (re-sealing anything sealed under BULKSENDS_SECRET_KEY_OLD) and build
    Bolt's OAuth settings and authorize over them."""
    distribution = settings.distribution
    assert distribution is not None, "open_distribution needs distribution settings"
    box = SecretBox(distribution.secret_key, distribution.old_secret_keys)
    async with AsyncExitStack() as stack:
        connections = await open_connection_store(settings.store_target, box)
        stack.push_async_callback(connections.close)
        stores = SlackStores(settings.store_target, client_id=distribution.client_id, box=box)
        stack.push_async_callback(stores.close)
        await stores.check()
        if distribution.old_secret_keys:
            moved = await connections.reseal_all() + await stores.installations.reseal_all()
            logger.info(
                "secrets sealed under BULKSENDS_SECRET_KEY_OLD moved to BULKSENDS_SECRET_KEY",
                extra={"fields": {"resealed": moved}},
            )
        accounts = StoredAccounts(connections, open_account)
        secret = distribution.client_secret.reveal()
        authorize = AsyncInstallationStoreAuthorize(
            logger=logging.getLogger("slack_bolt.authorize"),
            installation_store=stores.installations,
            client_id=distribution.client_id,
            client_secret=secret,
            bot_only=True,
            # auth.test once per token, not once per request: acks stay fast
            cache_enabled=True,
        )
        oauth_settings = AsyncOAuthSettings(
            client_id=distribution.client_id,
            client_secret=secret,
            scopes=sorted(REQUIRED_SCOPES),
            user_scopes=[],
            redirect_uri=distribution.redirect_uri,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            authorization_url=authorization_url(settings.slack.api_url),
            installation_store=stores.installations,
            installation_store_bot_only=True,
            state_store=stores.states,
        )
        yield Distribution(
            settings=distribution,
            stores=stores,
            connections=connections,
            accounts=accounts,
            authorize=authorize,
            oauth_settings=oauth_settings,
            connect=MindoConnections(connections, accounts, open_account, clock=clock),
        )
