"""How Slack reaches the app: an HTTP server, or Socket Mode over the app-level token.

``bot.app`` runs one of them for the app's lifetime (and stops it first at shutdown).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import get_args

from slack_bolt.async_app import AsyncApp

from bot.locale import formats
from bot.locale.languages import Language
from bot.query.parser import warm_up
from bot.settings import SlackSettings
from bot.slack.auth import verify_app_token
from bot.slack.socket_edge import CheckedSocketModeHandler

logger = logging.getLogger(__name__)


@asynccontextmanager
async def socket_mode(app: AsyncApp, settings: SlackSettings) -> AsyncIterator[None]:
    """Connected to Slack over the app-level token's WebSocket for the duration."""
    assert settings.app_token is not None, "Socket Mode settings always carry the app token"
    await verify_app_token(app.client, settings.app_token)
    handler = CheckedSocketModeHandler(app, settings.app_token.reveal(), web_client=app.client)
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
