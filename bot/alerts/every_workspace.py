"""Every workspace's alerts from one process: the pass a distributed app runs.

Each pass reads which workspaces have alerts on in one query; for each it asks for that
workspace's account and bot client (``resolve``) and runs one ``AlertRunner`` poll over
that workspace's rows, which claims the workspace's poll (one per interval across
replicas), reads its Mindo account once and posts with its own token. Workspaces are
served as ``bot.channel.workspaces`` serves them: a few at a time, skipping those without
a Mindo key or an installation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.alerts.poll import AlertPolicy, PollReport
from bot.alerts.poster import AlertPoster
from bot.alerts.runner import AlertRunner
from bot.channel.claims import Clock, Sleep, new_owner, repeat
from bot.channel.workspaces import each_workspace
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

        async def poll(team: str, parts: WorkspaceAlerts) -> PollReport | None:
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
            return await runner.poll()

        teams = await self.store.teams_watching()
        done = await each_workspace(teams, self.resolve, poll, at_once=self.at_once, what="alerts")
        return {team: report for team, report in done.items() if report is not None}

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Pass after pass until ``stop`` is set."""
        every = self.policy.interval
        await repeat(self.poll, stop, every=every, sleep=self.sleep, what="alerts pass")
