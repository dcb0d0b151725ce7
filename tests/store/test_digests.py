from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.domain.digests import RunState
from bot.locale.translate import translator
from bot.settings import DEFAULT_DB_PATH, ConfigError, store_target
from bot.store.backends import StoreError, open_backend, redact_url
from bot.store.digests import DigestStore, open_store
from bot.store.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate, schema_version
from tests.factories import FakeClock, make_digest

DAY = date(2026, 11, 27)
LEASE = timedelta(minutes=5)


async def test_a_digest_round_trips(store: DigestStore) -> None:
    digest = make_digest(
        skip_empty=True,
        language="es",
        last_error="not_in_channel",
        last_error_at=datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
    )
    await store.save_digest(digest)
    assert await store.get_digest(digest.channel_id) == digest
    assert await store.get_digest("C0NOPE") is None


async def test_saving_again_updates_but_keeps_who_created_it(store: DigestStore) -> None:
    original = make_digest()
    await store.save_digest(original)
    later = datetime(2026, 11, 2, tzinfo=UTC)
    changed = replace(
        original,
        created_by="U0OTHER",
        created_at=later,
        updated_by="U0OTHER",
        updated_at=later,
        enabled=False,
        channel_name="mkt",
    )
    await store.save_digest(changed)
    stored = await store.get_digest(original.channel_id)
    assert stored == replace(changed, created_by="U0ADMIN", created_at=original.created_at)


async def test_list_is_sorted_by_channel_name(store: DigestStore) -> None:
    for channel in ("C0ZULU", "C0ALPHA", "C0MIKE"):
        await store.save_digest(make_digest(channel))
    assert [d.channel_name for d in await store.list_digests()] == ["alpha", "mike", "zulu"]


async def test_last_error_set_and_cleared(store: DigestStore, clock: FakeClock) -> None:
    await store.save_digest(make_digest())
    await store.set_last_error("C0MARKETING", "channel_not_found", clock())
    stored = await store.get_digest("C0MARKETING")
    assert stored is not None and stored.last_error == "channel_not_found"
    assert stored.last_error_at == clock()
    await store.set_last_error("C0MARKETING", None, clock())
    stored = await store.get_digest("C0MARKETING")
    assert stored is not None and stored.last_error is None and stored.last_error_at is None


async def test_only_one_claim_wins_a_day(store: DigestStore, clock: FakeClock) -> None:
    first = await store.claim("C1", DAY, "a", clock(), LEASE)
    assert first is not None and first.state is RunState.CLAIMED and first.attempts == 1
    assert await store.claim("C1", DAY, "b", clock(), LEASE) is None
    assert await store.claim("C1", DAY, "a", clock(), LEASE) is None  # not even twice by one owner
    other_day = await store.claim("C1", DAY + timedelta(days=1), "b", clock(), LEASE)
    assert other_day is not None


async def test_a_sent_day_is_never_claimed_again(store: DigestStore, clock: FakeClock) -> None:
    run = await store.claim("C1", DAY, "a", clock(), LEASE)
    assert run is not None
    assert await store.begin_posting(run, clock(), LEASE)
    assert await store.finish(run, RunState.SENT, clock(), message_ts="123.456")
    clock.advance(timedelta(days=1))
    assert await store.claim("C1", DAY, "b", clock(), LEASE) is None
    stored = await store.get_run("C1", DAY)
    assert stored is not None and stored.state is RunState.SENT and stored.message_ts == "123.456"


async def test_an_expired_claim_is_taken_over(store: DigestStore, clock: FakeClock) -> None:
    dead = await store.claim("C1", DAY, "dead", clock(), LEASE)
    assert dead is not None
    clock.advance(LEASE - timedelta(seconds=1))
    assert await store.claim("C1", DAY, "alive", clock(), LEASE) is None
    clock.advance(timedelta(seconds=1))
    taken = await store.claim("C1", DAY, "alive", clock(), LEASE)
    assert taken is not None and taken.owner == "alive" and taken.attempts == 2
    assert taken.posting_since is None
    # The dead holder's late steps are refused: it no longer owns the run.
    assert not await store.begin_posting(dead, clock(), LEASE)
    assert not await store.finish(dead, RunState.SENT, clock(), message_ts="1.1")


async def test_a_takeover_after_posting_began_remembers_it(
    store: DigestStore, clock: FakeClock
) -> None:
    dead = await store.claim("C1", DAY, "dead", clock(), LEASE)
    assert dead is not None
    assert await store.begin_posting(dead, clock(), LEASE)
    began = clock()
    clock.advance(LEASE)
    taken = await store.claim("C1", DAY, "alive", clock(), LEASE)
    assert taken is not None and taken.posting_since == began


