"""How the shape words of a question bind to their neighbours (docs/query-language.md,
"Question shapes"): "by" to a grouping ("por plantilla"), a ranking word to what it ranks
("most failures", "mayor tasa de lectura"), a comparison word to what follows it ("vs last
week", "que antes"), "%" to the count it makes a rate of, a phone word to a number.

A shape word that binds to nothing is left to the rest of the parser, which names it back
unless it is an ordinary word there. ``bot/query/shapes.py`` runs this over a question.
"""

from __future__ import annotations

from bot.query.model import GroupBy, Metric
from bot.query.shape_cursor import ARTICLES, GROUPS, METRICS, Cursor
from bot.query.shape_words import RANKS, VOCABULARY, Cue, Item
from bot.query.text import MAX_PHONE_DIGITS
from bot.query.vocabulary import CONNECTORS, NUMBER_WORDS, Kind

_MIN_PHONE_DIGITS = 8
_NOT_TIME = frozenset({GroupBy.TEMPLATE, GroupBy.PHONE_NUMBER, GroupBy.STATUS, GroupBy.LANGUAGE})
#: "%" next to a count makes it a rate: "% delivered", "what % failed", "% de lectura".
_RATE_OF = {
    Metric.DELIVERED: Metric.DELIVERY_RATE,
    Metric.READ: Metric.READ_RATE,
    Metric.FAILED: Metric.FAILURE_RATE,
}
_RATES = frozenset(_RATE_OF.values())


def _group_word(norm: str) -> GroupBy | None:
    """The grouping a word names on its own ("number", "número"), if any."""
    senses = VOCABULARY.senses.get(norm, ())
    return next((GroupBy(sense.tag) for sense in senses if sense.cue in GROUPS), None)


