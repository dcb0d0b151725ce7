"""Free text → ``BulkSendQuery`` or ``HelpRequest``: the entry point of the query parser.

Every word lands in one part of the question (statuses, one date phrase, one
template), is filler, or is named back to the user in a ``QueryError``: nothing is
dropped silently and nothing is guessed. The contract is
shared/reference/query-language.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.dates import DateRange
from bot.domain.sends import Status
from bot.locale.choice import Clue, Written, reply_language, vote
from bot.locale.languages import Language
from bot.query import freeform
from bot.query.dates import DateError, DateReading, DateRules, How
from bot.query.lexer import Lexeme, lex, template_name
from bot.query.messages import (
    pair_error,
    phrase_error,
    too_long_error,
    unrecognized_error,
)
from bot.query.model import BulkSendQuery, HelpRequest
from bot.query.periods import Period, period_of
from bot.query.phrases import DateSyntax
from bot.query.problems import Problem
from bot.query.resolve import implied_reading, previous_one, settle
from bot.query.shapes import ShapeReading, read_shapes
from bot.query.suggest import closest_template, closest_word, languages_of
from bot.query.vocabulary import CONNECTORS, Kind, Prep

MAX_QUERY_LENGTH = 500

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


@dataclass(frozen=True)
class _Asker:
    """Who asks, for the one rule of a reply's language (bot/locale/choice.py)."""

    user: str | None
    company: str | None

    def language(self, written: Written) -> Language:
        return reply_language(user=self.user, written=written, company=self.company)


def parse_query(
    text: str,
    *,
    now: datetime,
    tz: str,
    known_templates: Collection[str] | None = None,
    week_start: int = 0,
    user_language: str | None = None,
    company_language: str | None = None,
) -> BulkSendQuery | HelpRequest:
    """Read a question; raise ``QueryError`` (and nothing else) when it cannot be understood.

    ``now`` is the injected clock (a naive value is taken as UTC); "today" is its date in
    ``tz``. ``week_start`` is 0 for Monday … 6 for Sunday. The answer's language (also an
    error's) follows ``reply_language``: ``user_language`` (the asker's Slack locale, the
    CLI's ``--lang`` or ``LANG``), else the language the words are written in, else
    ``company_language``, else English; ``written_in`` reports what the words decided.
    """
    asker = _Asker(user_language, company_language)
    text = text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        language = asker.language(vote(_clues(lex(text[:MAX_QUERY_LENGTH]))))
        raise too_long_error(len(text), MAX_QUERY_LENGTH, language)
    lexemes = lex(text)
    templates = frozenset(name.lower() for name in known_templates or ())
    shapes = read_shapes(lexemes)
    parts = _place(lexemes, templates, shapes.used)
    clues = _clues(lexemes, skip=shapes.used) + shapes.clues
    rules = DateRules(_today(now, tz, asker.language(vote(clues))), week_start % 7)
    seen = _read_leftovers(lexemes, parts, rules)
    return _conclude(lexemes, parts, shapes, rules, tz, templates, seen, asker)


def warm_up() -> None:
    """Load dateparser's language data now, so the first real question is fast."""
    freeform.warm_up()


def _today(now: datetime, tz: str, language: Language) -> date:
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise phrase_error(Problem.BAD_TIMEZONE, tz, language) from None
    aware_now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    try:
        return aware_now.astimezone(zone).date()
    except (OverflowError, ValueError):  # a clock at the very edge of year 1 or 9999
        raise phrase_error(Problem.BAD_CLOCK, tz, language) from None


def _place(lexemes: list[Lexeme], templates: frozenset[str], used: set[int]) -> _Parts:
    """What each word not read as a shape word is: a status, a template, a date, filler…"""
    parts = _Parts()
    syntax = DateSyntax(lexemes, used)
    i = 0
    while i < len(lexemes):
        lexeme = lexemes[i]
        if i in used:
            pass
        elif lexeme.kind is Kind.STATUS:
            parts.statuses |= lexeme.statuses
        elif lexeme.kind is Kind.HELP:
            parts.help.append(i)
        elif lexeme.kind is Kind.TEMPLATE or (
            lexeme.kind is Kind.WORD and lexeme.text.lower() in templates
        ):
            parts.templates.append(lexeme.text.lower())
        elif lexeme.kind is Kind.TEMPLATE_WORD:
            name = _name_after(lexemes, i, used)
            if name is not None:
                parts.templates.append(name)
                i += 1
            else:
                parts.unplaced.append(i)
        elif found := syntax.read(i):
            reading, end = found
            parts.dates.append(_DatePhrase(reading, i, end, _words(lexemes[i:end])))
            if syntax.dangling(i, end):
                parts.unplaced.append(end)
                end += 1
            i = end
            continue
        elif not _is_filler(lexemes, i):
            parts.unplaced.append(i)
        i += 1
    return parts


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
        if found.period != "day" and span.first <= rules.today:
            # dateparser's weeks and months are guesses ("last fortnight" is not the week
            # two weeks ago): named back; a future one ("next year") is refused as future.
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
    """Never a lone number or lone ambiguous word ("may", "sun"), nor a bare "3 days".

    Nor anything with a negation or a symbol in it, which dateparser would quietly skip,
    nor a time ("3pm", "9:30"): a question is about days.
    """
    words = [lexeme for lexeme in body if lexeme.kind is not Kind.FILLER]
    if not words or any(lexeme.kind in _NEVER_FREEFORM or _is_time(lexeme) for lexeme in words):
        return False
    if any(lexeme.kind is Kind.WORD for lexeme in words):
        return True
    return len(words) >= 2 and any(lexeme.kind not in (Kind.NUMBER, Kind.UNIT) for lexeme in words)


