"""Fixtures every test package may use: the demo dataset, both store backends, a clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from bot.demo.data import DemoDataset, build_demo_dataset
from bot.store.digests import DigestStore, open_store
from tests.factories import BLACK_FRIDAY_EIGHT, MARCH_TUESDAY_NOON, FakeClock
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.slack.conftest import (
    ARCHIVED,
    DIRECT,
    ENGLISH,
    FRENCH,
    MEMBER,
    NO_ZONE,
    PORTUGUESE,
    PRIVATE,
    PUBLIC,
    SPANISH,
)

POSTGRES_URL = os.environ.get("BULKSENDS_TEST_POSTGRES_URL", "").strip()
NO_POSTGRES = (
    'BULKSENDS_TEST_POSTGRES_URL is not set; run `eval "$(bash .ci/postgres.sh)"` '
    "to test the PostgreSQL store too"
)


@pytest.fixture(scope="session")
def dataset() -> DemoDataset:
    """The demo company's data at ``MARCH_TUESDAY_NOON``: built once, shared read-only."""
    return build_demo_dataset(MARCH_TUESDAY_NOON)


def reset_postgres(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "DROP TABLE IF EXISTS digest_runs, digests, schema_migrations, store_identity, "
            "slack_installations, slack_bots, slack_oauth_states, mindo_connections, "
            "alert_channels, alert_mutes, alert_posts, alert_polls, shares"
        )


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
    return FakeClock(BLACK_FRIDAY_EIGHT)


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    """A fake Slack on loopback; a test fails if any message broke Slack's rules."""
    fake = FakeSlackApi()
    fake.add_user(ENGLISH, locale="en-US", tz="America/Argentina/Buenos_Aires")
    fake.add_user(SPANISH, locale="es-LA", tz="America/Mexico_City")
    fake.add_user(PORTUGUESE, locale="pt-BR", tz="America/Sao_Paulo")
    fake.add_user(NO_ZONE, locale="en-US", tz=None)
    fake.add_user(FRENCH, locale="fr-FR", tz="Europe/Paris")
    fake.channels.update(
        {MEMBER: "member", PUBLIC: "public", PRIVATE: "private", DIRECT: "im", ARCHIVED: "archived"}
    )
    async with serve_slack(fake):
        yield fake
    assert fake.problems == [], fake.problems
