"""The request path end to end: signed HTTP requests into the app the composition root
builds, its answers through a fake Slack, its reads from a fake Mindo.

Only what needs the whole path is here: the signature, Bolt's ack and response_url, the
error handler reached through Bolt, the Web API client's retries, logging. What each
listener decides is tested by calling it directly (tests/slack/listeners/).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.demo.api import Fault
from bot.domain.dates import DateRange
from bot.domain.sends import Status
from bot.logs import JsonFormatter
from bot.message import actions
from bot.message.answer import build_answer_message
from bot.query.codec import decode_state
from bot.query.model import BulkSendQuery
from bot.query.parser import parse_query
from bot.report import Totals, summarise
from bot.service.questions import Answer
from bot.slack.services import CommandCall
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import SlackRequest, slash_command
from tests.slack.conftest import ENGLISH, PUBLIC, SPANISH
from tests.slack.harness import (
    MINDO_KEY,
    SIGNING_SECRET,
    Harness,
    buttons,
    eventually,
    running_app,
    text_of,
)


@pytest.fixture
async def app(slack: FakeSlackApi) -> AsyncIterator[Harness]:
    async with running_app(slack) as harness:
        yield harness


def expected_summary(harness: Harness, text: str, timezone: str) -> dict[str, object]:
    """The answer computed the slow, obvious way from the fake's own data."""
    query = parse_query(text, now=WEDNESDAY_LUNCHTIME, tz=timezone)
    assert isinstance(query, BulkSendQuery)
    zone = ZoneInfo(timezone)
    sends = [
        s
        for s in harness.mindo.dataset.sends
        if (not query.statuses or s.status in query.statuses)
        and query.range.contains(s.created_at.astimezone(zone).date())
    ]
    today = WEDNESDAY_LUNCHTIME.astimezone(zone).date()
    answer = Answer(query, summarise(sends), False, 0, 0, 0.0, today)
    if query.statuses == {Status.FAILED} and query.metric is None:
        # Messages that failed inside the range's other sends, said beside the failed ones.
        others = [
            s
            for s in harness.mindo.dataset.sends
            if s.status is not Status.FAILED
            and s.failed_count
            and query.range.contains(s.created_at.astimezone(zone).date())
        ]
        answer = replace(answer, failed_elsewhere=Totals.of(others))
    message = build_answer_message(answer, now=WEDNESDAY_LUNCHTIME).to_dict()
    return {**message, "response_type": "ephemeral", "replace_original": False}


async def test_a_question_is_acknowledged_then_answered_with_exact_numbers(app: Harness) -> None:
    reply = await app.command("failed last week")
    assert reply.status == 200
    assert reply.ack is None  # an empty ack: nothing to take back once the answer comes
    answer = await app.answer(reply)
    assert answer == expected_summary(app, "failed last week", BUENOS_AIRES)
    state = decode_state(buttons(answer)[actions.SHARE][0])
    assert state.query.statuses == {Status.FAILED}
    assert state.query.range == DateRange(date(2026, 11, 9), date(2026, 11, 15))
    assert "last week" in answer["text"]


@pytest.mark.parametrize(
    ("secret", "age"),
    [("not-the-signing-secret", 0), (SIGNING_SECRET, 6 * 60)],
    ids=["wrong signature", "stale timestamp"],
)
async def test_unsigned_or_replayed_requests_are_refused(
    app: Harness, secret: str, age: int
) -> None:

    request = slash_command(
        "failed", user=ENGLISH, channel="C1", response_url=app.slack.response_url()
    )
    status, _ = await app.send(request, secret=secret, timestamp=int(time.time()) - age)
    assert status == 401
    async with app.session.post(app.url + "/slack/events", data=request.body) as response:
        assert response.status == 401  # no signature headers at all
    assert app.mindo.requests == []
    assert app.slack.calls_to("users.info") == []


