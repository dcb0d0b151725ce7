"""Answers shared in a channel, each once, whichever replica gets the click.

Share posts an answer for everyone. A second click on the same answer (a double click,
an impatient colleague, a retry from Slack reaching another replica) must not post it
again: it says where the first one is. Exactly once rests on one row per (workspace,
share key): a click first *claims* it with an insert only one can win, posts, then
records the message's ts and link. A post that fails gives the claim back, so Share can
be pressed again (after inviting the app, say); a claim left by a process that died while
posting is taken over once it is ``stale_after`` old (compare-and-set on its time).

``MemoryShares`` keeps the same promise inside one process (tests, and the CLI's needs);
``ShareStore`` keeps it in the database every replica shares. Calls run on the store's
own thread (``bot.store.threaded``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from bot.locale.translate import N_
from bot.store.backends import Backend, Row, StoreError
from bot.store.threaded import ThreadedStore, from_ms, open_store_on, to_ms

#: A claim older than this, with nothing posted, was left by a process that died.
STALE_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class Share:
    """A share claimed or done: ``message_ts`` is None while it is being posted."""

    key: str
    channel_id: str
    shared_by: str
    claimed_at: datetime
    message_ts: str | None = None
    permalink: str | None = None

    @property
    def posted(self) -> bool:
        return self.message_ts is not None


def share_key(channel_id: str, answer: str, button: str) -> str:
    """One answer in one channel: the channel, the answer's own message (its ts; empty
    when Slack gave none) and the button's value (the question and its page)."""
    digest = hashlib.sha256("\x1f".join((channel_id, answer, button)).encode()).hexdigest()
    return digest[:40]


class ShareLedger(Protocol):
    async def claim(
        self, team: str, key: str, channel_id: str, user_id: str, now: datetime
    ) -> Share | None:
        """None: the share is this caller's to post. Otherwise the share that stands
        (posted, or being posted by someone else)."""

    async def posted(self, team: str, key: str, message_ts: str, permalink: str | None) -> None:
        """The claimed share went out: where it is."""

    async def release(self, team: str, key: str) -> None:
        """The claimed share did not go out: the next click may try."""


class MemoryShares:
    """The ledger inside one process."""

    def __init__(self, stale_after: timedelta = STALE_AFTER) -> None:
        self._shares: dict[tuple[str, str], Share] = {}
        self._stale_after = stale_after

    async def claim(
        self, team: str, key: str, channel_id: str, user_id: str, now: datetime
    ) -> Share | None:
        found = self._shares.get((team, key))
        if found is not None and (found.posted or now - found.claimed_at < self._stale_after):
            return found
        self._shares[(team, key)] = Share(key, channel_id, user_id, now)
        return None

    async def posted(self, team: str, key: str, message_ts: str, permalink: str | None) -> None:
        found = self._shares.get((team, key))
        if found is not None:
            self._shares[(team, key)] = replace(found, message_ts=message_ts, permalink=permalink)

    async def release(self, team: str, key: str) -> None:
        found = self._shares.get((team, key))
        if found is not None and not found.posted:
            del self._shares[(team, key)]


def _share(row: Row) -> Share:
    return Share(
        key=row[0],
        channel_id=row[1],
        shared_by=row[2],
        claimed_at=from_ms(row[3]),
        message_ts=row[4],
        permalink=row[5],
    )


_COLUMNS = "share_key, channel_id, shared_by, claimed_at, message_ts, permalink"


class ShareStore(ThreadedStore):
    """The ledger in the database: every replica sees every claim."""

    thread_name = "shares"

    def __init__(self, backend: Backend, *, stale_after: timedelta = STALE_AFTER) -> None:
        super().__init__(backend)
        self._stale_after = stale_after

    async def claim(
        self, team: str, key: str, channel_id: str, user_id: str, now: datetime
    ) -> Share | None:
        return await self._call(self._claim, team, key, channel_id, user_id, now)

    def _claim(
        self, team: str, key: str, channel_id: str, user_id: str, now: datetime
    ) -> Share | None:
        backend = self.backend
        for _ in range(3):  # a row released between two statements: look again
            inserted = backend.execute(
                "INSERT INTO shares (team_id, share_key, channel_id, shared_by, claimed_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, share_key) DO NOTHING",
                (team, key, channel_id, user_id, to_ms(now)),
            )
            if inserted:
                return None
            rows = backend.query(
                f"SELECT {_COLUMNS} FROM shares WHERE team_id = ? AND share_key = ?", (team, key)
            )
            if not rows:
                continue
            found = _share(rows[0])
            if found.posted or now - found.claimed_at < self._stale_after:
                return found
            taken = backend.execute(
                "UPDATE shares SET shared_by = ?, claimed_at = ? WHERE team_id = ? "
                "AND share_key = ? AND claimed_at = ? AND message_ts IS NULL",
                (user_id, to_ms(now), team, key, to_ms(found.claimed_at)),
            )
            return None if taken else found
        raise StoreError(N_("An answer being shared kept changing while it was claimed."))

    async def posted(self, team: str, key: str, message_ts: str, permalink: str | None) -> None:
        await self._call(
            self.backend.execute,
            "UPDATE shares SET message_ts = ?, permalink = ? WHERE team_id = ? AND share_key = ?",
            (message_ts, permalink, team, key),
        )

    async def release(self, team: str, key: str) -> None:
        await self._call(
            self.backend.execute,
            "DELETE FROM shares WHERE team_id = ? AND share_key = ? AND message_ts IS NULL",
            (team, key),
        )

    async def forget_team(self, team: str) -> int:
        """A workspace left: its shares go."""
        return await self._call(
            self.backend.execute, "DELETE FROM shares WHERE team_id = ?", (team,)
        )


async def open_share_store(target: str | Path) -> ShareStore:
    """Connect and bring the schema up to date; StoreError if the database is unusable."""
    return await open_store_on(target, ShareStore)
