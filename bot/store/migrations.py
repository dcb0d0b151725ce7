"""The store's schema, as numbered steps applied once each, in order.

The same SQL runs on SQLite and PostgreSQL: integers for booleans and for instants
(milliseconds since the epoch, UTC), text for local dates. Never edit a released step;
add the next one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.store.backends import Backend


@dataclass(frozen=True)
class Migration:
    version: int
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        (
            """
            CREATE TABLE digests (
                channel_id TEXT PRIMARY KEY,
                channel_name TEXT NOT NULL,
                hour INTEGER NOT NULL,
                minute INTEGER NOT NULL,
                days TEXT NOT NULL,
                timezone TEXT NOT NULL,
                skip_empty INTEGER NOT NULL,
                language TEXT NOT NULL,
                enabled INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                active_since BIGINT NOT NULL,
                last_error TEXT,
                last_error_at BIGINT
            )
            """,
            """
            CREATE TABLE digest_runs (
                channel_id TEXT NOT NULL,
                run_date TEXT NOT NULL,
                state TEXT NOT NULL,
                owner TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                lease_until BIGINT NOT NULL,
                next_attempt_at BIGINT,
                posting_since BIGINT,
                message_ts TEXT,
                error TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (channel_id, run_date)
            )
            """,
        ),
    ),
    # When a process first took the day's run: "late" and patience count from there,
    # not from whenever a retry or a takeover happens. Rows from before fall back to
    # their last update.
    Migration(
        2,
        (
            "ALTER TABLE digest_runs ADD COLUMN first_claimed_at BIGINT",
            "UPDATE digest_runs SET first_claimed_at = updated_at",
        ),
    ),
    # Which store this is: a random id written once, read at start and checked on every
    # use, so a database deleted or replaced under a running process is an error, not
    # a fresh start that posts the day's digests again.
    Migration(
        3,
        (
            """
            CREATE TABLE store_identity (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                identity TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


def migrate(backend: Backend, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the steps this database lacks; returns the versions applied.

    Runs under the backend's exclusive lock, so replicas starting together take turns
    and the second finds nothing left to do.
    """
    applied: list[int] = []
    with backend.exclusive():
        backend.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"
        )
        done = {row[0] for row in backend.query("SELECT version FROM schema_migrations")}
        for migration in sorted(migrations, key=lambda m: m.version):
            if migration.version in done:
                continue
            for statement in migration.statements:
                backend.execute(statement)
            backend.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                (migration.version, int(time.time() * 1000)),
            )
            applied.append(migration.version)
    return applied


def schema_version(backend: Backend) -> int:
    rows = backend.query("SELECT MAX(version) FROM schema_migrations")
    return int(rows[0][0] or 0)
