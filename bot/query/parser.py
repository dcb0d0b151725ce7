"""Free text → ``BulkSendQuery`` or ``HelpRequest``: the entry point of the query parser.

Every word lands in one part of the question (statuses, one date phrase, one
template), is filler, or is named back to the user in a ``QueryError``: nothing is
dropped silently and nothing is guessed. The contract is
shared/reference/query-language.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.dates import DateRange
from bot.locale.choice import Clue, Written, reply_language, vote
from bot.locale.languages import Language
from bot.query import freeform
from bot.query.dates import Calendar, DateError, DateReading, DateRules, How, Quarter
from bot.query.lexer import Lexeme, lex
from bot.query.messages import (
    pair_error,
    phrase_error,
    too_long_error,
    unrecognized_error,
)
from bot.query.model import BulkSendQuery, HelpRequest
from bot.query.periods import Period, period_of
from bot.query.placing import DatePhrase, Parts, names_as_typed, place, read_leftovers
from bot.query.problems import Problem
from bot.query.resolve import (
    current_reading,
    implied_reading,
    names_a_past_period,
    period_kind,
    previous_one,
    settle,
)
from bot.query.shape_cursor import MAX_TOP
from bot.query.shapes import ShapeReading, read_shapes
from bot.query.small_talk import small_talk
from bot.query.suggest import closest_template, closest_word, languages_of
from bot.query.vocabulary import SEND_NOUNS, SEND_VERBS, WHY_WORDS, Kind

MAX_QUERY_LENGTH = 500
_QUARTERS = 4


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
    talk = small_talk(lexemes)
    if talk is not None:
        return HelpRequest(asker.language(vote(_clues(lexemes))), small_talk=talk)
    templates = frozenset(name.lower() for name in known_templates or ())
    shapes = read_shapes(lexemes)
    # "2025 vs 2024": bare years beside a comparison word; not after "more than", a condition.
    sides = () if shapes.comparative else (shapes.compare_at, shapes.compare_start - 1)
    years_at = [i for i in sides if i is not None and i >= 0]
    parts = place(lexemes, names_as_typed(templates), shapes.used, years_at)
    clues = _clues(lexemes, skip=shapes.used) + shapes.clues
    rules = DateRules(_today(now, tz, asker.language(vote(clues))), week_start % 7)
    seen = read_leftovers(lexemes, parts, rules)
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


def _conclude(
    lexemes: list[Lexeme],
    parts: Parts,
    shapes: ShapeReading,
    rules: DateRules,
    tz: str,
    templates: frozenset[str],
    seen: list[Language],
    asker: _Asker,
) -> BulkSendQuery | HelpRequest:
    parts.unplaced += shapes.unanswered + shapes.conditions
    compared = _compared_phrase(parts, shapes)
    two_templates = len(set(parts.templates)) > 1
    if shapes.compare_at is not None and compared is None and not two_templates:
        # "vs" with nothing to compare with; "more … than" with it ("more than 100"). Two
        # templates compared ("promo vs welcome_message") are refused as two templates below.
        parts.unplaced += [shapes.compare_start, *shapes.comparative]
    unplaced = sorted(parts.unplaced + parts.help)  # "help" amid a question is not understood
    named = _named(lexemes, unplaced, shapes.conditions)
    suggestions = _suggestions(lexemes, named, templates, shapes.conditions)
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
    if shapes.recipient:
        raise phrase_error(Problem.RECIPIENT, shapes.recipient, language)
    if unplaced:
        typed = list(dict.fromkeys(lexemes[i].typed for i in named))
        negated = any(
            lexemes[i].kind is Kind.NEGATION and i not in shapes.conditions for i in named
        )
        why = any(lexemes[i].norm in WHY_WORDS for i in named)
        limit = MAX_TOP if shapes.top_too_many else None
        raise unrecognized_error(
            typed, suggestions, language, negated=negated, why=why, top_limit=limit
        )
    if shapes.rank is not None and not (
        shapes.groups
        or shapes.top
        or shapes.which_one
        or shapes.metrics
        or parts.dates
        or parts.statuses
        or parts.templates
    ):
        # "¿fue mejor?", "foi melhor?": "better" than an earlier answer, not a ranking.
        said = [lexemes[i].typed for i in sorted(shapes.used) if lexemes[i].kind is not Kind.FILLER]
        raise unrecognized_error(list(dict.fromkeys(said)), {}, language)
    if shapes.ranking and not shapes.groups:
        # "top 3 sends", "el envío con más fallos": single sends ranked, which we never do.
        sends = [lexeme.typed for lexeme in lexemes if lexeme.norm in SEND_NOUNS]
        if sends:
            raise unrecognized_error(list(dict.fromkeys(sends)), {}, language)
    names = list(dict.fromkeys(parts.templates))
    _one_each(names, parts, shapes, language)
    if shapes.send_ids:
        return _one_send(parts, shapes, rules, tz, language, written)
    main = parts.dates[0] if parts.dates else None
    compared = _elided_quarter(compared, main)
    reading = main.reading if main is not None else None
    if reading is None and compared is not None:
        reading = implied_reading(compared.reading)
    elif reading is None and shapes.compare_unit:
        reading = current_reading(shapes.compare_unit)  # "vs the month before": this month
    period: Period | None = None
    if reading is not None:
        date_range = _range(
            rules, reading, main.words if main else comparedwords(compared), language
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


def _elided_quarter(compared: DatePhrase | None, main: DatePhrase | None) -> DatePhrase | None:
    """ "el T3 con el 2º", "o 3º trimestre com o 2º": a bare ordinal compared with a quarter
    is a quarter (of the same year), not a day of this month."""
    if compared is None or main is None or not isinstance(main.reading.first, Quarter):
        return compared
    point = compared.reading.first
    if not isinstance(point, Calendar) or point.day is None or point != Calendar(point.day):
        return compared
    if compared.reading.how is not How.DURING or not 1 <= point.day <= _QUARTERS:
        return compared
    quarter = Quarter(point.day, main.reading.first.year)
    return replace(compared, reading=DateReading(How.DURING, quarter))


def comparedwords(phrase: DatePhrase | None) -> str:
    return phrase.words if phrase is not None else ""


def _compared_phrase(parts: Parts, shapes: ShapeReading) -> DatePhrase | None:
    """The date phrase right after "vs" / "comparado con", taken out of the question's dates."""
    if shapes.compare_at is None:
        return None
    for phrase in parts.dates:
        if phrase.start == shapes.compare_at:
            parts.dates.remove(phrase)
            return phrase
    return None


