"""How a question asked for its period, as a typed value kept on ``BulkSendQuery.period``.

The dates alone cannot say how a period was asked ("october" and "from oct 1 to oct 31"
are the same days), so the parser records it and messages echo it back in words. A
``Period`` is one of:

- a calendar ``Relative``: ``TODAY``, ``YESTERDAY``, ``THIS_WEEK``, ``LAST_WEEK``,
  ``THIS_MONTH``, ``LAST_MONTH``, ``THIS_YEAR``, ``LAST_YEAR`` (never the "past" ones,
  which are ``Rolling``, nor the day before yesterday, which is a ``Shape.DAY``);
- a ``Rolling`` count of units ending today: "last 3 months" is ``Rolling(3, MONTH)``;
- a ``Shape``: one named day, weekend, month, quarter or year, or a range the dates
  describe best (since, after, until, before, between).

Button values carry it as a short code (``period_code`` / ``period_from_code``), the
same codes older buttons hold ("last_week", "last_n_months:3", "since").
"""

from __future__ import annotations

from enum import StrEnum

from bot.query.dates import (
    Ago,
    Calendar,
    DateReading,
    How,
    Quarter,
    Relative,
    Rolling,
    Span,
    Unit,
    Weekday,
)


class Shape(StrEnum):
    DAY = "day"  # one named day: a date, a weekday, the day before yesterday
    WEEKEND = "weekend"  # a Saturday and Sunday: "the weekend", "last weekend"
    MONTH = "month"  # a named month
    QUARTER = "quarter"  # Q1–Q4, this or last quarter
    YEAR = "year"  # a named year
    SINCE = "since"
    AFTER = "after"
    UNTIL = "until"
    BEFORE = "before"
    BETWEEN = "between"


Period = Relative | Rolling | Shape

_ROLLING_RELATIVES = {
    Relative.PAST_WEEK: Rolling(1, Unit.WEEK),
    Relative.PAST_MONTH: Rolling(1, Unit.MONTH),
    Relative.PAST_YEAR: Rolling(1, Unit.YEAR),
}
_HOW = {
    How.SINCE: Shape.SINCE,
    How.AFTER: Shape.AFTER,
    How.UNTIL: Shape.UNTIL,
    How.BEFORE: Shape.BEFORE,
    How.BETWEEN: Shape.BETWEEN,
}
_SHAPED_RELATIVES = {
    Relative.DAY_BEFORE_YESTERDAY: Shape.DAY,
    Relative.WEEKEND: Shape.WEEKEND,
    Relative.THIS_WEEKEND: Shape.WEEKEND,
    Relative.LAST_WEEKEND: Shape.WEEKEND,
    Relative.THIS_QUARTER: Shape.QUARTER,
    Relative.LAST_QUARTER: Shape.QUARTER,
}
_AGO = {
    Unit.DAY: Shape.DAY,
    Unit.WEEK: Shape.BETWEEN,
    Unit.MONTH: Shape.MONTH,
    Unit.QUARTER: Shape.QUARTER,
    Unit.YEAR: Shape.YEAR,
}
_SHAPES = frozenset(shape.value for shape in Shape)
_ROLLING_PREFIX = "last_n_"
_ROLLING_UNITS = frozenset({Unit.DAY, Unit.WEEK, Unit.MONTH, Unit.YEAR})
_CALENDAR = frozenset(Relative) - set(_ROLLING_RELATIVES) - set(_SHAPED_RELATIVES)


def period_of(reading: DateReading) -> Period:
    """How a date phrase asked for its period."""
    if reading.how is not How.DURING:
        return _HOW[reading.how]
    point = reading.first
    if isinstance(point, Relative):
        if point in _ROLLING_RELATIVES:
            return _ROLLING_RELATIVES[point]
        return _SHAPED_RELATIVES.get(point, point)
    if isinstance(point, Rolling):
        return point
    if isinstance(point, Calendar):
        if point.day is not None:
            return Shape.DAY
        return Shape.MONTH if point.month is not None else Shape.YEAR
    if isinstance(point, Weekday):
        return Shape.DAY
    if isinstance(point, Ago):
        return _AGO[point.unit]
    if isinstance(point, Quarter):
        return Shape.QUARTER
    return _span(point)


def period_code(period: Period) -> str:
    """The period as a short code for a button value: "last_week", "last_n_months:3"."""
    if isinstance(period, Rolling):
        return f"{_ROLLING_PREFIX}{period.unit.value}s:{period.count}"
    return period.value


def period_from_code(code: str) -> Period:
    """The period a code stands for; ValueError for a code this version never writes."""
    if code.startswith(_ROLLING_PREFIX):
        units, _, count = code.removeprefix(_ROLLING_PREFIX).partition(":")
        if not units.endswith("s") or not (count.isascii() and count.isdigit()) or count == "0":
            raise ValueError(f"not a period code: {code!r}")
        unit = Unit(units.removesuffix("s"))
        if unit not in _ROLLING_UNITS:
            raise ValueError(f"not a period code: {code!r}")
        return Rolling(int(count), unit)
    if code in _SHAPES:
        return Shape(code)
    relative = Relative(code)  # ValueError for anything else
    if relative not in _CALENDAR:
        raise ValueError(f"not a period code: {code!r}")
    return relative


def _span(span: Span) -> Shape:
    return Shape.DAY if span.first == span.last else Shape.BETWEEN
