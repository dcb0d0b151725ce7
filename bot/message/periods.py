"""A period inside a sentence, in two forms every language needs apart.

``during`` is how a period follows a clause, with its own preposition or none: "last
week", "in October 2026", "on Nov 3, 2026", "in the last 7 days". ``period_noun`` and
``compared_period`` name it bare, to stand after "from" or "the same as" or before a colon
as a label: "last week", "October 2026", "Nov 3, 2026", "the last 7 days", "the 7 days
before". Mixing the two is what wrote "down 2.6 points from in September 2026": a
comparison names its other period with a noun, always.

Words are used only when they are certainly right: as the period was asked while they
still give its dates on ``today``, else what the dates alone say (a calendar word such as
"last month", a whole month, quarter or year, the N days just before the compared range,
the N days up to today for a range asked without words); otherwise the dates themselves.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_skeleton

from bot.domain.dates import DateRange
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message.describe import calendar_point, spoken_point
from bot.query.dates import Relative, Rolling, Unit
from bot.query.periods import Period


def during(span: DateRange, period: Period | None, today: date | None, language: Language) -> str:
    """The range as it fits after a clause: "last week", "in the last 30 days", "in October
    2026", "in Q3 2026", "on Nov 3, 2026", "from Nov 3, 2026 to Nov 9, 2026", "until Nov 9,
    2026"."""
    tr = translator(language)
    if span.start is None:
        return tr.pgettext("during", "until {day}", day=formats.day(span.end, language))
    point = _point(span, period, today)
    if isinstance(point, Relative):
        return _relative(point, tr)
    if isinstance(point, Rolling):
        if point.unit is Unit.DAY and point.count == 1:
            return tr.pgettext("during", "today")
        return _rolling_during(point, tr)
    start, end = span.start, span.end
    if start == end:
        return tr.pgettext("during", "on {day}", day=formats.day(start, language))
    if _is_month(start, end):
        return tr.pgettext("during", "in {month}", month=formats.month(start, language))
    if _is_quarter(start, end):
        return tr.pgettext("during", "in {quarter}", quarter=_quarter(start, tr))
    if _is_year(start, end):
        return tr.pgettext("during", "in {year}", year=str(start.year))
    return tr.pgettext(
        "during",
        "from {start} to {end}",
        start=formats.day(start, language),
        end=formats.day(end, language),
    )


def period_noun(
    span: DateRange, period: Period | None, today: date | None, language: Language
) -> str:
    """The range named bare: "last week", "the last 30 days", "October 2026", "Q3 2026",
    "Nov 3, 2026", "Nov 3 – 9, 2026", "everything until Nov 9, 2026"."""
    tr = translator(language)
    if span.start is None:
        return tr.pgettext("period", "everything until {day}", day=formats.day(span.end, language))
    point = _point(span, period, today)
    if isinstance(point, Relative):
        return _relative_noun(point, tr)
    if isinstance(point, Rolling):
        if point.unit is Unit.DAY and point.count == 1:
            return tr.pgettext("period", "today")
        return _rolling_noun(point, tr)
    return _dates_noun(span.start, span.end, tr)


def compared_period(
    other: DateRange,
    main: DateRange,
    period: Period | None,
    today: date | None,
    language: Language,
) -> str:
    """The period ``main`` (asked as ``period``) is compared with, named bare: its
    calendar word ("last month"), what its dates are (a month, a quarter, a year), "the 7
    days before" when it is the same number of days just before a ``main`` named in words
    ("the last 7 days vs before"), else its dates (beside "Oct 10 – 18", "Oct 1 – 9")."""
    tr = translator(language)
    if other.start is None:
        return period_noun(other, None, today, language)
    point = calendar_point(other, today)
    if point is not None:
        return _relative_noun(point, tr)
    start, end = other.start, other.end
    if _is_month(start, end) or _is_quarter(start, end) or _is_year(start, end):
        return _dates_noun(start, end, tr)
    if (
        main.start is not None
        and end == main.start - timedelta(days=1)
        and _in_words(main, period, today)
    ):
        days = (end - start).days + 1
        if days == (main.end - main.start).days + 1:
            return tr.npgettext("period", "the day before", "the {n} days before", days)
    return _dates_noun(start, end, tr)


