"""Typed records of the Mindo API beyond the send itself, parsed from its JSON.

Parsing is strict about what the bot relies on (ids, statuses, counts, timestamps) and
lenient about the rest; a malformed record raises ``ValueError``/``KeyError``/``TypeError``,
which the client turns into ``UnreadableResponseError``. The send record is the domain's
(``bot.domain.sends.BulkSend``), read and written by ``bot.mindo.sends``; the business
records live in ``bot.mindo.business`` and the JSON readers in ``bot.mindo.fields``.
The readers' errors and limits are re-exported here for callers that check them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.domain.sends import BulkSend
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
    read_int,
    read_optional_float,
    read_optional_text,
    read_text,
)
from bot.mindo.sends import (
    MAX_COUNT,
    InvariantError,
    UnknownStatusError,
    bulk_send_from_api,
    bulk_send_to_api,
)

__all__ = [
    "JSON",
    "MAX_COUNT",
    "AccountTemplate",
    "BulkSendDetail",
    "BusinessAccount",
    "BusinessAccounts",
    "BusinessInfo",
    "Creator",
    "InvariantError",
    "Message",
    "PhoneNumber",
    "Quota",
    "UnknownStatusError",
]


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
            send=bulk_send_from_api(data),
            estimated_time_minutes=read_optional_float(data.get("estimated_time_minutes")),
            started_at=parse_optional_timestamp(data.get("started_at")),
            created_by=Creator.from_api(creator) if creator is not None else None,
        )

    def to_api(self) -> JSON:
        """The list item's fields and the detail's own, side by side as the API has them."""
        creator = self.created_by
        return {
            **bulk_send_to_api(self.send),
            "estimated_time_minutes": self.estimated_time_minutes,
            "started_at": format_timestamp(self.started_at),
            "created_by": None if creator is None else creator.to_api(),
        }


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
