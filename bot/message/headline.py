"""The one sentence every answer opens with: it answers the question, in the asker's
language, before anything else ("Failed bulk sends last week: 4; 5,247 recipients got
nothing.", "Read rate for welcome_message in October 2026: 61.2%, down 3.1 points from
September 2026 (64.3%).", "Top template this month by failed messages: order_confirmation
(es) with 1,204 in 3 bulk sends.").

Slack and the terminal say the same sentence: ``headline`` returns it as mrkdwn-safe text
(names from outside escaped), ``bot.terminal`` prints it as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.comparison import Direction, Verdict, compare
from bot.comparison import Metric as TrendMetric
from bot.domain.dates import DateRange
from bot.domain.sends import RUNNING, Status
from bot.groups import PERIODS, Group, metric_value
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message.describe import sender_number, sends_words, status_words
from bot.message.periods import compared_period, during
from bot.message.phrases import (
    Ranked,
    capitalised,
    change,
    group_count,
    grouping_words,
    is_rate,
    lowered,
    metric_label,
    outcome,
    period_name,
    ranked,
    ranking_words,
    value_text,
)
from bot.message.text import untrusted
from bot.message.words import status_label
from bot.query.model import BulkSendQuery, GroupBy, Metric, Order
from bot.report import Totals
from bot.service.questions import Answer

#: Characters of a name from outside quoted in a sentence.
NAME_LIMIT = 80


def headline(answer: Answer, language: Language | None = None) -> str:
    """The sentence that answers ``answer``'s question (mrkdwn-safe, no formatting)."""
    query = answer.query
    language = language or query.language
    tr = translator(language)
    if answer.send is not None:
        return _one_send(answer, tr)
    totals = answer.report.totals
    when = during(query.range, query.period, answer.today, language)
    if totals.bulk_sends == 0 and answer.comparison is None:
        none = tr._("No {what} {period}.", what=sends_words(query), period=when)
        return _with_failed_elsewhere(none, answer, tr, none_failed=True)
    if answer.groups is not None and query.group_by is not None and query.top is not None:
        return _ranking(answer, answer.groups, query.group_by, when, tr)
    if answer.comparison is not None:
        return _comparison(answer, when, tr)
    if answer.groups is not None and query.group_by is not None:
        if query.group_by in PERIODS:
            series = _series(answer, answer.groups, query.group_by, when, tr)
            verdict = _trend_verdict(answer, answer.groups, tr)
            return series if verdict is None else f"{verdict} {series}"
        return _breakdown(answer, answer.groups, query.group_by, when, tr)
    if query.metric is not None and query.metric is not Metric.BULK_SENDS:
        return _metric(query, query.metric, totals, when, tr)
    return _with_failed_elsewhere(_sends(query, totals, when, tr), answer, tr)


def _with_failed_elsewhere(
    sentence: str, answer: Answer, tr: Translator, *, none_failed: bool = False
) -> str:
    """ "No failed bulk sends yesterday, but 8 messages failed in 2 other bulk sends
    (partial or still sending)." Someone asking for failed messages gets them."""
    elsewhere = answer.failed_elsewhere
    if elsewhere is None or not elsewhere.failed:
        return sentence
    other = tr.ngettext("{n} message failed", "{n} messages failed", elsewhere.failed)
    if none_failed:
        return tr.ngettext(
            "{answer}, but {failed} in {n} other bulk send (partial or still sending).",
            "{answer}, but {failed} in {n} other bulk sends (partial or still sending).",
            elsewhere.bulk_sends,
            answer=sentence.removesuffix("."),
            failed=other,
        )
    return tr.ngettext(
        "{answer}; {failed} in {n} other bulk send too (partial or still sending).",
        "{answer}; {failed} in {n} other bulk sends too (partial or still sending).",
        elsewhere.bulk_sends,
        answer=sentence.removesuffix("."),
        failed=other,
    )


def key_text(group: Group, by: GroupBy, language: Language) -> str:
    """A group as a sentence or a row names it (names from outside escaped)."""
    if by is GroupBy.TEMPLATE:
        name = untrusted(group.key, NAME_LIMIT, mrkdwn=True)
        return f"{name} ({untrusted(group.language or '', 16, mrkdwn=True)})"
    if by is GroupBy.PHONE_NUMBER:
        if group.number is None:
            return sender_number(group.key)
        number = untrusted(group.number, 32, mrkdwn=True)
        if not group.verified_name:
            return number
        return f"{number} ({untrusted(group.verified_name, NAME_LIMIT, mrkdwn=True)})"
    if by is GroupBy.LANGUAGE:
        return untrusted(formats.language_name(group.key, language), NAME_LIMIT, mrkdwn=True)
    if by is GroupBy.STATUS:
        return status_label(Status(group.key), translator(language))
    if by in PERIODS and group.first is not None:
        return period_name(by, group.first, language)
    return untrusted(group.key, NAME_LIMIT, mrkdwn=True)


