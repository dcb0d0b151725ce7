"""Raw text → tokens: words as typed, plus the accent-free lower-case form used for lookups."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

# Numeric dates stay whole so "3/11/2025" is one token, never "3", "11", "2025".
_TOKEN = re.compile(
    r"""
    (?P<date>
        [0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}
      | [0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}
      | [0-9]{1,2}/[0-9]{1,2}
    )(?![\w/])
  | (?P<word>\w+(?:['’]\w+)*°?)
  | (?P<dash>[-–—])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    text: str  # as typed
    norm: str  # lower case, accents and compatibility forms folded
    kind: Literal["word", "date", "dash"] = "word"


def normalize(word: str) -> str:
    """Fold case, accents and look-alikes, so "Sábado", "sabado" and "ＳＡＢＡＤＯ" meet."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokenize(text: str) -> list[Token]:
    """Words, numeric dates and dashes; other punctuation and symbols only separate them.

    Slack sends ``&``, ``<`` and ``>`` in slash-command text as entities; they are read
    as the characters, so "failed &amp; partial" has no word "amp".
    """
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "dash":
            tokens.append(Token(match.group(), "-", "dash"))
        elif match.lastgroup == "date":
            tokens.append(Token(match.group(), match.group(), "date"))
        else:
            tokens.append(Token(match.group(), normalize(match.group())))
    return tokens
