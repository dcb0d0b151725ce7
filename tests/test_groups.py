"""Breakdowns and rankings against the plainest possible recount, daylight saving included."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.dates import DateRange
from bot.domain.sends import BulkSend, Status
from bot.groups import Group, group_sends, metric_value, period_spans, phone_digits, rank
from bot.query.model import GroupBy, Metric, Order, Top
from bot.report import Totals, summarise
from tests.factories import BUENOS_AIRES, make_send

#: Zones whose midnights jump or repeat (Santiago and São Paulo moved clocks at 00:00).
ZONES = [BUENOS_AIRES, "America/Santiago", "America/Sao_Paulo", "Europe/London", "Asia/Tokyo"]


def recount(sends: list[BulkSend], key: object) -> dict[object, Totals]:
    """Totals per key, the obvious way."""
    by: dict[object, list[BulkSend]] = defaultdict(list)
    for send in sends:
        by[key(send)].append(send)  # type: ignore[operator]
    return {k: Totals.of(v) for k, v in by.items()}


def test_totals_keep_cancelled_recipients_apart_from_pending() -> None:
    sends = [
        make_send(0, status=Status.CANCELLED, recipients=100, sent=30, failed=2, pending=68),
        make_send(1, status=Status.PROCESSING, recipients=50, sent=10, pending=40),
    ]
    totals = Totals.of(sends)
    assert (totals.pending, totals.not_sent) == (40, 68)
    assert totals.to_json()["not_sent"] == 68


def test_template_groups_are_name_and_language_by_recipients() -> None:
    sends = [
        make_send(0, template="promo", language="es", recipients=10),
        make_send(1, template="promo", language="en", recipients=300),
        make_send(2, template="alpha", language="es", recipients=300),
        make_send(3, template="promo", language="es", recipients=5),
    ]
    groups = group_sends(sends, GroupBy.TEMPLATE, timezone="UTC", span=DateRange(None, date.max))
    assert [(g.key, g.language, g.totals.recipients) for g in groups] == [
        ("alpha", "es", 300),  # a tie in recipients goes to the name
        ("promo", "en", 300),
        ("promo", "es", 15),
    ]


def test_one_sender_written_two_ways_is_one_group() -> None:
    sends = [
        make_send(0, phone="+54 9 223 675-0780", recipients=1),
        make_send(1, phone="5492236750780", recipients=2),
        make_send(2, phone="+1 (555) 010-0000", recipients=7),
    ]
    groups = group_sends(
        sends, GroupBy.PHONE_NUMBER, timezone="UTC", span=DateRange(None, date.max)
    )
    assert [(g.key, g.totals.bulk_sends, g.totals.recipients) for g in groups] == [
        ("15550100000", 1, 7),
        ("5492236750780", 2, 3),
    ]
    assert phone_digits("+54 (9) 223.675-0780") == "5492236750780"


def test_status_and_language_groups() -> None:
    sends = [
        make_send(0, status=Status.FAILED, recipients=10, failed=10, language="pt"),
        make_send(1, status=Status.COMPLETED, recipients=10, language="es"),
        make_send(2, status=Status.COMPLETED, recipients=5, language="es"),
    ]
    span = DateRange(None, date.max)
    by_status = group_sends(sends, GroupBy.STATUS, timezone="UTC", span=span)
    assert [(g.key, g.totals.bulk_sends) for g in by_status] == [("COMPLETED", 2), ("FAILED", 1)]
    by_language = group_sends(sends, GroupBy.LANGUAGE, timezone="UTC", span=span)
    assert [(g.key, g.totals.recipients) for g in by_language] == [("es", 15), ("pt", 10)]


def test_every_period_of_the_range_is_listed_oldest_first_cut_to_the_range() -> None:
    span = DateRange(date(2026, 10, 29), date(2026, 11, 10))
    assert period_spans(GroupBy.WEEK, span, span.start or date.min) == [
        (date(2026, 10, 29), date(2026, 11, 1)),
        (date(2026, 11, 2), date(2026, 11, 8)),
        (date(2026, 11, 9), date(2026, 11, 10)),
    ]
    assert period_spans(GroupBy.MONTH, span, span.start or date.min) == [
        (date(2026, 10, 29), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 10)),
    ]
    noon = datetime(2026, 11, 3, 15, tzinfo=UTC)
    groups = group_sends(
        [make_send("x", created_at=noon, recipients=9)],
        GroupBy.DAY,
        timezone=BUENOS_AIRES,
        span=span,
    )
    assert len(groups) == 13
    assert [g.key for g in groups][:2] == ["2026-10-29", "2026-10-30"]
    assert [g.totals.recipients for g in groups if g.totals.bulk_sends] == [9]
    assert groups[5].key == "2026-11-03" and groups[5].totals.recipients == 9
    assert groups[0].totals == Totals(0, 0, 0, 0, 0, 0, 0)


def test_an_open_range_begins_with_its_first_send() -> None:
    sends = summarise(
        [
            make_send(i, created_at=datetime(2026, 11, d, 15, tzinfo=UTC))
            for i, d in enumerate((5, 2))
        ]
    ).sends
    groups = group_sends(
        sends, GroupBy.DAY, timezone="UTC", span=DateRange(None, date(2026, 11, 6))
    )
    assert [g.key for g in groups] == [f"2026-11-0{d}" for d in range(2, 7)]
    assert (
        group_sends((), GroupBy.DAY, timezone="UTC", span=DateRange(None, date(2026, 11, 6))) == ()
    )


def test_sends_out_of_order_or_outside_the_range_are_a_mistake_not_a_number() -> None:
    early, late = (datetime(2026, 11, d, 12, tzinfo=UTC) for d in (2, 3))
    span = DateRange(date(2026, 11, 1), date(2026, 11, 5))
    oldest_first = [make_send("a", created_at=early), make_send("b", created_at=late)]
    with pytest.raises(ValueError, match="newest first"):
        group_sends(oldest_first, GroupBy.DAY, timezone="UTC", span=span)
    with pytest.raises(ValueError, match="outside"):
        group_sends(
            [make_send("c", created_at=late)],
            GroupBy.DAY,
            timezone="UTC",
            span=DateRange(date(2026, 11, 1), date(2026, 11, 2)),
        )


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    by=st.sampled_from([GroupBy.DAY, GroupBy.WEEK, GroupBy.MONTH]),
    offsets=st.lists(st.integers(min_value=0, max_value=400 * 24 * 60 - 1), max_size=40),
)
def test_periods_agree_with_each_sends_local_date(
    zone: str, by: GroupBy, offsets: list[int]
) -> None:
    # Across a year and more of daylight saving changes, minute by minute.
    start, end = date(2018, 1, 1), date(2019, 2, 4)
    first = datetime.combine(start, datetime.min.time(), tzinfo=ZoneInfo(zone))
    moments = [(first + timedelta(minutes=m)).astimezone(UTC) for m in offsets]
    sends = summarise(
        [
            make_send(f"s{i}", created_at=m, recipients=i + 1)
            for i, m in enumerate(moments)
            if m.astimezone(ZoneInfo(zone)).date() <= end
        ]
    ).sends
    groups = group_sends(sends, by, timezone=zone, span=DateRange(start, end))

    def period(send: BulkSend) -> str:
        day = send.created_at.astimezone(ZoneInfo(zone)).date()
        return next(g.key for g in groups if g.first and g.last and g.first <= day <= g.last)

    expected = recount(list(sends), period)
    assert {g.key: g.totals for g in groups if g.totals.bulk_sends} == expected
    assert sum(g.totals.bulk_sends for g in groups) == len(sends)


# --- Rankings ----------------------------------------------------------------------------


def _group(key: str, recipients: int, delivered: int, sent: int | None = None) -> Group:
    sent = recipients if sent is None else sent
    return Group(key=key, totals=Totals(1, recipients, sent, delivered, 0, 0, 0))


def test_a_ranking_puts_undefined_rates_last_and_breaks_ties_by_recipients_then_key() -> None:
    groups = [
        _group("nothing_sent", 50, 0, sent=0),  # no delivery rate at all
        _group("b_small", 10, 9),  # 90 %
        _group("a_small", 10, 9),  # 90 %, same recipients: by key
        _group("big", 100, 90),  # 90 %, more recipients: first of the three
        _group("best", 10, 10),
    ]
    ranked = rank(groups, Metric.DELIVERY_RATE, Top(5, Order.DESC))
    assert [g.key for g in ranked] == ["best", "big", "a_small", "b_small", "nothing_sent"]
    ascending = rank(groups, Metric.DELIVERY_RATE, Top(5, Order.ASC))
    assert [g.key for g in ascending] == ["big", "a_small", "b_small", "best", "nothing_sent"]
    assert [g.key for g in rank(groups, Metric.DELIVERY_RATE, Top(2, Order.ASC))] == [
        "big",
        "a_small",
    ]


@pytest.mark.parametrize(
    ("metric", "value"),
    [
        (Metric.BULK_SENDS, 2),
        (Metric.RECIPIENTS, 300),
        (Metric.SENT, 280),
        (Metric.DELIVERED, 260),
        (Metric.READ, 130),
        (Metric.FAILED, 10),
        (Metric.PENDING, 10),
        (Metric.DELIVERY_RATE, 260 / 280),
        (Metric.READ_RATE, 130 / 260),
        (Metric.FAILURE_RATE, 10 / 300),
    ],
)
def test_each_metric_reads_its_number(metric: Metric, value: float) -> None:
    totals = Totals(2, 300, 280, 260, 130, 10, 10)
    assert metric_value(totals, metric) == value
    assert metric_value(Totals(0, 0, 0, 0, 0, 0, 0), Metric.READ_RATE) is None
