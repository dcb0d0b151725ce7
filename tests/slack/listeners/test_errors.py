"""Which friendly message answers which failure (the error handler's mapping)."""

import json

import pytest
from slack_sdk.errors import SlackApiError, SlackObjectFormationError
from slack_sdk.web.slack_response import SlackResponse

from bot.mindo.errors import (
    AuthenticationError,
    BadRequestError,
    MindoUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    UnreadableResponseError,
)
from bot.query.codec import StateError
from bot.query.model import QueryError
from bot.slack.listeners.errors import reply_for
from bot.slack.replies import ResponseUrlError


def slack_error(code: str) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.invalid/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": code},
        headers={},
        status_code=200,
    )
    return SlackApiError("refused", response)  # type: ignore[no-untyped-call]


def said(error: Exception, language: str = "en") -> str:
    message = reply_for(error, language)  # type: ignore[arg-type]
    assert message is not None
    return json.dumps(message.to_dict(), ensure_ascii=False)


URL = "https://api.mindosoftware.com/api/v1/x"


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (AuthenticationError("no", method="GET", url=URL), "Mindo rejected the API key"),
        (PermissionDeniedError("no", method="GET", url=URL), "can't see that"),
        (NotFoundError("no", method="GET", url=URL), "couldn't find that"),
        (BadRequestError("no", method="GET", url=URL), "didn't accept the search"),
        (MindoUnavailableError("no", method="GET", url=URL), "isn't answering right now"),
        (UnreadableResponseError("no", method="GET", url=URL), "couldn't read"),
        (QueryError("I didn't understand *lsat*.", ("lsat",)), "lsat"),
        (StateError("garbage"), "older answer"),
        (slack_error("channel_not_found"), "/invite @bulksends"),
        (slack_error("not_in_channel"), "/invite @bulksends"),
        (slack_error("is_archived"), "archived"),
        (slack_error("restricted_action"), "Only some people may post"),
        (slack_error("ratelimited"), "Slack didn't accept"),
        (ResponseUrlError(400, "invalid_blocks"), "Slack didn't accept"),
        (SlackObjectFormationError("too many blocks"), "Slack didn't accept"),
        (RuntimeError("boom at line 3"), "Something went wrong on our side"),
    ],
)
def test_every_failure_has_its_own_friendly_words(error: Exception, words: str) -> None:
    text = said(error)
    assert words in text
    assert "Traceback" not in text and "boom" not in text


def test_the_words_follow_the_users_language() -> None:
    assert "Mindo no responde" in said(MindoUnavailableError("x", method="GET", url=URL), "es")
    assert "me convide" in said(slack_error("channel_not_found"), "pt")


def test_nothing_can_be_said_through_a_spent_response_url() -> None:
    assert reply_for(ResponseUrlError(404, "expired_url"), "en") is None
    assert reply_for(ResponseUrlError(404, "used_url"), "en") is None
