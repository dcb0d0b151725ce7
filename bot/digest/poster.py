"""Getting a digest into Slack: what the runner needs of a poster, and the real one
(``bot.channel.posting``'s, marking its posts as digests)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.channel.posting import SlackPoster
from bot.message.slack import SlackMessage

#: Marks our digests in Slack so a process taking over a crashed post can find it.
METADATA_EVENT = "bulksends_digest"
#: Bot scopes the digest needs beyond the app's own: reading a channel's recent messages
#: (public, private) to find a post a crashed process made. Channels are never looked up
#: by name: the slash command is escaped, so Slack sends them as <#C…|name>.
DIGEST_SCOPES = frozenset({"channels:history", "groups:history"})


class DigestPoster(Protocol):
    async def post(self, channel_id: str, message: SlackMessage, *, key: str) -> str:
        """Post and return the message's ``ts``; raises PostError."""

    async def find_posted(self, channel_id: str, key: str, since: datetime) -> str | None:
        """The ``ts`` of a digest posted with ``key`` since then, if Slack shows one."""

    async def notify(self, user_id: str, message: SlackMessage) -> None:
        """A direct message; raises PostError."""


class SlackDigestPoster(SlackPoster):
    event_type = METADATA_EVENT
