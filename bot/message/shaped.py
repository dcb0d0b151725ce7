"""Answers with a shape: a breakdown, a ranking, a trend or a comparison.

The sentence that answers comes first, then how the question was understood, then the
figures: a comparison side by side (a table: this period, the other, the change marked
good or bad), a breakdown or ranking as a table, and a chart (a line over periods, bars
over anything else). Where the reader's workspace refuses tables or charts
(``refused``), the same rows go out as monospaced text and the chart is left to the
table, which already holds its figures. ``fit`` keeps the first layout inside Slack's
limits: fewer columns, text instead of a table, no chart, and only then fewer rows, with
a line saying how many are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock

from bot.groups import PERIODS
from bot.locale import formats
from bot.locale.translate import Translator, translator
from bot.message import actions, words
from bot.message.blocks import bold, context, plain, section
from bot.message.breakdown import Rows, breakdown_rows, comparison_rows, figures, plot
from bot.message.charts import MAX_TITLE, ChartType, Series, xy_chart
from bot.message.describe import describe_query, range_words, sender_number
from bot.message.fit import fit
from bot.message.headline import headline as answer_headline
from bot.message.leading import later_first
from bot.message.limits import MAX_SECTION_TEXT
from bot.message.newer import CHART, TABLE, Refused
from bot.message.phrases import grouping_words, metric_label
from bot.message.slack import SlackMessage
from bot.message.tables import table_block, table_lines
from bot.message.text import escape, untrusted
from bot.query.codec import StateTooLongError, encode_state
from bot.query.model import GroupBy, Metric
from bot.service.questions import Answer

#: Characters of the fallback text given to the figures.
_FIGURES = 3000


@dataclass(frozen=True)
class _Layout:
    short: bool
    table: bool
    chart: bool
    #: Rows listed at most (None: all).
    rows: int | None
    buttons: bool


_LAYOUTS = (
    _Layout(short=False, table=True, chart=True, rows=None, buttons=True),
    _Layout(short=True, table=True, chart=True, rows=None, buttons=True),
    _Layout(short=True, table=False, chart=True, rows=None, buttons=True),
    _Layout(short=True, table=False, chart=False, rows=None, buttons=False),
    _Layout(short=True, table=False, chart=False, rows=60, buttons=False),
    _Layout(short=True, table=False, chart=False, rows=25, buttons=False),
    _Layout(short=True, table=False, chart=False, rows=10, buttons=False),
)


def build_shaped_message(
    answer: Answer, *, interactive: bool = True, refused: Refused = frozenset()
) -> SlackMessage:
    """A breakdown, ranking, trend or comparison as a message (see the module's words)."""
    answer = later_first(answer)
    tr = translator(answer.query.language)
    sentence = answer_headline(answer)
    layouts = [
        replace(
            layout,
            table=layout.table and TABLE not in refused,
            chart=layout.chart and CHART not in refused,
            buttons=layout.buttons and interactive,
        )
        for layout in _LAYOUTS
    ]
    blocks = fit(layouts, lambda layout: _blocks(answer, sentence, layout, tr))
    return SlackMessage(text=_fallback(answer, sentence, tr), blocks=tuple(blocks))


def _blocks(answer: Answer, sentence: str, layout: _Layout, tr: Translator) -> list[Block]:
    mark = f"{words.demo_mark(tr)} · " if answer.demo else ""
    blocks: list[Block] = [section(bold(mark + sentence))]
    if answer.demo:
        blocks.append(context(words.demo_badge(tr)))
    blocks.append(understanding(answer, tr))
    empty = answer.report.totals.bulk_sends == 0 and (
        answer.comparison is None or answer.comparison.report.totals.bulk_sends == 0
    )
    if empty:
        blocks.append(context(_try_wider(tr)))
    else:
        table_used = False
        if answer.comparison is not None and answer.groups is None:
            blocks += _table(comparison_rows(answer), layout, tr)
            table_used = layout.table
        if answer.groups is not None:
            blocks += _table(breakdown_rows(answer, short=layout.short), layout, tr, table_used)
        blocks.append(context(words.rates_explained(tr)))
        if layout.chart:
            blocks += _chart(answer, tr)
    if layout.buttons:
        share = _share(answer, tr)
        if share is not None:
            blocks.append(ActionsBlock(elements=[share]))
    return blocks


def understanding(answer: Answer, tr: Translator) -> ContextBlock:
    """ "*Status:* failed · *Period:* last week · Nov 9 – 15, 2026 · *Time zone:* …", then
    the template, the sender and the other period of a comparison."""
    query = answer.query
    described = describe_query(query, today=answer.today)
    period = described.range
    if described.default_note:
        period += f" ({described.default_note})"
    parts = [
        tr._(
            "*Status:* {statuses} · *Period:* {period} · *Time zone:* {timezone}",
            statuses=described.statuses,
            period=period,
            timezone=untrusted(formats.time_zone(described.timezone, tr.language), 64, mrkdwn=True),
        )
    ]
    if query.template is not None:
        parts.append(
            tr._("*Template:* {template}", template=untrusted(query.template, 120, mrkdwn=True))
        )
    if query.phone_number is not None:
        parts.append(tr._("*Sender:* {sender}", sender=sender_number(query.phone_number)))
    if answer.comparison is not None:
        other = range_words(answer.comparison.range, answer.today, tr.language)
        parts.append(tr._("*Compared with:* {period}", period=other))
    return context(" · ".join(parts))


def _table(rows: Rows, layout: _Layout, tr: Translator, used: bool = False) -> list[Block]:
    """The rows as a table block, or (refused, or one already used) as monospaced text."""
    shown = rows.shown(layout.rows)
    hidden = 0 if layout.rows is None else max(len(rows.rows) - layout.rows, 0)
    blocks: list[Block]
    if layout.table and not used:
        blocks = [table_block(rows.columns, shown)]
    else:
        blocks = [section(f"```{chunk}```") for chunk in _chunks(table_lines(rows.columns, shown))]
    if hidden:
        blocks.append(
            context(
                tr.ngettext(
                    "+{n} more row: ask for a shorter period to see every one",
                    "+{n} more rows: ask for a shorter period to see every one",
                    hidden,
                )
            )
        )
    return blocks


def _chunks(lines: list[str]) -> list[str]:
    """Lines escaped and gathered into pieces that each fit one section."""
    room = MAX_SECTION_TEXT - 6
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        text = escape(line).replace("`", "'")[:room]
        if current and size + len(text) + 1 > room:
            chunks.append("\n".join(current))
            current, size = [], 0
        current.append(text)
        size += len(text) + 1
    if current:
        chunks.append("\n".join(current))
    return chunks


def _chart(answer: Answer, tr: Translator) -> list[Block]:
    drawn = plot(answer)
    query = answer.query
    if drawn is None or query.group_by is None:
        return []
    metric = query.metric or Metric.RECIPIENTS
    label = metric_label(metric, tr)
    title = f"{label} {grouping_words(drawn.by, tr)}"
    title = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"
    kind = ChartType.LINE if drawn.by in PERIODS else ChartType.BAR
    rate = metric in (Metric.DELIVERY_RATE, Metric.READ_RATE, Metric.FAILURE_RATE)
    y_label = f"{label} (%)" if rate else label
    chart: list[Block] = [
        xy_chart(
            kind,
            title,
            drawn.categories,
            [Series(name, values) for name, values in drawn.series],
            y_label=y_label[:50],
        )
    ]
    coarser = _coarser_note(query.group_by, drawn.by, tr)
    if coarser is not None:
        chart.append(context(coarser))
    return chart


def _coarser_note(asked: GroupBy, drawn: GroupBy, tr: Translator) -> str | None:
    """What the chart adds up when Slack cannot draw every period asked for (20 points at
    most): said under it, never silently."""
    if asked is drawn:
        return None
    match (asked, drawn):
        case (GroupBy.DAY, GroupBy.WEEK):
            return tr._(
                "The chart adds up each week: Slack draws 20 points at most. "
                "The table lists every day."
            )
        case (GroupBy.DAY, _):
            return tr._(
                "The chart adds up each month: Slack draws 20 points at most. "
                "The table lists every day."
            )
    return tr._(
        "The chart adds up each month: Slack draws 20 points at most. The table lists every week."
    )


def _share(answer: Answer, tr: Translator) -> ButtonElement | None:
    try:
        value = encode_state(answer.query, page=0, demo=answer.demo)
    except StateTooLongError:
        return None
    return ButtonElement(text=plain(tr._("Share in channel")), action_id=actions.SHARE, value=value)


def _try_wider(tr: Translator) -> str:
    return tr._(
        "Try a wider question: a longer period like `last 30 days`, or every status. "
        "`/bulksends help` shows more."
    )


def _fallback(answer: Answer, sentence: str, tr: Translator) -> str:
    """The sentence, then the figures the table and chart show, for notifications and
    screen readers."""
    prefix = f"{words.demo_mark(tr)} · " if answer.demo else ""
    text = prefix + sentence
    if answer.groups is not None and answer.groups:
        text += " " + figures(breakdown_rows(answer, short=True), _FIGURES)
    elif answer.comparison is not None:
        text += " " + figures(comparison_rows(answer), _FIGURES)
    return text
