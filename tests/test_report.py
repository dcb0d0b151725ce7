from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.sends import STATUS_ORDER, BulkSend, Status
from bot.mindo.models import Message
from bot.report import (
    PHONE_MASK,
    FailureReason,
    Totals,
    count_failure_reasons,
    mask_phone_numbers,
    summarise,
)
from tests.factories import make_send

T0 = datetime(2026, 11, 16, 21, 30, tzinfo=UTC)


def send(
    send_id: str, counts: tuple[int, ...] = (3, 3, 2, 1, 0, 0), minutes: int = 0, **fields: Any
) -> BulkSend:
    """A send at ``T0`` + ``minutes`` with exactly these counts: recipients, sent,
    delivered, read, failed, pending."""
    recipients, sent, delivered, read, failed, pending = counts
    return make_send(
        send_id,
        T0 + timedelta(minutes=minutes),
        recipients=recipients,
        sent=sent,
        delivered=delivered,
        read=read,
        failed=failed,
        pending=pending,
        **fields,
    )


SENDS = [
    send("a", counts=(3, 3, 2, 1, 0, 0), minutes=0),
    send("b", template="order_confirmation", counts=(150, 150, 142, 98, 0, 0), minutes=-60),
    send("c", status=Status.PARTIAL, counts=(40, 31, 30, 12, 9, 0), minutes=30),
    send("d", status=Status.PROCESSING, template="promo", language="pt", counts=(7, 2, 1, 0, 0, 5)),
]


def test_totals_are_exact_sums() -> None:
    report = summarise(SENDS)
    assert report.totals == Totals(
        bulk_sends=4, recipients=200, sent=186, delivered=175, read=111, failed=9, pending=5
    )
    assert report.totals.to_json() == {
        "bulk_sends": 4,
        "recipients": 200,
        "sent": 186,
        "delivered": 175,
        "read": 111,
        "failed": 9,
        "pending": 5,
        "not_sent": 0,
    }


def test_rates_use_their_own_denominators() -> None:
    totals = summarise(SENDS).totals
    assert totals.delivery_rate == 175 / 186
    assert totals.read_rate == 111 / 175
    assert totals.failure_rate == 9 / 200


def test_rates_are_none_when_nothing_to_divide_by() -> None:
    queued = send("q", status=Status.QUEUED, counts=(0, 0, 0, 0, 0, 0))
    totals = summarise([queued]).totals
    assert (totals.delivery_rate, totals.read_rate, totals.failure_rate) == (None, None, None)

    sent_not_delivered = summarise([send("s", counts=(5, 5, 0, 0, 0, 0))]).totals
    assert sent_not_delivered.delivery_rate == 0.0
    assert sent_not_delivered.read_rate is None
    assert sent_not_delivered.failure_rate == 0.0


def test_empty_report() -> None:
    report = summarise([])
    assert report.totals == Totals(0, 0, 0, 0, 0, 0, 0)
    assert report.by_template == ()
    assert report.sends == ()
    assert dict(report.by_status) == dict.fromkeys(STATUS_ORDER, 0)


def test_by_status_lists_every_status_in_order() -> None:
    by_status = summarise(SENDS).by_status
    assert tuple(by_status) == STATUS_ORDER
    assert by_status[Status.COMPLETED] == 2
    assert by_status[Status.PARTIAL] == 1
    assert by_status[Status.PROCESSING] == 1
    assert by_status[Status.FAILED] == 0


def test_by_status_cannot_be_changed() -> None:
    by_status = summarise(SENDS).by_status
    with pytest.raises(TypeError):
        by_status[Status.FAILED] = 3  # type: ignore[index]


def test_templates_are_grouped_by_name_and_language_most_recipients_first() -> None:
    sends = [*SENDS, send("e", language="en", counts=(200, 200, 190, 10, 0, 0))]
    templates = summarise(sends).by_template
    assert [(t.name, t.language) for t in templates] == [
        ("welcome_message", "en"),
        ("order_confirmation", "es"),
        ("welcome_message", "es"),
        ("promo", "pt"),
    ]
    welcome_es = templates[2]
    assert welcome_es.totals == Totals(
        bulk_sends=2, recipients=43, sent=34, delivered=32, read=13, failed=9, pending=0
    )


def test_template_ties_are_broken_by_name_then_language() -> None:
    same = (10, 10, 10, 10, 0, 0)
    sends = [
        send("1", template="zeta", counts=same),
        send("2", template="alpha", language="pt", counts=same),
        send("3", template="alpha", language="en", counts=same),
    ]
    names = [(t.name, t.language) for t in summarise(sends).by_template]
    assert names == [("alpha", "en"), ("alpha", "pt"), ("zeta", "es")]


def test_sends_newest_first_with_a_stable_order_for_equal_times() -> None:
    sends = [*SENDS, send("a2", minutes=0)]
    ids = [s.id for s in summarise(sends).sends]
    assert ids == ["c", "d", "a2", "a", "b"]


