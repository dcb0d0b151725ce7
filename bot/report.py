"""Bulk sends → exact totals, per status and per template: the numbers every message shows.

Pure aggregation over what the client fetched; no I/O, no formatting. Counts are summed
as integers so the totals match Mindo's own numbers exactly. Failure reasons are counted
here too, once for every message that lists them (the Details button, the digest).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.domain.meta_errors import meta_error_code
from bot.domain.sends import RUNNING, STATUS_ORDER, BulkSend, Status
from bot.mindo.models import Message


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Totals:
    bulk_sends: int
    recipients: int
    sent: int
    delivered: int
    read: int
    failed: int
    #: Messages still waiting to go out (in sends that were not cancelled).
    pending: int
    #: Messages of cancelled sends that never went out: not pending, never will be.
    not_sent: int = 0

    @classmethod
    def of(cls, sends: Sequence[BulkSend]) -> Totals:
        # One pass with local sums: about four times faster than a sum() per count.
        recipients = sent = delivered = read = failed = pending = not_sent = 0
        cancelled = Status.CANCELLED
        for send in sends:
            recipients += send.total_recipients
            sent += send.sent_count
            delivered += send.delivered_count
            read += send.read_count
            failed += send.failed_count
            if send.status is cancelled:
                not_sent += send.pending_count
            else:
                pending += send.pending_count
        return cls(len(sends), recipients, sent, delivered, read, failed, pending, not_sent)

    @classmethod
    def sum(cls, parts: Sequence[Totals]) -> Totals:
        """The totals of several disjoint groups together."""
        if not parts:
            return cls(0, 0, 0, 0, 0, 0, 0)
        return cls(*(sum(column) for column in zip(*map(astuple, parts), strict=True)))

    @property
    def delivery_rate(self) -> float | None:
        """Delivered out of sent; None when nothing was sent."""
        return _ratio(self.delivered, self.sent)

    @property
    def read_rate(self) -> float | None:
        """Read out of delivered; None when nothing was delivered."""
        return _ratio(self.read, self.delivered)

    @property
    def failure_rate(self) -> float | None:
        """Failed out of all recipients; None when there were no recipients."""
        return _ratio(self.failed, self.recipients)

    def rates(self) -> dict[str, float | None]:
        """The three rates by their contract names (``ask --format json``)."""
        return {
            "delivery": self.delivery_rate,
            "read": self.read_rate,
            "failure": self.failure_rate,
        }

    def to_json(self) -> dict[str, int]:
        return {
            "bulk_sends": self.bulk_sends,
            "recipients": self.recipients,
            "sent": self.sent,
            "delivered": self.delivered,
            "read": self.read,
            "failed": self.failed,
            "pending": self.pending,
            "not_sent": self.not_sent,
        }


@dataclass(frozen=True)
class TemplateSummary:
    name: str
    language: str
    totals: Totals


@dataclass(frozen=True)
class Report:
    totals: Totals
    #: Every status, in STATUS_ORDER, zero when absent.
    by_status: Mapping[Status, int]
    #: One entry per (template name, language): most recipients first, ties by name.
    by_template: tuple[TemplateSummary, ...]
    #: Newest first.
    sends: tuple[BulkSend, ...]


#: Newest first, ties by id: the order of every list of sends.
_NEWEST = attrgetter("created_at", "id")


def summarise(sends: Iterable[BulkSend]) -> Report:
    """Each send is visited twice: once to count its status and find its template's group,
    once inside its group's totals; the overall totals are the groups' added up."""
    ordered = tuple(sorted(sends, key=_NEWEST, reverse=True))
    counts = dict.fromkeys(STATUS_ORDER, 0)
    groups: dict[tuple[str, str], list[BulkSend]] = {}
    for send in ordered:
        counts[send.status] += 1
        template = send.template
        key = (template.name, template.language)
        group = groups.get(key)
        if group is None:
            groups[key] = [send]
        else:
            group.append(send)
    templates = [
        TemplateSummary(name=name, language=language, totals=Totals.of(group))
        for (name, language), group in groups.items()
    ]
    totals = Totals.sum([t.totals for t in templates])
    templates.sort(key=lambda t: (-t.totals.recipients, t.name, t.language))
    return Report(
        totals=totals,
        by_status=MappingProxyType(counts),
        by_template=tuple(templates),
        sends=ordered,
    )


def estimated_finish(
    send: BulkSend,
    now: datetime,
    *,
    started_at: datetime | None = None,
    estimate_minutes: float | None = None,
) -> datetime | None:
    """When a running send should finish, the one estimate every message shows (Details,
    Home, the digest): Mindo's own from its start while it is still ahead (the send's own
    endpoint has one), else the pace so far (the list gives only progress; an estimate
    already past says nothing of when the rest goes out); None for a send that is not
    running or has not made progress yet."""
    if send.status not in RUNNING:
        return None
    begun = started_at or send.created_at
    if estimate_minutes is not None and math.isfinite(estimate_minutes) and estimate_minutes >= 0:
        estimate = begun + timedelta(minutes=min(estimate_minutes, _LONGEST_ESTIMATE_MINUTES))
        if estimate > now:
            return estimate
    progress = send.progress_percentage
    if math.isnan(progress) or not 0 < progress < 100:
        return None
    elapsed = max((now - begun).total_seconds(), 0.0)
    return now + timedelta(seconds=min(elapsed * (100 - progress) / progress, _LONGEST_PACE))


#: Estimates are capped (a garbage value must not overflow a date): a year is plenty.
_LONGEST_ESTIMATE_MINUTES = 366 * 24 * 60.0
_LONGEST_PACE = _LONGEST_ESTIMATE_MINUTES * 60


def daily_totals(
    sends: Iterable[BulkSend], timezone: str, days: Sequence[date]
) -> tuple[tuple[date, Totals], ...]:
    """The totals of the sends created on each of ``days`` (local dates in ``timezone``),
    a day without sends included with zeros."""
    zone = ZoneInfo(timezone)
    by_day: dict[date, list[BulkSend]] = {day: [] for day in days}
    for send in sends:
        created = send.created_at.astimezone(zone).date()
        if created in by_day:
            by_day[created].append(send)
    return tuple((day, Totals.of(by_day[day])) for day in days)


#: Seven or more digits, maybe with a leading "+" and spaces, dots, dashes or brackets
#: between them: a phone number as Meta quotes it ("+55 (11) 91234-5678"). Meta's own
#: error codes ("#131026") are six digits and stay readable.
_PHONE = re.compile(r"\+?\d(?:[ ().-]*\d){6,}")
PHONE_MASK = "•••"


@dataclass(frozen=True)
class FailureReason:
    """One reason messages failed, and how many failed messages gave it."""

    #: Meta's own words on one line, phone numbers masked (for a code: its most common
    #: wording); None when no text was recorded.
    text: str | None
    count: int
    #: Meta's error code (``bot.domain.meta_errors``); None when the text carries none.
    code: int | None = None


def mask_phone_numbers(text: str) -> str:
    """Recipients' phone numbers are personal data: they never reach a channel."""
    return _PHONE.sub(PHONE_MASK, text)


