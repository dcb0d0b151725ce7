"""What the channel features' runners share about claims: whose they are, how patient to
be with Slack, and running in the background until stopped.

A runner claims its work in the store under a lease (the digest a day's run, alerts each
alert and each poll), identified by its ``new_owner`` token, and renews the claim while
it works. ``Patience`` says how long a lease lasts and what to do when Slack says no: wait
a little under the claim, hand the claim back until later, or give up.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.channel.posting import PostError

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]

#: How long a runner's last pass may take to finish once it is asked to stop.
STOP_WAIT = 30.0


def new_owner() -> str:
    """A token unique to this runner: host, process, and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Patience:
    """How long a claim protects work, and how patient to be with Slack."""

    #: How long a claim protects its work while its holder works on it.
    lease: timedelta = timedelta(minutes=5)
    #: Delays before retry 1, 2, 3…; the last one repeats.
    backoff: tuple[timedelta, ...] = tuple(timedelta(minutes=m) for m in (1, 2, 4, 8, 15))
    #: How long Slack failing for now is tried again before the post is given up.
    slack_patience: timedelta = timedelta(hours=3)
    #: The longest Retry-After waited out while holding a claim (renewed after the wait);
    #: a longer one hands the claim back until then.
    longest_wait: timedelta = timedelta(seconds=90)
    #: Post attempts in one go (each after an ownership check) before handing it back.
    post_attempts: int = 3
    #: Posts prepared at the same time (digests, or channels).
    concurrency: int = 8

    def __post_init__(self) -> None:
        if self.longest_wait * 2 >= self.lease:
            raise ValueError("longest_wait must be well inside the lease")

    def retry_delay(self, attempts: int) -> timedelta:
        return self.backoff[min(max(attempts, 1), len(self.backoff)) - 1]

    def wait_in_claim(self, error: PostError, attempt: int) -> float | None:
        """The seconds to wait out under the claim before attempt ``attempt + 1``: Slack
        asked for a short wait and surely did not take the message; else None."""
        wait = error.retry_after
        if (
            wait is not None
            and not error.maybe_posted
            and attempt < self.post_attempts
            and timedelta(seconds=wait) <= self.longest_wait
        ):
            return wait
        return None

    def keeps_trying(self, error: PostError, now: datetime, first_claimed_at: datetime) -> bool:
        """Slack failed for now, and not for longer than ``slack_patience``."""
        return not error.permanent and now - first_claimed_at < self.slack_patience

    def next_try(self, now: datetime, attempts: int, not_before: float | None) -> datetime:
        """When to try again after ``attempts``, and no sooner than Slack asked."""
        return now + max(self.retry_delay(attempts), timedelta(seconds=not_before or 0))


async def repeat(
    step: Callable[[], Awaitable[object]],
    stop: asyncio.Event,
    *,
    every: float,
    sleep: Sleep,
    what: str,
) -> None:
    """``step`` every ``every`` seconds until ``stop`` is set; a failed step is logged,
    not fatal."""
    while not stop.is_set():
        try:
            await step()
        except Exception:
            logger.exception("%s failed; next try in %ss", what, every)
        waiting = asyncio.ensure_future(stop.wait())
        resting = asyncio.ensure_future(sleep(every))
        await asyncio.wait({waiting, resting}, return_when=asyncio.FIRST_COMPLETED)
        for task in (waiting, resting):
            task.cancel()


@asynccontextmanager
async def in_background(
    run_forever: Callable[[asyncio.Event], Coroutine[Any, Any, None]], *, name: str
) -> AsyncIterator[None]:
    """``run_forever`` as a task for the duration; stopped (and given ``STOP_WAIT`` to
    finish its pass) at the end."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_forever(stop), name=name)
    try:
        yield
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=STOP_WAIT)
        except TimeoutError:
            logger.warning("%s did not stop in time; its claims will expire", name)
