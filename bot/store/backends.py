"""The two databases the store runs on, behind one small synchronous interface.

SQL is written once with ``?`` placeholders; the PostgreSQL backend turns them into
psycopg's ``%s``. Each backend holds one connection in autocommit mode: every statement
the store issues is atomic on its own, which is all the claim protocol needs.
Connections are used from one worker thread at a time (see ``store.DigestStore``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import psycopg

from bot.locale.translate import N_, Phrase

# Re-exported: callers have always found them here.
from bot.store.errors import StoreChangedError as StoreChangedError
from bot.store.errors import StoreError as StoreError

Row = tuple[Any, ...]

#: Arbitrary but fixed: the advisory lock replicas take to migrate one at a time.
_MIGRATION_LOCK_KEY = 4_242_001


class Backend(Protocol):
    name: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def exclusive(self) -> Any:
        """A context manager: a transaction no other connection can interleave with."""

    def batch(self) -> Any:
        """A context manager: the statements inside are one transaction (one commit for
        many rows); each still sees and fences rows as on its own."""

    def vanished(self) -> Phrase | None:
        """Why the database opened is no longer where it was; None while it is."""

    def close(self) -> None: ...


class SqliteBackend:
    """A SQLite file (WAL, so readers never wait for the writer); ``:memory:`` for tests."""

    name = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._file: tuple[int, int] | None = None
        try:
            self._conn = sqlite3.connect(
                self._path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
            if self._path != ":memory:":
                self._use_wal()
                stat = os.stat(self._path)
                self._file = (stat.st_dev, stat.st_ino)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(
                N_(
                    "The SQLite file {path} cannot be opened ({reason}): point BULKSENDS_DB at "
                    "this app's own database file, or at a new file in a folder the app may "
                    "write to."
                ),
                path=repr(self._path),
                reason=_reason(error),
            ) from None

    def vanished(self) -> Phrase | None:
        """A connection keeps using a deleted file: compare the path with what was opened."""
        if self._file is None:
            return None
        path = repr(self._path)
        try:
            stat = os.stat(self._path)
        except FileNotFoundError:
            return Phrase(N_("the SQLite file {path} was deleted"), path=path)
        except OSError as error:
            return Phrase(
                N_("the SQLite file {path} cannot be read ({reason})"),
                path=path,
                reason=_reason(error),
            )
        if (stat.st_dev, stat.st_ino) != self._file:
            return Phrase(N_("the SQLite file {path} was replaced by another file"), path=path)
        return None

    def _use_wal(self) -> None:
        """Switch to WAL. Switching takes a lock without waiting on SQLite's busy timeout,
        so replicas opening the same new file at once retry for a little while."""
        for attempt in range(100):
            try:
                self._conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == 99:
                    raise
                time.sleep(0.05)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(sql, tuple(params)).rowcount

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._conn.execute(sql, tuple(params)).fetchall())

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def batch(self) -> Any:
        return self.exclusive()  # SQLite has one writer at a time anyway

    def close(self) -> None:
        self._conn.close()


class PostgresBackend:
    """A PostgreSQL database shared by several replicas of the app.

    A broken connection is replaced on the next call rather than retried in place:
    the caller's statement fails once, and the runner simply tries again next tick.
    """

    name = "postgresql"

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn = self._connect()

    def _connect(self) -> psycopg.Connection[Row]:
        try:
            return psycopg.connect(self._url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise cannot_connect(error, self._url) from None

    def _live(self) -> psycopg.Connection[Row]:
        if self._conn.closed or self._conn.broken:
            self._conn = self._connect()
        return self._conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._live().cursor() as cursor:
            cursor.execute(_pg(sql), tuple(params))
            return cursor.rowcount

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._live().cursor() as cursor:
            cursor.execute(_pg(sql), tuple(params))
            return cursor.fetchall()

    def vanished(self) -> Phrase | None:
        return None  # a replaced database shows in its identity row

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        conn = self._live()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK_KEY,))
            yield

    @contextmanager
    def batch(self) -> Iterator[None]:
        with self._live().transaction():
            yield

    def close(self) -> None:
        self._conn.close()


def _reason(error: BaseException) -> str:
    """An error's own words, short, for a sentence about it."""
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())[:120]


#: psycopg's words for why a connection failed → what to check, in plain words.
_POSTGRES_REASONS = (
    ("password authentication failed", N_("PostgreSQL refused the user name or password")),
    ("no password supplied", N_("PostgreSQL wants a password and DATABASE_URL has none")),
    ("does not exist", N_("{what} does not exist on that server")),
    ("connection refused", N_("nothing answers at that address (is PostgreSQL running there?)")),
    ("could not translate host name", N_("the host name is unknown")),
    ("name or service not known", N_("the host name is unknown")),
    ("timeout expired", N_("the server did not answer within 10 seconds")),
    (
        "no pg_hba.conf entry",
        N_("PostgreSQL does not let this machine or user in (pg_hba.conf)"),
    ),
    ("too many connections", N_("PostgreSQL has no free connection left")),
    ("ssl", N_("the TLS (sslmode) settings do not match the server's")),
)


def postgres_reason(error: BaseException, url: str) -> Phrase:
    """Why a connection to ``url`` failed, in plain words, never quoting the password."""
    text = str(error).lower()
    for words, reason in _POSTGRES_REASONS:
        if words in text:
            parts = urlsplit(url)
            what = (
                Phrase(N_("the user {name}"), name=repr(parts.username))
                if "role" in text
                else Phrase(N_("the database {name}"), name=repr(parts.path.lstrip("/")))
            )
            return Phrase(reason, what=what)
    return Phrase(N_("check DATABASE_URL (host, port, database name, user and password)"))


def cannot_connect(error: BaseException, url: str) -> StoreError:
    """PostgreSQL at ``url`` refused or could not be reached: where, and why in plain words."""
    return StoreError(
        N_("Cannot connect to the database at {url}: {reason}."),
        url=redact_url(url),
        reason=postgres_reason(error, url),
    )


def where_of(target: str | Path) -> Phrase:
    """What the database at ``target`` is, fit to show (a URL without its password)."""
    text = str(target)
    if str(target) == ":memory:":
        return Phrase(N_("a database in memory"))
    if isinstance(target, str) and is_postgres_url(text):
        return Phrase(N_("PostgreSQL at {url}"), url=redact_url(text))
    return Phrase(N_("the SQLite file {path}"), path=repr(text))


def unusable(target: str | Path, error: BaseException) -> StoreError:
    """The database at ``target`` opened, but could not be prepared or read."""
    return StoreError(
        N_(
            "The database ({where}) cannot be used ({reason}): point BULKSENDS_DB or "
            "DATABASE_URL at this app's own database, or at a new one."
        ),
        where=where_of(target),
        reason=_reason(error),
    )


def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


def redact_url(url: str) -> str:
    """The URL without its password, fit for logs and messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def is_postgres_url(url: str) -> bool:
    return urlsplit(url).scheme in ("postgresql", "postgres")


def open_backend(target: str | Path) -> Backend:
    """A PostgreSQL URL, or else a SQLite file path."""
    if isinstance(target, str) and is_postgres_url(target):
        return PostgresBackend(target)
    return SqliteBackend(target)
