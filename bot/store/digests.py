"""Where digests and their daily runs are kept: SQLite by default, PostgreSQL to share.

Exactly once rests on one row per (channel, local date) in ``digest_runs``. A process
*claims* the row before doing anything (an insert that only one can win, or an update
that takes over an expired lease or a due retry), marks it *posting* just before calling
Slack, and *sent* after. Every later step is fenced by the owner token, so a process
whose claim was taken over cannot overwrite the new holder's work.

The database calls are synchronous and run on one worker thread per store, so a slow
disk or a distant PostgreSQL never stalls the event loop that answers slash commands.

Every call first checks that the store is the one opened: the SQLite file is still the
same file, and the identity row (written once by migration 3) still holds the identity
read at start. A database deleted or replaced under a running process raises
``StoreChangedError`` instead of quietly becoming a fresh store with no runs recorded,
which would post the day's digests a second time.

Values are checked on the way in (``bot.store.values``); a stored row that fails the same
checks is left out of lists and logged, so one bad row never breaks a list.

Every digest and run belongs to one workspace (``team``): a store reads and writes only
its own workspace's rows, and ``for_team`` gives another workspace's view of the same
database. The one workspace of a self-hosted app is ``SINGLE_TEAM``.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import psycopg

from bot.domain.digests import FINAL_STATES, Digest, Run, RunState
from bot.domain.schedule import DigestSchedule
from bot.locale.languages import Language
from bot.store.backends import (
    Backend,
    Row,
    StoreChangedError,
    StoreError,
    is_postgres_url,
    open_backend,
    redact_url,
)
from bot.store.migrations import migrate
from bot.store.values import check_digest, digest_problem

logger = logging.getLogger(__name__)

T = TypeVar("T")


_DIGEST_COLUMNS = (
    "channel_id, channel_name, hour, minute, days, timezone, skip_empty, language, enabled, "
    "created_by, updated_by, created_at, updated_at, active_since, last_error, last_error_at"
)
_RUN_COLUMNS = (
    "channel_id, run_date, state, owner, attempts, lease_until, next_attempt_at, "
    "posting_since, message_ts, error, updated_at, first_claimed_at"
)
_HELD = (RunState.CLAIMED.value, RunState.POSTING.value)
#: The workspace of an app serving one workspace (tokens in the environment).
SINGLE_TEAM = ""


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def from_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, UTC)


def _opt_ms(value: int | None) -> datetime | None:
    return None if value is None else from_ms(value)


def _digest_from_row(row: Row) -> Digest:
    schedule = DigestSchedule(
        hour=row[2], minute=row[3], days=frozenset(int(d) for d in row[4]), timezone=row[5]
    )
    return Digest(
        channel_id=row[0],
        channel_name=row[1],
        schedule=schedule,
        skip_empty=bool(row[6]),
        language=cast(Language, row[7]),
        enabled=bool(row[8]),
        created_by=row[9],
        updated_by=row[10],
        created_at=from_ms(row[11]),
        updated_at=from_ms(row[12]),
        active_since=from_ms(row[13]),
        last_error=row[14],
        last_error_at=_opt_ms(row[15]),
    )


def _run_from_row(row: Row) -> Run:
    return Run(
        channel_id=row[0],
        run_date=date.fromisoformat(row[1]),
        state=RunState(row[2]),
        owner=row[3],
        attempts=row[4],
        lease_until=from_ms(row[5]),
        next_attempt_at=_opt_ms(row[6]),
        posting_since=_opt_ms(row[7]),
        message_ts=row[8],
        error=row[9],
        updated_at=from_ms(row[10]),
        first_claimed_at=from_ms(row[11]),
    )


def _sound_digest(row: Row) -> Digest | None:
    """The digest a row holds; None (and a log line) when it cannot be one."""
    try:
        digest = _digest_from_row(row)
    except (TypeError, ValueError, KeyError) as error:
        problem: str | None = f"{type(error).__name__}"
    else:
        problem = digest_problem(digest)
    if problem is not None:
        logger.warning("a stored digest row is unusable and left out: %s", problem)
        return None
    return digest


class Repository:
    """The store's SQL for one workspace's rows, synchronous. Use it through ``DigestStore``."""

    def __init__(self, backend: Backend, team: str = SINGLE_TEAM) -> None:
        self.backend = backend
        self.team = team

    # digests

    def get_digest(self, channel_id: str) -> Digest | None:
        rows = self.backend.query(
            f"SELECT {_DIGEST_COLUMNS} FROM digests WHERE team_id = ? AND channel_id = ?",
            (self.team, channel_id),
        )
        return _digest_from_row(rows[0]) if rows else None

    def list_digests(self) -> tuple[Digest, ...]:
        """Every sound digest; a row that cannot be read back as one is logged and left out."""
        rows = self.backend.query(
            f"SELECT {_DIGEST_COLUMNS} FROM digests WHERE team_id = ? "
            "ORDER BY channel_name, channel_id",
            (self.team,),
        )
        return tuple(digest for row in rows if (digest := _sound_digest(row)) is not None)

    def list_every_team(self) -> tuple[tuple[str, Digest], ...]:
        """Every workspace's enabled digests, with the workspace: one read for a whole pass."""
        rows = self.backend.query(
            f"SELECT team_id, {_DIGEST_COLUMNS} FROM digests WHERE enabled = 1 "
            "ORDER BY team_id, channel_name, channel_id"
        )
        found = []
        for row in rows:
            digest = _sound_digest(row[1:])
            if digest is not None:
                found.append((str(row[0]), digest))
        return tuple(found)

    def finished_runs_since(self, day: date) -> frozenset[tuple[str, str, date]]:
        """Every workspace's runs finished (sent, skipped, failed) on ``day`` or later."""
        final = [state.value for state in FINAL_STATES]
        rows = self.backend.query(
            "SELECT team_id, channel_id, run_date FROM digest_runs "
            f"WHERE run_date >= ? AND state IN ({', '.join('?' * len(final))})",
            (day.isoformat(), *final),
        )
        return frozenset((str(t), str(c), date.fromisoformat(d)) for t, c, d in rows)

    def delete_team(self) -> int:
        """Forget the workspace's digests and their runs; returns the digests deleted."""
        self.backend.execute("DELETE FROM digest_runs WHERE team_id = ?", (self.team,))
        return self.backend.execute("DELETE FROM digests WHERE team_id = ?", (self.team,))

    def save_digest(self, digest: Digest) -> None:
        check_digest(digest)
        s = digest.schedule
        values = (
            digest.channel_id,
            digest.channel_name,
            s.hour,
            s.minute,
            "".join(str(d) for d in sorted(s.days)),
            s.timezone,
            int(digest.skip_empty),
            digest.language,
            int(digest.enabled),
            digest.created_by,
            digest.updated_by,
            to_ms(digest.created_at),
            to_ms(digest.updated_at),
            to_ms(digest.active_since),
            digest.last_error,
            None if digest.last_error_at is None else to_ms(digest.last_error_at),
        )
        updated = ", ".join(
            f"{column} = excluded.{column}"
            for column in _DIGEST_COLUMNS.split(", ")
            if column not in ("channel_id", "created_by", "created_at")
        )
        self.backend.execute(
            f"INSERT INTO digests (team_id, {_DIGEST_COLUMNS}) "
            f"VALUES ({', '.join('?' * (len(values) + 1))}) "
            f"ON CONFLICT (team_id, channel_id) DO UPDATE SET {updated}",
            (self.team, *values),
        )

    def set_last_error(self, channel_id: str, error: str | None, at: datetime) -> None:
        self.backend.execute(
            "UPDATE digests SET last_error = ?, last_error_at = ? "
            "WHERE team_id = ? AND channel_id = ?",
            (error, None if error is None else to_ms(at), self.team, channel_id),
        )

    # runs

    def get_run(self, channel_id: str, run_date: date) -> Run | None:
        rows = self.backend.query(
            f"SELECT {_RUN_COLUMNS} FROM digest_runs "
            "WHERE team_id = ? AND channel_id = ? AND run_date = ?",
            (self.team, channel_id, run_date.isoformat()),
        )
        return _run_from_row(rows[0]) if rows else None

    def last_runs(self) -> dict[str, Run]:
        """Each channel's most recent run (for `digest list`); unreadable rows left out."""
        rows = self.backend.query(
            f"SELECT {_RUN_COLUMNS} FROM digest_runs r WHERE team_id = ? AND run_date = "
            "(SELECT MAX(run_date) FROM digest_runs l "
            "WHERE l.team_id = r.team_id AND l.channel_id = r.channel_id)",
            (self.team,),
        )
        runs = {}
        for row in rows:
            try:
                runs[row[0]] = _run_from_row(row)
            except (TypeError, ValueError, KeyError, OverflowError) as error:
                logger.warning(
                    "a stored run row is unusable and left out: %s", type(error).__name__
                )
        return runs

    # identity

    def identity(self) -> str:
        """This store's identity, written by the first process to ask."""
        self.backend.execute(
            "INSERT INTO store_identity (singleton, identity, created_at) VALUES (1, ?, ?) "
            "ON CONFLICT (singleton) DO NOTHING",
            (uuid.uuid4().hex, to_ms(datetime.now(UTC))),
        )
        return str(self.backend.query("SELECT identity FROM store_identity")[0][0])

    def check_same(self, expected: str) -> None:
        """Raise StoreChangedError unless this is still the store whose identity was read."""
        problem = self.backend.vanished()
        if problem is None:
            try:
                rows = self.backend.query("SELECT identity FROM store_identity")
            except (sqlite3.Error, psycopg.Error):
                problem = "its identity row is gone"
            else:
                if not rows or rows[0][0] != expected:
                    problem = "it is another database now"
        if problem is not None:
            raise StoreChangedError(
                f"The digest database changed while the app was running ({problem}). "
                "Nothing more is posted from it: restart the app to use the database now there."
            )

    def claim(
        self, channel_id: str, run_date: date, owner: str, now: datetime, lease: timedelta
    ) -> Run | None:
        """Take the day's run if nobody holds it and it is not finished; else None.

        First come takes a fresh day (insert). Later, a held run whose lease ran out
        (its holder died) or a run waiting for a retry that is now due can be taken over.
        """
        day, now_ms, until = run_date.isoformat(), to_ms(now), to_ms(now + lease)
        inserted = self.backend.execute(
            f"INSERT INTO digest_runs (team_id, {_RUN_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, 1, ?, NULL, NULL, NULL, NULL, ?, ?) "
            "ON CONFLICT (team_id, channel_id, run_date) DO NOTHING",
            (self.team, channel_id, day, RunState.CLAIMED.value, owner, until, now_ms, now_ms),
        )
        if not inserted:
            taken = self.backend.execute(
                "UPDATE digest_runs SET state = ?, owner = ?, attempts = attempts + 1, "
                "lease_until = ?, updated_at = ? "
                "WHERE team_id = ? AND channel_id = ? AND run_date = ? AND ("
                "(state IN (?, ?) AND lease_until <= ?) OR (state = ? AND next_attempt_at <= ?))",
                (
                    RunState.CLAIMED.value,
                    owner,
                    until,
                    now_ms,
                    self.team,
                    channel_id,
                    day,
                    *_HELD,
                    now_ms,
                    RunState.RETRY.value,
                    now_ms,
                ),
            )
            if not taken:
                return None
        run = self.get_run(channel_id, run_date)
        return run if run is not None and run.owner == owner else None

    def renew(self, run: Run, now: datetime, lease: timedelta) -> bool:
        """Extend the claim while working on it; False if it was lost meanwhile."""
        return self._update_held(run, "lease_until = ?", (to_ms(now + lease),))

    def begin_posting(self, run: Run, now: datetime, lease: timedelta) -> bool:
        """Note that the message may now reach Slack; False if the claim was lost."""
        return self._update_held(
            run,
            "state = ?, lease_until = ?, posting_since = COALESCE(posting_since, ?), "
            "updated_at = ?",
            (RunState.POSTING.value, to_ms(now + lease), to_ms(now), to_ms(now)),
        )

    def finish(
        self,
        run: Run,
        state: RunState,
        now: datetime,
        *,
        message_ts: str | None = None,
        error: str | None = None,
    ) -> bool:
        """Close the day as sent, skipped or failed; False if the claim was lost."""
        return self._update_held(
            run,
            "state = ?, message_ts = ?, error = ?, updated_at = ?",
            (state.value, message_ts, error, to_ms(now)),
        )

    def retry_later(
        self, run: Run, at: datetime, now: datetime, *, error: str, maybe_posted: bool
    ) -> bool:
        """Hand the run back until ``at``; any process may pick it up then.

        ``maybe_posted`` keeps the note that a message may have reached Slack (a timeout
        rather than a clear refusal), so whoever retries looks for it first.
        """
        return self._update_held(
            run,
            "state = ?, next_attempt_at = ?, error = ?, updated_at = ?, "
            "posting_since = CASE WHEN ? = 1 THEN posting_since ELSE NULL END",
            (RunState.RETRY.value, to_ms(at), error, to_ms(now), int(maybe_posted)),
        )

    def _update_held(self, run: Run, assignments: str, values: tuple[Any, ...]) -> bool:
        changed = self.backend.execute(
            f"UPDATE digest_runs SET {assignments} "
            "WHERE team_id = ? AND channel_id = ? AND run_date = ? AND owner = ? "
            "AND state IN (?, ?)",
            (*values, self.team, run.channel_id, run.run_date.isoformat(), run.owner, *_HELD),
        )
        return changed == 1


