"""Answers for a terminal: a readable summary with tables, and the JSON contract.

Pure functions from an ``Answer`` to text or plain data; the CLI prints them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import format_percent

from bot.domain.sends import STATUS_ORDER, Status
from bot.groups import PERIODS, Group, metric_value
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message.breakdown import breakdown_rows, comparison_rows
from bot.message.describe import describe_query, range_words, sender_number
from bot.message.headline import headline
from bot.message.help import help_intro, help_templates, help_title
from bot.message.leading import later_first
from bot.message.phrases import metric_label, value_text
from bot.message.reasons import TOP_REASONS, explain, listed
from bot.message.tables import table_lines
from bot.message.text import ZWJ, unescape
from bot.message.words import (
    counted_how,
    examples,
    no_reason,
    rates_explained,
    shape_examples,
    status_label,
)
from bot.mindo.sends import api_shape
from bot.query.model import Metric
from bot.report import FailureReason, Totals
from bot.service.questions import Answer

MAX_LISTED_SENDS = 20
MAX_LISTED_TEMPLATES = 15

_COLOURS = {
    Status.COMPLETED: "32",
    Status.PARTIAL: "33",
    Status.FAILED: "31",
    Status.QUEUED: "36",
    Status.PROCESSING: "34",
    Status.CANCELLED: "90",
}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _percent(value: float | None, language: Language) -> str:
    return formats.rate(value, language)


def _done(progress: float, language: Language) -> str:
    """A send's progress, "37%" (an API value: clamped, and a dash when not a number)."""
    if math.isnan(progress):
        return formats.NO_RATE
    return format_percent(min(max(progress, 0.0), 100.0) / 100, "#,##0%", locale=language)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clean(text: str, limit: int = 40) -> str:
    """Untrusted text on one line, without control characters, cut to a column width."""
    flat = "".join(c if c.isprintable() else " " for c in text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            parts.append(pad + cell if i in right else cell + pad)
        return "  ".join(parts).rstrip()

    return [line(headers), "  ".join("─" * w for w in widths), *(line(r) for r in rows)]


def render_answer(answer: Answer, *, language: Language | None = None, colour: bool = False) -> str:
    """The answer as a terminal summary, in ``language`` (else the question's own): the
    sentence that answers, how the question was read, then its figures."""
    language = language or answer.query.language
    tr = translator(language)
    answer = later_first(replace(answer, query=replace(answer.query, language=language)))
    query, report, totals = answer.query, answer.report, answer.report.totals
    described = describe_query(query, today=answer.today)
    dates = described.range + (f" ({described.default_note})" if described.default_note else "")
    about = [
        (tr._("Statuses:"), described.statuses),
        (tr._("Dates:"), f"{dates}  ({query.timezone})"),
    ]
    if query.template:
        about.append((tr._("Template:"), query.template))
    if query.phone_number:
        about.append((tr._("Sender:"), sender_number(query.phone_number)))
    if answer.comparison is not None:
        other = range_words(answer.comparison.range, answer.today, language)
        about.append((tr._("Compared with:"), other))
    indent = max(_width(label) for label, _ in about) + 2
    demo = tr._("demo data")
    lines = [_paint(_unmarked(headline(answer)), "1", colour)]
    if answer.demo:
        lines.append(f"({demo})")
    if answer.send is not None:
        return "\n".join([*lines, "", *_one_send(answer, tr)]) + "\n"
    lines += [f"  {label}{' ' * (indent - _width(label))}{value}" for label, value in about]
    lines.append("")
    if answer.groups is not None or answer.comparison is not None:
        return "\n".join(lines + _shaped(answer, tr)) + "\n"
    if totals.bulk_sends == 0:
        lines.append(tr._("No bulk sends match. Try a wider date range or fewer filters."))
        return "\n".join(lines) + "\n"

    number = partial(formats.number, language=language)
    lines += _table(
        [
            tr.pgettext("column", "bulk sends"),
            tr.pgettext("column", "recipients"),
            tr.pgettext("column", "sent"),
            tr.pgettext("column", "delivered"),
            tr.pgettext("column", "read"),
            tr.pgettext("column", "failed"),
            tr.pgettext("column", "pending"),
            *([tr.pgettext("column", "not sent (cancelled)")] if totals.not_sent else []),
        ],
        [[number(n) for n in _counts(totals)]],
        right=set(range(8)),
    )
    lines.append(
        tr._(
            "Delivery {delivery} (delivered/sent) · read {read} (read/delivered) · "
            "failure {failure} (failed/recipients)",
            delivery=_percent(totals.delivery_rate, language),
            read=_percent(totals.read_rate, language),
            failure=_percent(totals.failure_rate, language),
        )
    )
    lines.append("")
    by_status = " · ".join(
        _paint(f"{status_label(s, tr)} {number(report.by_status.get(s, 0))}", _COLOURS[s], colour)
        for s in STATUS_ORDER
        if report.by_status.get(s, 0)
    )
    lines.append(tr._("By status: {counts}", counts=by_status))
    lines.append("")
    template_rows = [
        [
            _clean(t.name),
            t.language,
            number(t.totals.bulk_sends),
            number(t.totals.recipients),
            _percent(t.totals.delivery_rate, language),
            _percent(t.totals.read_rate, language),
            _percent(t.totals.failure_rate, language),
        ]
        for t in report.by_template[:MAX_LISTED_TEMPLATES]
    ]
    lines += _table(
        [
            tr.pgettext("column", "template"),
            tr.pgettext("column", "lang"),
            tr.pgettext("column", "sends"),
            tr.pgettext("column", "recipients"),
            tr.pgettext("column", "delivery"),
            tr.pgettext("column", "read"),
            tr.pgettext("column", "failure"),
        ],
        template_rows,
        right={2, 3, 4, 5, 6},
    )
    hidden_templates = len(report.by_template) - MAX_LISTED_TEMPLATES
    if hidden_templates > 0:
        lines.append(tr.ngettext("+{n} more template", "+{n} more templates", hidden_templates))
    lines.append("")
    lines += _sends_table(answer, tr, colour)
    hidden_sends = len(report.sends) - MAX_LISTED_SENDS
    if hidden_sends > 0:
        lines.append(tr._("+{n} more (use --format json for every send)", n=number(hidden_sends)))
    return "\n".join(lines) + "\n"


def _sends_table(answer: Answer, tr: Translator, colour: bool) -> list[str]:
    language = tr.language
    zone = ZoneInfo(answer.query.timezone)
    labels = {s: status_label(s, tr) for s in STATUS_ORDER}
    # Painted cells carry escape codes the table cannot measure: pad them beforehand.
    status_width = max(_width(label) for label in labels.values())
    status_header = tr.pgettext("column", "status")
    status_width = max(status_width, _width(status_header))
    rows = []
    for send in answer.report.sends[:MAX_LISTED_SENDS]:
        created = send.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        label = labels[send.status]
        status = label + " " * (status_width - _width(label))
        rows.append(
            [
                created,
                _paint(status, _COLOURS[send.status], colour),
                _clean(send.template.name, 32),
                _clean(send.phone_number.verified_name, 24),
                formats.number(send.total_recipients, language),
                formats.number(send.delivered_count, language),
                formats.number(send.failed_count, language),
                _done(send.progress_percentage, language),
            ]
        )
    return _table(
        [
            tr.pgettext("column", "created"),
            status_header + " " * (status_width - _width(status_header)),
            tr.pgettext("column", "template"),
            tr.pgettext("column", "sender"),
            tr.pgettext("column", "recipients"),
            tr.pgettext("column", "delivered"),
            tr.pgettext("column", "failed"),
            tr.pgettext("column", "done"),
        ],
        rows,
        right={4, 5, 6, 7},
    )


def _counts(totals: Totals) -> list[int]:
    return [
        totals.bulk_sends,
        totals.recipients,
        totals.sent,
        totals.delivered,
        totals.read,
        totals.failed,
        totals.pending,
        *([totals.not_sent] if totals.not_sent else []),
    ]


def _shaped(answer: Answer, tr: Translator) -> list[str]:
    """A comparison side by side, a breakdown as a table, a trend's one-line sparkline."""
    lines: list[str] = []
    if answer.comparison is not None and answer.groups is None:
        rows = comparison_rows(answer)
        lines += table_lines(rows.columns, rows.rows)
        lines.append("")
    if answer.groups is not None:
        rows = breakdown_rows(answer)
        lines += [_clean(line, 400) for line in table_lines(rows.columns, rows.shown())]
        lines.append("")
        line = _trend_line(answer, tr)
        if line:
            lines += [line, ""]
    lines.append(_unmarked(rates_explained(tr)))
    return lines


#: Eight heights for a one-line chart.
_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """ "▁▃▅█▆ ▂": each value's height between the smallest and the largest; a gap where a
    value is undefined (a rate of nothing)."""
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    return "".join(
        " "
        if v is None
        else _BARS[0 if span == 0 else min(len(_BARS) - 1, int((v - low) / span * len(_BARS)))]
        for v in values
    )


def _trend_line(answer: Answer, tr: Translator) -> str | None:
    """The metric over the periods as a sparkline, with its lowest and highest values."""
    query = answer.query
    if query.group_by not in PERIODS or not answer.groups:
        return None
    metric = query.metric or Metric.RECIPIENTS
    values = [metric_value(g.totals, metric) for g in answer.groups]
    known = [v for v in values if v is not None]
    if not known:
        return None
    low, high = (value_text(metric, v, tr.language) for v in (min(known), max(known)))
    return f"{metric_label(metric, tr)}  {sparkline(values)}  {low} – {high}"


def _one_send(answer: Answer, tr: Translator) -> list[str]:
    """One send: its record, its timing and why its messages failed."""
    assert answer.send is not None
    language = tr.language
    send = answer.send.detail.send
    zone = ZoneInfo(answer.query.timezone)
    lines = [
        f"{tr.pgettext('column', 'template')}: {_clean(send.template.name)} ({send.template.language})",
        f"{tr.pgettext('column', 'status')}: {status_label(send.status, tr)}",
        f"{tr.pgettext('column', 'created')}: {send.created_at.astimezone(zone):%Y-%m-%d %H:%M}",
        "",
    ]
    lines += _table(
        [
            tr.pgettext("column", "recipients"),
            tr.pgettext("column", "sent"),
            tr.pgettext("column", "delivered"),
            tr.pgettext("column", "read"),
            tr.pgettext("column", "failed"),
            tr.pgettext("column", "pending"),
        ],
        [
            [
                formats.number(n, language)
                for n in (
                    send.total_recipients,
                    send.sent_count,
                    send.delivered_count,
                    send.read_count,
                    send.failed_count,
                    send.pending_count,
                )
            ]
        ],
        right=set(range(6)),
    )
    reasons = answer.send.reasons
    if reasons:
        listing = listed(reasons, TOP_REASONS, tr, sample=answer.send.sample)
        heading = tr._("Why messages failed:")
        if listing.sample is not None:
            heading = f"{tr._('Why messages failed')} ({listing.sample}):"
        lines += ["", heading]
        width = max(len(formats.number(r.count, language)) for r in listing.shown)
        for reason in listing.shown:
            lines += _reason_lines(reason, tr, width)
        if listing.others is not None:
            lines.append(f"  {listing.others}")
    return lines


def _reason_lines(reason: FailureReason, tr: Translator, width: int) -> list[str]:
    """A reason in plain words with what to do (``bot.message.reasons``); Meta's own words
    for a code we do not know. ``width``: the counts' column, right-aligned."""
    said = explain(reason, tr)
    count = formats.number(reason.count, tr.language).rjust(width)
    if said.advice is None:
        return [f"  {count}  {_clean(reason.text or no_reason(tr), 120)}"]
    return [f"  {count}  {said.title} ({said.code})", f"  {' ' * width}  {said.advice}"]


def _unmarked(text: str) -> str:
    """Slack's escapes and marks taken off a sentence for a terminal."""
    return unescape(text.replace(f"{ZWJ}*{ZWJ}", "\0").replace("*", "")).replace("\0", "*")


def render_help(language: Language) -> str:
    """The Slack help's words, for a terminal: same examples, without Slack's marks."""
    tr = translator(language)
    lines = [
        _unmark(help_title(tr)),
        "",
        _unmark(help_intro(tr)).replace("/bulksends", "bulksends ask"),
        "",
        *(f'  bulksends ask "{example}"' for example in examples(tr)),
        "",
        _unmark(help_templates(tr)),
        "",
        *(f'  bulksends ask "{example}"' for example in shape_examples(tr)),
        "",
        _unmark(counted_how(tr)),
        _unmark(rates_explained(tr)),
    ]
    return "\n".join(lines) + "\n"


def _unmark(text: str) -> str:
    return text.replace("*", "").replace("`", "")


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """The `ask --format json` contract: ``groups`` with a grouping, ``comparison`` with a
    second range, ``failure_reasons`` for one send (docs/query-language.md). Plain data,
    but the sends are msgspec structs: the console writes it with msgspec."""
    report = answer.report
    data: dict[str, Any] = {
        "query": answer.query.to_json(),
        "totals": report.totals.to_json(),
        "by_status": {s.value: report.by_status.get(s, 0) for s in STATUS_ORDER},
        "by_template": [
            {
                "template": t.name,
                "language": t.language,
                "totals": t.totals.to_json(),
                "rates": t.totals.rates(),
            }
            for t in report.by_template
        ],
        "bulk_sends": [api_shape(send) for send in report.sends],
    }
    if answer.groups is not None:
        data["groups"] = [_group_json(group) for group in answer.groups]
    if answer.comparison is not None:
        other = answer.comparison
        data["comparison"] = {
            "start": other.range.start.isoformat() if other.range.start else None,
            "end": other.range.end.isoformat(),
            "totals": other.report.totals.to_json(),
            "rates": other.report.totals.rates(),
        }
    if answer.send is not None:
        data["bulk_sends"] = [answer.send.detail.to_api()]
        data["failure_reasons"] = [
            {"text": reason.text, "count": reason.count, "code": reason.code}
            for reason in answer.send.reasons
        ]
        data["failure_reasons_sample"] = answer.send.sample
    return data


def _group_json(group: Group) -> dict[str, Any]:
    data: dict[str, Any] = {"key": group.key}
    if group.language is not None:
        data["language"] = group.language
    data["totals"] = group.totals.to_json()
    data["rates"] = group.totals.rates()
    return data
