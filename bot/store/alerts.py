"""Where alerts are kept: each channel's rules and mutes (``alert_channels``), every alert
and its claim (``alert_posts``), and each workspace's poll (``alert_polls``), behind one
store.

Calls run on the store's own worker thread, and first check that the database is still
the one opened (``bot.store.threaded``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from bot.domain.alerts import AlertPost, PostState
from bot.store.alert_channels import ChannelRows
from bot.store.alert_polls import PollRows
from bot.store.alert_posts import CHUNK, NewAlert, PostRows
from bot.store.backends import Backend
from bot.store.threaded import RepositoryStore, open_store_on, threaded


class AlertRepository(ChannelRows, PostRows, PollRows):
    """The SQL for one workspace's alert rows, synchronous. Use it through ``AlertStore``."""


class AlertStore(RepositoryStore[AlertRepository]):
    """The async face of ``AlertRepository``: each call runs on the store's own thread."""

    guarded = True
    thread_name = "alert-store"

    def rows(self, backend: Backend, team: str) -> AlertRepository:
        return AlertRepository(backend, team)

    get_channel = threaded(AlertRepository.get_channel)
    list_channels = threaded(AlertRepository.list_channels)
    teams_watching = threaded(AlertRepository.teams_watching)
    save_channel = threaded(AlertRepository.save_channel)
    set_channel_error = threaded(AlertRepository.set_channel_error)
    delete_team = threaded(AlertRepository.delete_team)
    save_mute = threaded(AlertRepository.save_mute)
    active_mutes = threaded(AlertRepository.active_mutes)
    snapshots_of = threaded(AlertRepository.snapshots_of)
    get_post = threaded(AlertRepository.get_post)
    unfinished_posts = threaded(AlertRepository.unfinished_posts)
    hold = threaded(AlertRepository.hold)
    begin_posting = threaded(AlertRepository.begin_posting)
    finish = threaded(AlertRepository.finish)
    retry_later = threaded(AlertRepository.retry_later)
    set_shown = threaded(AlertRepository.set_shown)
    prune = threaded(AlertRepository.prune)
    claim_poll = threaded(AlertRepository.claim_poll)
    finish_poll = threaded(AlertRepository.finish_poll)

    async def posts_about(
        self, subjects: Collection[str], *, snapshots: bool = False
    ) -> list[AlertPost]:
        """Read a chunk at a time, so other calls on this store wait at most one chunk."""
        ordered = sorted(set(subjects))
        found: list[AlertPost] = []
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            found += await self._call(self.repo.posts_about, chunk, snapshots=snapshots)
        return found

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
        for start in range(0, len(alerts), CHUNK):  # one transaction per chunk
            chunk = alerts[start : start + CHUNK]
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


async def open_alert_store(target: str | Path) -> AlertStore:
    """Connect and bring the schema up to date. Raises StoreError if the database is unusable."""
    return await open_store_on(target, AlertStore)


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
