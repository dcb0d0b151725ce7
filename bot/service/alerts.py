"""What alerts read from Mindo, and what one poll remembers for the next.

Every poll reads, in one go, only what can have changed: the sends not yet ended however
old, the sends created in the last ``RECENT`` days, and the numbers' quotas and tiers
(``MindoAlertSource.read``). Every channel's alerts are decided from that one read
(``bot.service.alert_rules``). A send remembered as running that is in neither list any
more (an old send that just ended) is read on its own, so its end is seen too.

Two things Mindo does not say are learnt by watching, and kept between polls in the store
(``Memory``): since when each running send has shown the same progress, and each number's
previous tier. A first poll knows neither, so it never calls a send stalled or a tier
lowered: nothing is guessed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Protocol

from bot.domain.alerts import AlertKind
from bot.domain.sends import RUNNING, BulkSend, Status
from bot.mindo.client import MindoClient
from bot.mindo.errors import MindoError, NotFoundError
from bot.mindo.models import PhoneNumber
from bot.mindo.sends import bulk_send_from_api, bulk_send_to_api
from bot.report import FailureReason, count_failure_reasons

logger = logging.getLogger(__name__)

#: Sends created this long ago or less are read every poll, whatever their status.
RECENT = timedelta(days=3)
#: Failure reasons of an alerted send are counted from its first failed messages only.
REASON_SAMPLE = 200
#: Sends remembered as running and now missing from the lists, read one by one per poll.
MAX_LOOKUPS = 25


@dataclass(frozen=True)
class AlertReading:
    """One poll's view of an account."""

    at: datetime
    #: Sends not ended (any age) and sends created since ``at`` − RECENT, newest first.
    sends: tuple[BulkSend, ...]
    #: Every number of every WhatsApp account; None when business-accounts failed.
    phones: tuple[PhoneNumber, ...] | None
    #: Requests the read took (list pages, lookups, business-accounts).
    requests: int = 0


class AlertSource(Protocol):
    async def read(self, now: datetime, *, also: Collection[str] = ()) -> AlertReading:
        """Raises MindoError when the sends cannot be read; ``also``: send ids to read on
        their own if the lists do not hold them."""

    async def reasons(self, send_id: str) -> tuple[FailureReason, ...]:
        """The send's failure reasons, most common first; empty when they cannot be read."""


class MindoAlertSource:
    def __init__(self, client: MindoClient) -> None:
        self._client = client

    async def read(self, now: datetime, *, also: Collection[str] = ()) -> AlertReading:
        async with self._client.question():
            listed, phones = await asyncio.gather(
                self._client.fetch_changing(since=now - RECENT), self._phones()
            )
            seen = {send.id for send in listed.sends}
            missing = [send_id for send_id in also if send_id not in seen][:MAX_LOOKUPS]
            found = await asyncio.gather(*(self._one(send_id) for send_id in missing))
        extra = tuple(send for send in found if send is not None)
        requests = listed.requests + 1 + len(missing)
        return AlertReading(now, listed.sends + extra, phones, requests)

    async def _phones(self) -> tuple[PhoneNumber, ...] | None:
        """Quotas are one part of alerts: Mindo failing there leaves the sends' alerts be."""
        try:
            accounts = await self._client.get_business_accounts()
        except MindoError as error:
            logger.warning("alerts: business-accounts unavailable: %s", error)
            return None
        return tuple(p for account in accounts.accounts for p in account.phone_numbers)

    async def _one(self, send_id: str) -> BulkSend | None:
        """A send that left the lists; None when it cannot be read (gone, forbidden, Mindo
        failing for it): it is forgotten, rather than failing every poll after."""
        try:
            return (await self._client.get_bulk_send(send_id)).send
        except NotFoundError:
            return None
        except MindoError as error:
            logger.warning("alerts: a send that left the lists cannot be read: %s", error.kind)
            return None

    async def reasons(self, send_id: str) -> tuple[FailureReason, ...]:
        try:
            failed = await self._client.list_messages(send_id, status="failed", limit=REASON_SAMPLE)
        except MindoError:
            return ()
        return count_failure_reasons(failed)


# --- What one poll remembers for the next --------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A running send as last seen: its status and progress, and since when unchanged."""

    status: Status
    percentage: float
    since: datetime


