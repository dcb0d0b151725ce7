"""Looking at the database without changing it, for ``bulksends check``.

Opening the store for real creates a SQLite file, switches it to WAL and applies the
migrations; a check must do none of that. This reads only: whether the database can be
reached and written to (or, for a SQLite file not made yet, whether its folder can be
written to), how far its schema is, how many workspaces are installed and connected, and
one sealed value of each kind, so the check can tell whether BULKSENDS_SECRET_KEY still
opens what is stored. Every failure is a ``StoreError`` saying why in plain words.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from bot.locale.translate import N_, Phrase
from bot.store.backends import (
    StoreError,
    cannot_connect,
    is_postgres_url,
    redact_url,
    where_of,
)
from bot.store.migrations import LATEST_VERSION

Query = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


@dataclass(frozen=True)
class DatabaseProbe:
    #: What the database is, fit to show ("the SQLite file './x.db'", a URL without password).
    where: Phrase
    kind: str
    #: The migrations applied (0: a new database); the app brings it to ``latest`` at start.
    schema: int
    latest: int
    exists: bool
    #: Workspaces with a bot installed (for ``client_id``) and with a Mindo key connected.
    installed: int = 0
    connected: int = 0
    #: One sealed Slack token and one sealed Mindo key, when there are any.
    sealed: tuple[str, ...] = ()


def probe_database(target: str | Path, *, client_id: str | None = None) -> DatabaseProbe:
    """Raises StoreError when the app could not use the database, saying why."""
    text = str(target)
    if isinstance(target, str) and is_postgres_url(text):
        return _probe_postgres(text, client_id)
    return _probe_sqlite(Path(text), client_id)


def _probe_sqlite(path: Path, client_id: str | None) -> DatabaseProbe:
    where = where_of(str(path))
    named = repr(str(path))
    if str(path) == ":memory:":
        return DatabaseProbe(where, "sqlite", 0, LATEST_VERSION, False)
    if not path.exists():
        folder = path.resolve().parent
        if not folder.is_dir():
            raise StoreError(
                N_(
                    "The folder {folder} for BULKSENDS_DB does not exist: create it, or point "
                    "BULKSENDS_DB at a file in a folder that exists."
                ),
                folder=repr(str(folder)),
            )
        if not os.access(folder, os.W_OK):
            raise StoreError(
                N_(
                    "The app may not write in {folder}, so it cannot create BULKSENDS_DB "
                    "there: choose a folder it may write to."
                ),
                folder=repr(str(folder)),
            )
        return DatabaseProbe(where, "sqlite", 0, LATEST_VERSION, False)
    if not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(
            N_("The app may not read and write the SQLite file {path}: check its permissions."),
            path=named,
        )
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True, timeout=10.0)
    except sqlite3.Error as error:
        raise StoreError(
            N_("The SQLite file {path} cannot be opened ({reason})."),
            path=named,
            reason=_reason(error),
        ) from None
    try:

        def query(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
            return list(conn.execute(sql, tuple(params)).fetchall())

        try:
            tables = {row[0] for row in query("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError:
            raise StoreError(
                N_(
                    "The SQLite file {path} is not a SQLite database: point BULKSENDS_DB at "
                    "this app's own database file, or at a new one."
                ),
                path=named,
            ) from None
        return _contents(where, "sqlite", tables, query, client_id)
    finally:
        conn.close()


def _probe_postgres(url: str, client_id: str | None) -> DatabaseProbe:
    where = where_of(url)
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise cannot_connect(error, url) from None
    try:

        def query(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
            with conn.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), tuple(params))
                return list(cursor.fetchall())

        tables = {
            row[0]
            for row in query(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        }
        probe = _contents(where, "postgresql", tables, query, client_id)
        query("CREATE TEMPORARY TABLE bulksends_check (x INTEGER)")  # may this user write?
        return probe
    except psycopg.errors.InsufficientPrivilege:
        raise StoreError(
            N_(
                "The user in DATABASE_URL may not create tables in the database at {url}: "
                "grant it, or use the database's owner."
            ),
            url=redact_url(url),
        ) from None
    except psycopg.Error as error:
        raise StoreError(
            N_("The database at {url} cannot be used ({reason})."),
            url=redact_url(url),
            reason=_reason(error),
        ) from None
    finally:
        conn.close()


def _reason(error: BaseException) -> str:
    """The database's own words for what went wrong, short (quoted, not translated)."""
    return " ".join(str(error).split())[:120] or type(error).__name__


def _contents(
    where: Phrase, kind: str, tables: set[str], query: Query, client_id: str | None
) -> DatabaseProbe:
    schema = 0
    if "schema_migrations" in tables:
        schema = int(query("SELECT MAX(version) FROM schema_migrations", ())[0][0] or 0)
    installed = connected = 0
    sealed: list[str] = []
    if "slack_bots" in tables:
        installed = int(
            query(
                "SELECT COUNT(*) FROM (SELECT DISTINCT enterprise_id, team_id, "
                "is_enterprise_install FROM slack_bots WHERE bot_token IS NOT NULL "
                "AND client_id = ?) installs",
                (client_id or "",),
            )[0][0]
        )
        sealed += [row[0] for row in query(_ONE_SEALED.format("bot_token", "slack_bots"), ())]
    if "mindo_connections" in tables:
        connected = int(query("SELECT COUNT(*) FROM mindo_connections", ())[0][0])
        sealed += [
            row[0] for row in query(_ONE_SEALED.format("sealed_key", "mindo_connections"), ())
        ]
    return DatabaseProbe(
        where,
        kind,
        schema,
        LATEST_VERSION,
        True,
        installed=installed,
        connected=connected,
        sealed=tuple(sealed),
    )


_ONE_SEALED = "SELECT {0} FROM {1} WHERE {0} IS NOT NULL LIMIT 1"
