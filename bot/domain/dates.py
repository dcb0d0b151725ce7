"""Ranges of local calendar dates, and the local date of a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class DateRange:
    """Inclusive local dates. ``start`` is None only for "until/before X"."""

    start: date | None
    end: date

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of ``moment`` in ``timezone``: what "today" is counted from."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def week_start(day: date) -> date:
    """Weeks start on Monday."""
    return day - timedelta(days=day.weekday())
