"""Exact local-date ranges whatever the server does with created_after/created_before."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.demo.api import FakeBehaviour, FakeMindoApi
from bot.demo.data import DemoDataset
from bot.domain.dates import DateRange
from bot.domain.sends import BulkSend, Status
from tests.factories import SleepRecorder
from tests.mindo.conftest import KEY, connected, sends_every, with_sends

# The zones furthest apart: UTC+14 and UTC−12 (the Etc names have inverted signs).
FAR_EAST, FAR_WEST = "Pacific/Kiritimati", "Etc/GMT+12"
RANGE = DateRange(date(2026, 2, 10), date(2026, 2, 12))


def _grid(dataset: DemoDataset) -> DemoDataset:
    """A send every hour from a week before RANGE to a week after it."""
    model = dataset.sends[-1]
    first = datetime(2026, 2, 3, tzinfo=ZoneInfo("UTC"))
    return with_sends(dataset, sends_every(1, first, first + timedelta(days=17), model))


def _brute_force(sends: tuple[BulkSend, ...], date_range: DateRange, tz: str) -> set[str]:
    zone = ZoneInfo(tz)
    return {s.id for s in sends if date_range.contains(s.created_at.astimezone(zone).date())}


@pytest.mark.parametrize("inclusive", [True, False], ids=["inclusive", "exclusive"])
@pytest.mark.parametrize(
    ("server_zone", "user_zone"),
    [
        ("UTC", "America/Argentina/Buenos_Aires"),
        (FAR_WEST, FAR_EAST),
        (FAR_EAST, FAR_WEST),
        ("America/Argentina/Buenos_Aires", "Asia/Tokyo"),
    ],
)
async def test_counts_are_exact_whatever_the_server_does_with_dates(
    dataset: DemoDataset, sleeps: SleepRecorder, inclusive: bool, server_zone: str, user_zone: str
) -> None:
    grid = _grid(dataset)
    behaviour = FakeBehaviour(dates_inclusive=inclusive, server_timezone=server_zone)
    api = FakeMindoApi(grid, api_key=KEY, behaviour=behaviour)
    async with connected(api, sleeps) as client:
        result = await client.fetch_bulk_sends(statuses=(), date_range=RANGE, tz=user_zone)

    expected = _brute_force(grid.sends, RANGE, user_zone)
    assert len(expected) == 3 * 24
    assert {s.id for s in result.sends} == expected
    assert len(result.sends) == len(expected)


async def test_an_open_start_has_no_lower_bound(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    grid = _grid(dataset)
    api = FakeMindoApi(grid, api_key=KEY, behaviour=FakeBehaviour(dates_inclusive=False))
    until = DateRange(None, RANGE.end)
    async with connected(api, sleeps) as client:
        result = await client.fetch_bulk_sends(statuses=(), date_range=until, tz=FAR_EAST)

    assert {s.id for s in result.sends} == _brute_force(grid.sends, until, FAR_EAST)
    assert all("created_after" not in r.url for r in api.requests)


async def test_status_and_template_filters_hold_on_the_demo_data(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    last_month = DateRange(date(2026, 2, 1), date(2026, 2, 28))
    tz = "America/Argentina/Buenos_Aires"
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(dates_inclusive=False))
    async with connected(api, sleeps) as client:
        result = await client.fetch_bulk_sends(
            statuses={Status.FAILED, Status.PARTIAL}, date_range=last_month, tz=tz, template_id=45
        )

    expected = tuple(
        s
        for s in dataset.sends
        if s.status in (Status.FAILED, Status.PARTIAL)
        and s.template.id == 45
        and s.id in _brute_force(dataset.sends, last_month, tz)
    )
    assert expected
    assert result.sends == expected
