"""``/bulksends``: acknowledge at once, then answer through the response_url.

The ack must reach Slack within 3 seconds (the aim is well under 100 ms, even for 50
commands at once), so nothing before it waits on Mindo and little on Slack: the preview
parse is pure, and the caller's profile gets ``services.ack_wait``. Help and questions the
parser rejects outright are answered in the ack itself; any other ack is empty, since
Slack can replace neither a command's ack nor what its response_url posted (bolt-python
#1268): a "Looking up…" there would stay above the answer for good. Only an answer slower
than ``services.placeholder_wait`` is announced ("Looking up failed bulk sends for Nov
10–16…"; without the dates when the profile had not come by the ack), and the answer, or
the error, is then sent with ``replace_original`` for the clients that honour it. Failures
after the ack go to the app's error handler (``bot.slack.listeners.errors``), which knows
what to tell whom.
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
from bot.message.blocks import paragraph
from bot.message.describe import waiting_text
from bot.message.help import build_help_reply
from bot.query.model import BulkSendQuery, HelpRequest, ParsedRequest, QueryError
from bot.query.small_talk import says_nothing
from bot.service.account import FALLBACK_TIMEZONE
from bot.service.questions import Answer
from bot.slack.fallback import post_with_fallback
from bot.slack.listeners.errors import remember_language, remember_placeholder
from bot.slack.replies import (
    Ack,
    acknowledging,
    ephemeral,
    send_response,
    sooner_or_announced,
)
from bot.slack.services import Caller, CommandCall, SlackServices

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
    if says_nothing(text):  # a bare /bulksends: what can be asked, in their language
        if known is not None:
            remember_language(context, known.language)
            await ack(**ephemeral(build_help_message(known.language, demo=services.demo)))
        else:
            await ack()
            caller = await lookup
            remember_language(context, caller.language)
            await send_response(respond, build_help_message(caller.language, demo=services.demo))
        _log(command["user_id"], command, "help", started)
        return
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
            await ack(**ephemeral(build_help_reply(preview, demo=services.demo)))
            _log(command["user_id"], command, "help", started)
            return
        language = preview.language  # the one rule's, with what is known by now
    remember_language(context, language)
    # Slack cannot replace a command's ack, nor a message posted to its response_url: a
    # "Looking up…" sent now would stay above the answer for good. The ack shows nothing;
    # only an answer slower than ``services.placeholder_wait`` is announced, and that
    # word is then replaced where Slack allows it (``replace_original``).
    await ack()
    waiting = paragraph(_looking_up(preview, language, dated=known is not None))

    async def work() -> tuple[Caller, ParsedRequest, Answer | None]:
        caller = known or await lookup
        remember_language(context, caller.user_language or language)
        async with account.question():  # one time budget for parse and answer
            if parsed is None:
                read = await account.parse(
                    text, caller.timezone, user_language=caller.user_language
                )
            else:
                read = await account.confirm(parsed)
            remember_language(context, read.language)
            if isinstance(read, HelpRequest):
                return caller, read, None
            return caller, read, await account.answer(read)

    async def announce() -> None:
        await send_response(respond, waiting)
        remember_placeholder(context)

    (caller, read, answer), announced = await sooner_or_announced(
        work(), wait=services.placeholder_wait, announce=announce
    )
    if isinstance(read, HelpRequest) or answer is None:
        assert isinstance(read, HelpRequest)
        help_message = build_help_reply(read, demo=services.demo)
        await send_response(respond, help_message, replace_original=announced)
        return
    # Tables and charts where the caller's workspace takes them; at once without if not.
    shareable = not DIRECT_MESSAGE_ID.match(str(command.get("channel_id") or ""))
    await post_with_fallback(
        lambda refused: build_answer_message(
            answer, now=services.clock(), refused=refused, shareable=shareable
        ),
        lambda message: send_response(respond, message, replace_original=announced),
        support=services.block_support,
        workspace=services.workspace,
    )
    _log(
        caller.user_id,
        command,
        "answered",
        started,
        query=read,
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
                "action": "question",
                "outcome": outcome,
                "query": query.to_json() if query else None,
                "pages": pages,
                "requests": requests,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
        },
    )
