"""Meta's WhatsApp error codes: reading the code out of an error text, and what kind of
trouble each documented code is.

Mindo records the error WhatsApp gave for each failed message as text, Meta's way:
``(#131026) Message undeliverable``. The code is what identifies the reason (Meta's titles
change and its details vary); this module finds it and sorts it into a ``Kind`` that
decides who can act on it. The words people read about each code are
``bot.message.reasons``'s. Codes are from Meta's "WhatsApp error codes" reference for the
Cloud API, plus the few On-Premises codes older accounts still report.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Kind(StrEnum):
    """Who can do something about a failure."""

    #: The person's number or choices: not on WhatsApp, opted out, another country.
    RECIPIENT = "recipient"
    #: Meta's limits on how much, how fast and to whom: wait, send less.
    LIMIT = "limit"
    #: The template or the values filled into it: fix the send.
    TEMPLATE = "template"
    #: The business account, its number, payment or access: whoever runs the account.
    ACCOUNT = "account"
    #: WhatsApp itself had a problem: try again later.
    WHATSAPP = "whatsapp"


_KINDS: dict[Kind, tuple[int | range, ...]] = {
    Kind.RECIPIENT: (131026, 131021, 131050, 130497, 1013, 1026),
    Kind.LIMIT: (4, 80007, 130429, 131048, 131049, 131056, 130472, 133016, 471),
    Kind.TEMPLATE: (
        100,
        131008,
        131009,
        131047,
        131051,
        131052,
        131053,
        132000,
        132001,
        132005,
        132007,
        132012,
        132015,
        132016,
        132068,
        132069,
        470,
        2000,
        2001,
    ),
    Kind.ACCOUNT: (
        0,
        3,
        10,
        33,
        190,
        range(200, 300),
        368,
        131005,
        131031,
        131037,
        131042,
        131045,
        131057,
        133010,
    ),
    Kind.WHATSAPP: (1, 2, 131000, 131016, 133004, 135000),
}


def _index() -> dict[int, Kind]:
    kinds: dict[int, Kind] = {}
    for kind, codes in _KINDS.items():
        for entry in codes:
            for code in entry if isinstance(entry, range) else (entry,):
                if kinds.setdefault(code, kind) is not kind:
                    raise ValueError(f"code {code} has two kinds")
    return kinds


_BY_CODE = _index()

#: Every code this module knows.
KNOWN_CODES: frozenset[int] = frozenset(_BY_CODE)

# "(#131026) Message undeliverable" is Meta's own spelling; Mindo and older integrations
# also write "#131026: …", "131026 - …", "Error 131026: …" or "code 131026". A phone number
# ("+54 9 11 …", seven digits and more) is never taken for a code.
_CODE = re.compile(
    r"\(#(\d{1,6})\)"
    r"|(?<![\w+])#(\d{1,6})\b"
    r"|^\s*(?:\(?(?:error|code|err|erro|código|codigo)\b\s*[#:]?\s*)?(\d{1,6})\)?\s*(?:[:\-–—]\s|$)",
    re.IGNORECASE,
)


def meta_error_code(text: str | None) -> int | None:
    """The Meta error code an error text carries, if any."""
    if not text:
        return None
    match = _CODE.search(text)
    if match is None:
        return None
    return int(next(group for group in match.groups() if group is not None))
