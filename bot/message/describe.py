"""How a question was understood, in the asker's words: shown above every answer.

The period is named in words only when the words are certainly right: as it was asked
(``BulkSendQuery.period``), when those words still give its dates on ``today`` (the asker's
local date), else only what the dates alone say (a whole month, a whole year). Otherwise
the dates speak for themselves.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from bot.domain.dates import DateRange
from bot.domain.sends import STATUS_ORDER
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message.text import untrusted
from bot.message.words import status_adjective
from bot.query.dates import DateError, DateReading, DateRules, How, Point, Relative, Rolling, Unit
from bot.query.model import BulkSendQuery
from bot.query.periods import Period, Shape

# A template name the user typed is at most a few dozen characters; cut anything absurd.
_TEMPLATE_LIMIT = 200


@dataclass(frozen=True)
class QueryDescription:
    #: "failed or partial", "all statuses".
    statuses: str
    #: "last week"; None when the dates say it all.
    range_words: str | None
    #: "Nov 10 – 16, 2026", "until Nov 16, 2026".
    range_dates: str
    timezone: str
    #: "last 7 days by default" when the question named no period.
    default_note: str | None
    #: As the user wrote it: outside text, escape before showing.
    template: str | None

    @property
    def range(self) -> str:
        """ "last week · Nov 10 – 16, 2026"."""
        if self.range_words is None:
            return self.range_dates
        return f"{self.range_words} · {self.range_dates}"


def describe_query(query: BulkSendQuery, *, today: date | None = None) -> QueryDescription:
    tr = translator(query.language)
    return QueryDescription(
        statuses=status_words(query) or tr._("all statuses"),
        range_words=None if query.default_range else _range_words(query, today),
        range_dates=_range_dates(query.range, query.language),
        timezone=query.timezone,
        default_note=tr._("last 7 days by default") if query.default_range else None,
        template=query.template,
    )


def status_words(query: BulkSendQuery) -> str | None:
    """ "failed or partial"; None when the question covers every status."""
    statuses = query.ordered_statuses
    if not statuses or len(statuses) == len(STATUS_ORDER):
        return None
    tr = translator(query.language)
    return formats.either([status_adjective(s, tr) for s in statuses], query.language)


def sends_words(query: BulkSendQuery) -> str:
    """ "failed bulk sends of template welcome_message from +5491152630780", as mrkdwn safe
    to post."""
    tr = translator(query.language)
    statuses = status_words(query)
    what = tr._("{statuses} bulk sends", statuses=statuses) if statuses else tr._("bulk sends")
    if query.template is not None:
        template = untrusted(query.template, _TEMPLATE_LIMIT, mrkdwn=True)
        what = tr._("{what} of template {template}", what=what, template=template)
    if query.phone_number is not None:
        what = tr._("{what} from {sender}", what=what, sender=sender_number(query.phone_number))
    return what


def sender_number(digits: str) -> str:
    """A sender as people write it: "+5491152630780" (the question keeps digits only)."""
    return f"+{digits}"


def looking_up_text(query: BulkSendQuery) -> str:
    """ "⏳ Looking up failed bulk sends for Nov 10 – 16, 2026…" (mrkdwn, safe to post)."""
    return translator(query.language)._(
        "⏳ Looking up {what} for {range}…",
        what=sends_words(query),
        range=_range_dates(query.range, query.language),
    )


def waiting_text(query: BulkSendQuery | None, language: Language) -> str:
    """ "⏳ Looking up failed bulk sends…": no dates (the asker's zone is not known yet)."""
    tr = translator(language)
    if query is None:
        return tr._("⏳ Looking that up…")
    return tr._("⏳ Looking up {what}…", what=sends_words(query))


def _range_dates(span: DateRange, language: Language) -> str:
    if span.start is None:
        return translator(language)._("until {date}", date=formats.day(span.end, language))
    return formats.days(span.start, span.end, language)


def _range_words(query: BulkSendQuery, today: date | None) -> str | None:
    start, end = query.range.start, query.range.end
    if start is None:
        return None
    asked = _period_words(query.period, start, end, today, query.language)
    return asked or _shape_words(start, end, query.language)


def _period_words(
    period: Period | None, start: date, end: date, today: date | None, language: Language
) -> str | None:
    """The period as it was asked, when that is still what these dates are.

    "last week" on a button pressed a week later no longer names its dates, so relative
    words are checked against ``today``; without ``today`` they are not used at all.
    """
    if period is Shape.MONTH and start.day == 1 and end <= _month_end(start):
        return formats.month(start, language)
    if period is Shape.YEAR and (start.month, start.day) == (1, 1) and end.year == start.year:
        return str(start.year)
    point = spoken_point(period, DateRange(start, end), today)
    if point is None:
        return None
    tr = translator(language)
    if isinstance(point, Relative):
        return _calendar_words(point, tr)
    return _rolling_words(point.unit, point.count, tr)


#: Calendar words a range with no words of its own (a comparison's) may be named by.
_CALENDAR = (
    Relative.TODAY,
    Relative.YESTERDAY,
    Relative.THIS_WEEK,
    Relative.LAST_WEEK,
    Relative.THIS_MONTH,
    Relative.LAST_MONTH,
    Relative.THIS_YEAR,
    Relative.LAST_YEAR,
)


def spoken_point(
    period: Period | None, span: DateRange, today: date | None
) -> Relative | Rolling | None:
    """How ``span`` was asked ("last week", "the last 3 months") when those words still
    name exactly its dates on ``today``; None otherwise."""
    if today is None or span.start is None:
        return None
    if isinstance(period, Relative | Rolling) and _resolved(period, today) == span:
        return period
    return None


def calendar_point(span: DateRange, today: date | None) -> Relative | None:
    """The calendar word that names ``span`` exactly on ``today`` ("last month"), if any."""
    if today is None or span.start is None:
        return None
    return next((word for word in _CALENDAR if _resolved(word, today) == span), None)


def range_words(span: DateRange, today: date | None, language: Language) -> str:
    """A range with no words of its own: "last month · Oct 1 – 31, 2026", or its dates."""
    dates = _range_dates(span, language)
    point = calendar_point(span, today)
    words = _calendar_words(point, translator(language)) if point is not None else None
    if words is None and span.start is not None:
        words = _shape_words(span.start, span.end, language)
    return dates if words is None else f"{words} · {dates}"


def _resolved(point: Point, today: date) -> DateRange | None:
    try:
        return DateRules(today).range_for(DateReading(How.DURING, point))
    except DateError:
        return None


def _calendar_words(period: Relative, tr: Translator) -> str | None:
    """A period named by a calendar word, in words; None for the others (not periods)."""
    match period:
        case Relative.TODAY:
            return tr._("today")
        case Relative.YESTERDAY:
            return tr._("yesterday")
        case Relative.THIS_WEEK:
            return tr._("this week")
        case Relative.LAST_WEEK:
            return tr._("last week")
        case Relative.THIS_MONTH:
            return tr._("this month")
        case Relative.LAST_MONTH:
            return tr._("last month")
        case Relative.THIS_YEAR:
            return tr._("this year")
        case Relative.LAST_YEAR:
            return tr._("last year")
    return None


def _rolling_words(unit: Unit, count: int, tr: Translator) -> str | None:
    """ "last 3 months", "last 7 days" for one week, "today" for one day.

    One month or one year has no words that could not be mistaken for the calendar month
    or year ("last month"), so the dates say it.
    """
    if unit is Unit.WEEK and count == 1:
        unit, count = Unit.DAY, 7
    if unit is Unit.DAY:
        return tr._("today") if count == 1 else tr.ngettext("last {n} day", "last {n} days", count)
    if count == 1:
        return None
    match unit:
        case Unit.WEEK:
            return tr.ngettext("last {n} week", "last {n} weeks", count)
        case Unit.MONTH:
            return tr.ngettext("last {n} month", "last {n} months", count)
        case Unit.YEAR:
            return tr.ngettext("last {n} year", "last {n} years", count)
    return None


def _shape_words(start: date, end: date, language: Language) -> str | None:
    """What the dates alone say, whatever was asked: a whole month, a whole year."""
    if start == end:
        return None
    if start.day == 1 and end == _month_end(start):
        return formats.month(start, language)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return None


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
