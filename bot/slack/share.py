"""Share in channel, once: the ledger every replica shares, and the feature that opens it.

A click claims the answer in the channel (``bot.store.shares``) before anything is read
or posted; only the click that wins posts. Any other click on the same answer in the
same channel is told it is already there, with a link (or that it is being posted right
now). A post that fails gives the claim back, so Share works again once the reason is
gone (the app invited to the channel, say). The answer is one ephemeral message: its
``ts`` and the button's value (the question and its page) are the key.

``share_feature`` opens the store in the app's database for the app's lifetime; without
it (tests, the CLI) the ledger lives in the process (``MemoryShares``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.workspaces import WorkspaceRef
from bot.slack.services import AppServices, SlackServices
from bot.slack.web_api import slack_error_code
from bot.store.shares import Share, open_share_store, share_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shared:
    """Where the share stands after a click: posted now by this click, or already."""

    share: Share
    #: True when this click posted it.
    posted_now: bool


async def share_once(
    services: SlackServices,
    *,
    channel_id: str,
    user_id: str,
    answer_ts: str,
    button: str,
    post: Callable[[], Awaitable[str]],
    client: AsyncWebClient,
) -> Shared:
    """Claim, then ``post()`` (which returns the message's ts), then record where it is.

    Raises what ``post`` raises, after giving the claim back.
    """
    ledger = services.shared.shares
    team = services.workspace.id
    key = share_key(channel_id, answer_ts, button)
    now = services.clock()
    standing = await ledger.claim(team, key, channel_id, user_id, now)
    if standing is not None:
        return Shared(standing, posted_now=False)
    try:
        ts = await post()
    except BaseException:
        await ledger.release(team, key)
        raise
    link = await permalink(client, channel_id, ts)
    await ledger.posted(team, key, ts, link)
    return Shared(Share(key, channel_id, user_id, now, ts, link), posted_now=True)


async def permalink(client: AsyncWebClient, channel_id: str, ts: str) -> str | None:
    """The message's link (Slack's own, which knows the workspace's address); None when
    Slack will not say: the reply then names the channel instead."""
    try:
        response: Any = await client.chat_getPermalink(channel=channel_id, message_ts=ts)
    except SlackApiError as error:
        logger.info("no permalink for a shared answer: %s", slack_error_code(error))
        return None
    link = response.get("permalink") if hasattr(response, "get") else None
    return str(link) if link else None


@asynccontextmanager
async def share_feature(
    app: AsyncApp, services: AppServices, client: AsyncWebClient, *, store_target: str
) -> AsyncIterator[None]:
    """The shares' ledger in the app's database, so replicas share it; a workspace that
    leaves takes its shares along."""
    store = await open_share_store(store_target)
    previous = services.shares
    services.shares = store

    async def forget(workspace: WorkspaceRef) -> None:
        await store.forget_team(workspace.id)

    services.cleanups.append(forget)
    try:
        yield None
    finally:
        services.shares = previous
        services.cleanups.remove(forget)
        await store.close()