def scoped_label(query: BulkSendQuery, metric: Metric, tr: Translator) -> str:
    """ "Read rate for welcome_message", "Failed bulk sends", "Recipients from +549…"."""
    if metric is Metric.BULK_SENDS:
        return capitalised(sends_words(query))
    label = metric_label(metric, tr)
    statuses = status_words(query)
    if statuses is not None:
        label = tr._("{metric} in {statuses} bulk sends", metric=label, statuses=statuses)
    if query.template is not None:
        template = untrusted(query.template, NAME_LIMIT, mrkdwn=True)
        label = tr._("{metric} for {template}", metric=label, template=template)
    if query.phone_number is not None:
        label = tr._(
            "{metric} from {sender}", metric=label, sender=sender_number(query.phone_number)
        )
    return label


def _sends(query: BulkSendQuery, totals: Totals, when: str, tr: Translator) -> str:
    language = tr.language
    what = capitalised(sends_words(query))
    sends = formats.number(totals.bulk_sends, language)
    statuses = query.statuses
    if statuses == {Status.FAILED}:
        tail = tr.ngettext("{n} recipient got nothing", "{n} recipients got nothing", totals.failed)
        return tr._(
            "{what} {period}: {sends}; {tail}.", what=what, period=when, sends=sends, tail=tail
        )
    if statuses and statuses <= RUNNING:
        tail = tr.ngettext(
            "{n} message still to go out", "{n} messages still to go out", totals.pending
        )
        return tr._(
            "{what} {period}: {sends}; {tail}.", what=what, period=when, sends=sends, tail=tail
        )
    return tr.ngettext(
        "{what} {period}: {sends}, to {n} recipient; {outcome}.",
        "{what} {period}: {sends}, to {n} recipients; {outcome}.",
        totals.recipients,
        what=what,
        period=when,
        sends=sends,
        outcome=outcome(totals, tr),
    )


def _metric(query: BulkSendQuery, metric: Metric, totals: Totals, when: str, tr: Translator) -> str:
    language = tr.language
    value = value_text(metric, metric_value(totals, metric), language)
    label = scoped_label(query, metric, tr)
    detail = _detail(metric, totals, tr)
    return tr._(
        "{metric} {period}: {value} ({detail}).",
        metric=label,
        period=when,
        value=value,
        detail=detail,
    )


def _detail(metric: Metric, totals: Totals, tr: Translator) -> str:
    """What a value is made of: "2,104 read of 3,438 delivered", "in 3 bulk sends"."""
    language = tr.language

    def n(value: int) -> str:
        return formats.number(value, language)

    match metric:
        case Metric.DELIVERY_RATE:
            return tr._(
                "{part} delivered of {whole} sent", part=n(totals.delivered), whole=n(totals.sent)
            )
        case Metric.READ_RATE:
            return tr._(
                "{part} read of {whole} delivered", part=n(totals.read), whole=n(totals.delivered)
            )
        case Metric.FAILURE_RATE:
            return tr._(
                "{part} failed of {whole} recipients",
                part=n(totals.failed),
                whole=n(totals.recipients),
            )
        case Metric.BULK_SENDS:
            return tr.ngettext("to {n} recipient", "to {n} recipients", totals.recipients)
    return tr.ngettext("in {n} bulk send", "in {n} bulk sends", totals.bulk_sends)


def _comparison(answer: Answer, when: str, tr: Translator) -> str:
    """ "Read rate in October 2026: 64.0%, down 2.6 points from September 2026 (66.6%)."
    The other period is named bare (``compared_period``): it follows "from" or "the same
    as", or labels its value."""
    assert answer.comparison is not None
    query, language = answer.query, tr.language
    metric = query.metric or Metric.BULK_SENDS
    now = metric_value(answer.report.totals, metric)
    before = metric_value(answer.comparison.report.totals, metric)
    values = {
        "metric": scoped_label(query, metric, tr),
        "period": when,
        "value": value_text(metric, now, language),
        "other": compared_period(
            answer.comparison.range, query.range, query.period, answer.today, language
        ),
        "other_value": value_text(metric, before, language),
    }
    move = change(metric, now, before, language)
    if move is not None and now == before:
        said = tr._("{metric} {period}: {value}, the same as {other}.", **values)
    elif move is None or (before == 0 and not is_rate(metric)):
        # Nothing to measure a change against: both values, side by side.
        said = tr._("{metric} {period}: {value}; {other}: {other_value}.", **values)
    else:
        said = tr._(
            "{metric} {period}: {value}, {change} from {other} ({other_value}).",
            change=move.words,
            **values,
        )
    lengths = _unequal(query.range, answer.comparison.range, answer.today, tr)
    if lengths is None:
        return said
    return tr._("{answer}; {lengths}.", answer=said.removesuffix("."), lengths=lengths)


