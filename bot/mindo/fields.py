"""Reading and writing the Mindo API's JSON values, shared by every record.

Readers are strict where a wrong value would silently change an answer (ids, counts,
timestamps, flags) and raise ``TypeError``/``ValueError``, which the client turns into
``UnreadableResponseError``. ``ApiRecord.to_api`` writes a record back in the API's
shape: the fake serves the demo data with it. (The bulk send itself, the one record read
by the thousand, has its own faster reader and writer in ``bot.mindo.sends``.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import Field, fields
from datetime import UTC, datetime
from enum import Enum
from typing import Any, ClassVar

JSON = dict[str, Any]


def parse_timestamp(value: Any) -> datetime:
    """Mindo timestamps are ISO 8601 UTC with a ``Z``; always return an aware UTC datetime."""
    if not isinstance(value, str):
        raise TypeError(f"timestamp must be a string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)  # reads the "Z" since Python 3.11
    if parsed.tzinfo is UTC:
        return parsed
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_optional_timestamp(value: Any) -> datetime | None:
    return None if value is None else parse_timestamp(value)


def format_timestamp(value: datetime | None) -> str | None:
    """Whole seconds in UTC with a ``Z``, as the API writes them."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds")[:-6] + "Z"


#: A whole number written as text: digits, perhaps a sign and zero decimals.
WHOLE_TEXT = re.compile(r"[+-]?[0-9]{1,30}(\.0{1,10})?")


def read_int(value: Any) -> int:
    """A whole number; ``3.0`` is one, ``3.5`` is not (truncating would change a count), and
    so are ``"3"`` and ``"3.00"`` (Django REST Framework writes decimals as text)."""
    if isinstance(value, str) and WHOLE_TEXT.fullmatch(value):
        return int(value.partition(".")[0])
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a whole number, got {str(value)[:40]!r}")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(value)


def read_optional_int(value: Any) -> int | None:
    return None if value is None else read_int(value)


def read_optional_float(value: Any) -> float | None:
    """Numbers, or the decimal strings Django REST Framework sends by default."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def read_bool(value: Any, default: bool) -> bool:
    """``true``/``false`` as JSON booleans or text; ``bool("false")`` would be True."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise TypeError(f"expected true or false, got {value!r}")


def read_text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def read_optional_text(value: Any) -> str | None:
    return None if value is None else read_text(value)


def read_labels(value: Any) -> tuple[str, ...]:
    """A list of labels; items given as objects contribute their ``name`` (lenient on purpose)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return tuple(
        read_text(item.get("name") or item.get("display") or "")
        if isinstance(item, dict)
        else read_text(item)
        for item in value
    )


class ApiRecord:
    """For frozen dataclasses: ``to_api`` writes each field under its API name.

    Names are the field names, in camelCase when ``camel_case`` is set, except those
    renamed in ``api_names``. Values become JSON: records nest, timestamps get their
    ``Z``, enums their value, tuples become lists.
    """

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    api_names: ClassVar[Mapping[str, str]] = {}
    camel_case: ClassVar[bool] = False

    def to_api(self) -> JSON:
        return {self._api_name(f.name): _api_value(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def _api_name(cls, name: str) -> str:
        if name in cls.api_names:
            return cls.api_names[name]
        if not cls.camel_case:
            return name
        first, *rest = name.split("_")
        return first + "".join(word[:1].upper() + word[1:] for word in rest)


def _api_value(value: Any) -> Any:
    if isinstance(value, ApiRecord):
        return value.to_api()
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_api_value(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _api_value(item) for key, item in value.items()}
    return value
