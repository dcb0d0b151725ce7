"""What the Home tab counts: one person's local day and week, each against the same
stretch before, the problems of the last days and the last fortnight day by day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.dates import week_start
from bot.domain.sends import Status
from bot.service.home import HOME_DAYS, home_range, overview_from
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME, make_send

# Wednesday 18 November 2026, 12:30 in Buenos Aires.
NOW = WEDNESDAY_LUNCHTIME


def test_weeks_start_on_monday() -> None:
    assert week_start(date(2026, 11, 18)) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 16)) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)


def test_one_read_covers_the_fortnight_and_last_week() -> None:
    first, last = home_range(date(2026, 11, 22))  # a Sunday: last week began 13 days before
    assert (first, last) == (date(2026, 11, 9), date(2026, 11, 22))
    assert first <= week_start(last) - timedelta(days=7)


def test_today_is_the_local_day_and_the_week_starts_on_monday() -> None:
    monday_night = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)  # still Monday 23:00 in Buenos Aires
    this_morning = NOW - timedelta(hours=1)
    sends = [
        make_send(1, recipients=100, created_at=this_morning),
        make_send(2, recipients=40, created_at=monday_night),
    ]
    result = overview_from(sends, [], now=NOW, timezone=BUENOS_AIRES)
    assert (result.today.now.bulk_sends, result.today.now.recipients) == (1, 100)
    assert (result.week.now.bulk_sends, result.week.now.recipients) == (2, 140)
    assert result.week.start == date(2026, 11, 16)
    tokyo = overview_from(sends, [], now=NOW, timezone="Asia/Tokyo")  # the 19th already
    assert tokyo.today.now.bulk_sends == 0


def test_today_is_compared_with_yesterday_up_to_this_time_only() -> None:
    sends = [
        make_send("today", NOW - timedelta(hours=1), recipients=100),
        make_send("yesterday-earlier", NOW - timedelta(days=1, hours=2), recipients=80),
        make_send("yesterday-later", NOW - timedelta(days=1) + timedelta(hours=3), recipients=500),
    ]
    result = overview_from(sends, [], now=NOW, timezone=BUENOS_AIRES)
    assert result.today.before.recipients == 80  # not the 500 sent later in the day


def test_this_week_is_compared_with_last_week_up_to_the_same_moment() -> None:
    sends = [
        make_send("mon", NOW - timedelta(days=2), recipients=10),
        make_send("last-mon", NOW - timedelta(days=9), recipients=20),
        make_send("last-wed-early", NOW - timedelta(days=7, hours=1), recipients=30),
        make_send("last-thu", NOW - timedelta(days=6), recipients=1000),
        make_send("two-weeks-ago", NOW - timedelta(days=13), recipients=5000),
    ]
    result = overview_from(sends, [], now=NOW, timezone=BUENOS_AIRES)
    assert result.week.now.recipients == 10
    assert result.week.before.recipients == 50


def test_problems_of_the_last_seven_days_most_failed_first_and_the_fortnight() -> None:
    sends = [
        make_send("old", NOW - timedelta(days=8), status=Status.FAILED, failed=150),
        make_send("small", NOW - timedelta(days=1), status=Status.PARTIAL, failed=5),
        make_send("big", NOW - timedelta(days=6), status=Status.FAILED, failed=150),
        make_send("fine", NOW - timedelta(hours=2)),
    ]
    result = overview_from(sends, [], now=NOW, timezone=BUENOS_AIRES)
    assert [s.id for s in result.problems] == ["big", "small"]
    assert len(result.days) == HOME_DAYS and result.days[-1][0] == date(2026, 11, 18)
    assert result.days[-1][1].bulk_sends == 1
    assert sum(t.bulk_sends for _, t in result.days) == 4
    assert result.today.problems == 0 and result.week.problems == 1
