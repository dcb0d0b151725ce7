"""Details and shared answers stay inside Slack's limits whatever the data: thousands of
sends, hundreds of templates, names and reasons thousands of characters long, in every
language, with or without the newer blocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import cache

import pytest

from bot.domain.sends import Status
from bot.locale.languages import LANGUAGES, Language
from bot.message import limits
from bot.message.answer import build_answer_message
from bot.message.details import build_details_message
from bot.message.newer import CHART, TABLE
from bot.message.notices import with_shared_by
from bot.mindo.models import BulkSendDetail, Creator
from bot.query.model import GroupBy
from bot.report import FailureReason, mask_phone_numbers
from bot.service.questions import answer_from
from tests.factories import FRIDAY_NOON, make_query, make_send
from tests.fakes.slack_api import MAX_MESSAGE_BLOCKS, block_problems

LONG = "ñ😀<&>*_" * 400
TODAY = date(2026, 11, 20)


@cache
def huge_sends(count: int = 2000, templates: int = 300) -> list[object]:
    return [
        make_send(
            n,
            FRIDAY_NOON - timedelta(minutes=7 * n),
            status=(Status.FAILED, Status.PARTIAL, Status.COMPLETED, Status.PROCESSING)[n % 4],
            template=f"t{n % templates}_{LONG}",
            sender=f"Sender {LONG}",
            failed=n % 90,
            recipients=150 + n,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("language", "grouped"), [("en", False), ("es", False), ("pt", False), ("en", True)]
)
def test_a_shared_answer_of_thousands_of_sends_fits(language: Language, grouped: bool) -> None:
    """(Grouped answers' fitting in every language: tests/message/test_answers_fit.py.)"""
    asked = replace(make_query(start=None), language=language)
    if grouped:
        asked = replace(asked, group_by=GroupBy.TEMPLATE)
    found = answer_from(asked, huge_sends(), demo=True, today=TODAY)  # type: ignore[arg-type]
    for refused in (frozenset(), frozenset({TABLE, CHART})):
        message = build_answer_message(found, now=FRIDAY_NOON, refused=refused, shared=True)
        shared = with_shared_by(message, "U0SHARER", language).to_dict()
        problems = block_problems(
            shared["blocks"], MAX_MESSAGE_BLOCKS, budget=limits.MAX_BLOCKS_JSON
        )
        assert problems == []
        assert len(shared["text"]) <= limits.MAX_FALLBACK_TEXT


@pytest.mark.parametrize("language", LANGUAGES)
def test_details_with_long_names_and_thousands_of_reasons_fit(language: Language) -> None:
    send = make_send(
        1,
        status=Status.PROCESSING,
        template=LONG,
        sender=f"+54 9 11 5555-0101 {LONG}",
        failed=900,
        progress=40.0,
    )
    detail = BulkSendDetail(
        send=send,
        estimated_time_minutes=1e12,  # absurd: capped, never an overflow
        started_at=send.created_at,
        created_by=Creator(1, "x@example.com", LONG, "+1 415 555 0199"),
    )
    reasons = tuple(
        FailureReason(f"(#{131000 + n % 60}) {LONG}", 5000 - n, 131000 + n % 60)
        for n in range(2000)
    )
    built = build_details_message(
        detail, reasons, language=language, timezone="UTC", now=FRIDAY_NOON, demo=True, sample=1000
    ).to_dict()
    assert block_problems(built["blocks"], MAX_MESSAGE_BLOCKS, budget=limits.MAX_BLOCKS_JSON) == []
    text = str(built)
    assert "5555-0101" not in text and "555 0199" not in text  # no phone number, ever
    assert mask_phone_numbers("+54 9 11 5555-0101") in text
