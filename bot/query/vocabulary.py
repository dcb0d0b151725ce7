"""Every word and phrase the question parser knows, built from the languages' word packs.

The words themselves are data (``bot/locale/<language>/words.toml``); this module says
what each section means to the parser. Lookups use the folded form (no case, no
accents), so "sábado" and "sabado" meet; the exact spelling is kept per language, to tell
languages apart ("mes" is Spanish, "mês" Portuguese).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache

from bot.domain.sends import PROBLEMS, Status
from bot.locale.languages import Language
from bot.locale.words import MONTHS, NUMBERS, QUARTERS, UNITS, WEEKDAYS, WordPack, word_packs
from bot.query.dates import Relative, Unit
from bot.query.text import tokenize


class Kind(StrEnum):
    FILLER = "filler"
    HELP = "help"
    STATUS = "status"
    TEMPLATE_WORD = "template_word"  # template / plantilla / modelo: the next word is a name
    RELATIVE = "relative"  # today, last week, el mes pasado...
    LAST = "last"  # last / past / últimos, before a count, a weekday or a month
    THIS = "this"  # this / este / esta, before a weekday or a month
    PAST_SUFFIX = "past_suffix"  # pasado / passada / anterior, after a weekday or a month
    UNIT = "unit"
    QUARTER = "quarter"  # Q1–Q4, "primer trimestre"
    AGO = "ago"  # hace / há / atrás / ago, around a count of units: "hace 3 días"
    BEFORE_LAST = "before_last"  # after a unit: "la semana antepasada", "the week before last"
    MONTH = "month"
    WEEKDAY = "weekday"
    PREP = "prep"
    NEGATION = "negation"  # not / sin / sem: never dropped, since it would flip the question
    UNANSWERED = "unanswered"  # "why", "every monday": asks what we cannot answer; named back
    RATE = "rate"  # "rate", "tasa", "taxa" outside a metric's name: named back, with its word
    # Made by the lexer rather than listed here:
    NUMBER = "number"
    ORDINAL = "ordinal"
    NUMERIC_DATE = "numeric_date"
    DASH = "dash"
    TEMPLATE = "template"
    SYMBOL = "symbol"  # a symbol, a Slack mention or link: never understood
    SEND_ID = "send_id"  # a UUID: one bulk send
    PHONE = "phone"  # "+54 9 223 675-0780": digits with a country code
    WORD = "word"  # anything else: a known template name or a word not understood


class Prep(StrEnum):
    SINCE = "since"
    FROM = "from"
    UNTIL = "until"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"
    IN = "in"


@dataclass(frozen=True)
class Entry:
    kind: Kind
    langs: frozenset[Language] = frozenset()
    tag: str = ""  # a Relative, Unit or Prep value
    number: int = 0  # month 1-12 or weekday 0-6
    statuses: frozenset[Status] = frozenset()
    ambiguous: bool = False  # also an ordinary word: a date only in context ("may", "sun")
    needs_number: bool = False  # so common a word that only a day or year next to it dates it
    #: A month's name that also names a weekday (Spanish "mar": marzo, martes): its weekday.
    weekday: int | None = None
    #: A negation that is "in the" in these languages (Portuguese "no": "no dia 3").
    in_the: frozenset[Language] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Connectors:
    """Small words inside date phrases, folded: "del 3 al 9", "the 3rd of november"."""

    articles: frozenset[str]  # skipped before a date: "the 3rd", "el lunes"
    counting_articles: frozenset[str]  # "a week ago": a count
    range_to: frozenset[str]  # between a range's ends: "nov 3 to 9", "del 3 al 9"
    range_to_after_from: frozenset[str]  # only after a "from": "de lunes a viernes"
    range_and: frozenset[str]  # after "between": "between nov 3 and 9"
    range_from: frozenset[str]  # opening a range: "del 3 al 9", "de março a maio"
    of: frozenset[str]  # inside a date: "3 de noviembre de 2025", "3rd of november"
    dangling: frozenset[str]  # a range word with no end after it is named back
    ago_after: frozenset[str]  # after a count of units: "3 days ago", "3 días atrás"
    of_current: frozenset[str]  # before a lone unit, the current one: "del mes", "da semana"
    day_articles: frozenset[str]  # before a bare day number, a date: "el 20"

    @property
    def after_from(self) -> frozenset[str]:
        return self.range_to | self.range_to_after_from

    @property
    def after_between(self) -> frozenset[str]:
        return self.range_to | self.range_and


_STATUSES: dict[str, frozenset[Status]] = {
    "failed": frozenset({Status.FAILED}),
    "partial": frozenset({Status.PARTIAL}),
    "completed": frozenset({Status.COMPLETED}),
    "cancelled": frozenset({Status.CANCELLED}),
    "queued": frozenset({Status.QUEUED}),
    "processing": frozenset({Status.PROCESSING}),
    "problems": PROBLEMS,
}
_CONNECTOR_KINDS = {"last": Kind.LAST, "this": Kind.THIS, "past": Kind.PAST_SUFFIX}
_WORD_KINDS = {
    "rate": Kind.RATE,
    "help": Kind.HELP,
    "template": Kind.TEMPLATE_WORD,
    "negations": Kind.NEGATION,
    "fillers": Kind.FILLER,
}
# (section, ambiguous, needs_number) for months and weekdays.
_CALENDAR_SECTIONS = (
    ("months", False, False),
    ("months_in_context", True, False),
    ("months_with_number", True, True),
    ("weekdays", False, False),
    ("weekdays_in_context", True, False),
)
#: The dash is a range word in every language: "nov 3 - 9".
DASH = "-"

Key = tuple[str, ...]


@cache
def _read(phrase: str) -> tuple[Key, str]:
    """A phrase's folded key and its spelling (lower case), read like a question's words."""
    tokens = tokenize(phrase)
    return tuple(token.norm for token in tokens), " ".join(token.text.lower() for token in tokens)


def _folded(phrase: str) -> Key:
    return _read(phrase)[0]


def _entries(pack: WordPack) -> Iterable[tuple[str, Entry]]:
    """(phrase, meaning) for every word of a pack the question parser reads."""
    for key, statuses in _STATUSES.items():
        for phrase in pack.words("statuses", key):
            yield phrase, Entry(Kind.STATUS, statuses=statuses)
    for key, phrases in pack.section("periods").items():
        for phrase in phrases:
            yield phrase, Entry(Kind.RELATIVE, tag=Relative(key))
    for key, phrases in pack.section("units").items():
        for phrase in phrases:
            yield phrase, Entry(Kind.UNIT, tag=Unit(key))
    for key, phrases in pack.section("prepositions").items():
        for phrase in phrases:
            yield phrase, Entry(Kind.PREP, tag=Prep(key))
    for key, kind in _CONNECTOR_KINDS.items():
        for phrase in pack.words("connectors", key):
            yield phrase, Entry(kind)
    for key in ("ago_before", "ago_after"):
        for phrase in pack.words("connectors", key):
            yield phrase, Entry(Kind.AGO)
    for phrase in pack.words("connectors", "before_last"):
        yield phrase, Entry(Kind.BEFORE_LAST)
    for key in QUARTERS:
        for phrase in pack.words("quarters", key):
            yield phrase, Entry(Kind.QUARTER, number=int(key))
    for key, kind in _WORD_KINDS.items():
        for phrase in pack.words("words", key):
            yield phrase, Entry(kind)
    for phrase in (*pack.words("words", "unanswerable"), *pack.words("words", "why")):
        yield phrase, Entry(Kind.UNANSWERED)
    for every in pack.words("words", "every"):
        for section in ("weekdays", "weekdays_in_context"):
            for weekday in WEEKDAYS:
                for name in pack.words(section, weekday):
                    for plural in (name, f"{name}s"):
                        yield f"{every} {plural}", Entry(Kind.UNANSWERED)
    for section, ambiguous, needs_number in _CALENDAR_SECTIONS:
        names, kind, first = (
            (MONTHS, Kind.MONTH, 1) if section.startswith("months") else (WEEKDAYS, Kind.WEEKDAY, 0)
        )
        for index, name in enumerate(names):
            for phrase in pack.words(section, name):
                entry = Entry(
                    kind, number=index + first, ambiguous=ambiguous, needs_number=needs_number
                )
                yield phrase, entry


def _merge(known: Entry, entry: Entry, language: Language, phrase: str) -> Entry:
    """One folded word with two meanings, where the parser has a rule to tell them apart.

    - a negation in one language and "in the" in another (Portuguese "no"): a negation,
      unless a date of a language where it means "in the" follows it;
    - a month and a weekday (Spanish "mar": marzo, martes), both only in context: the
      month in a date, the weekday beside another weekday;
    - a month only in context and the word after a count of units (English "ago", Spanish
      and Portuguese "ago" for agosto): "ago" right after "3 days", the month elsewhere.

    Any other clash is a mistake in a pack.
    """
    if replace(known, langs=frozenset(), weekday=None, in_the=frozenset()) == entry:
        return known
    kinds = {known.kind, entry.kind}
    if kinds == {Kind.NEGATION, Kind.PREP} and Prep.IN in (known.tag, entry.tag):
        negation = known if known.kind is Kind.NEGATION else entry
        in_the = known.in_the | (known.langs if known.kind is Kind.PREP else frozenset())
        if entry.kind is Kind.PREP:
            in_the |= {language}
        return replace(negation, tag="", langs=known.langs, in_the=in_the)
    if kinds == {Kind.MONTH, Kind.WEEKDAY} and known.ambiguous and entry.ambiguous:
        month, weekday = (known, entry) if known.kind is Kind.MONTH else (entry, known)
        if month.weekday in (None, weekday.number):
            return replace(month, langs=known.langs, weekday=weekday.number)
    if kinds == {Kind.MONTH, Kind.AGO}:
        month = known if known.kind is Kind.MONTH else entry
        if month.ambiguous:
            return replace(month, langs=known.langs)
    raise ValueError(f"{phrase!r} ({language}) has two meanings in the word packs")


def _build(
    packs: Iterable[WordPack],
) -> tuple[dict[Key, Entry], dict[Key, Mapping[str, frozenset[Language]]]]:
    """The lexicon (folded phrase → meaning) and each phrase's spellings per language."""
    lexicon: dict[Key, Entry] = {}
    spellings: dict[Key, dict[str, frozenset[Language]]] = {}
    for pack in packs:
        language = pack.language
        for phrase, entry in _entries(pack):
            key, spelled = _read(phrase)
            known = lexicon.get(key)
            merged = entry if known is None else _merge(known, entry, language, phrase)
            lexicon[key] = replace(merged, langs=merged.langs | {language})
            forms = spellings.setdefault(key, {})
            forms[spelled] = forms.get(spelled, frozenset()) | {language}
    return lexicon, dict(spellings)


