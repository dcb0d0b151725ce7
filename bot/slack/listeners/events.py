"""``app_home_opened``: publish the person's Home tab with fresh numbers.

The numbers come from the account (``Account.home``: this week's sends, which also give
today's, and everything queued or processing now). Features registered in ``services.home_sections`` add their blocks; one that
fails is left out (and logged) rather than blanking the whole tab.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.message.home import build_home_view
from bot.slack.listeners.errors import remember_language
from bot.slack.services import Caller, SlackServices

logger = logging.getLogger(__name__)


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(handle_home_opened)


def register_leaving(app: AsyncApp) -> None:
    """A self-hosted app: Slack's word that it was removed, answered and logged (a
    distributed app forgets the workspace instead: ``bot.slack.distribution``)."""
    for name in ("app_uninstalled", "tokens_revoked"):
        app.event(name)(handle_leaving)


async def handle_leaving(event: dict[str, Any]) -> None:
    logger.warning(
        "Slack says %s: SLACK_BOT_TOKEN no longer works; reinstall the app to use it again",
        "the app was uninstalled"
        if event.get("type") == "app_uninstalled"
        else "a token was revoked",
    )


async def handle_home_opened(
    event: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    if event.get("tab", "home") != "home":
        return
    caller = await services.caller(event["user"])
    remember_language(context, caller.language)
    await publish_home(client, services, caller)


async def publish_home(client: AsyncWebClient, services: SlackServices, caller: Caller) -> None:
    overview, extra = await asyncio.gather(
        services.account.home(caller.timezone), _extra_blocks(services, caller)
    )
    view = build_home_view(
        overview, language=caller.language, demo=services.demo, extra_blocks=extra
    )
    await client.views_publish(user_id=caller.user_id, view=view.to_dict())


async def _extra_blocks(services: SlackServices, caller: Caller) -> list[Block]:
    results = await asyncio.gather(
        *(section(caller) for section in services.home_sections), return_exceptions=True
    )
    blocks: list[Block] = []
    for section, result in zip(services.home_sections, results, strict=True):
        if isinstance(result, BaseException):
            logger.warning(
                "Home section %s failed: %r", getattr(section, "__name__", section), result
            )
            continue
        blocks += result
    return blocks
