"""Raw text → tokens: words as typed, plus the accent-free lower-case form used for lookups."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from bot.locale.normalize import (
    SLACK_MARKUP,
    composed,
    fold,
    is_emoji,
    markup_as_shown,
    unescape,
    without_decoration,
)

# A send's id is a UUID, read before anything else so that no part of it is a date. A phone
# number with its country code ("+54 9 223 675-0780") stays whole. Numeric dates stay whole
# so "3/11/2025" is one token, never "3", "11", "2025"; so does "3-11" with no spaces around
# its dash ("3 - 11" is a range of two numbers). Times ("9:30") stay whole too, so they are
# named back as typed rather than as two numbers. A word in backticks is a name. "%" is a
# word ("delivery %", "what % failed"), never dropped; other ASCII marks only separate words.
_TOKEN = re.compile(
    r"""
    (?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])
  | (?P<phone>\+[\s(]*[0-9](?:[\s().-]{0,2}[0-9]){6,})(?![\w/])
  | `(?P<code>[^`\s]+)`
  | (?P<date>
        [0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}
      | [0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}
      | [0-9]{1,2}[/-][0-9]{1,2}
    )(?![\w/])
  | (?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ap]m)?)(?!\w)
  | (?P<word>\w+(?:['’]\w+)*°?|%)
  | (?P<dash>[-–—])
  | (?P<other>[^\w\s\x00-\x7f]+)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# "nº" (número) folds to "no", a negation: it is read as the word it stands for.
_NUMERO_SIGNS = frozenset({"nº", "n°"})
_NUMERO = "numero"

TokenKind = Literal["word", "date", "dash", "symbol", "slack", "uuid", "phone", "code"]
#: The most digits a phone number has (E.164).
MAX_PHONE_DIGITS = 15


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
    Emoji and shortcodes (``:eyes:``) are not words and are left out, like Slack's
    formatting marks (``*failed*``, ``_yesterday_``, ``~x~``); other symbols (``€``, ``→``)
    are tokens, so they are named back, never dropped.
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
    text = without_decoration(unescape(text))
    for match in _TOKEN.finditer(text):
        found = match.group()
        if match.lastgroup == "uuid":
            yield Token(found, found.lower(), "uuid")
        elif match.lastgroup == "phone":
            yield from _phone(found)
        elif match.lastgroup == "code":
            name = match.group("code")
            yield Token(name, fold(name), "code")
        elif match.lastgroup == "dash":
            glued = _solid(text, match.start() - 1) and _solid(text, match.end())
            yield Token(found, "-", "dash", glued)
        elif match.lastgroup == "date":
            yield Token(found, found, "date")
        elif match.lastgroup == "other":
            symbols = "".join(
                c for c in found if not unicodedata.category(c).startswith("P") and not is_emoji(c)
            )
            if any(unicodedata.category(c).startswith("S") for c in symbols):
                yield Token(symbols, symbols, "symbol")
        else:
            yield Token(found, _NUMERO if found.lower() in _NUMERO_SIGNS else fold(found))


def _solid(text: str, index: int) -> bool:
    return 0 <= index < len(text) and not text[index].isspace()


def _phone(found: str) -> Iterator[Token]:
    """A phone number as its digits; too many digits for one number are words to name back."""
    digits = "".join(c for c in found if c.isdigit())
    if len(digits) <= MAX_PHONE_DIGITS:
        yield Token(found.strip(), digits, "phone")
    else:
        yield from (Token(word, word) for word in re.findall(r"[0-9]+", found))
