"""A question's shape, settled once its dates are known: the contract's defaults and rules.

- A ranking groups by template unless another grouping is named; ``n`` defaults to 5
  (1 for a grouping in the singular: "which template", "the worst template"). Its metric is the one named; without one, "top"
  and "most" rank by recipients, "worst" by failure rate, "best" by delivery rate, "least"
  by recipients. "least" and "lowest" rank ascending; "worst" ranks a metric where higher
  is better ascending, "best" one where higher is worse ascending.
- A count ("how many") with no metric named counts bulk sends.
- A trend is a metric by day, by week when the range is over 62 days; with no metric
  named it counts bulk sends when statuses are named, else recipients.
- A comparison takes a named period whole; "before" is the same number of days right
  before the range, "the previous one" the calendar period before it, whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.dates import DateRange
from bot.domain.sends import Status
from bot.query.dates import DateReading, DateRules, How, Relative, Rolling, Unit
from bot.query.model import GroupBy, Metric, Order, Top
from bot.query.periods import Period, Shape, period_of
from bot.query.shape_words import Cue
from bot.query.shapes import ShapeReading

DEFAULT_TOP = 5
TREND_DAYS = 62  # longer trends are by week

_IMPLIED_METRIC = {
    Cue.MOST: Metric.RECIPIENTS,
    Cue.LEAST: Metric.RECIPIENTS,
    Cue.WORST: Metric.FAILURE_RATE,
    Cue.BEST: Metric.DELIVERY_RATE,
}
#: A comparison period named alone implies the range it is compared with.
IMPLIED_RANGE = {
    Relative.YESTERDAY: Relative.TODAY,
    Relative.LAST_WEEK: Relative.THIS_WEEK,
    Relative.LAST_MONTH: Relative.THIS_MONTH,
    Relative.LAST_QUARTER: Relative.THIS_QUARTER,
    Relative.LAST_YEAR: Relative.THIS_YEAR,
}
_UNITS: dict[Period, Unit] = {
    Relative.TODAY: Unit.DAY,
    Relative.YESTERDAY: Unit.DAY,
    Shape.DAY: Unit.DAY,
    Relative.THIS_WEEK: Unit.WEEK,
    Relative.LAST_WEEK: Unit.WEEK,
    Relative.THIS_MONTH: Unit.MONTH,
    Relative.LAST_MONTH: Unit.MONTH,
    Shape.MONTH: Unit.MONTH,
    Shape.QUARTER: Unit.QUARTER,
    Relative.THIS_YEAR: Unit.YEAR,
    Relative.LAST_YEAR: Unit.YEAR,
    Shape.YEAR: Unit.YEAR,
}


_PAST_RELATIVES = frozenset(
    {
        Relative.YESTERDAY,
        Relative.LAST_WEEK,
        Relative.LAST_MONTH,
        Relative.LAST_YEAR,
        Relative.LAST_WEEKEND,
        Relative.LAST_QUARTER,
        Relative.PAST_WEEK,
        Relative.PAST_MONTH,
        Relative.PAST_YEAR,
    }
)


@dataclass(frozen=True)
class Shaped:
    metric: Metric | None
    group_by: GroupBy | None
    top: Top | None


def settle(shapes: ShapeReading, statuses: frozenset[Status], span: DateRange) -> Shaped:
    """The metric, grouping and ranking a question asks for (None where it asks for none).

    At most one metric and one grouping were named (the parser checked).
    """
    metric = next(iter(shapes.metrics), None)
    group = next(iter(shapes.groups), None)
    top: Top | None = None
    if shapes.ranking:
        rank = shapes.rank or Cue.MOST
        metric = metric or _IMPLIED_METRIC[rank]
        group = group or GroupBy.TEMPLATE
        n = shapes.top_n or (1 if shapes.which_one else DEFAULT_TOP)
        top = Top(n, _order(rank, metric))
    elif shapes.count and metric is None:
        metric = Metric.BULK_SENDS
    if shapes.trend:
        if metric is None:
            metric = Metric.BULK_SENDS if statuses else Metric.RECIPIENTS
        if group is None:
            long = span.start is None or (span.end - span.start).days + 1 > TREND_DAYS
            group = GroupBy.WEEK if long else GroupBy.DAY
    return Shaped(metric, group, top)


def _order(rank: Cue, metric: Metric) -> Order:
    if rank is Cue.LEAST:
        return Order.ASC
    if rank is Cue.WORST:
        return Order.ASC if metric.higher_is_better else Order.DESC
    if rank is Cue.BEST:
        return Order.DESC if metric.higher_is_better else Order.ASC
    return Order.DESC


def implied_reading(compared: DateReading) -> DateReading | None:
    """ "vs last week" with no range named: this week against last week."""
    point = compared.first
    if compared.how is How.DURING and isinstance(point, Relative) and point in IMPLIED_RANGE:
        return DateReading(How.DURING, IMPLIED_RANGE[point])
    return None


def previous_one(rules: DateRules, reading: DateReading | None, span: DateRange) -> DateRange:
    """ "vs the previous one": the calendar period before, whole; else the days before."""
    period = period_of(reading) if reading is not None else None
    if period is Shape.WEEKEND:
        return rules.weekend_before(span)
    unit = _UNITS.get(period) if period is not None else None
    if unit is None:
        return rules.days_before(span)
    return rules.period_before(unit, span)


_CURRENT = {
    "day": Relative.TODAY,
    "week": Relative.THIS_WEEK,
    "weekend": Relative.WEEKEND,
    "month": Relative.THIS_MONTH,
    "quarter": Relative.THIS_QUARTER,
    "year": Relative.THIS_YEAR,
}


def current_reading(kind: str) -> DateReading | None:
    """ "vs the week before" with no range named: this week, against the one before it."""
    relative = _CURRENT.get(kind)
    return DateReading(How.DURING, relative) if relative is not None else None


def period_kind(reading: DateReading | None) -> str | None:
    """The kind of calendar period a range is ("week", "weekend", "month"…), if it is one:
    what "vs the week before" must match."""
    period = period_of(reading) if reading is not None else None
    if period is Shape.WEEKEND:
        return "weekend"
    unit = _UNITS.get(period) if period is not None else None
    return unit.value if unit is not None else None


def names_a_past_period(reading: DateReading) -> bool:
    """ "last week", "the previous month", "past 30 days": a period named as the one before
    today's. Compared with itself ("last week vs previous week", "last 30 days vs previous
    30 days") it means the period before the range."""
    point = reading.first
    if reading.how is not How.DURING:
        return False
    return isinstance(point, Rolling) or point in _PAST_RELATIVES
