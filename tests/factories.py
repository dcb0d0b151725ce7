"""One place for test data: named moments, clocks, sends, questions, phones, digests.

Tests build what they need here instead of each package keeping its own copy. A moment
is named for what it is (a weekday, a time in the demo company's zone); a test picks the
one whose calendar it needs and says so by name.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from slack_sdk.models.blocks import SectionBlock

from bot.domain.dates import DateRange
from bot.domain.digests import Digest
from bot.domain.schedule import EVERY_DAY, DigestSchedule
from bot.domain.sends import RUNNING, BulkSend, PhoneNumberRef, Status, TemplateRef
from bot.locale.languages import Language
from bot.message.slack import SlackMessage
from bot.mindo.models import PhoneNumber, Quota
from bot.query.model import BulkSendQuery
from bot.query.periods import period_from_code

# --- Zones --------------------------------------------------------------------------

#: The demo company's zone: UTC-3 all year, no daylight saving time.
BUENOS_AIRES = "America/Argentina/Buenos_Aires"
TOKYO = "Asia/Tokyo"

# --- Moments (all in UTC; the comment says the day and time in Buenos Aires) ---------

#: Tuesday 10 March 2026, noon in Buenos Aires: the Mindo client's tests and their dataset.
MARCH_TUESDAY_NOON = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
#: Tuesday 31 March 2026, 15:00 UTC: the last day of a month.
MONTH_END = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
#: Wednesday 18 November 2026, 12:30 in Buenos Aires: mid-week, so "this week" has three
#: days. The Slack app's tests and the Home tab's.
WEDNESDAY_LUNCHTIME = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)
#: Friday 20 November 2026, noon in Buenos Aires: "last week" is 9–15 November.
FRIDAY_NOON = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
#: Monday 23 November 2026, 15:00 UTC: the parser's "today".
MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
#: Thursday 26 November 2026 (Thanksgiving), noon in Buenos Aires: the day a digest sent
#: on Black Friday morning reports.
THANKSGIVING_NOON = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
#: Friday 27 November 2026 (Black Friday), 8:00 in Buenos Aires: before the morning digests.
BLACK_FRIDAY_EIGHT = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
#: Black Friday, 9:00 in Buenos Aires: when the morning digests are due.
BLACK_FRIDAY_NINE = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
#: Black Friday, noon in Buenos Aires: the CLI's and the service's "now".
BLACK_FRIDAY_NOON = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
#: Still Black Friday in Buenos Aires (23:30), already Saturday 28 in UTC.
LATE_EVENING = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)
#: Still Black Friday in UTC (20:00), already Saturday 28 in Tokyo.
TOKYO_MORNING = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
#: Saturday 2 January 2027, 15:00 UTC: a new year just begun.
NEW_YEAR = datetime(2027, 1, 2, 15, 0, tzinfo=UTC)


# --- Clocks -------------------------------------------------------------------------


class FakeClock:
    """A wall clock tests move by hand; ``sleep`` advances it instead of waiting."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta

    def set(self, text: str) -> None:
        self.now = datetime.fromisoformat(text).astimezone(UTC)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


class SleepRecorder:
    """Stands in for ``asyncio.sleep`` and ``time.monotonic`` at once: a sleep returns at
    once, remembering its delay and moving the monotonic clock on by it."""

    def __init__(self, now: float = 1000.0) -> None:
        self.delays: list[float] = []
        self.now = now

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        await self(seconds)

    def monotonic(self) -> float:
        return self.now


async def no_wait(seconds: float) -> None:
    """A sleep that returns at once: retries without their backoff, so failure paths stay
    fast (use ``SleepRecorder`` to see the delays asked for)."""


# --- Sends --------------------------------------------------------------------------


