"""What the Home tab shows: one person's local day and week, and what is sending now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.dates import local_date
from bot.mindo.models import BulkSend
from bot.report import Totals


@dataclass(frozen=True)
class HomeOverview:
    """The numbers the Home tab shows, for one person's local day and week."""

    today: Totals
    week: Totals
    #: Sends queued or processing now, newest first.
    running: tuple[BulkSend, ...]
    timezone: str
    updated_at: datetime


def overview_from(
    week_sends: Sequence[BulkSend],
    running: Sequence[BulkSend],
    *,
    now: datetime,
    timezone: str,
) -> HomeOverview:
    """This week's sends (Monday to today) also give today's, so one fetch serves both."""
    today = local_date(now, timezone)
    todays = [s for s in week_sends if local_date(s.created_at, timezone) == today]
    return HomeOverview(
        today=Totals.of(todays),
        week=Totals.of(week_sends),
        running=tuple(running),
        timezone=timezone,
        updated_at=now,
    )
