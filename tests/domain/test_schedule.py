from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.schedule import EVERY_DAY, WEEKDAYS, DigestSchedule, ScheduleError


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_due_instant_is_local_wall_time() -> None:
    schedule = DigestSchedule(9, 0, EVERY_DAY, "America/Argentina/Buenos_Aires")
    run = schedule.run_on(date(2026, 11, 27))
    assert run is not None
    assert run.due == at("2026-11-27T12:00:00+00:00")
    assert run.report_date == date(2026, 11, 26)


def test_weekdays_only_skip_the_weekend() -> None:
    schedule = DigestSchedule(9, 0, WEEKDAYS, "Europe/Madrid")
    assert schedule.run_on(date(2026, 11, 28)) is None  # Saturday
    assert schedule.run_on(date(2026, 11, 30)) is not None  # Monday
    friday_evening = at("2026-11-27T18:00:00+01:00")
    assert schedule.next_run(friday_evening).run_date == date(2026, 11, 30)


def test_current_run_only_once_its_time_has_come_and_only_today() -> None:
    schedule = DigestSchedule(9, 0, EVERY_DAY, "Europe/Madrid")
    assert schedule.current_run(at("2026-11-27T08:59:59+01:00")) is None
    run = schedule.current_run(at("2026-11-27T09:00:00+01:00"))
    assert run is not None and run.run_date == date(2026, 11, 27)
    assert not run.is_late(at("2026-11-27T09:05:00+01:00"))
    assert run.is_late(at("2026-11-27T11:00:00+01:00"))
    # Just after local midnight it is a new day whose 9:00 has not come: nothing is due.
    assert schedule.current_run(at("2026-11-28T00:30:00+01:00")) is None


def test_local_date_is_the_zones_not_utcs() -> None:
    schedule = DigestSchedule(20, 0, EVERY_DAY, "America/Los_Angeles")
    # 04:30 UTC on the 28th is 20:30 on the 27th in Los Angeles.
    run = schedule.current_run(at("2026-11-28T04:30:00+00:00"))
    assert run is not None and run.run_date == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("tz", "day", "expected_utc"),
    [
        # spring forward: 02:30 does not exist; it lands at 03:30 local (the old offset)
        ("America/New_York", date(2026, 3, 8), "2026-03-08T07:30:00+00:00"),
        ("Europe/Madrid", date(2026, 3, 29), "2026-03-29T01:30:00+00:00"),
        # fall back: the first 02:30 in Madrid (still summer time); New York's is unique
        ("America/New_York", date(2026, 11, 1), "2026-11-01T07:30:00+00:00"),
        ("Europe/Madrid", date(2026, 10, 25), "2026-10-25T00:30:00+00:00"),
    ],
)
def test_half_past_two_on_dst_change_days(tz: str, day: date, expected_utc: str) -> None:
    run = DigestSchedule(2, 30, EVERY_DAY, tz).run_on(day)
    assert run is not None
    assert run.due == at(expected_utc)


@pytest.mark.parametrize(
    ("tz", "day"),
    [
        ("America/New_York", date(2026, 3, 8)),
        ("America/New_York", date(2026, 11, 1)),
        ("Europe/Madrid", date(2026, 3, 29)),
        ("Europe/Madrid", date(2026, 10, 25)),
    ],
)
def test_minute_by_minute_through_a_dst_day_one_run(tz: str, day: date) -> None:
    """Walk the whole day: exactly one run date ever becomes due, and it stays the same."""
    schedule = DigestSchedule(2, 30, EVERY_DAY, tz)
    expected = schedule.run_on(day)
    assert expected is not None
    start = expected.due - timedelta(hours=4)
    seen = set()
    first_due = None
    for minute in range(8 * 60):
        now = start + timedelta(minutes=minute)
        run = schedule.current_run(now)
        if run is not None and run.run_date == day:
            seen.add(run.due)
            first_due = first_due or now
    assert len(seen) == 1
    assert first_due == expected.due


def test_next_run_is_strictly_after() -> None:
    schedule = DigestSchedule(9, 0, EVERY_DAY, "UTC")
    run = schedule.next_run(at("2026-11-27T09:00:00+00:00"))
    assert run.run_date == date(2026, 11, 28)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hour": 24, "minute": 0},
        {"hour": 9, "minute": 60},
        {"hour": -1, "minute": 0},
        {"days": frozenset()},
        {"days": frozenset({7})},
        {"timezone": "Mars/Olympus_Mons"},
        {"timezone": "../etc/passwd"},
    ],
)
def test_impossible_schedules_are_refused(kwargs: dict[str, object]) -> None:
    fields: dict[str, object] = {
        "hour": 9,
        "minute": 0,
        "days": EVERY_DAY,
        "timezone": "UTC",
    } | kwargs
    with pytest.raises(ScheduleError):
        DigestSchedule(**fields)  # type: ignore[arg-type]


@given(
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    tz=st.sampled_from(["America/New_York", "Europe/Madrid", "Asia/Kolkata", "Pacific/Chatham"]),
    moment=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)
    ),
)
def test_next_run_is_the_next_current_run(
    hour: int, minute: int, tz: str, moment: datetime
) -> None:
    """Whatever the zone and instant, the next run is due later and is current from then on."""
    schedule = DigestSchedule(hour, minute, EVERY_DAY, tz)
    run = schedule.next_run(moment)
    assert run.due > moment
    assert schedule.current_run(run.due) == run
    assert run.due - moment <= timedelta(hours=26)
