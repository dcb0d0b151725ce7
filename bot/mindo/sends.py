"""Bulk sends in Mindo's JSON: read into ``bot.domain.sends.BulkSend``, and written back.

Reading is the hot path of every answer: a big account sends a hundred thousand records
for one question. So a page is decoded by msgspec straight from the response's bytes
into typed structs (JSON types checked in C, unknown fields skipped), and only what JSON
types cannot say is checked here, once per record: whole numbers that arrive as ``3.0``
or as text (``"3"``, ``"3.00"``: accepted; ``3.5`` and ``"3,5"`` are not), non-empty ids,
known statuses, timestamps, and the API's own arithmetic (``check_counts``). Anything else raises ``ValueError`` (msgspec's
``ValidationError`` is one) or ``TypeError``, which the client turns into
``UnreadableResponseError``.

``api_shape`` writes a send back in the API's shape for msgspec to encode: the fake API
serves the demo data with it and ``ask --format json`` prints it; ``bulk_send_to_api``
gives the same as plain data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import msgspec

from bot.domain.sends import BulkSend, PhoneNumberRef, Status, TemplateRef
from bot.mindo.fields import WHOLE_TEXT, parse_timestamp

__all__ = [
    "MAX_COUNT",
    "ApiShape",
    "InvariantError",
    "UnknownStatusError",
    "api_shape",
    "bulk_send_from_api",
    "bulk_send_to_api",
    "check_counts",
    "decode_bulk_send_page",
]

#: More recipients than this in one bulk send is not a real send but a broken answer: it
#: is more people than there are. Anything below is read exactly, however large (2³¹ and
#: 2³² included: a count is never squeezed into 32 bits).
MAX_COUNT = 10_000_000_000


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


# --- Mindo's shapes, as msgspec reads them -------------------------------------------
#
# Two readings of the same shape. The fast one has msgspec check everything it can in C:
# whole numbers as ``int``, the status as one of ours, timestamps as RFC 3339. A page it
# refuses is read again by the lenient one (numbers, text), record by record in Python:
# ``3.0`` is a whole number, any ISO 8601 timestamp Python reads is one, and an unknown
# status is named. Only that second reading decides that a page is unreadable.


class _Template(msgspec.Struct, gc=False):
    id: int
    template_name: str | None
    language: str | None = None
    status: str | None = None


class _Phone(msgspec.Struct, gc=False):
    id: int
    display_phone_number: str | None = None
    verified_name: str | None = None


class _Send(msgspec.Struct, gc=False):
    id: str | int
    status: Status
    template: _Template
    phone_number: _Phone
    total_recipients: int
    sent_count: int
    delivered_count: int
    read_count: int
    failed_count: int
    pending_count: int
    created_at: datetime
    progress_percentage: float | str | None = None
    completed_at: datetime | None = None


class _Page(msgspec.Struct, gc=False):
    count: int
    results: list[_Send]
    next: str | None = None


class _LenientTemplate(msgspec.Struct, gc=False):
    id: int | float | str
    template_name: str | None
    language: str | None = None
    status: str | None = None


class _LenientPhone(msgspec.Struct, gc=False):
    id: int | float | str
    display_phone_number: str | None = None
    verified_name: str | None = None


class _LenientSend(msgspec.Struct, gc=False):
    id: str | int
    status: str
    template: _LenientTemplate
    phone_number: _LenientPhone
    total_recipients: int | float | str
    sent_count: int | float | str
    delivered_count: int | float | str
    read_count: int | float | str
    failed_count: int | float | str
    pending_count: int | float | str
    created_at: str
    progress_percentage: float | str | None = None
    completed_at: str | None = None


class _LenientPage(msgspec.Struct, gc=False):
    count: int | float | str
    results: list[_LenientSend]
    next: str | None = None


_PAGE = msgspec.json.Decoder(_Page)
_LENIENT_PAGE = msgspec.json.Decoder(_LenientPage)
_STATUSES: dict[str, Status] = {status.value: status for status in Status}


def decode_bulk_send_page(body: bytes) -> tuple[int, bool, tuple[BulkSend, ...]]:
    """One page of ``meta-templates/bulk-sends/`` from the response's bytes: the list's
    ``count``, whether a ``next`` page exists, and the page's sends."""
    try:
        page = _PAGE.decode(body)
    except msgspec.ValidationError:
        lenient = _LENIENT_PAGE.decode(body)  # raises again if the shape itself is wrong
        page = _Page(_whole(lenient.count), list(map(_firm, lenient.results)), lenient.next)
    if page.count < 0:
        raise ValueError("count must be a whole number")
    return page.count, page.next is not None, tuple(map(_send, page.results))