def test_accepts_any_iterable_once() -> None:
    report = summarise(s for s in SENDS)
    assert report.totals.bulk_sends == 4
    assert len(report.sends) == 4


counts = st.tuples(*[st.integers(min_value=0, max_value=10**6)] * 6)


@given(
    st.lists(
        st.tuples(st.sampled_from(STATUS_ORDER), st.sampled_from(["a", "b", "c"]), counts),
        max_size=30,
    )
)
def test_every_view_adds_up_to_the_totals(
    rows: list[tuple[Status, str, tuple[int, int, int, int, int, int]]],
) -> None:
    sends = [
        send(str(i), status=status, template=name, counts=c, minutes=i)
        for i, (status, name, c) in enumerate(rows)
    ]
    report = summarise(sends)
    assert sum(report.by_status.values()) == report.totals.bulk_sends == len(sends)
    for key, total in report.totals.to_json().items():
        assert sum(t.totals.to_json()[key] for t in report.by_template) == total
    assert report.totals.recipients == sum(s.total_recipients for s in sends)


def message(n: int, error: str | None, status: str = "failed") -> Message:
    return Message(
        id=n,
        recipient_phone="+5491155550101",
        status=status,
        meta_message_id=f"wamid.{n}",
        variables_used={},
        sent_at=None,
        delivered_at=None,
        read_at=None,
        error_message=error,
    )


def test_failure_reasons_are_counted_most_frequent_first_then_alphabetically() -> None:
    messages = [
        message(1, "(#131026) Message undeliverable"),
        message(2, "(#131049) Healthy ecosystem"),
        message(3, "(#131026)  Message\nundeliverable"),
        message(4, None),
        message(5, "ignored: delivered", status="delivered"),
        message(6, "(#131049) Healthy ecosystem"),
        message(7, "(#131026) Message undeliverable"),
        message(8, "   "),
        message(9, "(#130472) Experiment"),
    ]
    assert count_failure_reasons(messages) == (
        FailureReason("(#131026) Message undeliverable", 3, 131026),
        FailureReason("(#131049) Healthy ecosystem", 2, 131049),
        FailureReason(None, 2),
        FailureReason("(#130472) Experiment", 1, 130472),
    )


def test_reasons_with_the_same_code_are_one_reason_in_its_most_common_words() -> None:
    messages = [
        message(1, "(#131047) Re-engagement message"),
        message(2, "(#131047) Re-engagement message: more than 24 hours have passed"),
        message(3, "(#131047) Re-engagement message: more than 24 hours have passed"),
        message(4, "Error 131047: re-engagement"),
        message(5, "Bad number"),
        message(6, "(#100) Invalid parameter"),
        message(7, "(#100) Invalid parameter: the text is too long"),
    ]
    assert count_failure_reasons(messages) == (
        FailureReason("(#131047) Re-engagement message: more than 24 hours have passed", 4, 131047),
        FailureReason("(#100) Invalid parameter", 2, 100),
        FailureReason("Bad number", 1),
    )


def test_a_limit_keeps_only_the_most_frequent_reasons() -> None:
    messages = [message(n, f"reason {n % 4}") for n in range(10)]
    assert count_failure_reasons(messages, 2) == (
        FailureReason("reason 0", 3),
        FailureReason("reason 1", 3),
    )
    assert count_failure_reasons(messages, 0) == ()
    assert len(count_failure_reasons(messages)) == 4
    assert count_failure_reasons([]) == ()


def test_phone_numbers_in_reasons_are_masked_and_counted_together() -> None:
    messages = [
        message(1, "Number +54 9 11 5555-0101 is not on WhatsApp"),
        message(2, "Number +55 (11) 91234-5678 is not on WhatsApp"),
        message(3, "Number 5491155550101 is not on WhatsApp"),
        message(4, "(#131026) Message undeliverable"),
    ]
    assert count_failure_reasons(messages) == (
        FailureReason(f"Number {PHONE_MASK} is not on WhatsApp", 3),
        FailureReason("(#131026) Message undeliverable", 1, 131026),  # codes are not phones
    )


@pytest.mark.parametrize(
    "phone",
    ["+5491155550101", "549 11 5555 0101", "+1 (415) 555-0199", "11.5555.0101", "5550101"],
)
def test_phone_numbers_in_any_usual_shape_are_masked(phone: str) -> None:
    masked = mask_phone_numbers(f"to {phone}: failed")
    assert masked == f"to {PHONE_MASK}: failed"


def test_short_numbers_stay() -> None:
    text = "(#131026) retry in 30 s, 2 of 123456 failed"
    assert mask_phone_numbers(text) == text


@given(st.text(alphabet="0123456789 +-().abc#", max_size=60))
def test_no_seven_digit_run_survives_masking(text: str) -> None:
    masked = mask_phone_numbers(text)
    digits_in_a_row = 0
    for ch in masked:
        if ch.isdigit():
            digits_in_a_row += 1
            assert digits_in_a_row < 7, masked
        elif ch not in " ().-":
            digits_in_a_row = 0