def _is_time(lexeme: Lexeme) -> bool:
    return lexeme.kind is Kind.WORD and any(c.isdigit() for c in lexeme.norm)


def _name_after(lexemes: list[Lexeme], i: int, used: set[int]) -> str | None:
    """The template name after "template": a word the parser does not otherwise know."""
    if i + 1 >= len(lexemes) or i + 1 in used:
        return None
    following = lexemes[i + 1]
    if following.kind not in (Kind.WORD, Kind.TEMPLATE):
        return None  # "which template failed most": "failed" is no name
    return template_name(following.text)


def _conclude(
    lexemes: list[Lexeme],
    parts: _Parts,
    shapes: ShapeReading,
    rules: DateRules,
    tz: str,
    templates: frozenset[str],
    seen: list[Language],
    asker: _Asker,
) -> BulkSendQuery | HelpRequest:
    parts.unplaced += shapes.unanswered
    compared = _compared_phrase(parts, shapes)
    if shapes.compare_at is not None and compared is None:
        parts.unplaced.append(shapes.compare_start)  # "vs" with nothing to compare with
    unplaced = sorted(parts.unplaced + parts.help)  # "help" amid a question is not understood
    named = _named(lexemes, unplaced)
    suggestions = _suggestions(lexemes, named, templates)
    clues = _clues(lexemes, unplaced, skip=shapes.used) + shapes.clues
    clues += [Clue(frozenset({language})) for language in seen]
    clues += [
        Clue(lexemes[phrase.start].in_the)
        for phrase in parts.dates
        if lexemes[phrase.start].kind is Kind.NEGATION  # "no" read as "in the": "no domingo"
    ]
    clues += [Clue(languages_of(suggestion)) for suggestion in suggestions.values()]
    written = vote(clues)
    language = asker.language(written)
    asked_shape = bool(shapes.used)
    if parts.help and not (
        parts.statuses or parts.templates or parts.dates or parts.unplaced or asked_shape
    ):
        return HelpRequest(language)
    if unplaced:
        typed = list(dict.fromkeys(lexemes[i].typed for i in named))
        negated = any(lexemes[i].kind is Kind.NEGATION for i in named)
        raise unrecognized_error(typed, suggestions, language, negated=negated)
    names = list(dict.fromkeys(parts.templates))
    _one_each(names, parts, shapes, language)
    if shapes.send_ids:
        return _one_send(parts, shapes, rules, tz, language, written)
    main = parts.dates[0] if parts.dates else None
    reading = main.reading if main is not None else None
    if reading is None and compared is not None:
        reading = implied_reading(compared.reading)
    period: Period | None = None
    if reading is not None:
        date_range = _range(
            rules, reading, main.words if main else compared_words(compared), language
        )
        period = period_of(reading)
    else:
        try:
            date_range = rules.default_range()
        except DateError:  # today is in the first week of year 1
            raise phrase_error(Problem.BAD_CLOCK, tz, language) from None
    compare_to = _comparison(rules, shapes, compared, reading, date_range, main, language)
    shaped = settle(shapes, frozenset(parts.statuses), date_range)
    return BulkSendQuery(
        statuses=frozenset(parts.statuses),
        range=date_range,
        template=names[0] if names else None,
        timezone=tz,
        default_range=reading is None,
        language=language,
        written_in=written.language,
        period=period,
        metric=shaped.metric,
        group_by=shaped.group_by,
        compare_to=compare_to,
        top=shaped.top,
        phone_number=next(iter(shapes.phones), None),
    )


def compared_words(phrase: _DatePhrase | None) -> str:
    return phrase.words if phrase is not None else ""


