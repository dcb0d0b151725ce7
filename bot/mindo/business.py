"""Typed records of the company behind the API key: business info and WhatsApp accounts.

These endpoints speak camelCase (business-accounts) or snake_case (business-info); the
records keep Python names and ``to_api`` writes the API's back. Lenient about optional
fields, strict about ids and flags, like ``bot.mindo.models``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from bot.mindo.fields import (
    JSON,
    ApiRecord,
    read_bool,
    read_int,
    read_labels,
    read_optional_float,
    read_optional_int,
    read_text,
)


@dataclass(frozen=True)
class BusinessInfo(ApiRecord):
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
            id=read_int(data["id"]),
            name=read_text(data.get("name")),
            email=read_text(data.get("email")),
            phone=read_text(data.get("phone")),
            website=read_text(data.get("website")),
            address=read_text(data.get("address")),
            description=read_text(data.get("description")),
            timezone=read_text(data.get("timezone")),
            size=read_text(data.get("size")),
            size_display=read_text(data.get("size_display")),
            company_types=read_labels(data.get("company_types")),
            categories=read_labels(data.get("categories")),
        )


@dataclass(frozen=True)
class Quota(ApiRecord):
    """A number's rolling 24-hour allowance; ``daily_limit`` is None for TIER_UNLIMITED."""

    daily_limit: int | None
    unique_numbers_sent_24h: int
    remaining: int | None
    usage_percentage: float
    can_send: bool

    camel_case: ClassVar[bool] = True

    @classmethod
    def from_api(cls, data: JSON) -> Quota:
        return cls(
            daily_limit=read_optional_int(data.get("dailyLimit")),
            unique_numbers_sent_24h=read_int(data.get("uniqueNumbersSent24h") or 0),
            remaining=read_optional_int(data.get("remaining")),
            usage_percentage=read_optional_float(data.get("usagePercentage")) or 0.0,
            can_send=read_bool(data.get("canSend"), default=True),
        )


@dataclass(frozen=True)
class PhoneNumber(ApiRecord):
    id: int
    phone_number_id: str
    display_phone_number: str
    verified_name: str
    is_primary: bool
    messaging_limit_tier: str
    quota: Quota | None

    camel_case: ClassVar[bool] = True

    @classmethod
    def from_api(cls, data: JSON) -> PhoneNumber:
        quota = data.get("quota")
        return cls(
            id=read_int(data["id"]),
            phone_number_id=str(data.get("phoneNumberId") or ""),
            display_phone_number=read_text(data.get("displayPhoneNumber")),
            verified_name=read_text(data.get("verifiedName")),
            is_primary=read_bool(data.get("isPrimary"), default=False),
            messaging_limit_tier=read_text(data.get("messagingLimitTier")),
            quota=Quota.from_api(quota) if quota is not None else None,
        )


@dataclass(frozen=True)
class AccountTemplate(ApiRecord):
    """A template as business-accounts lists it: no numeric id there, only name + language."""

    name: str
    language: str
    category: str
    variables: tuple[str, ...]

    @classmethod
    def from_api(cls, data: JSON) -> AccountTemplate:
        return cls(
            name=read_text(data["name"]),
            language=read_text(data.get("language")),
            category=read_text(data.get("category")),
            variables=read_labels(data.get("variables")),
        )


@dataclass(frozen=True)
class BusinessAccount(ApiRecord):
    business_account_id: str
    business_name: str
    phone_numbers: tuple[PhoneNumber, ...]
    templates: tuple[AccountTemplate, ...]

    camel_case: ClassVar[bool] = True

    @classmethod
    def from_api(cls, data: JSON) -> BusinessAccount:
        return cls(
            business_account_id=str(data.get("businessAccountId") or ""),
            business_name=read_text(data.get("businessName")),
            phone_numbers=tuple(PhoneNumber.from_api(p) for p in data.get("phoneNumbers") or ()),
            templates=tuple(AccountTemplate.from_api(t) for t in data.get("templates") or ()),
        )


@dataclass(frozen=True)
class BusinessAccounts(ApiRecord):
    """What the API key can see: the company, the key's name, its WhatsApp accounts."""

    company_name: str
    api_key_name: str
    accounts: tuple[BusinessAccount, ...]

    camel_case: ClassVar[bool] = True
    api_names: ClassVar[Mapping[str, str]] = {"accounts": "businessAccounts"}

    @classmethod
    def from_api(cls, data: JSON) -> BusinessAccounts:
        return cls(
            company_name=read_text(data.get("companyName")),
            api_key_name=read_text(data.get("apiKeyName")),
            accounts=tuple(BusinessAccount.from_api(a) for a in data.get("businessAccounts") or ()),
        )
