"""Getting alerts into Slack: post (in a thread or not), update in place, look for an
earlier post, tell whoever set the alerts up.

Built on the digest's poster: one request per call (no retries inside the client, so a
retry never happens after a claim passed to another process), a 429 handed back as a
``PostError`` with its ``Retry-After``, posts to one channel a second apart. Every post
carries its key in the message's metadata, so a process taking over a crashed post can
find it (``channels:history`` / ``groups:history``).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.digest.poster import PostError, SlackDigestPoster, slack_post_error
from bot.message.slack import SlackMessage

logger = logging.getLogger(__name__)

#: Marks our alerts in Slack.
ALERT_EVENT = "bulksends_alert"


class AlertPoster(Protocol):
    async def post(
        self, channel_id: str, message: SlackMessage, *, key: str, thread_ts: str | None = None
    ) -> str:
        """Post (in ``thread_ts``'s thread, if given) and return the message's ``ts``;
        raises PostError."""

    async def update(self, channel_id: str, ts: str, message: SlackMessage) -> None:
        """Replace a posted message; raises PostError."""

    async def find_posted(
        self, channel_id: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> str | None:
        """The ``ts`` of a message posted with ``key`` since then, if Slack shows one."""

    async def notify(self, user_id: str, message: SlackMessage) -> None:
        """A direct message; raises PostError."""


class SlackAlertPoster(SlackDigestPoster):
    event_type = ALERT_EVENT

    async def post(
        self, channel_id: str, message: SlackMessage, *, key: str, thread_ts: str | None = None
    ) -> str:
        extra: dict[str, Any] = {
            "metadata": {"event_type": self.event_type, "event_payload": {"key": key}}
        }
        if thread_ts is not None:
            extra["thread_ts"] = thread_ts
        response = await self._send(channel_id, message, **extra)
        return str(response.get("ts") or "")

    async def update(self, channel_id: str, ts: str, message: SlackMessage) -> None:
        try:
            await self._client.chat_update(channel=channel_id, ts=ts, **message.to_dict())
        except SlackApiError as error:
            raise slack_post_error(error) from None
        except TimeoutError:
            raise PostError("timeout", permanent=False, maybe_posted=True) from None
        except aiohttp.ClientError:
            raise PostError("connection_error", permanent=False, maybe_posted=True) from None

    async def find_posted(
        self, channel_id: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> str | None:
        if thread_ts is None:
            return await super().find_posted(channel_id, key, since)
        try:
            response = await self._client.conversations_replies(
                channel=channel_id,
                ts=thread_ts,
                oldest=f"{since.timestamp() - 60:.6f}",
                include_all_metadata=True,
                limit=200,
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            logger.warning(
                "cannot check a thread in %s for an earlier alert: %s", channel_id, error
            )
            return None
        for item in response.get("messages") or ():
            metadata = item.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == self.event_type and payload.get("key") == key:
                return str(item.get("ts"))
        return None
