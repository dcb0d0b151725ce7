"""An answer's breakdown and comparison as rows and chart series: shared by the Slack
message and the terminal, so both show the same figures.

Columns say what each rate divides where they stand side by side ("Delivery rate
(delivered ÷ sent)" in the legend under the table); rows keep the answer's order (a
ranking's, the periods' oldest first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.groups import PERIODS, Group, metric_value
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import words
from bot.message.charts import MAX_LABEL, MAX_POINTS, fits_chart
from bot.message.headline import key_text
from bot.message.periods import compared_period, period_noun
from bot.message.phrases import (
    Change,
    capitalised,
    change,
    group_heading,
    metric_label,
    short_period_name,
    value_text,
    verdict,
)
from bot.message.tables import Align, Column
from bot.message.text import one_line, unescape
from bot.query.model import GroupBy, Metric
from bot.report import Totals
from bot.service.questions import Answer

#: The columns every breakdown shows, in order: (label, metric). Each rate's two counts
#: are there too, so it can be checked beside them (delivered ÷ sent, read ÷ delivered,
#: failed ÷ recipients).
_FULL = (
    (words.BULK_SENDS, Metric.BULK_SENDS),
    (words.RECIPIENTS, Metric.RECIPIENTS),
    (words.SENT, Metric.SENT),
    (words.DELIVERED, Metric.DELIVERED),
    (words.READ, Metric.READ),
    (words.FAILED, Metric.FAILED),
    (words.DELIVERY_RATE, Metric.DELIVERY_RATE),
    (words.READ_RATE, Metric.READ_RATE),
    (words.FAILURE_RATE, Metric.FAILURE_RATE),
)
_SHORT = (
    (words.BULK_SENDS, Metric.BULK_SENDS),
    (words.RECIPIENTS, Metric.RECIPIENTS),
)


#: What each rate divides, beside it in a trend's table.
_PARTS = {
    Metric.DELIVERY_RATE: ((words.DELIVERED, Metric.DELIVERED), (words.SENT, Metric.SENT)),
    Metric.READ_RATE: ((words.READ, Metric.READ), (words.DELIVERED, Metric.DELIVERED)),
    Metric.FAILURE_RATE: ((words.FAILED, Metric.FAILED), (words.RECIPIENTS, Metric.RECIPIENTS)),
}


def _columns(by: GroupBy, metric: Metric, short: bool) -> tuple[tuple[str, Metric], ...]:
    """The counts beside a group's metric: every one for templates, senders and the like;
    for a trend (periods) only what the metric is made of, then sends and recipients, so a
    day's row stays narrow enough to read in Slack without scrolling sideways."""
    if short:
        return _SHORT
    if by not in PERIODS:
        return _FULL
    parts = _PARTS.get(metric, ())
    return (*parts, *(column for column in _SHORT if column not in parts))


#: Characters of a name from outside in a table's cell.
_NAME = 60


@dataclass(frozen=True)
class Rows:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    #: The whole range's row under a breakdown, so the sentence's "in all" and "overall"
    #: can be read in the table too; None for a ranking (its rows are a few of many).
    total: tuple[str, ...] | None = None

    def shown(self, limit: int | None = None) -> tuple[tuple[str, ...], ...]:
        """The first ``limit`` rows (all when None), then the total."""
        rows = self.rows if limit is None else self.rows[:limit]
        return rows if self.total is None else (*rows, self.total)


def breakdown_rows(
    answer: Answer, *, short: bool = False, language: Language | None = None
) -> Rows:
    """The groups as rows: rank (for a ranking), name, the question's metric (and, with a
    comparison, its value in the other period and the change), then the usual counts."""
    query = answer.query
    assert answer.groups is not None and query.group_by is not None
    language = language or query.language
    tr = translator(language)
    by, metric = query.group_by, query.metric or Metric.RECIPIENTS
    others = _other_groups(answer)
    columns: list[Column] = []
    if query.top is not None:
        columns.append(Column("#", Align.RIGHT))
    columns.append(Column(group_heading(by, tr)))
    columns.append(Column(metric_label(metric, tr), Align.RIGHT))
    if others is not None and answer.comparison is not None:
        other = compared_period(
            answer.comparison.range, query.range, query.period, answer.today, language
        )
        columns.append(Column(capitalised(other), Align.RIGHT))
        columns.append(Column(tr.pgettext("column", "Change"), Align.RIGHT))
    rest = [(label, m) for label, m in _columns(by, metric, short) if m is not metric]
    columns += [Column(tr._(label), Align.RIGHT) for label, _ in rest]
    rows = []
    for index, group in enumerate(answer.groups, start=1):
        row = [str(index)] if query.top is not None else []
        row.append(_plain_key(group, by, language))
        now = metric_value(group.totals, metric)
        row.append(value_text(metric, now, language))
        if others is not None:
            before_totals = others.get(_identity(group))
            before = metric_value(before_totals, metric) if before_totals else None
            row.append(value_text(metric, before, language))
            row.append(_change_cell(change(metric, now, before, language), tr))
        row += [value_text(m, metric_value(group.totals, m), language) for _, m in rest]
        rows.append(tuple(row))
    total = None
    if query.top is None:
        totals = answer.report.totals
        now = metric_value(totals, metric)
        total_row = [tr.pgettext("row", "Total"), value_text(metric, now, language)]
        if others is not None and answer.comparison is not None:
            before = metric_value(answer.comparison.report.totals, metric)
            total_row.append(value_text(metric, before, language))
            total_row.append(_change_cell(change(metric, now, before, language), tr))
        total_row += [value_text(m, metric_value(totals, m), language) for _, m in rest]
        total = tuple(total_row)
    return Rows(tuple(columns), tuple(rows), total)


