"""Small builders of sends and questions for the message tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.dates import DateRange
from bot.domain.sends import Status
from bot.locale.languages import Language
from bot.mindo.models import BulkSend, PhoneNumberRef, TemplateRef
from bot.query.model import BulkSendQuery
from bot.query.periods import period_from_code

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
TZ = "America/Argentina/Buenos_Aires"


def make_send(
    index: int = 0,
    *,
    status: Status = Status.COMPLETED,
    template: str = "welcome_message",
    language: str = "es",
    sender: str = "Mindo Software",
    recipients: int = 150,
    sent: int = 150,
    delivered: int = 142,
    read: int = 98,
    failed: int = 0,
    pending: int = 0,
    progress: float = 100.0,
    created_at: datetime | None = None,
) -> BulkSend:
    return BulkSend(
        id=f"a3f2b8c9-4d5e-6f7a-8b9c-{index:012d}",
        status=status,
        template=TemplateRef(id=45, name=template, language=language, status="APPROVED"),
        phone_number=PhoneNumberRef(
            id=123, display_phone_number="+54 9 223 675-0780", verified_name=sender
        ),
        total_recipients=recipients,
        sent_count=sent,
        delivered_count=delivered,
        read_count=read,
        failed_count=failed,
        pending_count=pending,
        progress_percentage=progress,
        created_at=created_at or NOW - timedelta(hours=index + 1),
        completed_at=None,
    )


def make_query(
    *statuses: Status,
    start: date | None = date(2026, 11, 9),
    end: date = date(2026, 11, 15),
    template: str | None = None,
    language: Language = "en",
    default_range: bool = False,
    timezone: str = TZ,
    period: str | None = "last_week",
) -> BulkSendQuery:
    """By default "last week" asked on Friday 2026-11-20 (NOW).

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