async def test_retry_waits_until_due(store: DigestStore, clock: FakeClock) -> None:
    run = await store.claim("C1", DAY, "a", clock(), LEASE)
    assert run is not None
    at = clock() + timedelta(minutes=2)
    assert await store.retry_later(run, at, clock(), error="mindo down", maybe_posted=False)
    stored = await store.get_run("C1", DAY)
    assert stored is not None and stored.state is RunState.RETRY and stored.error == "mindo down"
    clock.advance(timedelta(minutes=1))
    assert await store.claim("C1", DAY, "b", clock(), LEASE) is None
    clock.advance(timedelta(minutes=1))
    again = await store.claim("C1", DAY, "b", clock(), LEASE)
    assert again is not None and again.attempts == 2 and again.owner == "b"


@pytest.mark.parametrize("maybe_posted", [True, False])
async def test_retry_keeps_the_posting_note_only_when_unsure(
    store: DigestStore, clock: FakeClock, maybe_posted: bool
) -> None:
    run = await store.claim("C1", DAY, "a", clock(), LEASE)
    assert run is not None
    await store.begin_posting(run, clock(), LEASE)
    await store.retry_later(run, clock(), clock(), error="timeout", maybe_posted=maybe_posted)
    again = await store.claim("C1", DAY, "a", clock(), LEASE)
    assert again is not None
    assert (again.posting_since is not None) is maybe_posted


async def test_finished_states_are_final(store: DigestStore, clock: FakeClock) -> None:
    for channel, state in (("C1", RunState.SKIPPED), ("C2", RunState.FAILED)):
        run = await store.claim(channel, DAY, "a", clock(), LEASE)
        assert run is not None
        assert await store.finish(run, state, clock(), error="x")
        assert not await store.finish(run, RunState.SENT, clock())
        clock.advance(timedelta(hours=1))
        assert await store.claim(channel, DAY, "b", clock(), LEASE) is None


async def test_last_runs_gives_each_channels_latest(store: DigestStore, clock: FakeClock) -> None:
    for day in (DAY - timedelta(days=1), DAY):
        run = await store.claim("C1", day, "a", clock(), LEASE)
        assert run is not None
        await store.finish(run, RunState.SENT, clock(), message_ts=day.isoformat())
    await store.claim("C2", DAY - timedelta(days=3), "a", clock(), LEASE)
    last = await store.last_runs()
    assert last["C1"].message_ts == DAY.isoformat()
    assert last["C2"].state is RunState.CLAIMED
    assert set(last) == {"C1", "C2"}


async def test_two_stores_race_for_many_days_and_each_day_has_one_winner(
    db_target: str, clock: FakeClock
) -> None:
    """Two connections (as two replicas would have) claim the same 50 days at once."""
    one, two = await open_store(db_target), await open_store(db_target)
    try:
        days = [DAY + timedelta(days=i) for i in range(50)]

        async def grab(store: DigestStore, owner: str) -> list[date]:
            won = []
            for day in days:
                if await store.claim("C1", day, owner, clock(), LEASE) is not None:
                    won.append(day)
            return won

        won_one, won_two = await asyncio.gather(grab(one, "one"), grab(two, "two"))
        assert sorted(won_one + won_two) == days
        assert not set(won_one) & set(won_two)
    finally:
        await one.close()
        await two.close()


async def test_migrations_run_once_and_replicas_can_start_together(db_target: str) -> None:
    stores = await asyncio.gather(*(open_store(db_target) for _ in range(3)))
    try:
        assert [await s.migrate() for s in stores] == [[], [], []]
    finally:
        for s in stores:
            await s.close()
    backend = open_backend(db_target)
    try:
        assert schema_version(backend) == LATEST_VERSION
        assert len(backend.query("SELECT version FROM schema_migrations")) == LATEST_VERSION
    finally:
        backend.close()


def test_a_new_migration_is_applied_on_top(tmp_path: Path) -> None:
    backend = open_backend(tmp_path / "m.db")
    try:
        assert migrate(backend) == list(range(1, LATEST_VERSION + 1))
        extra = Migration(LATEST_VERSION + 1, ("ALTER TABLE digests ADD COLUMN note TEXT",))
        assert migrate(backend, (extra,)) == [LATEST_VERSION + 1]
        assert schema_version(backend) == LATEST_VERSION + 1
        backend.execute("UPDATE digests SET note = 'x'")
    finally:
        backend.close()


