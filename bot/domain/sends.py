"""Bulk sends: the statuses Mindo reports and the send record, shared by every floor.

Plain frozen records with no JSON knowledge: ``bot.mindo`` reads them from Mindo's
answers (and writes them back in its shape for the fake API and ``ask --format json``);
the parser, the report, the service and the message builders only read them. They use
``slots``: an answer can hold a hundred thousand sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    QUEUED = "QUEUED"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    PARTIAL = "PARTIAL"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


#: The order statuses are listed in everywhere (reports, JSON, messages).
STATUS_ORDER: tuple[Status, ...] = tuple(Status)

#: Statuses of sends that are still running.
RUNNING: frozenset[Status] = frozenset({Status.QUEUED, Status.PROCESSING})

#: What "problems" means: sends with at least some failures.
PROBLEMS: frozenset[Status] = frozenset({Status.FAILED, Status.PARTIAL})


@dataclass(frozen=True, slots=True)
class TemplateRef:
    """The WhatsApp template a send used: Meta's name and language, and its review status."""

    id: int
    name: str
    language: str
    status: str


@dataclass(frozen=True, slots=True)
class PhoneNumberRef:
    """The company's WhatsApp number a send went out from."""

    id: int
    display_phone_number: str
    verified_name: str


@dataclass(frozen=True, slots=True)
class BulkSend:
    """One bulk send: one template to many recipients, with Mindo's counts so far.

    The counts keep Mindo's arithmetic (none negative; sent ≤ recipients, delivered ≤
    sent, read ≤ delivered; failed and pending ≤ recipients): a record breaking it is
    refused where it is read. Timestamps are aware, in UTC.
    """

    id: str
    status: Status
    template: TemplateRef
    phone_number: PhoneNumberRef
    total_recipients: int
    sent_count: int
    delivered_count: int
    read_count: int
    failed_count: int
    pending_count: int
    progress_percentage: float
    created_at: datetime
    completed_at: datetime | None
