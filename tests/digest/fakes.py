"""Stand-ins for Mindo and Slack as the digest runner sees them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType

from bot.channel.posting import PostError
from bot.domain.sends import BulkSend
from bot.message.slack import SlackMessage
from bot.mindo.errors import MindoUnavailableError
from bot.mindo.models import PhoneNumber
from bot.service.digest import DayActivity, FailureReason, fetch_range, sends_on
from tests.factories import make_phone


def unavailable() -> MindoUnavailableError:
    return MindoUnavailableError("down", method="GET", url="https://mindo.test/api/v1/x")


@dataclass
class FakeSource:
    """Serves fixed sends; counts reads; fails the next ``failures`` activity reads."""

    sends: list[BulkSend] = field(default_factory=list)
    phone_numbers: tuple[PhoneNumber, ...] = (make_phone(),)
    reasons: dict[str, tuple[FailureReason, ...]] = field(default_factory=dict)
    failures: int = 0
    phones_fail: bool = False
    reads: Counter[tuple[str, date]] = field(default_factory=Counter)
    phone_reads: int = 0

    async def activity(self, timezone: str, report_date: date) -> DayActivity:
        self.reads[(timezone, report_date)] += 1
        if self.failures:
            self.failures -= 1
            raise unavailable()
        span = fetch_range(report_date)
        assert span.start is not None
        days = [span.start + timedelta(days=n) for n in range((span.end - span.start).days + 1)]
        window = tuple(s for d in days for s in sends_on(self.sends, timezone, d))
        return DayActivity(report_date, timezone, window, MappingProxyType(self.reasons))

    async def phones(self) -> tuple[PhoneNumber, ...]:
        self.phone_reads += 1
        if self.phones_fail:
            raise unavailable()
        return self.phone_numbers


@dataclass(frozen=True)
class Posted:
    channel: str
    message: SlackMessage
    key: str | None
    at: datetime


@dataclass
class FakePoster:
    """Records what reached "Slack"; ``errors[channel]`` makes posts there fail, in order."""

    clock: Callable[[], datetime]
    posts: list[Posted] = field(default_factory=list)
    dms: list[Posted] = field(default_factory=list)
    errors: dict[str, list[PostError]] = field(default_factory=dict)
    lookups: int = 0

    def _now(self) -> datetime:
        return self.clock()

    async def post(self, channel_id: str, message: SlackMessage, *, key: str) -> str:
        message.to_dict()  # Slack would refuse a message over its limits
        queued = self.errors.get(channel_id)
        if queued:
            error = queued.pop(0)
            if error.maybe_posted:  # the request got through, the answer did not
                self.posts.append(Posted(channel_id, message, key, self._now()))
            raise error
        self.posts.append(Posted(channel_id, message, key, self._now()))
        return f"{len(self.posts)}.000"

    async def find_posted(self, channel_id: str, key: str, since: datetime) -> str | None:
        self.lookups += 1
        for index, posted in enumerate(self.posts, start=1):
            if posted.channel == channel_id and posted.key == key and posted.at >= since:
                return f"{index}.000"
        return None

    async def notify(self, user_id: str, message: SlackMessage) -> None:
        self.dms.append(Posted(user_id, message, None, self._now()))

    def to(self, channel: str) -> list[Posted]:
        return [p for p in self.posts if p.channel == channel]
