"""A Mindo account whose sends change over time, and a Slack that records what alerts did.

The account is the real Mindo client over the fake API (``bot.demo.api``) in-process:
tests change its sends between polls with ``put`` and read what the poll asked for in
``api.requests``. The Slack side is ``FakeAlertPoster``: posts, thread replies, updates
and direct messages, failures scripted per channel.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import httpx

from bot.alerts.poll import AlertPolicy
from bot.alerts.runner import AlertRunner
from bot.channel.posting import PostError
from bot.demo.api import FakeMindoApi
from bot.demo.data import DemoDataset
from bot.demo.records import build_business_info
from bot.domain.alerts import AlertChannel, QuietHours
from bot.domain.sends import BulkSend, Status
from bot.message.slack import SlackMessage
from bot.mindo.client import MindoClient
from bot.mindo.models import BusinessAccount, BusinessAccounts, PhoneNumber
from bot.service.alerts import MindoAlertSource
from bot.store.alerts import AlertStore
from tests.factories import BUENOS_AIRES, FakeClock, make_phone, make_send

KEY = "mindo_alerts_test_key"
CHANNEL = "C0ALERTS"
OTHER = "C0OTHER"
ADMIN = "U0ADMIN"


def send(
    n: int,
    created_at: datetime,
    *,
    status: Status,
    template: str = "welcome_message",
    recipients: int = 1172,
    failed: int = 0,
    progress: float | None = None,
    completed_at: datetime | None = None,
    sent: int | None = None,
) -> BulkSend:
    """A send with a readable id (``send-0007``) whose counts add up."""
    if progress is None:
        progress = 0.0 if status is Status.QUEUED else 100.0
    pending = None
    if status in (Status.QUEUED, Status.PROCESSING):
        done = round(recipients * progress / 100)
        sent = done - failed if sent is None else sent
        pending = recipients - done
    made = make_send(
        f"send-{n:04d}",
        created_at,
        status=status,
        template=template,
        recipients=recipients,
        failed=failed,
        pending=pending,
        sent=sent,
        progress=progress,
    )
    ended = status not in (Status.QUEUED, Status.PROCESSING)
    return replace(
        made, completed_at=completed_at or (created_at + timedelta(minutes=5) if ended else None)
    )


def accounts(*phones: PhoneNumber) -> BusinessAccounts:
    return BusinessAccounts(
        company_name="Aurora Market S.A.",
        api_key_name="alerts tests",
        accounts=(BusinessAccount("waba-1", "Aurora Market", tuple(phones), ()),),
    )


def mindo_api(
    now: datetime, *sends: BulkSend, phones: tuple[PhoneNumber, ...] = ()
) -> FakeMindoApi:
    dataset = DemoDataset(
        now=now,
        sends=(),
        business_info=build_business_info(BUENOS_AIRES),
        business_accounts=accounts(*(phones or (make_phone(usage=10.0),))),
    )
    api = FakeMindoApi(dataset, api_key=KEY)
    api.put(*sends)
    return api


def set_phones(api: FakeMindoApi, *phones: PhoneNumber) -> None:
    api.dataset = replace(api.dataset, business_accounts=accounts(*phones))


@asynccontextmanager
async def mindo_source(api: FakeMindoApi) -> AsyncIterator[MindoAlertSource]:
    """The real client and source over the fake API, without waiting between retries."""

    async def no_wait(seconds: float) -> None:
        return None

    async with MindoClient(
        "https://mindo.test", KEY, transport=httpx.MockTransport(api.handle), sleep=no_wait
    ) as client:
        yield MindoAlertSource(client)


@dataclass(frozen=True)
class Posted:
    channel: str
    message: SlackMessage
    key: str
    thread_ts: str | None
    ts: str
    at: datetime

    @property
    def text(self) -> str:
        return self.message.text

    @property
    def everything(self) -> str:
        """Fallback text and blocks, as one string to search."""
        return repr(self.message.to_dict())


class Died(BaseException):
    """The process stops dead in the middle of a call (nothing after it runs)."""


@dataclass
class FakeAlertPoster:
    clock: Callable[[], datetime]
    posts: list[Posted] = field(default_factory=list)
    updates: list[tuple[str, str, SlackMessage]] = field(default_factory=list)
    dms: list[tuple[str, SlackMessage]] = field(default_factory=list)
    #: Errors the next posts to a channel raise, in order.
    errors: dict[str, list[PostError]] = field(default_factory=dict)
    #: After posting to this channel, the process dies (the post reached Slack).
    die_after_post: set[str] = field(default_factory=set)
    lookups: int = 0
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def post(
        self, channel_id: str, message: SlackMessage, *, key: str, thread_ts: str | None = None
    ) -> str:
        message.to_dict()  # Slack would refuse a message over its limits
        queued = self.errors.get(channel_id)
        if queued:
            error = queued.pop(0)
            if error.maybe_posted:
                self._record(channel_id, message, key, thread_ts)
            raise error
        posted = self._record(channel_id, message, key, thread_ts)
        if channel_id in self.die_after_post:
            self.die_after_post.discard(channel_id)
            raise Died()
        return posted.ts

    def _record(
        self, channel_id: str, message: SlackMessage, key: str, thread_ts: str | None
    ) -> Posted:
        posted = Posted(
            channel_id, message, key, thread_ts, f"{next(self._ts)}.000100", self.clock()
        )
        self.posts.append(posted)
        return posted

    async def update(self, channel_id: str, ts: str, message: SlackMessage) -> None:
        message.to_dict()
        self.updates.append((channel_id, ts, message))

    async def find_posted(
        self, channel_id: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> str | None:
        self.lookups += 1
        for posted in self.posts:
            if (
                posted.channel == channel_id
                and posted.key == key
                and posted.thread_ts == thread_ts
                and posted.at >= since - timedelta(minutes=1)
            ):
                return posted.ts
        return None

    async def notify(self, user_id: str, message: SlackMessage) -> None:
        self.dms.append((user_id, message))

    def to(self, channel: str, *, replies: bool = False) -> list[Posted]:
        """Messages in the channel (or, with ``replies``, in its threads)."""
        return [
            p for p in self.posts if p.channel == channel and (p.thread_ts is not None) == replies
        ]


def alert_channel(
    channel_id: str = CHANNEL,
    *,
    since: datetime,
    threshold: float = 10.0,
    stuck_minutes: int = 30,
    templates: frozenset[str] = frozenset(),
    quiet: QuietHours | None = None,
    **changes: object,
) -> AlertChannel:
    fields: dict[str, object] = {
        "channel_id": channel_id,
        "channel_name": channel_id.lower().removeprefix("c0"),
        "enabled": True,
        "threshold": threshold,
        "stuck_minutes": stuck_minutes,
        "templates": templates,
        "quiet": quiet,
        "timezone": BUENOS_AIRES,
        "language": "en",
        "created_by": ADMIN,
        "updated_by": ADMIN,
        "created_at": since,
        "updated_at": since,
        "active_since": since,
    } | changes
    return AlertChannel(**fields)  # type: ignore[arg-type]


def runner(
    store: AlertStore,
    source: MindoAlertSource,
    poster: FakeAlertPoster,
    clock: FakeClock,
    *,
    owner: str = "process-a",
    policy: AlertPolicy | None = None,
) -> AlertRunner:
    return AlertRunner(
        store, source, poster, clock=clock, sleep=clock.sleep, owner=owner, policy=policy
    )
