"""HTTP mode's edge: the signature first on the raw bytes (401), then each payload kind's
schema (400), then Slack's retries answered once; never a 500, one short line each."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.domain.dates import DateRange
from bot.message import actions
from bot.query.codec import decode_state, encode_state
from bot.slack.http import EVENTS_PATH, MALFORMED, UNSIGNED, RetryMemory, SignatureCheck
from tests.factories import SleepRecorder
from tests.fakes.bad_requests import BAD_HEADERS, GARBAGE, MALFORMED_PAYLOADS
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import (
    FORM,
    SlackRequest,
    signed_headers,
    slash_command,
)
from tests.slack.conftest import ENGLISH, MEMBER
from tests.slack.harness import SIGNING_SECRET, Harness, buttons, running_app, text_of


@pytest.fixture
async def app(slack: FakeSlackApi) -> AsyncIterator[Harness]:
    async with running_app(slack) as harness:
        yield harness


def _signed(body: bytes, content_type: str = FORM) -> dict[str, str]:
    return signed_headers(body, content_type, SIGNING_SECRET)


async def _post(app: Harness, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with app.session.post(app.url + EVENTS_PATH, data=body, headers=headers) as response:
        return response.status, await response.text()


async def test_unsigned_garbage_is_refused_before_anything_reads_it(
    app: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    statuses = []
    for _, body, content_type in GARBAGE:
        for _, headers in BAD_HEADERS:
            full = {"Content-Type": content_type, "X-Slack-Signature": "v0=" + "1" * 64, **headers}
            statuses.append((await _post(app, body, full))[0])
    tried = len(GARBAGE) * len(BAD_HEADERS)
    assert statuses == [401] * tried
    ours = [r for r in caplog.records if r.name == "bot.slack.http"]
    assert len(ours) == tried
    assert all(r.getMessage().startswith(UNSIGNED.split(":")[0]) for r in ours)
    assert max(len(r.getMessage()) for r in ours) < 200
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.name.startswith("slack_bolt")]
    assert app.slack.calls == [] and app.mindo.requests == []


@pytest.mark.parametrize(
    ("what", "body", "content_type"), GARBAGE[:10], ids=[g[0] for g in GARBAGE[:10]]
)
async def test_signed_garbage_is_a_400_with_one_line(
    app: Harness, caplog: pytest.LogCaptureFixture, what: str, body: bytes, content_type: str
) -> None:
    status, _ = await _post(app, body, _signed(body, content_type))
    assert status == 400
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage().split(":")[0] for r in lines] == [MALFORMED.split(":")[0]]
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(
    ("what", "body", "content_type"), MALFORMED_PAYLOADS, ids=[m[0] for m in MALFORMED_PAYLOADS]
)
async def test_a_signed_payload_that_breaks_its_schema_is_a_400(
    app: Harness, caplog: pytest.LogCaptureFixture, what: str, body: bytes, content_type: str
) -> None:
    status, _ = await _post(app, body, _signed(body, content_type))
    assert status == 400
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert app.slack.calls == [] and app.mindo.requests == []


async def test_a_retry_of_a_command_being_answered_is_answered_once(app: Harness) -> None:
    url = app.slack.response_url()
    request = slash_command("failed last week", user=ENGLISH, channel=MEMBER, response_url=url)
    first = await _post(app, request.body, request.headers(SIGNING_SECRET))
    retry_headers = {**request.headers(SIGNING_SECRET), "X-Slack-Retry-Num": "1"}
    again = await _post(app, request.body, retry_headers)
    assert first == again == (200, "")  # the ack shows nothing; the answer follows
    await app.slack.wait_for_response(url)
    await app.answer(await app.command("last 30 days"))  # later work is done by now
    assert len(app.slack.answers_to(url)) == 1  # the retry was not answered again
    assert len(app.slack.posted_to(url)) == 1
    # One read of last week (a failed-sends question reads every status of its range, to
    # count the messages that failed inside the others), whatever the retry.
    assert len([r for r in app.mindo.requests if "created_after=2026-11-06" in r.url]) == 1


async def test_a_retry_of_something_never_seen_is_served(app: Harness) -> None:
    url = app.slack.response_url()
    request = slash_command("failed last week", user=ENGLISH, channel=MEMBER, response_url=url)
    headers = {**request.headers(SIGNING_SECRET), "X-Slack-Retry-Num": "2"}
    assert (await _post(app, request.body, headers))[0] == 200
    assert "Failed" in text_of(await app.slack.wait_for_response(url))


@pytest.mark.parametrize(
    "span", [(date(1, 1, 1), date(1, 1, 7)), (date(9999, 12, 25), date(9999, 12, 31))]
)
async def test_a_button_from_the_ends_of_the_calendar_is_stale_not_a_crash(
    app: Harness, span: tuple[date, date]
) -> None:
    reply = await app.command("failed last week")
    answer = await app.answer(reply)
    state = decode_state(buttons(answer)[actions.SHARE][0])
    value = encode_state(replace(state.query, range=DateRange(*span)))
    for action_id in (actions.PAGE_NEXT, actions.SHARE, actions.ONLY_PROBLEMS):
        shown = await app.answer(await app.click(action_id, value))
        assert "older answer" in text_of(shown)
    assert len(app.mindo.requests) == 1


def test_the_signature_check_agrees_with_slacks_own() -> None:
    body = SlackRequest(b"token=x&text=hola+%C3%B1", FORM)
    headers = body.headers(SIGNING_SECRET)
    check = SignatureCheck(SIGNING_SECRET)
    assert check.problem(headers, body.body) is None
    assert check.problem(headers, body.body + b"x") is not None
    stale = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp="1", body="x")
    assert stale is not None
    old = {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": stale}
    assert check.problem(old, b"x") == "the timestamp is more than five minutes away"
    assert SignatureCheck(SIGNING_SECRET, clock=lambda: 100.0).problem(old, b"x") is None


def test_retry_memory_forgets_after_its_span() -> None:
    clock = SleepRecorder()
    memory = RetryMemory(monotonic=clock.monotonic)
    assert memory.first_time("a") and not memory.first_time("a")
    clock.now += 601
    assert memory.first_time("a")
