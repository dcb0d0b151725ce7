"""One bulk send up close: who, when, how long, and why its messages failed.

Pure: the listener fetches the send's detail and its failed messages, and counts the
failure reasons with ``bot.report.count_failure_reasons`` (which masks any phone number
Meta quoted in an error text); this lays them out. Recipients' phone numbers are
personal data and never appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_timedelta
from slack_sdk.models.blocks import Block

from bot.domain.sends import RUNNING
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import words
from bot.message.blocks import bold, context, fields, header, section
from bot.message.fit import fit
from bot.message.slack import SlackMessage
from bot.message.text import ELLIPSIS, one_line, untrusted
from bot.message.words import STATUS_EMOJI, status_label
from bot.mindo.models import BulkSendDetail
from bot.report import FailureReason

#: Reasons listed before "+N other reasons".
TOP_REASONS = 5
_NAME_LIMIT = 80


@dataclass(frozen=True)
class _Layout:
    reasons: int
    #: Characters of each reason quoted (Meta's words can be long).
    reason_limit: int


# From the richest to the plainest; the last one fits whatever the reasons.
_LAYOUTS = (
    _Layout(reasons=TOP_REASONS, reason_limit=300),
    _Layout(reasons=TOP_REASONS, reason_limit=120),
    _Layout(reasons=3, reason_limit=60),
)


def build_details_message(
    detail: BulkSendDetail,
    reasons: tuple[FailureReason, ...],
    *,
    language: Language,
    timezone: str,
    now: datetime,
    demo: bool,
    sample: int | None = None,
) -> SlackMessage:
    """``sample``: the reasons were counted from only the first ``sample`` failed messages."""
    tr = translator(language)
    send = detail.send
    # The name is cut before it is escaped, and escaped once, for each kind of text.
    name = one_line(f"{send.template.name} ({send.template.language})")
    name = name if len(name) <= _NAME_LIMIT else name[: _NAME_LIMIT - 1] + ELLIPSIS
    title = tr._("Details · {name}", name=name)
    top: list[Block] = [header(title)]
    if demo:
        top.append(context(words.demo_badge(tr)))
    top += [
        fields(_facts(detail, language, timezone, now)),
        fields(_counts(detail, language)),
    ]

    def build(layout: _Layout) -> list[Block]:
        return [*top, section(_reasons_text(reasons, tr, layout, sample))]

    blocks = fit(_LAYOUTS, build)
    status = status_label(send.status, tr)
    failed = f"{tr._(words.FAILED)} {formats.number(send.failed_count, language)}"
    text = f"{untrusted(title, 150, mrkdwn=True)}: {status} · {failed}"
    return SlackMessage(text=text, blocks=tuple(blocks))


def _facts(
    detail: BulkSendDetail, language: Language, timezone: str, now: datetime
) -> list[tuple[str, str]]:
    tr = translator(language)
    send = detail.send
    facts = [
        (tr._("Sender"), untrusted(send.phone_number.verified_name, _NAME_LIMIT, mrkdwn=True)),
        (tr._("Created by"), _creator(detail, tr)),
        (tr._("Created"), _moment(send.created_at, language, timezone)),
        (tr._("Started"), _moment(detail.started_at, language, timezone)),
        (tr._("Finished"), _moment(send.completed_at, language, timezone)),
    ]
    begun = detail.started_at or send.created_at
    if send.completed_at is not None:
        facts.append((tr._("Duration"), _span(send.completed_at - begun, language)))
    if send.status in RUNNING:
        facts.append((tr._("Progress"), formats.progress_bar(send.progress_percentage, language)))
        if detail.estimated_time_minutes is not None:
            finish = begun + timedelta(minutes=detail.estimated_time_minutes)
            left = max(finish - now, timedelta(minutes=1))
            facts.append((tr._("Time left"), _span(left, language, direction=True)))
    return facts


def _counts(detail: BulkSendDetail, language: Language) -> list[tuple[str, str]]:
    tr = translator(language)
    send = detail.send
    counts = (
        (words.RECIPIENTS, send.total_recipients),
        (words.SENT, send.sent_count),
        (words.DELIVERED, send.delivered_count),
        (words.READ, send.read_count),
        (words.FAILED, send.failed_count),
        (words.PENDING, send.pending_count),
    )
    status = f"{STATUS_EMOJI[send.status]} {status_label(send.status, tr)}"
    return [(tr._("Status"), status)] + [
        (tr._(label), formats.number(value, language)) for label, value in counts
    ]


def _reasons_text(
    reasons: tuple[FailureReason, ...], tr: Translator, layout: _Layout, sample: int | None
) -> str:
    language = tr.language
    heading = bold(tr._("Top failure reasons"))
    if reasons and sample is not None:
        heading += (
            "\n_"
            + tr.ngettext(
                "from the first {n} failed message", "from the first {n} failed messages", sample
            )
            + "_"
        )
    if not reasons:
        return heading + "\n" + tr._("No failed messages to explain.")
    lines = [
        f"• {_reason(reason.text, tr, layout.reason_limit)}"
        f" — *{formats.number(reason.count, language)}*"
        for reason in reasons[: layout.reasons]
    ]
    rest = reasons[layout.reasons :]
    if rest:
        messages = tr.ngettext("{n} message", "{n} messages", sum(r.count for r in rest))
        lines.append(
            tr.ngettext(
                "+{n} other reason ({messages})",
                "+{n} other reasons ({messages})",
                len(rest),
                messages=messages,
            )
        )
    return "\n".join([heading, *lines])


def _reason(text: str | None, tr: Translator, limit: int) -> str:
    if text is None:
        return words.no_reason(tr)
    return untrusted(text, limit, mrkdwn=True)


def _creator(detail: BulkSendDetail, tr: Translator) -> str:
    person = detail.created_by
    if person is None:
        return tr._("unknown")
    # No name: only the email's local part; the whole address is more than a label needs.
    name = f"{person.first_name} {person.last_name}".strip() or person.email.partition("@")[0]
    return untrusted(name, _NAME_LIMIT, mrkdwn=True) or tr._("unknown")


def _moment(moment: datetime | None, language: Language, timezone: str) -> str:
    if moment is None:
        return translator(language)._("not yet")
    return formats.slack_date(moment, formats.local_datetime(moment, timezone, language))


def _span(span: timedelta, language: Language, *, direction: bool = False) -> str:
    return format_timedelta(span, threshold=2, add_direction=direction, locale=language)
