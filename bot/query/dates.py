"""Calendar rules: which inclusive local dates a date phrase means on a given day.

Nothing here reads text or a clock. A phrase arrives as a ``DateReading`` (built by
``phrases``) and today as a field of ``DateRules``, so every rule is a plain function
of its inputs and easy to test at awkward dates (the 31st, early January).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import MAXYEAR, MINYEAR, date, timedelta
from enum import Enum, StrEnum

from bot.domain.dates import DateRange
from bot.query.problems import Problem

# How far back a question may reach: ten calendar years, and never before 2000. Mindo has
# nothing older, and "last 99999 weeks" is a slip, not a question.
MAX_YEARS_BACK = 10
EARLIEST_YEAR = 2000


class DateError(Exception):
    """The phrase names no usable period: in the future, reversed, too old, not a real date.

    ``day`` is the date the message needs, if any: the day that falls on another weekday,
    or the earliest day a question may reach.
    """

    def __init__(self, problem: Problem, day: date | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.day = day


class Relative(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    DAY_BEFORE_YESTERDAY = "day_before_yesterday"
    THIS_WEEK = "this_week"
    LAST_WEEK = "last_week"
    PAST_WEEK = "past_week"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    PAST_MONTH = "past_month"
    THIS_YEAR = "this_year"
    LAST_YEAR = "last_year"
    PAST_YEAR = "past_year"
    WEEKEND = "weekend"  # the latest weekend that has begun (this one on a Saturday)
    THIS_WEEKEND = "this_weekend"  # the same: "this weekend" asked on a Monday is the one past
    LAST_WEEKEND = "last_weekend"  # the latest weekend that has ended
    THIS_QUARTER = "this_quarter"
    LAST_QUARTER = "last_quarter"


class Unit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    QUARTER = "quarter"


class Recency(Enum):
    LATEST = "latest"  # on or before today: "monday", "october"
    PREVIOUS = "previous"  # strictly before today / this month: "last monday", "octubre pasado"
    CURRENT = "current"  # in this week / this year: "this monday", "este octubre"


@dataclass(frozen=True)
class Span:
    first: date
    last: date


@dataclass(frozen=True)
class Rolling:
    """The last N units ending today: "last 3 weeks", "últimos 10 días"."""

    count: int
    unit: Unit


@dataclass(frozen=True)
class Calendar:
    """A day, month or year as written; missing parts come from today or the range's other end."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    recency: Recency = Recency.LATEST
    weekday: int | None = None  # "tuesday nov 3": the day must fall on it


@dataclass(frozen=True)
class Weekday:
    weekday: int  # Monday is 0, as in date.weekday()
    recency: Recency = Recency.LATEST


@dataclass(frozen=True)
class Ago:
    """N units back from today: "3 days ago" is that day, "2 weeks ago" that calendar week,
    "a month ago" that calendar month."""

    count: int
    unit: Unit


@dataclass(frozen=True)
class Quarter:
    """Q1–Q4; without a year, the latest such quarter that has begun."""

    number: int
    year: int | None = None


Point = Relative | Rolling | Calendar | Weekday | Span | Ago | Quarter


class How(Enum):
    DURING = "during"
    SINCE = "since"
    UNTIL = "until"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"


@dataclass(frozen=True)
class DateReading:
    """What a date phrase says, before it is placed on the calendar."""

    how: How
    first: Point
    last: Point | None = None  # the range's end, for How.BETWEEN only


def _date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(Problem.BAD_DATE) from None


def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise DateError(Problem.BAD_DATE) from None


def _a_year_before(day: date) -> date:
    """The same date a year before; February 29 becomes the 28th."""
    if day.year <= 1:
        raise DateError(Problem.BAD_DATE)
    return _date(day.year - 1, day.month, min(day.day, 28 if day.month == 2 else day.day))


def _add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not MINYEAR <= year <= MAXYEAR:
        raise DateError(Problem.BAD_DATE)
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_SATURDAY, _SUNDAY = 5, 6
_MONTHS_IN = {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}


