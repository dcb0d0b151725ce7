"""Every workspace's digests from one process: the pass a distributed app runs.

Each pass reads every workspace's enabled digests and today's finished runs in two
queries, and only for a workspace with a run due and not finished does it go further: it
asks for that workspace's account and bot client (``resolve``) and hands its digests to a
``DigestRunner`` over that workspace's rows, which claims, builds and posts exactly as
for a self-hosted app. A workspace without a Mindo key or an installation is skipped
(its digests wait, and say nothing). Workspaces are served a few at a time, so a pass
across hundreds of them never floods Mindo or Slack.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.digest.poster import DigestPoster
from bot.digest.runner import Clock, DigestRunner, Outcome, RunPolicy, Sleep, due_run, new_owner
from bot.service.digest import DigestSource
from bot.slack.fallback import BlockSupport
from bot.store.digests import DigestStore

logger = logging.getLogger(__name__)

#: Workspaces worked on at once in a pass (each runs its own digests concurrently too).
WORKSPACES_AT_ONCE = 16


@dataclass(frozen=True)
class WorkspaceDigests:
    """What a workspace's digests are built and posted with."""

    source: DigestSource
    poster: DigestPoster
    demo: bool = False


#: A workspace id → what its digests need; None when it cannot post now.
Resolve = Callable[[str], Awaitable[WorkspaceDigests | None]]


class DigestPasses:
    def __init__(
        self,
        store: DigestStore,
        resolve: Resolve,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        owner: str | None = None,
        policy: RunPolicy | None = None,
        at_once: int = WORKSPACES_AT_ONCE,
        block_support: BlockSupport | None = None,
    ) -> None:
        self.store = store
        self.resolve = resolve
        self.clock = clock
        self.sleep = sleep
        self.owner = owner or new_owner()
        self.policy = policy or RunPolicy()
        self.at_once = at_once
        self.block_support = block_support or BlockSupport()

    async def due_workspaces(self) -> list[str]:
        """The workspaces with a digest due now whose day is not finished yet."""
        now = self.clock()
        everything = await self.store.list_every_team()
        earliest = min(
            (run.run_date for _, digest in everything if (run := due_run(digest, now))),
            default=None,
        )
        if earliest is None:
            return []
        finished = await self.store.finished_runs_since(earliest - timedelta(days=1))
        due: list[str] = []
        for team, digest in everything:
            run = due_run(digest, now)
            if run is None or (team, digest.channel_id, run.run_date) in finished:
                continue
            if not due or due[-1] != team:
                due.append(team)
        return due

    async def run_due(self) -> list[Outcome]:
        """One pass across every workspace; what became of each run claimed."""
        teams = await self.due_workspaces()
        slots = asyncio.Semaphore(self.at_once)

        async def serve(team: str) -> list[Outcome]:
            async with slots:
                try:
                    parts = await self.resolve(team)
                except Exception:
                    logger.exception("digests of workspace %s: could not prepare", team)
                    return []
                if parts is None:
                    logger.info("digests of workspace %s wait: no Mindo key or bot token", team)
                    return []
                runner = DigestRunner(
                    self.store.for_team(team),
                    parts.source,
                    parts.poster,
                    clock=self.clock,
                    sleep=self.sleep,
                    owner=self.owner,
                    policy=self.policy,
                    demo=parts.demo,
                    block_support=self.block_support,
                )
                return await runner.run_due()

        done = await asyncio.gather(*(serve(team) for team in teams))
        return [outcome for outcomes in done for outcome in outcomes]

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Pass after pass until ``stop`` is set; a failed pass is logged, not fatal."""
        while not stop.is_set():
            try:
                await self.run_due()
            except Exception:
                logger.exception("digest pass failed; next try in %ss", self.policy.tick)
            waiting = asyncio.ensure_future(stop.wait())
            resting = asyncio.ensure_future(self.sleep(self.policy.tick))
            await asyncio.wait({waiting, resting}, return_when=asyncio.FIRST_COMPLETED)
            for task in (waiting, resting):
                task.cancel()
