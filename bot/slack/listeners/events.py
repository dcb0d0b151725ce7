"""``app_home_opened``: publish the person's Home tab with fresh numbers.

Two questions, asked at once through the same ``Asker`` as ``/bulksends``: this week's
sends (which also give today's) and everything queued or processing now, whenever it was
created. Features registered in ``services.home_sections`` add their blocks; one that
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

from bot.domain.dates import DateRange
from bot.domain.sends import RUNNING, Status
from bot.message.home import build_home_view, overview_from, week_start
from bot.query.model import BulkSendQuery
from bot.service.questions import Answer
from bot.slack.listeners.errors import remember_language
from bot.slack.services import Caller, SlackServices, local_today

logger = logging.getLogger(__name__)


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(handle_home_opened)


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
    now = services.clock()
    today = local_today(now, caller.timezone)

    def question(statuses: frozenset[Status], span: DateRange) -> BulkSendQuery:
        return BulkSendQuery(
            statuses=statuses,
            range=span,
            template=None,
            timezone=caller.timezone,
            default_range=False,
            language=caller.language,
        )

    async def answers() -> tuple[Answer, Answer]:
        key = (caller.timezone, today)
        cached = services.home_answers.get(key)
        if cached is not None and (now - cached[0]).total_seconds() < services.home_ttl:
            return cached[1]
        fresh = await asyncio.gather(
            services.asker.answer(question(frozenset(), DateRange(week_start(today), today))),
            services.asker.answer(question(RUNNING, DateRange(None, today))),
        )
        services.home_answers.clear()  # one zone's entry at a time is plenty; never grows
        services.home_answers[key] = (now, fresh)
        return fresh

    (week, running), extra = await asyncio.gather(answers(), _extra_blocks(services, caller))
    overview = overview_from(
        week.report.sends, running.report.sends, now=now, timezone=caller.timezone
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
