"""One bulk send up close: how it went in a sentence, when it ran, its numbers with their
rates, and why its messages failed, with what to do.

Pure: the service fetches the send's detail and counts its failure reasons
(``bot.report.count_failure_reasons``, which masks any phone number Meta quoted); this
lays them out. Reasons are worded by ``bot.message.reasons``, Meta's own words kept
underneath. No phone number is ever shown: the business's sending number is left out,
and any phone number inside a name from Mindo is masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_timedelta
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.domain.sends import RUNNING, Status
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import limits, words
from bot.message.blocks import bold, context, fields, header, plain, section
from bot.message.fit import fit
from bot.message.reasons import TOP_REASONS, listed, reason_block
from bot.message.slack import SlackMessage
from bot.message.text import ELLIPSIS, one_line, untrusted
from bot.message.words import STATUS_EMOJI, status_label
from bot.mindo.models import BulkSendDetail
from bot.report import FailureReason, estimated_finish, mask_phone_numbers

_NAME_LIMIT = 80


@dataclass(frozen=True)
class _Layout:
    reasons: int
    #: Characters of Meta's own words quoted for each reason.
    reason_limit: int
    #: Whether Meta's own words are quoted under our explanation.
    original: bool


# From the richest to the plainest; the last one fits whatever the reasons.
_LAYOUTS = (
    _Layout(reasons=TOP_REASONS, reason_limit=300, original=True),
    _Layout(reasons=TOP_REASONS, reason_limit=120, original=True),
    _Layout(reasons=3, reason_limit=60, original=False),
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
    name = one_line(mask_phone_numbers(f"{send.template.name} ({send.template.language})"))
    name = name if len(name) <= _NAME_LIMIT else name[: _NAME_LIMIT - 1] + ELLIPSIS
    headline = _headline(detail, untrusted(name, 150, mrkdwn=True), now, tr)
    top: list[Block] = [header(tr._("Details · {name}", name=name)), section(headline)]
    if demo:
        top.append(context(words.demo_badge(tr)))
    top += [
        fields(_people(detail, tr)),
        section(_timeline(detail, timezone, now, tr)),
        fields(_numbers(detail, tr)),
    ]

    def build(layout: _Layout) -> list[Block]:
        return [*top, section(_reasons_text(reasons, tr, layout, sample))]

    return SlackMessage(text=headline, blocks=tuple(fit(_LAYOUTS, build)))


def build_details_view(message: SlackMessage, language: Language) -> View:
    """Details in a modal: where the button has no conversation to answer in (the Home tab)."""
    tr = translator(language)
    return View(
        type="modal",
        title=plain(tr._("Details")[: limits.MAX_MODAL_TITLE]),
        close=plain(tr._("Close")[: limits.MAX_MODAL_TITLE]),
        blocks=list(message.blocks),
    )


def build_details_loading_view(language: Language) -> View:
    """The modal while the send's details are read (Slack wants it open within 3 s)."""
    tr = translator(language)
    return View(
        type="modal",
        title=plain(tr._("Details")[: limits.MAX_MODAL_TITLE]),
        close=plain(tr._("Close")[: limits.MAX_MODAL_TITLE]),
        blocks=[section(tr._("⏳ Looking that up…"))],
    )


def _headline(detail: BulkSendDetail, name: str, now: datetime, tr: Translator) -> str:
    """How the send went, in one sentence (also the notification's text)."""
    send, language = detail.send, tr.language
    emoji = STATUS_EMOJI[send.status]
    recipients = formats.number(send.total_recipients, language)
    match send.status:
        case Status.QUEUED:
            return tr._(
                "{emoji} {name} is waiting to start: {recipients} recipients.",
                emoji=emoji,
                name=name,
                recipients=recipients,
            )
        case Status.PROCESSING:
            finish = _finish(detail, now)
            progress = formats.progress(send.progress_percentage, language)
            if finish is None:
                return tr._(
                    "{emoji} {name} is sending: {progress} of {recipients} recipients done.",
                    emoji=emoji,
                    name=name,
                    progress=progress,
                    recipients=recipients,
                )
            return tr._(
                "{emoji} {name} is sending: {progress} of {recipients} recipients done, {left}.",
                emoji=emoji,
                name=name,
                progress=progress,
                recipients=recipients,
                left=words.time_left(finish, now, tr),
            )
        case Status.CANCELLED:
            return tr._(
                "{emoji} {name} was cancelled: {sent} of {recipients} recipients were sent "
                "before that.",
                emoji=emoji,
                name=name,
                sent=formats.number(send.sent_count, language),
                recipients=recipients,
            )
    return tr._(
        "{emoji} {name}: {delivered} of {recipients} recipients got it, {failed} failed.",
        emoji=emoji,
        name=name,
        delivered=formats.number(send.delivered_count, language),
        recipients=recipients,
        failed=formats.number(send.failed_count, language),
    )


