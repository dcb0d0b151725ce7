"""Answers for a terminal: a readable summary with tables, and the JSON contract.

Pure functions from an ``Answer`` to text or plain data; the CLI prints them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.sends import STATUS_ORDER, Status
from bot.locale.languages import Language
from bot.message import describe_query
from bot.message.i18n import EXAMPLES, t
from bot.report import Totals
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


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


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


def render_answer(answer: Answer, *, colour: bool = False) -> str:
    query, report, totals = answer.query, answer.report, answer.report.totals
    described = describe_query(replace(query, language="en"), today=answer.today)
    dates = described.range + (f" ({described.default_note})" if described.default_note else "")
    lines = [
        _paint("Bulk sends", "1", colour) + (" — demo data" if answer.demo else ""),
        f"  Statuses:  {described.statuses}",
        f"  Dates:     {dates}  ({query.timezone})",
    ]
    if query.template:
        lines.append(f"  Template:  {query.template}")
    lines.append("")
    if totals.bulk_sends == 0:
        lines.append("No bulk sends match. Try a wider date range or fewer filters.")
        return "\n".join(lines) + "\n"

    lines += _table(
        ["bulk sends", "recipients", "sent", "delivered", "read", "failed", "pending"],
        [[f"{n:,}" for n in _counts(totals)]],
        right=set(range(7)),
    )
    lines.append(
        f"Delivery {_percent(totals.delivery_rate)} (delivered/sent) · "
        f"read {_percent(totals.read_rate)} (read/delivered) · "
        f"failure {_percent(totals.failure_rate)} (failed/recipients)"
    )
    lines.append("")
    lines.append(
        "By status: "
        + " · ".join(
            _paint(f"{s.value} {report.by_status.get(s, 0):,}", _COLOURS[s], colour)
            for s in STATUS_ORDER
            if report.by_status.get(s, 0)
        )
    )
    lines.append("")
    template_rows = [
        [
            _clean(t.name),
            t.language,
            f"{t.totals.bulk_sends:,}",
            f"{t.totals.recipients:,}",
            _percent(t.totals.delivery_rate),
            _percent(t.totals.read_rate),
            _percent(t.totals.failure_rate),
        ]
        for t in report.by_template[:MAX_LISTED_TEMPLATES]
    ]
    lines += _table(
        ["template", "lang", "sends", "recipients", "delivery", "read", "failure"],
        template_rows,
        right={2, 3, 4, 5, 6},
    )
    if len(report.by_template) > MAX_LISTED_TEMPLATES:
        lines.append(f"+{len(report.by_template) - MAX_LISTED_TEMPLATES} more templates")
    lines.append("")
    zone = ZoneInfo(query.timezone)
    send_rows = []
    for send in report.sends[:MAX_LISTED_SENDS]:
        created = send.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        status = _paint(f"{send.status.value:<10}", _COLOURS[send.status], colour)
        send_rows.append(
            [
                created,
                status,
                _clean(send.template.name, 32),
                _clean(send.phone_number.verified_name, 24),
                f"{send.total_recipients:,}",
                f"{send.delivered_count:,}",
                f"{send.failed_count:,}",
                f"{send.progress_percentage:.0f}%",
            ]
        )
    lines += _table(
        [
            "created",
            "status    ",
            "template",
            "sender",
            "recipients",
            "delivered",
            "failed",
            "done",
        ],
        send_rows,
        right={4, 5, 6, 7},
    )
    if len(report.sends) > MAX_LISTED_SENDS:
        lines.append(
            f"+{len(report.sends) - MAX_LISTED_SENDS} more (use --format json for every send)"
        )
    return "\n".join(lines) + "\n"


def _counts(totals: Totals) -> list[int]:
    return [
        totals.bulk_sends,
        totals.recipients,
        totals.sent,
        totals.delivered,
        totals.read,
        totals.failed,
        totals.pending,
    ]


def render_help(language: Language) -> str:
    """The Slack help's words, for a terminal: same examples, without Slack's marks."""
    lines = [
        _unmark(t(language, "help_title")),
        "",
        _unmark(t(language, "help_intro")).replace("/bulksends", "bulksends ask"),
        "",
        *(f'  bulksends ask "{example}"' for example in EXAMPLES[language]),
        "",
        _unmark(t(language, "help_templates")),
    ]
    return "\n".join(lines) + "\n"


def _unmark(text: str) -> str:
    return text.replace("*", "").replace("`", "")


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """The `ask --format json` contract."""
    report = answer.report
    return {
        "query": answer.query.to_json(),
        "totals": report.totals.to_json(),
        "by_status": {s.value: report.by_status.get(s, 0) for s in STATUS_ORDER},
        "by_template": [
            {
                "template": t.name,
                "language": t.language,
                "totals": t.totals.to_json(),
                "rates": _rates(t.totals),
            }
            for t in report.by_template
        ],
        "bulk_sends": [send.to_api() for send in report.sends],
    }


def _rates(totals: Totals) -> dict[str, float | None]:
    return {
        "delivery": totals.delivery_rate,
        "read": totals.read_rate,
        "failure": totals.failure_rate,
    }
