"""The store's schema, as numbered steps applied once each, in order.

The same SQL runs on SQLite and PostgreSQL: integers for booleans and for instants
(milliseconds since the epoch, UTC), text for local dates. The one difference, an
auto-numbered id, is written ``{serial_id}`` and spelled for each database on the way in.
Never edit a released step; add the next one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.store.backends import Backend

#: ``{serial_id}`` in a statement: an auto-numbered integer primary key called ``id``.
SERIAL_ID = "{serial_id}"
_SERIAL_IDS = {
    "sqlite": "id INTEGER PRIMARY KEY AUTOINCREMENT",
    "postgresql": "id BIGSERIAL PRIMARY KEY",
}


@dataclass(frozen=True)
class Migration:
    version: int
    statements: tuple[str, ...]

    def for_backend(self, name: str) -> tuple[str, ...]:
        """The statements in the words of the database called ``name``."""
        return tuple(s.replace(SERIAL_ID, _SERIAL_IDS[name]) for s in self.statements)


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
    # Digests belong to a workspace: several share one database when the app is
    # distributed, and two of them may both have a digest in one Slack Connect channel.
    # The one workspace of a self-hosted app is '' (rows from before are its own).
    Migration(
        4,
        (
            """
            CREATE TABLE digests_by_team (
                team_id TEXT NOT NULL DEFAULT '',
                channel_id TEXT NOT NULL,
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
                last_error_at BIGINT,
                PRIMARY KEY (team_id, channel_id)
            )
            """,
            """
            INSERT INTO digests_by_team
            SELECT '', channel_id, channel_name, hour, minute, days, timezone, skip_empty,
                   language, enabled, created_by, updated_by, created_at, updated_at,
                   active_since, last_error, last_error_at
            FROM digests
            """,
            "DROP TABLE digests",
            "ALTER TABLE digests_by_team RENAME TO digests",
            """
            CREATE TABLE digest_runs_by_team (
                team_id TEXT NOT NULL DEFAULT '',
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
                first_claimed_at BIGINT,
                PRIMARY KEY (team_id, channel_id, run_date)
            )
            """,
            """
            INSERT INTO digest_runs_by_team
            SELECT '', channel_id, run_date, state, owner, attempts, lease_until,
                   next_attempt_at, posting_since, message_ts, error, updated_at,
                   first_claimed_at
            FROM digest_runs
            """,
            "DROP TABLE digest_runs",
            "ALTER TABLE digest_runs_by_team RENAME TO digest_runs",
        ),
    ),
    # Distribution ("Add to Slack"): slack_sdk's SQLAlchemy installation and OAuth state
    # stores read and write the first three tables (their columns are slack_sdk's; the
    # tokens are sealed, hence TEXT), and each workspace's Mindo key, sealed too, is
    # kept in the fourth. ``revision`` changes with every new key, so that each replica
    # notices a key changed elsewhere.
    Migration(
        5,
        (
            """
            CREATE TABLE slack_installations (
                {serial_id},
                client_id VARCHAR(32) NOT NULL,
                app_id VARCHAR(32) NOT NULL,
                enterprise_id VARCHAR(32),
                enterprise_name VARCHAR(200),
                enterprise_url VARCHAR(200),
                team_id VARCHAR(32),
                team_name VARCHAR(200),
                bot_token TEXT,
                bot_id VARCHAR(32),
                bot_user_id VARCHAR(32),
                bot_scopes VARCHAR(1000),
                bot_refresh_token TEXT,
                bot_token_expires_at TIMESTAMP,
                user_id VARCHAR(32) NOT NULL,
                user_token TEXT,
                user_scopes VARCHAR(1000),
                user_refresh_token TEXT,
                user_token_expires_at TIMESTAMP,
                incoming_webhook_url TEXT,
                incoming_webhook_channel VARCHAR(200),
                incoming_webhook_channel_id VARCHAR(200),
                incoming_webhook_configuration_url TEXT,
                is_enterprise_install BOOLEAN NOT NULL DEFAULT FALSE,
                token_type VARCHAR(32),
                installed_at TIMESTAMP NOT NULL
            )
            """,
            """
            CREATE INDEX slack_installations_idx ON slack_installations
                (client_id, enterprise_id, team_id, user_id, installed_at)
            """,
            """
            CREATE TABLE slack_bots (
                {serial_id},
                client_id VARCHAR(32) NOT NULL,
                app_id VARCHAR(32) NOT NULL,
                enterprise_id VARCHAR(32),
                enterprise_name VARCHAR(200),
                team_id VARCHAR(32),
                team_name VARCHAR(200),
                bot_token TEXT,
                bot_id VARCHAR(32),
                bot_user_id VARCHAR(32),
                bot_scopes VARCHAR(1000),
                bot_refresh_token TEXT,
                bot_token_expires_at TIMESTAMP,
                is_enterprise_install BOOLEAN NOT NULL DEFAULT FALSE,
                installed_at TIMESTAMP NOT NULL
            )
            """,
            """
            CREATE INDEX slack_bots_idx ON slack_bots
                (client_id, enterprise_id, team_id, installed_at)
            """,
            """
            CREATE TABLE slack_oauth_states (
                {serial_id},
                state VARCHAR(200) NOT NULL,
                expire_at TIMESTAMP NOT NULL
            )
            """,
            """
            CREATE TABLE mindo_connections (
                workspace_id TEXT PRIMARY KEY,
                enterprise_id TEXT,
                team_id TEXT,
                is_enterprise_install INTEGER NOT NULL,
                sealed_key TEXT NOT NULL,
                key_hint TEXT NOT NULL,
                company TEXT NOT NULL,
                connected_by TEXT NOT NULL,
                connected_at BIGINT NOT NULL,
                revision TEXT NOT NULL
            )
            """,
        ),
    ),
    # Alerts (docs/alerts.md): each channel's rules, its mutes, one row per (channel,
    # subject, kind) that carries the claim protocol digests use (exactly once across
    # replicas and restarts), and one row per workspace for its poll of Mindo (one poll
    # per account at a time, and what it remembers from one poll to the next).
    Migration(
        6,
        (
            """
            CREATE TABLE alert_channels (
                team_id TEXT NOT NULL DEFAULT '',
                channel_id TEXT NOT NULL,
                channel_name TEXT NOT NULL,
                enabled INTEGER NOT NULL,
                threshold INTEGER NOT NULL,
                stuck_minutes INTEGER NOT NULL,
                templates TEXT NOT NULL,
                quiet_start INTEGER,
                quiet_end INTEGER,
                timezone TEXT NOT NULL,
                language TEXT NOT NULL,
                created_by TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                active_since BIGINT NOT NULL,
                last_error TEXT,
                last_error_at BIGINT,
                PRIMARY KEY (team_id, channel_id)
            )
            """,
            """
            CREATE TABLE alert_mutes (
                team_id TEXT NOT NULL DEFAULT '',
                channel_id TEXT NOT NULL,
                template TEXT NOT NULL,
                muted_until BIGINT NOT NULL,
                muted_by TEXT NOT NULL,
                PRIMARY KEY (team_id, channel_id, template)
            )
            """,
            """
            CREATE TABLE alert_posts (
                team_id TEXT NOT NULL DEFAULT '',
                channel_id TEXT NOT NULL,
                subject TEXT NOT NULL,
                kind TEXT NOT NULL,
                state TEXT NOT NULL,
                owner TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                lease_until BIGINT NOT NULL,
                next_attempt_at BIGINT,
                posting_since BIGINT,
                post_key TEXT,
                layout TEXT,
                message_ts TEXT,
                thread_ts TEXT,
                shown TEXT,
                snapshot TEXT NOT NULL,
                event_at BIGINT NOT NULL,
                late INTEGER NOT NULL,
                error TEXT,
                first_claimed_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (team_id, channel_id, subject, kind)
            )
            """,
            "CREATE INDEX alert_posts_by_subject ON alert_posts (team_id, subject)",
            "CREATE INDEX alert_posts_by_state ON alert_posts (team_id, state)",
            """
            CREATE TABLE alert_polls (
                team_id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                lease_until BIGINT NOT NULL,
                next_poll_at BIGINT NOT NULL,
                polled_at BIGINT,
                failures INTEGER NOT NULL,
                memory TEXT NOT NULL
            )
            """,
        ),
    ),
    # Answers shared in a channel, once each: a row claimed before posting (an insert only
    # one click can win, whichever replica gets it), then the post's ts and link.
    Migration(
        7,
        (
            """
            CREATE TABLE shares (
                team_id TEXT NOT NULL DEFAULT '',
                share_key TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                shared_by TEXT NOT NULL,
                claimed_at BIGINT NOT NULL,
                message_ts TEXT,
                permalink TEXT,
                PRIMARY KEY (team_id, share_key)
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
            for statement in migration.for_backend(backend.name):
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