def _people(detail: BulkSendDetail, tr: Translator) -> list[tuple[str, str]]:
    send = detail.send
    sender = untrusted(
        mask_phone_numbers(send.phone_number.verified_name), _NAME_LIMIT, mrkdwn=True
    )
    status = f"{STATUS_EMOJI[send.status]} {status_label(send.status, tr)}"
    return [
        (tr._("Status"), status),
        (tr._("Sender"), sender),
        (tr._("Created by"), _creator(detail, tr)),
    ]


def _timeline(detail: BulkSendDetail, timezone: str, now: datetime, tr: Translator) -> str:
    """Created → started → finished (with how long it took), or when it should finish."""
    send, language = detail.send, tr.language
    lines = [
        bold(tr._("Timeline")),
        tr._("🟢 Created {when}", when=_moment(send.created_at, language, timezone)),
    ]
    if detail.started_at is not None:
        lines.append(tr._("▶️ Started {when}", when=_moment(detail.started_at, language, timezone)))
    elif send.status is Status.QUEUED:
        lines.append(tr._("▶️ Not started yet"))
    begun = detail.started_at or send.created_at
    if send.completed_at is not None:
        lines.append(
            tr._(
                "🏁 Finished {when}, after {took}",
                when=_moment(send.completed_at, language, timezone),
                took=_span(send.completed_at - begun, language),
            )
        )
    elif send.status in RUNNING:
        lines.append(
            tr._("🔄 Progress: {bar}", bar=formats.progress_bar(send.progress_percentage, language))
        )
        finish = _finish(detail, now)
        if finish is not None:
            lines.append(
                tr._(
                    "⏱️ Should finish around {when} ({left})",
                    when=_moment(finish, language, timezone),
                    left=words.time_left(finish, now, tr),
                )
            )
    else:
        lines.append(tr._("🏁 No finish time recorded"))
    return "\n".join(lines)


def _finish(detail: BulkSendDetail, now: datetime) -> datetime | None:
    return estimated_finish(
        detail.send,
        now,
        started_at=detail.started_at,
        estimate_minutes=detail.estimated_time_minutes,
    )


def _numbers(detail: BulkSendDetail, tr: Translator) -> list[tuple[str, str]]:
    """Each count, and the rate it makes with what it is counted against."""
    send, language = detail.send, tr.language

    def count(value: int) -> str:
        return formats.number(value, language)

    def ratio(part: int, whole: int) -> str:
        return formats.rate(part / whole if whole else None, language)

    return [
        (tr._(words.RECIPIENTS), count(send.total_recipients)),
        (tr._(words.SENT), count(send.sent_count)),
        (
            tr._(words.DELIVERED),
            tr._(
                "{count} · {rate} of those sent",
                count=count(send.delivered_count),
                rate=ratio(send.delivered_count, send.sent_count),
            ),
        ),
        (
            tr._(words.READ),
            tr._(
                "{count} · {rate} of those delivered",
                count=count(send.read_count),
                rate=ratio(send.read_count, send.delivered_count),
            ),
        ),
        (
            tr._(words.FAILED),
            tr._(
                "{count} · {rate} of all recipients",
                count=count(send.failed_count),
                rate=ratio(send.failed_count, send.total_recipients),
            ),
        ),
        # A cancelled send's unsent messages never will go out: not pending.
        (
            tr._(words.NOT_SENT if send.status is Status.CANCELLED else words.PENDING),
            count(send.pending_count),
        ),
    ]


def _reasons_text(
    reasons: tuple[FailureReason, ...], tr: Translator, layout: _Layout, sample: int | None
) -> str:
    heading = bold(tr._("Why messages failed"))
    if not reasons:
        return heading + "\n" + tr._("No failed messages to explain.")
    listing = listed(reasons, layout.reasons, tr, sample=sample)
    if listing.sample is not None:
        heading += f"\n_{listing.sample}_"
    lines = [
        reason_block(reason, tr, limit=layout.reason_limit, original=layout.original)
        for reason in listing.shown
    ]
    if listing.others is not None:
        lines.append(listing.others)
    return "\n".join([heading, *lines])


def _creator(detail: BulkSendDetail, tr: Translator) -> str:
    person = detail.created_by
    if person is None:
        return tr._("unknown")
    # No name: only the email's local part; the whole address is more than a label needs.
    name = f"{person.first_name} {person.last_name}".strip() or person.email.partition("@")[0]
    shown = untrusted(mask_phone_numbers(name), _NAME_LIMIT, mrkdwn=True)
    return shown or tr._("unknown")


def _moment(moment: datetime, language: Language, timezone: str) -> str:
    return formats.slack_date(moment, formats.local_datetime(moment, timezone, language))


def _span(span: timedelta, language: Language) -> str:
    return format_timedelta(span, threshold=2, locale=language)
