"""Fixtures shared by the digest tests: an injected clock and both store backends."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from bot.digest.model import Digest
from bot.digest.schedule import EVERY_DAY, DigestSchedule
from bot.digest.store import DigestStore, open_store

POSTGRES_URL = os.environ.get("BULKSENDS_TEST_POSTGRES_URL", "").strip()
NO_POSTGRES = (
    'BULKSENDS_TEST_POSTGRES_URL is not set; run `eval "$(bash .ci/postgres.sh)"` '
    "to test the PostgreSQL store too"
)


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


def reset_postgres(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS digest_runs, digests, schema_migrations")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives: a fresh SQLite file, or the test PostgreSQL emptied."""
    if request.param == "sqlite":
        return str(tmp_path / "bulksends.db")
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
async def store(db_target: str) -> AsyncIterator[DigestStore]:
    opened = await open_store(db_target)
    yield opened
    await opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 27, 11, 0, tzinfo=UTC))


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
