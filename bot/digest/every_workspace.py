"""Every workspace's digests from one process: the pass a distributed app runs.

Each pass reads every workspace's enabled digests and today's finished runs in two
queries, and only for a workspace with a run due and not finished does it go further: it
asks for that workspace's account and bot client (``resolve``) and hands its digests to a
``DigestRunner`` over that workspace's rows, which claims, builds and posts exactly as
for a self-hosted app. Workspaces are served as ``bot.channel.workspaces`` serves them: a
few at a time, skipping those without a Mindo key or an installation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.channel.claims import Clock, Sleep, new_owner, repeat
from bot.channel.workspaces import each_workspace
from bot.digest.poster import DigestPoster
from bot.digest.runner import DigestRunner, Outcome, RunPolicy, due_run
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

        async def run(team: str, parts: WorkspaceDigests) -> list[Outcome]:
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

        teams = await self.due_workspaces()
        done = await each_workspace(teams, self.resolve, run, at_once=self.at_once, what="digests")
        return [outcome for outcomes in done.values() for outcome in outcomes]

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Pass after pass until ``stop`` is set."""
        await repeat(
            self.run_due, stop, every=self.policy.tick, sleep=self.sleep, what="digest pass"
        )
