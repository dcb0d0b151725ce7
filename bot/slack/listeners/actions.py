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

from bot.domain.slack_ids import DIRECT_MESSAGE_ID
from bot.locale.choice import Written, reply_language
from bot.message import actions
from bot.message.answer import build_answer_message
from bot.message.details import (
    build_details_loading_view,
    build_details_message,
    build_details_view,
)
from bot.message.newer import Refused
from bot.message.notices import build_already_shared, with_shared_by
from bot.message.slack import SlackMessage
from bot.query.codec import StateError, ViewState
from bot.query.model import BulkSendQuery
from bot.service.questions import Answer
from bot.slack.fallback import post_with_fallback
from bot.slack.listeners.errors import remember_language
from bot.slack.payloads import read_view_state
from bot.slack.replies import acknowledging, send_response
from bot.slack.services import SlackServices
from bot.slack.share import share_once


def register(app: AsyncApp) -> None:
    for action_id in (actions.PAGE_PREV, actions.PAGE_NEXT, actions.ONLY_PROBLEMS):
        app.action(action_id)(handle_view)
    app.action(actions.SHARE)(handle_share)
    app.action(actions.DETAILS)(handle_details)
    app.action(actions.ASK_IDS)(handle_ask)


async def handle_view(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """Previous / Next / Only problems: the button's value already holds the question
    (narrowed to failed + partial for Only problems) and the page to show. In a direct
    message (the app's messages, where the Home tab's answers go) there is no Share."""
    await acknowledging(ack)()
    state = _state(action, context)
    answer = await services.account.answer(state.query)
    channel = str(_mapping(body.get("channel")).get("id") or "")
    shareable = not DIRECT_MESSAGE_ID.match(channel)
    await post_with_fallback(
        lambda refused: _message(services, answer, state, refused, shareable=shareable),
        lambda message: send_response(respond, message, replace_original=True),
        support=services.block_support,
        workspace=services.workspace,
    )


async def handle_share(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """Post the same answer for everyone in the channel, once, saying who shared it.

    A second click on the same answer (by anyone, on any replica) posts nothing: it is
    told where the first one is. The copy keeps what makes sense for everyone (Details).
    """
    await acknowledging(ack)()
    state = _state(action, context)
    language = state.query.language
    channel, user = body["channel"]["id"], body["user"]["id"]

    async def post_the_answer() -> str:
        answer = await services.account.answer(state.query)

        def build(refused: Refused) -> SlackMessage:
            message = build_answer_message(
                answer, now=services.clock(), page=state.page, refused=refused, shared=True
            )
            return with_shared_by(message, user, language)

        async def post(message: SlackMessage) -> str:
            response = await client.chat_postMessage(channel=channel, **message.to_dict())
            return str(response.get("ts") or "")

        return await post_with_fallback(
            build, post, support=services.block_support, workspace=services.workspace
        )

    container = body.get("container") or {}
    done = await share_once(
        services,
        channel_id=channel,
        user_id=user,
        answer_ts=str(container.get("message_ts") or ""),
        button=str(action.get("value") or ""),
        post=post_the_answer,
        client=client,
    )
    if not done.posted_now:
        # Told to whoever clicked, in their own language (else the answer's, which they read).
        clicker = await services.caller(user)
        speaks = reply_language(
            user=clicker.user_language,
            written=Written((language,)),
            company=clicker.company_language,
        )
        remember_language(context, speaks)
        share = done.share
        told = build_already_shared(
            share.shared_by, channel, share.permalink, speaks, posted=share.posted
        )
        await send_response(respond, told)


async def handle_details(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond | None,
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """How a send went, when, its numbers and why messages failed: for the clicker only,
    in the clicker's own language and zone (a shared answer's Details are anyone's).

    Beside the answer it came from; from the Home tab, which has no conversation to
    answer in, in a modal opened at once (Slack's trigger lasts 3 s) and filled in after.
    """
    await acknowledging(ack)()
    state = _state(action, context)
    if state.send_id is None:
        raise StateError("a Details button without a send id")
    caller = await services.caller(body["user"]["id"])
    remember_language(context, caller.language)
    opened: Any = None
    if respond is None or not respond.response_url:
        loading = build_details_loading_view(caller.language)
        opened = await client.views_open(trigger_id=body["trigger_id"], view=loading)
    details = await services.account.details(state.send_id)
    message = build_details_message(
        details.detail,
        details.reasons,
        language=caller.language,
        timezone=caller.timezone,
        now=services.clock(),
        demo=services.demo,
        sample=details.sample,
    )
    if respond is not None and opened is None:
        await send_response(respond, message)
        return
    shown = opened.get("view") or {}
    view = build_details_view(message, caller.language)
    await client.views_update(view_id=shown.get("id"), hash=shown.get("hash"), view=view)


async def handle_ask(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond | None,
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: SlackServices,
) -> None:
    """A question asked in one click (the button's value), in the clicker's language and
    zone. From a message (the hello a greeting gets), the answer takes that message's
    place, for the clicker only. From the Home tab, which has no conversation, it goes to
    the app's messages (the tab beside Home, where Slack shows it) with the buttons that
    make sense there: paging, Only problems, Details; no Share, which would post in that
    same conversation, for nobody else."""
    await acknowledging(ack)()
    caller = await services.caller(body["user"]["id"])
    remember_language(context, caller.language)
    question = str(action.get("value") or "")[:MAX_QUESTION]
    parsed = await services.account.parse(
        question, caller.timezone, user_language=caller.user_language
    )
    if not isinstance(parsed, BulkSendQuery):
        raise StateError("a question button that is not a question")
    answer = await services.account.answer(parsed)

    in_place = respond is not None and bool(respond.response_url)
    channel = str(_mapping(body.get("channel")).get("id") or "")
    shareable = in_place and not DIRECT_MESSAGE_ID.match(channel)

    def build(refused: Refused) -> SlackMessage:
        return build_answer_message(
            answer, now=services.clock(), page=0, refused=refused, shareable=shareable
        )

    async def post(message: SlackMessage) -> None:
        if respond is not None and in_place:
            await send_response(respond, message, replace_original=True)
        else:
            await client.chat_postMessage(channel=caller.user_id, **message.to_dict())

    await post_with_fallback(
        build, post, support=services.block_support, workspace=services.workspace
    )


#: The longest question a button may carry (ours are a few words).
MAX_QUESTION = 500


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
    shareable: bool,
) -> SlackMessage:
    return build_answer_message(
        answer, now=services.clock(), page=state.page, refused=refused, shareable=shareable
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
