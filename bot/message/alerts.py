"""What a channel sees when a campaign goes wrong: the alert messages. Pure builders.

One alert is one message: a headline that says what happened in one sentence ("❌
welcome_message failed: 0 of 1,172 recipients reached"), the send or number it is about,
why its messages failed, and buttons (Details, mute the template for 24 h, mute the
channel's alerts for 1 h). Several alerts of one poll, or held through quiet hours, are
one message with a list. What happens next to an alerted send is a reply in its thread.
Each builder is called again with the send as it is now to update its message in place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_time, format_timedelta
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    SectionBlock,
)

from bot.domain.alerts import AlertKind, QuietHours
from bot.domain.dates import DateRange
from bot.domain.sends import RUNNING, BulkSend, Status
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import actions, limits, words
from bot.message.blocks import context, mrkdwn, plain, section
from bot.message.fit import fit
from bot.message.moments import at_moment
from bot.message.reasons import counted, counted_from, listed, reason_block, reason_line
from bot.message.slack import SlackMessage
from bot.message.text import json_length, untrusted
from bot.message.words import STATUS_EMOJI, status_label
from bot.mindo.models import PhoneNumber
from bot.query.alert_mute import MuteRequest, encode_mute
from bot.query.codec import encode_state
from bot.query.model import BulkSendQuery
from bot.service.alert_rules import failure_rate, tier_size
from bot.service.alerts import Alert

#: Alerts listed one by one in a list message, in the richest layout.
LIST_LIMIT = 15


@dataclass(frozen=True)
class Audience:
    """Whom a message is for: the channel, its language and zone, and when it is built."""

    channel_id: str
    language: Language
    timezone: str
    now: datetime
    demo: bool = False


@dataclass(frozen=True)
class _Layout:
    items: int
    reasons: int
    name_limit: int
    reason_limit: int


_SINGLE = (
    _Layout(items=1, reasons=3, name_limit=80, reason_limit=300),
    _Layout(items=1, reasons=2, name_limit=60, reason_limit=120),
    _Layout(items=1, reasons=1, name_limit=40, reason_limit=60),
)
_LIST = (
    _Layout(items=LIST_LIMIT, reasons=1, name_limit=60, reason_limit=100),
    _Layout(items=10, reasons=0, name_limit=40, reason_limit=0),
    _Layout(items=5, reasons=0, name_limit=30, reason_limit=0),
)


def build_alert_message(alert: Alert, audience: Audience) -> SlackMessage:
    """One alert, its own message, with its buttons."""
    tr = translator(audience.language)
    title = headline(alert, tr, audience, layout=_SINGLE[0])

    def build(layout: _Layout) -> list[Block]:
        blocks: list[Block] = [section(headline(alert, tr, audience, layout=layout))]
        about = _about(alert, tr, audience, layout)
        if about:
            blocks.append(section(about))
        blocks.append(context(*_notes([alert], tr, audience)))
        blocks.append(ActionsBlock(elements=_buttons(alert, tr, audience)))
        return blocks

    blocks = fit(_SINGLE, build)
    return SlackMessage(text=_plain(title), blocks=tuple(blocks))


def build_alert_list(
    alerts: Sequence[Alert], audience: Audience, *, quiet: QuietHours | None = None
) -> SlackMessage:
    """Several alerts in one message: a burst of one poll, or (``quiet``) the alerts held
    through the channel's quiet hours."""
    tr = translator(audience.language)
    title = _list_title(alerts, tr, audience, quiet)

    def build(layout: _Layout) -> list[Block]:
        blocks: list[Block] = [section(title)]
        for alert in alerts[: layout.items]:
            text = headline(alert, tr, audience, layout=layout)
            if alert.late:
                text = f"⏰ {text}"
            lines = [text, *_reason_lines(alert, tr, layout)]
            button = _details_button(alert, tr, audience)
            blocks.append(SectionBlock(text=mrkdwn("\n".join(lines)), accessory=button))
        hidden = len(alerts) - layout.items
        if hidden > 0:
            blocks.append(context(tr.ngettext("+{n} more alert.", "+{n} more alerts.", hidden)))
        blocks.append(context(*_notes(alerts, tr, audience)))
        blocks.append(ActionsBlock(elements=[_mute_channel_button(tr, audience)]))
        return blocks

    blocks = fit(_LIST, build)
    return SlackMessage(text=_plain(title), blocks=tuple(blocks))