class Binder(Cursor):
    """Binds the shape items of one question, left to right, into a ``ShapeReading``."""

    def read(self) -> None:
        for k, item in enumerate(self.items):
            if k in self.bound or not item.senses:
                continue
            self._bind(k, item)
        # Words that are shapes only beside a count or a ranking: "how many were sent". Sends
        # are what every question is about: they name the metric only when nothing else does
        # ("cuántos envíos se entregaron" asks for deliveries).
        if self.found.count or self.found.ranking or self.found.trend:
            for bulk in (False, True):
                if bulk and self.found.metrics:
                    break
                for k, item in enumerate(self.items):
                    sense = item.has(Cue.METRIC_IN_CONTEXT)
                    if k in self.bound or sense is None:
                        continue
                    if (sense.tag == Metric.BULK_SENDS) is bulk:
                        self._metric(k, Metric(sense.tag))
        # "templates" alone, a plural no question reads otherwise: a breakdown by template;
        # in a ranking, any grouping but days, weeks and months (those are dates there).
        for k, item in enumerate(self.items):
            sense = item.has(GROUPS if self.found.ranking else Cue.GROUP_PLURAL)
            if k in self.bound or sense is None:
                continue
            if (
                sense.tag == GroupBy.TEMPLATE
                or (self.found.ranking and sense.tag in _NOT_TIME)
                or (self.found.ranking and self._the_period(k))
            ):
                self._group(k, GroupBy(sense.tag))
                if self.found.ranking and sense.cue is Cue.GROUP:
                    self.found.which_one = True  # "la plantilla con peor tasa de entrega"
        # "las 3 plantillas con más fallos": the ranking's size before what it ranks.
        if self.found.ranking and self.found.top_n is None:
            self._size_before_groups()
        self._people_who()
        self._people_we_have()
        self._changes()

    def _changes(self) -> None:
        """ "did the failure rate drop?", "¿bajó la tasa de lectura?": beside a metric, a
        change asked about; with a comparison the comparison shows it ("did the failure
        rate drop compared to last month?"), else it is a trend. With no metric ("¿se cayó
        algo?", "caiu algum envio?") it is left to be named back."""
        found = self.found
        compared = found.compare_words or found.compare_previous or found.compare_at is not None
        for k, item in enumerate(self.items):
            if k in self.bound or not item.has(Cue.CHANGE) or not found.metrics:
                continue
            self._use(k)
            found.trend = found.trend or not compared

    def _people_we_have(self) -> None:
        """ "how many contacts do we have", "cuántos clientes tenemos": the customer base, not
        the recipients of any sends. The possession is named back."""
        if Metric.RECIPIENTS not in self.found.metrics:
            return
        for k, item in enumerate(self.items):
            if item.has(Cue.HAVE) and k not in self.bound:
                self.bound.add(k)
                self.found.unanswered += range(item.start, item.end)

    def _people_who(self) -> None:
        """ "how many people read it", "cuántas personas leyeron": the people are the ones the
        verb right after them counts, so that verb is the metric."""
        for k, metric in list(self.metric_at.items()):
            following = self._next(k)
            if metric is not Metric.RECIPIENTS or following is None:
                continue
            verb = self.metric_at.get(following)
            if verb is not None and verb is not Metric.RECIPIENTS:
                self.found.metrics.pop(Metric.RECIPIENTS, None)
                del self.metric_at[k]

    def _bind(self, k: int, item: Item) -> None:
        found = self.found
        comparing = item.has({Cue.COMPARE, Cue.COMPARE_PREVIOUS, Cue.COMPARE_FIRST})
        if item.has(Cue.CONDITION):
            self._condition(k)
        elif item.has(Cue.BY) and item.has(Cue.COMPARE) and self._group_follows(k):
            self._by(k)  # "x": "fallidos x día" (por) but "hoje x ontem" (vs)
        elif comparing and (found.compare_words or found.compare_previous):
            self.bound.add(k)  # a second comparison: "this week vs last week vs…"
            found.unanswered.append(item.start)
        elif item.has(Cue.COMPARE_PREVIOUS):
            self._use(k)
            found.compare_previous = True
            found.compare_words = item.typed
        elif item.has(Cue.COMPARE_FIRST):
            self._compare_first(k, item)
        elif item.has(Cue.COMPARE):
            self._compare(k, item)
        elif item.has({Cue.TOP, Cue.BOTTOM}):
            self._top(k)
            if item.has(Cue.BOTTOM):
                self.found.rank = Cue.LEAST
        elif item.has(RANKS):
            self._rank(k, item)
        elif item.has(Cue.RANK_BY):
            self._rank_by(k)
        elif item.has(Cue.BY):
            self._by(k)
        elif item.has(Cue.WHICH):
            self._which(k)
        elif item.has(Cue.COUNT):
            self._use(k)
            found.count = True
            following = self._next(k)
            if following is not None and self.items[following].has(GROUPS):
                # "how many templates": a count of templates, which no answer gives.
                self.bound.add(following)
                found.unanswered.append(self.items[following].start)
        elif item.has(Cue.TREND):
            self._use(k)
            found.trend = True
        elif item.has(Cue.PERCENT):
            self._percent(k)
        elif sense := item.has(Cue.METRIC):
            self._metric(k, Metric(sense.tag))
        elif sense := item.has(Cue.GROUP_ADVERB):
            self._group(k, GroupBy(sense.tag))
        elif item.has(Cue.PHONE):
            self._phone(k)

    def _condition(self, k: int) -> None:
        """ "over 1000 recipients", "acima de 500": a number right after a condition word,
        not counting days or months ("over 3 days" is left to the dates), is a condition on
        a quantity, which no answer filters by: both are named back."""
        item = self.items[k]
        number = item.end
        if number >= len(self.lexemes) or self.lexemes[number].kind is not Kind.NUMBER:
            return
        after = self.lexemes[number + 1] if number + 1 < len(self.lexemes) else None
        if after is not None and after.kind in (Kind.UNIT, Kind.MONTH, Kind.ORDINAL):
            return
        self._use(k)
        self.found.used.add(number)
        self.bound.update(j for j, other in enumerate(self.items) if other.start == number)
        self.found.conditions += [*range(item.start, item.end), number]

    def _the_period(self, k: int) -> bool:
        """ "el día con más fallas", "the day with the most reads": a day, week or month in
        the singular after an article is what a ranking ranks, unless a date goes on from it
        ("el día 15", "the week of nov 3")."""
        item = self.items[k]
        if not item.has(Cue.GROUP) or item.start == 0:
            return False
        after = self.lexemes[item.end] if item.end < len(self.lexemes) else None
        dated = after is not None and (
            after.kind in (Kind.NUMBER, Kind.ORDINAL, Kind.MONTH) or after.norm in ARTICLES
        )
        return self.lexemes[item.start - 1].norm in CONNECTORS.articles and not dated

    def _size_before_groups(self) -> None:
        for k, item in enumerate(self.items):
            if k in self.bound and item.has(GROUPS):
                previous = self._previous(k)
                if previous is not None and previous not in self.bound:
                    n = self._count(previous)
                    if n is not None:
                        self.found.top_n = n
                        self._use(previous)
                        return

    # Comparisons --------------------------------------------------------------------

    def _compare(self, k: int, item: Item) -> None:
        found = self.found
        self._use(k)
        found.compare_words = item.typed
        found.compare_start = item.start
        following = self._next(k)
        if following is None:
            found.compare_at = len(self.lexemes)  # nothing after it: named back
            return
        nxt = self.items[following]
        if nxt.has(Cue.PREVIOUS):
            self._use(following)
            found.compare_previous = True
            found.compare_words += f" {nxt.typed}"
            return
        if (same := nxt.has({Cue.SAME_LAST_YEAR, Cue.SAME_LAST_WEEK})) is not None:
            self._use(following)  # "vs the same week last year", "vs the same day last week"
            found.compare_last_year = same.cue is Cue.SAME_LAST_YEAR
            found.compare_last_week = same.cue is Cue.SAME_LAST_WEEK
            found.compare_words += f" {nxt.typed}"
            if same.tag:
                found.compare_unit, found.compare_unit_words = same.tag, nxt.typed
            return
        if nxt.has(Cue.CURRENT_ONE):
            self._use(following)
            found.compare_current = True
            found.compare_words += f" {nxt.typed}"
            return
        previous_one = nxt.has(Cue.PREVIOUS_ONE)
        if previous_one is not None and not self._counts_units(nxt.end):
            # "vs the previous one", "vs the week before"; not "vs previous 30 days", a date.
            self._use(following)
            found.compare_previous_one = True
            found.compare_words += f" {nxt.typed}"
            if previous_one.tag:
                found.compare_unit, found.compare_unit_words = previous_one.tag, nxt.typed
            return
        start = nxt.start  # "vs the previous 30 days": the date starts after the article
        while start + 1 < nxt.end and self.lexemes[start].norm in ARTICLES:
            start += 1
        found.compare_at = start

    def _compare_first(self, k: int, item: Item) -> None:
        """ "compare this week with last week": the second period after the joining word."""
        for j in range(k + 2, len(self.items)):
            join = self.items[j]
            if join.has(Cue.COMPARE_JOIN) and not self._is_filler(j - 1):
                self._use(k)
                self._compare(j, join)
                return

    def _comparative(self, k: int, following: int | None) -> None:
        """ "más fallos que antes", "more failures than last week": what it counts is bound,
        and the "que" / "than" after it starts the comparison."""
        self._use(k)
        self.found.comparative += list(range(self.items[k].start, self.items[k].end))
        if following is None or not self._object(following):
            return
        than = self._next(following)
        if than is not None and self.items[than].has(Cue.THAN) and than not in self.bound:
            self._compare(than, self.items[than])

    def _counts_units(self, i: int) -> bool:
        """A count of units right at lexeme ``i``: "(previous) 30 days"."""
        if i + 1 >= len(self.lexemes):
            return False
        count = self.lexemes[i]
        counted = count.kind is Kind.NUMBER or count.norm in NUMBER_WORDS
        return counted and self.lexemes[i + 1].kind is Kind.UNIT

    # Rankings -----------------------------------------------------------------------

    def _top(self, k: int) -> None:
        found = self.found
        self._use(k)
        found.top = True
        following = self._next(k)
        previous = self._previous(k)
        if following is not None and (n := self._count(following)) is not None:
            found.top_n = n
            self._use(following)
            following = self._next(following)
        elif previous is not None and (n := self._count(previous)) is not None:
            found.top_n = n  # "los 3 principales", "os 5 principais modelos"
            self._use(previous)
        elif following is not None and self._too_many(following):
            found.top_too_many = True  # "top 500": the number is named back with the limit
            following = self._next(following)
        if following is not None and self._people(following):
            # "top 10 recipients", "top 5 clientes": people, which no answer ranks.
            self.bound.add(following)
            found.unanswered.append(self.items[following].start)
        elif following is not None:
            self._object(following, ranked=True)

    def _rank_by(self, k: int) -> None:
        """ "templates ranked by read rate": a ranking by that metric. "sorted by date" ranks
        nothing and is named back."""
        following = self._next(k)
        if following is not None and self.items[following].has(METRICS | {Cue.PERCENT}):
            self._use(k)
            self.found.top = True
            self._object(following)
        elif following is not None and self._is_failure(following):
            self._use(k)
            self.found.top = True
            self._failures(following)

    def _rank(self, k: int, item: Item) -> None:
        """most / least / best / worst, bound to what it ranks."""
        found = self.found
        sense = item.has(RANKS)
        assert sense is not None
        following = self._next(k)
        previous = self._previous(k)
        if self._negation(item) and not self._ranks_something():
            return  # "todos menos los fallidos": a negation, named back
        counted = self._count_of_groups(k)
        if counted is not None:
            following = self._next(counted)  # "lowest 3 templates", "worst 5 senders"
        if sense.cue in (Cue.MOST, Cue.LEAST) and self._is_comparative(k, following):
            self._comparative(k, following)
            return
        bound = False
        if (following is not None and self._object(following, ranked=True)) or (
            previous is not None and self._ranks_something() and self._ranked_before(previous)
        ):
            bound = True
        elif sense.cue in (Cue.BEST, Cue.WORST) or found.top or found.groups:
            bound = True  # "worst templates", "which template did best": a ranking alone
        elif self._context_after(k):
            bound = True  # "which template had the most", "los que más": ranked by default
        if not bound:
            return  # "más", "menos", "most" alone: left for the rest of the parser
        self._use(k)
        if found.rank is None or found.rank is Cue.MOST:
            found.rank = sense.cue
        if counted is not None:
            found.top_n = self._count(counted)
            self._use(counted)
        elif previous is not None and (n := self._count(previous)) is not None:
            found.top_n = n  # "the 3 worst", "los 3 peores"
            self._use(previous)

    def _count_of_groups(self, k: int) -> int | None:
        """A count right after the ranking word, of the groups right after it: "lowest 3
        templates". Not "más de 100 destinatarios", a condition, named back."""
        j = k + 1
        if j >= len(self.items) or self._count(j) is None:
            return None
        after = self._next(j)
        return j if after is not None and self.items[after].has(GROUPS) else None

    def _is_comparative(self, k: int, following: int | None) -> bool:
        """ "más fallos que el mes pasado", "más fallos que antes": more than another period.

        "que" / "than" right after what is counted makes it a comparative; so does a
        comparison later in a question that ranks nothing ("¿más fallos que antes?"). Where
        something is ranked ("las 3 plantillas con más fallos este mes contra el mes
        pasado", "which templates failed the most vs last month") it is a superlative.
        """
        if following is not None:
            than = self._next(following)
            if than is not None and self.items[than].has(Cue.THAN):
                return self._is_object(following)
        compares = any(
            item.has({Cue.COMPARE, Cue.COMPARE_PREVIOUS}) for item in self.items[k + 1 :]
        )
        return compares and not self._ranks_something()

    def _object(self, k: int, *, ranked: bool = False) -> bool:
        """What a ranking word ranks, right after it: a grouping, a metric or failures.

        A grouping in the singular right after the ranking word asks for one ("the worst
        template", "top sender", "la peor plantilla"), as "which template" does.
        """
        item = self.items[k]
        if sense := item.has(GROUPS):
            self._group(k, GroupBy(sense.tag))
            if ranked and sense.cue is Cue.GROUP:
                self.found.which_one = True
            after = self._next(k)
            if after is not None and (m := self.items[after].has(METRICS)):
                self._metric(after, Metric(m.tag))  # "top templates sent"? rare, but bound
            return True
        if sense := item.has(METRICS):
            self._metric(k, Metric(sense.tag))
            return True
        if self._is_failure(k):
            self._failures(k)
            return True
        return False

    def _people(self, k: int) -> bool:
        sense = self.items[k].has(Cue.METRIC)
        return sense is not None and sense.tag == Metric.RECIPIENTS

    def _is_object(self, k: int) -> bool:
        item = self.items[k]
        return bool(item.has(GROUPS | METRICS)) or self._is_failure(k)

    def _ranked_before(self, k: int) -> bool:
        """ "failed the most", "were read the least": a metric or failures before the rank."""
        item = self.items[k]
        if sense := item.has(METRICS):
            self._metric(k, Metric(sense.tag))
            return True
        if self._is_failure(k):
            self._failures(k)
            return True
        return False

    def _negation(self, item: Item) -> bool:
        """ "menos" is also "except": a ranking word that could flip the question."""
        return any(lexeme.kind is Kind.NEGATION for lexeme in self.lexemes[item.start : item.end])

    def _ranks_something(self) -> bool:
        """A grouping, "which" or "top" anywhere: what a ranking word would rank."""
        return bool(self.found.groups) or any(
            item.has(GROUPS | {Cue.WHICH, Cue.TOP}) for item in self.items
        )

    def _context_after(self, k: int) -> bool:
        return self.found.which_one or any(
            item.has({Cue.WHICH, Cue.TOP}) for item in self.items[:k]
        )

    def _ranks_later(self) -> bool:
        return any(item.has(RANKS | {Cue.TOP}) for item in self.items)

    # Groupings, metrics, senders ------------------------------------------------------

    def _by(self, k: int) -> None:
        following = self._next(k)
        if following is None:
            return
        nxt = self.items[following]
        if sense := nxt.has(GROUPS):
            self._use(k)
            self._group(following, GroupBy(sense.tag))
        elif (sense := nxt.has(METRICS)) is not None and (
            self.found.ranking or self._ranks_later()
        ):
            self._use(k)
            self._metric(following, Metric(sense.tag))  # "top templates by read rate"
        elif self._is_failure(following) and (self.found.ranking or self._ranks_later()):
            self._use(k)
            self._failures(following)
        elif (
            nxt.has(Cue.COUNT)
            and (group := _group_word(self.lexemes[nxt.start].norm))
            and not (self.found.ranking or self._ranks_later() or self._counted_after(following))
        ):
            # "by number of yesterday's sends": the sender; "top templates by number of
            # sends", "by number of recipients" still count.
            self._use(k)
            self._group(following, group)

    def _counted_after(self, k: int) -> bool:
        """What item ``k`` counts follows it: a metric or a failure word, with no article
        between ("número de envíos" counts; "número de los envíos" is the sends' number)."""
        following = self._next(k)
        if following is None:
            return False
        between = self.lexemes[self.items[k].end : self.items[following].start]
        if any(lexeme.norm in CONNECTORS.articles for lexeme in between):
            return False
        return bool(self.items[following].has(METRICS)) or self._is_failure(following)

    def _which(self, k: int) -> None:
        following = self._next(k)
        if following is None:
            return
        nxt = self.items[following]
        sense = nxt.has(GROUPS)
        if sense is None:
            return
        if self.lexemes[nxt.start].kind is Kind.FILLER and not self._only_articles(k, following):
            return  # "what were the numbers": the figures, not "which numbers"
        self._use(k)
        self.found.which_one = sense.cue is Cue.GROUP
        self._group(following, GroupBy(sense.tag))

    def _percent(self, k: int) -> None:
        """ "%", "porcentaje de": the rate of the count beside it ("% delivered", "what %
        failed", "failure %"), or the rate beside it ("delivery %", "% de lectura").
        Bound to nothing, it is named back. The sends it is a share of come before the
        count ("what percentage of sends failed", "% of sends delivered")."""
        following = self._next(k)
        if following is not None and self._metric_at(following) is Metric.BULK_SENDS:
            following = self._next(following)
        for j in (following, self._previous(k)):
            if j is None:
                continue
            metric = self._metric_at(j)
            if metric is None and j not in self.bound and self._is_failure(j):
                metric = Metric.FAILED
            rate = metric if metric in _RATES else _RATE_OF.get(metric) if metric else None
            if rate is None:
                continue
            self._use(k)
            if j in self.bound and metric is not None:
                typed = self.found.metrics.pop(metric)
                self.found.metrics[rate] = typed
                self.metric_at[j] = rate
            else:
                self._metric(j, rate)
            return

    def _phone(self, k: int) -> None:
        following = self._next(k, fillers=True)
        if following is None:
            return
        lexeme = self.lexemes[self.items[following].start]
        digits = lexeme.norm
        if lexeme.kind in (Kind.WORD, Kind.NUMBER) and digits.isascii() and digits.isdigit():
            if _MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS:
                self._use(k)
                self._use(following)
                self.found.phones.setdefault(digits, lexeme.text)
        elif self.items[following].start in self.found.used and lexeme.kind is Kind.PHONE:
            self._use(k)  # "número +54 9 …": the word goes with the number
