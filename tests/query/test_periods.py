from __future__ import annotations

from datetime import date

import pytest

from bot.query.dates import (
    Calendar,
    DateReading,
    DateRules,
    How,
    Point,
    Recency,
    Relative,
    Rolling,
    Span,
    Unit,
    Weekday,
)
from bot.query.periods import Period, Shape, period_code, period_from_code, period_of

MONDAY = DateRules(date(2026, 11, 23))


@pytest.mark.parametrize(
    ("how", "point", "period"),
    [
        (How.DURING, Relative.LAST_WEEK, Relative.LAST_WEEK),
        (How.DURING, Relative.TODAY, Relative.TODAY),
        (How.DURING, Relative.DAY_BEFORE_YESTERDAY, Shape.DAY),
        (How.DURING, Relative.PAST_MONTH, Rolling(1, Unit.MONTH)),
        (How.DURING, Rolling(3, Unit.MONTH), Rolling(3, Unit.MONTH)),
        (How.DURING, Rolling(30, Unit.DAY), Rolling(30, Unit.DAY)),
        (How.DURING, Calendar(3, 11), Shape.DAY),
        (How.DURING, Calendar(month=10, recency=Recency.PREVIOUS), Shape.MONTH),
        (How.DURING, Calendar(year=2025), Shape.YEAR),
        (How.DURING, Weekday(4), Shape.DAY),
        (How.DURING, Span(MONDAY.today, MONDAY.today), Shape.DAY),
        (How.DURING, MONDAY.period_span(MONDAY.today, "week"), Shape.BETWEEN),
        (How.SINCE, Calendar(3, 11), Shape.SINCE),
        (How.AFTER, Calendar(3, 11), Shape.AFTER),
        (How.UNTIL, Calendar(3, 11), Shape.UNTIL),
        (How.BEFORE, Relative.TODAY, Shape.BEFORE),
    ],
)
def test_period_of(how: How, point: Point, period: Period) -> None:
    assert period_of(DateReading(how, point)) == period


def test_a_range_is_between() -> None:
    assert period_of(DateReading(How.BETWEEN, Calendar(3, 11), Calendar(9, 11))) == Shape.BETWEEN


@pytest.mark.parametrize(
    ("code", "period"),
    [
        ("last_n_days:30", Rolling(30, Unit.DAY)),
        ("last_n_weeks:2", Rolling(2, Unit.WEEK)),
        ("last_n_years:1", Rolling(1, Unit.YEAR)),
        ("last_week", Relative.LAST_WEEK),
        ("today", Relative.TODAY),
        ("month", Shape.MONTH),
        ("between", Shape.BETWEEN),
    ],
)
def test_codes_round_trip(code: str, period: Period) -> None:
    assert period_from_code(code) == period
    assert period_code(period) == code


@pytest.mark.parametrize(
    "code",
    [
        "last_n_fortnights:2",
        "last_n_days:x",
        "last_n_days:0",
        "last_n_days:²",
        "last_n_day:3",
        "past_week",  # a Rolling period, never written as a Relative
        "day_before_yesterday",
        "",
    ],
)
def test_codes_this_app_never_writes_are_refused(code: str) -> None:
    with pytest.raises(ValueError):
        period_from_code(code)
