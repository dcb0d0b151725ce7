"""Where every alert is kept, one row per (channel, subject, kind), and how it is claimed
(the SQL; used through ``bot.store.alerts.AlertStore``).

Exactly once rests on these rows, claimed the way digests claim a day: an insert only one
process can win, or an update that takes over an expired lease or a wait that is due;
*posting* is noted just before calling Slack, *sent* after; every later step is fenced by
the owner token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.domain.alerts import FINAL, LEASED, WAITING, AlertKind, AlertPost, Layout, PostState
from bot.store.backends import Row
from bot.store.threaded import TeamRows, from_ms, opt_ms, to_ms

logger = logging.getLogger(__name__)

T_value = TypeVar("T_value")

_POST_COLUMNS = (
    "channel_id, subject, kind, state, owner, attempts, lease_until, next_attempt_at, "
    "posting_since, post_key, layout, message_ts, thread_ts, shown, snapshot, event_at, late, "
    "error, first_claimed_at, updated_at"
)
_LEASED = tuple(sorted(state.value for state in LEASED))
_WAITING = tuple(sorted(state.value for state in WAITING))
#: Subjects asked about in one statement (SQLite's oldest builds allow 999 parameters).
CHUNK = 500


def _post_from_row(row: Row) -> AlertPost:
    return AlertPost(
        channel_id=row[0],
        subject=row[1],
        kind=AlertKind(row[2]),
        state=PostState(row[3]),
        owner=row[4],
        attempts=int(row[5]),
        lease_until=from_ms(row[6]),
        next_attempt_at=opt_ms(row[7]),
        posting_since=opt_ms(row[8]),
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


class PostRows(TeamRows):
    """A workspace's alerts: read, claimed, posted, finished."""

    def posts_about(self, subjects: Collection[str], *, snapshots: bool = False) -> list[AlertPost]:
        """Every row of the workspace about one of ``subjects``, in any channel. Without
        ``snapshots`` their ``snapshot`` is left empty (a poll reads thousands of rows and
        needs the snapshots of a few: ``snapshots_of``)."""
        ordered = sorted(set(subjects))
        columns = _POST_COLUMNS if snapshots else _POST_COLUMNS.replace("snapshot", "''")
        found: list[AlertPost] = []
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
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
            for start in range(0, len(ordered), CHUNK):
                chunk = ordered[start : start + CHUNK]
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
