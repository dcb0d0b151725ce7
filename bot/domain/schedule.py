"""When a digest posts: a local wall-clock time on some weekdays, turned into instants.

A digest runs at most once per *local date* (its ``run_date``) and reports on the day
before. Keying everything on the local date, never on an instant, is what makes
daylight saving harmless: a 02:30 that does not exist (spring forward) is read with the
offset from before the change (so it lands at 03:30), and a 02:30 that happens twice
(fall back) is the first of the two; either way there is one run for that date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Monday is 0, as in ``date.weekday()``.
EVERY_DAY: frozenset[int] = frozenset(range(7))
WEEKDAYS: frozenset[int] = frozenset(range(5))
WEEKENDS: frozenset[int] = frozenset({5, 6})

#: A new digest's time and days when nothing else is said.
DEFAULT_TIME: tuple[int, int] = (9, 0)
DEFAULT_DAYS: frozenset[int] = EVERY_DAY


#: A run first taken on later than this after its time is a catch-up and says so: the
#: app was down when it fell due. A normal tick starts it within seconds.
LATE_AFTER = timedelta(minutes=10)


class ScheduleError(ValueError):
    """A schedule that cannot exist (bad hour, no days, unknown time zone)."""


def zone(name: str) -> ZoneInfo:
    """The zone for an IANA name, or ScheduleError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {name!r}") from None


@dataclass(frozen=True)
class ScheduledRun:
    """One occurrence: the local date it belongs to and the instant it is due."""

    run_date: date
    due: datetime

    @property
    def report_date(self) -> date:
        """The digest's day: yesterday, seen from the run date."""
        return self.run_date - timedelta(days=1)

    def is_late(self, first_claimed_at: datetime) -> bool:
        """Whether the day was first taken on too long after its time (not: posted)."""
        return first_claimed_at - self.due > LATE_AFTER


@dataclass(frozen=True)
class DigestSchedule:
    """Post at ``hour:minute`` local time in ``timezone`` on the given weekdays."""

    hour: int
    minute: int
    days: frozenset[int]
    timezone: str

    def __post_init__(self) -> None:
        if not 0 <= self.hour <= 23 or not 0 <= self.minute <= 59:
            raise ScheduleError(f"no such time {self.hour}:{self.minute:02d}")
        if not self.days or not self.days <= EVERY_DAY:
            raise ScheduleError(f"days must be weekdays 0–6, got {sorted(self.days)}")
        zone(self.timezone)

    @property
    def time(self) -> time:
        return time(self.hour, self.minute)

    def local_date(self, now: datetime) -> date:
        return now.astimezone(zone(self.timezone)).date()

    def run_on(self, run_date: date) -> ScheduledRun | None:
        """The run for a local date, or None when the digest does not post that weekday."""
        if run_date.weekday() not in self.days:
            return None
        wall = datetime.combine(run_date, self.time, tzinfo=zone(self.timezone))
        # fold=0 (the default): a missing time takes the pre-change offset, a doubled one
        # its first occurrence. Round-tripping through UTC makes that explicit.
        return ScheduledRun(run_date, wall.astimezone(UTC))

    def current_run(self, now: datetime) -> ScheduledRun | None:
        """Today's run (local date of ``now``) if its time has come, else None.

        Only today's: a run whose whole local date passed while the app was down is
        not posted late (yesterday's news the day after is noise).
        """
        run = self.run_on(self.local_date(now))
        if run is None or run.due > now:
            return None
        return run

    def next_run(self, after: datetime) -> ScheduledRun:
        """The first run due strictly after ``after``."""
        day = self.local_date(after)
        for offset in range(8):
            run = self.run_on(day + timedelta(days=offset))
            if run is not None and run.due > after:
                return run
        raise AssertionError("a schedule with at least one weekday runs within 8 days")
