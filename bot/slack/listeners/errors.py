"""The app's one error handler: log the failure, then tell the user in plain words.

Listeners do not catch errors; whatever escapes them lands here. Expected failures
(a question not understood, Mindo down, a channel the app is not in) are logged in one
line; anything else with its traceback, in the logs only. The user hears about it where
they are: in the ack if it has not been sent, through the response_url for commands and
buttons, in the app's messages for buttons without one (the Home tab's), or in the Home
tab itself.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError, SlackObjectFormationError
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.refusals import SlackRefusal
from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.message.connect import build_connect_prompt
from bot.message.errors import (
    Trouble,
    build_error_message,
    build_mindo_error_message,
    build_query_error_message,
)
from bot.message.home import build_home_error_view
from bot.message.notices import Notice, build_notice, build_refusal_notice
from bot.message.slack import SlackMessage
from bot.mindo.errors import MindoError
from bot.query.codec import StateError
from bot.query.model import QueryError
from bot.service.accounts import NotConnectedError
from bot.slack.replies import ResponseUrlError, ephemeral, send_response
from bot.slack.services import STARTED_KEY
from bot.slack.web_api import slack_error_code

logger = logging.getLogger(__name__)

_LANGUAGE_KEY = "bulksends_language"
_PLACEHOLDER_KEY = "bulksends_placeholder"
_TOLD_KEY = "bulksends_told"

#: response_url errors after which nothing more can be said through it.
SPENT_URL = frozenset({"expired_url", "used_url"})


def register(app: AsyncApp) -> None:
    app.error(handle_error)


def remember_language(context: AsyncBoltContext, language: Language) -> None:
    """Listeners note the user's language early, so an error can be told in it."""
    context[_LANGUAGE_KEY] = language


def remember_told(context: AsyncBoltContext) -> None:
    """The listener already showed the person what went wrong: the handler only logs it."""
    context[_TOLD_KEY] = True


def remember_placeholder(context: AsyncBoltContext) -> None:
    """A "Looking up…" was posted to the response_url: what follows replaces it."""
    context[_PLACEHOLDER_KEY] = True


async def handle_error(
    error: Exception,
    body: dict[str, Any],
    response: BoltResponse | None,
    respond: AsyncRespond | None,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> BoltResponse | None:
    _log(error, body, context.get(STARTED_KEY))
    language: Language = context.get(_LANGUAGE_KEY, DEFAULT_LANGUAGE)
    message = None if context.get(_TOLD_KEY, False) else reply_for(error, language)
    if message is None:
        return None
    if response is not None:  # not acknowledged yet: the ack carries the explanation
        return BoltResponse(
            status=200,
            body=json.dumps(ephemeral(message)),
            headers={"content-type": "application/json; charset=utf-8"},
        )
    event = _mapping(body.get("event"))
    try:
        if respond is not None and respond.response_url:
            replace = bool(context.get(_PLACEHOLDER_KEY, False))
            await send_response(respond, message, replace_original=replace)
        elif body.get("type") == "block_actions" and _mapping(body.get("user")).get("id"):
            # A button on the Home tab or in a modal: no conversation to answer in, so
            # the app's messages with the person.
            user = _mapping(body.get("user"))["id"]
            await client.chat_postMessage(channel=user, **message.to_dict())
        elif event.get("type") == "app_home_opened":
            view = build_home_error_view(message)
            await client.views_publish(user_id=event["user"], view=view.to_dict())
    except (SlackClientError, ResponseUrlError, aiohttp.ClientError, TimeoutError) as failure:
        logger.warning("could not tell the user about %s: %s", type(error).__name__, failure)
    return None


def reply_for(error: Exception, language: Language) -> SlackMessage | None:
    """What to tell the user about ``error``; None when there is no way to tell them."""
    if isinstance(error, QueryError):
        return build_query_error_message(error)
    if isinstance(error, NotConnectedError):  # the workspace's Mindo key went meanwhile
        return build_connect_prompt(language, admin=False)
    if isinstance(error, MindoError):
        return build_mindo_error_message(error, language)
    if isinstance(error, StateError):
        return build_notice(Notice.STALE, language)
    if isinstance(error, SlackApiError):
        return build_refusal_notice(SlackRefusal.of(slack_error_code(error)), language)
    if isinstance(error, ResponseUrlError):
        return None if error.reason in SPENT_URL else build_notice(Notice.SLACK, language)
    if isinstance(error, SlackObjectFormationError):
        return build_notice(Notice.SLACK, language)
    return build_error_message(Trouble.INTERNAL, language)


def _log(error: Exception, body: dict[str, Any], started: float | None) -> None:
    """The request's one line: what it was, how it ended, how long it took."""
    where = {**_where(body), "outcome": _outcome(error)}
    if started is not None:
        where["ms"] = round((time.perf_counter() - started) * 1000, 1)
    if isinstance(error, QueryError):
        logger.info("question not understood", extra={"fields": where})
    elif isinstance(error, NotConnectedError):
        logger.info("asked before Mindo was connected", extra={"fields": where})
    elif isinstance(error, MindoError | StateError):
        logger.warning("%s: %s", type(error).__name__, error, extra={"fields": where})
    elif isinstance(error, SlackApiError):
        logger.warning("Slack refused: %s", slack_error_code(error), extra={"fields": where})
    elif isinstance(error, ResponseUrlError):
        logger.warning("%s", error, extra={"fields": where})
    else:
        logger.error("unexpected failure", exc_info=error, extra={"fields": where})


def _outcome(error: Exception) -> str:
    """In a word, for the log line."""
    if isinstance(error, QueryError):
        return "not_understood"
    if isinstance(error, NotConnectedError):
        return "not_connected"
    if isinstance(error, MindoError):
        return error.kind.value
    if isinstance(error, StateError):
        return "stale_button"
    if isinstance(error, SlackApiError | ResponseUrlError):
        return "slack_refused"
    return "internal_error"


def _where(body: dict[str, Any]) -> dict[str, Any]:
    """Who and where, from any kind of payload (command, block action or event)."""
    user = body.get("user_id") or _mapping(body.get("user")).get("id")
    channel = body.get("channel_id") or _mapping(body.get("channel")).get("id")
    event = _mapping(body.get("event"))
    team = body.get("team_id") or _mapping(body.get("team")).get("id")
    fields = {
        "team": team,
        "user": user or event.get("user"),
        "channel": channel,
        "action": body.get("command") or body.get("type"),
    }
    return {key: str(value)[:40] if value is not None else None for key, value in fields.items()}


def _mapping(value: Any) -> dict[str, Any]:
    """A part of the payload that should be an object; anything else reads as empty."""
    return value if isinstance(value, dict) else {}
