"""``/bulksends``: acknowledge at once, then answer through the response_url.

The ack must reach Slack within 3 seconds (the aim is well under 100 ms, even for 50
commands at once), so nothing before it waits on Mindo and little on Slack: the preview
parse is pure, and the caller's profile (their zone, for the dates in "Looking up failed
bulk sends for Nov 10–16…") gets ``services.ack_wait``. A first command in the hour rarely
has it by then: its ack names only the statuses, in the language of the words, while the
``users.info`` lookup goes on; the answer itself always uses the profile. Help and
questions the parser rejects outright are answered in the ack itself. Failures after the
ack go to the app's error handler (``bot.slack.listeners.errors``), which knows what to
tell whom.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.slack_ids import DIRECT_MESSAGE_ID
from bot.locale.languages import Language
from bot.message import build_help_message, build_query_error_message, looking_up_text
from bot.message.answer import build_answer_message
from bot.message.describe import waiting_text
from bot.query.model import BulkSendQuery, HelpRequest, ParsedRequest, QueryError
from bot.service.account import FALLBACK_TIMEZONE
from bot.slack.fallback import post_with_fallback
from bot.slack.listeners.errors import remember_language
from bot.slack.replies import Ack, acknowledging, ephemeral, send_response
from bot.slack.services import CommandCall, SlackServices

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
    """Route ``/bulksends <text>`` to its sub-command; anything else is a question.

    Sub-commands get the whole profile before they acknowledge (roles decide what they may
    do); questions do not wait for it.
    """
    handler, text = services.subcommands.route(command.get("text") or "")
    if handler is None:
        await answer_question(text, command, acknowledging(ack), respond, context, services)
        return
    caller = await services.caller(command["user_id"])
    remember_language(context, caller.language)
    await handler(CommandCall(text, command, caller, services, acknowledging(ack), respond, client))


async def answer_question(
    text: str,
    command: Mapping[str, Any],
    ack: Ack,
    respond: AsyncRespond,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """A question about bulk sends: ack with what is being looked up, then the answer.

    The question is parsed once when the caller's profile arrives before the ack (the
    usual case): that parse serves the ack and the answer. Without the profile, the ack
    reads it in UTC only to name the statuses, and the answer parses it in the caller's
    zone; a word that may be one of the account's templates waits for those too.
    """
    started = time.perf_counter()
    account = services.account
    lookup = asyncio.ensure_future(services.caller(command["user_id"]))
    known = await services.caller_soon(lookup)
    parsed: ParsedRequest | None = None  # the question in the caller's own zone
    preview: ParsedRequest | None
    try:
        preview = account.read(
            text,
            known.timezone if known else FALLBACK_TIMEZONE,
            user_language=known.user_language if known else None,
        )
        if known is not None:
            parsed = preview
    except QueryError as error:
        # Too long, or a range in the future: the account can't help. Whether a date is
        # in the future depends on the caller's zone, so without it the answer waits.
        if known is not None and not error.unrecognized:
            remember_language(context, error.language)
            await ack(**ephemeral(build_query_error_message(error)))
            _log(known.user_id, command, "not_understood", started)
            return
        preview = None  # the unknown word may be one of the account's templates
        language = error.language
    else:
        if isinstance(preview, HelpRequest):
            await ack(**ephemeral(build_help_message(preview.language, demo=services.demo)))
            _log(command["user_id"], command, "help", started)
            return
        language = preview.language  # the one rule's, with what is known by now
    remember_language(context, language)
    await ack(
        text=_looking_up(preview, language, dated=known is not None), response_type="ephemeral"
    )

    caller = known or await lookup
    remember_language(context, caller.user_language or language)
    async with account.question():  # one time budget for parse and answer
        if parsed is None:
            parsed = await account.parse(text, caller.timezone, user_language=caller.user_language)
        else:
            parsed = await account.confirm(parsed)
        remember_language(context, parsed.language)
        if isinstance(parsed, HelpRequest):
            await send_response(respond, build_help_message(parsed.language, demo=services.demo))
            return
        answer = await account.answer(parsed)
    # Tables and charts where the caller's workspace takes them; at once without if not.
    shareable = not DIRECT_MESSAGE_ID.match(str(command.get("channel_id") or ""))
    await post_with_fallback(
        lambda refused: build_answer_message(
            answer, now=services.clock(), refused=refused, shareable=shareable
        ),
        lambda message: send_response(respond, message),
        support=services.block_support,
        workspace=services.workspace,
    )
    _log(
        caller.user_id,
        command,
        "answered",
        started,
        query=parsed,
        pages=answer.pages,
        requests=answer.requests,
    )


def _looking_up(preview: BulkSendQuery | None, language: Language, *, dated: bool) -> str:
    """ "Looking up failed bulk sends for Nov 10–16…"; without the caller's zone, no dates."""
    if preview is None:
        return waiting_text(None, language)
    if dated:
        return looking_up_text(preview)
    return waiting_text(preview, language)


def _log(
    user_id: str,
    command: Mapping[str, Any],
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
                "team": command.get("team_id"),
                "user": user_id,
                "channel": command.get("channel_id"),
                "query": query.to_json() if query else None,
                "pages": pages,
                "requests": requests,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
        },
    )