class DigestStore:
    """The async face of ``Repository``: each call runs on the store's own thread.

    ``for_team`` views share the opener's connection and thread; only the opener closes.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        team: str = SINGLE_TEAM,
        executor: ThreadPoolExecutor | None = None,
        identity: str | None = None,
    ) -> None:
        self.repo = Repository(backend, team)
        self._owner = executor is None
        self._executor = executor or ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="digest-store"
        )
        #: Read once the schema is in place (``open_store``); checked before every call.
        self.identity: str | None = identity

    @property
    def backend_name(self) -> str:
        return self.repo.backend.name

    @property
    def team(self) -> str:
        return self.repo.team

    def for_team(self, team: str) -> DigestStore:
        """The same database seen by workspace ``team``: its digests and runs only."""
        return DigestStore(
            self.repo.backend, team=team, executor=self._executor, identity=self.identity
        )

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, partial(self._checked, fn, *args, **kwargs)
        )

    def _checked(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.identity is not None:
            self.repo.check_same(self.identity)
        return fn(*args, **kwargs)

    async def migrate(self) -> list[int]:
        return await self._call(migrate, self.repo.backend)

    async def learn_identity(self) -> str:
        self.identity = await self._call(self.repo.identity)
        return self.identity

    async def get_digest(self, channel_id: str) -> Digest | None:
        return await self._call(self.repo.get_digest, channel_id)

    async def list_digests(self) -> tuple[Digest, ...]:
        return await self._call(self.repo.list_digests)

    async def list_every_team(self) -> tuple[tuple[str, Digest], ...]:
        return await self._call(self.repo.list_every_team)

    async def finished_runs_since(self, day: date) -> frozenset[tuple[str, str, date]]:
        return await self._call(self.repo.finished_runs_since, day)

    async def delete_team(self) -> int:
        return await self._call(self.repo.delete_team)

    async def save_digest(self, digest: Digest) -> None:
        await self._call(self.repo.save_digest, digest)

    async def set_last_error(self, channel_id: str, error: str | None, at: datetime) -> None:
        await self._call(self.repo.set_last_error, channel_id, error, at)

    async def get_run(self, channel_id: str, run_date: date) -> Run | None:
        return await self._call(self.repo.get_run, channel_id, run_date)

    async def last_runs(self) -> dict[str, Run]:
        return await self._call(self.repo.last_runs)

    async def claim(
        self, channel_id: str, run_date: date, owner: str, now: datetime, lease: timedelta
    ) -> Run | None:
        return await self._call(self.repo.claim, channel_id, run_date, owner, now, lease)

    async def renew(self, run: Run, now: datetime, lease: timedelta) -> bool:
        return await self._call(self.repo.renew, run, now, lease)

    async def begin_posting(self, run: Run, now: datetime, lease: timedelta) -> bool:
        return await self._call(self.repo.begin_posting, run, now, lease)

    async def finish(
        self,
        run: Run,
        state: RunState,
        now: datetime,
        *,
        message_ts: str | None = None,
        error: str | None = None,
    ) -> bool:
        return await self._call(
            self.repo.finish, run, state, now, message_ts=message_ts, error=error
        )

    async def retry_later(
        self, run: Run, at: datetime, now: datetime, *, error: str, maybe_posted: bool
    ) -> bool:
        return await self._call(
            self.repo.retry_later, run, at, now, error=error, maybe_posted=maybe_posted
        )

    async def close(self) -> None:
        if not self._owner:
            return
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self.repo.backend.close)
        self._executor.shutdown(wait=True)


def _short(error: BaseException) -> str:
    return " ".join(str(error).split())[:120] or type(error).__name__


async def open_store(target: str | Path) -> DigestStore:
    """Connect and bring the schema up to date. Raises StoreError if the database is unusable."""
    loop = asyncio.get_running_loop()
    backend = await loop.run_in_executor(None, open_backend, target)
    store = DigestStore(backend)
    try:
        await store.migrate()
        await store.learn_identity()
    except (sqlite3.Error, psycopg.Error) as error:
        await store.close()
        where = redact_url(str(target)) if is_postgres_url(str(target)) else repr(str(target))
        raise StoreError(
            f"The digest database {where} cannot be used ({_short(error)}): point "
            "BULKSENDS_DB or DATABASE_URL at this app's own database, or at a new one."
        ) from None
    return store
