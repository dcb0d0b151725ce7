"""Raw text → tokens: words as typed, plus the accent-free lower-case form used for lookups."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from bot.locale.normalize import SLACK_MARKUP, composed, fold, markup_as_shown, unescape

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

TokenKind = Literal["word", "date", "dash", "symbol", "slack"]


@dataclass(frozen=True)
class Token:
    text: str  # as typed (Slack markup: as the user sees it)
    norm: str  # lower case, accents and compatibility forms folded
    kind: TokenKind = "word"
    glued: bool = False  # a dash with no space on either side: "3-nov", "segunda-feira"


def tokenize(text: str) -> list[Token]:
    """Words, numeric dates, dashes, symbols and Slack markup; punctuation only separates.

    Slack sends ``&``, ``<`` and ``>`` typed by the user as entities; they are read as the
    characters, so "failed &amp; partial" has no word "amp". A real ``<…>`` is Slack's own
    markup (a mention, a channel, a link): one token, shown the way Slack shows it.
    Emoji and other symbols are tokens too, so they are named back, never dropped.
    """
    text = composed(text)
    tokens: list[Token] = []
    position = 0
    for markup in SLACK_MARKUP.finditer(text):
        tokens += _plain_tokens(text[position : markup.start()])
        # Its norm is the markup itself, which no word we know can match.
        shown = markup_as_shown(markup.group(1), markup.group(2))
        tokens.append(Token(shown, markup.group().lower(), "slack"))
        position = markup.end()
    tokens += _plain_tokens(text[position:])
    return tokens


def _plain_tokens(text: str) -> Iterator[Token]:
    text = unescape(text)
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
            yield Token(found, fold(found))


def _solid(text: str, index: int) -> bool:
    return 0 <= index < len(text) and not text[index].isspace()
