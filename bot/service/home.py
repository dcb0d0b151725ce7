"""What the Home tab shows: today and this week against the same stretch before, the
sends that need attention and why, what is sending now, and the last fourteen days.

One read of the last fourteen days (all statuses) gives every number: today, yesterday
up to this time, this week (from Monday), last week up to the same moment, the problems
of the last seven days and the chart. Comparing a day so far with the whole of yesterday
would always look like a fall: so today is compared with yesterday *by this time*, and
this week with last week *by now*. Reasons are read for the few worst problems only, from
their first ``HOME_REASON_SAMPLE`` failed messages (one page): the tab must stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.domain.dates import local_date, week_start
from bot.domain.sends import PROBLEMS, RUNNING, BulkSend
from bot.report import FailureReason, Totals, daily_totals

#: Days the tab's chart shows, today the last of them.
HOME_DAYS = 14
#: Problems are the failed and partial sends of the last this many days, today included.
PROBLEM_DAYS = 7
#: How many of the worst problems get their reasons read, and from how many messages.
HOME_REASON_SENDS = 3
HOME_REASON_SAMPLE = 100


@dataclass(frozen=True)
class Period:
    """A stretch so far, and the same stretch of the one before (yesterday by this time,
    last week by now)."""

    start: date
    now: Totals
    before: Totals
    #: Sends of this stretch that failed or partly failed, and that are still running.
    problems: int
    running: int


@dataclass(frozen=True)
class HomeOverview:
    """The numbers the Home tab shows, for one person's local day and week."""

    today: Period
    week: Period
    #: The last ``HOME_DAYS`` local days, oldest first, today last (so far).
    days: tuple[tuple[date, Totals], ...]
    #: Failed and partial sends of the last ``PROBLEM_DAYS`` days, most failed first.
    problems: tuple[BulkSend, ...]
    #: Send id → its failure reasons, most common first, for the worst few problems.
    reasons: Mapping[str, tuple[FailureReason, ...]]
    #: Sends queued or processing now, newest first.
    running: tuple[BulkSend, ...]
    timezone: str
    updated_at: datetime

    @property
    def local_today(self) -> date:
        return local_date(self.updated_at, self.timezone)


def home_range(today: date) -> tuple[date, date]:
    """The local dates one read covers: the chart's, which hold everything else."""
    return today - timedelta(days=HOME_DAYS - 1), today


def worst_problems(sends: Iterable[BulkSend]) -> list[BulkSend]:
    """The FAILED and PARTIAL sends, most failed messages first."""
    problems = [s for s in sends if s.status in PROBLEMS]
    problems.sort(key=lambda s: (-s.failed_count, s.id))
    return problems


def overview_from(
    recent: Sequence[BulkSend],
    running: Sequence[BulkSend],
    *,
    now: datetime,
    timezone: str,
    reasons: Mapping[str, tuple[FailureReason, ...]] | None = None,
) -> HomeOverview:
    """``recent``: the sends created in ``home_range`` (all statuses); ``running``: every
    send queued or processing now."""
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    today = local_now.date()

    def created(send: BulkSend) -> datetime:
        return send.created_at.astimezone(zone)

    def between(first: date, last: date, until: datetime) -> list[BulkSend]:
        return [s for s in recent if first <= created(s).date() <= last and created(s) <= until]

    def period(start: date, back: timedelta) -> Period:
        sends = between(start, today, local_now)
        before = between(start - back, today - back, local_now - back)
        return Period(
            start=start,
            now=Totals.of(sends),
            before=Totals.of(before),
            problems=sum(s.status in PROBLEMS for s in sends),
            running=sum(s.status in RUNNING for s in sends),
        )

    first, _ = home_range(today)
    since = today - timedelta(days=PROBLEM_DAYS - 1)
    problems = worst_problems(s for s in recent if created(s).date() >= since)
    return HomeOverview(
        today=period(today, timedelta(days=1)),
        week=period(week_start(today), timedelta(days=7)),
        days=daily_totals(recent, timezone, [first + timedelta(days=n) for n in range(HOME_DAYS)]),
        problems=tuple(problems),
        reasons=MappingProxyType(dict(reasons or {})),
        running=tuple(running),
        timezone=timezone,
        updated_at=now,
    )
