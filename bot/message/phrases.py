"""The pieces answers are written with: a period inside a sentence, what a metric is
called, a value written the language's way, and a change marked good or bad.

Rates are compared in points ("down 3.1 points"), counts in percent ("up 12%"); whether
a change is good depends on the metric (fewer failures is good). Each function returns
text in the reader's language, through the Translator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent

from bot.domain.dates import DateRange
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import N_, Translator, translator
from bot.message import words
from bot.message.describe import calendar_point, spoken_point
from bot.query.dates import Relative, Rolling, Unit
from bot.query.model import GroupBy, Metric
from bot.query.periods import Period

RATES = frozenset({Metric.DELIVERY_RATE, Metric.READ_RATE, Metric.FAILURE_RATE})
#: How much was sent: more or less of it is neither good nor bad in itself.
VOLUMES = frozenset({Metric.BULK_SENDS, Metric.RECIPIENTS, Metric.SENT})

#: What each metric is called as a label ("Read rate: 61.2%"); translate with ``tr._``.
METRIC_LABELS: dict[Metric, str] = {
    Metric.BULK_SENDS: words.BULK_SENDS,
    Metric.RECIPIENTS: words.RECIPIENTS,
    Metric.SENT: N_("Messages sent"),
    Metric.DELIVERED: N_("Messages delivered"),
    Metric.READ: N_("Messages read"),
    Metric.FAILED: N_("Failed messages"),
    Metric.PENDING: N_("Pending messages"),
    Metric.DELIVERY_RATE: words.DELIVERY_RATE,
    Metric.READ_RATE: words.READ_RATE,
    Metric.FAILURE_RATE: words.FAILURE_RATE,
}


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def lowered(text: str) -> str:
    """A label inside a sentence: "Read rate" → "read rate" (never a name: ours only)."""
    return text[:1].lower() + text[1:]


def metric_label(metric: Metric, tr: Translator) -> str:
    return tr._(METRIC_LABELS[metric])


def is_rate(metric: Metric) -> bool:
    return metric in RATES


def value_text(metric: Metric, value: float | None, language: Language) -> str:
    """ "1,204" for a count, "61.2%" for a rate, "—" for a rate of nothing."""
    if value is None:
        return formats.NO_RATE
    if is_rate(metric):
        return formats.rate(value, language)
    return formats.number(int(value), language)


# --- Periods inside sentences --------------------------------------------------------------


def during(span: DateRange, period: Period | None, today: date | None, language: Language) -> str:
    """The range as it fits after a clause: "last week", "in the last 30 days", "in October
    2026", "on Nov 3, 2026", "from Nov 3, 2026 to Nov 9, 2026", "until Nov 9, 2026"."""
    tr = translator(language)
    if span.start is None:
        return tr.pgettext("during", "until {day}", day=formats.day(span.end, language))
    # A range asked in words keeps them ("october" stays October even when it is last
    # month); one with none (a comparison's) is named by the calendar word it is, if any.
    point = spoken_point(period, span, today) if period else calendar_point(span, today)
    if isinstance(point, Relative):
        words_ = _relative(point, tr)
        if words_ is not None:
            return words_
    if isinstance(point, Rolling):
        words_ = _rolling(point, tr)
        if words_ is not None:
            return words_
    start, end = span.start, span.end
    if start == end:
        return tr.pgettext("during", "on {day}", day=formats.day(start, language))
    if start.day == 1 and end == _month_end(start):
        return tr.pgettext("during", "in {month}", month=formats.month(start, language))
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return tr.pgettext("during", "in {year}", year=str(start.year))
    return tr.pgettext(
        "during",
        "from {start} to {end}",
        start=formats.day(start, language),
        end=formats.day(end, language),
    )


def _relative(point: Relative, tr: Translator) -> str | None:
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
    return None


def _rolling(point: Rolling, tr: Translator) -> str | None:
    unit, count = point.unit, point.count
    if unit is Unit.WEEK and count == 1:
        unit, count = Unit.DAY, 7
    if unit is Unit.DAY:
        if count == 1:
            return tr.pgettext("during", "today")
        return tr.npgettext("during", "in the last {n} day", "in the last {n} days", count)
    if count == 1:
        return None
    match unit:
        case Unit.WEEK:
            return tr.npgettext("during", "in the last {n} week", "in the last {n} weeks", count)
        case Unit.MONTH:
            return tr.npgettext("during", "in the last {n} month", "in the last {n} months", count)
        case Unit.YEAR:
            return tr.npgettext("during", "in the last {n} year", "in the last {n} years", count)
    return None


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


# --- Groups -----------------------------------------------------------------------------


def grouping_words(by: GroupBy, tr: Translator) -> str:
    """ "by template", "by day"."""
    match by:
        case GroupBy.TEMPLATE:
            return tr.pgettext("breakdown", "by template")
        case GroupBy.PHONE_NUMBER:
            return tr.pgettext("breakdown", "by sender")
        case GroupBy.STATUS:
            return tr.pgettext("breakdown", "by status")
        case GroupBy.LANGUAGE:
            return tr.pgettext("breakdown", "by language")
        case GroupBy.DAY:
            return tr.pgettext("breakdown", "per day")
        case GroupBy.WEEK:
            return tr.pgettext("breakdown", "per week")
        case GroupBy.MONTH:
            return tr.pgettext("breakdown", "per month")


