"""The digest message: yesterday's numbers against the day before and the week, what went
wrong and why, what is still running, and how much each number may still send.

Pure: ``DigestData`` in, ``SlackMessage`` out. Like the summary, it offers shorter and
shorter lists to ``fit`` until the message fits Slack's limits, whatever the volume,
with room left for a preview's note on top. Names from Mindo are cut and escaped.
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
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.domain.dates import DateRange
from bot.domain.digests import ChannelProblem, Digest
from bot.domain.sends import PROBLEMS, RUNNING, STATUS_ORDER
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import actions, words
from bot.message.blocks import bold, context, header, mrkdwn, paragraph, plain, section
from bot.message.fit import fit
from bot.message.reasons import reason_line
from bot.message.slack import SlackMessage
from bot.message.text import json_length, untrusted
from bot.message.words import STATUS_EMOJI, status_label
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


# From the richest to the plainest; the last one fits whatever the data (tested).
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
    tr = translator(language)
    activity = data.activity
    day = activity.report_date
    notes = [mrkdwn(words.demo_badge(tr))] if demo else []
    if late_since is not None:
        local = late_since.astimezone(ZoneInfo(activity.timezone))
        due = format_time(local, "short", locale=language)
        notes.append(mrkdwn(tr._("⏰ Posted late: this digest was due at {time}.", time=due)))
    if is_quiet(data):
        text = tr._("😌 Quiet day: no bulk sends on {date}.", date=formats.day(day, language))
        blocks: list[Block] = [section(text)]
        if notes:
            blocks.append(context(*notes))
        return SlackMessage(text=text, blocks=tuple(blocks))
    report = summarise(activity.created_on(day))
    blocks = fit(_LAYOUTS, lambda layout: _blocks(data, report, notes, layout, tr, demo))
    return SlackMessage(text=_fallback(report, data, tr), blocks=tuple(blocks))


def build_unavailable_message(report_date: date, *, language: Language) -> SlackMessage:
    """What is posted instead of silence when Mindo stayed down."""
    return paragraph(
        translator(language)._(
            "⚠️ I couldn't build the digest for {date}: Mindo isn't answering. "
            "Ask `/bulksends yesterday` in a while.",
            date=formats.day(report_date, language),
        )
    )


def channel_problem_reason(problem: ChannelProblem, language: Language) -> str:
    """Why a digest's channel cannot be posted in, as a sentence's end."""
    tr = translator(language)
    match problem:
        case ChannelProblem.GONE:
            return tr._("the channel is gone, or it is private and I'm not in it.")
        case ChannelProblem.NOT_A_MEMBER:
            return tr._("I'm not a member of that channel.")
        case ChannelProblem.ARCHIVED:
            return tr._("the channel is archived.")


def build_channel_problem_notice(digest: Digest, code: str) -> SlackMessage:
    """A direct message to whoever set the digest up: what is wrong and how to fix it."""
    tr = translator(digest.language)
    channel = f"<#{digest.channel_id}>"
    problem = ChannelProblem.of(code)
    reason = code if problem is None else channel_problem_reason(problem, digest.language)
    fix = tr._(
        "Invite me with `/invite @bulksends` there, or turn the digest off with "
        "`/bulksends digest {target} off`. I'll try again at the next digest time.",
        target=channel,
    )
    return paragraph(
        tr._(
            "⚠️ I couldn't post the daily digest in {channel}: {reason} {fix}",
            channel=channel,
            reason=reason,
            fix=fix,
        )
    )


def _blocks(
    data: DigestData,
    report: Report,
    notes: list[MarkdownTextObject],
    layout: _Layout,
    tr: Translator,
    demo: bool,
) -> list[Block]:
    activity = data.activity
    day = formats.day(activity.report_date, tr.language)
    blocks: list[Block] = [
        header(tr._("📬 Daily digest · {date}", date=day), emoji=True),
        context(
            tr._("Bulk sends created on {date} ({tz})", date=day, tz=activity.timezone), *notes
        ),
        _totals(data, report.totals, tr),
        section(_statuses_and_templates(report, layout, tr)),
        DividerBlock(),
    ]
    blocks += _problems(data, report, layout, tr, demo)
    running = [s for s in activity.sends if s.status in RUNNING]
    if running:
        blocks.append(section(_running(running, data, layout, tr)))
    blocks.append(section(_phones(data.phones, layout, tr)))
    blocks.append(
        context(tr._("Daily digest for this channel · change it with `/bulksends digest`"))
    )
    return blocks


def _totals(data: DigestData, totals: Totals, tr: Translator) -> SectionBlock:
    """Ten fields: the seven counts and three rates, each against the day before and the
    previous seven days (counts: their daily average; rates: the week's pooled rate)."""
    language = tr.language
    day = data.activity.report_date
    previous = [data.activity.created_on(day - timedelta(days=n)) for n in range(1, 8)]
    before = Totals.of(previous[0])
    week = Totals.of([s for sends in previous for s in sends])
    weekday = format_date(day - timedelta(days=1), "EEE", locale=language)
    vs_day = tr._("vs. {day}", day=weekday)
    vs_week = tr._("vs. 7-day avg.")
    fields = []
    for label, count in words.COUNTS:
        now = count(totals)
        value = formats.number(now, language)
        day_change = _count_change(now, count(before), tr)
        week_change = _count_change(now, count(week) / 7, tr)
        fields.append((label, value, day_change, week_change))
    for label, rate_of in words.RATES:
        rate = rate_of(totals)
        value = formats.rate(rate, language)
        day_change = _rate_change(rate, rate_of(before), tr)
        week_change = _rate_change(rate, rate_of(week), tr)
        fields.append((label, value, day_change, week_change))
    return SectionBlock(
        fields=[
            mrkdwn(f"*{tr._(label)}*: {value}\n{day_change} {vs_day} · {week_change} {vs_week}")
            for label, value, day_change, week_change in fields
        ]
    )


def _count_change(now: int, before: float, tr: Translator) -> str:
    """↑ 12% / ↓ 3% / → 0%; "↑ new" when there was nothing to compare with."""
    if before == 0:
        return "→" if now == 0 else "↑ " + tr.pgettext("change", "new")
    change = (now - before) / before
    if abs(change) < 0.005:
        return "→ 0%"
    if change >= 10:
        return f"↑ ×{format_decimal(round(now / before), '#,##0', locale=tr.language)}"
    arrow = "↑" if change > 0 else "↓"
    return f"{arrow} {format_percent(abs(change), '#,##0%', locale=tr.language)}"


def _rate_change(now: float | None, before: float | None, tr: Translator) -> str:
    """A rate's change in percentage points: ↑ 1.5 pts."""
    if now is None or before is None:
        return "→ —"
    points = (now - before) * 100
    if abs(points) < 0.05:
        return "→"
    arrow = "↑" if points > 0 else "↓"
    amount = format_decimal(abs(points), "#,##0.0", locale=tr.language)
    return f"{arrow} " + tr._("{points} pts", points=amount)


def _statuses_and_templates(report: Report, layout: _Layout, tr: Translator) -> str:
    language = tr.language
    statuses = " · ".join(
        f"{STATUS_EMOJI[s]} {status_label(s, tr)} *{formats.number(report.by_status[s], language)}*"
        for s in STATUS_ORDER
        if report.by_status[s]
    )
    lines = [statuses, "", bold(tr._("Top templates"))]
    for template in report.by_template[: layout.templates]:
        totals = template.totals
        shown = _name(f"{template.name} ({template.language})", layout)
        detail = tr._(
            "{sends} · {recipients} recipients · delivery rate {rate}",
            sends=tr.ngettext("{n} send", "{n} sends", totals.bulk_sends),
            recipients=formats.number(totals.recipients, language),
            rate=formats.rate(totals.delivery_rate, language),
        )
        lines.append(f"• {shown} · {detail}")
    hidden = len(report.by_template) - layout.templates
    if hidden > 0:
        lines.append(tr.ngettext("+{n} more template", "+{n} more templates", hidden))
    return "\n".join(lines)


def _problems(
    data: DigestData, report: Report, layout: _Layout, tr: Translator, demo: bool
) -> list[Block]:
    problems = [s for s in report.sends if s.status in PROBLEMS]
    if not problems:
        return [section(tr._("✅ No failed or partial sends."))]
    problems.sort(key=lambda s: (-s.failed_count, s.id))
    count = formats.number(len(problems), tr.language)
    blocks: list[Block] = [section(bold(tr._("⚠️ Problems ({n})", n=count)))]
    day = data.activity.report_date
    query = BulkSendQuery(
        statuses=frozenset(PROBLEMS),
        range=DateRange(day, day),
        template=None,
        timezone=data.activity.timezone,
        default_range=False,
        language=tr.language,
    )
    for send in problems[: layout.problems]:
        reasons = data.activity.reasons.get(send.id, ())[: layout.reasons]
        text = _problem_text(send, reasons, layout, tr)
        button = ButtonElement(
            text=plain(tr._("Details")),
            action_id=actions.DETAILS,
            value=encode_state(query, demo=demo, send_id=send.id),
        )
        blocks.append(SectionBlock(text=mrkdwn(text), accessory=button))
    hidden = len(problems) - layout.problems
    if hidden > 0:
        more = tr.ngettext(
            "+{n} more with problems: ask `/bulksends problems yesterday`.",
            "+{n} more with problems: ask `/bulksends problems yesterday`.",
            hidden,
        )
        blocks.append(context(more))
    return blocks


def _problem_text(
    send: BulkSend, reasons: Sequence[FailureReason], layout: _Layout, tr: Translator
) -> str:
    language = tr.language
    failed = tr._(
        "{failed} of {recipients} failed",
        failed=formats.number(send.failed_count, language),
        recipients=formats.number(send.total_recipients, language),
    )
    lines = [
        f"{STATUS_EMOJI[send.status]} {_send_name(send, layout)} · {failed}",
        *(reason_line(r, tr, limit=120) for r in reasons),
    ]
    if reasons and send.failed_count > REASON_SAMPLE:
        sample = tr.ngettext(
            "from the first {n} failed message", "from the first {n} failed messages", REASON_SAMPLE
        )
        lines.insert(1, f"_{sample}_")
    return "\n".join(lines)


def _running(running: list[BulkSend], data: DigestData, layout: _Layout, tr: Translator) -> str:
    running.sort(key=lambda s: (s.created_at, s.id))
    count = formats.number(len(running), tr.language)
    lines = [bold(tr._("🔄 Still running ({n})", n=count))]
    for send in running[: layout.running]:
        lines.append(
            f"{formats.progress_bar(send.progress_percentage, tr.language)} · "
            f"{_send_name(send, layout)} · {_eta(send, data.generated_at, tr)}"
        )
    hidden = len(running) - layout.running
    if hidden > 0:
        lines.append(tr.ngettext("+{n} more running.", "+{n} more running.", hidden))
    return "\n".join(lines)


def _eta(send: BulkSend, now: datetime, tr: Translator) -> str:
    """Time left at the pace so far; Mindo's list gives progress, not an estimate."""
    progress = send.progress_percentage
    if not 0 < progress < 100 or math.isnan(progress):
        return tr._("waiting to start")
    elapsed = max((now - send.created_at).total_seconds(), 0.0)
    minutes = math.ceil(elapsed * (100 - progress) / progress / 60)
    if minutes >= 90:
        hours = formats.number(round(minutes / 60), tr.language)
        return tr._("about {n} h left", n=hours)
    return tr._("about {n} min left", n=formats.number(max(minutes, 1), tr.language))


def tier_words(tier: str, language: Language) -> str:
    """Meta's messaging tier in words: TIER_10K → "tier: 10K a day"; unknown codes as sent."""
    match = re.fullmatch(r"TIER_(\d+K?|UNLIMITED)", tier.strip().upper())
    if match is None:
        return tier
    tr = translator(language)
    size = match.group(1)
    if size == "UNLIMITED":
        return tr._("tier: unlimited")
    return tr._("tier: {size} customers a day", size=size)


def _phones(phones: tuple[PhoneNumber, ...] | None, layout: _Layout, tr: Translator) -> str:
    language = tr.language
    lines = [bold(tr._("📱 Phone numbers"))]
    if phones is None:
        return "\n".join([*lines, tr._("Couldn't read the numbers' quotas from Mindo this time.")])
    for phone in phones[: layout.phones]:
        shown = _name(f"{phone.display_phone_number} ({phone.verified_name})", layout)
        parts = [shown, _name(tier_words(phone.messaging_limit_tier, language), layout)]
        quota = phone.quota
        if quota is not None:
            if quota.daily_limit is None or quota.remaining is None:
                parts.append(tr._("no daily limit"))
            else:
                parts.append(
                    tr._(
                        "{remaining} of {limit} left today",
                        remaining=formats.number(quota.remaining, language),
                        limit=formats.number(quota.daily_limit, language),
                    )
                )
            if not quota.can_send:
                parts.append(tr._("⛔ cannot send right now"))
            elif quota.usage_percentage >= NEARLY_USED:
                pct = formats.rate(quota.usage_percentage / 100, language)
                parts.append(tr._("⚠️ {pct} of the daily quota used", pct=pct))
        lines.append("• " + " · ".join(parts))
    hidden = len(phones) - layout.phones
    if hidden > 0:
        lines.append(tr.ngettext("+{n} more number.", "+{n} more numbers.", hidden))
    return "\n".join(lines)


def _fallback(report: Report, data: DigestData, tr: Translator) -> str:
    language, totals = tr.language, report.totals
    problems = sum(report.by_status[s] for s in PROBLEMS)
    return tr._(
        "Daily digest for {date}: {sends} bulk sends, {recipients} recipients, "
        "{delivered} delivered, {failed} failed, {problems} with problems.",
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
