"""The digest message: yesterday's numbers against the day before and the week, what went
wrong and why, what is still running, and how much each number may still send.

Pure: ``DigestData`` in, ``SlackMessage`` out. Like the summary, it measures what it
built and falls back to shorter lists until the message fits Slack's limits, whatever
the volume. Names from Mindo are cut and escaped (``bot.message.text.untrusted``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent
from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.digest.i18n import t
from bot.digest.poster import CHANNEL_PROBLEMS
from bot.domain.dates import DateRange
from bot.domain.digests import Digest
from bot.domain.sends import PROBLEMS, RUNNING, STATUS_ORDER
from bot.locale import formats
from bot.locale.languages import Language
from bot.message import actions, limits
from bot.message import i18n as common
from bot.message.slack import SlackMessage, blocks_json_length
from bot.message.text import json_length, untrusted
from bot.mindo.models import BulkSend, PhoneNumber
from bot.query.codec import encode_state
from bot.query.model import BulkSendQuery
from bot.report import REASON_SAMPLE, Report, Totals, summarise
from bot.service.digest import DigestData, FailureReason

#: A number whose quota use reaches this is flagged.
NEARLY_USED = 80.0


@dataclass(frozen=True)
class _Layout:
    templates: int
    problems: int
    reasons: int
    running: int
    phones: int
    name_limit: int


# Tried in order until the message fits; the last one fits whatever the data (tested).
_LAYOUTS = (
    _Layout(templates=5, problems=5, reasons=3, running=5, phones=6, name_limit=60),
    _Layout(templates=3, problems=3, reasons=2, running=3, phones=4, name_limit=40),
    _Layout(templates=2, problems=2, reasons=1, running=2, phones=2, name_limit=30),
)


def is_quiet(data: DigestData) -> bool:
    """No send was created on the digest's day."""
    return not data.activity.created_on(data.activity.report_date)


def build_digest_message(
    data: DigestData, *, language: Language, demo: bool, late_since: datetime | None = None
) -> SlackMessage:
    """``late_since``: when the digest was due, if it is being posted late."""
    activity = data.activity
    day = activity.report_date
    header = [_mrkdwn(common.t(language, "demo_badge"))] if demo else []
    if late_since is not None:
        local = late_since.astimezone(ZoneInfo(activity.timezone))
        header.append(
            _mrkdwn(t(language, "late", time=format_time(local, "short", locale=language)))
        )
    if is_quiet(data):
        text = t(language, "quiet", date=formats.day(day, language))
        blocks: list[Block] = [SectionBlock(text=_mrkdwn(text))]
        if header:
            blocks.append(ContextBlock(elements=header))
        return SlackMessage(text=text, blocks=tuple(blocks))
    report = summarise(activity.created_on(day))
    for layout in _LAYOUTS:
        blocks = _blocks(data, report, header, layout, language, demo)
        if blocks_json_length([b.to_dict() for b in blocks]) <= limits.MAX_BLOCKS_JSON:
            break
    return SlackMessage(text=_fallback(report, data, language), blocks=tuple(blocks))


def build_unavailable_message(report_date: date, *, language: Language) -> SlackMessage:
    """What is posted instead of silence when Mindo stayed down."""
    text = t(language, "unavailable", date=formats.day(report_date, language))
    return SlackMessage(text=text, blocks=(SectionBlock(text=_mrkdwn(text)),))


def build_channel_problem_notice(digest: Digest, code: str) -> SlackMessage:
    """A direct message to whoever set the digest up: what is wrong and how to fix it."""
    language = digest.language
    channel = f"<#{digest.channel_id}>"
    reason = t(language, code) if code in CHANNEL_PROBLEMS else code
    text = t(
        language,
        "problem_notice",
        channel=channel,
        reason=reason,
        fix=t(language, "problem_fix", target=channel),
    )
    return SlackMessage(text=text, blocks=(SectionBlock(text=_mrkdwn(text)),))


def _blocks(
    data: DigestData,
    report: Report,
    header: list[MarkdownTextObject],
    layout: _Layout,
    language: Language,
    demo: bool,
) -> list[Block]:
    activity = data.activity
    day = activity.report_date
    title = t(language, "title", date=formats.day(day, language))
    about = t(language, "about", date=formats.day(day, language), tz=activity.timezone)
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=title, emoji=True)),
        ContextBlock(elements=[_mrkdwn(about), *header]),
        _totals(data, report.totals, language),
        SectionBlock(text=_mrkdwn(_statuses_and_templates(report, layout, language))),
        DividerBlock(),
    ]
    blocks += _problems(data, report, layout, language, demo)
    running = [s for s in activity.sends if s.status in RUNNING]
    if running:
        blocks.append(SectionBlock(text=_mrkdwn(_running(running, data, layout, language))))
    blocks.append(SectionBlock(text=_mrkdwn(_phones(data.phones, layout, language))))
    blocks.append(ContextBlock(elements=[_mrkdwn(t(language, "footer"))]))
    return blocks


