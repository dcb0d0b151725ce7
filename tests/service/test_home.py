"""What the Home tab counts: one person's local day and week."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.dates import week_start
from bot.service.home import overview_from
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME, make_send


def test_weeks_start_on_monday() -> None:
    assert week_start(date(2026, 11, 18)) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 16)) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)


def test_today_is_the_local_day_of_this_weeks_sends() -> None:
    monday_night = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)  # still Monday 23:00 in Buenos Aires
    this_morning = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    sends = [
        make_send(1, recipients=100, created_at=this_morning),
        make_send(2, recipients=40, created_at=monday_night),
    ]
    result = overview_from(sends, [], now=WEDNESDAY_LUNCHTIME, timezone=BUENOS_AIRES)
    assert (result.today.bulk_sends, result.today.recipients) == (1, 100)
    assert (result.week.bulk_sends, result.week.recipients) == (2, 140)
    tokyo = overview_from(
        sends, [], now=WEDNESDAY_LUNCHTIME, timezone="Asia/Tokyo"
    )  # already the 19th there
    assert tokyo.today.bulk_sends == 0
