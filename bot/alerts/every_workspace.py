"""Every workspace's alerts from one process: the pass a distributed app runs.

Each pass reads which workspaces have alerts on in one query; for each it asks for that
workspace's account and bot client (``resolve``) and runs one ``AlertRunner`` poll over
that workspace's rows, which claims the workspace's poll (one per interval across
replicas), reads its Mindo account once and posts with its own token. A workspace without
a Mindo key or an installation is skipped. Workspaces are served a few at a time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.alerts.poster import AlertPoster
from bot.alerts.runner import AlertPolicy, AlertRunner, Clock, PollReport, Sleep
from bot.digest.runner import new_owner
from bot.service.alerts import AlertSource
from bot.store.alerts import AlertStore

logger = logging.getLogger(__name__)

#: Workspaces polled at once.
WORKSPACES_AT_ONCE = 8


@dataclass(frozen=True)
class WorkspaceAlerts:
    """What a workspace's alerts are read and posted with."""

    source: AlertSource
    poster: AlertPoster
    demo: bool = False


#: A workspace id → what its alerts need; None when it cannot poll now.
Resolve = Callable[[str], Awaitable[WorkspaceAlerts | None]]


class AlertPasses:
    def __init__(
        self,
        store: AlertStore,
        resolve: Resolve,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        owner: str | None = None,
        policy: AlertPolicy | None = None,
        at_once: int = WORKSPACES_AT_ONCE,
    ) -> None:
        self.store = store
        self.resolve = resolve
        self.clock = clock
        self.sleep = sleep
        self.owner = owner or new_owner()
        self.policy = policy or AlertPolicy()
        self.at_once = at_once

    async def poll(self) -> dict[str, PollReport]:
        """One pass across every workspace with alerts on; what each poll did."""
        teams = await self.store.teams_watching()
        slots = asyncio.Semaphore(self.at_once)

        async def serve(team: str) -> tuple[str, PollReport | None]:
            async with slots:
                try:
                    parts = await self.resolve(team)
                    if parts is None:
                        logger.info("alerts of workspace %s wait: no Mindo key or bot token", team)
                        return team, None
                    runner = AlertRunner(
                        self.store.for_team(team),
                        parts.source,
                        parts.poster,
                        clock=self.clock,
                        sleep=self.sleep,
                        owner=self.owner,
                        policy=self.policy,
                        demo=parts.demo,
                    )
                    return team, await runner.poll()
                except Exception:
                    logger.exception("alerts of workspace %s failed this pass", team)
                    return team, None

        done = await asyncio.gather(*(serve(team) for team in teams))
        return {team: report for team, report in done if report is not None}

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Pass after pass until ``stop`` is set; a failed pass is logged, not fatal."""
        while not stop.is_set():
            try:
                await self.poll()
            except Exception:
                logger.exception("alerts pass failed; next try in %ss", self.policy.interval)
            waiting = asyncio.ensure_future(stop.wait())
            resting = asyncio.ensure_future(self.sleep(self.policy.interval))
            await asyncio.wait({waiting, resting}, return_when=asyncio.FIRST_COMPLETED)
            for task in (waiting, resting):
                task.cancel()
