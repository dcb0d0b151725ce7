"""Where each word of a question goes: a status, a template, a date phrase, filler, or
unplaced (named back later). Runs of unplaced words get one more reading, by dateparser
("the 1st of this month"), before the parser gives up on them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from bot.domain.sends import Status
from bot.locale.languages import Language
from bot.query import freeform
from bot.query.dates import DateError, DateReading, DateRules, How
from bot.query.lexer import Lexeme, lex, template_name
from bot.query.phrases import DateSyntax
from bot.query.shape_words import RECIPIENT_WORDS
from bot.query.vocabulary import (
    CONNECTORS,
    COUNTED,
    HOUR_WORDS,
    NUMBER_WORDS,
    SEND_SUBJECTS,
    SEND_VERBS,
    Kind,
    Prep,
)

_HOW_BEFORE_FREEFORM = {
    Prep.SINCE: How.SINCE,
    Prep.UNTIL: How.UNTIL,
    Prep.BEFORE: How.BEFORE,
    Prep.AFTER: How.AFTER,
}
_COUNTING_ARTICLES = CONNECTORS.counting_articles  # "a week ago"
_ARTICLES = CONNECTORS.articles
_NEVER_FREEFORM = (Kind.TEMPLATE_WORD, Kind.NEGATION, Kind.SYMBOL)


@dataclass(frozen=True)
class DatePhrase:
    reading: DateReading
    start: int  # lexeme indices [start, end)
    end: int
    words: str  # as typed


@dataclass
class Parts:
    """What each word of a question turned out to be, gathered left to right."""

    statuses: set[Status] = field(default_factory=set)
    templates: list[str] = field(default_factory=list)
    dates: list[DatePhrase] = field(default_factory=list)
    help: list[int] = field(default_factory=list)
    unplaced: list[int] = field(default_factory=list)  # lexemes that fit nowhere


#: A name the lexer reads back as it is: lowercase letters, digits and underscores.
_PLAIN_NAME = re.compile(r"[a-z0-9_]+")


def names_as_typed(templates: Collection[str]) -> dict[str, str]:
    """The account's template names (lower case) by how a question's words read them.

    Most read as themselves. A name with an emoji or a symbol (``promo_navideña_🎄``, as
    Mindo may send) reads as its word alone (``promo_navideña``), so that word names it,
    as long as it names no other template.
    """
    names = {name: name for name in templates}
    read: dict[str, set[str]] = {}
    for name in templates:
        if _PLAIN_NAME.fullmatch(name) is None and len(found := lex(name)) == 1:
            read.setdefault(found[0].text.lower(), set()).add(name)
    for word, meant in read.items():
        if len(meant) == 1 and word not in names:
            names[word] = next(iter(meant))
    return names


def place(
    lexemes: list[Lexeme],
    templates: Mapping[str, str],
    used: set[int],
    years_at: Collection[int] = (),
) -> Parts:
    """What each word not read as a shape word is: a status, a template, a date, filler…

    ``years_at``: the lexemes on either side of a comparison word, where a bare year is a
    date ("2025 vs 2024", "en 2025 contra 2024").
    """
    parts = Parts()
    counts = _counts(lexemes, used)
    syntax = DateSyntax(lexemes, used | counts, years_at)
    i = 0
    while i < len(lexemes):
        lexeme = lexemes[i]
        if i in used:
            pass
        elif i in counts or _sends_out(lexemes, i, templates):
            parts.unplaced.append(i)
        elif lexeme.kind is Kind.STATUS:
            parts.statuses |= lexeme.statuses
        elif lexeme.kind is Kind.HELP:
            parts.help.append(i)
        elif lexeme.kind is Kind.TEMPLATE:
            parts.templates.append(lexeme.text.lower())
        elif lexeme.kind is Kind.WORD and (name := _known_name(lexeme, templates)):
            parts.templates.append(name)
        elif lexeme.kind is Kind.TEMPLATE_WORD:
            name = _name_after(lexemes, i, used)
            if name is not None:
                parts.templates.append(name)
                i += 1
            elif not _names_before(lexemes, i, parts):  # "the welcome_message template"
                parts.unplaced.append(i)
        elif found := syntax.read(i):
            reading, end = found
            parts.dates.append(DatePhrase(reading, i, end, words(lexemes[i:end])))
            if syntax.dangling(i, end):
                parts.unplaced.append(end)
                end += 1
            i = end
            continue
        elif not _is_filler(lexemes, i):
            parts.unplaced.append(i)
        i += 1
    return parts


def _counts(lexemes: list[Lexeme], used: set[int]) -> set[int]:
    """Numbers that count or order the noun right after them ("over 1000 recipients", "the
    3rd send", "o 2º envio"), or a percent ("10% dos envios"): never a date, nor a year;
    named back unless a shape took them."""
    return {
        i
        for i, lexeme in enumerate(lexemes[:-1])
        if i not in used
        and lexeme.kind in (Kind.NUMBER, Kind.ORDINAL)
        and (lexemes[i + 1].norm in COUNTED or lexemes[i + 1].text == "%")  # "10% dos envios"
    }


def _sends_out(lexemes: list[Lexeme], i: int, templates: Mapping[str, str]) -> bool:
    """A request to send ("send promo to the vip list", "mandá el welcome_message", "manda o
    promo"): a send verb before a template or a recipient word, with no subject before it
    ("did we send promo", "me manda o promo" ask about sends). Bulksends only reads."""
    if lexemes[i].norm not in SEND_VERBS:
        return False
    if i > 0 and lexemes[i - 1].norm.split()[-1] in SEND_SUBJECTS:  # "did we send"
        return False
    j = i + 1
    while j < len(lexemes) and lexemes[j].norm in _ARTICLES:
        j += 1
    if j >= len(lexemes):
        return False
    following = lexemes[j]
    return (
        following.kind in (Kind.TEMPLATE, Kind.TEMPLATE_WORD)
        or _known_name(following, templates) is not None
        or following.norm in RECIPIENT_WORDS
    )


def _is_filler(lexemes: list[Lexeme], i: int) -> bool:
    """Words that may stand without changing the question ("show", "in", "this").

    "in", "from" and "this" lead to something: with nothing after them ("failed in",
    "failed this") they dangle, and are named back.
    """
    lexeme = lexemes[i]
    if lexeme.kind is Kind.THIS or (
        lexeme.kind is Kind.PREP and lexeme.tag in (Prep.IN, Prep.FROM)
    ):
        rest = lexemes[i + 1 :]
        return any(later.kind is not Kind.DASH and later.norm not in _ARTICLES for later in rest)
    return lexeme.kind in (Kind.FILLER, Kind.DASH)


def read_leftovers(lexemes: list[Lexeme], parts: Parts, rules: DateRules) -> list[Language]:
    """Give runs of unplaced words to dateparser ("2 days ago"); return the languages it saw."""
    languages: list[Language] = []
    for run in _runs(lexemes, parts.unplaced):
        body = lexemes[run.start : run.stop]
        how = How.DURING
        if body[0].kind is Kind.PREP and body[0].tag in _HOW_BEFORE_FREEFORM:
            how = _HOW_BEFORE_FREEFORM[Prep(body[0].tag)]
            body = body[1:]
        if not _may_be_freeform_date(body):
            continue
        found = freeform.read_freeform(words(body), rules.today)
        if found is None:
            continue
        try:
            span = rules.period_span(found.day, found.period)
        except DateError:
            continue
        if found.period != "day" and span.first <= rules.today:
            # dateparser's weeks and months are guesses ("last fortnight" is not the week
            # two weeks ago): named back; a future one ("next year") is refused as future.
            continue
        reading = DateReading(how, span)
        parts.dates.append(
            DatePhrase(reading, run.start, run.stop, words(lexemes[run.start : run.stop]))
        )
        parts.unplaced = [i for i in parts.unplaced if i not in run]
        if found.language:
            languages.append(found.language)
    parts.dates.sort(key=lambda phrase: phrase.start)
    return languages


def _runs(lexemes: list[Lexeme], unplaced: list[int]) -> list[range]:
    """Stretches of unplaced words, bridging filler between them ("hace una semana")."""
    runs: list[range] = []
    left = set(unplaced)
    for i in sorted(left):
        if runs and i < runs[-1].stop:
            continue
        end = j = i + 1
        while j < len(lexemes) and (j in left or lexemes[j].kind is Kind.FILLER):
            end = j + 1 if j in left else end
            j += 1
        start = i - 1 if i > 0 and lexemes[i - 1].norm in _COUNTING_ARTICLES else i
        runs.append(range(start, end))
    return runs


def _may_be_freeform_date(body: list[Lexeme]) -> bool:
    """Never a lone number (or one spelled out) or lone ambiguous word ("may", "sun"), nor a
    bare "3 days".

    Nor anything with a negation or a symbol in it, which dateparser would quietly skip,
    nor a time ("3pm", "9:30"), nor hours without "ago": a question is about days.
    """
    words = [lexeme for lexeme in body if lexeme.kind is not Kind.FILLER]
    if not words or any(
        lexeme.kind in _NEVER_FREEFORM
        or _is_time(lexeme)
        or not any(c.isalnum() for c in lexeme.norm)  # "10 %" is no 10th
        for lexeme in words
    ):
        return False
    if any(lexeme.norm in HOUR_WORDS for lexeme in words) and not any(
        lexeme.kind is Kind.AGO or lexeme.norm in CONNECTORS.ago_after for lexeme in words
    ):
        return False  # "failed 24 hours" is no day; "48 hours ago" is one
    if all(lexeme.norm in NUMBER_WORDS for lexeme in words):
        return False  # "failed one", "two": a number spelled out, no more a date than "2"
    if any(lexeme.kind is Kind.WORD for lexeme in words):
        return True
    return len(words) >= 2 and any(lexeme.kind not in (Kind.NUMBER, Kind.UNIT) for lexeme in words)


def _is_time(lexeme: Lexeme) -> bool:
    return lexeme.kind is Kind.WORD and any(c.isdigit() for c in lexeme.norm)


def _known_name(lexeme: Lexeme, templates: Mapping[str, str]) -> str | None:
    """One of the account's templates, by its name or with a possessive ("promo's")."""
    word = lexeme.text.lower().replace("’", "'")
    for name in (word, word.removesuffix("'s")):
        if name in templates:
            return templates[name]
    return None


def _names_before(lexemes: list[Lexeme], i: int, parts: Parts) -> bool:
    """ "in the welcome_message template": the word right after a template's name."""
    return i > 0 and lexemes[i - 1].text.lower() in parts.templates


def _name_after(lexemes: list[Lexeme], i: int, used: set[int]) -> str | None:
    """The template name after "template": a word the parser does not otherwise know."""
    if i + 1 >= len(lexemes) or i + 1 in used:
        return None
    following = lexemes[i + 1]
    if following.kind not in (Kind.WORD, Kind.TEMPLATE):
        return None  # "which template failed most": "failed" is no name
    return template_name(following.text)


def words(lexemes: list[Lexeme]) -> str:
    return " ".join(lexeme.text for lexeme in lexemes)