def build_thread_reply(alerts: Sequence[Alert], audience: Audience) -> SlackMessage:
    """What happened next, in the thread of the first alert about the same send(s)."""
    tr = translator(audience.language)

    def build(layout: _Layout) -> list[Block]:
        lines = []
        for alert in alerts[: layout.items]:
            lines += [
                headline(alert, tr, audience, layout=layout),
                *_reason_lines(alert, tr, layout),
            ]
        blocks: list[Block] = [section("\n".join(lines))]
        hidden = len(alerts) - layout.items
        if hidden > 0:
            blocks.append(context(tr.ngettext("+{n} more alert.", "+{n} more alerts.", hidden)))
        return blocks

    blocks = fit(_LIST, build)
    first = headline(alerts[0], tr, audience, layout=_LIST[0])
    return SlackMessage(text=_plain(first), blocks=tuple(blocks))


# --- Headlines -----------------------------------------------------------------------


def headline(alert: Alert, tr: Translator, audience: Audience, *, layout: _Layout) -> str:
    """The alert in one sentence, opening with its emoji (mrkdwn; names escaped)."""
    send, phone = alert.send, alert.phone
    if send is not None:
        return _send_headline(alert, send, tr, audience, layout)
    if phone is not None:
        return _number_headline(alert, phone, tr, layout)
    return tr._("⚠️ Something went wrong with a bulk send.")


def _send_headline(
    alert: Alert, send: BulkSend, tr: Translator, audience: Audience, layout: _Layout
) -> str:
    language = tr.language
    name = f"*{_name(send.template.name, layout.name_limit)}*"
    recipients = formats.number(send.total_recipients, language)
    reached = formats.number(send.sent_count, language)
    failed = formats.number(send.failed_count, language)
    rate = formats.rate(failure_rate(send) / 100, language)
    match alert.kind:
        case AlertKind.FAILED:
            return tr._(
                "❌ {template} failed: {reached} of {recipients} recipients reached",
                template=name,
                reached=reached,
                recipients=recipients,
            )
        case AlertKind.PARTIAL:
            return tr._(
                "⚠️ {template} partly failed: {failed} of {recipients} recipients not "
                "reached ({rate})",
                template=name,
                failed=failed,
                recipients=recipients,
                rate=rate,
            )
        case AlertKind.QUEUED:
            if send.status is Status.QUEUED and alert.since is not None:
                return tr._(
                    "⏳ {template} has been waiting in the queue for {duration}: "
                    "{recipients} recipients not sent yet",
                    template=name,
                    duration=_duration(audience.now - alert.since, language),
                    recipients=recipients,
                )
            return tr._(
                "⏳ {template} waited in the queue for over {duration}",
                template=name,
                duration=_duration(alert.at - (alert.since or alert.at), language),
            )
        case AlertKind.STALLED:
            return tr._(
                "🐢 {template} stopped moving: no progress for over {duration}, at {progress}",
                template=name,
                duration=_duration(alert.at - (alert.since or alert.at), language),
                progress=_percent(send.progress_percentage, language),
            )
        case AlertKind.STARTED:
            return tr._(
                "▶️ {template} started sending: {progress} done",
                template=name,
                progress=_percent(send.progress_percentage, language),
            )
        case AlertKind.RESUMED:
            return tr._(
                "▶️ {template} is moving again: {progress} done",
                template=name,
                progress=_percent(send.progress_percentage, language),
            )
        case AlertKind.FINISHED:
            return _finished(send, name, tr)
    return tr._("⚠️ Something went wrong with {template}.", template=name)


def _finished(send: BulkSend, name: str, tr: Translator) -> str:
    language = tr.language
    recipients = formats.number(send.total_recipients, language)
    reached = formats.number(send.sent_count, language)
    if send.status is Status.CANCELLED:
        return tr._(
            "🚫 {template} was cancelled: {reached} of {recipients} recipients reached",
            template=name,
            reached=reached,
            recipients=recipients,
        )
    if send.failed_count:
        return tr._(
            "✅ {template} finished: {reached} of {recipients} recipients reached, "
            "{failed} not ({rate})",
            template=name,
            reached=reached,
            recipients=recipients,
            failed=formats.number(send.failed_count, language),
            rate=formats.rate(failure_rate(send) / 100, language),
        )
    return tr._(
        "✅ {template} finished: {reached} of {recipients} recipients reached",
        template=name,
        reached=reached,
        recipients=recipients,
    )


def _number_headline(alert: Alert, phone: PhoneNumber, tr: Translator, layout: _Layout) -> str:
    language = tr.language
    number = f"*{_name(_number_name(phone), layout.name_limit)}*"
    quota = phone.quota
    match alert.kind:
        case AlertKind.QUOTA if quota is not None:
            return tr._(
                "📈 {number} has used {share} of its daily quota: {remaining} of {limit} "
                "messages left",
                number=number,
                share=_percent(quota.usage_percentage, language),
                remaining=formats.number(quota.remaining or 0, language),
                limit=formats.number(quota.daily_limit or 0, language),
            )
        case AlertKind.CANNOT_SEND:
            return tr._(
                "⛔ {number} can't send right now: Mindo says its quota allows no more messages",
                number=number,
            )
        case AlertKind.TIER_LOWERED:
            return tr._(
                "📉 {number}'s messaging tier went down: from {before} to {now}",
                number=number,
                before=tier_words(alert.previous_tier or "", tr, layout),
                now=tier_words(phone.messaging_limit_tier, tr, layout),
            )
    return tr._("⚠️ Something went wrong with {number}.", number=number)


