"""Tokens → lexemes: known phrases (longest first), numbers, dates, template names, other words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.sends import Status
from bot.locale.choice import Clue, word_clue
from bot.locale.languages import Language
from bot.query.dates import Calendar
from bot.query.text import Token, tokenize
from bot.query.vocabulary import (
    GLUED_UNITS,
    HOUR_WORDS,
    LEXICON,
    LONGEST_FROM,
    ORDINAL_SUFFIXES,
    SPELLINGS,
    Entry,
    Kind,
)

_ORDINAL = re.compile(
    r"([0-9]{1,2})(?:" + "|".join(re.escape(suffix) for suffix in ORDINAL_SUFFIXES) + ")"
)
_HOURS_A_DAY = 24
_TEMPLATE_NAME = re.compile(r"[a-z0-9_]*[a-z0-9][a-z0-9_]*")
# Without an underscore, a template name is letters then digits: promo2, not 3pm or ab2.
_PLAIN_TEMPLATE = re.compile(r"[a-z]{3,}[0-9][a-z0-9]*")
_GLUED = re.compile(r"([0-9]{1,4})([a-z]+)|([a-z]+)([0-9]{1,4})")
_NO_CLUE = Clue(frozenset())
_MAX_DIGITS = 9  # longer digit strings are not numbers anyone means here


@dataclass(frozen=True)
class Lexeme:
    kind: Kind
    text: str  # as typed; words of a phrase joined by spaces
    norm: str
    #: What the word says about the language it is written in (a known word only).
    clue: Clue = _NO_CLUE
    tag: str = ""
    number: int = 0
    statuses: frozenset[Status] = frozenset()
    ambiguous: bool = False
    needs_number: bool = False
    date: Calendar | None = None
    glued: bool = False  # a dash with no space around it: "3-nov"
    dashed: bool = False  # a numeric date written "3-9": maybe days 3 to 9 ("3-9 nov")
    whole: str = ""  # the word as typed when it was split in two ("15days" → 15, days)
    weekday: int | None = None  # a month's name that is also a weekday's ("mar")
    in_the: frozenset[Language] = frozenset()  # a negation that is "in the" there ("no")

    @property
    def langs(self) -> frozenset[Language]:
        """The languages that write the word this way; else every language that has it."""
        return self.clue.spelled or self.clue.languages

    @property
    def is_year(self) -> bool:
        return self.kind is Kind.NUMBER and len(self.norm) == 4 and self.number >= 1000

    @property
    def typed(self) -> str:
        """The word to name back to the user: what they typed, split or not."""
        return self.whole or self.text


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


def _single(token: Token) -> list[Lexeme]:
    text, norm = token.text, token.norm
    if token.kind == "date":
        dashed = text.count("-") == 1
        return [Lexeme(Kind.NUMERIC_DATE, text, norm, date=_numeric_date(text), dashed=dashed)]
    if token.kind == "dash":
        return [Lexeme(Kind.DASH, text, norm, glued=token.glued)]
    if token.kind in ("symbol", "slack"):
        return [Lexeme(Kind.SYMBOL, text, norm)]
    if token.kind == "uuid":
        return [Lexeme(Kind.SEND_ID, text, norm)]
    if token.kind == "phone":
        return [Lexeme(Kind.PHONE, text, norm)]
    if token.kind == "code":  # `promo`: a name, whatever it looks like
        kind = Kind.TEMPLATE if template_name(text) else Kind.WORD
        return [Lexeme(kind, text, norm)]
    if norm.isascii() and norm.isdigit() and len(norm) <= _MAX_DIGITS:
        return [Lexeme(Kind.NUMBER, text, norm, number=int(norm))]
    ordinal = _ORDINAL.fullmatch(norm)
    if ordinal and 1 <= int(ordinal.group(1)) <= 31:
        return [Lexeme(Kind.ORDINAL, text, norm, number=int(ordinal.group(1)))]
    glued = _GLUED.fullmatch(norm)
    if glued:
        return _split(text, glued)
    name = template_name(text)
    if name and ("_" in name or _PLAIN_TEMPLATE.fullmatch(name)):
        return [Lexeme(Kind.TEMPLATE, text, norm)]
    return [Lexeme(Kind.WORD, text, norm)]


def _split(text: str, glued: re.Match[str]) -> list[Lexeme]:
    """A number stuck to a unit or a month ("15days", "7d", "3nov", "nov3") is two words.

    So is a whole number of days in hours ("48h", "24hs"), which "last" makes days.
    Anything else with a number stuck to it (3pm, 15h, promo2) is one word: a template
    when it looks like one, else a word to name back.
    """
    digits, letters = (glued.group(1), glued.group(2)) if glued.group(1) else glued.group(4, 3)
    number = Lexeme(Kind.NUMBER, digits, digits, number=int(digits), whole=text)
    entry = LEXICON.get((letters,))
    unit_first = not glued.group(1)  # "days15" is no count of days
    word: Lexeme | None = None
    if letters in GLUED_UNITS and not unit_first:
        word = Lexeme(Kind.UNIT, letters, letters, tag=GLUED_UNITS[letters], whole=text)
    elif entry is not None and (
        entry.kind is Kind.MONTH or (entry.kind is Kind.UNIT and not unit_first)
    ):
        word = _from_entry(letters, letters, entry, _clue(letters, (letters,)), whole=text)
    elif letters in HOUR_WORDS and not unit_first and int(digits) % _HOURS_A_DAY == 0 < int(digits):
        word = Lexeme(Kind.WORD, letters, letters, whole=text)  # "last 48h": whole days
    if word is not None:
        return [number, word] if glued.group(1) else [word, number]
    if _PLAIN_TEMPLATE.fullmatch(text.lower()):
        return [Lexeme(Kind.TEMPLATE, text, text.lower())]
    return [Lexeme(Kind.WORD, text, text.lower())]


def _clue(typed: str, key: tuple[str, ...]) -> Clue:
    return word_clue(typed, SPELLINGS.get(key, {}))


def _from_entry(text: str, norm: str, entry: Entry, clue: Clue, whole: str = "") -> Lexeme:
    return Lexeme(
        entry.kind,
        text,
        norm,
        clue=clue,
        tag=entry.tag,
        number=entry.number,
        statuses=entry.statuses,
        ambiguous=entry.ambiguous,
        needs_number=entry.needs_number,
        whole=whole,
        weekday=entry.weekday,
        in_the=entry.in_the,
    )


def _known(tokens: list[Token], entry: Entry) -> Lexeme:
    typed = " ".join(token.text for token in tokens)
    key = tuple(token.norm for token in tokens)
    return _from_entry(typed, " ".join(key), entry, _clue(typed, key))


def _without_possessive(token: Token) -> Token:
    """ "yesterday's", "week's": the word we know, without its possessive; "promo_v2's": the
    template's name without it (a name has no apostrophe)."""
    norm = token.norm
    if not norm.endswith("'s") or (norm,) in LEXICON:
        return token
    if (norm[:-2],) in LEXICON:
        return Token(token.text, norm[:-2], token.kind, token.glued)
    name = template_name(token.text[:-2])
    if token.kind == "word" and name and "_" in name:
        return Token(token.text[:-2], norm[:-2], token.kind, token.glued)
    return token


def lex(text: str) -> list[Lexeme]:
    tokens = [_without_possessive(token) for token in tokenize(text)]
    lexemes: list[Lexeme] = []
    i = 0
    while i < len(tokens):
        longest = LONGEST_FROM.get(tokens[i].norm, 0)
        for size in range(min(longest, len(tokens) - i), 0, -1):
            entry = LEXICON.get(tuple(token.norm for token in tokens[i : i + size]))
            if entry is not None:
                lexemes.append(_known(tokens[i : i + size], entry))
                i += size
                break
        else:
            lexemes += _single(tokens[i])
            i += 1
    return lexemes