def _quarter_start(day: date) -> date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def _quarter_span(first: date) -> Span:
    last = _add_months(first, 2)
    return Span(first, last.replace(day=calendar.monthrange(last.year, last.month)[1]))


def _month_span(year: int, month: int) -> Span:
    first = _date(year, month, 1)
    return Span(first, _date(year, month, calendar.monthrange(year, month)[1]))


def _borrow(point: Point, other: Point, *, start: bool) -> Point:
    """A bare day takes its month and year from the other end ("del 3 al 9 de noviembre").

    A start day later than the end's day is in the month before ("del 28 al 2 de enero"), an
    end day earlier than the start's in the month after ("from nov 28 to 2").
    """
    if not (
        isinstance(point, Calendar)
        and point.day is not None
        and point.month is None
        and point.year is None
        and isinstance(other, Calendar)
        and other.month is not None
    ):
        return point
    month, year = other.month, other.year
    if other.day is not None and (point.day > other.day if start else point.day < other.day):
        index = year * 12 + month - 1 if year is not None else month - 1
        index += -1 if start else 1
        month = index % 12 + 1
        year = index // 12 if year is not None else None
    return replace(point, month=month, year=year)


@dataclass(frozen=True)
class DateRules:
    today: date
    week_start: int = 0  # Monday

    def range_for(self, reading: DateReading) -> DateRange:
        if reading.how is How.BETWEEN and reading.last is not None:
            span = self._between(reading.first, reading.last)
        else:
            span = self.resolve(reading.first)
        match reading.how:
            case How.DURING | How.BETWEEN:
                return self._finish(span.first, span.last)
            case How.SINCE:
                return self._finish(span.first, self.today)
            case How.UNTIL:
                return self._finish(None, span.last)
            case How.BEFORE:
                return self._finish(None, _shift(span.first, -1))
            case How.AFTER:
                return self._finish(_shift(span.last, 1), self.today)

    def default_range(self) -> DateRange:
        """The last 7 days, used when a question has no date words."""
        return DateRange(_shift(self.today, -6), self.today)

    def period_span(self, day: date, period: str) -> Span:
        """The day, week, month or year around ``day``, as dateparser reports its granularity."""
        if period == "week":
            first = self._week_first(day)
            return Span(first, _shift(first, 6))
        if period == "month":
            return _month_span(day.year, day.month)
        if period == "year":
            return Span(_date(day.year, 1, 1), _date(day.year, 12, 31))
        return Span(day, day)

    def resolve(self, point: Point) -> Span:
        """The period ``point`` names: its latest occurrence on or before today."""
        if isinstance(point, Span):
            return point
        if isinstance(point, Relative):
            return self._relative(point)
        if isinstance(point, Rolling):
            return self._rolling(point)
        if isinstance(point, Weekday):
            return self._weekday(point)
        if isinstance(point, Ago):
            return self._ago(point)
        if isinstance(point, Quarter):
            return self._quarter(point)
        return self._calendar(point)

    def days_before(self, span: DateRange) -> DateRange:
        """The same number of days right before ``span``: "compared with before"."""
        if span.start is None:
            raise DateError(Problem.OPEN_COMPARISON)
        days = (span.end - span.start).days + 1
        return self._finish(_shift(span.start, -days), _shift(span.start, -1))

    def weekend_before(self, span: DateRange) -> DateRange:
        """The Saturday and Sunday a week before the weekend ``span`` starts on."""
        if span.start is None:
            raise DateError(Problem.OPEN_COMPARISON)
        return self._finish(_shift(span.start, -7), _shift(span.start, -6))

    def period_before(self, unit: Unit, span: DateRange) -> DateRange:
        """The whole day, week, month, quarter or year before the one ``span`` starts in:
        "this week vs the previous one" is last week, Monday to Sunday."""
        if span.start is None:
            raise DateError(Problem.OPEN_COMPARISON)
        start = span.start
        try:
            match unit:
                case Unit.DAY:
                    before = Span(_shift(start, -1), _shift(start, -1))
                case Unit.WEEK:
                    first = _shift(self._week_first(start), -7)
                    before = Span(first, _shift(first, 6))
                case Unit.MONTH:
                    last = _shift(start.replace(day=1), -1)
                    before = _month_span(last.year, last.month)
                case Unit.QUARTER:
                    before = _quarter_span(_add_months(_quarter_start(start), -3))
                case Unit.YEAR:
                    before = Span(_date(start.year - 1, 1, 1), _date(start.year - 1, 12, 31))
        except DateError:
            raise DateError(Problem.TOO_FAR, self.earliest) from None
        return self._finish(before.first, before.last)

    def days_back(self, span: DateRange, days: int) -> DateRange:
        """``span``'s own days, ``days`` earlier: "vs the same day last week"."""
        if span.start is None:
            raise DateError(Problem.OPEN_COMPARISON)
        return self._finish(_shift(span.start, -days), _shift(span.end, -days))

    def year_before(self, kind: str | None, span: DateRange) -> DateRange:
        """The same period a year before the one ``span`` starts in, whole: a week or
        weekend 52 weeks back (the same weekdays), a day, month or quarter of last year,
        last year; with no ``kind``, ``span``'s own days a year back."""
        if span.start is None:
            raise DateError(Problem.OPEN_COMPARISON)
        start = span.start
        try:
            match kind:
                case "week":
                    first = _shift(self._week_first(start), -364)
                    before = Span(first, _shift(first, 6))
                case "weekend":
                    before = Span(_shift(start, -364), _shift(start, -363))
                case "day":
                    day = _a_year_before(start)
                    before = Span(day, day)
                case "month":
                    before = _month_span(start.year - 1, start.month)
                case "quarter":
                    before = _quarter_span(_add_months(_quarter_start(start), -12))
                case "year":
                    before = Span(_date(start.year - 1, 1, 1), _date(start.year - 1, 12, 31))
                case _:
                    before = Span(_a_year_before(start), _a_year_before(span.end))
        except DateError:
            raise DateError(Problem.TOO_FAR, self.earliest) from None
        return self._finish(before.first, before.last)

    @property
    def earliest(self) -> date:
        """The first day a question may reach back to."""
        return date(max(EARLIEST_YEAR, self.today.year - MAX_YEARS_BACK), 1, 1)

    def _finish(self, first: date | None, last: date) -> DateRange:
        if first is not None and first > self.today:
            raise DateError(Problem.FUTURE)
        if first is not None and first > last:
            raise DateError(Problem.REVERSED)
        if (last if first is None else first) < self.earliest:
            raise DateError(Problem.TOO_FAR, self.earliest)
        return DateRange(first, min(last, self.today))

    def _week_first(self, day: date) -> date:
        return _shift(day, -((day.weekday() - self.week_start) % 7))

    def _relative(self, relative: Relative) -> Span:
        today = self.today
        match relative:
            case Relative.TODAY:
                return Span(today, today)
            case Relative.YESTERDAY | Relative.DAY_BEFORE_YESTERDAY:
                day = _shift(today, -1 if relative is Relative.YESTERDAY else -2)
                return Span(day, day)
            case Relative.THIS_WEEK:
                return Span(self._week_first(today), today)
            case Relative.LAST_WEEK:
                week = self._week_first(today)
                return Span(_shift(week, -7), _shift(week, -1))
            case Relative.THIS_MONTH:
                return Span(today.replace(day=1), today)
            case Relative.LAST_MONTH:
                end = _shift(today.replace(day=1), -1)
                return Span(end.replace(day=1), end)
            case Relative.THIS_YEAR:
                return Span(_date(today.year, 1, 1), today)
            case Relative.LAST_YEAR:
                return Span(_date(today.year - 1, 1, 1), _date(today.year - 1, 12, 31))
            case Relative.PAST_WEEK:
                return self._rolling(Rolling(1, Unit.WEEK))
            case Relative.PAST_MONTH:
                return self._rolling(Rolling(1, Unit.MONTH))
            case Relative.PAST_YEAR:
                return self._rolling(Rolling(1, Unit.YEAR))
            case Relative.WEEKEND | Relative.THIS_WEEKEND:
                saturday = _shift(today, -((today.weekday() - _SATURDAY) % 7))
                return Span(saturday, _shift(saturday, 1))
            case Relative.LAST_WEEKEND:
                sunday = _shift(today, -((today.weekday() - _SUNDAY - 1) % 7 + 1))
                return Span(_shift(sunday, -1), sunday)
            case Relative.THIS_QUARTER:
                return Span(_quarter_start(today), today)
            case Relative.LAST_QUARTER:
                return _quarter_span(_add_months(_quarter_start(today), -3))

    def _rolling(self, rolling: Rolling) -> Span:
        count, today = rolling.count, self.today
        if count < 1:
            raise DateError(Problem.BAD_DATE)
        try:
            if rolling.unit is Unit.DAY:
                first = _shift(today, -(count - 1))
            elif rolling.unit is Unit.WEEK:
                first = _shift(today, -(7 * count - 1))
            else:
                months = count * _MONTHS_IN[rolling.unit]
                first = _shift(_add_months(today, -months), 1)
        except DateError:  # before year 1: "last 999999999 days"
            raise DateError(Problem.TOO_FAR, self.earliest) from None
        return Span(first, today)

    def _ago(self, ago: Ago) -> Span:
        """The day, calendar week, month, quarter or year ``count`` units before today."""
        count, today = ago.count, self.today
        if count < 1:
            raise DateError(Problem.BAD_DATE)
        try:
            if ago.unit is Unit.DAY:
                day = _shift(today, -count)
                return Span(day, day)
            if ago.unit is Unit.WEEK:
                first = self._week_first(_shift(today, -7 * count))
                return Span(first, _shift(first, 6))
            month = _add_months(today.replace(day=1), -count * _MONTHS_IN[ago.unit])
        except DateError:  # before year 1
            raise DateError(Problem.TOO_FAR, self.earliest) from None
        if ago.unit is Unit.YEAR:
            return Span(_date(month.year, 1, 1), _date(month.year, 12, 31))
        if ago.unit is Unit.QUARTER:
            return _quarter_span(_quarter_start(month))
        return _month_span(month.year, month.month)

    def _quarter(self, quarter: Quarter) -> Span:
        if not 1 <= quarter.number <= 4 or (
            quarter.year is not None and not 1000 <= quarter.year <= MAXYEAR
        ):
            raise DateError(Problem.BAD_DATE)
        month = 3 * quarter.number - 2
        year = quarter.year
        if year is None:
            year = self.today.year if month <= self.today.month else self.today.year - 1
        return _quarter_span(_date(year, month, 1))

    def _weekday(self, weekday: Weekday) -> Span:
        today = self.today
        if weekday.recency is Recency.CURRENT:
            day = _shift(self._week_first(today), (weekday.weekday - self.week_start) % 7)
        elif weekday.recency is Recency.PREVIOUS:
            day = _shift(today, -((today.weekday() - weekday.weekday - 1) % 7 + 1))
        else:
            day = _shift(today, -((today.weekday() - weekday.weekday) % 7))
        return Span(day, day)

    def _calendar(self, point: Calendar) -> Span:
        day, month, year = point.day, point.month, point.year
        if (
            (day is not None and not 1 <= day <= 31)
            or (month is not None and not 1 <= month <= 12)
            or (year is not None and not 1000 <= year <= MAXYEAR)
        ):
            raise DateError(Problem.BAD_DATE)
        if year is not None:
            if month is None:
                return Span(_date(year, 1, 1), _date(year, 12, 31))
            if day is None:
                return _month_span(year, month)
            one = _date(year, month, day)
            return self._on_weekday(Span(one, one), point.weekday)
        if month is None:
            if day is None:
                raise DateError(Problem.BAD_DATE)
            return self._on_weekday(self._latest_day_of_month(day), point.weekday)
        if day is None:
            return self._latest_month(month, point.recency)
        return self._on_weekday(self._latest_date(day, month), point.weekday)

    @staticmethod
    def _on_weekday(span: Span, weekday: int | None) -> Span:
        """ "tuesday nov 3" is Nov 3 when it is a Tuesday, and a mistake to point out if not."""
        if weekday is not None and span.first.weekday() != weekday:
            raise DateError(Problem.WRONG_WEEKDAY, span.first)
        return span

    def _latest_month(self, month: int, recency: Recency) -> Span:
        today = self.today
        if recency is Recency.CURRENT:
            return _month_span(today.year, month)
        cutoff = today if recency is Recency.LATEST else _shift(today.replace(day=1), -1)
        return _month_span(cutoff.year if month <= cutoff.month else cutoff.year - 1, month)

    def _latest_date(self, day: int, month: int) -> Span:
        _date(2000, month, day)  # exists in a leap year at least (30 February does not)
        today = self.today
        for year in range(today.year, max(today.year - 8, MINYEAR - 1), -1):
            if day <= calendar.monthrange(year, month)[1] and date(year, month, day) <= today:
                one = date(year, month, day)
                return Span(one, one)
        raise DateError(Problem.BAD_DATE)

    def _latest_day_of_month(self, day: int) -> Span:
        first_of_month = self.today.replace(day=1)
        for back in range(12):
            month_start = _add_months(first_of_month, -back)
            if day <= calendar.monthrange(month_start.year, month_start.month)[1]:
                one = month_start.replace(day=day)
                if one <= self.today:
                    return Span(one, one)
        raise DateError(Problem.BAD_DATE)

    def _between(self, first: Point, last: Point) -> Span:
        """From ``first`` to ``last``; each end is resolved with the other in mind.

        - A bare day borrows month and year from the other end (see ``_borrow``).
        - Two weekdays: the end is the latest such day on or before today, the start the
          latest such day on or before the end ("from monday to wednesday" asked on a Monday
          is last week's Monday to Wednesday, never a range that has not happened).
        - Dates without a year: the start is the latest such date on or before today, the
          end the first such date on or after the start. A range this year that has begun
          is therefore cut at today ("from nov 20 to nov 30" on Nov 23 is Nov 20–23), and
          one wholly ahead of today this year is last year's ("from nov 25 to nov 30" on
          Nov 23 is last year's Nov 25–30).
        - Only the end has a year: the start is the latest such date on or before the end.
        """
        first, last = _borrow(first, last, start=True), _borrow(last, first, start=False)
        if (
            isinstance(first, Weekday)
            and isinstance(last, Weekday)
            and first.recency is last.recency is Recency.LATEST
        ):
            last_day = self._weekday(last).last
            return Span(_shift(last_day, -((last_day.weekday() - first.weekday) % 7)), last_day)
        if (
            isinstance(first, Calendar)
            and first.year is None
            and isinstance(last, Calendar)
            and last.year is not None
        ):
            end = self.resolve(last)
            start = self.resolve(self._fill_before(first, end.last))
        else:
            start = self.resolve(first)
            end = self._resolve_after(last, start.first)
        if start.first > end.last:
            raise DateError(Problem.REVERSED)
        return Span(start.first, end.last)

    @staticmethod
    def _fill_before(point: Calendar, last: date) -> Calendar:
        """A range start without a year: the year of its end, or the one before (dec → jan)."""
        month = last.month if point.month is None else point.month
        year = last.year - 1 if point.month is not None and point.month > last.month else last.year
        return replace(point, month=month, year=year)

    def _resolve_after(self, point: Point, first: date) -> Span:
        """A range end: without a year it follows the start ("dec 20 to jan 5" crosses the year,
        "from the 28th to the 2nd" the month)."""
        if isinstance(point, Calendar) and point.year is None and point.recency is Recency.LATEST:
            if point.month is not None:
                month = point.month
                year = first.year + 1 if month < first.month else first.year
            elif point.day is not None and point.day < first.day:
                year, month = divmod(first.year * 12 + first.month, 12)  # the month after
                month += 1
            else:
                year, month = first.year, first.month
            return self.resolve(replace(point, month=month, year=year))
        if isinstance(point, Weekday) and point.recency is Recency.LATEST:
            day = _shift(first, (point.weekday - first.weekday()) % 7)
            return Span(day, day)
        return self.resolve(point)