def bulk_send_from_api(data: Any) -> BulkSend:
    """One send from already-decoded JSON (the detail endpoint's answer, say)."""
    return _send(_firm(msgspec.convert(data, _LenientSend)))


def _firm(wire: _LenientSend) -> _Send:
    """The record as the fast reading has it, or the reason it cannot be: ``3.0`` is 3
    and ``3.5`` fails, timestamps are whatever ISO 8601 Python reads, statuses ours."""
    template, phone = wire.template, wire.phone_number
    completed = wire.completed_at
    return _Send(
        id=wire.id,
        status=_status(wire.status),
        template=_Template(
            _whole(template.id), template.template_name, template.language, template.status
        ),
        phone_number=_Phone(_whole(phone.id), phone.display_phone_number, phone.verified_name),
        total_recipients=_whole(wire.total_recipients),
        sent_count=_whole(wire.sent_count),
        delivered_count=_whole(wire.delivered_count),
        read_count=_whole(wire.read_count),
        failed_count=_whole(wire.failed_count),
        pending_count=_whole(wire.pending_count),
        created_at=parse_timestamp(wire.created_at),
        progress_percentage=wire.progress_percentage,
        completed_at=None if completed is None else parse_timestamp(completed),
    )


def _send(wire: _Send) -> BulkSend:
    completed = wire.completed_at
    send = BulkSend(
        _id(wire.id),
        wire.status,
        _template_ref(wire.template),
        _phone_ref(wire.phone_number),
        wire.total_recipients,
        wire.sent_count,
        wire.delivered_count,
        wire.read_count,
        wire.failed_count,
        wire.pending_count,
        _percentage(wire.progress_percentage),
        _utc(wire.created_at),
        None if completed is None else _utc(completed),
    )
    check_counts(send)
    return send


def _utc(moment: datetime) -> datetime:
    """Aware and in UTC (as msgspec reads a ``Z``: no work); no offset means UTC."""
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _template_ref(wire: _Template) -> TemplateRef:
    return _shared_template(
        wire.id, wire.template_name or "", wire.language or "", wire.status or ""
    )


def _phone_ref(wire: _Phone) -> PhoneNumberRef:
    return _shared_phone(wire.id, wire.display_phone_number or "", wire.verified_name or "")


#: A handful of templates and numbers recur across thousands of sends: one object each.
_shared_template = lru_cache(maxsize=4096)(TemplateRef)
_shared_phone = lru_cache(maxsize=1024)(PhoneNumberRef)


def _id(value: str | int) -> str:
    """A record's id: non-empty text or a whole number (never null, empty or a boolean)."""
    if isinstance(value, int):
        return str(value)
    if not value:
        raise ValueError("id must be non-empty text or a whole number")
    return value


def _whole(value: int | float | str) -> int:
    """``3.0`` is a whole number, ``3.5`` is not (truncating would change a count); so are
    ``"3"`` and ``"3.00"`` (Django REST Framework writes decimals as text)."""
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        if WHOLE_TEXT.fullmatch(value) is None:
            raise ValueError(f"expected a whole number, got {value[:40]!r}")
        return int(value.partition(".")[0])
    if value.is_integer():
        return int(value)
    raise ValueError(f"expected a whole number, got {value!r}")


def _status(value: str) -> Status:
    """One of ours, in any case and spacing (``completed``, `` PARTIAL``): the same word."""
    status = _STATUSES.get(value) or _STATUSES.get(value.strip().upper())
    if status is None:
        raise UnknownStatusError(value)
    return status


def _percentage(value: float | str | None) -> float:
    """Numbers, or the decimal strings Django REST Framework sends by default; none is 0.
    Not a number (``"NaN"``, ``"inf"``) is no percentage."""
    percentage = 0.0 if value is None else float(value)
    if not math.isfinite(percentage):
        raise ValueError(f"expected a percentage, got {str(value)[:40]!r}")
    return percentage


