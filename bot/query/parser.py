"""Free text → ``BulkSendQuery`` or ``HelpRequest``: the entry point of the query parser.

Every word lands in one part of the question (statuses, one date phrase, one
template), is filler, or is named back to the user in a ``QueryError``: nothing is
dropped silently and nothing is guessed. The contract is
shared/reference/query-language.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.query import freeform
from bot.query.dates import DateError, DateReading, DateRules, How
from bot.query.lexer import Lexeme, lex, template_name
from bot.query.messages import (
    Problem,
    pair_error,
    phrase_error,
    too_long_error,
    unrecognized_error,
)
from bot.query.model import BulkSendQuery, HelpRequest, Language, QueryError
from bot.query.phrases import DateSyntax
from bot.query.vocabulary import Kind, Prep, closest_word
from bot.status import Status

MAX_QUERY_LENGTH = 500

_HOW_BEFORE_FREEFORM = {
    Prep.SINCE: How.SINCE,
    Prep.UNTIL: How.UNTIL,
    Prep.BEFORE: How.BEFORE,
    Prep.AFTER: How.AFTER,
}
_COUNTING_ARTICLES = frozenset({"a", "an", "un", "una", "um", "uma"})  # "a week ago"


@dataclass(frozen=True)
class _DatePhrase:
    reading: DateReading
    start: int  # lexeme indices [start, end)
    end: int
    words: str  # as typed


@dataclass
class _Parts:
    """What each word of a question turned out to be, gathered left to right."""

    statuses: set[Status] = field(default_factory=set)
    templates: list[str] = field(default_factory=list)
    dates: list[_DatePhrase] = field(default_factory=list)
    help: list[int] = field(default_factory=list)
    unplaced: list[int] = field(default_factory=list)  # lexemes that fit nowhere


def parse_query(
    text: str,
    *,
    now: datetime,
    tz: str,
    known_templates: Collection[str] | None = None,
    week_start: int = 0,
) -> BulkSendQuery | HelpRequest:
    """Read a question; raise ``QueryError`` (and nothing else) when it cannot be understood.

    ``now`` is the injected clock (a naive value is taken as UTC); "today" is its date in
    ``tz``. ``week_start`` is 0 for Monday … 6 for Sunday.
    """
    text = text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        language = _language(lex(text[:MAX_QUERY_LENGTH]))
        raise too_long_error(len(text), MAX_QUERY_LENGTH, language)
    lexemes = lex(text)
    templates = frozenset(name.lower() for name in known_templates or ())
    parts = _place(lexemes, templates)
    zone = _zone(tz, _language(lexemes))
    aware_now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    rules = DateRules(aware_now.astimezone(zone).date(), week_start % 7)
    locales = _read_leftovers(lexemes, parts, rules)
    return _conclude(lexemes, parts, rules, tz, _language(lexemes, locales), templates)


def warm_up() -> None:
    """Load dateparser's language data now, so the first real question is fast."""
    freeform.warm_up()


def _place(lexemes: list[Lexeme], templates: frozenset[str]) -> _Parts:
    parts = _Parts()
    syntax = DateSyntax(lexemes)
    i = 0
    while i < len(lexemes):
        lexeme = lexemes[i]
        if lexeme.kind is Kind.STATUS:
            parts.statuses |= lexeme.statuses
        elif lexeme.kind is Kind.HELP:
            parts.help.append(i)
        elif lexeme.kind is Kind.TEMPLATE or (
            lexeme.kind is Kind.WORD and lexeme.text.lower() in templates
        ):
            parts.templates.append(lexeme.text.lower())
        elif lexeme.kind is Kind.TEMPLATE_WORD:
            name = template_name(lexemes[i + 1].text) if i + 1 < len(lexemes) else None
            if name is not None:
                parts.templates.append(name)
                i += 1
            else:
                parts.unplaced.append(i)
        elif found := syntax.read(i):
            reading, end = found
            parts.dates.append(_DatePhrase(reading, i, end, _words(lexemes[i:end])))
            i = end
            continue
        elif not _is_filler(lexeme):
            parts.unplaced.append(i)
        i += 1
    return parts


