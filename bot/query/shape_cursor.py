"""The record a question's shape words are read into, and moving about its items: the
next and previous item that is not filler, and noting what each item was bound as.
``bot/query/shape_reading.py`` holds the rules that decide the bindings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.sends import Status
from bot.locale.choice import Clue
from bot.query.lexer import Lexeme
from bot.query.model import GroupBy, Metric
from bot.query.shape_words import Cue, Item, item_clue
from bot.query.vocabulary import CONNECTORS, NUMBER_WORDS, Kind

MAX_TOP = 100  # "top 1000" is no ranking anyone reads; the number is named back
GROUPS = frozenset({Cue.GROUP, Cue.GROUP_PLURAL})
METRICS = frozenset({Cue.METRIC, Cue.METRIC_IN_CONTEXT})
ARTICLES = CONNECTORS.articles | CONNECTORS.of


@dataclass
class ShapeReading:
    """The shape words of a question, before dates and statuses are known."""

    used: set[int] = field(default_factory=set)  # lexemes read as shape words
    clues: list[Clue] = field(default_factory=list)
    metrics: dict[Metric, str] = field(default_factory=dict)  # → the words, as typed
    groups: dict[GroupBy, str] = field(default_factory=dict)
    count: bool = False
    top: bool = False
    rank: Cue | None = None
    top_n: int | None = None
    top_too_many: bool = False  # "top 500": a size over MAX_TOP, named back with the limit
    which_one: bool = False  # "which template…", "the worst template": one, the first
    trend: bool = False
    compare_at: int | None = None  # the lexeme where the comparison's period starts
    compare_words: str = ""
    compare_start: int = -1  # the compare word's first lexeme, to name it back if alone
    #: "más fallos que…", "more failures than…": the comparative's lexemes, named back
    #: with the comparison word when nothing follows it to compare with.
    comparative: list[int] = field(default_factory=list)
    compare_previous: bool = False  # "than before": the same number of days before
    compare_previous_one: bool = False  # "vs the previous one": the period before, whole
    compare_current: bool = False  # "el trimestre pasado comparado con este": this one
    compare_last_year: bool = False  # "vs the same week last year"
    compare_last_week: bool = False  # "vs the same day last week"
    #: "vs the week before": the kind of period the previous one must be, as typed.
    compare_unit: str = ""
    compare_unit_words: str = ""
    phones: dict[str, str] = field(default_factory=dict)  # digits → as typed
    send_ids: dict[str, str] = field(default_factory=dict)  # id → as typed
    recipient: str = ""  # "to +54 9 …": a number sends went to, as typed
    unanswered: list[int] = field(default_factory=list)  # lexemes to name back
    #: "over 1000", "acima de 500": a condition on a quantity, its words and number named
    #: back together (never a date, never a ranking).
    conditions: list[int] = field(default_factory=list)

    @property
    def ranking(self) -> bool:
        return self.top or self.rank is not None


class Cursor:
    """One question's items, which of them are bound, and what each was bound as."""

    def __init__(self, lexemes: list[Lexeme], items: list[Item], found: ShapeReading) -> None:
        self.lexemes = lexemes
        self.items = items
        self.found = found
        self.bound: set[int] = set()  # item indices already read
        self.metric_at: dict[int, Metric] = {}  # item index → the metric it was read as

    def _next(self, k: int, *, fillers: bool = True) -> int | None:
        """The next item that is not filler (articles, "with", "of"…)."""
        for j in range(k + 1, len(self.items)):
            if fillers and self._is_filler(j):
                continue
            return j
        return None

    def _previous(self, k: int) -> int | None:
        for j in range(k - 1, -1, -1):
            if self._is_filler(j):
                continue
            return j
        return None

    def _is_filler(self, k: int) -> bool:
        item = self.items[k]
        if item.senses or k in self.bound:
            return False
        return self.lexemes[item.start].kind is Kind.FILLER

    def _only_articles(self, k: int, j: int) -> bool:
        """Nothing but articles between items ``k`` and ``j``: "which of the numbers"."""
        between = self.lexemes[self.items[k].end : self.items[j].start]
        return all(lexeme.norm in ARTICLES for lexeme in between)

    def _group_follows(self, k: int) -> bool:
        following = self._next(k)
        return following is not None and bool(self.items[following].has(GROUPS))

    def _count(self, k: int) -> int | None:
        """A number for a ranking: "top 5", "los 3 peores", "top five"."""
        item = self.items[k]
        if item.senses or item.end - item.start != 1:
            return None
        lexeme = self.lexemes[item.start]
        if lexeme.kind is Kind.NUMBER:
            number = lexeme.number
        elif lexeme.norm in NUMBER_WORDS:
            number = NUMBER_WORDS[lexeme.norm]
        else:
            return None
        return number if 1 <= number <= MAX_TOP else None

    def _too_many(self, k: int) -> bool:
        """A number over the largest ranking: "top 500"."""
        item = self.items[k]
        if item.senses or item.end - item.start != 1:
            return False
        lexeme = self.lexemes[item.start]
        return lexeme.kind is Kind.NUMBER and lexeme.number > MAX_TOP

    def _is_failure(self, k: int) -> bool:
        item = self.items[k]
        if item.senses or item.end - item.start != 1:
            return False
        lexeme = self.lexemes[item.start]
        return lexeme.kind is Kind.STATUS and lexeme.statuses == {Status.FAILED}

    def _metric_at(self, j: int) -> Metric | None:
        """The metric item ``j`` was read as, or would be read as beside a count."""
        if j in self.bound:
            return self.metric_at.get(j)
        sense = self.items[j].has(METRICS)
        return Metric(sense.tag) if sense is not None else None

    def _use(self, k: int) -> None:
        item = self.items[k]
        self.bound.add(k)
        self.found.used.update(range(item.start, item.end))
        self.found.clues += item_clue(item, self.lexemes)

    def _metric(self, k: int, metric: Metric) -> None:
        self._use(k)
        self.metric_at[k] = metric
        self.found.metrics.setdefault(metric, self.items[k].typed)

    def _failures(self, k: int) -> None:
        """ "most failures": failed messages, the metric, not a status filter."""
        self._metric(k, Metric.FAILED)

    def _group(self, k: int, group: GroupBy) -> None:
        self._use(k)
        self.found.groups.setdefault(group, self.items[k].typed)
