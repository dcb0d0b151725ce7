"""A question (plus page, demo flag and maybe a send id) ↔ a button ``value``.

Buttons carry the whole question so that any replica of the app can serve a click without a
server-side session. The value is compact JSON with short keys, defaults left out, and a
version so that buttons from an older deployment fail cleanly instead of being misread.
Slack caps a button value at 2,000 characters; ``encode_state`` refuses to go over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.domain.dates import DateRange
from bot.domain.sends import Status
from bot.locale.languages import Language, language_of
from bot.query.model import BulkSendQuery, GroupBy, Metric, Order, Top
from bot.query.periods import Period, period_code, period_from_code

MAX_VALUE_LENGTH = 2000
_VERSION = 1
_STATUS_CODES: dict[Status, str] = {
    Status.QUEUED: "Q",
    Status.PROCESSING: "R",
    Status.COMPLETED: "C",
    Status.PARTIAL: "P",
    Status.FAILED: "F",
    Status.CANCELLED: "X",
}
_CODE_STATUSES = {code: status for status, code in _STATUS_CODES.items()}
_KEYS = frozenset("vsabtzdlrpmixgckfuw")


class StateError(ValueError):
    """A button value that this app did not write (or a version it no longer reads)."""


class StateTooLongError(StateError):
    """The state does not fit in a button value."""


@dataclass(frozen=True)
class ViewState:
    query: BulkSendQuery
    page: int = 0
    demo: bool = False
    #: Set on a "Details" button: the send it is about.
    send_id: str | None = None


def encode_state(
    query: BulkSendQuery, *, page: int = 0, demo: bool = False, send_id: str | None = None
) -> str:
    data: dict[str, Any] = {
        "v": _VERSION,
        "s": "".join(_STATUS_CODES[s] for s in query.ordered_statuses),
        "b": query.range.end.isoformat(),
        "z": query.timezone,
    }
    if query.range.start is not None:
        data["a"] = query.range.start.isoformat()
    if query.template is not None:
        data["t"] = query.template
    if query.default_range:
        data["d"] = 1
    if query.language != "en":
        data["l"] = query.language
    if query.period is not None:
        data["r"] = period_code(query.period)
    if query.written_in is not None:
        data["w"] = query.written_in
    data.update(_shape(query))
    if page:
        data["p"] = page
    if demo:
        data["m"] = 1
    if send_id is not None:
        data["i"] = send_id
    value = json.dumps(data, separators=(",", ":"))
    if len(value) > MAX_VALUE_LENGTH:
        raise StateTooLongError(
            f"state is {len(value)} characters; a button holds {MAX_VALUE_LENGTH}"
        )
    return value


def decode_state(value: str) -> ViewState:
    if len(value) > MAX_VALUE_LENGTH:
        raise StateError("button value too long")
    try:
        data = json.loads(value)
    except (ValueError, RecursionError) as exc:  # deep nesting fits in 2000 characters
        raise StateError("button value is not JSON") from exc
    if not isinstance(data, dict) or not data.keys() <= _KEYS or data.get("v") != _VERSION:
        raise StateError("button value is not a state of this version")
    query = BulkSendQuery(
        statuses=_statuses(data.get("s")),
        range=_range(data.get("a"), data.get("b")),
        template=_optional_text(data.get("t"), "t"),
        timezone=_timezone(data.get("z")),
        default_range=_flag(data.get("d"), "d"),
        language=_language(data.get("l", "en")),
        period=_period(data.get("r")),
        written_in=None if data.get("w") is None else _language(data.get("w")),
        metric=_choice(Metric, data.get("x"), "x"),
        group_by=_choice(GroupBy, data.get("g"), "g"),
        compare_to=None if data.get("c") is None else _pair(data.get("c")),
        top=_top(data.get("k")),
        phone_number=_digits(data.get("f")),
        send_id=_optional_text(data.get("u"), "u"),
    )
    page = data.get("p", 0)
    if type(page) is not int or page < 0:
        raise StateError("bad page")
    return ViewState(
        query=query,
        page=page,
        demo=_flag(data.get("m"), "m"),
        send_id=_optional_text(data.get("i"), "i"),
    )


def _shape(query: BulkSendQuery) -> dict[str, Any]:
    """The question's shape, each part only when asked (docs/query-language.md)."""
    data: dict[str, Any] = {}
    if query.metric is not None:
        data["x"] = query.metric.value
    if query.group_by is not None:
        data["g"] = query.group_by.value
    if query.compare_to is not None:
        start = query.compare_to.start
        data["c"] = [start.isoformat() if start else None, query.compare_to.end.isoformat()]
    if query.top is not None:
        data["k"] = [query.top.n, query.top.order.value]
    if query.phone_number is not None:
        data["f"] = query.phone_number
    if query.send_id is not None:
        data["u"] = query.send_id
    return data


_Choice = TypeVar("_Choice", Metric, GroupBy, Order)


def _choice(kind: type[_Choice], raw: Any, key: str) -> _Choice | None:
    if raw is None:
        return None
    try:
        return kind(raw)
    except ValueError as exc:
        raise StateError(f"bad {key}") from exc


def _pair(raw: Any) -> DateRange:
    if not isinstance(raw, list) or len(raw) != 2:
        raise StateError("bad comparison")
    return _range(raw[0], raw[1])


def _top(raw: Any) -> Top | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != 2 or type(raw[0]) is not int or raw[0] < 1:
        raise StateError("bad top")
    order = _choice(Order, raw[1], "k")
    if order is None:
        raise StateError("bad top")
    return Top(raw[0], order)


def _digits(raw: Any) -> str | None:
    if raw is not None and not (isinstance(raw, str) and raw.isascii() and raw.isdigit()):
        raise StateError("bad phone number")
    return raw


def _statuses(raw: Any) -> frozenset[Status]:
    if not isinstance(raw, str) or any(c not in _CODE_STATUSES for c in raw):
        raise StateError("bad statuses")
    return frozenset(_CODE_STATUSES[c] for c in raw)


def _range(start: Any, end: Any) -> DateRange:
    parsed_end = _date(end)
    parsed_start = None if start is None else _date(start)
    if parsed_start is not None and parsed_start > parsed_end:
        raise StateError("range starts after it ends")
    return DateRange(parsed_start, parsed_end)


def _date(raw: Any) -> date:
    if not isinstance(raw, str):
        raise StateError("bad date")
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise StateError("bad date") from exc


def _optional_text(raw: Any, key: str) -> str | None:
    if raw is not None and not isinstance(raw, str):
        raise StateError(f"bad {key}")
    return raw


def _period(raw: Any) -> Period | None:
    code = _optional_text(raw, "r")
    if code is None:
        return None
    try:
        return period_from_code(code)
    except ValueError as exc:
        raise StateError("bad period") from exc


def _timezone(raw: Any) -> str:
    if not isinstance(raw, str):
        raise StateError("bad time zone")
    try:
        ZoneInfo(raw)
    except (ValueError, KeyError, OSError) as exc:
        raise StateError("unknown time zone") from exc
    return raw


def _flag(raw: Any, key: str) -> bool:
    if raw is None:
        return False
    if type(raw) is not int or raw != 1:
        raise StateError(f"bad {key}")
    return True


def _language(raw: Any) -> Language:
    language = language_of(raw) if isinstance(raw, str) else None
    if language is None or language != raw:
        raise StateError("bad language")
    return language
