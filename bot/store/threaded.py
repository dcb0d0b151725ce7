"""What every store shares: its synchronous SQL on a worker thread of its own, opening
and preparing the database, and knowing it is still the one opened.

The database calls are synchronous and run on one worker thread per store, so a slow disk
or a distant PostgreSQL never stalls the event loop that answers slash commands. Views of
one store (``for_team``) share the opener's connection and thread; only the opener closes.

A guarded store (the digests', the alerts') first checks, at every call, that the database
is still the one opened: the SQLite file is still the same file, and the identity row
(written once by migration 3) still holds the identity read at start. A database deleted
or replaced under a running process raises ``StoreChangedError`` instead of quietly
becoming a fresh store with no claims recorded, which would post everything a second time.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar

import psycopg

from bot.locale.translate import N_, Phrase
from bot.store.backends import Backend, StoreChangedError, open_backend, unusable
from bot.store.migrations import migrate

#: The workspace of an app serving one workspace (tokens in the environment).
SINGLE_TEAM = ""

T = TypeVar("T")
R = TypeVar("R", bound="TeamRows", covariant=True)
P = ParamSpec("P")
S = TypeVar("S", bound="ThreadedStore")


async def on_thread(executor: Executor, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` on ``executor``'s thread, awaited."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, partial(fn, *args, **kwargs))


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def from_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, UTC)


def opt_ms(value: int | None) -> datetime | None:
    return None if value is None else from_ms(value)


def learn_identity(backend: Backend) -> str:
    """The database's identity, written by the first process to ask."""
    backend.execute(
        "INSERT INTO store_identity (singleton, identity, created_at) VALUES (1, ?, ?) "
        "ON CONFLICT (singleton) DO NOTHING",
        (uuid.uuid4().hex, to_ms(datetime.now(UTC))),
    )
    return str(backend.query("SELECT identity FROM store_identity")[0][0])


def check_same(backend: Backend, expected: str) -> None:
    """Raise StoreChangedError unless this is still the database whose identity was read."""
    problem = backend.vanished()
    if problem is None:
        try:
            rows = backend.query("SELECT identity FROM store_identity")
        except (sqlite3.Error, psycopg.Error):
            problem = Phrase(N_("its identity row is gone"))
        else:
            if not rows or rows[0][0] != expected:
                problem = Phrase(N_("it is another database now"))
    if problem is not None:
        raise StoreChangedError(
            N_(
                "The database changed while the app was running ({problem}). Nothing more "
                "is posted from it: restart the app to use the database now there."
            ),
            problem=problem,
        )


class ThreadedStore:
    """A store's face: every call on its own thread (``_call``)."""

    #: Whether every call first checks that the database is still the one opened.
    guarded = False
    #: Its worker thread's name.
    thread_name = "store"

    def __init__(
        self,
        backend: Backend,
        *,
        executor: ThreadPoolExecutor | None = None,
        identity: str | None = None,
    ) -> None:
        self.backend = backend
        self._owner = executor is None
        self._executor = executor or ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=self.thread_name
        )
        #: Read once the schema is in place (``prepare``); checked before every call.
        self.identity = identity

    @property
    def backend_name(self) -> str:
        return self.backend.name

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await on_thread(self._executor, self._checked, fn, *args, **kwargs)

    def _checked(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.identity is not None:
            check_same(self.backend, self.identity)
        return fn(*args, **kwargs)

    async def migrate(self) -> list[int]:
        """Bring the schema up to date; the migrations run."""
        return await self._call(migrate, self.backend)

    async def prepare(self) -> None:
        """Bring the schema up to date and, if guarded, learn which database this is."""
        await self.migrate()
        if self.guarded:
            self.identity = await self._call(learn_identity, self.backend)

    async def close(self) -> None:
        if not self._owner:
            return
        await on_thread(self._executor, self.backend.close)
        self._executor.shutdown(wait=True)


class TeamRows:
    """The SQL over one workspace's rows, synchronous; used through its store."""

    def __init__(self, backend: Backend, team: str = SINGLE_TEAM) -> None:
        self.backend = backend
        self.team = team

    def _save_channel_row(self, table: str, columns: str, values: Sequence[Any]) -> None:
        """Insert or update a feature's row for one channel (``values`` in ``columns``'
        order, the channel's id first); who created it, and when, stay as they were."""
        updated = ", ".join(
            f"{column} = excluded.{column}"
            for column in columns.split(", ")
            if column not in ("channel_id", "created_by", "created_at")
        )
        self.backend.execute(
            f"INSERT INTO {table} (team_id, {columns}) "
            f"VALUES ({', '.join('?' * (len(values) + 1))}) "
            f"ON CONFLICT (team_id, channel_id) DO UPDATE SET {updated}",
            (self.team, *values),
        )

    def _set_channel_error(
        self, table: str, channel_id: str, error: str | None, at: datetime
    ) -> None:
        """What Slack last refused in the channel (None: it posts again)."""
        self.backend.execute(
            f"UPDATE {table} SET last_error = ?, last_error_at = ? "
            "WHERE team_id = ? AND channel_id = ?",
            (error, None if error is None else to_ms(at), self.team, channel_id),
        )


class RepositoryStore(ThreadedStore, Generic[R]):
    """The async face of one workspace's rows (``repo``): their methods, made awaitable
    by ``threaded``, run on the store's thread. ``for_team`` gives another workspace's
    view of the same database."""

    def __init__(
        self,
        backend: Backend,
        *,
        team: str = SINGLE_TEAM,
        executor: ThreadPoolExecutor | None = None,
        identity: str | None = None,
    ) -> None:
        super().__init__(backend, executor=executor, identity=identity)
        self.repo = self.rows(backend, team)

    def rows(self, backend: Backend, team: str) -> R:
        """The store's SQL over ``team``'s rows."""
        raise NotImplementedError

    @property
    def team(self) -> str:
        return self.repo.team

    def for_team(self, team: str) -> Self:
        """The same database seen by workspace ``team``: its rows only."""
        return type(self)(self.backend, team=team, executor=self._executor, identity=self.identity)


def threaded(
    fn: Callable[Concatenate[R, P], T],
) -> Callable[Concatenate[RepositoryStore[R], P], Coroutine[Any, Any, T]]:
    """The repository method ``fn`` as an awaitable method of its store."""

    async def call(store: RepositoryStore[R], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await store._call(fn, store.repo, *args, **kwargs)

    call.__name__, call.__doc__ = fn.__name__, fn.__doc__
    return call


async def open_store_on(target: str | Path, make: Callable[[Backend], S]) -> S:
    """Connect, make the store and prepare it. Raises StoreError if the database is
    unusable, saying where (never with its password) and why."""
    loop = asyncio.get_running_loop()
    backend = await loop.run_in_executor(None, open_backend, target)
    store = make(backend)
    try:
        await store.prepare()
    except (sqlite3.Error, psycopg.Error) as error:
        await store.close()
        raise unusable(target, error) from None
    return store
