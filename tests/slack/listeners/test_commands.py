"""``/bulksends`` end to end: signed request → ack → answer on the response_url."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.demo.api import Fault
from bot.domain.dates import DateRange
from bot.domain.sends import Status
from bot.logs import JsonFormatter
from bot.message import actions, build_help_message, build_summary_message
from bot.query.codec import decode_state
from bot.query.model import BulkSendQuery
from bot.query.parser import parse_query
from bot.report import summarise
from bot.slack.services import CommandCall
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import ENGLISH, NO_ZONE, PORTUGUESE, SPANISH, STRANGER
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
    message = build_summary_message(
        query, summarise(sends), demo=False, today=WEDNESDAY_LUNCHTIME.astimezone(zone).date()
    ).to_dict()
    return {**message, "response_type": "ephemeral", "replace_original": False}


async def test_a_question_is_acknowledged_then_answered_with_exact_numbers(app: Harness) -> None:
    reply = await app.command("failed last week")
    assert reply.status == 200
    assert reply.ack == {
        "text": "⏳ Looking up failed bulk sends for Nov 9\u2009–\u200915, 2026…",
        "response_type": "ephemeral",
    }
    answer = await app.answer(reply)
    assert answer == expected_summary(app, "failed last week", BUENOS_AIRES)
    state = decode_state(buttons(answer)[actions.SHARE][0])
    assert state.query.statuses == {Status.FAILED}
    assert state.query.range == DateRange(date(2026, 11, 9), date(2026, 11, 15))
    assert "last week" in answer["text"]


async def test_dates_are_read_in_the_askers_own_zone_and_language(app: Harness) -> None:
    reply = await app.command("fallidos ayer", user=SPANISH)
    assert "Buscando" in str(reply.ack)
    answer = await app.answer(reply)
    assert answer == expected_summary(app, "fallidos ayer", "America/Mexico_City")
    query = decode_state(buttons(answer)[actions.SHARE][0]).query
    assert (query.timezone, query.language) == ("America/Mexico_City", "es")
    assert query.range == DateRange(date(2026, 11, 17), date(2026, 11, 17))


async def test_a_bare_command_answers_in_the_users_language(app: Harness) -> None:
    answer = await app.answer(await app.command("", user=PORTUGUESE))
    assert "últimos 7 dias por padrão" in text_of(answer)
    assert "America/Sao_Paulo" in text_of(answer)


@pytest.mark.parametrize("user", [NO_ZONE, STRANGER])
async def test_without_a_user_zone_the_companys_is_used(app: Harness, user: str) -> None:
    answer = await app.answer(await app.command("today", user=user))
    assert BUENOS_AIRES in text_of(answer)


async def test_a_slow_profile_does_not_hold_the_ack_but_shapes_the_answer(app: Harness) -> None:
    app.slack.delays["users.info"] = 0.3  # ten times the ack's wait, well within the lookup's
    reply = await app.command("fallidos ayer", user=SPANISH)
    assert reply.ack == {
        "text": "⏳ Buscando envíos masivos fallidos…",
        "response_type": "ephemeral",
    }
    answer = await app.answer(reply)
    assert answer == expected_summary(app, "fallidos ayer", "America/Mexico_City")
    assert len(app.slack.calls_to("users.info")) == 1
    again = await app.command("fallidos ayer", user=SPANISH)  # the profile is cached now
    assert "17 nov" in text_of(again.ack)
    assert len(app.slack.calls_to("users.info")) == 1


async def test_a_bare_command_with_a_slow_profile_acks_in_english_answers_in_theirs(
    app: Harness,
) -> None:
    app.slack.delays["users.info"] = 0.3
    reply = await app.command("", user=PORTUGUESE)
    assert reply.ack == {"text": "⏳ Looking up bulk sends…", "response_type": "ephemeral"}
    answer = await app.answer(reply)
    assert "últimos 7 dias por padrão" in text_of(answer)
    assert "America/Sao_Paulo" in text_of(answer)


async def test_without_the_profile_a_future_date_is_judged_in_the_askers_zone(
    app: Harness,
) -> None:
    app.slack.delays["users.info"] = 0.3
    reply = await app.command("next year", user=ENGLISH)
    assert reply.ack is not None and "⏳" in reply.ack["text"]
    assert "future" in text_of(await app.answer(reply)).lower()


async def test_words_spanish_and_portuguese_share_answer_in_the_askers_language(
    app: Harness,
) -> None:
    app.slack.delays["users.info"] = 0.3
    slow = await app.command("problemas", user=PORTUGUESE)  # the ack cannot know yet
    assert "Buscando envíos masivos" in text_of(slow.ack)
    answer = await app.answer(slow)
    assert decode_state(buttons(answer)[actions.SHARE][0]).query.language == "pt"
    cached = await app.command("problemas", user=PORTUGUESE)
    assert "Buscando envios em massa" in text_of(cached.ack)


async def test_help_is_the_ack_itself(app: Harness) -> None:
    reply = await app.command("ayuda", user=SPANISH)
    assert reply.ack == {**build_help_message("es").to_dict(), "response_type": "ephemeral"}
    assert app.mindo.requests == []


async def test_the_askers_slack_language_comes_before_the_words(app: Harness) -> None:
    reply = await app.command("ayuda")  # typed in Spanish by someone whose Slack is English
    assert reply.ack == {**build_help_message("en").to_dict(), "response_type": "ephemeral"}


async def test_unknown_words_are_named_back_with_what_to_try(app: Harness) -> None:
    reply = await app.command("faild lsat wek")
    assert reply.ack == {"text": "⏳ Looking that up…", "response_type": "ephemeral"}
    text = text_of(await app.answer(reply))
    assert "faild" in text and "did you mean" in text and "failed last week" in text


async def test_an_unknown_word_can_be_one_of_the_accounts_templates(app: Harness) -> None:
    template = app.mindo.dataset.sends[0].template.name
    answer = await app.answer(await app.command(f"{template} this month"))
    assert template in text_of(answer) and "this month" in text_of(answer)


async def test_a_question_too_long_is_answered_in_the_ack(app: Harness) -> None:
    reply = await app.command("failed " * 100)
    assert "500" in text_of(reply.ack)
    assert app.mindo.requests == []


async def test_a_rejected_mindo_key_says_what_to_do(slack: FakeSlackApi) -> None:
    async with running_app(slack, mindo_key="mindo_wrong_key_000000000000") as app:
        text = text_of(await app.answer(await app.command("failed today")))
    assert "Mindo rejected the API key" in text and "MINDO_API_KEY" in text
    assert "mindo_wrong_key" not in text


async def test_mindo_down_says_to_try_again_later(app: Harness) -> None:
    app.mindo.behaviour.faults.extend(Fault(status=503) for _ in range(20))
    text = text_of(await app.answer(await app.command("failed today")))
    assert "Mindo isn't answering right now" in text


@pytest.mark.parametrize(
    ("secret", "age"),
    [("not-the-signing-secret", 0), (SIGNING_SECRET, 6 * 60)],
    ids=["wrong signature", "stale timestamp"],
)
async def test_unsigned_or_replayed_requests_are_refused(
    app: Harness, secret: str, age: int
) -> None:
    from tests.fakes.slack_requests import slash_command

    request = slash_command(
        "failed", user=ENGLISH, channel="C1", response_url=app.slack.response_url()
    )
    status, _ = await app.send(request, secret=secret, timestamp=int(time.time()) - age)
    assert status == 401
    async with app.session.post(app.url + "/slack/events", data=request.body) as response:
        assert response.status == 401  # no signature headers at all
    assert app.mindo.requests == []
    assert app.slack.calls_to("users.info") == []


async def test_sub_commands_route_by_first_word_and_questions_are_the_default(app: Harness) -> None:
    seen: list[str] = []

    async def echo(call: CommandCall) -> None:
        seen.append(call.text)
        await call.ack(text=f"echo {call.text}")

    app.services.subcommands.add(echo, "echo", "eco")
    assert (await app.command("ECO hola  mundo")).ack == {"text": "echo hola  mundo"}
    assert seen == ["hola  mundo"]
    question = await app.command("failed echo")  # not the first word: part of a question
    assert "echo" in text_of(await app.answer(question))
    assert seen == ["hola  mundo"]
    with pytest.raises(ValueError, match="already taken"):
        app.services.subcommands.add(echo, "echo")


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
    formatter = JsonFormatter()
    rendered = "\n".join(formatter.format(r) for r in caplog.records)
    for secret in (app.slack.bot_token, SIGNING_SECRET, MINDO_KEY):
        assert secret not in rendered
    assert json.loads(formatter.format(line))["query"]["end"] == "2026-11-15"


async def test_an_empty_result_says_so_and_how_to_widen_the_question(app: Harness) -> None:
    text = text_of(await app.answer(await app.command("cancelled today")))
    assert "No cancelled bulk sends" in text and "last 30 days" in text


async def test_an_answer_slack_refuses_is_followed_by_a_plain_apology(app: Harness) -> None:
    app.slack.fail_next("response_url", "invalid_blocks", status=400)
    reply = await app.command("failed last week")
    told = await app.answer(reply)  # the refused answer is not recorded; this is the next post
    assert "Slack didn't accept my answer" in text_of(told)


async def test_a_spent_response_url_is_left_alone(
    app: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    app.slack.fail_next("response_url", "expired_url", status=404)
    reply = await app.command("failed last week")
    await eventually(lambda: "expired_url" in caplog.text)
    assert app.slack.posted_to(reply.response_url) == []
    assert len(app.slack.calls_to("response_url")) == 1  # no second try into a dead end
