"""Calendar rules on their own: DateReading + today → DateRange."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.dates import DateRange
from bot.query.dates import (
    Calendar,
    DateError,
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
from bot.query.problems import Problem

MONDAY = DateRules(date(2026, 11, 23))
LEAP_DAY = DateRules(date(2028, 2, 29))


def during(point: Point, rules: DateRules = MONDAY) -> DateRange:
    return rules.range_for(DateReading(How.DURING, point))


@pytest.mark.parametrize(
    ("relative", "start", "end"),
    [
        (Relative.TODAY, date(2026, 11, 23), date(2026, 11, 23)),
        (Relative.DAY_BEFORE_YESTERDAY, date(2026, 11, 21), date(2026, 11, 21)),
        (Relative.LAST_WEEK, date(2026, 11, 16), date(2026, 11, 22)),
        (Relative.PAST_WEEK, date(2026, 11, 17), date(2026, 11, 23)),
        (Relative.PAST_YEAR, date(2025, 11, 24), date(2026, 11, 23)),
        (Relative.LAST_YEAR, date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_relative_periods(relative: Relative, start: date, end: date) -> None:
    assert during(relative) == DateRange(start, end)


def test_rolling_months_clamp_to_the_end_of_a_short_month() -> None:
    rules = DateRules(date(2026, 5, 31))
    assert during(Rolling(3, Unit.MONTH), rules) == DateRange(date(2026, 3, 1), date(2026, 5, 31))


def test_rolling_years_from_a_leap_day() -> None:
    assert during(Rolling(1, Unit.YEAR), LEAP_DAY) == DateRange(date(2027, 3, 1), date(2028, 2, 29))


def test_feb_29_without_a_year_is_the_latest_leap_day() -> None:
    assert during(Calendar(29, 2)) == DateRange(date(2024, 2, 29), date(2024, 2, 29))


def test_a_bare_day_is_the_latest_month_that_has_it() -> None:
    rules = DateRules(date(2026, 3, 30))
    assert during(Calendar(day=31), rules) == DateRange(date(2026, 1, 31), date(2026, 1, 31))


@pytest.mark.parametrize(
    ("weekday", "day"),
    [
        (Weekday(0), date(2026, 11, 23)),
        (Weekday(0, Recency.PREVIOUS), date(2026, 11, 16)),
        (Weekday(0, Recency.CURRENT), date(2026, 11, 23)),
        (Weekday(6), date(2026, 11, 22)),
    ],
)
def test_weekdays(weekday: Weekday, day: date) -> None:
    assert during(weekday) == DateRange(day, day)


def test_weeks_start_where_configured() -> None:
    sunday_weeks = DateRules(date(2026, 11, 23), week_start=6)
    assert during(Relative.THIS_WEEK, sunday_weeks) == DateRange(
        date(2026, 11, 22), date(2026, 11, 23)
    )
    this_sunday = during(Weekday(6, Recency.CURRENT), sunday_weeks)
    assert this_sunday == DateRange(date(2026, 11, 22), date(2026, 11, 22))


@pytest.mark.parametrize(
    ("how", "start", "end"),
    [
        (How.SINCE, date(2026, 11, 3), date(2026, 11, 23)),
        (How.UNTIL, None, date(2026, 11, 3)),
        (How.BEFORE, None, date(2026, 11, 2)),
        (How.AFTER, date(2026, 11, 4), date(2026, 11, 23)),
    ],
)
def test_open_ranges(how: How, start: date | None, end: date) -> None:
    reading = DateReading(how, Calendar(3, 11))
    assert MONDAY.range_for(reading) == DateRange(start, end)


@pytest.mark.parametrize(
    ("first", "last", "start", "end"),
    [
        (Calendar(day=3), Calendar(9, 11), date(2026, 11, 3), date(2026, 11, 9)),
        (Calendar(20, 12), Calendar(5, 1), date(2025, 12, 20), date(2026, 1, 5)),
        (Calendar(20, 12), Calendar(5, 1, 2026), date(2025, 12, 20), date(2026, 1, 5)),
        (Weekday(4, Recency.PREVIOUS), Weekday(0), date(2026, 11, 20), date(2026, 11, 23)),
        (Calendar(month=10), Calendar(month=12), date(2026, 10, 1), date(2026, 11, 23)),
    ],
)
def test_ranges(first: Point, last: Point, start: date, end: date) -> None:
    reading = DateReading(How.BETWEEN, first, last)
    assert MONDAY.range_for(reading) == DateRange(start, end)


@pytest.mark.parametrize(
    ("reading", "problem"),
    [
        (DateReading(How.DURING, Calendar(1, 12, 2026)), Problem.FUTURE),
        (DateReading(How.AFTER, Relative.TODAY), Problem.FUTURE),
        (DateReading(How.DURING, Weekday(4, Recency.CURRENT)), Problem.FUTURE),
        (DateReading(How.BETWEEN, Calendar(9, 11), Calendar(3, 11)), Problem.REVERSED),
        (DateReading(How.DURING, Calendar(31, 4)), Problem.BAD_DATE),
        (DateReading(How.DURING, Calendar(1, 13, 2025)), Problem.BAD_DATE),
        (DateReading(How.DURING, Calendar(year=999)), Problem.BAD_DATE),
        (DateReading(How.DURING, Rolling(0, Unit.DAY)), Problem.BAD_DATE),
        (DateReading(How.DURING, Rolling(10**9, Unit.MONTH)), Problem.TOO_FAR),
    ],
)
def test_unusable_periods(reading: DateReading, problem: Problem) -> None:
    with pytest.raises(DateError) as raised:
        MONDAY.range_for(reading)
    assert raised.value.problem is problem


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("day", date(2026, 11, 18), date(2026, 11, 18)),
        ("time", date(2026, 11, 18), date(2026, 11, 18)),
        ("week", date(2026, 11, 16), date(2026, 11, 22)),
        ("month", date(2026, 11, 1), date(2026, 11, 30)),
        ("year", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_span(period: str, start: date, end: date) -> None:
    assert MONDAY.period_span(date(2026, 11, 18), period) == Span(start, end)


def test_default_range_is_the_last_seven_days() -> None:
    assert MONDAY.default_range() == DateRange(date(2026, 11, 17), date(2026, 11, 23))


@pytest.mark.parametrize(
    ("first", "last", "start", "end"),
    [
        # Two weekdays end on or before today: last week's Monday to Wednesday.
        (Weekday(0), Weekday(2), date(2026, 11, 16), date(2026, 11, 18)),
        (Weekday(4), Weekday(0), date(2026, 11, 20), date(2026, 11, 23)),
        # A start day after the end's day is in the month before; an end day before the start's
        # in the month after.
        (Calendar(day=28), Calendar(2, 11), date(2026, 10, 28), date(2026, 11, 2)),
        (Calendar(day=28), Calendar(2, 1, 2026), date(2025, 12, 28), date(2026, 1, 2)),
        (Calendar(28, 10), Calendar(day=2), date(2026, 10, 28), date(2026, 11, 2)),
        (Calendar(day=28), Calendar(day=2), date(2026, 10, 28), date(2026, 11, 2)),
        # Yearless: begun this year → cut at today; wholly ahead → last year's.
        (Calendar(20, 11), Calendar(30, 11), date(2026, 11, 20), date(2026, 11, 23)),
        (Calendar(25, 11), Calendar(30, 11), date(2025, 11, 25), date(2025, 11, 30)),
    ],
)
def test_range_rules(first: Point, last: Point, start: date, end: date) -> None:
    reading = DateReading(How.BETWEEN, first, last)
    assert MONDAY.range_for(reading) == DateRange(start, end)


def test_a_day_on_the_wrong_weekday_says_which_day_it_is() -> None:
    assert during(Calendar(3, 11, weekday=1)) == DateRange(date(2026, 11, 3), date(2026, 11, 3))
    with pytest.raises(DateError) as raised:
        during(Calendar(3, 11, weekday=6))
    assert (raised.value.problem, raised.value.day) == (Problem.WRONG_WEEKDAY, date(2026, 11, 3))


@pytest.mark.parametrize(
    ("today", "earliest"),
    [
        (date(2026, 11, 23), date(2016, 1, 1)),
        (date(2005, 6, 1), date(2000, 1, 1)),
        (date(1, 1, 1), date(2000, 1, 1)),
        (date(9999, 12, 31), date(9989, 1, 1)),
    ],
)
def test_how_far_back_a_question_may_reach(today: date, earliest: date) -> None:
    assert DateRules(today).earliest == earliest


@pytest.mark.parametrize(
    "reading",
    [
        DateReading(How.DURING, Rolling(11, Unit.YEAR)),
        DateReading(How.DURING, Rolling(10**9, Unit.DAY)),
        DateReading(How.SINCE, Calendar(year=2015)),
        DateReading(How.UNTIL, Calendar(31, 12, 2015)),
    ],
)
def test_too_far_back(reading: DateReading) -> None:
    with pytest.raises(DateError) as raised:
        MONDAY.range_for(reading)
    assert (raised.value.problem, raised.value.day) == (Problem.TOO_FAR, date(2016, 1, 1))