def _compared_phrase(parts: _Parts, shapes: ShapeReading) -> _DatePhrase | None:
    """The date phrase right after "vs" / "comparado con", taken out of the question's dates."""
    if shapes.compare_at is None:
        return None
    for phrase in parts.dates:
        if phrase.start == shapes.compare_at:
            parts.dates.remove(phrase)
            return phrase
    return None


def _one_each(names: list[str], parts: _Parts, shapes: ShapeReading, language: Language) -> None:
    """One template, one period, one metric, one grouping, one sender, one send."""
    pairs = [
        (Problem.TWO_TEMPLATES, names),
        (Problem.TWO_DATES, [phrase.words for phrase in parts.dates]),
        (Problem.TWO_METRICS, list(shapes.metrics.values())),
        (Problem.TWO_GROUPS, list(shapes.groups.values())),
        (Problem.TWO_NUMBERS, list(shapes.phones.values())),
        (Problem.TWO_SENDS, list(shapes.send_ids.values())),
    ]
    for problem, found in pairs:
        if len(found) > 1:
            raise pair_error(problem, found[0], found[1], language)


def _one_send(
    parts: _Parts,
    shapes: ShapeReading,
    rules: DateRules,
    tz: str,
    language: Language,
    written: Written,
) -> BulkSendQuery:
    """A send's id names one send: nothing else may narrow or shape the question."""
    ((send_id, typed),) = shapes.send_ids.items()
    others = (
        parts.statuses
        or parts.templates
        or parts.dates
        or shapes.metrics
        or shapes.groups
        or shapes.phones
        or shapes.ranking
        or shapes.count
        or shapes.trend
        or shapes.compare_words
    )
    if others:
        raise phrase_error(Problem.SEND_ID_ALONE, typed, language)
    try:
        date_range = rules.default_range()
    except DateError:
        raise phrase_error(Problem.BAD_CLOCK, tz, language) from None
    return BulkSendQuery(
        statuses=frozenset(),
        range=date_range,
        template=None,
        timezone=tz,
        default_range=True,
        language=language,
        written_in=written.language,
        send_id=send_id,
    )


def _range(rules: DateRules, reading: DateReading, words: str, language: Language) -> DateRange:
    try:
        return rules.range_for(reading)
    except DateError as error:
        raise phrase_error(error.problem, words, language, error.day) from None


def _comparison(
    rules: DateRules,
    shapes: ShapeReading,
    compared: _DatePhrase | None,
    reading: DateReading | None,
    span: DateRange,
    main: _DatePhrase | None,
    language: Language,
) -> DateRange | None:
    """The second range of a comparison, if the question asks for one."""
    if compared is not None:
        return _range(rules, compared.reading, compared.words, language)
    if not (shapes.compare_previous or shapes.compare_previous_one):
        return None
    words = main.words if main is not None else shapes.compare_words
    try:
        if shapes.compare_previous:
            return rules.days_before(span)
        return previous_one(rules, reading, span)
    except DateError as error:
        raise phrase_error(error.problem, words, language, error.day) from None


def _named(lexemes: list[Lexeme], unplaced: list[int]) -> list[int]:
    """The words to name back: the ones not understood at all, else every unplaced one.

    Known words left incomplete ("since", "last") are named only when nothing else is, so
    "failed lsat week" blames *lsat*, not *week*.
    """
    unknown = [
        i
        for i in unplaced
        if lexemes[i].kind in (Kind.WORD, Kind.NUMBER, Kind.NEGATION, Kind.SYMBOL, Kind.UNANSWERED)
        or lexemes[i].ambiguous
    ]
    return unknown or unplaced


def _suggestions(
    lexemes: list[Lexeme], named: list[int], templates: frozenset[str]
) -> dict[str, str]:
    """ "Did you mean" for each word not understood that is close to a word or template we know."""
    suggestions: dict[str, str] = {}
    for i in named:
        lexeme = lexemes[i]
        if lexeme.kind is not Kind.WORD:
            continue
        following = [later.norm for later in lexemes[i : i + 4]]
        suggestion = closest_template(following, templates) or closest_word(lexeme.norm)
        if suggestion:
            suggestions[lexeme.typed] = suggestion
    return suggestions


def _clues(
    lexemes: Iterable[Lexeme], unplaced: Collection[int] = (), skip: Collection[int] = ()
) -> list[Clue]:
    """What each known word says of the language; an ambiguous word left unused says nothing.

    Words read as shape words (``skip``) speak through the shape's own clue instead.
    """
    return [
        lexeme.clue
        for i, lexeme in enumerate(lexemes)
        if lexeme.clue.languages and i not in skip and not (lexeme.ambiguous and i in unplaced)
    ]


def _words(lexemes: list[Lexeme]) -> str:
    return " ".join(lexeme.text for lexeme in lexemes)
