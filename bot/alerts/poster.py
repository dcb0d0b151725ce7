"""Getting alerts into Slack: what the runner needs of a poster (post, in a thread or not;
update in place; find an earlier post; tell whoever set the alerts up), and the real one
(``bot.channel.posting``'s, marking its posts as alerts)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.channel.posting import SlackPoster
from bot.message.slack import SlackMessage

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


class SlackAlertPoster(SlackPoster):
    event_type = ALERT_EVENT
