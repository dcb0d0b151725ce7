"""Where digests and their daily runs are kept: SQLite by default, PostgreSQL to share.

Exactly once rests on one row per (channel, local date) in ``digest_runs``. A process
*claims* the row before doing anything (an insert that only one can win, or an update
that takes over an expired lease or a due retry), marks it *posting* just before calling
Slack, and *sent* after. Every later step is fenced by the owner token, so a process
whose claim was taken over cannot overwrite the new holder's work.

Calls run on the store's own worker thread, and first check that the database is still
the one opened (``bot.store.threaded``): a database deleted or replaced under a running
process would otherwise post the day's digests a second time.

Values are checked on the way in (``bot.store.values``); a stored row that fails the same
checks is left out of lists and logged, so one bad row never breaks a list.

Every digest and run belongs to one workspace (``team``): a store reads and writes only
its own workspace's rows, and ``for_team`` gives another workspace's view of the same
database.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from bot.domain.digests import FINAL_STATES, LEASED, Digest, Run, RunState
from bot.domain.schedule import DigestSchedule
from bot.locale.languages import Language
from bot.store.backends import Backend, Row
from bot.store.threaded import (
    RepositoryStore,
    TeamRows,
    from_ms,
    open_store_on,
    opt_ms,
    threaded,
    to_ms,
)
from bot.store.values import check_digest, digest_problem

logger = logging.getLogger(__name__)


_DIGEST_COLUMNS = (
    "channel_id, channel_name, hour, minute, days, timezone, skip_empty, language, enabled, "
    "created_by, updated_by, created_at, updated_at, active_since, last_error, last_error_at"
)
_RUN_COLUMNS = (
    "channel_id, run_date, state, owner, attempts, lease_until, next_attempt_at, "
    "posting_since, message_ts, error, updated_at, first_claimed_at"
)
_HELD = tuple(sorted(state.value for state in LEASED))


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
        last_error_at=opt_ms(row[15]),
    )


def _run_from_row(row: Row) -> Run:
    return Run(
        channel_id=row[0],
        run_date=date.fromisoformat(row[1]),
        state=RunState(row[2]),
        owner=row[3],
        attempts=row[4],
        lease_until=from_ms(row[5]),
        next_attempt_at=opt_ms(row[6]),
        posting_since=opt_ms(row[7]),
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


class Repository(TeamRows):
    """The store's SQL for one workspace's rows, synchronous. Use it through ``DigestStore``."""

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
        self._save_channel_row("digests", _DIGEST_COLUMNS, values)

    def set_last_error(self, channel_id: str, error: str | None, at: datetime) -> None:
        self._set_channel_error("digests", channel_id, error, at)

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


class DigestStore(RepositoryStore[Repository]):
    """The async face of ``Repository``: each call runs on the store's own thread."""

    guarded = True
    thread_name = "digest-store"

    def rows(self, backend: Backend, team: str) -> Repository:
        return Repository(backend, team)

    get_digest = threaded(Repository.get_digest)
    list_digests = threaded(Repository.list_digests)
    list_every_team = threaded(Repository.list_every_team)
    finished_runs_since = threaded(Repository.finished_runs_since)
    delete_team = threaded(Repository.delete_team)
    save_digest = threaded(Repository.save_digest)
    set_last_error = threaded(Repository.set_last_error)
    get_run = threaded(Repository.get_run)
    last_runs = threaded(Repository.last_runs)
    claim = threaded(Repository.claim)
    renew = threaded(Repository.renew)
    begin_posting = threaded(Repository.begin_posting)
    finish = threaded(Repository.finish)
    retry_later = threaded(Repository.retry_later)


async def open_store(target: str | Path) -> DigestStore:
    """Connect and bring the schema up to date. Raises StoreError if the database is unusable."""
    return await open_store_on(target, DigestStore)
