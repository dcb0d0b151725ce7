"""The answer's buttons: page, narrow to problems, share in the channel, details of a send.

Each button's value holds the whole question (``bot.query.codec``), so whichever replica
of the app gets the click can serve it: the question is asked again and the new message
replaces the old, or is posted beside it. Every click is acknowledged before any work.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.message import actions
from bot.message.answer import build_answer_message
from bot.message.details import build_details_message
from bot.message.newer import Refused
from bot.message.notices import with_shared_by
from bot.message.slack import SlackMessage
from bot.query.codec import StateError, ViewState
from bot.service.questions import Answer
from bot.slack.fallback import post_with_fallback
from bot.slack.listeners.errors import remember_language
from bot.slack.payloads import read_view_state
from bot.slack.replies import acknowledging, send_response
from bot.slack.services import SlackServices


def register(app: AsyncApp) -> None:
    for action_id in (actions.PAGE_PREV, actions.PAGE_NEXT, actions.ONLY_PROBLEMS):
        app.action(action_id)(handle_view)
    app.action(actions.SHARE)(handle_share)
    app.action(actions.DETAILS)(handle_details)


async def handle_view(
    ack: AsyncAck,
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """Previous / Next / Only problems: the button's value already holds the question
    (narrowed to failed + partial for Only problems) and the page to show."""
    await acknowledging(ack)()
    state = _state(action, context)
    answer = await services.account.answer(state.query)
    await post_with_fallback(
        lambda refused: _message(services, answer, state, refused, interactive=True),
        lambda message: send_response(respond, message, replace_original=True),
        support=services.block_support,
        team=context.team_id,
    )


async def handle_share(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """Post the same answer visibly in the channel, without buttons, saying who shared it."""
    await acknowledging(ack)()
    state = _state(action, context)
    answer = await services.account.answer(state.query)

    def build(refused: Refused) -> SlackMessage:
        message = _message(services, answer, state, refused, interactive=False)
        return with_shared_by(message, body["user"]["id"], state.query.language)

    async def post(message: SlackMessage) -> None:
        await client.chat_postMessage(channel=body["channel"]["id"], **message.to_dict())

    await post_with_fallback(build, post, support=services.block_support, team=context.team_id)


async def handle_details(
    ack: AsyncAck,
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """Who created a send, its timing, and its top failure reasons: for the clicker only."""
    await acknowledging(ack)()
    state = _state(action, context)
    if state.send_id is None:
        raise StateError("a Details button without a send id")
    details = await services.account.details(state.send_id)
    message = build_details_message(
        details.detail,
        details.reasons,
        language=state.query.language,
        timezone=state.query.timezone,
        now=services.clock(),
        demo=services.demo,
        sample=details.sample,
    )
    await send_response(respond, message)


def _state(action: dict[str, Any], context: AsyncBoltContext) -> ViewState:
    state = read_view_state(action.get("value"))
    remember_language(context, state.query.language)
    return state


def _message(
    services: SlackServices,
    answer: Answer,
    state: ViewState,
    refused: Refused,
    *,
    interactive: bool,
) -> SlackMessage:
    return build_answer_message(
        answer, now=services.clock(), page=state.page, interactive=interactive, refused=refused
    )
