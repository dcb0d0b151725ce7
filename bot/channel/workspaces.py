"""Serving every workspace from one process: what a distributed app's passes share.

A pass asks, for each workspace with work to do, for what that work needs there (its
Mindo account and its bot's client: ``workspace_parts``); a workspace without a Mindo key
or an installation is skipped, and its work waits, saying nothing. Workspaces are served
a few at a time, so a pass across hundreds of them never floods Mindo or Slack, and one
workspace failing never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.workspaces import WorkspaceRef
from bot.logs import working_for
from bot.service.account import Account
from bot.slack.services import AppServices

logger = logging.getLogger(__name__)

Parts = TypeVar("Parts")
Done = TypeVar("Done")


async def workspace_parts(
    services: AppServices, workspace_id: str
) -> tuple[Account, AsyncWebClient] | None:
    """The workspace's account and its bot's client; None when it lacks either."""
    account = await services.accounts.account(WorkspaceRef(workspace_id))
    if account is None:
        return None
    client = await services.bot_client(workspace_id)
    if client is None:
        return None
    return account, client


async def each_workspace(
    teams: Iterable[str],
    resolve: Callable[[str], Awaitable[Parts | None]],
    work: Callable[[str, Parts], Awaitable[Done]],
    *,
    at_once: int,
    what: str,
) -> dict[str, Done]:
    """``work`` in every workspace that ``resolve`` can prepare, ``at_once`` at a time;
    what it did in each (a workspace that failed, or waits, is left out and logged)."""
    slots = asyncio.Semaphore(at_once)

    async def serve(team: str) -> tuple[str, Done] | None:
        async with slots:
            with working_for(team):  # every line of this workspace's work names it
                try:
                    parts = await resolve(team)
                    if parts is None:  # DEBUG: every pass would say it again
                        logger.debug(
                            "%s of workspace %s wait: no Mindo key or bot token", what, team
                        )
                        return None
                    return team, await work(team, parts)
                except Exception:
                    logger.exception("%s of workspace %s failed this pass", what, team)
                    return None

    done = await asyncio.gather(*(serve(team) for team in teams))
    return dict(item for item in done if item is not None)