#: Failure reasons are counted from at most this many failed messages of a send: its first.
REASON_SAMPLE = 1000


def count_failure_reasons(
    messages: Iterable[Message], limit: int | None = None
) -> tuple[FailureReason, ...]:
    """Failed messages grouped by Meta's error code, or by their text when it has none:
    most frequent first, then by code, then alphabetically.

    Texts are compared on one line with phone numbers masked, so "Number +54 9 11 … is not
    on WhatsApp" for a thousand recipients is one reason, not a thousand. Texts with the
    same code are one reason however Meta worded them ("(#131047) Re-engagement message"
    with or without its details), shown with their most common wording. ``limit`` keeps
    only the most frequent.
    """
    texts: dict[int | str | None, Counter[str | None]] = {}
    for message in messages:
        if message.status != "failed":
            continue
        text = mask_phone_numbers(" ".join((message.error_message or "").split())) or None
        code = meta_error_code(text)
        texts.setdefault(text if code is None else code, Counter())[text] += 1
    reasons = [
        FailureReason(
            text=min(wordings.items(), key=lambda item: (-item[1], item[0] or ""))[0],
            count=wordings.total(),
            code=key if isinstance(key, int) else None,
        )
        for key, wordings in texts.items()
    ]
    reasons.sort(key=lambda r: (-r.count, r.code is None, r.code or 0, r.text or ""))
    return tuple(reasons[:limit])
