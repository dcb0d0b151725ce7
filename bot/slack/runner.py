"""Starting and stopping the app: Socket Mode or HTTP, until SIGTERM/SIGINT.

Shutdown is orderly: stop taking requests, give answers already under way a grace period
to reach Slack (``services.in_flight`` counts them), stop the features (the digest's
background runner), then close the Mindo client and the HTTP session.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import get_args

__all__ = ["EVENTS_PATH", "HEALTH_PATH", "Feature", "run_app", "serve_http", "warm_up_app"]

import httpx
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import MindoSettings
from bot.locale import formats
from bot.locale.languages import Language
from bot.mindo.errors import MindoError
from bot.query.parser import warm_up
from bot.service.questions import Clock
from bot.slack.app import build_app, build_services, build_web_client
from bot.slack.check import verify_app_token, verify_bot_token
from bot.slack.http import EVENTS_PATH, HEALTH_PATH, serve_http
from bot.slack.services import SlackServices
from bot.slack.settings import SlackSettings
from bot.slack.web_api import web_api_session
from bot.wiring import open_asker

logger = logging.getLogger(__name__)

#: A feature that plugs into the running app for its lifetime: it registers its listeners,
#: sub-commands and Home sections on entry, runs any background work, and stops on exit.
Feature = Callable[[AsyncApp, SlackServices, AsyncWebClient], AbstractAsyncContextManager[object]]


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


async def run_app(
    slack: SlackSettings,
    mindo: MindoSettings,
    *,
    clock: Clock,
    host: str = "0.0.0.0",
    port: int = 3000,
    stop: asyncio.Event | None = None,
    handle_signals: bool = True,
    grace: float = 10.0,
    features: Sequence[Feature] = (),
    mindo_transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """Run until ``stop`` is set (or SIGTERM/SIGINT arrives), then shut down cleanly."""
    stop = stop or asyncio.Event()
    warm_up_app()
    loop = asyncio.get_running_loop()
    if handle_signals:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
    try:
        async with (
            web_api_session() as session,
            open_asker(mindo, clock, transport=mindo_transport) as asker,
            AsyncExitStack() as running_features,
        ):
            client = build_web_client(slack, session=session)
            identity = await verify_bot_token(client)
            services = build_services(asker, client, clock)
            app = build_app(slack, services, client)
            for feature in features:
                await running_features.enter_async_context(feature(app, services, client))
            warming = asyncio.create_task(_learn_company_timezone(services))
            fields = {
                "mode": slack.mode,
                "demo": services.demo,
                "team": identity.team,
                "bot": identity.user,
            }
            if slack.mode == "http":
                secret = slack.signing_secret.reveal() if slack.signing_secret else ""
                health = asker.client.health
                async with serve_http(
                    app, signing_secret=secret, host=host, port=port, mindo_health=health
                ) as url:
                    logger.info("listening", extra={"fields": {**fields, "url": url}})
                    await stop.wait()
            else:
                async with socket_mode(app, slack):
                    logger.info("connected", extra={"fields": fields})
                    await stop.wait()
            logger.info("stopping: finishing answers under way")
            warming.cancel()
            if not await services.in_flight.idle(grace):
                unfinished = services.in_flight.count
                logger.warning(
                    "stopping with %d answers unfinished after %.0f s", unfinished, grace
                )
    finally:
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
    logger.info("stopped")


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


async def _learn_company_timezone(services: SlackServices) -> None:
    """Ask once at start, so a first user without a zone does not wait for Mindo."""
    try:
        await services.asker.company_timezone()
    except MindoError as error:
        logger.warning("company time zone unavailable at start: %s", error)