def _connectors(packs: Iterable[WordPack]) -> Connectors:
    packs = tuple(packs)

    def folded(key: str) -> frozenset[str]:
        return frozenset(
            " ".join(_folded(phrase)) for pack in packs for phrase in pack.words("connectors", key)
        )

    prepositions = frozenset(
        " ".join(_folded(phrase))
        for pack in packs
        for phrases in pack.section("prepositions").values()
        for phrase in phrases
    )
    range_to = folded("to") | {DASH}
    after_from = folded("to_after_from")
    return Connectors(
        articles=folded("articles"),
        counting_articles=folded("counting_articles"),
        range_to=range_to,
        range_to_after_from=after_from,
        range_and=folded("and"),
        range_from=folded("from"),
        of=folded("of"),
        ago_after=folded("ago_after"),
        of_current=folded("of_current"),
        day_articles=folded("day_articles"),
        # "to", "al", "-", "a": not "until" or "hasta", which also stand alone as prepositions.
        dangling=(range_to | after_from) - prepositions,
    )


def _numbers(packs: Iterable[WordPack]) -> dict[str, int]:
    return {
        " ".join(_folded(phrase)): int(key)
        for pack in packs
        for key in NUMBERS
        for phrase in pack.words("numbers", key)
    }


def _glued_units(packs: Iterable[WordPack]) -> dict[str, Unit]:
    return {
        " ".join(_folded(phrase)): Unit(unit)
        for pack in packs
        for unit in UNITS
        for phrase in pack.words("units_glued", unit)
    }