def check_counts(send: BulkSend) -> None:
    """The API's own arithmetic: nothing negative or absurdly large, each stage of a
    message (sent, delivered, read) at most the one before it, no more messages sent,
    failed and pending than recipients (each message is one of them), and a progress
    between 0 and 100 %."""
    recipients, sent, delivered, read = (
        send.total_recipients,
        send.sent_count,
        send.delivered_count,
        send.read_count,
    )
    failed, pending = send.failed_count, send.pending_count
    if (
        0 <= read <= delivered <= sent <= recipients <= MAX_COUNT
        and 0 <= failed <= recipients
        and 0 <= pending <= recipients
        and sent + failed + pending <= recipients
        and 0.0 <= send.progress_percentage <= 100.0 + _ROUNDING
    ):
        return
    _refuse(send)


#: How far past 100 % a progress may be from a float's rounding alone.
_ROUNDING = 1e-6


def _refuse(send: BulkSend) -> None:
    """The first broken rule, in the order a person would check them."""
    name = send.id[:40]
    counts = {
        "recipients": send.total_recipients,
        "sent": send.sent_count,
        "delivered": send.delivered_count,
        "read": send.read_count,
        "failed": send.failed_count,
        "pending": send.pending_count,
    }
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
    pairs: Sequence[tuple[str, str]] = (
        ("sent", "recipients"),
        ("delivered", "sent"),
        ("read", "delivered"),
        ("failed", "recipients"),
        ("pending", "recipients"),
    )
    for later, earlier in pairs:
        if counts[later] > counts[earlier]:
            raise InvariantError(
                f"Mindo reported bulk send {name} with more {_COUNTED[later]} "
                f"({counts[later]}) than {_COUNTED[earlier]} ({counts[earlier]})",
                send_id=name,
            )
    outcomes = send.sent_count + send.failed_count + send.pending_count
    if outcomes > send.total_recipients:
        raise InvariantError(
            f"Mindo reported bulk send {name} with more messages sent, failed and pending "
            f"({outcomes}) than recipients ({send.total_recipients})",
            send_id=name,
        )
    raise InvariantError(
        f"Mindo reported bulk send {name} with a progress of {send.progress_percentage:g} %",
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


# --- Writing ---------------------------------------------------------------------------


class _TemplateShape(msgspec.Struct, gc=False, rename={"name": "template_name"}):
    id: int
    name: str
    language: str
    status: str


class _PhoneShape(msgspec.Struct, gc=False):
    id: int
    display_phone_number: str
    verified_name: str


class ApiShape(msgspec.Struct, gc=False):
    """A send as the list endpoint writes it, for msgspec to encode (in C: timestamps,
    enums, nesting). ``ask --format json`` writes 100,000 of these in a blink."""

    id: str
    status: Status
    template: _TemplateShape
    phone_number: _PhoneShape
    total_recipients: int
    sent_count: int
    delivered_count: int
    read_count: int
    failed_count: int
    pending_count: int
    progress_percentage: float
    created_at: datetime
    completed_at: datetime | None


def api_shape(send: BulkSend) -> ApiShape:
    """``send`` in the API's shape; timestamps in UTC to the second, as the API writes them."""
    return ApiShape(
        send.id,
        send.status,
        _template_shape(send.template),
        _phone_shape(send.phone_number),
        send.total_recipients,
        send.sent_count,
        send.delivered_count,
        send.read_count,
        send.failed_count,
        send.pending_count,
        send.progress_percentage,
        _to_the_second(send.created_at),
        None if send.completed_at is None else _to_the_second(send.completed_at),
    )


def bulk_send_to_api(send: BulkSend) -> dict[str, Any]:
    """The send as the list endpoint writes it, as plain JSON data (a dict)."""
    data: dict[str, Any] = msgspec.to_builtins(api_shape(send))
    return data


@lru_cache(maxsize=4096)
def _template_shape(template: TemplateRef) -> _TemplateShape:
    return _TemplateShape(template.id, template.name, template.language, template.status)


@lru_cache(maxsize=1024)
def _phone_shape(phone: PhoneNumberRef) -> _PhoneShape:
    return _PhoneShape(phone.id, phone.display_phone_number, phone.verified_name)


def _to_the_second(moment: datetime) -> datetime:
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.replace(microsecond=0) if moment.microsecond else moment
