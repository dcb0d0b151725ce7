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
from bot.query.periods import period_of, rolling_period

MONDAY = DateRules(date(2026, 11, 23))


@pytest.mark.parametrize(
    ("how", "point", "period"),
    [
        (How.DURING, Relative.LAST_WEEK, "last_week"),
        (How.DURING, Relative.TODAY, "today"),
        (How.DURING, Relative.DAY_BEFORE_YESTERDAY, "day"),
        (How.DURING, Relative.PAST_MONTH, "last_n_months:1"),
        (How.DURING, Rolling(3, Unit.MONTH), "last_n_months:3"),
        (How.DURING, Rolling(30, Unit.DAY), "last_n_days:30"),
        (How.DURING, Calendar(3, 11), "day"),
        (How.DURING, Calendar(month=10, recency=Recency.PREVIOUS), "month"),
        (How.DURING, Calendar(year=2025), "year"),
        (How.DURING, Weekday(4), "day"),
        (How.DURING, Span(MONDAY.today, MONDAY.today), "day"),
        (How.DURING, MONDAY.period_span(MONDAY.today, "week"), "between"),
        (How.SINCE, Calendar(3, 11), "since"),
        (How.AFTER, Calendar(3, 11), "after"),
        (How.UNTIL, Calendar(3, 11), "until"),
        (How.BEFORE, Relative.TODAY, "before"),
    ],
)
def test_period_of(how: How, point: Point, period: str) -> None:
    assert period_of(DateReading(how, point)) == period


def test_a_range_is_between() -> None:
    assert period_of(DateReading(How.BETWEEN, Calendar(3, 11), Calendar(9, 11))) == "between"


@pytest.mark.parametrize(
    ("period", "rolling"),
    [
        ("last_n_days:30", (Unit.DAY, 30)),
        ("last_n_weeks:2", (Unit.WEEK, 2)),
        ("last_n_years:1", (Unit.YEAR, 1)),
        ("last_week", None),
        ("last_n_fortnights:2", None),
        ("last_n_days:x", None),
        ("month", None),
    ],
)
def test_rolling_period(period: str, rolling: tuple[Unit, int] | None) -> None:
    assert rolling_period(period) == rolling