def make_send(
    send_id: int | str = 0,
    created_at: datetime | None = None,
    *,
    status: Status = Status.COMPLETED,
    template: str = "welcome_message",
    language: str = "es",
    sender: str = "Mindo Software",
    phone: str = "+54 9 223 675-0780",
    recipients: int = 150,
    failed: int = 0,
    pending: int | None = None,
    sent: int | None = None,
    delivered: int | None = None,
    read: int | None = None,
    progress: float = 100.0,
) -> BulkSend:
    """A send whose counts add up unless given: a running send has everyone pending,
    the rest are sent; 95 % of the sent are delivered and two thirds read.

    An ``int`` id becomes a UUID-like id, and then, without ``created_at``, the send was
    made that many hours plus one before ``FRIDAY_NOON`` (so 0, 1, 2… are newest first).
    """
    if isinstance(send_id, int):
        created_at = created_at or FRIDAY_NOON - timedelta(hours=send_id + 1)
        send_id = f"a3f2b8c9-4d5e-6f7a-8b9c-{send_id:012d}"
    if pending is None:
        pending = recipients - failed if status in RUNNING else 0
    if sent is None:
        sent = recipients - failed - pending
    if delivered is None:
        delivered = sent * 95 // 100
    if read is None:
        read = delivered * 2 // 3
    return BulkSend(
        id=send_id,
        status=status,
        template=TemplateRef(id=45, name=template, language=language, status="APPROVED"),
        phone_number=PhoneNumberRef(id=123, display_phone_number=phone, verified_name=sender),
        total_recipients=recipients,
        sent_count=sent,
        delivered_count=delivered,
        read_count=read,
        failed_count=failed,
        pending_count=pending,
        progress_percentage=progress,
        created_at=created_at or FRIDAY_NOON,
        completed_at=None,
    )


def many_sends(count: int, *, templates: int = 1, sender: str = "Mindo Software") -> list[BulkSend]:
    """``count`` sends cycling through every status and ``templates`` template names."""
    statuses = list(Status)
    return [
        make_send(
            i,
            status=statuses[i % len(statuses)],
            template=f"campaign_{i % templates:03d}",
            sender=sender,
            recipients=100 + i % 7,
            sent=90 + i % 7,
            delivered=80,
            read=40,
            failed=10,
            pending=i % 3,
            progress=37.0,
        )
        for i in range(count)
    ]


def make_phone(
    name: str = "Aurora Market",
    *,
    limit: int | None = 1000,
    remaining: int | None = 900,
    usage: float = 10.0,
    can_send: bool = True,
    tier: str = "TIER_1K",
) -> PhoneNumber:
    """A sending number and its daily quota."""
    return PhoneNumber(
        id=1,
        phone_number_id="100",
        display_phone_number="+54 9 11 5263-0780",
        verified_name=name,
        is_primary=True,
        messaging_limit_tier=tier,
        quota=Quota(
            daily_limit=limit,
            unique_numbers_sent_24h=0 if limit is None else limit - (remaining or 0),
            remaining=remaining,
            usage_percentage=usage,
            can_send=can_send,
        ),
    )


# --- Questions, messages, digests ---------------------------------------------------


def make_query(
    *statuses: Status,
    start: date | None = date(2026, 11, 9),
    end: date = date(2026, 11, 15),
    template: str | None = None,
    language: Language = "en",
    default_range: bool = False,
    timezone: str = BUENOS_AIRES,
    period: str | None = "last_week",
) -> BulkSendQuery:
    """By default "last week" asked on ``FRIDAY_NOON``.

    ``period`` is written as a button's code ("last_week", "last_n_months:3").
    """
    return BulkSendQuery(
        statuses=frozenset(statuses),
        range=DateRange(start, end),
        template=template,
        timezone=timezone,
        default_range=default_range,
        language=language,
        period=None if period is None else period_from_code(period),
    )


def make_message(text: str = "digest") -> SlackMessage:
    """A small valid Slack message."""
    return SlackMessage(text=text, blocks=(SectionBlock(text=text),))


def make_digest(
    channel_id: str = "C0MARKETING",
    *,
    hour: int = 9,
    minute: int = 0,
    days: frozenset[int] = EVERY_DAY,
    tz: str = BUENOS_AIRES,
    since: datetime = datetime(2026, 1, 1, tzinfo=UTC),
    **changes: object,
) -> Digest:
    fields: dict[str, object] = {
        "channel_id": channel_id,
        "channel_name": channel_id.lower().removeprefix("c0"),
        "schedule": DigestSchedule(hour, minute, days, tz),
        "skip_empty": False,
        "language": "en",
        "enabled": True,
        "created_by": "U0ADMIN",
        "updated_by": "U0ADMIN",
        "created_at": since,
        "updated_at": since,
        "active_since": since,
    } | changes
    return Digest(**fields)  # type: ignore[arg-type]
