"""One bulk send up close: who, when, how long, and why its messages failed.

Pure: the listener fetches the send's detail and its failed messages, and counts the
failure reasons with ``bot.report.count_failure_reasons`` (which masks any phone number
Meta quoted in an error text); this lays them out. Recipients' phone numbers are
personal data and never appear.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_timedelta
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.domain.sends import RUNNING
from bot.locale import formats
from bot.locale.languages import Language
from bot.message import i18n as answer_words
from bot.message import limits
from bot.message.i18n import STATUS_EMOJI, STATUS_LABELS
from bot.message.slack import SlackMessage
from bot.message.text import ELLIPSIS, one_line, untrusted
from bot.mindo.models import BulkSendDetail
from bot.report import FailureReason
from bot.slack.words import t

#: Reasons listed before "+N other reasons".
TOP_REASONS = 5
_REASON_LIMIT = 300
_NAME_LIMIT = 80


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
    send = detail.send
    # The name is cut before it is escaped, and escaped once, for each kind of text.
    name = one_line(f"{send.template.name} ({send.template.language})")
    name = name if len(name) <= _NAME_LIMIT else name[: _NAME_LIMIT - 1] + ELLIPSIS
    raw_title = f"{t(language, 'details_for')} · {name}"
    title = untrusted(raw_title, limits.MAX_HEADER_TEXT)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=title, emoji=False))]
    if demo:
        demo_badge = answer_words.t(language, "demo_badge")
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=demo_badge)]))
    blocks += [
        SectionBlock(fields=[_field(k, v) for k, v in _facts(detail, language, timezone, now)]),
        SectionBlock(fields=[_field(k, v) for k, v in _counts(detail, language)]),
        SectionBlock(text=MarkdownTextObject(text=_reasons_text(reasons, language, sample))),
    ]
    status = STATUS_LABELS[send.status][language]
    failed = f"{answer_words.t(language, 'failed')} {formats.number(send.failed_count, language)}"
    text = f"{untrusted(raw_title, limits.MAX_HEADER_TEXT, mrkdwn=True)}: {status} · {failed}"
    return SlackMessage(text=text, blocks=tuple(blocks))


def _facts(
    detail: BulkSendDetail, language: Language, timezone: str, now: datetime
) -> list[tuple[str, str]]:
    send = detail.send
    facts = [
        (
            t(language, "sender"),
            untrusted(send.phone_number.verified_name, _NAME_LIMIT, mrkdwn=True),
        ),
        (t(language, "created_by"), _creator(detail, language)),
        (t(language, "created"), _moment(send.created_at, language, timezone)),
        (t(language, "started"), _moment(detail.started_at, language, timezone)),
        (t(language, "completed"), _moment(send.completed_at, language, timezone)),
    ]
    begun = detail.started_at or send.created_at
    if send.completed_at is not None:
        facts.append((t(language, "duration"), _span(send.completed_at - begun, language)))
    if send.status in RUNNING:
        facts.append(
            (t(language, "progress"), formats.progress_bar(send.progress_percentage, language))
        )
        if detail.estimated_time_minutes is not None:
            finish = begun + timedelta(minutes=detail.estimated_time_minutes)
            left = max(finish - now, timedelta(minutes=1))
            facts.append((t(language, "eta"), _span(left, language, direction=True)))
    return facts


def _counts(detail: BulkSendDetail, language: Language) -> list[tuple[str, str]]:
    send = detail.send
    status = f"{STATUS_EMOJI[send.status]} {STATUS_LABELS[send.status][language]}"
    counts = {
        "recipients": send.total_recipients,
        "sent": send.sent_count,
        "delivered": send.delivered_count,
        "read": send.read_count,
        "failed": send.failed_count,
        "pending": send.pending_count,
    }
    return [(answer_words.t(language, "label_status"), status)] + [
        (answer_words.t(language, key), formats.number(value, language))
        for key, value in counts.items()
    ]


def _reasons_text(
    reasons: tuple[FailureReason, ...], language: Language, sample: int | None = None
) -> str:
    heading = f"*{t(language, 'top_reasons')}*"
    if reasons and sample is not None:
        heading += f"\n_{t(language, 'reasons_sample', n=formats.number(sample, language))}_"
    if not reasons:
        return f"{heading}\n{t(language, 'no_reasons')}"
    lines = [
        f"• {_reason(reason, language)} — *{formats.number(reason.count, language)}*"
        for reason in reasons[:TOP_REASONS]
    ]
    rest = reasons[TOP_REASONS:]
    if rest:
        count = formats.number(sum(r.count for r in rest), language)
        lines.append(
            t(language, "more_reasons", n=formats.number(len(rest), language), count=count)
        )
    return "\n".join([heading, *lines])


def _reason(reason: FailureReason, language: Language) -> str:
    if reason.text is None:
        return t(language, "reason_missing")
    return untrusted(reason.text, _REASON_LIMIT, mrkdwn=True)


def _creator(detail: BulkSendDetail, language: Language) -> str:
    person = detail.created_by
    if person is None:
        return t(language, "unknown")
    # No name: only the email's local part; the whole address is more than a label needs.
    name = f"{person.first_name} {person.last_name}".strip() or person.email.partition("@")[0]
    return untrusted(name, _NAME_LIMIT, mrkdwn=True) or t(language, "unknown")


def _moment(moment: datetime | None, language: Language, timezone: str) -> str:
    if moment is None:
        return t(language, "not_yet")
    return formats.slack_date(moment, formats.local_datetime(moment, timezone, language))


def _span(span: timedelta, language: Language, *, direction: bool = False) -> str:
    return format_timedelta(span, threshold=2, add_direction=direction, locale=language)


def _field(label: str, value: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=f"*{label}*\n{value or '—'}")
