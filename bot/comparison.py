"""A number against its usual: up, down or steady, and whether that is better or worse.

Counts change in percent of the usual value, rates in percentage points (a delivery rate
going from 95% to 96% is "up 1 point", not "up 1.05%"). Nothing is compared with nothing:
when there is no usual value (no sends in the days before, no rate to speak of), there is
no percentage and no verdict, only that fact. Within a small band a number is steady:
daily volumes wobble, and calling a 2% wobble "worse" would cry wolf.

Which way is better depends on the number (``bot.query.model.Metric.better``, shared with
answers): more delivered and read is better, more failed or pending is worse, and the
volumes (sends, recipients, sent) are neither: they are the company's choice.
Pure; the words are the message builders'.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from bot.query.model import Metric as Measure
from bot.report import Totals

#: A count within this share of its usual value is steady.
STEADY_SHARE = 0.05
#: A rate within this many percentage points of its usual value is steady.
STEADY_POINTS = 0.5


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    STEADY = "steady"


class Verdict(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    #: Steady, or a number that is neither better nor worse when it moves.
    NEUTRAL = "neutral"


class Metric(Enum):
    """The numbers every summary shows: (its key, is it a rate). Which way is better is
    the question's metric's (``bot.query.model.Metric.better``), so answers, the digest
    and the Home tab mark a change alike."""

    BULK_SENDS = ("bulk_sends", False)
    RECIPIENTS = ("recipients", False)
    SENT = ("sent", False)
    DELIVERED = ("delivered", False)
    READ = ("read", False)
    FAILED = ("failed", False)
    PENDING = ("pending", False)
    DELIVERY_RATE = ("delivery_rate", True)
    READ_RATE = ("read_rate", True)
    FAILURE_RATE = ("failure_rate", True)

    def __init__(self, key: str, is_rate: bool) -> None:
        self.key = key
        self.is_rate = is_rate
        #: 1: up is better; -1: down is better; 0: neither.
        self.better = Measure(key).better

    def of(self, totals: Totals) -> float | None:
        """This number in ``totals`` (a rate may be None: nothing to count it against)."""
        value: float | int | None = getattr(totals, self.key)
        return value


COUNTS: tuple[Metric, ...] = tuple(m for m in Metric if not m.is_rate)
RATES: tuple[Metric, ...] = tuple(m for m in Metric if m.is_rate)


@dataclass(frozen=True)
class Comparison:
    """How a number compares with its usual value."""

    metric: Metric
    now: float | None
    usual: float | None
    #: None when there is nothing to compare with (no usual value, or no value now).
    direction: Direction | None
    verdict: Verdict
    #: Counts: the change as a share of the usual value (0.12 = 12%); rates: in percentage
    #: points (1.5). None when there is nothing to compare with.
    amount: float | None


def compare(metric: Metric, now: float | None, usual: float | None) -> Comparison:
    """``now`` against ``usual`` (a count's average, or a rate over the same days)."""
    if now is None or usual is None or (not metric.is_rate and usual == 0):
        return Comparison(metric, now, usual, None, Verdict.NEUTRAL, None)
    if metric.is_rate:
        amount = (now - usual) * 100
        steady = abs(amount) < STEADY_POINTS
    else:
        amount = (now - usual) / usual
        steady = abs(amount) < STEADY_SHARE
    if steady:
        return Comparison(metric, now, usual, Direction.STEADY, Verdict.NEUTRAL, amount)
    direction = Direction.UP if amount > 0 else Direction.DOWN
    sign = 1 if amount > 0 else -1
    verdict = (
        Verdict.NEUTRAL
        if metric.better == 0
        else Verdict.BETTER
        if sign == metric.better
        else Verdict.WORSE
    )
    return Comparison(metric, now, usual, direction, verdict, amount)


def compare_totals(
    now: Totals, usual: Totals, *, days: int = 1, metrics: tuple[Metric, ...] = tuple(Metric)
) -> tuple[Comparison, ...]:
    """Each metric of ``now`` against ``usual``, whose counts cover ``days`` days (so a
    count is compared with its daily average) and whose rates are pooled over them."""

    def average(metric: Metric) -> float | None:
        value = metric.of(usual)
        return value if metric.is_rate or value is None else value / days

    return tuple(compare(m, m.of(now), average(m)) for m in metrics)
