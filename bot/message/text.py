"""Text from outside (Mindo's records, the user's own words) made safe for Slack and cut to fit.

Escaping ``&``, ``<`` and ``>`` stops mentions (``<!channel>``), links and date tokens. In
``plain_text`` objects nothing else formats, which is why messages put names there. In
``mrkdwn`` a zero-width joiner on each side of ``*``, ``~`` and `````` leaves the text looking
the same but stops it from opening or closing bold, strikes or code. An ``_`` between two
letters or digits cannot open or close italics, so ``welcome_message`` is left alone (and
still pastes back into a question); any other ``_`` is neutralised like the rest.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable

ZWJ = "\u200d"
ELLIPSIS = "…"

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_FORMATTING = frozenset("*_~`")
# Bidi embeddings, overrides and isolates can make a name display as something else.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape(text: str) -> str:
    """For ``plain_text`` objects."""
    return "".join(_pieces(text, mrkdwn=False))


def unescape(text: str) -> str:
    """Text made for Slack, back to what it says (for a terminal, a table cell)."""
    for raw, entity in _ENTITIES.items():
        if raw != "&":
            text = text.replace(entity, raw)
    return text.replace(ZWJ, "").replace(_ENTITIES["&"], "&")


def _pieces(text: str, *, mrkdwn: bool) -> list[str]:
    """``text`` escaped, one piece per character, so that it can be cut between any two."""
    pieces = []
    for i, ch in enumerate(text):
        if ch in _ENTITIES:
            pieces.append(_ENTITIES[ch])
        elif mrkdwn and ch in _FORMATTING and not (ch == "_" and _inside_word(text, i)):
            pieces.append(f"{ZWJ}{ch}{ZWJ}")
        else:
            pieces.append(ch)
    return pieces


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def one_line(text: str) -> str:
    """Line breaks and control characters become single spaces; bidi controls vanish."""
    kept = []
    for ch in text:
        if ch in _BIDI_CONTROLS:
            continue
        kept.append(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch)
    return " ".join("".join(kept).split())


def json_length(text: str) -> int:
    """Characters ``text`` takes inside JSON (ASCII-escaped, as the most common serialiser)."""
    return len(json.dumps(text)) - 2


def untrusted(
    text: str, limit: int, *, mrkdwn: bool = False, measure: Callable[[str], int] = len
) -> str:
    """One line of outside text, escaped, cut with "…" so that ``measure(result) <= limit``.

    Cutting happens between characters of the original text, so an entity or a neutralised
    ``*`` is never split.
    """
    pieces = _pieces(one_line(text), mrkdwn=mrkdwn)
    full = "".join(pieces)
    if measure(full) <= limit:
        return full
    budget = limit - measure(ELLIPSIS)
    kept: list[str] = []
    for piece in pieces:
        cost = measure(piece)
        if cost > budget:
            break
        kept.append(piece)
        budget -= cost
    return "".join(kept) + ELLIPSIS
