"""``/bulksends``: acknowledge at once, then answer through the response_url.

The ack must reach Slack within 3 seconds, so nothing before it waits on Mindo: the
preview parse is pure, and the caller's profile comes from a bounded, cached lookup.
Help and questions the parser rejects outright are answered in the ack itself; anything
else is acknowledged with "Looking up …" and answered after. Failures after the ack go to
the app's error handler (``bot.slack.listeners.errors``), which knows what to tell whom.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.message import (
    build_help_message,
    build_query_error_message,
    build_summary_message,
    looking_up_text,
)
from bot.query.model import BulkSendQuery, HelpRequest, QueryError
from bot.query.parser import parse_query
from bot.slack.listeners.errors import remember_language
from bot.slack.replies import acknowledging, ephemeral, send_response
from bot.slack.services import CommandCall, SlackServices, local_today
from bot.slack.words import t

COMMAND = "/bulksends"

logger = logging.getLogger(__name__)


def register(app: AsyncApp) -> None:
    app.command(COMMAND)(handle_command)


async def handle_command(
    ack: AsyncAck,
    command: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """Route ``/bulksends <text>`` to its sub-command; the question is the default."""
    caller = await services.caller(command["user_id"])
    remember_language(context, caller.language)
    handler, text = services.subcommands.route(command.get("text") or "")
    call = CommandCall(text, command, caller, services, acknowledging(ack), respond, client)
    await handler(call)


async def answer_question(call: CommandCall) -> None:
    """The default sub-command: a question about bulk sends."""
    started = time.perf_counter()
    services, caller = call.services, call.caller
    now = services.clock()
    try:
        preview = _own_language(parse_query(call.text, now=now, tz=caller.timezone), call)
    except QueryError as error:
        if not error.unrecognized:  # too long, a range in the future…: the account can't help
            await call.ack(**ephemeral(build_query_error_message(error)))
            _log(call, "not_understood", started)
            return
        preview = None  # the unknown word may be one of the account's templates
    if isinstance(preview, HelpRequest):
        await call.ack(**ephemeral(build_help_message(preview.language, demo=services.demo)))
        _log(call, "help", started)
        return
    ack_text = looking_up_text(preview) if preview else t(caller.language, "looking_up")
    await call.ack(text=ack_text, response_type="ephemeral")

    parsed = _own_language(await services.asker.parse(call.text, caller.timezone), call)
    if isinstance(parsed, HelpRequest):
        await send_response(call.respond, build_help_message(parsed.language, demo=services.demo))
        return
    answer = await services.asker.answer(parsed)
    today = local_today(now, parsed.timezone)
    message = build_summary_message(answer.query, answer.report, demo=answer.demo, today=today)
    await send_response(call.respond, message)
    _log(call, "answered", started, query=parsed, pages=answer.pages, requests=answer.requests)


def _own_language(
    parsed: BulkSendQuery | HelpRequest, call: CommandCall
) -> BulkSendQuery | HelpRequest:
    """A bare ``/bulksends`` has no words to tell the language by: use the caller's."""
    if call.text.strip():
        return parsed
    return dataclasses.replace(parsed, language=call.caller.language)


def _log(
    call: CommandCall,
    outcome: str,
    started: float,
    *,
    query: BulkSendQuery | None = None,
    pages: int = 0,
    requests: int = 0,
) -> None:
    logger.info(
        "command %s",
        outcome,
        extra={
            "fields": {
                "user": call.caller.user_id,
                "channel": call.channel_id,
                "query": query.to_json() if query else None,
                "pages": pages,
                "requests": requests,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
        },
    )