def _hour_words(packs: Iterable[WordPack]) -> frozenset[str]:
    return frozenset(
        " ".join(_folded(phrase)) for pack in packs for phrase in pack.words("alerts", "hours")
    )


def _start_words(packs: Iterable[WordPack]) -> frozenset[str]:
    return frozenset(
        " ".join(_folded(phrase)) for pack in packs for phrase in pack.words("words", "start_of")
    )


def _why_words(packs: Iterable[WordPack]) -> frozenset[str]:
    return frozenset(
        " ".join(_folded(phrase)) for pack in packs for phrase in pack.words("words", "why")
    )


def _everyday(packs: Iterable[WordPack]) -> frozenset[str]:
    return frozenset(
        " ".join(_folded(phrase)) for pack in packs for phrase in pack.words("words", "everyday")
    )


def _pack_words(packs: Iterable[WordPack], key: str) -> frozenset[str]:
    return frozenset(
        " ".join(_folded(phrase)) for pack in packs for phrase in pack.words("words", key)
    )


def _ordinal_suffixes(packs: Iterable[WordPack]) -> tuple[str, ...]:
    suffixes = {
        " ".join(_folded(phrase)) or phrase
        for pack in packs
        for phrase in pack.words("words", "ordinal_suffixes")
    }
    return tuple(sorted(suffixes, key=lambda suffix: (-len(suffix), suffix)))


