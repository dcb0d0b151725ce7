"""The syntax of date phrases: "since nov 3", "del 3 al 9 de noviembre", "last 2 weeks"...

Reads lexemes into a ``DateReading`` (what was said); ``DateRules`` later places it
on the calendar. A lone number or an ambiguous word ("may", "sun") is a date only
when something licenses it: a preposition, a range, a day or month next to it. The
commonest words ("out", "set") are months only with a day or year right next to them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from bot.query.dates import (
    EARLIEST_YEAR,
    Ago,
    Calendar,
    DateReading,
    How,
    Point,
    Quarter,
    Recency,
    Relative,
    Rolling,
    Unit,
    Weekday,
)
from bot.query.lexer import Lexeme
from bot.query.vocabulary import CONNECTORS, HOUR_WORDS, NUMBER_WORDS, START_WORDS, Kind, Prep

# The small words of date phrases, from the word packs (see vocabulary.Connectors).
_ARTICLES = CONNECTORS.articles
_HOURS_A_DAY = 24
_FROM_FILLERS = CONNECTORS.range_from  # "del 3 al 9", "de março a maio"
_CONNECTORS = CONNECTORS.range_to
_AFTER_FROM = CONNECTORS.after_from
_ONLY_AFTER_FROM = CONNECTORS.range_to_after_from  # "a" is an article too
_AFTER_BETWEEN = CONNECTORS.after_between
_GLUE = CONNECTORS.of  # "3 de noviembre de 2025", "3rd of november"
_DANGLING = CONNECTORS.dangling  # "from nov 3 to": the end is missing
_AGO_AFTER = CONNECTORS.ago_after  # "3 days ago", "3 dias atrás"
_ONE = CONNECTORS.counting_articles  # "a week ago", "hace una semana"
_OF_CURRENT = CONNECTORS.of_current  # "del mes", "da semana": the current one
_DAY_ARTICLES = CONNECTORS.day_articles  # "el 20": a day of the month
_CURRENT: dict[Unit, Relative] = {
    Unit.DAY: Relative.TODAY,
    Unit.WEEK: Relative.THIS_WEEK,
    Unit.MONTH: Relative.THIS_MONTH,
    Unit.QUARTER: Relative.THIS_QUARTER,
    Unit.YEAR: Relative.THIS_YEAR,
}

#: Units that Portuguese "no" / "na" makes the current one ("no mês", "no trimestre"); "no dia"
#: is a day's number to come ("no dia 3").
_YEAR_AFTER = _GLUE | _DAY_ARTICLES | _FROM_FILLERS  # "de 2025", "del 2025", "of 2025"
#: The days "el día de …" / "o dia de …" / "the day of …" names by themselves.
_ONE_DAY = frozenset({Relative.TODAY, Relative.YESTERDAY, Relative.DAY_BEFORE_YESTERDAY})
_IN_THE = frozenset({Unit.WEEK, Unit.MONTH, Unit.QUARTER, Unit.YEAR})

_HOW_AFTER: dict[Prep, How] = {
    Prep.SINCE: How.SINCE,
    Prep.FROM: How.SINCE,
    Prep.UNTIL: How.UNTIL,
    Prep.BEFORE: How.BEFORE,
    Prep.AFTER: How.AFTER,
    Prep.IN: How.DURING,
}


@dataclass(frozen=True)
class _Found:
    point: Point
    end: int  # index after the point's last lexeme
    weak: bool = False  # a bare number or ambiguous word, a date only because of its context


class DateSyntax:
    def __init__(
        self,
        lexemes: list[Lexeme],
        blocked: Collection[int] = (),
        years_at: Collection[int] = (),
    ) -> None:
        """``blocked`` lexemes belong to something else (shape words): no date reaches them.
        ``years_at``: where a bare year is a date, beside a comparison word ("2025 vs 2024")."""
        self._lexemes = lexemes
        self._blocked = blocked
        self._years_at = years_at

    def read(self, i: int) -> tuple[DateReading, int] | None:
        """The date phrase starting at lexeme ``i`` and the index after it, if one starts there."""
        lexeme = self._lexemes[i]
        ago = self._ago_after(i) or self._units_past(i)
        if ago is not None:
            return DateReading(How.DURING, ago.point), ago.end
        if lexeme.kind is Kind.PREP:
            return self._after_prep(Prep(lexeme.tag), self._skip_articles(i + 1))
        if lexeme.kind is Kind.NEGATION:
            return self._in_the(i) if lexeme.in_the else None
        if lexeme.kind is Kind.FILLER:
            if lexeme.norm in _FROM_FILLERS:
                return self._range(self._skip_articles(i + 1), _AFTER_FROM, licensed=True)
            return None
        ranged = self._range(i, _CONNECTORS, licensed=False)
        if ranged:
            return ranged
        # "el 20": an article that only a day takes licenses a bare number ("el mar" is no date).
        day = lexeme.kind is Kind.NUMBER and self._norm(i - 1) in _DAY_ARTICLES
        # A year from 2000 on beside a comparison word ("2025 vs 2024") or after "de" / "of"
        # ("envios de 2025"): a year, where any other lone number is none.
        year = lexeme.is_year and lexeme.number >= EARLIEST_YEAR
        day = day or (year and (i in self._years_at or self._norm(i - 1) in _YEAR_AFTER))
        found = self._point(i, licensed=day)
        if found is None and lexeme.kind is Kind.UNIT:
            return self._current(i)
        return (DateReading(How.DURING, found.point), found.end) if found else None

    def _current(self, i: int, in_the: int | None = None) -> tuple[DateReading, int] | None:
        """ "resumen del mes", "o melhor modelo da semana": a lone unit right after its "of
        the" is the current one (a unit that anything else follows is read before this).
        So is one right after Portuguese "no" (``in_the``): "falhas no trimestre"."""
        lexeme = self._at(i)
        if lexeme is None or lexeme.kind is not Kind.UNIT:
            return None
        unit = Unit(lexeme.tag)
        if in_the is not None:
            lone = self._kind(i + 1) not in (Kind.NUMBER, Kind.ORDINAL, Kind.MONTH)
            return (
                (DateReading(How.DURING, _CURRENT[unit]), i + 1)
                if lone and unit in _IN_THE
                else None
            )
        before = {self._norm(i - 1), f"{self._norm(i - 2)} {self._norm(i - 1)}"}
        if unit not in _CURRENT or not before & _OF_CURRENT:
            return None
        return DateReading(How.DURING, _CURRENT[unit]), i + 1

    def dangling(self, start: int, end: int) -> bool:
        """Whether the phrase ``[start, end)`` is followed by a range word with no end after it.

        "from nov 3 to" must not quietly become "since nov 3": the "to" is named back.
        """
        following = self._at(end)
        if following is None or following.norm not in _DANGLING:
            return False
        if following.kind is Kind.DASH:  # also a separator: "failed last week - partial"
            return all(w.kind in (Kind.FILLER, Kind.DASH) for w in self._lexemes[end + 1 :])
        opening = self._lexemes[start]
        if following.norm in _ONLY_AFTER_FROM and not (
            opening.norm in _FROM_FILLERS
            or (opening.kind is Kind.PREP and opening.tag == Prep.SINCE)
        ):
            return False  # "a" is an article too: only "de 3 a" / "desde el 3 a" dangle
        return self._point(self._skip_articles(end + 1), licensed=True) is None

    def _in_the(self, i: int) -> tuple[DateReading, int] | None:
        """ "no dia 3", "no sábado": Portuguese "in the", when a Portuguese date follows.

        Anywhere else "no" negates ("no fallaron", "no errors") and is named back.
        """
        found = self._after_prep(Prep.IN, self._skip_articles(i + 1)) or self._current(i + 1, i)
        if found is None:
            return None
        languages = self._lexemes[i].in_the
        words = self._lexemes[i + 1 : found[1]]
        return found if all(not w.langs or w.langs & languages for w in words) else None

    def _after_prep(self, prep: Prep, j: int) -> tuple[DateReading, int] | None:
        if prep in (Prep.SINCE, Prep.FROM) and self._norm(j) in START_WORDS:
            return self._since_start(prep, j)
        if prep is Prep.BETWEEN:
            return self._range(j, _AFTER_BETWEEN, licensed=True)
        if prep in (Prep.SINCE, Prep.FROM, Prep.IN):
            ranged = self._range(j, _CONNECTORS if prep is Prep.IN else _AFTER_FROM, licensed=True)
            if ranged:
                return ranged
        found = self._point(j, licensed=True)
        if found is None:
            return None
        how = _HOW_AFTER[prep]
        if prep is Prep.FROM and isinstance(found.point, Relative | Rolling):
            how = How.DURING  # "sends from last week" is last week, not since it
        return DateReading(how, found.point), found.end

    def _since_start(self, prep: Prep, j: int) -> tuple[DateReading, int] | None:
        """ "since the start of november", "desde principios de mes", "desde o começo do
        mês": since a period's first day is since the period."""
        k = j + 1
        if self._norm(k) not in _GLUE | _OF_CURRENT:
            return None
        k = self._skip_articles(k + 1)  # "of the", "de", "del", "do": the period follows
        found = self._point(k, licensed=True)
        if found is not None:
            return DateReading(_HOW_AFTER[prep], found.point), found.end
        unit = self._at(k)  # a lone unit: the current one ("of the month", "de mes")
        if unit is None or unit.kind is not Kind.UNIT or Unit(unit.tag) not in _CURRENT:
            return None
        if self._kind(k + 1) in (Kind.NUMBER, Kind.ORDINAL, Kind.MONTH, Kind.PAST_SUFFIX):
            return None
        return DateReading(_HOW_AFTER[prep], _CURRENT[Unit(unit.tag)]), k + 1

    def _range(
        self, j: int, connectors: frozenset[str], *, licensed: bool
    ) -> tuple[DateReading, int] | None:
        """X <connector> Y. Without a preposition, one end must be more than a bare number."""
        dashed = self._dashed_days(j)
        if dashed is not None:
            return dashed
        first = self._point(j, licensed=True)
        if first is None or self._norm(first.end) not in connectors:
            return None
        k = self._skip_articles(first.end + 1)
        last = self._point(k, licensed=True)
        if last is None:
            return None
        first, last = self._as_weekday(j, first, last), self._as_weekday(k, last, first)
        if not licensed and first.weak and last.weak:
            return None
        return DateReading(How.BETWEEN, first.point, last.point), last.end

    def _as_weekday(self, i: int, found: _Found, other: _Found) -> _Found:
        """A month's name that also names a weekday ("mar": marzo, martes) is the weekday
        beside another weekday ("de lun a mar"), and the month anywhere else."""
        weekday = self._lexemes[i].weekday
        if weekday is None or found.end != i + 1 or not isinstance(other.point, Weekday):
            return found
        return _Found(Weekday(weekday), i + 1, weak=True)

    def _point(self, i: int, *, licensed: bool) -> _Found | None:
        lexeme = self._at(i)
        if lexeme is None:
            return None
        ago = self._ago_after(i) or self._units_past(i)
        if ago is not None:
            return ago
        match lexeme.kind:
            case Kind.RELATIVE:
                return _Found(Relative(lexeme.tag), i + 1)
            case Kind.AGO:
                return self._ago_before(i)
            case Kind.QUARTER:
                year, end = self._year(i + 1)
                return _Found(Quarter(lexeme.number, year), end)
            case Kind.NUMERIC_DATE if lexeme.date is not None:
                return _Found(lexeme.date, i + 1)
            case Kind.LAST:
                return self._after_last(i + 1)
            case Kind.THIS:
                return self._after_this(i + 1)
            case Kind.WEEKDAY:
                return self._weekday(i, licensed)
            case Kind.MONTH:
                return self._month(i, licensed)
            case Kind.NUMBER | Kind.ORDINAL:
                return self._day_first(i, licensed)
            case Kind.UNIT:
                return self._after_unit(i)
        return None

    def _dashed_days(self, j: int) -> tuple[DateReading, int] | None:
        """ "3-9 nov", "nov 3-9", "del 3-9 de noviembre": days 3 to 9, not 3 September."""
        lexeme = self._at(j)
        month: Lexeme | None
        if lexeme is not None and lexeme.kind is Kind.MONTH:
            month, days, after = lexeme, self._at(j + 1), j + 2
        else:
            k = j + 2 if self._norm(j + 1) in _GLUE else j + 1
            month, days, after = self._at(k), lexeme, k + 1
        if (
            month is None
            or month.kind is not Kind.MONTH
            or days is None
            or not days.dashed
            or days.date is None
            or days.date.year is not None
        ):
            return None
        year, end = self._year(after)
        first, last = days.date.day, days.date.month  # "3-9" was read as day 3 of month 9
        reading = DateReading(
            How.BETWEEN, Calendar(first, month.number, year), Calendar(last, month.number, year)
        )
        return reading, end

    def _after_last(self, j: int) -> _Found | None:
        """last 3 days / last monday / last october."""
        count = self._count(j)
        unit = self._at(j + 1)
        if count is not None and unit is not None and unit.kind is Kind.UNIT:
            if unit.tag == Unit.QUARTER:  # "last 2 quarters" are the last 6 months
                return _Found(Rolling(3 * count, Unit.MONTH), j + 2)
            return _Found(Rolling(count, Unit(unit.tag)), j + 2)
        if count and count % _HOURS_A_DAY == 0 and unit is not None and unit.norm in HOUR_WORDS:
            # "last 48 hours": every range is whole local days, so the days that hold those
            # hours, today included (48 hours back from the afternoon start two days ago).
            return _Found(Rolling(count // _HOURS_A_DAY + 1, Unit.DAY), j + 2)
        following = self._at(j)
        if following is not None and following.kind is Kind.WEEKDAY:
            return _Found(Weekday(following.number, Recency.PREVIOUS), j + 1)
        if following is not None and following.kind is Kind.MONTH and not following.needs_number:
            return _Found(Calendar(month=following.number, recency=Recency.PREVIOUS), j + 1)
        return None

    def _after_this(self, j: int) -> _Found | None:
        """this monday / este octubre."""
        following = self._at(j)
        if following is not None and following.kind is Kind.WEEKDAY:
            return _Found(Weekday(following.number, Recency.CURRENT), j + 1)
        if following is not None and following.kind is Kind.MONTH and not following.needs_number:
            return _Found(Calendar(month=following.number, recency=Recency.CURRENT), j + 1)
        return None

    def _ago_after(self, i: int) -> _Found | None:
        """ "3 days ago", "a week ago", "3 dias atrás": a count, a unit, then the ago word."""
        count = self._count(i) or (1 if self._norm(i) in _ONE else None)
        unit = self._at(i + 1)
        if count is None or unit is None or unit.kind is not Kind.UNIT:
            return None
        if self._norm(i + 2) not in _AGO_AFTER:
            return None
        return _Found(Ago(count, Unit(unit.tag)), i + 3)

    def _units_past(self, i: int) -> _Found | None:
        """ "los 30 días anteriores", "os 2 meses passados": the last N units, said after them
        (what "previous 30 days" says before)."""
        count = self._count(i)
        unit = self._at(i + 1)
        if count is None or unit is None or unit.kind is not Kind.UNIT:
            return None
        if self._kind(i + 2) is not Kind.PAST_SUFFIX:
            return None
        if unit.tag == Unit.QUARTER:
            return _Found(Rolling(3 * count, Unit.MONTH), i + 3)
        return _Found(Rolling(count, Unit(unit.tag)), i + 3)

    def _ago_before(self, i: int) -> _Found | None:
        """ "hace 3 días", "há uma semana", "faz 2 meses": the ago word, a count, a unit."""
        count = self._count(i + 1) or (1 if self._norm(i + 1) in _ONE else None)
        unit = self._at(i + 2)
        if count is None or unit is None or unit.kind is not Kind.UNIT:
            return None
        return _Found(Ago(count, Unit(unit.tag)), i + 3)

    def _weekday(self, i: int, licensed: bool) -> _Found | None:
        lexeme = self._lexemes[i]
        # "tuesday, november 3", "sunday the 3rd", "sun 3": a date that must fall on that day.
        dated = self._point(self._skip_articles(i + 1), licensed=True)
        if dated and isinstance(dated.point, Calendar) and dated.point.day is not None:
            return _Found(replace(dated.point, weekday=lexeme.number), dated.end)
        if self._kind(i + 1) is Kind.PAST_SUFFIX:
            return _Found(Weekday(lexeme.number, Recency.PREVIOUS), i + 2)
        if lexeme.ambiguous and not licensed:
            return None
        return _Found(Weekday(lexeme.number), i + 1, weak=lexeme.ambiguous)

    def _month(self, i: int, licensed: bool) -> _Found | None:
        month = self._lexemes[i]
        j = i + 2 if self._norm(i + 1) == "the" else self._glued(i + 1)  # "november the 3rd"
        day = self._day_number(j)
        if day is not None:
            year, end = self._year(j + 1)
            return _Found(Calendar(day, month.number, year), end)
        year, end = self._year(self._glued(i + 1))
        if year is not None:
            return _Found(Calendar(month=month.number, year=year), end)
        if month.needs_number:
            return None
        if self._kind(i + 1) is Kind.PAST_SUFFIX:
            return _Found(Calendar(month=month.number, recency=Recency.PREVIOUS), i + 2)
        if month.ambiguous and not licensed:
            return None
        return _Found(Calendar(month=month.number), i + 1, weak=month.ambiguous)

    def _day_first(self, i: int, licensed: bool) -> _Found | None:
        """3 nov, 3rd of november 2025, 3 de noviembre; a bare day or year when licensed."""
        lexeme = self._lexemes[i]
        day = self._day_number(i)
        if day is not None:
            j = i + 2 if self._norm(i + 1) in _GLUE else self._glued(i + 1)
            month = self._at(j)
            if month is not None and month.kind is Kind.MONTH:
                year, end = self._year(j + 1)
                return _Found(Calendar(day, month.number, year), end)
        if lexeme.kind is Kind.ORDINAL:
            return _Found(Calendar(day=lexeme.number), i + 1)
        if not licensed or (day is None and not lexeme.is_year):
            return None
        if day is not None:
            return _Found(Calendar(day=day), i + 1, weak=True)
        return _Found(Calendar(year=lexeme.number), i + 1, weak=True)

    def _after_unit(self, i: int) -> _Found | None:
        """el día 3, o mês de novembro, the year 2025, la semana antepasada."""
        unit = Unit(self._lexemes[i].tag)
        before_last = self._before_last(i + 1)
        if before_last is not None and unit is not Unit.DAY:
            return _Found(Ago(2, unit), before_last)
        j = i + 2 if self._norm(i + 1) in _GLUE else i + 1
        if unit is Unit.DAY and self._day_number(i + 1) is not None:
            return self._day_first(i + 1, licensed=True)
        following = self._at(j)
        if (
            unit is Unit.DAY
            and j == i + 2
            and following is not None
            and following.kind is Kind.RELATIVE
            and Relative(following.tag) in _ONE_DAY
        ):
            return _Found(Relative(following.tag), j + 1)  # "el día de hoy", "o dia de ontem"
        if unit is Unit.MONTH and self._kind(j) is Kind.MONTH:
            return self._month(j, licensed=True)
        if unit is Unit.YEAR and following is not None and following.is_year:
            return _Found(Calendar(year=following.number), j + 1)
        return None

    def _before_last(self, i: int) -> int | None:
        """ "antepasada", "retrasado", "before last" right after a unit: where the phrase ends.

        English spells it as two words the lexicon knows on their own ("before", "last"), so
        they count only when nothing after "last" could make it a date of its own.
        """
        if self._kind(i) is Kind.BEFORE_LAST:
            return i + 1
        prep, last = self._at(i), self._at(i + 1)
        if (
            prep is not None
            and prep.kind is Kind.PREP
            and prep.tag == Prep.BEFORE
            and last is not None
            and last.kind is Kind.LAST
            and self._after_last(i + 2) is None
            and self._count(i + 2) is None
        ):
            return i + 2
        return None

    def _day_number(self, i: int) -> int | None:
        """A day of the month, unless it counts something ("3 days")."""
        lexeme = self._at(i)
        if lexeme is None or lexeme.kind not in (Kind.NUMBER, Kind.ORDINAL):
            return None
        if lexeme.kind is Kind.NUMBER and self._kind(i + 1) is Kind.UNIT:
            return None
        return lexeme.number if 1 <= lexeme.number <= 31 else None

    def _year(self, i: int) -> tuple[int | None, int]:
        """An optional year after a day or month ("nov 3 2025", "noviembre de 2025")."""
        j = i + 1 if self._norm(i) in _GLUE else self._glued(i)
        lexeme = self._at(j)
        if lexeme is not None and lexeme.is_year:
            return lexeme.number, j + 1
        return None, i

    def _count(self, i: int) -> int | None:
        lexeme = self._at(i)
        if lexeme is None:
            return None
        if lexeme.kind is Kind.NUMBER:
            return lexeme.number
        return NUMBER_WORDS.get(lexeme.norm)

    def _glued(self, i: int) -> int:
        """Past a dash with no space around it, which joins a date's parts ("3-nov-2025")."""
        lexeme = self._at(i)
        return i + 1 if lexeme is not None and lexeme.glued else i

    def _skip_articles(self, i: int) -> int:
        while self._norm(i) in _ARTICLES:
            i += 1
        return i

    def _at(self, i: int) -> Lexeme | None:
        if i in self._blocked:
            return None
        return self._lexemes[i] if 0 <= i < len(self._lexemes) else None

    def _kind(self, i: int) -> Kind | None:
        lexeme = self._at(i)
        return lexeme.kind if lexeme else None

    def _norm(self, i: int) -> str:
        lexeme = self._at(i)
        return lexeme.norm if lexeme else ""
