"""Fixtures shared by the digest tests: an injected clock and both store backends."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from bot.digest.store import DigestStore, open_store
from bot.domain.digests import Digest
from bot.domain.schedule import EVERY_DAY, DigestSchedule

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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of this test run's own on the test server, so that two runs at once
    (a developer's and a helper's, say) never empty each other's tables."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    name = f"bulksends_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlsplit(POSTGRES_URL)._replace(path=f"/{name}").geturl()
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives: a fresh SQLite file, or this run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        return str(tmp_path / "bulksends.db")
    url: str = request.getfixturevalue("postgres_url")
    reset_postgres(url)
    return url


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
