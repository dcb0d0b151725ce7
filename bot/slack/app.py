"""Thin wiring: the Web API client, the services listeners share, and the Bolt app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

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

from bot.service.account import Account
from bot.service.questions import Clock
from bot.settings import SlackSettings
from bot.slack.listeners import actions, commands, errors, events
from bot.slack.services import SlackServices, SubcommandRouter
from bot.slack.users import UserDirectory

#: The key under which each request's context carries the services (and listeners ask).
SERVICES_KEY = "services"


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


def build_services(account: Account, client: AsyncWebClient, clock: Clock) -> SlackServices:
    return SlackServices(
        account=account,
        users=UserDirectory(client),
        subcommands=SubcommandRouter(),
        clock=clock,
    )


def build_app(settings: SlackSettings, services: SlackServices, client: AsyncWebClient) -> AsyncApp:
    secret = settings.signing_secret
    app = AsyncApp(
        name="bulksends",
        client=client,
        signing_secret=secret.reveal() if secret else "",
        # Socket Mode requests come over the app's own authenticated WebSocket.
        request_verification_enabled=settings.mode == "http",
    )

    async def provide_services(
        context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> None:
        context[SERVICES_KEY] = services
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
    for listeners in (commands, actions, events, errors):
        listeners.register(app)
    return app
