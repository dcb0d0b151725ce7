"""The pieces answers are written with: what a metric is called, a value written the
language's way, what became of the messages, and a change marked good or bad (a period
inside a sentence: ``bot.message.periods``).

Every change is sized by one rule, here, for answers, the digest and the Home tab alike:
rates in points with one decimal ("down 3.1 points"), counts in percent of the earlier
value, whole from 10% on ("up 12%", "down 2.5%"). Whether a change is good depends on the metric (fewer
failures is good). Each function returns text in the reader's language, through the
Translator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import Enum, auto

from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import N_, Translator, translator
from bot.message import words
from bot.query.model import GroupBy, Metric
from bot.report import Totals

RATES = frozenset({Metric.DELIVERY_RATE, Metric.READ_RATE, Metric.FAILURE_RATE})
#: How much was sent: more or less of it is neither good nor bad in itself.
VOLUMES = frozenset(m for m in Metric if m.better == 0)

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


# --- What became of the messages ------------------------------------------------------


def sends_to(totals: Totals, tr: Translator) -> str:
    """ "2 bulk sends to 515 recipients"."""
    sends = tr.ngettext("{n} bulk send", "{n} bulk sends", totals.bulk_sends)
    return tr.ngettext(
        "{sends} to {n} recipient", "{sends} to {n} recipients", totals.recipients, sends=sends
    )


def outcome(totals: Totals, tr: Translator) -> str:
    """What became of the recipients' messages, each rate beside the count it divides:
    "370 sent (93.2% of them delivered), 145 not sent (cancelled)". The one wording of
    this for answers, the digest, the Home tab and alerts: "515 recipients, 93.2%
    delivered" would read as 93.2% of 515, when it is of the 370 sent."""
    parts = []
    if totals.sent:
        parts.append(
            tr.ngettext(
                "{n} sent ({rate} delivered)",
                "{n} sent ({rate} of them delivered)",
                totals.sent,
                rate=formats.rate(totals.delivery_rate, tr.language),
            )
        )
    if totals.failed:
        parts.append(tr.ngettext("{n} failed", "{n} failed", totals.failed))
    if totals.pending:
        parts.append(tr.ngettext("{n} still to go out", "{n} still to go out", totals.pending))
    if totals.not_sent:
        parts.append(
            tr.ngettext("{n} not sent (cancelled)", "{n} not sent (cancelled)", totals.not_sent)
        )
    if not parts:
        return tr._("none sent")
    return str(format_list(parts, locale=tr.language))


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


class Ranked(Enum):
    """What a ranking's first place is, said as such: the most, the worst, the lowest."""

    TOP = auto()
    WORST = auto()
    LOWEST = auto()


def ranked(metric: Metric, ascending: bool) -> Ranked:
    """Most failures or the lowest delivery or read rate first is a ranking of the worst;
    fewest of anything first (recipients, failures, messages read: counts that follow how
    much was sent), of the lowest; the most of anything else, the top."""
    bad = not metric.higher_is_better
    good_rate = metric in RATES and metric.higher_is_better
    if (bad and not ascending) or (good_rate and ascending):
        return Ranked.WORST
    return Ranked.LOWEST if ascending else Ranked.TOP


def ranking_words(by: GroupBy, n: int, kind: Ranked, tr: Translator) -> str:
    """ "Top 3 templates", "Top template", "Worst 5 senders", "Lowest 2 templates"."""
    if kind is Ranked.WORST:
        match by:
            case GroupBy.TEMPLATE:
                return tr.ngettext("Worst template", "Worst {n} templates", n)
            case GroupBy.PHONE_NUMBER:
                return tr.ngettext("Worst sender", "Worst {n} senders", n)
            case GroupBy.STATUS:
                return tr.ngettext("Worst status", "Worst {n} statuses", n)
            case GroupBy.LANGUAGE:
                return tr.ngettext("Worst language", "Worst {n} languages", n)
            case _:
                return tr.ngettext("Worst period", "Worst {n} periods", n)
    if kind is Ranked.LOWEST:
        match by:
            case GroupBy.TEMPLATE:
                return tr.ngettext("Lowest template", "Lowest {n} templates", n)
            case GroupBy.PHONE_NUMBER:
                return tr.ngettext("Lowest sender", "Lowest {n} senders", n)
            case GroupBy.STATUS:
                return tr.ngettext("Lowest status", "Lowest {n} statuses", n)
            case GroupBy.LANGUAGE:
                return tr.ngettext("Lowest language", "Lowest {n} languages", n)
            case _:
                return tr.ngettext("Lowest period", "Lowest {n} periods", n)
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
    good = None if metric.better == 0 else up == (metric.better > 0)
    if is_rate(metric):
        return Change(moved(up, change_size(True, abs(now - before) * 100, language), tr), good)
    if before == 0:
        amount = formats.number(int(now), language)
        return Change(tr.pgettext("change", "up {amount} from none", amount=amount), good)
    return Change(count_moved(up, abs(now - before) / before, tr), good)


#: A count's change at or above this share is said in whole percent ("up 12%"); below
#: it, a decimal can matter ("up 2.5%").
WHOLE_PERCENT_FROM = 0.10


def change_size(rate: bool, size: float, language: Language) -> str:
    """How big a change is, the one way every message says it: a rate's in points, with
    one decimal like the rates themselves ("3.1 points", ``size`` in points); a count's in
    percent of the earlier value (``size`` a share: 0.12), whole from 10% on ("12%"), with
    one decimal below only where it says something ("2.5%", never "9.0%")."""
    if rate:
        points = format_decimal(size, "#,##0.0", locale=language)
        return translator(language).pgettext("change", "{points} points", points=points)
    if size >= WHOLE_PERCENT_FROM:
        return format_percent(size, "#,##0%", locale=language)
    return format_percent(size, "#,##0.#%", locale=language)


#: A count that grows by this share of its earlier value or more is said as a ratio.
RATIO_FROM = 1.0


def count_moved(up: bool, share: float, tr: Translator) -> str:
    """A count's change: "down 12%", "up 45%", and from double on a ratio ("up 2.5×",
    "up 40×"): 1 → 40 is forty times as many, and "up 3,900%" on a baseline of one
    reads as noise. ``share``: the change as a share of the earlier value (0.12)."""
    if up and share >= RATIO_FROM:
        ratio = 1 + share
        shown = (
            format_decimal(ratio, "#,##0.#", locale=tr.language)
            if ratio < 10
            else formats.number(math.floor(ratio + 0.5), tr.language)
        )
        return tr.pgettext("change", "up {ratio}×", ratio=shown)
    return moved(up, change_size(False, share, tr.language), tr)


def moved(up: bool, amount: str, tr: Translator) -> str:
    """ "up 3.1 points", "down 12%"."""
    if up:
        return tr.pgettext("change", "up {amount}", amount=amount)
    return tr.pgettext("change", "down {amount}", amount=amount)


def verdict(move: Change | None, tr: Translator) -> str:
    """The change marked for the eye and in words: "🟢 better", "🔴 worse", "⚪ same"."""
    if move is None:
        return formats.NO_RATE
    if move.good is None:
        return tr._("⚪ same")
    return tr._("🟢 better") if move.good else tr._("🔴 worse")