async def test_a_version_1_database_keeps_its_runs_through_the_upgrade(
    db_target: str, clock: FakeClock
) -> None:
    """A run claimed before the upgrade is read back with its first claim at its last update."""
    backend = open_backend(db_target)
    try:
        assert migrate(backend, MIGRATIONS[:1]) == [1]
        backend.execute(
            "INSERT INTO digest_runs (channel_id, run_date, state, owner, attempts, lease_until, "
            "next_attempt_at, posting_since, message_ts, error, updated_at) "
            "VALUES ('C1', '2026-11-27', 'retry', 'old', 2, 0, 0, NULL, NULL, 'mindo', ?)",
            (int(clock().timestamp() * 1000),),
        )
    finally:
        backend.close()
    store = await open_store(db_target)
    try:
        run = await store.get_run("C1", DAY)
        assert run is not None and run.first_claimed_at == clock()
        taken = await store.claim("C1", DAY, "new", clock() + LEASE, LEASE)
        assert taken is not None and taken.first_claimed_at == clock()
    finally:
        await store.close()


async def test_the_first_claim_time_survives_retries_and_takeovers(
    store: DigestStore, clock: FakeClock
) -> None:
    first = await store.claim("C1", DAY, "a", clock(), LEASE)
    assert first is not None and first.first_claimed_at == clock()
    assert await store.retry_later(first, clock(), clock(), error="x", maybe_posted=False)
    clock.advance(timedelta(minutes=20))
    second = await store.claim("C1", DAY, "b", clock(), LEASE)
    assert second is not None and second.first_claimed_at == first.first_claimed_at


def test_a_failing_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    backend = open_backend(tmp_path / "m.db")
    try:
        broken = Migration(1, ("CREATE TABLE a (x INTEGER)", "CREATE TABLE oops ("))
        with pytest.raises(sqlite3.Error):
            migrate(backend, (broken,))
        assert backend.query("SELECT name FROM sqlite_master WHERE name = 'a'") == []
    finally:
        backend.close()


def test_store_target_from_the_environment() -> None:
    assert store_target({}) == DEFAULT_DB_PATH
    assert store_target({"BULKSENDS_DB": "/data/b.db"}) == "/data/b.db"
    url = "postgresql://bot:pw@db:5432/bulksends"
    assert store_target({"DATABASE_URL": url, "BULKSENDS_DB": "/x"}) == url
    with pytest.raises(ConfigError, match="postgresql://"):
        store_target({"DATABASE_URL": "mysql://db/x"})


def test_a_postgres_url_never_shows_its_password() -> None:
    assert redact_url("postgresql://bot:s3cret@db.example:5432/bulk") == (
        "postgresql://bot@db.example:5432/bulk"
    )


async def test_an_unreachable_postgres_is_one_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        await open_store("postgresql://bot:s3cret@127.0.0.1:1/bulk")
    assert "s3cret" not in str(caught.value)
    assert "127.0.0.1:1" in str(caught.value)
    assert "is PostgreSQL running there?" in str(caught.value)


async def test_why_the_database_cannot_be_reached_is_worded_in_the_readers_language() -> None:
    with pytest.raises(StoreError) as caught:
        await open_store("postgresql://bot:s3cret@127.0.0.1:1/bulk")
    assert caught.value.text(translator("es")) == (
        "No se puede conectar a la base de datos en postgresql://bot@127.0.0.1:1/bulk: nada "
        "responde en esa dirección (¿PostgreSQL está corriendo ahí?)."
    )


@pytest.mark.parametrize(
    ("part", "value", "reason", "razon"),
    [
        (
            "path",
            "/no_such_db",
            "the database 'no_such_db' does not exist",
            "la base de datos 'no_such_db' no existe",
        ),
        (
            "user",
            "nobody_here",
            "the user 'nobody_here' does not exist",
            "el usuario 'nobody_here' no existe",
        ),
    ],
)
async def test_a_wrong_postgres_database_or_user_is_said_plainly(
    postgres_url: str, part: str, value: str, reason: str, razon: str
) -> None:
    parts = urlsplit(postgres_url)
    if part == "user":
        parts = parts._replace(netloc=f"{value}@{parts.hostname}:{parts.port}")
    else:
        parts = parts._replace(path=value)
    with pytest.raises(StoreError, match=reason) as caught:
        await open_store(parts.geturl())
    assert f"{razon} en ese servidor" in caught.value.text(translator("es"))


async def test_an_unusable_sqlite_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        await open_store(str(tmp_path / "missing-dir" / "x.db"))