def _unequal(main: DateRange, other: DateRange, today: date, tr: Translator) -> str | None:
    """ "Dec 1 – 5, 2026 vs Nov 1 – 30, 2026 (5 days vs 30)" when a period still running
    (it ends today) is set against a longer one (this month so far against all of last
    month): a count over 5 days beside one over 30 must say so. None otherwise (two whole
    months of 30 and 31 days are alike enough, and named as such)."""
    if main.start is None or other.start is None:
        return None
    days = (main.end - main.start).days + 1
    other_days = (other.end - other.start).days + 1
    running = (main.end == today and days < other_days) or (
        other.end == today and other_days < days
    )
    if not running:
        return None
    language = tr.language
    return tr.ngettext(
        "{dates} vs {other_dates} ({n} day vs {other_days})",
        "{dates} vs {other_dates} ({n} days vs {other_days})",
        days,
        dates=formats.days(main.start, main.end, language),
        other_dates=formats.days(other.start, other.end, language),
        other_days=formats.number(other_days, language),
    )


def _ranking(
    answer: Answer, groups: Sequence[Group], by: GroupBy, when: str, tr: Translator
) -> str:
    query, language = answer.query, tr.language
    assert query.top is not None
    metric = query.metric or Metric.RECIPIENTS
    if not groups:
        return tr._("No {what} {period}.", what=sends_words(query), period=when)
    first = groups[0]
    kind = ranked(metric, query.top.order is Order.ASC)
    values = {
        "ranking": ranking_words(by, min(query.top.n, len(groups)), kind, tr),
        "period": when,
        "metric": lowered(metric_label(metric, tr)),
        "key": _sentence_key(first, by, language),
        "value": value_text(metric, metric_value(first.totals, metric), language),
        "detail": _detail(metric, first.totals, tr),
    }
    if kind is Ranked.WORST:
        return tr._(
            "{ranking} {period} by {metric}: {key} is worst, with {value} ({detail}).", **values
        )
    if kind is Ranked.LOWEST:
        return tr._(
            "{ranking} {period} by {metric}: {key} is lowest, with {value} ({detail}).", **values
        )
    return tr._("{ranking} {period} by {metric}: {key} leads with {value} ({detail}).", **values)


def _sentence_key(group: Group, by: GroupBy, language: Language) -> str:
    """A group named inside a sentence: a status in lower case ("completed")."""
    key = key_text(group, by, language)
    return lowered(key) if by is GroupBy.STATUS else key


def _breakdown(
    answer: Answer, groups: Sequence[Group], by: GroupBy, when: str, tr: Translator
) -> str:
    query, language = answer.query, tr.language
    metric = query.metric or Metric.RECIPIENTS
    label = lowered(metric_label(metric, tr))
    leaders = [g for g in groups if metric_value(g.totals, metric) is not None]
    values = {
        "what": capitalised(sends_words(query)),
        "period": when,
        "grouping": grouping_words(by, tr),
        "groups": group_count(by, len(groups), tr),
    }
    if not leaders:
        return tr._("{what} {period}, {grouping}: {groups}.", **values)
    best = max(leaders, key=lambda g: metric_value(g.totals, metric) or 0)
    key, value = (
        _sentence_key(best, by, language),
        value_text(metric, metric_value(best.totals, metric), language),
    )
    if is_rate(metric):
        lead = tr._("highest {metric}: {key}, with {value}", metric=label, key=key, value=value)
    else:
        lead = tr._("most {metric}: {key}, with {value}", metric=label, key=key, value=value)
    return tr._("{what} {period}, {grouping}: {groups}; {lead}.", lead=lead, **values)


