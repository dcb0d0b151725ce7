"""The app's one error handler, called directly: what reaches whom, and what is logged.

Which words answer which failure is tested with the words (``reply_for``); here, where
they go: into the ack when nothing was acknowledged yet, to the response_url of a
command or a button, onto the Home tab of whoever opened it, or nowhere.
"""

from __future__ import annotations

import json
import logging
from typing import Any, cast

import aiohttp
import pytest
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse

from bot.mindo.errors import MindoUnavailableError
from bot.query.codec import StateError
from bot.query.model import QueryError
from bot.slack.listeners.errors import handle_error, remember_language
from bot.slack.replies import ResponseUrlError
from tests.fakes.bolt import Responses, WebClient, context
from tests.fakes.slack_requests import action_payload, command_payload
from tests.slack.conftest import ENGLISH, MEMBER
from tests.slack.harness import text_of

COMMAND = command_payload("failed", user=ENGLISH, channel=MEMBER, response_url="x")
HOME: dict[str, Any] = {
    "type": "event_callback",
    "event": {"type": "app_home_opened", "user": ENGLISH},
}
DOWN = MindoUnavailableError("down", method="GET", url="https://mindo.test/api/v1/x")


async def handled(
    error: Exception,
    body: dict[str, Any],
    *,
    acked: bool = True,
    respond: Responses | None = None,
    language: str | None = None,
) -> tuple[BoltResponse | None, WebClient]:
    client = WebClient()
    bolt_context = context()
    if language:
        remember_language(bolt_context, language)  # type: ignore[arg-type]
    pending = None if acked else BoltResponse(status=200, body="")
    answer = await handle_error(
        error, body, pending, cast(AsyncRespond, respond), client.as_client(), bolt_context
    )
    assert client.problems == [] and (respond is None or respond.problems == [])
    return answer, client


async def test_before_the_ack_the_ack_itself_carries_the_words() -> None:
    respond = Responses()
    answer, client = await handled(DOWN, COMMAND, acked=False, respond=respond)
    assert answer is not None and answer.status == 200
    assert answer.headers["content-type"] == ["application/json; charset=utf-8"]
    shown = json.loads(answer.body)
    assert shown["response_type"] == "ephemeral" and "isn't answering" in shown["text"]
    assert respond.messages == [] and client.calls == []


async def test_after_the_ack_a_command_or_a_button_is_answered_on_its_response_url() -> None:
    respond = Responses()
    answer, client = await handled(DOWN, COMMAND, respond=respond)
    assert answer is None and client.calls == []
    told = respond.only
    assert (told["response_type"], told["replace_original"]) == ("ephemeral", False)
    assert "isn't answering" in text_of(told)


async def test_the_words_follow_the_language_the_listener_noted() -> None:
    respond = Responses()
    await handled(StateError("x"), COMMAND, respond=respond, language="es")
    assert "respuesta" in text_of(respond.only).lower()


async def test_a_home_tab_that_failed_shows_why_on_the_tab() -> None:
    answer, client = await handled(DOWN, HOME)
    assert answer is None
    (published,) = client.calls_to("views.publish")
    assert published["user_id"] == ENGLISH
    assert published["view"]["type"] == "home"
    assert "isn't answering" in text_of(published["view"])


async def test_a_spent_response_url_gets_nothing_more() -> None:
    respond = Responses()
    answer, client = await handled(ResponseUrlError(404, "expired_url"), COMMAND, respond=respond)
    assert answer is None and respond.messages == [] and client.calls == []


async def test_failing_to_tell_the_user_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Unreachable(Responses):
        async def __call__(self, **message: Any) -> Any:
            raise aiohttp.ClientConnectionError("gone")

    assert (await handled(DOWN, COMMAND, respond=Unreachable()))[0] is None
    client = WebClient()
    client.refuse["views.publish"] = "not_enabled"
    bolt_context = context()
    await handle_error(DOWN, HOME, None, None, client.as_client(), bolt_context)
    told = [r.getMessage() for r in caplog.records if "could not tell the user" in r.getMessage()]
    assert len(told) == 2


async def test_expected_failures_are_one_line_and_the_rest_keep_their_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack.listeners.errors")
    await handled(QueryError("lsat?", ("lsat",)), COMMAND, respond=Responses())
    await handled(DOWN, COMMAND, respond=Responses())
    await handled(RuntimeError("secret internals"), COMMAND, respond=Responses())
    records = [r for r in caplog.records if r.name == "bot.slack.listeners.errors"]
    assert [(r.levelno, r.exc_info is not None) for r in records] == [
        (logging.INFO, False),
        (logging.WARNING, False),
        (logging.ERROR, True),
    ]
    fields = [r.fields for r in records]  # type: ignore[attr-defined]
    where = {"team": "T0FAKE", "user": ENGLISH, "channel": MEMBER, "action": "/bulksends"}
    assert fields == [
        {**where, "outcome": "not_understood"},
        {**where, "outcome": "mindo_unavailable"},
        {**where, "outcome": "internal_error"},
    ]


async def test_where_is_read_from_any_payload_shape_and_kept_short(
    caplog: pytest.LogCaptureFixture,
) -> None:
    click = action_payload("x", "v", user="U" + "A" * 500, channel=MEMBER, response_url="x")
    odd = {"user": "not-an-object", "channel": ["a", "list"], "event": "a string"}
    for body in (click, odd, {}):
        answer, _ = await handled(RuntimeError("boom"), body, respond=Responses())
        assert answer is None
    where = [r.fields for r in caplog.records if r.getMessage() == "unexpected failure"]  # type: ignore[attr-defined]
    assert where == [
        {
            "team": "T0FAKE",
            "user": "U" + "A" * 39,
            "channel": MEMBER,
            "action": "block_actions",
            "outcome": "internal_error",
        },
        {"team": None, "user": None, "channel": None, "action": None, "outcome": "internal_error"},
        {"team": None, "user": None, "channel": None, "action": None, "outcome": "internal_error"},
    ]