async def test_an_unexpected_failure_reaches_slack_as_plain_words_only(app: Harness) -> None:
    async def broken(call: CommandCall) -> None:
        await call.ack(text="on it")
        raise RuntimeError("secret internals at line 42")

    async def broken_before_ack(call: CommandCall) -> None:
        raise RuntimeError("secret internals before the ack")

    app.services.subcommands.add(broken, "broken")
    app.services.subcommands.add(broken_before_ack, "early")
    broken_reply = await app.command("broken")
    assert (broken_reply.status, broken_reply.ack) == (200, {"text": "on it"})  # the ack holds
    text = text_of(await app.answer(broken_reply))
    assert "Something went wrong on our side" in text and "internals" not in text
    early = await app.command("early")
    assert early.status == 200
    assert "Something went wrong on our side" in text_of(early.ack)
    assert "internals" not in text_of(early.ack)


async def test_one_log_line_per_command_and_no_secrets_in_any(
    app: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await app.answer(await app.command("failed last week", user=SPANISH))

    def lines() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.getMessage() == "command answered"]

    await eventually(lambda: len(lines()) == 1)
    (line,) = lines()
    fields = line.fields  # type: ignore[attr-defined]
    assert fields["user"] == SPANISH and fields["channel"] == "CMEMBER"
    assert fields["query"]["statuses"] == ["FAILED"] and fields["pages"] >= 1
    assert fields["ms"] >= 0
    assert (fields["team"], fields["action"], fields["outcome"]) == (
        "T0FAKE",
        "question",
        "answered",
    )
    formatter = JsonFormatter()
    rendered = "\n".join(formatter.format(r) for r in caplog.records)
    for secret in (app.slack.bot_token, SIGNING_SECRET, MINDO_KEY):
        assert secret not in rendered
    assert json.loads(formatter.format(line))["query"]["end"] == "2026-11-15"


async def test_an_answer_slack_refuses_is_followed_by_a_plain_apology(app: Harness) -> None:
    app.slack.fail_next("response_url", "invalid_blocks", status=400)
    reply = await app.command("failed last week")
    told = await app.answer(reply)  # the refused answer is not recorded; this is the next post
    assert "Slack didn't accept my answer" in text_of(told)


async def test_share_waits_out_a_rate_limit_and_posts_as_the_bot(app: Harness) -> None:
    app.slack.fail_next("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "0"})
    answer = await app.answer(await app.command("failed last week", channel=PUBLIC))
    reply = await app.click(actions.SHARE, buttons(answer)[actions.SHARE][0], channel=PUBLIC)
    assert (reply.status, reply.ack) == (200, None)
    await app.slack.wait_for(lambda: len(app.slack.calls_to("chat.postMessage")) == 2, timeout=5)
    post = app.slack.calls_to("chat.postMessage")[-1]
    assert post.auth == "bot" and post.args["channel"] == PUBLIC
    assert post.args["blocks"][0]["elements"][0]["text"] == f"Shared by <@{ENGLISH}>"


async def home_of(app: Harness, user: str = ENGLISH) -> dict[str, Any]:
    assert await app.open_home(user) == 200
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("views.publish")))
    (call,) = app.slack.calls_to("views.publish")
    assert call.args["user_id"] == user
    view: dict[str, Any] = call.args["view"]
    assert view["type"] == "home"
    return view


async def test_a_signed_home_opened_event_publishes_the_tab(app: Harness) -> None:
    view = await home_of(app)
    assert "*This week*" in text_of(view) and "*Today so far:*" in text_of(view)


async def test_slack_can_verify_the_request_url_but_only_signed(app: Harness) -> None:
    """What Slack sends when the Event Subscriptions URL is saved (HTTP mode set-up)."""
    body = json.dumps({"token": "x", "challenge": "c0ffee", "type": "url_verification"})
    request = SlackRequest(body.encode(), "application/json")
    status, answer = await app.send(request)
    assert (status, json.loads(answer)) == (200, {"challenge": "c0ffee"})
    status, _ = await app.send(request, secret="not-the-signing-secret")
    assert status == 401


async def test_a_failed_question_is_one_line_with_its_workspace_outcome_and_duration(
    app: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    app.mindo.behaviour.faults.extend([Fault(401, body='{"detail": "API Key expirada"}')] * 5)
    reply = await app.command("failed last week")
    await app.answer(reply)
    (line,) = [r for r in caplog.records if r.name == "bot.slack.listeners.errors"]
    fields = line.fields  # type: ignore[attr-defined]
    assert (fields["team"], fields["action"], fields["outcome"]) == (
        "T0FAKE",
        "/bulksends",
        "mindo_auth",
    )
    assert fields["ms"] >= 0
