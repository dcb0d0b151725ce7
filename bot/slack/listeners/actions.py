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

from bot.message import actions, build_summary_message
from bot.message.details import build_details_message
from bot.message.notices import with_shared_by
from bot.message.slack import SlackMessage
from bot.query.codec import StateError, ViewState
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
    message = await _summary(services, state, interactive=True)
    await send_response(respond, message, replace_original=True)


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
    message = await _summary(services, state, interactive=False)
    shared = with_shared_by(message, body["user"]["id"], state.query.language)
    await client.chat_postMessage(channel=body["channel"]["id"], **shared.to_dict())


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


async def _summary(services: SlackServices, state: ViewState, *, interactive: bool) -> SlackMessage:
    query = state.query
    answer = await services.account.answer(query)
    return build_summary_message(
        query,
        answer.report,
        demo=answer.demo,
        page=state.page,
        interactive=interactive,
        today=answer.today,
    )
