"""Raw text → tokens: words as typed, plus the accent-free lower-case form used for lookups."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

# Numeric dates stay whole so "3/11/2025" is one token, never "3", "11", "2025"; so does
# "3-11" with no spaces around its dash ("3 - 11" is a range of two numbers). Times
# ("9:30") stay whole too, so they are named back as typed rather than as two numbers.
_TOKEN = re.compile(
    r"""
    (?P<date>
        [0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}
      | [0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}
      | [0-9]{1,2}[/-][0-9]{1,2}
    )(?![\w/])
  | (?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ap]m)?)(?!\w)
  | (?P<word>\w+(?:['’]\w+)*°?)
  | (?P<dash>[-–—])
  | (?P<other>[^\w\s\x00-\x7f]+)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Slack's markup for mentions, channels, special commands and links: <@U123|jane>,
# <#C123|general>, <!here>, <https://example.com|the report>.
_SLACK_MARKUP = re.compile(r"<([@#!][^<>|\s]*|[a-z][a-z0-9+.-]*:[^<>|\s]*)(?:\|([^<>]*))?>", re.I)
_SPECIAL_MENTIONS = frozenset({"here", "channel", "everyone"})

TokenKind = Literal["word", "date", "dash", "symbol", "slack"]


@dataclass(frozen=True)
class Token:
    text: str  # as typed (Slack markup: as the user sees it)
    norm: str  # lower case, accents and compatibility forms folded
    kind: TokenKind = "word"
    glued: bool = False  # a dash with no space on either side: "3-nov", "segunda-feira"


def normalize(word: str) -> str:
    """Fold case, accents and look-alikes, so "Sábado", "sabado" and "ＳＡＢＡＤＯ" meet."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokenize(text: str) -> list[Token]:
    """Words, numeric dates, dashes, symbols and Slack markup; punctuation only separates.

    Slack sends ``&``, ``<`` and ``>`` typed by the user as entities; they are read as the
    characters, so "failed &amp; partial" has no word "amp". A real ``<…>`` is Slack's own
    markup (a mention, a channel, a link): one token, shown the way Slack shows it.
    Emoji and other symbols are tokens too, so they are named back, never dropped.
    """
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    tokens: list[Token] = []
    position = 0
    for markup in _SLACK_MARKUP.finditer(text):
        tokens += _plain_tokens(text[position : markup.start()])
        # Its norm is the markup itself, which no word we know can match.
        shown = _as_shown(markup.group(1), markup.group(2))
        tokens.append(Token(shown, markup.group().lower(), "slack"))
        position = markup.end()
    tokens += _plain_tokens(text[position:])
    return tokens


def _plain_tokens(text: str) -> Iterator[Token]:
    text = _entities(text)
    for match in _TOKEN.finditer(text):
        found = match.group()
        if match.lastgroup == "dash":
            glued = _solid(text, match.start() - 1) and _solid(text, match.end())
            yield Token(found, "-", "dash", glued)
        elif match.lastgroup == "date":
            yield Token(found, found, "date")
        elif match.lastgroup == "other":
            symbols = "".join(c for c in found if not unicodedata.category(c).startswith("P"))
            if any(unicodedata.category(c).startswith("S") for c in symbols):
                yield Token(symbols, symbols, "symbol")
        else:
            yield Token(found, normalize(found))


def _solid(text: str, index: int) -> bool:
    return 0 <= index < len(text) and not text[index].isspace()


def _entities(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _as_shown(target: str, label: str | None) -> str:
    """What the user saw in Slack: @jane, #general, @here, the link's text or address."""
    label = _entities(label) if label else None
    sigil, name = target[0], target[1:]
    if sigil == "!":
        command = name.split("^", 1)[0].lower()
        if command in _SPECIAL_MENTIONS:
            return f"@{command}"
        return label or name
    if sigil in "@#":
        if label:
            return label if label.startswith(sigil) else f"{sigil}{label}"
        return target
    return label or _entities(target)
