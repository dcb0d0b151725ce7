"""The kind of period a question asked for, as a short code kept on ``BulkSendQuery.period``.

The dates alone cannot say how a period was asked ("october" and "from oct 1 to oct 31"
are the same days), so the parser records it and messages echo it back in words:

- ``today``, ``yesterday``, ``this_week``, ``last_week``, ``this_month``, ``last_month``,
  ``this_year``, ``last_year``: those calendar periods;
- ``last_n_days:N``, ``last_n_weeks:N``, ``last_n_months:N``, ``last_n_years:N``: the last
  N units ending today;
- ``day`` (one named day: a date, a weekday), ``month`` (a named month), ``year``;
- ``since``, ``after``, ``until``, ``before``, ``between``: ranges the dates describe best.
"""

from __future__ import annotations

from bot.query.dates import Calendar, DateReading, How, Relative, Rolling, Span, Unit, Weekday

_ROLLING_RELATIVES = {
    Relative.PAST_WEEK: Rolling(1, Unit.WEEK),
    Relative.PAST_MONTH: Rolling(1, Unit.MONTH),
    Relative.PAST_YEAR: Rolling(1, Unit.YEAR),
}
_HOW = {
    How.SINCE: "since",
    How.AFTER: "after",
    How.UNTIL: "until",
    How.BEFORE: "before",
    How.BETWEEN: "between",
}
ROLLING_PREFIX = "last_n_"


def period_of(reading: DateReading) -> str:
    """The period code of a date phrase."""
    if reading.how is not How.DURING:
        return _HOW[reading.how]
    point = reading.first
    if isinstance(point, Relative):
        if point in _ROLLING_RELATIVES:
            return _rolling(_ROLLING_RELATIVES[point])
        return "day" if point is Relative.DAY_BEFORE_YESTERDAY else point.value
    if isinstance(point, Rolling):
        return _rolling(point)
    if isinstance(point, Calendar):
        if point.day is not None:
            return "day"
        return "month" if point.month is not None else "year"
    if isinstance(point, Weekday):
        return "day"
    return _span(point)


def rolling_period(period: str) -> tuple[Unit, int] | None:
    """(unit, count) of a ``last_n_<unit>s:N`` code; None for any other code."""
    if not period.startswith(ROLLING_PREFIX):
        return None
    units, _, count = period.removeprefix(ROLLING_PREFIX).partition(":")
    try:
        return Unit(units.removesuffix("s")), int(count)
    except ValueError:
        return None


def _rolling(rolling: Rolling) -> str:
    return f"{ROLLING_PREFIX}{rolling.unit.value}s:{rolling.count}"


def _span(span: Span) -> str:
    return "day" if span.first == span.last else "between"