def tier_words(tier: str, tr: Translator, layout: _Layout | None = None) -> str:
    """TIER_10K → "10,000 customers a day"; a code we don't know, as Mindo sent it."""
    size = tier_size(tier)
    if size is None:
        return _name(tier, (layout or _SINGLE[0]).name_limit)
    if size == float("inf"):
        return tr._("unlimited customers a day")
    return tr._("{n} customers a day", n=formats.number(int(size), tr.language))


# --- The rest of a message ----------------------------------------------------------


def _about(alert: Alert, tr: Translator, audience: Audience, layout: _Layout) -> str:
    """The send's sender and times, its status now, and why its messages failed."""
    send = alert.send
    if send is None:
        return ""
    sender = _name(send.phone_number.verified_name, layout.name_limit)
    created = tr._("created {time}", time=_when(send.created_at, audience))
    lines = [" · ".join(part for part in (sender, created) if part)]
    lines.append(tr._("Status now: {status}", status=_status_now(send, tr)))
    reasons = _reason_lines(alert, tr, layout)
    if reasons:
        lines += [tr._("Why messages failed:"), *reasons]
    elif alert.kind in (AlertKind.FAILED, AlertKind.PARTIAL) and send.failed_count:
        lines.append(tr._("Mindo gave no reasons for the failed messages yet."))
    return "\n".join(lines)


def _status_now(send: BulkSend, tr: Translator) -> str:
    language = tr.language
    label = f"{STATUS_EMOJI[send.status]} {status_label(send.status, tr)}"
    if send.status in RUNNING:
        sent = tr._(
            "{sent} of {recipients} sent",
            sent=formats.number(send.sent_count, language),
            recipients=formats.number(send.total_recipients, language),
        )
        return f"{label} · {formats.progress_bar(send.progress_percentage, language)} · {sent}"
    counts = tr._(
        "{sent} sent, {failed} failed",
        sent=formats.number(send.sent_count, language),
        failed=formats.number(send.failed_count, language),
    )
    return f"{label} · {counts}"


def _reason_lines(alert: Alert, tr: Translator, layout: _Layout) -> list[str]:
    """Why messages failed, in plain words (bot/message/reasons.py): with what to do in an
    alert of its own, one line each in a list; what is left out counted, and the sample
    they were counted from named."""
    if alert.kind not in (AlertKind.FAILED, AlertKind.PARTIAL) or not layout.reasons:
        return []
    failed = alert.send.failed_count if alert.send is not None else 0
    sample = counted_from(failed, counted(alert.reasons))
    listing = listed(alert.reasons, layout.reasons, tr, sample=sample)
    lines = [f"_{listing.sample}_"] if listing.sample is not None else []
    if layout.items == 1:
        lines += [
            reason_block(reason, tr, limit=layout.reason_limit, original=False)
            for reason in listing.shown
        ]
    else:
        lines += [reason_line(reason, tr, limit=layout.reason_limit) for reason in listing.shown]
    if listing.others is not None:
        lines.append(f"• {listing.others}")
    return lines


def _notes(alerts: Sequence[Alert], tr: Translator, audience: Audience) -> list[str]:
    notes = []
    if audience.demo:
        notes.append(words.demo_badge(tr))
    late = [alert for alert in alerts if alert.late]
    if len(alerts) == 1 and late:
        notes.append(
            tr._(
                "⏰ Late: this happened {when}, while alerts were not running.",
                when=at_moment(late[0].at, audience.timezone, audience.now, audience.language),
            )
        )
    elif late:
        notes.append(tr._("⏰ marks what happened while alerts were not running."))
    notes.append(tr._("🔔 Alerts for this channel · change them with `/bulksends alerts`"))
    return notes


def _buttons(alert: Alert, tr: Translator, audience: Audience) -> list[ButtonElement]:
    buttons = []
    details = _details_button(alert, tr, audience)
    if details is not None:
        buttons.append(details)
    template = alert.template
    value = encode_mute(MuteRequest(audience.channel_id, template, audience.language))
    # A name no template could have (Meta's are 512 characters at most) gets no button.
    if template is not None and len(value) <= limits.MAX_BUTTON_VALUE:
        buttons.append(
            ButtonElement(
                text=plain(tr._("Mute this template for 24 h")),
                action_id=actions.MUTE_TEMPLATE,
                value=value,
            )
        )
    buttons.append(_mute_channel_button(tr, audience))
    return buttons


