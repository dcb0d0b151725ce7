"""``app_home_opened``: publish the person's Home tab with fresh numbers.

The numbers come from the account (``Account.home``: the last fortnight's sends, which give
today's, this week's and the chart, and everything queued or processing now; reused for
a few seconds). Features registered in ``services.home_sections`` add their blocks; one
that fails is left out (and logged) rather than blanking the whole tab.

Staying within ``views.publish``'s limits: each published view carries a fingerprint of
its blocks (``private_metadata``), and Slack sends the view on show with the event, so a
tab opened again with nothing new is not published again. Where the workspace refuses
charts, the tab is published again at once without them (``bot.slack.fallback``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.message.errors import build_mindo_error_message
from bot.message.home import build_home_error_view, build_home_view
from bot.message.newer import Refused, kinds_in
from bot.message.slack import SlackMessage
from bot.mindo.errors import MindoError
from bot.slack.fallback import blamed_kinds, refusal_details
from bot.slack.listeners.errors import remember_language, remember_told
from bot.slack.services import Caller, SlackServices
from bot.slack.web_api import slack_error_code

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
    try:
        await publish_home(client, services, caller, shown=event.get("view"))
    except MindoError as error:
        # The reason, above what needs no Mindo (digests, alerts); the handler logs it.
        reason = build_mindo_error_message(error, caller.language)
        view = build_home_error_view(reason, await _extra_blocks(services, caller))
        try:
            await client.views_publish(user_id=caller.user_id, view=view.to_dict())
            remember_told(context)
        except SlackApiError as refused:  # the handler's plainer tab may still go through
            logger.warning("Home tab without Mindo refused: %s", slack_error_code(refused))
        raise


async def publish_home(
    client: AsyncWebClient,
    services: SlackServices,
    caller: Caller,
    *,
    shown: Mapping[str, Any] | None = None,
) -> None:
    """Publish the caller's tab, unless ``shown`` (the view Slack shows now) is the same."""
    overview, extra = await asyncio.gather(
        services.account.home(caller.timezone), _extra_blocks(services, caller)
    )
    support, workspace = services.block_support, services.workspace

    def build(refused: Refused) -> View:
        view = build_home_view(
            overview,
            language=caller.language,
            demo=services.demo,
            extra_blocks=extra,
            refused=refused,
        )
        view.private_metadata = fingerprint(view)
        return view

    view = build(support.refused(workspace))
    if shown is not None and shown.get("private_metadata") == view.private_metadata:
        return  # nothing new since it was published
    try:
        await client.views_publish(user_id=caller.user_id, view=view.to_dict())
    except SlackApiError as error:
        details = refusal_details(error)
        if details is None or not kinds_in(view.blocks):
            raise
        as_message = SlackMessage(text="", blocks=tuple(view.blocks))
        support.refuse(workspace, blamed_kinds(details, as_message))
        plain = build(support.refused(workspace))
        await client.views_publish(user_id=caller.user_id, view=plain.to_dict())


def fingerprint(view: View) -> str:
    """What a view shows, in a few characters: the same blocks, the same fingerprint."""
    shown = json.dumps([block.to_dict() for block in view.blocks], sort_keys=True)
    return "home:" + hashlib.sha256(shown.encode()).hexdigest()[:24]


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