def _totals(data: DigestData, totals: Totals, language: Language) -> SectionBlock:
    """Ten fields: the seven counts and three rates, each against the day before and the
    previous seven days (counts: their daily average; rates: the week's pooled rate)."""
    day = data.activity.report_date
    previous = [data.activity.created_on(day - timedelta(days=n)) for n in range(1, 8)]
    before = Totals.of(previous[0])
    week = Totals.of([s for sends in previous for s in sends])
    vs_day = t(language, "vs_day", day=format_date(day - timedelta(days=1), "EEE", locale=language))
    vs_week = t(language, "vs_week")
    fields = []
    for key in ("bulk_sends", "recipients", "sent", "delivered", "read", "failed", "pending"):
        now: int = getattr(totals, key)
        value = formats.number(now, language)
        day_change = _count_change(now, getattr(before, key), language)
        week_change = _count_change(now, getattr(week, key) / 7, language)
        fields.append((key, value, day_change, week_change))
    for key in ("delivery_rate", "read_rate", "failure_rate"):
        rate: float | None = getattr(totals, key)
        value = formats.rate(rate, language)
        day_change = _rate_change(rate, getattr(before, key), language)
        week_change = _rate_change(rate, getattr(week, key), language)
        fields.append((key, value, day_change, week_change))
    return SectionBlock(
        fields=[
            _mrkdwn(
                f"*{common.t(language, key)}*: {value}\n"
                f"{day_change} {vs_day} · {week_change} {vs_week}"
            )
            for key, value, day_change, week_change in fields
        ]
    )


def _count_change(now: int, before: float, language: Language) -> str:
    """↑ 12% / ↓ 3% / → 0%; "↑ new" when there was nothing to compare with."""
    if before == 0:
        return "→" if now == 0 else f"↑ {t(language, 'new')}"
    change = (now - before) / before
    if abs(change) < 0.005:
        return "→ 0%"
    if change >= 10:
        return f"↑ ×{format_decimal(round(now / before), '#,##0', locale=language)}"
    arrow = "↑" if change > 0 else "↓"
    return f"{arrow} {format_percent(abs(change), '#,##0%', locale=language)}"


def _rate_change(now: float | None, before: float | None, language: Language) -> str:
    """A rate's change in percentage points: ↑ 1.5 pts."""
    if now is None or before is None:
        return "→ —"
    points = (now - before) * 100
    if abs(points) < 0.05:
        return "→"
    arrow = "↑" if points > 0 else "↓"
    amount = format_decimal(abs(points), "#,##0.0", locale=language)
    return f"{arrow} {t(language, 'points', n=amount)}"


def _statuses_and_templates(report: Report, layout: _Layout, language: Language) -> str:
    statuses = " · ".join(
        f"{common.STATUS_EMOJI[s]} {common.STATUS_LABELS[s][language]} "
        f"*{formats.number(report.by_status[s], language)}*"
        for s in STATUS_ORDER
        if report.by_status[s]
    )
    lines = [statuses, "", t(language, "top_templates")]
    for template in report.by_template[: layout.templates]:
        totals = template.totals
        name = _name(f"{template.name} ({template.language})", layout)
        detail = t(
            language,
            "template_line",
            sends=t(
                language,
                "one_send" if totals.bulk_sends == 1 else "n_sends",
                n=formats.number(totals.bulk_sends, language),
            ),
            recipients=formats.number(totals.recipients, language),
            rate=formats.rate(totals.delivery_rate, language),
        )
        lines.append(f"• {name} · {detail}")
    hidden = len(report.by_template) - layout.templates
    if hidden > 0:
        lines.append(common.t(language, "more_templates", n=hidden))
    return "\n".join(lines)


def _problems(
    data: DigestData, report: Report, layout: _Layout, language: Language, demo: bool
) -> list[Block]:
    problems = [s for s in report.sends if s.status in PROBLEMS]
    if not problems:
        return [SectionBlock(text=_mrkdwn(t(language, "no_problems")))]
    problems.sort(key=lambda s: (-s.failed_count, s.id))
    blocks: list[Block] = [SectionBlock(text=_mrkdwn(t(language, "problems", n=len(problems))))]
    day = data.activity.report_date
    query = BulkSendQuery(
        statuses=frozenset(PROBLEMS),
        range=DateRange(day, day),
        template=None,
        timezone=data.activity.timezone,
        default_range=False,
        language=language,
    )
    for send in problems[: layout.problems]:
        reasons = data.activity.reasons.get(send.id, ())[: layout.reasons]
        text = _problem_text(send, reasons, layout, language)
        button = ButtonElement(
            text=common.t(language, "details"),
            action_id=actions.DETAILS,
            value=encode_state(query, demo=demo, send_id=send.id),
        )
        blocks.append(SectionBlock(text=_mrkdwn(text), accessory=button))
    hidden = len(problems) - layout.problems
    if hidden > 0:
        blocks.append(ContextBlock(elements=[_mrkdwn(t(language, "more_problems", n=hidden))]))
    return blocks


