"""Typed records of the Mindo API's bulk sends, parsed from its JSON.

Parsing is strict about what the bot relies on (ids, statuses, counts, timestamps) and
lenient about the rest; a malformed record raises ``ValueError``/``KeyError``/``TypeError``,
which the client turns into ``UnreadableResponseError``. The business records live in
``bot.mindo.business`` and the JSON readers in ``bot.mindo.fields``; both are re-exported
here so callers have one place to import records from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from bot.domain.sends import Status
from bot.mindo.business import (
    AccountTemplate,
    BusinessAccount,
    BusinessAccounts,
    BusinessInfo,
    PhoneNumber,
    Quota,
)
from bot.mindo.fields import (
    JSON,
    ApiRecord,
    format_timestamp,
    parse_optional_timestamp,
    parse_timestamp,
    read_id,
    read_int,
    read_optional_float,
    read_optional_text,
    read_text,
)

__all__ = [
    "JSON",
    "AccountTemplate",
    "BulkSend",
    "BulkSendDetail",
    "BusinessAccount",
    "BusinessAccounts",
    "BusinessInfo",
    "Creator",
    "InvariantError",
    "Message",
    "PhoneNumber",
    "PhoneNumberRef",
    "Quota",
    "TemplateRef",
    "UnknownStatusError",
    "format_timestamp",
    "parse_optional_timestamp",
    "parse_timestamp",
]


class UnknownStatusError(ValueError):
    """Mindo reported a status this version has no word for.

    Raised rather than skipped or guessed: every total the bot shows would be wrong.
    """

    def __init__(self, status: str) -> None:
        super().__init__(f"Mindo reported a status this version doesn't know: {status[:40]}")
        self.status = status


class InvariantError(ValueError):
    """A record breaks a rule every real answer keeps (a count below zero, more delivered
    than sent…). Refused, never shown: a total built on it would be a wrong fact.
    ``str()`` says which rule, for logs; ``send_id`` is the send it is about."""

    def __init__(self, message: str, *, send_id: str) -> None:
        super().__init__(message)
        self.send_id = send_id


#: More recipients than this in one bulk send is not a real send but a broken answer.
MAX_COUNT = 100_000_000


def check_counts(send_id: str, counts: Mapping[str, int]) -> None:
    """The API's own arithmetic: nothing negative or absurdly large, and each stage of a
    message (sent, delivered, read) at most the one before it."""
    name = send_id[:40]
    for field, value in counts.items():
        what = _COUNTED[field]
        if value < 0:
            raise InvariantError(
                f"Mindo reported bulk send {name} with a negative number of {what} ({value})",
                send_id=name,
            )
        if value > MAX_COUNT:
            raise InvariantError(
                f"Mindo reported bulk send {name} with an impossible number of {what}",
                send_id=name,
            )
    for later, earlier in (("sent", "recipients"), ("delivered", "sent"), ("read", "delivered")):
        if counts[later] > counts[earlier]:
            raise InvariantError(
                f"Mindo reported bulk send {name} with more {_COUNTED[later]} "
                f"({counts[later]}) than {_COUNTED[earlier]} ({counts[earlier]})",
                send_id=name,
            )
    for part in ("failed", "pending"):
        if counts[part] > counts["recipients"]:
            raise InvariantError(
                f"Mindo reported bulk send {name} with more {_COUNTED[part]} "
                f"({counts[part]}) than recipients ({counts['recipients']})",
                send_id=name,
            )


_COUNTED = {
    "recipients": "recipients",
    "sent": "messages sent",
    "delivered": "messages delivered",
    "read": "messages read",
    "failed": "messages failed",
    "pending": "messages pending",
}


def read_status(value: Any) -> Status:
    if not isinstance(value, str):
        raise TypeError(f"status must be text, got {value!r}")
    try:
        return Status(value)
    except ValueError:
        raise UnknownStatusError(value) from None


@dataclass(frozen=True)
class TemplateRef(ApiRecord):
    id: int
    name: str
    language: str
    status: str

    api_names: ClassVar[Mapping[str, str]] = {"name": "template_name"}

    @classmethod
    def from_api(cls, data: JSON) -> TemplateRef:
        return cls(
            id=read_int(data["id"]),
            name=read_text(data["template_name"]),
            language=read_text(data.get("language")),
            status=read_text(data.get("status")),
        )


@dataclass(frozen=True)
class PhoneNumberRef(ApiRecord):
    id: int
    display_phone_number: str
    verified_name: str

    @classmethod
    def from_api(cls, data: JSON) -> PhoneNumberRef:
        return cls(
            id=read_int(data["id"]),
            display_phone_number=read_text(data.get("display_phone_number")),
            verified_name=read_text(data.get("verified_name")),
        )


@dataclass(frozen=True)
class BulkSend(ApiRecord):
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
        send = cls._read(data)
        check_counts(
            send.id,
            {
                "recipients": send.total_recipients,
                "sent": send.sent_count,
                "delivered": send.delivered_count,
                "read": send.read_count,
                "failed": send.failed_count,
                "pending": send.pending_count,
            },
        )
        return send

    @classmethod
    def _read(cls, data: JSON) -> BulkSend:
        return cls(
            id=read_id(data["id"]),
            status=read_status(data["status"]),
            template=TemplateRef.from_api(data["template"]),
            phone_number=PhoneNumberRef.from_api(data["phone_number"]),
            total_recipients=read_int(data["total_recipients"]),
            sent_count=read_int(data["sent_count"]),
            delivered_count=read_int(data["delivered_count"]),
            read_count=read_int(data["read_count"]),
            failed_count=read_int(data["failed_count"]),
            pending_count=read_int(data["pending_count"]),
            progress_percentage=read_optional_float(data.get("progress_percentage")) or 0.0,
            created_at=parse_timestamp(data["created_at"]),
            completed_at=parse_optional_timestamp(data.get("completed_at")),
        )


@dataclass(frozen=True)
class Creator(ApiRecord):
    id: int
    email: str
    first_name: str
    last_name: str

    @classmethod
    def from_api(cls, data: JSON) -> Creator:
        return cls(
            id=read_int(data["id"]),
            email=read_text(data.get("email")),
            first_name=read_text(data.get("first_name")),
            last_name=read_text(data.get("last_name")),
        )


@dataclass(frozen=True)
class BulkSendDetail(ApiRecord):
    """One bulk send as its own endpoint returns it: the list item plus when and by whom."""

    send: BulkSend
    estimated_time_minutes: float | None
    started_at: datetime | None
    created_by: Creator | None

    @classmethod
    def from_api(cls, data: JSON) -> BulkSendDetail:
        creator = data.get("created_by")
        return cls(
            send=BulkSend.from_api(data),
            estimated_time_minutes=read_optional_float(data.get("estimated_time_minutes")),
            started_at=parse_optional_timestamp(data.get("started_at")),
            created_by=Creator.from_api(creator) if creator is not None else None,
        )

    def to_api(self) -> JSON:
        """The list item's fields and the detail's own, side by side as the API has them."""
        record = super().to_api()
        return {**record.pop("send"), **record}


@dataclass(frozen=True)
class Message(ApiRecord):
    """One recipient's message inside a bulk send. ``recipient_phone`` is personal data."""

    id: int
    recipient_phone: str
    status: str
    meta_message_id: str | None
    variables_used: Mapping[str, str]
    sent_at: datetime | None
    delivered_at: datetime | None
    read_at: datetime | None
    error_message: str | None

    @classmethod
    def from_api(cls, data: JSON) -> Message:
        variables = data.get("variables_used") or {}
        if not isinstance(variables, dict):
            raise TypeError(f"variables_used must be an object, got {type(variables).__name__}")
        return cls(
            id=read_int(data["id"]),
            recipient_phone=read_text(data.get("recipient_phone")),
            status=read_text(data["status"]).lower(),
            meta_message_id=read_optional_text(data.get("meta_message_id")),
            variables_used={str(k): str(v) for k, v in variables.items()},
            sent_at=parse_optional_timestamp(data.get("sent_at")),
            delivered_at=parse_optional_timestamp(data.get("delivered_at")),
            read_at=parse_optional_timestamp(data.get("read_at")),
            error_message=read_optional_text(data.get("error_message")),
        )