def group_heading(by: GroupBy, tr: Translator) -> str:
    """A breakdown's first column."""
    match by:
        case GroupBy.TEMPLATE:
            return tr.pgettext("column", "Template")
        case GroupBy.PHONE_NUMBER:
            return tr.pgettext("column", "Sender")
        case GroupBy.STATUS:
            return tr.pgettext("column", "Status")
        case GroupBy.LANGUAGE:
            return tr.pgettext("column", "Language")
        case GroupBy.DAY:
            return tr.pgettext("column", "Day")
        case GroupBy.WEEK:
            return tr.pgettext("column", "Week")
        case GroupBy.MONTH:
            return tr.pgettext("column", "Month")


def group_count(by: GroupBy, n: int, tr: Translator) -> str:
    """ "6 templates", "1 sender"."""
    match by:
        case GroupBy.TEMPLATE:
            return tr.ngettext("{n} template", "{n} templates", n)
        case GroupBy.PHONE_NUMBER:
            return tr.ngettext("{n} sender", "{n} senders", n)
        case GroupBy.STATUS:
            return tr.ngettext("{n} status", "{n} statuses", n)
        case GroupBy.LANGUAGE:
            return tr.ngettext("{n} language", "{n} languages", n)
        case GroupBy.DAY:
            return tr.ngettext("{n} day", "{n} days", n)
        case GroupBy.WEEK:
            return tr.ngettext("{n} week", "{n} weeks", n)
        case GroupBy.MONTH:
            return tr.ngettext("{n} month", "{n} months", n)


def ranking_words(by: GroupBy, n: int, ascending: bool, tr: Translator) -> str:
    """ "Top 3 templates", "Top template", "Bottom 5 senders"."""
    if ascending:
        match by:
            case GroupBy.TEMPLATE:
                return tr.ngettext("Bottom template", "Bottom {n} templates", n)
            case GroupBy.PHONE_NUMBER:
                return tr.ngettext("Bottom sender", "Bottom {n} senders", n)
            case GroupBy.STATUS:
                return tr.ngettext("Bottom status", "Bottom {n} statuses", n)
            case GroupBy.LANGUAGE:
                return tr.ngettext("Bottom language", "Bottom {n} languages", n)
            case _:
                return tr.ngettext("Bottom period", "Bottom {n} periods", n)
    match by:
        case GroupBy.TEMPLATE:
            return tr.ngettext("Top template", "Top {n} templates", n)
        case GroupBy.PHONE_NUMBER:
            return tr.ngettext("Top sender", "Top {n} senders", n)
        case GroupBy.STATUS:
            return tr.ngettext("Top status", "Top {n} statuses", n)
        case GroupBy.LANGUAGE:
            return tr.ngettext("Top language", "Top {n} languages", n)
        case _:
            return tr.ngettext("Top period", "Top {n} periods", n)


def period_name(by: GroupBy, first: date, language: Language) -> str:
    """A period as a row or a chart names it: "Nov 12", "week of Nov 9", "November 2026"."""
    if by is GroupBy.MONTH:
        return formats.month(first, language)
    day = format_skeleton("MMMd", first, locale=language)
    if by is GroupBy.WEEK:
        return translator(language)._("week of {day}", day=day)
    return day


def short_period_name(by: GroupBy, first: date, language: Language) -> str:
    """The same, short enough for a chart's axis: "Nov 12", "Nov 9", "Nov 2026"."""
    if by is GroupBy.MONTH:
        return format_skeleton("yMMM", first, locale=language)
    return format_skeleton("MMMd", first, locale=language)


# --- Changes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """How a metric moved from one period to the other."""

    #: "up 3.1 points", "down 12%", "no change", "up 1,204 from 0".
    words: str
    #: True when the move is good for the metric, False when bad, None when neither (no
    #: change, or a volume: more sends are not better in themselves).
    good: bool | None


def change(
    metric: Metric, now: float | None, before: float | None, language: Language
) -> Change | None:
    """None when either value is undefined (a rate of nothing)."""
    if now is None or before is None:
        return None
    tr = translator(language)
    if now == before:
        return Change(tr.pgettext("change", "no change"), None)
    up = now > before
    good = None if metric in VOLUMES else up == metric.higher_is_better
    if is_rate(metric):
        points = format_decimal(abs(now - before) * 100, "#,##0.0", locale=language)
        if up:
            return Change(tr.pgettext("change", "up {points} points", points=points), good)
        return Change(tr.pgettext("change", "down {points} points", points=points), good)
    if before == 0:
        amount = formats.number(int(now), language)
        return Change(tr.pgettext("change", "up {amount} from none", amount=amount), good)
    share = format_percent(abs(now - before) / before, "#,##0.#%", locale=language)
    if up:
        return Change(tr.pgettext("change", "up {percent}", percent=share), good)
    return Change(tr.pgettext("change", "down {percent}", percent=share), good)


def verdict(move: Change | None, tr: Translator) -> str:
    """The change marked for the eye and in words: "🟢 better", "🔴 worse", "⚪ same"."""
    if move is None:
        return formats.NO_RATE
    if move.good is None:
        return tr._("⚪ same")
    return tr._("🟢 better") if move.good else tr._("🔴 worse")