def _one_each(names: list[str], parts: Parts, shapes: ShapeReading, language: Language) -> None:
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
    parts: Parts,
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
    compared: DatePhrase | None,
    reading: DateReading | None,
    span: DateRange,
    main: DatePhrase | None,
    language: Language,
) -> DateRange | None:
    """The second range of a comparison, if the question asks for one.

    A period named as the one before today's and compared with itself ("last week vs the
    previous week", "last 30 days vs previous 30 days") is the one before the range.
    """
    if compared is not None:
        other = _range(rules, compared.reading, compared.words, language)
        if other != span or not names_a_past_period(compared.reading):
            return other
    elif not (
        shapes.compare_previous
        or shapes.compare_previous_one
        or shapes.compare_current
        or shapes.compare_last_year
        or shapes.compare_last_week
    ):
        return None
    words = main.words if main is not None else shapes.compare_words
    if shapes.compare_last_year or shapes.compare_last_week:
        return _year_before(rules, shapes, reading, span, language)
    if shapes.compare_current:  # "el trimestre pasado comparado con este"
        current = current_reading(period_kind(reading) or "")
        if current is None:
            raise unrecognized_error([shapes.compare_words], {}, language)
        return _range(rules, current, shapes.compare_words, language)
    if shapes.compare_unit and shapes.compare_unit != period_kind(reading):
        kind = period_kind(reading)
        if kind is not None:  # "this month vs the week before": which week?
            raise unrecognized_error([shapes.compare_unit_words], {}, language)
    try:
        if shapes.compare_previous:
            return rules.days_before(span)
        return previous_one(rules, reading, span)
    except DateError as error:
        raise phrase_error(error.problem, words, language, error.day) from None


def _year_before(
    rules: DateRules,
    shapes: ShapeReading,
    reading: DateReading | None,
    span: DateRange,
    language: Language,
) -> DateRange:
    """ "vs the same week last year": the range's kind of period, a year back, whole; "the
    same period last year" the range's days a year back. "vs the same day last week": the
    day a week back; "vs this time last week" the range's days a week back."""
    kind = period_kind(reading)
    if shapes.compare_unit and shapes.compare_unit != kind:  # "last 10 days vs same week…"
        raise unrecognized_error([shapes.compare_unit_words], {}, language)
    try:
        if shapes.compare_last_week:
            return rules.days_back(span, 7)
        return rules.year_before(kind if shapes.compare_unit else None, span)
    except DateError as error:
        raise phrase_error(error.problem, shapes.compare_words, language, error.day) from None


def _named(
    lexemes: list[Lexeme], unplaced: list[int], conditions: Collection[int] = ()
) -> list[int]:
    """The words to name back: the ones not understood at all, else every unplaced one.

    Known words left incomplete ("since", "last") are named only when nothing else is, so
    "failed lsat week" blames *lsat*, not *week*. A rate word goes with the word beside it
    that is not understood ("tasa de lecutra", "delivry rate", "click rate" name only that
    word); alone ("rate last week") it is named.
    """
    unknown = [
        i
        for i in unplaced
        if lexemes[i].kind in _UNKNOWN_KINDS
        or lexemes[i].ambiguous
        or i in conditions
        or lexemes[i].norm in SEND_VERBS  # "send promo to the vip list": the sending, too
    ]
    named = unknown or unplaced
    return [
        i
        for i in named
        if lexemes[i].kind is not Kind.RATE
        or not any(lexemes[j].kind is Kind.WORD and 0 < abs(i - j) <= 2 for j in named)
    ]


_UNKNOWN_KINDS = (
    Kind.WORD,
    Kind.NUMBER,
    Kind.NEGATION,
    Kind.SYMBOL,
    Kind.UNANSWERED,
    Kind.RATE,
)


def _suggestions(
    lexemes: list[Lexeme],
    named: list[int],
    templates: frozenset[str],
    conditions: Collection[int] = (),
) -> dict[str, str]:
    """ "Did you mean" for each word not understood that is close to a word or template we know."""
    suggestions: dict[str, str] = {}
    for i in named:
        lexeme = lexemes[i]
        if lexeme.kind is not Kind.WORD or i in conditions:
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
