"""How Slack reaches the app: an HTTP server, or Socket Mode over the app-level token.

``bot.app`` runs one of them for the app's lifetime (and stops it first at shutdown).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import get_args

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.locale import formats
from bot.locale.languages import Language
from bot.query.parser import warm_up
from bot.settings import ConfigError, SlackSettings
from bot.slack.auth import verify_app_token

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


@asynccontextmanager
async def serve_http(app: AsyncApp, *, host: str, port: int) -> AsyncIterator[str]:
    """Serve Slack's requests (commands, buttons, events) and a health check; yields the URL."""

    async def slack_events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, slack_events)
    web_app.router.add_get(HEALTH_PATH, health)
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        raise ConfigError(
            f"Cannot listen on {host}:{port} ({error.strerror or error}): another program may "
            "be using that port; choose another with --port."
        ) from None
    bound = runner.addresses[0]
    try:
        yield f"http://{host}:{bound[1]}"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def socket_mode(app: AsyncApp, settings: SlackSettings) -> AsyncIterator[None]:
    """Connected to Slack over the app-level token's WebSocket for the duration."""
    assert settings.app_token is not None, "Socket Mode settings always carry the app token"
    await verify_app_token(app.client, settings.app_token)
    handler = AsyncSocketModeHandler(app, settings.app_token.reveal(), web_client=app.client)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        yield
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


def warm_up_app() -> None:
    """Load dateparser's and Babel's language data before the first commands, not during.

    Each language's first use costs Babel 10–20 ms; inside a command that would stall the
    event loop, and every ack waiting in it.
    """
    warm_up()
    moment = datetime(2000, 1, 3, 12, tzinfo=UTC)
    for language in get_args(Language):
        formats.number(1000, language)
        formats.rate(0.5, language)
        formats.days(moment.date(), moment.date() + timedelta(days=6), language)
        formats.either(["a", "b"], language)
        formats.local_datetime(moment, "UTC", language)
        formats.progress_bar(50.0, language)