def comparison_rows(answer: Answer, *, language: Language | None = None) -> Rows:
    """The two periods side by side, one row per number, with the change marked good or bad:
    counts compared in percent, rates in points."""
    assert answer.comparison is not None
    query = answer.query
    language = language or query.language
    tr = translator(language)
    this = period_noun(query.range, query.period, answer.today, language)
    other = compared_period(
        answer.comparison.range, query.range, query.period, answer.today, language
    )
    columns = (
        Column(tr.pgettext("column", "Number")),
        Column(capitalised(this), Align.RIGHT),
        Column(capitalised(other), Align.RIGHT),
        Column(tr.pgettext("column", "Change"), Align.RIGHT),
    )
    now, before = answer.report.totals, answer.comparison.report.totals
    rows = []
    for label, metric in _COMPARED:
        a, b = metric_value(now, metric), metric_value(before, metric)
        rows.append(
            (
                tr._(label),
                value_text(metric, a, language),
                value_text(metric, b, language),
                _change_cell(change(metric, a, b, language), tr),
            )
        )
    return Rows(columns, tuple(rows))


#: A comparison sets every measure of both periods side by side: the breakdown's columns.
_COMPARED = _FULL


def _change_cell(move: Change | None, tr: Translator) -> str:
    if move is None:
        return verdict(None, tr)
    if move.good is None:
        return move.words
    return f"{verdict(move, tr)}: {move.words}"


def _identity(group: Group) -> tuple[str, str | None]:
    return (group.key, group.language)


def _other_groups(answer: Answer) -> dict[tuple[str, str | None], Totals] | None:
    """The other period's groups by name, for a breakdown that is not of periods."""
    query = answer.query
    if answer.comparison is None or answer.comparison.groups is None or query.group_by in PERIODS:
        return None
    return {_identity(g): g.totals for g in answer.comparison.groups}


def _plain_key(group: Group, by: GroupBy, language: Language) -> str:
    """The group's name for a table cell (plain text: escaping is the table's)."""
    if by is GroupBy.TEMPLATE:
        return f"{_cut(one_line(group.key), _NAME)} ({_cut(one_line(group.language or ''), 16)})"
    if by is GroupBy.LANGUAGE:
        return capitalised(unescape(key_text(group, by, language)))
    if by in (GroupBy.PHONE_NUMBER, GroupBy.STATUS) or (by in PERIODS and group.first):
        return unescape(key_text(group, by, language))
    return _cut(one_line(group.key), _NAME)


