"""Demo mode in a bot that runs for days: the in-process demo API keeps up with the clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import DEMO_BASE_URL, demo_transport
from bot.demo.api import DEMO_API_KEY
from bot.demo.data import DEMO_TIMEZONE
from bot.domain.dates import DateRange
from bot.domain.sends import RUNNING
from bot.mindo.client import MindoClient
from tests.factories import MARCH_TUESDAY_NOON


async def test_today_is_never_empty_and_running_sends_are_recent_days_later() -> None:
    moments = [MARCH_TUESDAY_NOON]
    zone = ZoneInfo(DEMO_TIMEZONE)

    def clock() -> datetime:
        return moments[-1]

    async with MindoClient(DEMO_BASE_URL, DEMO_API_KEY, transport=demo_transport(clock)) as client:
        for days in (1, 3):
            moments.append(MARCH_TUESDAY_NOON + timedelta(days=days))
            today = moments[-1].astimezone(zone).date()
            result = await client.fetch_bulk_sends(
                statuses=(), date_range=DateRange(today, today), tz=DEMO_TIMEZONE
            )

            # The demo's running sends started in the last hours, whatever day it is now.
            running = [s for s in result.sends if s.status in RUNNING]
            assert running
            assert all(moments[-1] - s.created_at < timedelta(hours=4) for s in running)
