"""Thin wiring: the Web API client, the services listeners share, and the Bolt app."""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.listener.async_listener_completion_handler import (
    AsyncCustomListenerCompletionHandler,
)
from slack_bolt.listener.async_listener_start_handler import AsyncCustomListenerStartHandler
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.workspaces import SINGLE_WORKSPACE, WorkspaceRef
from bot.logs import working_for
from bot.service.accounts import AccountDirectory
from bot.service.questions import Clock
from bot.settings import SlackSettings
from bot.slack.listeners import actions, commands, errors, events
from bot.slack.services import (
    SERVICES_KEY,
    STARTED_KEY,
    WORKSPACE_KEY,
    AppServices,
    BotClients,
    SubcommandRouter,
)
from bot.slack.users import People, UserDirectory


def retry_handlers() -> list[AsyncRetryHandler]:
    """The one set every Web API client uses: Retry-After on 429s, dropped connections, 5xx."""
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncServerErrorRetryHandler(max_retry_count=2),
    ]


def build_web_client(
    settings: SlackSettings, *, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """The Web API client, for the app and the CLI alike: every call goes to
    ``settings.api_url`` and is retried by ``retry_handlers``."""
    token = settings.bot_token
    return AsyncWebClient(
        token=token.reveal() if token else None,
        base_url=settings.api_url,
        session=session,
        retry_handlers=retry_handlers(),
    )


def build_services(
    accounts: AccountDirectory,
    client: AsyncWebClient,
    clock: Clock,
    *,
    distributed: bool = False,
    bot_client: BotClients | None = None,
) -> AppServices:
    """What every workspace shares. A self-hosted app has one people directory over its own
    token and one bot client; a distributed one, one per workspace."""

    async def own_client(workspace_id: str) -> AsyncWebClient:
        return client

    return AppServices(
        accounts=accounts,
        people=People() if distributed else People(single=UserDirectory(client)),
        subcommands=SubcommandRouter(),
        clock=clock,
        bot_client=bot_client or own_client,
        distributed=distributed,
    )


def build_app(
    settings: SlackSettings,
    services: AppServices,
    client: AsyncWebClient,
    *,
    bolt_options: Mapping[str, Any] | None = None,
    first: Sequence[Callable[[AsyncApp], None]] = (),
) -> AsyncApp:
    """The Bolt app. ``bolt_options``: what distribution adds (Bolt's OAuth settings and
    authorize); ``first``: listeners that must come before the app's own (the prompt a
    workspace not connected to Mindo gets)."""
    secret = settings.signing_secret
    with _settings_only():
        app = AsyncApp(
            name="bulksends",
            client=client,
            signing_secret=secret.reveal() if secret else "",
            # Socket Mode requests come over the app's own authenticated WebSocket.
            request_verification_enabled=settings.mode == "http",
            **(bolt_options or {}),
        )

    async def provide_services(
        context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> None:
        """The request's own workspace: its account, its people (after Bolt's authorize,
        so that ``context.client`` carries the workspace's token)."""
        context[STARTED_KEY] = time.perf_counter()
        workspace = workspace_of(context) if services.distributed else SINGLE_WORKSPACE
        if workspace is not None:
            context[WORKSPACE_KEY] = workspace
            if context.client is not None and context.client.token:
                context[SERVICES_KEY] = await services.for_request(workspace, context.client)
        with working_for(context.team_id or context.enterprise_id):  # the request's lines
            await next()

    app.use(provide_services)
    # Bolt runs each listener in a task of its own after the ack; these hooks count the
    # runs (error handling included) so that shutdown can wait for answers under way.
    runner = app.listener_runner
    runner.listener_start_handler = AsyncCustomListenerStartHandler(
        app.logger, services.in_flight.begin
    )
    runner.listener_completion_handler = AsyncCustomListenerCompletionHandler(
        app.logger, services.in_flight.end
    )
    for register in first:
        register(app)
    for listeners in (commands, actions, events, errors):
        listeners.register(app)
    return app


#: What AsyncApp reads from the process's environment when it is not given a value.
_BOLT_READS = ("SLACK_BOT_TOKEN",)


@contextmanager
def _settings_only() -> Iterator[None]:
    """AsyncApp built from our settings alone. Given no ``token``, it reads SLACK_BOT_TOKEN
    from the environment itself, then warns that the ``client``'s token wins over it
    ("`token` will be unused"): the client already carries the settings' token (and a
    distributed app's carries none, Bolt's authorize finding each workspace's), so
    that second reading is kept from it while it is built (nothing awaits meanwhile)."""
    hidden = {name: os.environ.pop(name) for name in _BOLT_READS if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(hidden)


def workspace_of(context: AsyncBoltContext) -> WorkspaceRef | None:
    """The workspace a request comes from (the organisation, for an org-wide install)."""
    return WorkspaceRef.of(
        team_id=context.team_id,
        enterprise_id=context.enterprise_id,
        is_enterprise_install=bool(context.is_enterprise_install),
    )