def _mute_channel_button(tr: Translator, audience: Audience) -> ButtonElement:
    request = MuteRequest(audience.channel_id, None, audience.language)
    return ButtonElement(
        text=plain(tr._("Mute alerts for 1 h")),
        action_id=actions.MUTE_ALERTS,
        value=encode_mute(request),
    )


def _details_button(alert: Alert, tr: Translator, audience: Audience) -> ButtonElement | None:
    send = alert.send
    if send is None:
        return None
    day = send.created_at.astimezone(ZoneInfo(audience.timezone)).date()
    query = BulkSendQuery(  # the Details it opens need the send, the language, the zone
        statuses=frozenset({send.status}),
        range=DateRange(day, day),
        template=None,
        timezone=audience.timezone,
        default_range=False,
        language=audience.language,
    )
    return ButtonElement(
        text=plain(tr._("Details")),
        action_id=actions.DETAILS,
        value=encode_state(query, demo=audience.demo, send_id=send.id),
    )


def _list_title(
    alerts: Sequence[Alert], tr: Translator, audience: Audience, quiet: QuietHours | None
) -> str:
    counts = Counter(alert.kind for alert in alerts)
    parts = [_count_words(kind, n, tr) for kind, n in sorted(counts.items(), key=_by_kind)]
    joined = ", ".join(parts)
    if quiet is not None:
        return tr.ngettext(
            "🌙 {n} alert held during quiet hours ({start}–{end}): {what}",
            "🌙 {n} alerts held during quiet hours ({start}–{end}): {what}",
            len(alerts),
            start=_clock(quiet.start, audience.language),
            end=_clock(quiet.end, audience.language),
            what=joined,
        )
    return tr.ngettext(
        "🚨 {n} alert at once: {what}", "🚨 {n} alerts at once: {what}", len(alerts), what=joined
    )


def _by_kind(item: tuple[AlertKind, int]) -> int:
    return list(AlertKind).index(item[0])


def _count_words(kind: AlertKind, n: int, tr: Translator) -> str:
    match kind:
        case AlertKind.FAILED:
            return tr.ngettext("{n} send failed", "{n} sends failed", n)
        case AlertKind.PARTIAL:
            return tr.ngettext("{n} send partly failed", "{n} sends partly failed", n)
        case AlertKind.QUEUED:
            return tr.ngettext("{n} send stuck in the queue", "{n} sends stuck in the queue", n)
        case AlertKind.STALLED:
            return tr.ngettext("{n} send not moving", "{n} sends not moving", n)
        case AlertKind.QUOTA:
            return tr.ngettext(
                "{n} number near its daily quota", "{n} numbers near their daily quota", n
            )
        case AlertKind.CANNOT_SEND:
            return tr.ngettext("{n} number can't send", "{n} numbers can't send", n)
        case AlertKind.TIER_LOWERED:
            return tr.ngettext("{n} tier lowered", "{n} tiers lowered", n)
        case AlertKind.STARTED | AlertKind.RESUMED:
            return tr.ngettext("{n} send moving again", "{n} sends moving again", n)
        case AlertKind.FINISHED:
            return tr.ngettext("{n} send finished", "{n} sends finished", n)


# --- Small words -------------------------------------------------------------------


def _name(text: str, limit: int) -> str:
    return untrusted(text, limit, mrkdwn=True, measure=json_length)


def _number_name(phone: PhoneNumber) -> str:
    if phone.verified_name:
        return f"{phone.display_phone_number} ({phone.verified_name})"
    return phone.display_phone_number


def _percent(value: float, language: Language) -> str:
    return formats.reported(value, language)


def _duration(delta: timedelta, language: Language) -> str:
    seconds = max(delta.total_seconds(), 60.0)
    return str(
        format_timedelta(timedelta(seconds=seconds), threshold=2, format="long", locale=language)
    )


def _when(moment: datetime, audience: Audience) -> str:
    """A moment in the channel's zone: the time today, else the date and time."""
    zone = ZoneInfo(audience.timezone)
    local = moment.astimezone(zone)
    clock = str(format_time(local, "short", locale=audience.language))
    if local.date() == audience.now.astimezone(zone).date():
        return clock
    return f"{formats.day(local.date(), audience.language)} {clock}"


def _clock(value: time, language: Language) -> str:
    return str(format_time(value, "short", locale=language))


def _plain(text: str) -> str:
    """A headline as fallback text: no bold marks."""
    return text.replace("*", "")
