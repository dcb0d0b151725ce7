"""Tokens → lexemes: known phrases (longest first), numbers, dates, template names, other words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.query.dates import Calendar
from bot.query.model import Language
from bot.query.text import Token, tokenize
from bot.query.vocabulary import LEXICON, LONGEST_PHRASE, SPELLINGS, Entry, Kind
from bot.status import Status

_ORDINAL = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th|o|a|er|ero|ro|ra|do|da|to|ta|°)")
_TEMPLATE_NAME = re.compile(r"[a-z0-9_]*[a-z0-9][a-z0-9_]*")
_MAX_DIGITS = 9  # longer digit strings are not numbers anyone means here


@dataclass(frozen=True)
class Lexeme:
    kind: Kind
    text: str  # as typed; words of a phrase joined by spaces
    norm: str
    langs: frozenset[Language] = frozenset()
    tag: str = ""
    number: int = 0
    statuses: frozenset[Status] = frozenset()
    ambiguous: bool = False
    date: Calendar | None = None

    @property
    def is_year(self) -> bool:
        return self.kind is Kind.NUMBER and len(self.norm) == 4 and self.number >= 1000


def template_name(text: str) -> str | None:
    """The Meta template name this word could be (lower-case letters, digits, underscores)."""
    name = text.lower()
    return name if _TEMPLATE_NAME.fullmatch(name) else None


def _numeric_date(text: str) -> Calendar:
    """Day first (3/11 is 3 November), except ISO 2025-11-03; "25" as a year is 2025."""
    first, second, *rest = re.split(r"[-/.]", text)
    if len(first) == 4:
        return Calendar(int(rest[0]), int(second), int(first))
    year = int(rest[0]) if rest else None
    if rest and len(rest[0]) == 2 and year is not None:
        year += 2000
    return Calendar(int(first), int(second), year)


def _single(token: Token) -> Lexeme:
    text, norm = token.text, token.norm
    if token.kind == "date":
        return Lexeme(Kind.NUMERIC_DATE, text, norm, date=_numeric_date(text))
    if token.kind == "dash":
        return Lexeme(Kind.DASH, text, norm)
    if norm.isascii() and norm.isdigit() and len(norm) <= _MAX_DIGITS:
        return Lexeme(Kind.NUMBER, text, norm, number=int(norm))
    ordinal = _ORDINAL.fullmatch(norm)
    if ordinal and 1 <= int(ordinal.group(1)) <= 31:
        return Lexeme(Kind.ORDINAL, text, norm, number=int(ordinal.group(1)))
    name = template_name(text)
    if name and (
        "_" in name or (any(c.isdigit() for c in name) and any(c.isalpha() for c in name))
    ):
        return Lexeme(Kind.TEMPLATE, text, norm)
    return Lexeme(Kind.WORD, text, norm)


def _known(tokens: list[Token], entry: Entry) -> Lexeme:
    spelled = tuple(token.text.lower() for token in tokens)
    return Lexeme(
        entry.kind,
        " ".join(token.text for token in tokens),
        " ".join(token.norm for token in tokens),
        langs=SPELLINGS.get(spelled, entry.langs),
        tag=entry.tag,
        number=entry.number,
        statuses=entry.statuses,
        ambiguous=entry.ambiguous,
    )


def lex(text: str) -> list[Lexeme]:
    tokens = tokenize(text)
    lexemes: list[Lexeme] = []
    i = 0
    while i < len(tokens):
        for size in range(min(LONGEST_PHRASE, len(tokens) - i), 0, -1):
            entry = LEXICON.get(tuple(token.norm for token in tokens[i : i + size]))
            if entry is not None:
                lexemes.append(_known(tokens[i : i + size], entry))
                i += size
                break
        else:
            lexemes.append(_single(tokens[i]))
            i += 1
    return lexemes