_PACKS = word_packs()
LEXICON, SPELLINGS = _build(_PACKS)
#: The longest phrase starting with each word, so lookups try only the lengths that exist.
LONGEST_FROM: dict[str, int] = {}
for _key in LEXICON:
    LONGEST_FROM[_key[0]] = max(LONGEST_FROM.get(_key[0], 0), len(_key))
CONNECTORS = _connectors(_PACKS)
#: Counts spelled out, checked only right after last / últimos: "last two weeks".
NUMBER_WORDS = _numbers(_PACKS)
#: Units only stuck to a number: "7d", "2w".
GLUED_UNITS = _glued_units(_PACKS)
#: "hours", "horas", "hs": "last 48 hours" is read as the whole days that hold them.
HOUR_WORDS = _hour_words(_PACKS)
#: "start", "principio", "começo": "since the start of november" is since november.
START_WORDS = _start_words(_PACKS)
#: "why", "por qué": named back with a pointer to a send's Details, which list its reasons.
WHY_WORDS = _why_words(_PACKS)
#: Everyday words near a word we know, folded: never suggested in their place.
EVERYDAY_WORDS = _everyday(_PACKS)
#: Verbs that, before a template or a recipient, ask us to send it ("send promo to…"); not
#: after a subject ("did we send promo"). Elsewhere they are fillers ("send me the failed").
SEND_VERBS = _pack_words(_PACKS, "send_verbs")
SEND_SUBJECTS = _pack_words(_PACKS, "send_subjects")
#: Nouns a number right before them counts or orders ("1000 recipients", "the 3rd send"):
#: such a number is never a date.
COUNTED = _pack_words(_PACKS, "counted")
#: A ranking of these with no grouping ranks single sends: named back.
SEND_NOUNS = _pack_words(_PACKS, "send_nouns")
#: "3rd", "1º", "1ero": longest first.
ORDINAL_SUFFIXES = _ordinal_suffixes(_PACKS)
