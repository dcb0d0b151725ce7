"""The last days at a glance: sent and delivered per day, as a native Slack chart.

A bar chart of two series on one scale, so the gap between the bars is the delivery rate
(delivered out of sent) without a second axis. Where the workspace refuses charts, the
same figures stand in as a small table in a code block, with each day's delivery rate;
the figures also go into the message's fallback text (``daily_figures``). Shared by the
digest and the Home tab.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from babel.dates import format_skeleton
from slack_sdk.models.blocks import Block

from bot.locale import formats
from bot.locale.translate import Translator
from bot.message import words
from bot.message.blocks import section
from bot.message.charts import MAX_POINTS, ChartType, Series, chart_label, xy_chart
from bot.message.newer import Refused, or_stand_in
from bot.message.tables import Align, Column, table_text
from bot.report import Totals

Days = Sequence[tuple[date, Totals]]


def day_label(day: date, tr: Translator, today: date | None = None) -> str:
    """ "Mar 3" / "3 mar"; "Today" for today (the Home tab's last bar is a day so far)."""
    if day == today:
        return chart_label(tr._("Today"))
    return chart_label(format_skeleton("MMMd", day, locale=tr.language))


def daily_chart(
    days: Days, tr: Translator, *, refused: Refused, today: date | None = None
) -> list[Block]:
    """The chart (its last ``MAX_POINTS`` days), or its figures where charts are refused."""
    shown = list(days)[-MAX_POINTS:]
    if not shown:
        return []
    categories = [day_label(day, tr, today) for day, _ in shown]
    title = chart_label(
        tr.ngettext(
            "Sent and delivered, last {n} day", "Sent and delivered, last {n} days", len(shown)
        ),
        50,
    )
    chart = xy_chart(
        ChartType.BAR,
        title,
        categories,
        [
            Series(chart_label(tr._(words.SENT)), [t.sent for _, t in shown]),
            Series(chart_label(tr._(words.DELIVERED)), [t.delivered for _, t in shown]),
        ],
    )
    stand_in = section(f"*{title}*\n```{_figures_table(shown, categories, tr)}```")
    return or_stand_in(chart, [stand_in], refused)


def daily_figures(days: Days, tr: Translator, today: date | None = None) -> str:
    """ "Mar 3: 1,200 sent, 96.0% delivered · …" for the fallback text."""
    parts = [
        tr._(
            "{day}: {sent} sent, {rate} delivered",
            day=day_label(day, tr, today),
            sent=formats.number(totals.sent, tr.language),
            rate=formats.rate(totals.delivery_rate, tr.language),
        )
        if totals.sent
        else tr._("{day}: none sent", day=day_label(day, tr, today))
        for day, totals in list(days)[-MAX_POINTS:]
    ]
    return " · ".join(parts)


def _figures_table(days: Days, categories: Sequence[str], tr: Translator) -> str:
    language = tr.language
    columns = (
        Column(tr.pgettext("column", "Day")),
        Column(tr._(words.SENT), Align.RIGHT),
        Column(tr._(words.DELIVERED), Align.RIGHT),
        Column(tr._(words.DELIVERY_RATE), Align.RIGHT),
    )
    rows = [
        (
            label,
            formats.number(totals.sent, language),
            formats.number(totals.delivered, language),
            formats.rate(totals.delivery_rate, language),
        )
        for label, (_, totals) in zip(categories, days, strict=True)
    ]
    return table_text(columns, rows)