def _is_filler(lexeme: Lexeme) -> bool:
    """Words that may stand alone without changing the question ("in", "from", "this")."""
    if lexeme.kind is Kind.PREP:
        return lexeme.tag in (Prep.IN, Prep.FROM)
    return lexeme.kind in (Kind.FILLER, Kind.DASH, Kind.THIS)


def _read_leftovers(lexemes: list[Lexeme], parts: _Parts, rules: DateRules) -> list[Language]:
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
        found = freeform.read_freeform(_words(body), rules.today)
        if found is None:
            continue
        try:
            span = rules.period_span(found.day, found.period)
        except DateError:
            continue
        reading = DateReading(how, span)
        parts.dates.append(
            _DatePhrase(reading, run.start, run.stop, _words(lexemes[run.start : run.stop]))
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
    """Never a lone number or lone ambiguous word ("may", "sun"), nor a bare "3 days"."""
    words = [lexeme for lexeme in body if lexeme.kind is not Kind.FILLER]
    if not words or any(lexeme.kind is Kind.TEMPLATE_WORD for lexeme in words):
        return False
    if any(lexeme.kind is Kind.WORD for lexeme in words):
        return True
    return len(words) >= 2 and any(lexeme.kind not in (Kind.NUMBER, Kind.UNIT) for lexeme in words)


def _conclude(
    lexemes: list[Lexeme],
    parts: _Parts,
    rules: DateRules,
    tz: str,
    language: Language,
    templates: frozenset[str],
) -> BulkSendQuery | HelpRequest:
    if parts.help and not (parts.statuses or parts.templates or parts.dates or parts.unplaced):
        return HelpRequest(language)
    unplaced = sorted(parts.unplaced + parts.help)  # "help" amid a question is not understood
    if unplaced:
        raise _unrecognized([lexemes[i] for i in unplaced], language, templates)
    names = list(dict.fromkeys(parts.templates))
    if len(names) > 1:
        raise pair_error(Problem.TWO_TEMPLATES, names[0], names[1], language)
    if len(parts.dates) > 1:
        raise pair_error(Problem.TWO_DATES, parts.dates[0].words, parts.dates[1].words, language)
    if parts.dates:
        phrase = parts.dates[0]
        try:
            date_range = rules.range_for(phrase.reading)
        except DateError as error:
            raise phrase_error(error.problem, phrase.words, language) from None
    else:
        date_range = rules.default_range()
    return BulkSendQuery(
        statuses=frozenset(parts.statuses),
        range=date_range,
        template=names[0] if names else None,
        timezone=tz,
        default_range=not parts.dates,
        language=language,
    )


def _unrecognized(
    unplaced: list[Lexeme], language: Language, templates: frozenset[str]
) -> QueryError:
    """Name the words not understood; known words left incomplete only if nothing else."""
    unknown = [
        lexeme for lexeme in unplaced if lexeme.kind in (Kind.WORD, Kind.NUMBER) or lexeme.ambiguous
    ]
    named = unknown or unplaced
    suggestions: dict[str, str] = {}
    for lexeme in named:
        suggestion = closest_word(lexeme.norm, templates) if lexeme.kind is Kind.WORD else None
        if suggestion:
            suggestions[lexeme.text] = suggestion
    return unrecognized_error([lexeme.text for lexeme in named], suggestions, language)


def _zone(tz: str, language: Language) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise phrase_error(Problem.BAD_TIMEZONE, tz, language) from None


def _language(lexemes: Iterable[Lexeme], seen: Iterable[Language] = ()) -> Language:
    """The language most words were written in; a tie or no known word means English."""
    scores: dict[Language, int] = {"en": 0, "es": 0, "pt": 0}
    for lexeme in lexemes:
        for language in lexeme.langs:
            scores[language] += 6 // len(lexeme.langs)  # a word shared by two counts half
    for language in seen:
        scores[language] += 6
    best = max(scores.values())
    leaders = [language for language, score in scores.items() if score == best]
    return leaders[0] if best and len(leaders) == 1 else "en"


def _words(lexemes: list[Lexeme]) -> str:
    return " ".join(lexeme.text for lexeme in lexemes)
