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

    def vanished(self) -> str | None:
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
                f"The digest database {self._path!r} cannot be opened ({_reason(error)}): point "
                "BULKSENDS_DB at this app's own database file, or at a new file in a folder "
                "the app may write to."
            ) from None

    def vanished(self) -> str | None:
        """A connection keeps using a deleted file: compare the path with what was opened."""
        if self._file is None:
            return None
        try:
            stat = os.stat(self._path)
        except FileNotFoundError:
            return f"the SQLite file {self._path!r} was deleted"
        except OSError as error:
            return f"the SQLite file {self._path!r} cannot be read ({error.strerror})"
        if (stat.st_dev, stat.st_ino) != self._file:
            return f"the SQLite file {self._path!r} was replaced by another file"
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
            raise StoreError(
                f"Cannot connect to the database at {redact_url(self._url)}: "
                f"{postgres_reason(error, self._url)}."
            ) from None

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

    def vanished(self) -> str | None:
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
    ("password authentication failed", "PostgreSQL refused the user name or password"),
    ("no password supplied", "PostgreSQL wants a password and DATABASE_URL has none"),
    ("does not exist", "{what} does not exist on that server"),
    ("connection refused", "nothing answers at that address (is PostgreSQL running there?)"),
    ("could not translate host name", "the host name is unknown"),
    ("name or service not known", "the host name is unknown"),
    ("timeout expired", "the server did not answer within 10 seconds"),
    ("no pg_hba.conf entry", "PostgreSQL does not let this machine or user in (pg_hba.conf)"),
    ("too many connections", "PostgreSQL has no free connection left"),
    ("ssl", "the TLS (sslmode) settings do not match the server's"),
)


def postgres_reason(error: BaseException, url: str) -> str:
    """Why a connection to ``url`` failed, in plain words, never quoting the password."""
    text = str(error).lower()
    for words, reason in _POSTGRES_REASONS:
        if words in text:
            parts = urlsplit(url)
            what = (
                f"the user {parts.username!r}"
                if "role" in text
                else f"the database {parts.path.lstrip('/')!r}"
            )
            return reason.format(what=what)
    return "check DATABASE_URL (host, port, database name, user and password)"


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