def _problem_text(
    send: BulkSend, reasons: Sequence[FailureReason], layout: _Layout, language: Language
) -> str:
    failed = t(
        language,
        "failed_of",
        failed=formats.number(send.failed_count, language),
        recipients=formats.number(send.total_recipients, language),
    )
    lines = [
        f"{common.STATUS_EMOJI[send.status]} {_send_name(send, layout)} · {failed}",
        *(
            f"• {_name(r.text, layout, 120) if r.text else t(language, 'no_reason')}"
            f" — {formats.number(r.count, language)}"
            for r in reasons
        ),
    ]
    if reasons and send.failed_count > REASON_SAMPLE:
        sample = formats.number(REASON_SAMPLE, language)
        lines.insert(1, f"_{t(language, 'reasons_sample', n=sample)}_")
    return "\n".join(lines)


def _running(running: list[BulkSend], data: DigestData, layout: _Layout, language: Language) -> str:
    running.sort(key=lambda s: (s.created_at, s.id))
    lines = [t(language, "running", n=len(running))]
    for send in running[: layout.running]:
        lines.append(
            f"{formats.progress_bar(send.progress_percentage, language)} · "
            f"{_send_name(send, layout)} · {_eta(send, data.generated_at, language)}"
        )
    hidden = len(running) - layout.running
    if hidden > 0:
        lines.append(t(language, "more_running", n=hidden))
    return "\n".join(lines)


def _eta(send: BulkSend, now: datetime, language: Language) -> str:
    """Time left at the pace so far; Mindo's list gives progress, not an estimate."""
    progress = send.progress_percentage
    if not 0 < progress < 100 or math.isnan(progress):
        return t(language, "waiting")
    elapsed = max((now - send.created_at).total_seconds(), 0.0)
    minutes = math.ceil(elapsed * (100 - progress) / progress / 60)
    if minutes >= 90:
        return t(language, "eta_hours", n=formats.number(round(minutes / 60), language))
    return t(language, "eta_minutes", n=formats.number(max(minutes, 1), language))


def tier_words(tier: str, language: Language) -> str:
    """Meta's messaging tier in words: TIER_10K → "tier: 10K a day"; unknown codes as sent."""
    match = re.fullmatch(r"TIER_(\d+K?|UNLIMITED)", tier.strip().upper())
    if match is None:
        return tier
    size = match.group(1)
    if size == "UNLIMITED":
        return t(language, "tier_unlimited")
    return t(language, "tier_daily", n=size)


def _phones(phones: tuple[PhoneNumber, ...] | None, layout: _Layout, language: Language) -> str:
    lines = [t(language, "phones")]
    if phones is None:
        return "\n".join([*lines, t(language, "phones_unknown")])
    for phone in phones[: layout.phones]:
        name = _name(f"{phone.display_phone_number} ({phone.verified_name})", layout)
        parts = [name, _name(tier_words(phone.messaging_limit_tier, language), layout)]
        quota = phone.quota
        if quota is not None:
            if quota.daily_limit is None or quota.remaining is None:
                parts.append(t(language, "no_limit"))
            else:
                parts.append(
                    t(
                        language,
                        "quota_left",
                        remaining=formats.number(quota.remaining, language),
                        limit=formats.number(quota.daily_limit, language),
                    )
                )
            if not quota.can_send:
                parts.append(t(language, "cannot_send"))
            elif quota.usage_percentage >= NEARLY_USED:
                pct = formats.rate(quota.usage_percentage / 100, language)
                parts.append(t(language, "nearly_used", pct=pct))
        lines.append("• " + " · ".join(parts))
    hidden = len(phones) - layout.phones
    if hidden > 0:
        lines.append(t(language, "more_phones", n=hidden))
    return "\n".join(lines)


def _fallback(report: Report, data: DigestData, language: Language) -> str:
    totals = report.totals
    problems = sum(report.by_status[s] for s in PROBLEMS)
    return t(
        language,
        "fallback",
        date=formats.day(data.activity.report_date, language),
        sends=formats.number(totals.bulk_sends, language),
        recipients=formats.number(totals.recipients, language),
        delivered=formats.number(totals.delivered, language),
        failed=formats.number(totals.failed, language),
        problems=formats.number(problems, language),
    )


def _send_name(send: BulkSend, layout: _Layout) -> str:
    template = _name(f"{send.template.name} ({send.template.language})", layout)
    sender = _name(send.phone_number.verified_name, layout)
    return f"*{template}* · {sender}" if sender else f"*{template}*"


def _name(text: str, layout: _Layout, limit: int | None = None) -> str:
    """Outside text for mrkdwn: escaped, neutralised, and cut to the layout's budget."""
    return untrusted(text, limit or layout.name_limit, mrkdwn=True, measure=json_length)


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)
