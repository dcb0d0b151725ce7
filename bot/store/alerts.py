"""Where alerts are kept: each channel's rules, its mutes, every alert, and each poll.

Exactly once rests on one row per (channel, subject, kind) in ``alert_posts``, claimed
the way digests claim a day (``bot.store.digests``): an insert only one process can win,
or an update that takes over an expired lease or a wait that is due; *posting* is noted
just before calling Slack, *sent* after; every later step is fenced by the owner token.

``alert_polls`` holds one row per workspace: the claim on its next poll of Mindo (so that
replicas sharing the database poll each account once per interval between them) and what
one poll remembers for the next (each running send's progress, each number's tier).

Calls run on the store's own worker thread, like the digest store's, and check first that
the database is still the one opened.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import psycopg

from bot.domain.alerts import (
    FINAL,
    AlertChannel,
    AlertKind,
    AlertPost,
    Layout,
    Mute,
    PostState,
    QuietHours,
)
from bot.locale.languages import Language
from bot.store.backends import Backend, Row, StoreError, is_postgres_url, open_backend, redact_url
from bot.store.digests import SINGLE_TEAM, Repository, from_ms, to_ms
from bot.store.migrations import migrate
from bot.store.values import alert_channel_problem, check_alert_channel

logger = logging.getLogger(__name__)

T = TypeVar("T")
T_value = TypeVar("T_value")

_CHANNEL_COLUMNS = (
    "channel_id, channel_name, enabled, threshold, stuck_minutes, templates, quiet_start, "
    "quiet_end, timezone, language, created_by, updated_by, created_at, updated_at, "
    "active_since, last_error, last_error_at"
)
_POST_COLUMNS = (
    "channel_id, subject, kind, state, owner, attempts, lease_until, next_attempt_at, "
    "posting_since, post_key, layout, message_ts, thread_ts, shown, snapshot, event_at, late, "
    "error, first_claimed_at, updated_at"
)
_LEASED = (PostState.CLAIMED.value, PostState.POSTING.value)
_WAITING = (PostState.HELD.value, PostState.RETRY.value)
#: Subjects asked about in one statement (SQLite's oldest builds allow 999 parameters).
_CHUNK = 500


def _opt_ms(value: int | None) -> datetime | None:
    return None if value is None else from_ms(value)


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _channel_from_row(row: Row) -> AlertChannel:
    quiet = None
    if row[6] is not None and row[7] is not None:
        quiet = QuietHours(_clock(int(row[6])), _clock(int(row[7])))
    return AlertChannel(
        channel_id=row[0],
        channel_name=row[1],
        enabled=bool(row[2]),
        threshold=int(row[3]) / 10,
        stuck_minutes=int(row[4]),
        templates=frozenset(name for name in str(row[5]).split("\n") if name),
        quiet=quiet,
        timezone=row[8],
        language=cast(Language, row[9]),
        created_by=row[10],
        updated_by=row[11],
        created_at=from_ms(row[12]),
        updated_at=from_ms(row[13]),
        active_since=from_ms(row[14]),
        last_error=row[15],
        last_error_at=_opt_ms(row[16]),
    )


def _sound_channel(row: Row) -> AlertChannel | None:
    """The channel a row holds; None (and a log line) when it cannot be one."""
    try:
        channel = _channel_from_row(row)
    except (TypeError, ValueError, KeyError) as error:
        problem: str | None = type(error).__name__
    else:
        problem = alert_channel_problem(channel)
    if problem is not None:
        logger.warning("a stored alert channel row is unusable and left out: %s", problem)
        return None
    return channel


def _post_from_row(row: Row) -> AlertPost:
    return AlertPost(
        channel_id=row[0],
        subject=row[1],
        kind=AlertKind(row[2]),
        state=PostState(row[3]),
        owner=row[4],
        attempts=int(row[5]),
        lease_until=from_ms(row[6]),
        next_attempt_at=_opt_ms(row[7]),
        posting_since=_opt_ms(row[8]),
        post_key=row[9],
        layout=None if row[10] is None else Layout(row[10]),
        message_ts=row[11],
        thread_ts=row[12],
        shown=row[13],
        snapshot=row[14],
        event_at=from_ms(row[15]),
        late=bool(row[16]),
        error=row[17],
        first_claimed_at=from_ms(row[18]),
        updated_at=from_ms(row[19]),
    )


def _sound_posts(rows: list[Row]) -> list[AlertPost]:
    posts = []
    for row in rows:
        try:
            posts.append(_post_from_row(row))
        except (TypeError, ValueError, KeyError, OverflowError) as error:
            logger.warning("a stored alert row is unusable and left out: %s", type(error).__name__)
    return posts


@dataclass(frozen=True)
class NewAlert:
    """An alert a poll found, to be claimed: what it is about and what it shows."""

    channel_id: str
    subject: str
    kind: AlertKind
    snapshot: str
    event_at: datetime
    late: bool

    def claimed(self, state: PostState, owner: str, now: datetime, lease: timedelta) -> AlertPost:
        """The row as the claim wrote it."""
        return AlertPost(
            channel_id=self.channel_id,
            subject=self.subject,
            kind=self.kind,
            state=state,
            owner=owner,
            attempts=1,
            lease_until=from_ms(to_ms(now + lease)),
            next_attempt_at=None,
            posting_since=None,
            post_key=None,
            layout=None,
            message_ts=None,
            thread_ts=None,
            shown=None,
            snapshot=self.snapshot,
            event_at=from_ms(to_ms(self.event_at)),
            late=self.late,
            error=None,
            first_claimed_at=from_ms(to_ms(now)),
            updated_at=from_ms(to_ms(now)),
        )


@dataclass(frozen=True)
class PollClaim:
    """This process's turn to poll a workspace's account, and what the last poll left."""

    owner: str
    claimed_at: datetime
    #: When the last poll that read Mindo finished (None: never).
    polled_at: datetime | None
    #: Polls in a row that could not read Mindo.
    failures: int
    memory: str


class AlertRepository:
    """The SQL for one workspace's alert rows, synchronous. Use it through ``AlertStore``."""

    def __init__(self, backend: Backend, team: str = SINGLE_TEAM) -> None:
        self.backend = backend
        self.team = team

    # --- channels -----------------------------------------------------------------------

    def get_channel(self, channel_id: str) -> AlertChannel | None:
        rows = self.backend.query(
            f"SELECT {_CHANNEL_COLUMNS} FROM alert_channels WHERE team_id = ? AND channel_id = ?",
            (self.team, channel_id),
        )
        return _sound_channel(rows[0]) if rows else None

    def list_channels(self) -> tuple[AlertChannel, ...]:
        rows = self.backend.query(
            f"SELECT {_CHANNEL_COLUMNS} FROM alert_channels WHERE team_id = ? "
            "ORDER BY channel_name, channel_id",
            (self.team,),
        )
        return tuple(channel for row in rows if (channel := _sound_channel(row)) is not None)

    def teams_watching(self) -> tuple[str, ...]:
        """Every workspace with alerts on in at least one channel."""
        rows = self.backend.query(
            "SELECT DISTINCT team_id FROM alert_channels WHERE enabled = 1 ORDER BY team_id"
        )
        return tuple(str(row[0]) for row in rows)

    def save_channel(self, channel: AlertChannel) -> None:
        check_alert_channel(channel)
        quiet = channel.quiet
        values = (
            channel.channel_id,
            channel.channel_name,
            int(channel.enabled),
            round(channel.threshold * 10),
            channel.stuck_minutes,
            "\n".join(sorted(channel.templates)),
            None if quiet is None else _minutes(quiet.start),
            None if quiet is None else _minutes(quiet.end),
            channel.timezone,
            channel.language,
            channel.created_by,
            channel.updated_by,
            to_ms(channel.created_at),
            to_ms(channel.updated_at),
            to_ms(channel.active_since),
            channel.last_error,
            None if channel.last_error_at is None else to_ms(channel.last_error_at),
        )
        updated = ", ".join(
            f"{column} = excluded.{column}"
            for column in _CHANNEL_COLUMNS.split(", ")
            if column not in ("channel_id", "created_by", "created_at")
        )
        self.backend.execute(
            f"INSERT INTO alert_channels (team_id, {_CHANNEL_COLUMNS}) "
            f"VALUES ({', '.join('?' * (len(values) + 1))}) "
            f"ON CONFLICT (team_id, channel_id) DO UPDATE SET {updated}",
            (self.team, *values),
        )

    def set_channel_error(self, channel_id: str, error: str | None, at: datetime) -> None:
        self.backend.execute(
            "UPDATE alert_channels SET last_error = ?, last_error_at = ? "
            "WHERE team_id = ? AND channel_id = ?",
            (error, None if error is None else to_ms(at), self.team, channel_id),
        )

    def delete_team(self) -> int:
        """Forget the workspace's alerts entirely; returns the channels deleted."""
        for table in ("alert_posts", "alert_mutes", "alert_polls"):
            self.backend.execute(f"DELETE FROM {table} WHERE team_id = ?", (self.team,))
        return self.backend.execute("DELETE FROM alert_channels WHERE team_id = ?", (self.team,))

    # --- mutes --------------------------------------------------------------------------

    def save_mute(self, mute: Mute) -> None:
        self.backend.execute(
            "INSERT INTO alert_mutes (team_id, channel_id, template, muted_until, muted_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, channel_id, template) DO UPDATE SET "
            "muted_until = excluded.muted_until, muted_by = excluded.muted_by",
            (self.team, mute.channel_id, mute.template or "", to_ms(mute.until), mute.muted_by),
        )

    def active_mutes(self, now: datetime) -> tuple[Mute, ...]:
        """Mutes still running; the ones that ran out are deleted on the way."""
        now_ms = to_ms(now)
        self.backend.execute(
            "DELETE FROM alert_mutes WHERE team_id = ? AND muted_until <= ?", (self.team, now_ms)
        )
        rows = self.backend.query(
            "SELECT channel_id, template, muted_until, muted_by FROM alert_mutes "
            "WHERE team_id = ? ORDER BY channel_id, template",
            (self.team,),
        )
        return tuple(Mute(row[0], row[1] or None, from_ms(row[2]), row[3]) for row in rows)

    # --- alerts -------------------------------------------------------------------------

    def posts_about(self, subjects: Collection[str], *, snapshots: bool = False) -> list[AlertPost]:
        """Every row of the workspace about one of ``subjects``, in any channel. Without
        ``snapshots`` their ``snapshot`` is left empty (a poll reads thousands of rows and
        needs the snapshots of a few: ``snapshots_of``)."""
        ordered = sorted(set(subjects))
        columns = _POST_COLUMNS if snapshots else _POST_COLUMNS.replace("snapshot", "''")
        found: list[AlertPost] = []
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            rows = self.backend.query(
                f"SELECT {columns} FROM alert_posts WHERE team_id = ? "
                f"AND subject IN ({', '.join('?' * len(chunk))})",
                (self.team, *chunk),
            )
            found += _sound_posts(rows)
        return found

    def snapshots_of(self, posts: Collection[AlertPost]) -> dict[tuple[str, str, AlertKind], str]:
        """The stored snapshot of each post, by its key."""
        wanted = {post.key for post in posts}
        by_channel: dict[str, set[str]] = {}
        for channel_id, subject, _ in wanted:
            by_channel.setdefault(channel_id, set()).add(subject)
        found: dict[tuple[str, str, AlertKind], str] = {}
        for channel_id, subjects in sorted(by_channel.items()):
            ordered = sorted(subjects)
            for start in range(0, len(ordered), _CHUNK):
                chunk = ordered[start : start + _CHUNK]
                rows = self.backend.query(
                    "SELECT subject, kind, snapshot FROM alert_posts WHERE team_id = ? "
                    f"AND channel_id = ? AND subject IN ({', '.join('?' * len(chunk))})",
                    (self.team, channel_id, *chunk),
                )
                for subject, kind, snapshot in rows:
                    key = (channel_id, subject, AlertKind(kind))
                    if key in wanted:
                        found[key] = str(snapshot)
        return found

    def get_post(self, channel_id: str, subject: str, kind: AlertKind) -> AlertPost | None:
        rows = self.backend.query(
            f"SELECT {_POST_COLUMNS} FROM alert_posts "
            "WHERE team_id = ? AND channel_id = ? AND subject = ? AND kind = ?",
            (self.team, channel_id, subject, kind.value),
        )
        posts = _sound_posts(rows)
        return posts[0] if posts else None

    def unfinished_posts(self) -> list[AlertPost]:
        """Rows claimed, posting, held or waiting for a retry (whoever holds them)."""
        rows = self.backend.query(
            f"SELECT {_POST_COLUMNS} FROM alert_posts WHERE team_id = ? AND state IN (?, ?, ?, ?)",
            (self.team, *_LEASED, *_WAITING),
        )
        return _sound_posts(rows)

    def claim_new(
        self,
        alerts: Sequence[NewAlert],
        *,
        owner: str,
        now: datetime,
        lease: timedelta,
        state: PostState = PostState.CLAIMED,
    ) -> list[AlertPost]:
        """The alerts this process is the first to notice (each an insert only one process
        can win), in one transaction. ``state`` MUTED records alerts that happened while
        muted: final at once."""
        now_ms, until = to_ms(now), to_ms(now + lease)
        won: list[AlertPost] = []
        with self.backend.batch():
            for alert in alerts:
                inserted = self.backend.execute(
                    f"INSERT INTO alert_posts (team_id, {_POST_COLUMNS}) VALUES (?, ?, ?, ?, ?, "
                    "?, 1, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?, ?, NULL, ?, ?) "
                    "ON CONFLICT (team_id, channel_id, subject, kind) DO NOTHING",
                    (
                        self.team,
                        alert.channel_id,
                        alert.subject,
                        alert.kind.value,
                        state.value,
                        owner,
                        until,
                        alert.snapshot,
                        to_ms(alert.event_at),
                        int(alert.late),
                        now_ms,
                        now_ms,
                    ),
                )
                if inserted:
                    won.append(alert.claimed(state, owner, now, lease))
        return won

    def take_over(
        self, posts: Sequence[AlertPost], owner: str, now: datetime, lease: timedelta
    ) -> list[AlertPost]:
        """Those whose holder's lease ran out, or whose wait is over, now this process's."""
        now_ms = to_ms(now)
        taken: list[AlertPost] = []
        with self.backend.batch():
            for post in posts:
                changed = self.backend.execute(
                    "UPDATE alert_posts SET state = ?, owner = ?, attempts = attempts + 1, "
                    "lease_until = ?, updated_at = ? "
                    "WHERE team_id = ? AND channel_id = ? AND subject = ? AND kind = ? AND ("
                    "(state IN (?, ?) AND lease_until <= ?) OR "
                    "(state IN (?, ?) AND next_attempt_at <= ?))",
                    (
                        PostState.CLAIMED.value,
                        owner,
                        to_ms(now + lease),
                        now_ms,
                        self.team,
                        post.channel_id,
                        post.subject,
                        post.kind.value,
                        *_LEASED,
                        now_ms,
                        *_WAITING,
                        now_ms,
                    ),
                )
                if changed:
                    fresh = self.get_post(post.channel_id, post.subject, post.kind)
                    if fresh is not None and fresh.owner == owner:
                        taken.append(fresh)
        return taken

    def hold(
        self, items: Sequence[tuple[AlertPost, str]], until: datetime, now: datetime
    ) -> list[AlertPost]:
        """Wait for the channel's quiet hours to end; any process may post them then."""
        return self._update_held(
            items,
            lambda snapshot: (
                "state = ?, next_attempt_at = ?, snapshot = ?, updated_at = ?",
                (PostState.HELD.value, to_ms(until), snapshot, to_ms(now)),
            ),
        )

    def begin_posting(
        self,
        items: Sequence[tuple[AlertPost, str]],
        now: datetime,
        lease: timedelta,
        *,
        post_key: str,
        layout: Layout,
    ) -> list[AlertPost]:
        """Note that the alerts may now reach Slack in the message marked ``post_key``;
        the claims still held (those lost are left out)."""
        return self._update_held(
            items,
            lambda snapshot: (
                "state = ?, lease_until = ?, posting_since = COALESCE(posting_since, ?), "
                "post_key = ?, layout = ?, snapshot = ?, updated_at = ?",
                (
                    PostState.POSTING.value,
                    to_ms(now + lease),
                    to_ms(now),
                    post_key,
                    layout.value,
                    snapshot,
                    to_ms(now),
                ),
            ),
        )

    def finish(
        self,
        items: Sequence[tuple[AlertPost, str | None]],
        state: PostState,
        now: datetime,
        *,
        message_ts: str | None = None,
        thread_ts: str | None = None,
        error: str | None = None,
    ) -> list[AlertPost]:
        """Close the alerts as sent (where, showing what) or failed (why)."""
        if state not in FINAL:
            raise ValueError(f"{state} is not an end")
        return self._update_held(
            items,
            lambda shown: (
                "state = ?, message_ts = ?, thread_ts = ?, shown = ?, error = ?, updated_at = ?",
                (state.value, message_ts, thread_ts, shown, error, to_ms(now)),
            ),
        )

    def retry_later(
        self,
        posts: Sequence[AlertPost],
        at: datetime,
        now: datetime,
        *,
        error: str,
        maybe_posted: bool,
    ) -> list[AlertPost]:
        """Hand the alerts back until ``at``. ``maybe_posted`` keeps the note that they may
        have reached Slack, so whoever retries looks for them first."""
        return self._update_held(
            [(post, None) for post in posts],
            lambda _: (
                "state = ?, next_attempt_at = ?, error = ?, updated_at = ?, "
                "posting_since = CASE WHEN ? = 1 THEN posting_since ELSE NULL END",
                (PostState.RETRY.value, to_ms(at), error, to_ms(now), int(maybe_posted)),
            ),
        )

    def set_shown(
        self, items: Sequence[tuple[AlertPost, str, str]], now: datetime
    ) -> list[AlertPost]:
        """The message was updated to show ``(post, shown, snapshot)``: each only if nobody
        updated it since ``post`` was read. The posts changed."""
        same = "IS NOT DISTINCT FROM ?" if self.backend.name == "postgresql" else "IS ?"
        kept: list[AlertPost] = []
        with self.backend.batch():
            for post, shown, snapshot in items:
                changed = self.backend.execute(
                    "UPDATE alert_posts SET shown = ?, snapshot = ?, updated_at = ? "
                    "WHERE team_id = ? AND channel_id = ? AND subject = ? AND kind = ? "
                    f"AND state = ? AND shown {same}",
                    (
                        shown,
                        snapshot,
                        to_ms(now),
                        self.team,
                        post.channel_id,
                        post.subject,
                        post.kind.value,
                        PostState.SENT.value,
                        post.shown,
                    ),
                )
                if changed == 1:
                    kept.append(post)
        return kept

    def prune(self, before: datetime) -> int:
        """Forget finished alerts about things that happened before ``before``."""
        return self.backend.execute(
            "DELETE FROM alert_posts WHERE team_id = ? AND event_at < ? AND state IN (?, ?, ?)",
            (self.team, to_ms(before), *(state.value for state in sorted(FINAL))),
        )

    def _update_held(
        self,
        items: Sequence[tuple[AlertPost, T_value]],
        change: Callable[[T_value], tuple[str, tuple[Any, ...]]],
    ) -> list[AlertPost]:
        """Apply ``change`` to each row still held by its post's owner, in one transaction;
        the posts whose row changed."""
        kept: list[AlertPost] = []
        with self.backend.batch():
            for post, value in items:
                assignments, values = change(value)
                changed = self.backend.execute(
                    f"UPDATE alert_posts SET {assignments} "
                    "WHERE team_id = ? AND channel_id = ? AND subject = ? AND kind = ? "
                    "AND owner = ? AND state IN (?, ?)",
                    (
                        *values,
                        self.team,
                        post.channel_id,
                        post.subject,
                        post.kind.value,
                        post.owner,
                        *_LEASED,
                    ),
                )
                if changed == 1:
                    kept.append(post)
        return kept

    # --- polls --------------------------------------------------------------------------

    def claim_poll(self, owner: str, now: datetime, lease: timedelta) -> PollClaim | None:
        """This process's turn to poll, if the poll is due and nobody is polling."""
        now_ms = to_ms(now)
        self.backend.execute(
            "INSERT INTO alert_polls (team_id, owner, lease_until, next_poll_at, polled_at, "
            "failures, memory) VALUES (?, '', 0, 0, NULL, 0, '{}') "
            "ON CONFLICT (team_id) DO NOTHING",
            (self.team,),
        )
        taken = self.backend.execute(
            "UPDATE alert_polls SET owner = ?, lease_until = ? "
            "WHERE team_id = ? AND next_poll_at <= ? AND lease_until <= ?",
            (owner, to_ms(now + lease), self.team, now_ms, now_ms),
        )
        if not taken:
            return None
        rows = self.backend.query(
            "SELECT owner, polled_at, failures, memory FROM alert_polls WHERE team_id = ?",
            (self.team,),
        )
        if not rows or rows[0][0] != owner:
            return None
        return PollClaim(owner, now, _opt_ms(rows[0][1]), int(rows[0][2]), str(rows[0][3]))

    def finish_poll(
        self,
        claim: PollClaim,
        *,
        next_poll_at: datetime,
        polled_at: datetime | None,
        failures: int,
        memory: str,
    ) -> bool:
        """Hand the poll back until ``next_poll_at``; ``polled_at`` None keeps the last."""
        changed = self.backend.execute(
            "UPDATE alert_polls SET lease_until = 0, next_poll_at = ?, "
            "polled_at = COALESCE(?, polled_at), failures = ?, memory = ? "
            "WHERE team_id = ? AND owner = ?",
            (
                to_ms(next_poll_at),
                None if polled_at is None else to_ms(polled_at),
                failures,
                memory,
                self.team,
                claim.owner,
            ),
        )
        return changed == 1


