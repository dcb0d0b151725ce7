"""What a digest needs from Mindo, read once per time zone and date.

One list request stream covers the fortnight a digest charts (the day and the thirteen
before it, the last seven of which its numbers compare against, and the day after for
what is still running), so a hundred digests in
the same zone at the same minute cost one fetch. Failure reasons are counted from the
failed messages of the day's worst sends only, and from each one's first
``REASON_SAMPLE`` failed messages only: a send's messages can run to tens of thousands.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain.dates import DateRange
from bot.domain.sends import PROBLEMS, BulkSend
from bot.mindo.client import MindoClient
from bot.mindo.errors import MindoError
from bot.mindo.models import PhoneNumber
from bot.report import REASON_SAMPLE, count_failure_reasons
from bot.report import FailureReason as FailureReason

#: The days before the digest's day that its comparisons average over.
COMPARISON_DAYS = 7
#: The days its chart shows, the digest's day the last of them.
CHART_DAYS = 14
#: How many of the day's problem sends get their failure reasons looked up.
REASON_SENDS = 5


@dataclass(frozen=True)
class DayActivity:
    """Sends created from ``report_date`` − 13 to ``report_date`` + 1 (local dates)."""

    report_date: date
    timezone: str
    sends: tuple[BulkSend, ...]
    #: Send id → its failure reasons, most common first, for the day's worst problem sends
    #: (all of them: the message lists the first and counts the rest).
    reasons: Mapping[str, tuple[FailureReason, ...]]

    def created_on(self, day: date) -> tuple[BulkSend, ...]:
        return sends_on(self.sends, self.timezone, day)


@dataclass(frozen=True)
class DigestData:
    """Everything one digest message is built from."""

    activity: DayActivity
    #: None when business-accounts could not be read: the message says so, no more.
    phones: tuple[PhoneNumber, ...] | None
    generated_at: datetime


class DigestSource(Protocol):
    async def activity(self, timezone: str, report_date: date) -> DayActivity: ...

    async def phones(self) -> tuple[PhoneNumber, ...]: ...


def sends_on(sends: Iterable[BulkSend], timezone: str, day: date) -> tuple[BulkSend, ...]:
    """The sends created on a local date."""
    zone = ZoneInfo(timezone)
    return tuple(s for s in sends if s.created_at.astimezone(zone).date() == day)


def fetch_range(report_date: date) -> DateRange:
    first = report_date - timedelta(days=max(COMPARISON_DAYS, CHART_DAYS - 1))
    return DateRange(first, report_date + timedelta(days=1))


def worst_problems(sends: Iterable[BulkSend], limit: int = REASON_SENDS) -> list[BulkSend]:
    """The FAILED and PARTIAL sends with the most failed messages, most first."""
    problems = [s for s in sends if s.status in PROBLEMS]
    problems.sort(key=lambda s: (-s.failed_count, s.id))
    return problems[:limit]


class MindoDigestSource:
    """The digest's reads from the Mindo API."""

    def __init__(self, client: MindoClient) -> None:
        self._client = client

    async def activity(self, timezone: str, report_date: date) -> DayActivity:
        result = await self._client.fetch_bulk_sends(
            statuses=(), date_range=fetch_range(report_date), tz=timezone
        )
        worst = worst_problems(sends_on(result.sends, timezone, report_date))
        found = await asyncio.gather(*(self._reasons(s.id) for s in worst))
        return DayActivity(
            report_date=report_date,
            timezone=timezone,
            sends=result.sends,
            reasons=MappingProxyType({s.id: r for s, r in zip(worst, found, strict=True) if r}),
        )

    async def _reasons(self, send_id: str) -> tuple[FailureReason, ...]:
        """Reasons are a courtesy: a send whose messages cannot be read just shows none."""
        try:
            failed = await self._client.list_messages(send_id, status="failed", limit=REASON_SAMPLE)
            return count_failure_reasons(failed)
        except MindoError:
            return ()

    async def phones(self) -> tuple[PhoneNumber, ...]:
        accounts = await self._client.get_business_accounts()
        return tuple(p for account in accounts.accounts for p in account.phone_numbers)
