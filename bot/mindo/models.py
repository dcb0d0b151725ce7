"""Typed records of the Mindo API, parsed from its JSON.

Parsing is strict about what the bot relies on (ids, counts, timestamps) and lenient
about the rest; a malformed record raises ``ValueError``/``KeyError``/``TypeError``,
which the client turns into ``UnreadableResponseError``.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def _optional_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _optional_float(value: Any) -> float | None:
    """Numbers, or the decimal strings Django REST Framework sends by default."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _texts(value: Any) -> tuple[str, ...]:
    """A list of labels; items given as objects contribute their ``name`` (lenient on purpose)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return tuple(
        _str(item.get("name") or item.get("display") or "")
        if isinstance(item, dict)
        else _str(item)
        for item in value
    )


@dataclass(frozen=True)
class Creator:
    id: int
    email: str
    first_name: str
    last_name: str

    @classmethod
    def from_api(cls, data: JSON) -> Creator:
        return cls(
            id=_int(data["id"]),
            email=_str(data.get("email")),
            first_name=_str(data.get("first_name")),
            last_name=_str(data.get("last_name")),
        )

    def to_api(self) -> JSON:
        return {
            "id": self.id,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
        }


@dataclass(frozen=True)
class BulkSendDetail:
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
            estimated_time_minutes=_optional_float(data.get("estimated_time_minutes")),
            started_at=parse_optional_timestamp(data.get("started_at")),
            created_by=Creator.from_api(creator) if creator is not None else None,
        )

    def to_api(self) -> JSON:
        return {
            **self.send.to_api(),
            "estimated_time_minutes": self.estimated_time_minutes,
            "started_at": format_timestamp(self.started_at),
            "created_by": self.created_by.to_api() if self.created_by else None,
        }


@dataclass(frozen=True)
class Message:
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
            id=_int(data["id"]),
            recipient_phone=_str(data.get("recipient_phone")),
            status=_str(data["status"]).lower(),
            meta_message_id=_optional_str(data.get("meta_message_id")),
            variables_used={str(k): str(v) for k, v in variables.items()},
            sent_at=parse_optional_timestamp(data.get("sent_at")),
            delivered_at=parse_optional_timestamp(data.get("delivered_at")),
            read_at=parse_optional_timestamp(data.get("read_at")),
            error_message=_optional_str(data.get("error_message")),
        )

    def to_api(self) -> JSON:
        return {
            "id": self.id,
            "recipient_phone": self.recipient_phone,
            "status": self.status,
            "meta_message_id": self.meta_message_id,
            "variables_used": dict(self.variables_used),
            "sent_at": format_timestamp(self.sent_at),
            "delivered_at": format_timestamp(self.delivered_at),
            "read_at": format_timestamp(self.read_at),
            "error_message": self.error_message,
        }


@dataclass(frozen=True)
class BusinessInfo:
    """The company record; ``timezone`` is the natural default for digests."""

    id: int
    name: str
    email: str
    phone: str
    website: str
    address: str
    description: str
    timezone: str
    size: str
    size_display: str
    company_types: tuple[str, ...]
    categories: tuple[str, ...]

    @classmethod
    def from_api(cls, data: JSON) -> BusinessInfo:
        return cls(
            id=_int(data["id"]),
            name=_str(data.get("name")),
            email=_str(data.get("email")),
            phone=_str(data.get("phone")),
            website=_str(data.get("website")),
            address=_str(data.get("address")),
            description=_str(data.get("description")),
            timezone=_str(data.get("timezone")),
            size=_str(data.get("size")),
            size_display=_str(data.get("size_display")),
            company_types=_texts(data.get("company_types")),
            categories=_texts(data.get("categories")),
        )

    def to_api(self) -> JSON:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "website": self.website,
            "address": self.address,
            "description": self.description,
            "timezone": self.timezone,
            "size": self.size,
            "size_display": self.size_display,
            "company_types": list(self.company_types),
            "categories": list(self.categories),
        }


@dataclass(frozen=True)
class Quota:
    """A number's rolling 24-hour allowance; ``daily_limit`` is None for TIER_UNLIMITED."""

    daily_limit: int | None
    unique_numbers_sent_24h: int
    remaining: int | None
    usage_percentage: float
    can_send: bool

    @classmethod
    def from_api(cls, data: JSON) -> Quota:
        return cls(
            daily_limit=_optional_int(data.get("dailyLimit")),
            unique_numbers_sent_24h=_int(data.get("uniqueNumbersSent24h") or 0),
            remaining=_optional_int(data.get("remaining")),
            usage_percentage=_optional_float(data.get("usagePercentage")) or 0.0,
            can_send=bool(data.get("canSend", True)),
        )

    def to_api(self) -> JSON:
        return {
            "dailyLimit": self.daily_limit,
            "uniqueNumbersSent24h": self.unique_numbers_sent_24h,
            "remaining": self.remaining,
            "usagePercentage": self.usage_percentage,
            "canSend": self.can_send,
        }