class AlertStore:
    """The async face of ``AlertRepository``: each call runs on the store's own thread.

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
        self.repo = AlertRepository(backend, team)
        self._owner = executor is None
        self._executor = executor or ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="alert-store"
        )
        #: Read once the schema is in place (``open_alert_store``); checked before every call.
        self.identity = identity

    @property
    def team(self) -> str:
        return self.repo.team

    def for_team(self, team: str) -> AlertStore:
        """The same database seen by workspace ``team``."""
        return AlertStore(
            self.repo.backend, team=team, executor=self._executor, identity=self.identity
        )

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, partial(self._checked, fn, *args, **kwargs)
        )

    def _checked(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.identity is not None:
            Repository(self.repo.backend).check_same(self.identity)
        return fn(*args, **kwargs)

    async def prepare(self) -> None:
        """Bring the schema up to date and learn which database this is."""
        await self._call(migrate, self.repo.backend)
        self.identity = await self._call(Repository(self.repo.backend).identity)

    # channels

    async def get_channel(self, channel_id: str) -> AlertChannel | None:
        return await self._call(self.repo.get_channel, channel_id)

    async def list_channels(self) -> tuple[AlertChannel, ...]:
        return await self._call(self.repo.list_channels)

    async def teams_watching(self) -> tuple[str, ...]:
        return await self._call(self.repo.teams_watching)

    async def save_channel(self, channel: AlertChannel) -> None:
        await self._call(self.repo.save_channel, channel)

    async def set_channel_error(self, channel_id: str, error: str | None, at: datetime) -> None:
        await self._call(self.repo.set_channel_error, channel_id, error, at)

    async def delete_team(self) -> int:
        return await self._call(self.repo.delete_team)

    # mutes

    async def save_mute(self, mute: Mute) -> None:
        await self._call(self.repo.save_mute, mute)

    async def active_mutes(self, now: datetime) -> tuple[Mute, ...]:
        return await self._call(self.repo.active_mutes, now)

    # alerts

    async def posts_about(
        self, subjects: Collection[str], *, snapshots: bool = False
    ) -> list[AlertPost]:
        """Read a chunk at a time, so other calls on this store wait at most one chunk."""
        ordered = sorted(set(subjects))
        found: list[AlertPost] = []
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            found += await self._call(self.repo.posts_about, chunk, snapshots=snapshots)
        return found

    async def snapshots_of(
        self, posts: Collection[AlertPost]
    ) -> dict[tuple[str, str, AlertKind], str]:
        return await self._call(self.repo.snapshots_of, posts)

    async def get_post(self, channel_id: str, subject: str, kind: AlertKind) -> AlertPost | None:
        return await self._call(self.repo.get_post, channel_id, subject, kind)

    async def unfinished_posts(self) -> list[AlertPost]:
        return await self._call(self.repo.unfinished_posts)

    async def claim_new(
        self,
        alerts: Sequence[NewAlert],
        *,
        owner: str,
        now: datetime,
        lease: timedelta,
        state: PostState = PostState.CLAIMED,
    ) -> list[AlertPost]:
        won: list[AlertPost] = []
        for start in range(0, len(alerts), _CHUNK):  # one transaction per chunk
            chunk = alerts[start : start + _CHUNK]
            won += await self._call(
                partial(self.repo.claim_new, chunk, owner=owner, now=now, lease=lease, state=state)
            )
        return won

    async def take_over(
        self, posts: Sequence[AlertPost], owner: str, now: datetime, lease: timedelta
    ) -> list[AlertPost]:
        if not posts:
            return []
        return await self._call(self.repo.take_over, posts, owner, now, lease)

    async def hold(
        self, items: Sequence[tuple[AlertPost, str]], until: datetime, now: datetime
    ) -> list[AlertPost]:
        return await self._call(self.repo.hold, items, until, now)

    async def begin_posting(
        self,
        items: Sequence[tuple[AlertPost, str]],
        now: datetime,
        lease: timedelta,
        *,
        post_key: str,
        layout: Layout,
    ) -> list[AlertPost]:
        return await self._call(
            partial(self.repo.begin_posting, items, now, lease, post_key=post_key, layout=layout)
        )

    async def finish(
        self,
        items: Sequence[tuple[AlertPost, str | None]],
        state: PostState,
        now: datetime,
        *,
        message_ts: str | None = None,
        thread_ts: str | None = None,
        error: str | None = None,
    ) -> list[AlertPost]:
        return await self._call(
            partial(
                self.repo.finish,
                items,
                state,
                now,
                message_ts=message_ts,
                thread_ts=thread_ts,
                error=error,
            )
        )

    async def retry_later(
        self,
        posts: Sequence[AlertPost],
        at: datetime,
        now: datetime,
        *,
        error: str,
        maybe_posted: bool,
    ) -> list[AlertPost]:
        return await self._call(
            partial(self.repo.retry_later, posts, at, now, error=error, maybe_posted=maybe_posted)
        )

    async def set_shown(
        self, items: Sequence[tuple[AlertPost, str, str]], now: datetime
    ) -> list[AlertPost]:
        return await self._call(self.repo.set_shown, items, now)

    async def prune(self, before: datetime) -> int:
        return await self._call(self.repo.prune, before)

    # polls

    async def claim_poll(self, owner: str, now: datetime, lease: timedelta) -> PollClaim | None:
        return await self._call(self.repo.claim_poll, owner, now, lease)

    async def finish_poll(
        self,
        claim: PollClaim,
        *,
        next_poll_at: datetime,
        polled_at: datetime | None,
        failures: int,
        memory: str,
    ) -> bool:
        return await self._call(
            partial(
                self.repo.finish_poll,
                claim,
                next_poll_at=next_poll_at,
                polled_at=polled_at,
                failures=failures,
                memory=memory,
            )
        )

    async def close(self) -> None:
        if not self._owner:
            return
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self.repo.backend.close)
        self._executor.shutdown(wait=True)


async def open_alert_store(target: str | Path) -> AlertStore:
    """Connect and bring the schema up to date. Raises StoreError if the database is unusable."""
    loop = asyncio.get_running_loop()
    backend = await loop.run_in_executor(None, open_backend, target)
    store = AlertStore(backend)
    try:
        await store.prepare()
    except (sqlite3.Error, psycopg.Error) as error:
        await store.close()
        where = redact_url(str(target)) if is_postgres_url(str(target)) else repr(str(target))
        short = " ".join(str(error).split())[:120] or type(error).__name__
        raise StoreError(
            f"The alerts database {where} cannot be used ({short}): point BULKSENDS_DB or "
            "DATABASE_URL at this app's own database, or at a new one."
        ) from None
    return store


async def open_alert_stores(target: str | Path) -> tuple[AlertStore, AlertStore]:
    """Two connections to one database, each with its own thread: the first for the polls'
    batches, the second for what people do (commands, the form, mutes, the Home tab), so
    that a poll writing thousands of rows never makes a slash command wait. An in-memory
    database is one connection's own: there, both are the same store."""
    polls = await open_alert_store(target)
    if str(target) == ":memory:":
        return polls, polls
    try:
        people = await open_alert_store(target)
    except BaseException:
        await polls.close()
        raise
    return polls, people
