"""One place for test data: clocks, sends, digests, the demo dataset's moment.

Tests build what they need here instead of each package keeping its own copy.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.digests import Digest
from bot.domain.schedule import EVERY_DAY, DigestSchedule


class FakeClock:
    """A clock tests move by hand; ``sleep`` advances it instead of waiting."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta

    def set(self, text: str) -> None:
        self.now = datetime.fromisoformat(text).astimezone(UTC)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


def make_digest(
    channel_id: str = "C0MARKETING",
    *,
    hour: int = 9,
    minute: int = 0,
    days: frozenset[int] = EVERY_DAY,
    tz: str = "America/Argentina/Buenos_Aires",
    since: datetime = datetime(2026, 1, 1, tzinfo=UTC),
    **changes: object,
) -> Digest:
    fields: dict[str, object] = {
        "channel_id": channel_id,
        "channel_name": channel_id.lower().removeprefix("c0"),
        "schedule": DigestSchedule(hour, minute, days, tz),
        "skip_empty": False,
        "language": "en",
        "enabled": True,
        "created_by": "U0ADMIN",
        "updated_by": "U0ADMIN",
        "created_at": since,
        "updated_at": since,
        "active_since": since,
    } | changes
    return Digest(**fields)  # type: ignore[arg-type]