def _point(span: DateRange, period: Period | None, today: date | None) -> Relative | Rolling | None:
    """The words that name ``span`` on ``today``: as asked; else a calendar word; else, for
    a range asked without words (the default's last 7 days), the days up to today."""
    point: Relative | Rolling | None
    if period is not None:
        point = spoken_point(period, span, today)
    else:
        point = calendar_point(span, today)
        if point is None and today is not None and span.start is not None and span.end == today:
            point = Rolling((span.end - span.start).days + 1, Unit.DAY)
    # "The last 1 month" reads as the calendar's last month: the dates say it instead.
    if isinstance(point, Rolling) and point.count == 1 and point.unit in (Unit.MONTH, Unit.YEAR):
        return None
    return point


def _in_words(span: DateRange, period: Period | None, today: date | None) -> bool:
    """Whether ``span`` is named by more than its first and last dates."""
    start, end = span.start, span.end
    if start is None:
        return False
    if start == end or _is_month(start, end) or _is_quarter(start, end) or _is_year(start, end):
        return True
    return _point(span, period, today) is not None


def _dates_noun(start: date, end: date, tr: Translator) -> str:
    language = tr.language
    if _is_month(start, end):
        return formats.month(start, language)
    if _is_quarter(start, end):
        return _quarter(start, tr)
    if _is_year(start, end):
        return str(start.year)
    return formats.days(start, end, language)


def _relative(point: Relative, tr: Translator) -> str:
    match point:
        case Relative.TODAY:
            return tr.pgettext("during", "today")
        case Relative.YESTERDAY:
            return tr.pgettext("during", "yesterday")
        case Relative.THIS_WEEK:
            return tr.pgettext("during", "this week")
        case Relative.LAST_WEEK:
            return tr.pgettext("during", "last week")
        case Relative.THIS_MONTH:
            return tr.pgettext("during", "this month")
        case Relative.LAST_MONTH:
            return tr.pgettext("during", "last month")
        case Relative.THIS_YEAR:
            return tr.pgettext("during", "this year")
        case Relative.LAST_YEAR:
            return tr.pgettext("during", "last year")
    raise ValueError(f"not a period word: {point}")  # spoken and calendar points never are


def _relative_noun(point: Relative, tr: Translator) -> str:
    match point:
        case Relative.TODAY:
            return tr.pgettext("period", "today")
        case Relative.YESTERDAY:
            return tr.pgettext("period", "yesterday")
        case Relative.THIS_WEEK:
            return tr.pgettext("period", "this week")
        case Relative.LAST_WEEK:
            return tr.pgettext("period", "last week")
        case Relative.THIS_MONTH:
            return tr.pgettext("period", "this month")
        case Relative.LAST_MONTH:
            return tr.pgettext("period", "last month")
        case Relative.THIS_YEAR:
            return tr.pgettext("period", "this year")
        case Relative.LAST_YEAR:
            return tr.pgettext("period", "last year")
    raise ValueError(f"not a period word: {point}")


def _rolling_during(point: Rolling, tr: Translator) -> str:
    unit, count = _days_for_a_week(point)
    match unit:
        case Unit.DAY:
            return tr.npgettext("during", "in the last {n} day", "in the last {n} days", count)
        case Unit.WEEK:
            return tr.npgettext("during", "in the last {n} week", "in the last {n} weeks", count)
        case Unit.MONTH:
            return tr.npgettext("during", "in the last {n} month", "in the last {n} months", count)
        case _:
            return tr.npgettext("during", "in the last {n} year", "in the last {n} years", count)


def _rolling_noun(point: Rolling, tr: Translator) -> str:
    unit, count = _days_for_a_week(point)
    match unit:
        case Unit.DAY:
            return tr.npgettext("period", "the last {n} day", "the last {n} days", count)
        case Unit.WEEK:
            return tr.npgettext("period", "the last {n} week", "the last {n} weeks", count)
        case Unit.MONTH:
            return tr.npgettext("period", "the last {n} month", "the last {n} months", count)
        case _:
            return tr.npgettext("period", "the last {n} year", "the last {n} years", count)


def _days_for_a_week(point: Rolling) -> tuple[Unit, int]:
    """One week is said as 7 days (and one month or year is never a spoken point)."""
    if point.unit is Unit.WEEK and point.count == 1:
        return Unit.DAY, 7
    return point.unit, point.count


def _quarter(first: date, tr: Translator) -> str:
    """ "Q3 2026", "3.er trimestre de 2026": each language picks its own date skeleton."""
    return str(format_skeleton(tr.pgettext("date skeleton", "yQQQ"), first, locale=tr.language))


def _is_month(start: date, end: date) -> bool:
    return start.day == 1 and end == _month_end(start)


def _is_quarter(start: date, end: date) -> bool:
    return (
        start.day == 1
        and start.month % 3 == 1
        and end == _month_end(date(start.year, start.month + 2, 1))
    )


def _is_year(start: date, end: date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)