@dataclass(frozen=True)
class PhoneNumber:
    id: int
    phone_number_id: str
    display_phone_number: str
    verified_name: str
    is_primary: bool
    messaging_limit_tier: str
    quota: Quota | None

    @classmethod
    def from_api(cls, data: JSON) -> PhoneNumber:
        quota = data.get("quota")
        return cls(
            id=_int(data["id"]),
            phone_number_id=str(data.get("phoneNumberId") or ""),
            display_phone_number=_str(data.get("displayPhoneNumber")),
            verified_name=_str(data.get("verifiedName")),
            is_primary=bool(data.get("isPrimary", False)),
            messaging_limit_tier=_str(data.get("messagingLimitTier")),
            quota=Quota.from_api(quota) if quota is not None else None,
        )

    def to_api(self) -> JSON:
        return {
            "id": self.id,
            "phoneNumberId": self.phone_number_id,
            "displayPhoneNumber": self.display_phone_number,
            "verifiedName": self.verified_name,
            "isPrimary": self.is_primary,
            "messagingLimitTier": self.messaging_limit_tier,
            "quota": self.quota.to_api() if self.quota else None,
        }


@dataclass(frozen=True)
class AccountTemplate:
    """A template as business-accounts lists it: no numeric id there, only name + language."""

    name: str
    language: str
    category: str
    variables: tuple[str, ...]

    @classmethod
    def from_api(cls, data: JSON) -> AccountTemplate:
        return cls(
            name=_str(data["name"]),
            language=_str(data.get("language")),
            category=_str(data.get("category")),
            variables=_texts(data.get("variables")),
        )

    def to_api(self) -> JSON:
        return {
            "name": self.name,
            "language": self.language,
            "category": self.category,
            "variables": list(self.variables),
        }


@dataclass(frozen=True)
class BusinessAccount:
    business_account_id: str
    business_name: str
    phone_numbers: tuple[PhoneNumber, ...]
    templates: tuple[AccountTemplate, ...]

    @classmethod
    def from_api(cls, data: JSON) -> BusinessAccount:
        return cls(
            business_account_id=str(data.get("businessAccountId") or ""),
            business_name=_str(data.get("businessName")),
            phone_numbers=tuple(PhoneNumber.from_api(p) for p in data.get("phoneNumbers") or ()),
            templates=tuple(AccountTemplate.from_api(t) for t in data.get("templates") or ()),
        )

    def to_api(self) -> JSON:
        return {
            "businessAccountId": self.business_account_id,
            "businessName": self.business_name,
            "phoneNumbers": [p.to_api() for p in self.phone_numbers],
            "templates": [t.to_api() for t in self.templates],
        }


@dataclass(frozen=True)
class BusinessAccounts:
    """What the API key can see: the company, the key's name, its WhatsApp accounts."""

    company_name: str
    api_key_name: str
    accounts: tuple[BusinessAccount, ...]

    @classmethod
    def from_api(cls, data: JSON) -> BusinessAccounts:
        return cls(
            company_name=_str(data.get("companyName")),
            api_key_name=_str(data.get("apiKeyName")),
            accounts=tuple(BusinessAccount.from_api(a) for a in data.get("businessAccounts") or ()),
        )

    def to_api(self) -> JSON:
        return {
            "companyName": self.company_name,
            "apiKeyName": self.api_key_name,
            "businessAccounts": [a.to_api() for a in self.accounts],
        }