# --- Charts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plot:
    """What a chart draws: categories along x, one or two series of values."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    #: The grouping the categories are (a long day range is drawn by week).
    by: GroupBy


def plot(answer: Answer, language: Language | None = None) -> Plot | None:
    """The metric per group, for a chart; None when it cannot be one chart (too many
    points even by month, or no value defined). Rates are percentages; groups whose rate
    is undefined (nothing to divide) are left out, never drawn as zero."""
    query = answer.query
    if answer.groups is None or query.group_by is None:
        return None
    language = language or query.language
    tr = translator(language)
    metric = query.metric or Metric.RECIPIENTS
    by, groups = query.group_by, list(answer.groups)
    if by in PERIODS:
        coarser, groups = _coarser(by, groups)
        if coarser is None:
            return None
        by = coarser
    else:
        groups = groups[:MAX_POINTS]
    others = _other_groups(answer)
    points: list[tuple[str, float, float | None]] = []
    for group in groups:
        value = _chart_value(metric, metric_value(group.totals, metric))
        if value is None:
            continue
        other = None
        if others is not None:
            before = others.get(_identity(group))
            other = _chart_value(metric, metric_value(before, metric)) if before else 0.0
            if other is None:
                continue
        label = _chart_key(group, by, language)
        points.append((label, value, other))
    if not points or not fits_chart(len(points)):
        return None
    categories = _distinct([label for label, _, _ in points])
    name = _cut(metric_label(metric, tr))
    series = [(name, tuple(v for _, v, _ in points))]
    if others is not None and answer.comparison is not None:
        this = _cut(capitalised(period_noun(query.range, query.period, answer.today, language)))
        that = _cut(
            capitalised(
                compared_period(
                    answer.comparison.range, query.range, query.period, answer.today, language
                )
            )
        )
        if this != that:
            series = [(this, series[0][1]), (that, tuple(o or 0.0 for _, _, o in points))]
    return Plot(tuple(categories), tuple(series), by)


def _chart_key(group: Group, by: GroupBy, language: Language) -> str:
    """A group as a chart's axis names it, inside Slack's label limit: a period short, a
    sender by its number, a template's name cut so its language still shows
    ("very_long_templ… (pt)": the same name in two languages is two bars)."""
    if by in PERIODS and group.first:
        return short_period_name(by, group.first, language)
    if by is GroupBy.PHONE_NUMBER and group.number is not None:
        return _cut(one_line(group.number))
    if by is GroupBy.TEMPLATE:
        suffix = f" ({_cut(one_line(group.language or ''), 6)})"
        return _cut(one_line(group.key), MAX_LABEL - len(suffix)) + suffix
    return _plain_key(group, by, language)


def _chart_value(metric: Metric, value: float | None) -> float | None:
    if value is None:
        return None
    if metric in (Metric.DELIVERY_RATE, Metric.READ_RATE, Metric.FAILURE_RATE):
        return round(value * 100, 1)
    return value


def _coarser(by: GroupBy, groups: list[Group]) -> tuple[GroupBy | None, list[Group]]:
    """Periods few enough for one chart: days become weeks, weeks months, if need be."""
    while not fits_chart(len(groups)):
        if by is GroupBy.MONTH:
            return None, groups
        by = GroupBy.WEEK if by is GroupBy.DAY else GroupBy.MONTH
        groups = _merged(groups, by)
    return by, groups


def _merged(groups: Sequence[Group], by: GroupBy) -> list[Group]:
    merged: list[Group] = []
    for group in groups:
        assert group.first is not None and group.last is not None
        same = merged and merged[-1].last is not None and _same_period(by, merged[-1], group)
        if same:
            last = merged[-1]
            merged[-1] = Group(
                key=last.key,
                totals=_sum(last.totals, group.totals),
                first=last.first,
                last=group.last,
            )
        else:
            merged.append(
                Group(key=group.key, totals=group.totals, first=group.first, last=group.last)
            )
    return merged


def _same_period(by: GroupBy, earlier: Group, later: Group) -> bool:
    assert earlier.first is not None and later.first is not None
    if by is GroupBy.WEEK:
        return earlier.first.isocalendar()[:2] == later.first.isocalendar()[:2]
    return (earlier.first.year, earlier.first.month) == (later.first.year, later.first.month)


def _sum(a: Totals, b: Totals) -> Totals:
    return Totals(
        a.bulk_sends + b.bulk_sends,
        a.recipients + b.recipients,
        a.sent + b.sent,
        a.delivered + b.delivered,
        a.read + b.read,
        a.failed + b.failed,
        a.pending + b.pending,
        a.not_sent + b.not_sent,
    )


def _cut(text: str, limit: int = MAX_LABEL) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _distinct(labels: list[str]) -> list[str]:
    """Labels cut to the axis' limit and made distinct ("promo_a…", "promo_a… 2"); a
    template's language stays at the end ("promo_… 2 (es)")."""
    seen: set[str] = set()
    out = []
    for label in labels:
        head, bracket, tail = label.rpartition(" (")
        suffix = f" ({tail}" if bracket and tail.endswith(")") and len(tail) <= 7 else ""
        stem = head if suffix else label
        candidate, n = _cut(label), 2
        while candidate in seen:
            number = f" {n}{suffix}"
            candidate = _cut(stem, MAX_LABEL - len(number)) + number
            n += 1
        seen.add(candidate)
        out.append(candidate)
    return out


def figures(rows: Rows, limit: int) -> str:
    """The rows on one line for fallback text ("Nov 1: 12 · Nov 2: 14 …"), cut at ``limit``:
    what a screen reader or a notification says instead of the chart."""
    key = 1 if rows.columns and rows.columns[0].header == "#" else 0
    parts = [f"{row[key]}: {row[key + 1]}" for row in rows.rows]
    text = " · ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"