@dataclass(frozen=True)
class Memory:
    progress: Mapping[str, Progress] = field(default_factory=lambda: MappingProxyType({}))
    #: phone_number_id → messaging tier.
    tiers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def unchanged_since(self, send: BulkSend) -> datetime | None:
        """Since when ``send`` has shown its current status and progress, if known."""
        seen = self.progress.get(send.id)
        if (
            seen is None
            or seen.status != send.status
            or seen.percentage != send.progress_percentage
        ):
            return None
        return seen.since

    def to_json(self) -> str:
        return json.dumps(
            {
                "progress": {
                    send_id: [p.status.value, p.percentage, int(p.since.timestamp())]
                    for send_id, p in sorted(self.progress.items())
                },
                "tiers": dict(sorted(self.tiers.items())),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Memory:
        """What was stored; an empty memory (and a log line) for anything unreadable."""
        try:
            data = json.loads(text or "{}")
            progress = {
                str(send_id): Progress(
                    Status(status), float(percentage), datetime.fromtimestamp(int(since), UTC)
                )
                for send_id, (status, percentage, since) in data.get("progress", {}).items()
            }
            tiers = {str(k): str(v) for k, v in data.get("tiers", {}).items()}
        except (ValueError, TypeError, AttributeError, OverflowError) as error:
            logger.warning("alerts: the poll's memory is unreadable, starting afresh: %s", error)
            return cls()
        return cls(MappingProxyType(progress), MappingProxyType(tiers))


def remember(memory: Memory, reading: AlertReading) -> Memory:
    """The memory after ``reading``: each running send's progress (since when unchanged)
    and each number's tier (kept as it was when the numbers could not be read)."""
    progress = {
        send.id: Progress(
            send.status, send.progress_percentage, memory.unchanged_since(send) or reading.at
        )
        for send in reading.sends
        if send.status in RUNNING
    }
    tiers = dict(memory.tiers)
    if reading.phones is not None:
        tiers = {phone_key(p): p.messaging_limit_tier for p in reading.phones}
    return Memory(MappingProxyType(progress), MappingProxyType(tiers))


#: A number's alerts are about ``number:<key>:<date>`` (one per kind and day).
NUMBER_PREFIX = "number:"


def phone_key(phone: PhoneNumber) -> str:
    return phone.phone_number_id or str(phone.id)


# --- One alert, and what its message is built from -----------------------------------


@dataclass(frozen=True)
class Alert:
    """Something a channel is to be told: what, about which send or number, and when.

    ``at`` is when it happened (a send's end) or became true (a send stuck for the
    channel's limit). ``since`` is since when a stuck send has waited or stood still.
    """

    channel_id: str
    kind: AlertKind
    subject: str
    at: datetime
    send: BulkSend | None = None
    phone: PhoneNumber | None = None
    since: datetime | None = None
    previous_tier: str | None = None
    reasons: tuple[FailureReason, ...] = ()
    #: Noticed well after it happened (the app was down, or Mindo was).
    late: bool = False

    @property
    def key(self) -> tuple[str, str, AlertKind]:
        return (self.channel_id, self.subject, self.kind)

    @property
    def template(self) -> str | None:
        return self.send.template.name if self.send is not None else None

    def with_send(self, send: BulkSend) -> Alert:
        """The same alert about the send as it is now (for an update in place)."""
        return Alert(
            self.channel_id,
            self.kind,
            self.subject,
            self.at,
            send,
            self.phone,
            self.since,
            self.previous_tier,
            self.reasons,
            self.late,
        )


def fingerprint(alert: Alert) -> str:
    """What the message shows of the alert's subject: a change means an update."""
    return subject_fingerprint(alert.send, alert.phone)


def subject_fingerprint(send: BulkSend | None, phone: PhoneNumber | None) -> str:
    """A send's status, counts and progress (to the nearest 10%), or a number's tier and
    quota (to the nearest 5%), as one string."""
    if send is not None:
        step = int(send.progress_percentage // 10) if send.status in RUNNING else 10
        parts: Iterable[object] = (
            send.status.value,
            send.total_recipients,
            send.sent_count,
            send.failed_count,
            send.pending_count,
            step,
        )
    elif phone is not None and phone.quota is not None:
        quota = phone.quota
        parts = (phone.messaging_limit_tier, quota.can_send, int(quota.usage_percentage // 5))
    elif phone is not None:
        parts = (phone.messaging_limit_tier,)
    else:
        parts = ()
    return "|".join(str(part) for part in parts)


def number_key(subject: str) -> str | None:
    """The number a ``number:<key>:<date>`` subject is about; None for a send's subject."""
    if not subject.startswith(NUMBER_PREFIX):
        return None
    return subject.removeprefix(NUMBER_PREFIX).rpartition(":")[0] or None


def encode_alert(alert: Alert) -> str:
    """The alert as the store keeps it (its snapshot), to build its message again later."""
    data: dict[str, Any] = {"at": int(alert.at.timestamp()), "late": alert.late}
    if alert.phone is not None:
        data["phone"] = alert.phone.to_api()
    if alert.since is not None:
        data["since"] = int(alert.since.timestamp())
    if alert.previous_tier is not None:
        data["previous_tier"] = alert.previous_tier
    if alert.reasons:
        data["reasons"] = [[r.text, r.count, r.code] for r in alert.reasons]
    rest = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if alert.send is None:
        return rest
    # One send is in many channels' alerts: its JSON is written once.
    return '{"send":' + _send_json(alert.send) + "," + rest[1:]


@lru_cache(maxsize=4096)
def _send_json(send: BulkSend) -> str:
    return json.dumps(bulk_send_to_api(send), separators=(",", ":"), ensure_ascii=False)


def decode_alert(channel_id: str, subject: str, kind: AlertKind, snapshot: str) -> Alert:
    """The alert a snapshot holds; ValueError (or KeyError/TypeError) if it holds none."""
    data = json.loads(snapshot)
    since = data.get("since")
    return Alert(
        channel_id=channel_id,
        kind=kind,
        subject=subject,
        at=datetime.fromtimestamp(int(data["at"]), UTC),
        send=bulk_send_from_api(data["send"]) if "send" in data else None,
        phone=PhoneNumber.from_api(data["phone"]) if "phone" in data else None,
        since=None if since is None else datetime.fromtimestamp(int(since), UTC),
        previous_tier=data.get("previous_tier"),
        reasons=tuple(
            FailureReason(
                None if text is None else str(text),
                int(count),
                None if code is None else int(code),
            )
            for text, count, code in data.get("reasons", ())
        ),
        late=bool(data.get("late")),
    )