def _series(answer: Answer, groups: Sequence[Group], by: GroupBy, when: str, tr: Translator) -> str:
    query, language = answer.query, tr.language
    metric = query.metric or Metric.RECIPIENTS
    overall = value_text(metric, metric_value(answer.report.totals, metric), language)
    values = {
        "metric": scoped_label(query, metric, tr),
        "per": grouping_words(by, tr),
        "period": when,
        "overall": overall,
    }
    known = [(metric_value(g.totals, metric), g) for g in groups]
    defined = [(v, g) for v, g in known if v is not None]
    if len(defined) < 2 or min(v for v, _ in defined) == max(v for v, _ in defined):
        if is_rate(metric):
            return tr._("{metric} {per} {period}: {overall} overall.", **values)
        return tr._("{metric} {per} {period}: {overall} in all.", **values)
    high = max(defined, key=lambda item: item[0])
    low = min(defined, key=lambda item: item[0])
    extremes = {
        "high": key_text(high[1], by, language),
        "high_value": value_text(metric, high[0], language),
        "low": key_text(low[1], by, language),
        "low_value": value_text(metric, low[0], language),
    }
    if is_rate(metric):
        return tr._(
            "{metric} {per} {period}: {overall} overall; highest {high} ({high_value}), "
            "lowest {low} ({low_value}).",
            **values,
            **extremes,
        )
    return tr._(
        "{metric} {per} {period}: {overall} in all; highest {high} ({high_value}), "
        "lowest {low} ({low_value}).",
        **values,
        **extremes,
    )


def _trend_verdict(answer: Answer, groups: Sequence[Group], tr: Translator) -> str | None:
    """Whether a trend is going the right way, first: the later half of its periods against
    the earlier half (rates pooled over each half, counts added up over as many periods),
    by the digest's rule for better, worse and steady. A period still running (today's) is
    left out: its numbers are still growing. None when there is nothing to weigh."""
    query = answer.query
    metric = query.metric or Metric.RECIPIENTS
    periods = [g for g in groups if g.first is not None and g.last is not None]
    if periods and periods[-1].last == answer.today:
        periods = periods[:-1]
    # A week or month the range cuts is shorter than the others: weighed, it would tilt.
    by = query.group_by
    while periods and not _whole(periods[0], by):
        periods = periods[1:]
    while periods and not _whole(periods[-1], by):
        periods = periods[:-1]
    half = len(periods) // 2
    if half == 0:
        return None
    earlier, later = periods[:half], periods[-half:]
    before = metric_value(Totals.sum([g.totals for g in earlier]), metric)
    after = metric_value(Totals.sum([g.totals for g in later]), metric)
    kind = next(m for m in TrendMetric if m.key == metric.value)
    moved = compare(kind, after, before)
    if moved.direction is None:
        return None
    language = tr.language
    # No figures of its own: every figure of an answer's sentences is one the table shows.
    return tr._(
        "{verdict}, comparing {later} with {earlier}.",
        verdict=_verdict_words(moved.direction, moved.verdict, metric, tr),
        earlier=_days_of(earlier, language),
        later=_days_of(later, language),
    )


def _whole(period: Group, by: GroupBy | None) -> bool:
    first, last = period.first, period.last
    assert first is not None and last is not None
    if by is GroupBy.WEEK:
        return (last - first).days == 6
    if by is GroupBy.MONTH:
        return first.day == 1 and (last + timedelta(days=1)).day == 1
    return True


def _days_of(periods: Sequence[Group], language: Language) -> str:
    first, last = periods[0].first, periods[-1].last
    assert first is not None and last is not None
    return formats.days(first, last, language)


def _verdict_words(direction: Direction, verdict: Verdict, metric: Metric, tr: Translator) -> str:
    """ "Getting better", "Getting worse", "Holding steady"; how much was sent is neither
    better nor worse: "Rising", "Falling"."""
    if direction is Direction.STEADY:
        return tr.pgettext("trend", "Holding steady")
    if verdict is Verdict.BETTER:
        return tr.pgettext("trend", "Getting better")
    if verdict is Verdict.WORSE:
        return tr.pgettext("trend", "Getting worse")
    if direction is Direction.UP:
        return tr.pgettext("trend", "Rising")
    return tr.pgettext("trend", "Falling")


def _one_send(answer: Answer, tr: Translator) -> str:
    assert answer.send is not None
    send = answer.send.detail.send
    template = untrusted(
        f"{send.template.name} ({send.template.language})", NAME_LIMIT, mrkdwn=True
    )
    return tr.ngettext(
        "Bulk send of {template}, {status}, to {n} recipient: {outcome}.",
        "Bulk send of {template}, {status}, to {n} recipients: {outcome}.",
        send.total_recipients,
        template=template,
        status=lowered(status_label(send.status, tr)),
        outcome=outcome(Totals.of([send]), tr),
    )
