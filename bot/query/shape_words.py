"""The words of question shapes, from the word packs, and where they stand in a question.

Sections ``[metrics]``, ``[metrics_in_context]``, ``[shapes]``, ``[groups]``,
``[groups_plural]`` and ``[group_adverbs]`` of ``bot/locale/<language>/words.toml``: each
folded phrase with what it may mean (``Sense``). ``find_items`` splits a question's lexemes
into shape phrases (longest first, whole lexemes only) and plain lexemes; what each phrase
does there is decided in ``bot/query/shapes.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.locale.choice import Clue, word_clue
from bot.locale.languages import Language
from bot.locale.words import (
    GROUPS,
    METRICS,
    PREVIOUS_PERIODS,
    SAME_LAST_WEEK,
    SAME_LAST_YEAR,
    SHAPE_WORDS,
    WordPack,
    word_packs,
)
from bot.query.lexer import Lexeme
from bot.query.text import tokenize
from bot.query.vocabulary import Kind


class Cue(StrEnum):
    """What a shape word does."""

    METRIC = "metric"
    METRIC_IN_CONTEXT = "metric_in_context"
    GROUP = "group"
    GROUP_PLURAL = "group_plural"
    GROUP_ADVERB = "group_adverb"
    COUNT = "count"
    TOP = "top"
    RANK_BY = "rank_by"  # "ranked by", "ordenadas por": a ranking, only by a metric
    BOTTOM = "bottom"  # "bottom 3": a ranking from the smallest
    MOST = "most"
    LEAST = "least"
    BEST = "best"
    WORST = "worst"
    WHICH = "which"
    COMPARE = "compare"
    COMPARE_FIRST = "compare_first"
    COMPARE_JOIN = "compare_join"
    COMPARE_PREVIOUS = "compare_previous"
    PREVIOUS = "previous"
    PREVIOUS_ONE = "previous_one"
    CURRENT_ONE = "current_one"  # "comparado con este": the current period of the range's kind
    TREND = "trend"
    PHONE = "phone"
    BY = "by"
    PERCENT = "percent"  # "%", "porcentaje de": the rate of a count
    THAN = "than"  # "que", "do que": after a comparative, the period compared with
    HAVE = "have"  # "do we have", "tenemos": beside recipients, the customer base
    CHANGE = "change"  # "did the read rate drop?": a trend, or nothing beside a comparison
    CONDITION = "condition"  # "over", "acima de" before a number: a condition, named back
    SAME_LAST_YEAR = "same_last_year"  # "vs the same week last year"
    SAME_LAST_WEEK = "same_last_week"  # "vs the same day last week"


RANKS = frozenset({Cue.MOST, Cue.LEAST, Cue.BEST, Cue.WORST})


@dataclass(frozen=True)
class Sense:
    cue: Cue
    tag: str = ""  # a Metric or GroupBy value, or the unit of a previous period


@dataclass(frozen=True)
class Vocabulary:
    senses: Mapping[str, tuple[Sense, ...]]  # folded phrase → what it may mean
    spellings: Mapping[str, Mapping[str, frozenset[Language]]]
    longest: Mapping[str, int]  # the longest phrase (in tokens) starting with each word


_RECIPIENT = "recipient"


def _read(phrase: str) -> tuple[str, str]:
    tokens = tokenize(phrase)
    return " ".join(t.norm for t in tokens), " ".join(t.text.lower() for t in tokens)


def _senses(pack: WordPack) -> Iterable[tuple[str, Sense]]:
    for section, cue in (("metrics", Cue.METRIC), ("metrics_in_context", Cue.METRIC_IN_CONTEXT)):
        for metric in METRICS:
            for phrase in pack.words(section, metric):
                yield phrase, Sense(cue, metric)
    for section, cue in (
        ("groups", Cue.GROUP),
        ("groups_plural", Cue.GROUP_PLURAL),
        ("group_adverbs", Cue.GROUP_ADVERB),
    ):
        for group in GROUPS:
            for phrase in pack.words(section, group):
                yield phrase, Sense(cue, group)
    for word in SHAPE_WORDS:
        if word == _RECIPIENT:
            continue  # not a shape of its own: only looked for before a phone number
        for phrase in pack.words("shapes", word):
            yield phrase, Sense(Cue(word))
    for unit in PREVIOUS_PERIODS:
        for phrase in pack.words("previous_periods", unit):
            yield phrase, Sense(Cue.PREVIOUS_ONE, unit)
    for unit in SAME_LAST_YEAR:
        for phrase in pack.words("same_last_year", unit):
            yield phrase, Sense(Cue.SAME_LAST_YEAR, "" if unit == "period" else unit)
    for unit in SAME_LAST_WEEK:
        for phrase in pack.words("same_last_week", unit):
            yield phrase, Sense(Cue.SAME_LAST_WEEK, "" if unit == "period" else unit)


def _vocabulary(packs: Iterable[WordPack]) -> Vocabulary:
    senses: dict[str, tuple[Sense, ...]] = {}
    spellings: dict[str, dict[str, frozenset[Language]]] = {}
    for pack in packs:
        for phrase, sense in _senses(pack):
            key, spelled = _read(phrase)
            if sense not in senses.get(key, ()):
                senses[key] = (*senses.get(key, ()), sense)
            forms = spellings.setdefault(key, {})
            forms[spelled] = forms.get(spelled, frozenset()) | {pack.language}
    longest: dict[str, int] = {}
    for key in senses:
        words = key.split()
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return Vocabulary(senses, spellings, longest)


VOCABULARY = _vocabulary(word_packs())
#: "to", "al", "para": before a phone number, a number sends went to (folded).
RECIPIENT_WORDS = frozenset(
    _read(phrase)[0] for pack in word_packs() for phrase in pack.words("shapes", _RECIPIENT)
)
#: Every shape phrase, folded ("tasa de entrega", "how many"): for tests and tools.
SHAPE_PHRASES = frozenset(VOCABULARY.senses)
PHONE_WORDS = frozenset(
    key for key, senses in VOCABULARY.senses.items() if any(s.cue is Cue.PHONE for s in senses)
)


@dataclass(frozen=True)
class Item:
    """A run of lexemes ``[start, end)``: a shape phrase (``senses``) or one plain lexeme."""

    start: int
    end: int
    senses: tuple[Sense, ...] = ()
    typed: str = ""

    def has(self, cues: Iterable[Cue] | Cue) -> Sense | None:
        wanted = {cues} if isinstance(cues, Cue) else set(cues)
        return next((sense for sense in self.senses if sense.cue in wanted), None)


def find_items(lexemes: list[Lexeme]) -> list[Item]:
    items: list[Item] = []
    i = 0
    while i < len(lexemes):
        first = lexemes[i].norm.split(" ", 1)[0]
        for size in range(min(VOCABULARY.longest.get(first, 0), len(lexemes) - i), 0, -1):
            key = " ".join(lexeme.norm for lexeme in lexemes[i : i + size])
            senses = VOCABULARY.senses.get(key)
            if senses and all(lexeme.kind is not Kind.SYMBOL for lexeme in lexemes[i : i + size]):
                typed = " ".join(lexeme.text for lexeme in lexemes[i : i + size])
                items.append(Item(i, i + size, senses, typed))
                i += size
                break
        else:
            items.append(Item(i, i + 1, typed=lexemes[i].text))
            i += 1
    return items


def item_clue(item: Item, lexemes: list[Lexeme]) -> list[Clue]:
    """What a shape phrase (or a plain lexeme read as a shape's part) says of the language."""
    if item.senses:
        key = " ".join(lexeme.norm for lexeme in lexemes[item.start : item.end])
        return [word_clue(item.typed, VOCABULARY.spellings.get(key, {}))]
    return [lexeme.clue for lexeme in lexemes[item.start : item.end] if lexeme.clue.languages]
