"""Typed records of the Mindo API, parsed from its JSON.

Parsing is strict about what the bot relies on (ids, counts, timestamps) and lenient
about the rest; a malformed record raises ``ValueError``/``KeyError``/``TypeError``,
which the client turns into ``UnreadableResponse``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.status import Status

JSON = dict[str, Any]


def parse_timestamp(value: Any) -> datetime:
    """Mindo timestamps are ISO 8601 UTC with a ``Z``; always return an aware UTC datetime."""
    if not isinstance(value, str):
        raise TypeError(f"timestamp must be a string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_optional_timestamp(value: Any) -> datetime | None:
    return None if value is None else parse_timestamp(value)


def format_timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return int(value)


def _str(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class TemplateRef:
    id: int
    name: str
    language: str
    status: str

    @classmethod
    def from_api(cls, data: JSON) -> TemplateRef:
        return cls(
            id=_int(data["id"]),
            name=_str(data["template_name"]),
            language=_str(data.get("language")),
            status=_str(data.get("status")),
        )

    def to_api(self) -> JSON:
        return {
            "id": self.id,
            "template_name": self.name,
            "language": self.language,
            "status": self.status,
        }


@dataclass(frozen=True)
class PhoneNumberRef:
    id: int
    display_phone_number: str
    verified_name: str

    @classmethod
    def from_api(cls, data: JSON) -> PhoneNumberRef:
        return cls(
            id=_int(data["id"]),
            display_phone_number=_str(data.get("display_phone_number")),
            verified_name=_str(data.get("verified_name")),
        )

    def to_api(self) -> JSON:
        return {
            "id": self.id,
            "display_phone_number": self.display_phone_number,
            "verified_name": self.verified_name,
        }


@dataclass(frozen=True)
class BulkSend:
    """One bulk send as the list endpoint returns it."""

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

    @classmethod
    def from_api(cls, data: JSON) -> BulkSend:
        return cls(
            id=str(data["id"]),
            status=Status(data["status"]),
            template=TemplateRef.from_api(data["template"]),
            phone_number=PhoneNumberRef.from_api(data["phone_number"]),
            total_recipients=_int(data["total_recipients"]),
            sent_count=_int(data["sent_count"]),
            delivered_count=_int(data["delivered_count"]),
            read_count=_int(data["read_count"]),
            failed_count=_int(data["failed_count"]),
            pending_count=_int(data["pending_count"]),
            progress_percentage=float(data.get("progress_percentage") or 0.0),
            created_at=parse_timestamp(data["created_at"]),
            completed_at=parse_optional_timestamp(data.get("completed_at")),
        )

    def to_api(self) -> JSON:
        """The full record, in the API's own shape (used by ``ask --format json``)."""
        return {
            "id": self.id,
            "status": self.status.value,
            "template": self.template.to_api(),
            "phone_number": self.phone_number.to_api(),
            "total_recipients": self.total_recipients,
            "sent_count": self.sent_count,
            "delivered_count": self.delivered_count,
            "read_count": self.read_count,
            "failed_count": self.failed_count,
            "pending_count": self.pending_count,
            "progress_percentage": self.progress_percentage,
            "created_at": format_timestamp(self.created_at),
            "completed_at": format_timestamp(self.completed_at),
        }
