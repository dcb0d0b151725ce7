"""Getting a channel feature's messages into Slack: post (in a thread or not), update in
place, look for an earlier post, tell whoever set the feature up.

The runners see only ``PostError`` and their feature's poster protocol; ``SlackPoster``
is the real one over slack-sdk's ``AsyncWebClient``. Each call is exactly one request:
the client's own retry handlers are left out, because a post retried inside the client
after a long ``Retry-After`` happened after its claim could have passed to another
process. A 429 comes back as a ``PostError`` with ``retry_after``, and the runner, which
can check that it still holds its claim, decides whether to wait. Posts to one channel
are spaced at least a second apart, Slack's per-channel pace. Every post carries its key
in the message's metadata, so a process taking over a crashed post can find it
(``channels:history`` / ``groups:history``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, ClassVar

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.refusals import SlackRefusal
from bot.message.slack import SlackMessage
from bot.slack.fallback import refusal_details
from bot.slack.web_api import (
    SlackCallError,
    is_transient,
    retry_after,
    single_attempt,
    slack_error_code,
)

logger = logging.getLogger(__name__)


class PostError(SlackCallError):
    """Slack did not take the message. ``code`` is Slack's error string (or ours)."""

    def __init__(
        self,
        code: str,
        *,
        permanent: bool,
        maybe_posted: bool = False,
        retry_after: float | None = None,
        details: tuple[str, ...] = (),
    ) -> None:
        super().__init__(code, details=details)
        self.permanent = permanent
        #: True when the request may have reached Slack anyway (a timeout, not a refusal).
        self.maybe_posted = maybe_posted
        #: Seconds Slack asked us to wait before trying again (a 429's Retry-After).
        self.retry_after = retry_after

    @property
    def channel_problem(self) -> bool:
        """The channel is not usable (gone, archived, the app not in it): the digest's
        or the alerts' configurer is told."""
        return SlackRefusal.of(self.code).channel_problem


def slack_post_error(error: SlackApiError) -> PostError:
    """Transient codes (and HTTP 429/5xx, whatever the body) are tried again later.

    A 5xx may come after Slack took the message, so whoever retries looks for it first.
    """
    code = slack_error_code(error)
    status = getattr(error.response, "status_code", None) or getattr(error.response, "status", 0)
    return PostError(
        code,
        permanent=not is_transient(code),
        maybe_posted=isinstance(status, int) and status >= 500,
        retry_after=retry_after(error),
        details=refusal_details(error) or (),
    )


@asynccontextmanager
async def _as_post_errors() -> AsyncIterator[None]:
    """Whatever one request to Slack raises, as a ``PostError``."""
    try:
        yield
    except SlackApiError as error:
        raise slack_post_error(error) from None
    except TimeoutError:
        raise PostError("timeout", permanent=False, maybe_posted=True) from None
    except aiohttp.ClientConnectorError:  # never reached Slack
        raise PostError("connection_error", permanent=False) from None
    except aiohttp.ClientError:
        raise PostError("connection_error", permanent=False, maybe_posted=True) from None


class SlackPoster:
    """One feature's posts; ``event_type`` marks them in Slack (a later look matches on it)."""

    event_type: ClassVar[str]

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        min_interval: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._client = single_attempt(client)
        self._min_interval = min_interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._last_post: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def post(
        self, channel_id: str, message: SlackMessage, *, key: str, thread_ts: str | None = None
    ) -> str:
        """Post (in ``thread_ts``'s thread, if given) and return the message's ``ts``;
        raises PostError."""
        extra: dict[str, Any] = {
            "metadata": {"event_type": self.event_type, "event_payload": {"key": key}}
        }
        if thread_ts is not None:
            extra["thread_ts"] = thread_ts
        response = await self._send(channel_id, message, **extra)
        return str(response.get("ts") or "")

    async def notify(self, user_id: str, message: SlackMessage) -> None:
        """A direct message; raises PostError."""
        await self._send(user_id, message)

    async def update(self, channel_id: str, ts: str, message: SlackMessage) -> None:
        """Replace a posted message; raises PostError."""
        async with _as_post_errors():
            await self._client.chat_update(channel=channel_id, ts=ts, **message.to_dict())

    async def _send(self, channel: str, message: SlackMessage, **extra: Any) -> Any:
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            wait = self._last_post.get(channel, -1e9) + self._min_interval - self._monotonic()
            if wait > 0:
                await self._sleep(wait)
            try:
                async with _as_post_errors():
                    return await self._client.chat_postMessage(
                        channel=channel,
                        unfurl_links=False,
                        unfurl_media=False,
                        **message.to_dict(),
                        **extra,
                    )
            finally:
                self._last_post[channel] = self._monotonic()

    async def find_posted(
        self, channel_id: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> str | None:
        """The ``ts`` of a message posted with ``key`` since then (in ``thread_ts``'s
        thread, if given), if Slack shows one. Needs the history scopes; without them we
        cannot tell, and post again."""
        window: dict[str, Any] = {
            "channel": channel_id,
            "oldest": f"{since.timestamp() - 60:.6f}",
            "include_all_metadata": True,
            "limit": 200,
        }
        try:
            if thread_ts is None:
                response = await self._client.conversations_history(**window)
            else:
                response = await self._client.conversations_replies(ts=thread_ts, **window)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            logger.warning(
                "cannot check %s for an earlier %s: %s", channel_id, self.event_type, error
            )
            return None
        for item in response.get("messages") or ():
            metadata = item.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == self.event_type and payload.get("key") == key:
                return str(item.get("ts"))
        return None
