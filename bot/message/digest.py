"""The digest message, read in ten seconds: how yesterday went in one sentence, the sends
that need attention and why, then the numbers, each against the usual day.

Order: the sentence (also the notification's text); the problems, worst first, each with
its reasons in plain words, what to do, and a Details button; the numbers, each with one
comparison against the average of the seven days before (``bot.comparison``: counts in
percent, rates in points, marked better / worse / steady in colour and in words); the
last fourteen days as a chart (``daily_chart``); the top templates as a table; what is
still sending; the phone numbers' quotas.

Pure: ``DigestData`` in, ``SlackMessage`` out, in the digest's own language. Like the
summary, it offers shorter and shorter lists to ``fit`` until the message fits Slack's
limits whatever the volume, with room left for a preview's note on top. ``refused``: the
newer block kinds (charts, tables) the workspace refused; their stand-ins go there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.comparison import Comparison, compare_totals
from bot.domain.dates import DateRange
from bot.domain.digests import Digest
from bot.domain.refusals import SlackRefusal
from bot.domain.sends import PROBLEMS, RUNNING, BulkSend
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import actions, words
from bot.message.blocks import bold, context, mrkdwn, paragraph, plain, section
from bot.message.daily_chart import daily_chart, daily_figures
from bot.message.fit import fit
from bot.message.moments import at_clock
from bot.message.newer import Refused, or_stand_in
from bot.message.notices import refusal_reason
from bot.message.phrases import outcome, sends_to
from bot.message.reasons import counted, counted_from, explain, listed, reason_line
from bot.message.slack import SlackMessage
from bot.message.tables import Align, Column, table_block, table_text
from bot.message.text import json_length, untrusted
from bot.message.trends import change_words, metric_label, metric_value
from bot.message.words import STATUS_EMOJI
from bot.mindo.models import PhoneNumber
from bot.query.codec import encode_state
from bot.query.model import BulkSendQuery
from bot.report import Report, Totals, daily_totals, estimated_finish, summarise
from bot.service.digest import CHART_DAYS, COMPARISON_DAYS, DigestData, FailureReason

#: A number whose quota use reaches this is flagged.
NEARLY_USED = 80.0


@dataclass(frozen=True)
class _Layout:
    templates: int
    problems: int
    reasons: int
    #: Whether each reason says what to do.
    advice: bool
    running: int
    phones: int
    name_limit: int


# From the richest to the plainest; the last one fits whatever the data (tested).
_LAYOUTS = (
    _Layout(templates=5, problems=5, reasons=3, advice=True, running=5, phones=6, name_limit=60),
    _Layout(templates=5, problems=5, reasons=2, advice=True, running=3, phones=4, name_limit=40),
    _Layout(templates=3, problems=3, reasons=2, advice=False, running=3, phones=4, name_limit=40),
    _Layout(templates=2, problems=2, reasons=1, advice=False, running=2, phones=2, name_limit=30),
)


def is_quiet(data: DigestData) -> bool:
    """No send was created on the digest's day."""
    return not data.activity.created_on(data.activity.report_date)


def build_digest_message(
    data: DigestData,
    *,
    language: Language,
    demo: bool,
    late_since: datetime | None = None,
    refused: Refused = frozenset(),
) -> SlackMessage:
    """``late_since``: when the digest was due, if it is being posted late."""
    tr = translator(language)
    activity = data.activity
    notes = [mrkdwn(words.demo_badge(tr))] if demo else []
    if late_since is not None:
        local = late_since.astimezone(ZoneInfo(activity.timezone))
        due = at_clock(local.time(), language)
        notes.append(mrkdwn(tr._("⏰ Posted late: this digest was due {at}.", at=due)))
    if is_quiet(data):
        text = tr._(
            "😌 Quiet day: no bulk sends on {date}.",
            date=formats.day(activity.report_date, language),
        )
        blocks: list[Block] = [section(text)]
        if notes:
            blocks.append(context(*notes))
        return SlackMessage(text=text, blocks=tuple(blocks))
    report = summarise(activity.created_on(activity.report_date))
    headline = _headline(data, report, tr)
    blocks = fit(
        _LAYOUTS, lambda layout: _blocks(data, report, headline, notes, layout, tr, demo, refused)
    )
    days = _days(data)
    figures = tr.ngettext(
        "Last {n} day: {figures}",
        "Last {n} days: {figures}",
        len(days),
        figures=daily_figures(days, tr),
    )
    return SlackMessage(text=f"{headline}\n{figures}", blocks=tuple(blocks))


def build_unavailable_message(report_date: date, *, language: Language) -> SlackMessage:
    """What is posted instead of silence when Mindo stayed down."""
    return paragraph(
        translator(language)._(
            "⚠️ I couldn't build the digest for {date}: Mindo isn't answering. "
            "Ask `/bulksends yesterday` in a while.",
            date=formats.day(report_date, language),
        )
    )


def build_channel_problem_notice(digest: Digest, code: str) -> SlackMessage:
    """A direct message to whoever set the digest up: what is wrong and how to fix it."""
    tr = translator(digest.language)
    channel = f"<#{digest.channel_id}>"
    reason = refusal_reason(SlackRefusal.of(code), digest.language)
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


def _headline(data: DigestData, report: Report, tr: Translator) -> str:
    """ "Yesterday, Nov 26, 2026: 2 bulk sends to 515 recipients; 370 sent (93.2% of them
    delivered) and 145 not sent (cancelled). No problems." """
    language, totals = tr.language, report.totals
    day = data.activity.report_date
    today = data.generated_at.astimezone(ZoneInfo(data.activity.timezone)).date()
    date_words = formats.day(day, language)
    when = (
        tr._("Yesterday, {date}", date=date_words)
        if day == today - timedelta(days=1)
        else date_words
    )
    lead = tr._(
        "{when}: {sends}; {outcome}.",
        when=when,
        sends=sends_to(totals, tr),
        outcome=outcome(totals, tr),
    )
    problems = sum(report.by_status[s] for s in PROBLEMS)
    tail = (
        tr.ngettext("{n} had problems.", "{n} had problems.", problems)
        if problems
        else tr._("No problems.")
    )
    running = sum(report.by_status[s] for s in RUNNING)
    if running:
        tail += " " + tr.ngettext("{n} is still sending.", "{n} are still sending.", running)
    return f"{lead} {tail}"


def _blocks(
    data: DigestData,
    report: Report,
    headline: str,
    notes: list[MarkdownTextObject],
    layout: _Layout,
    tr: Translator,
    demo: bool,
    refused: Refused,
) -> list[Block]:
    activity = data.activity
    day = formats.day(activity.report_date, tr.language)
    zone = untrusted(formats.time_zone(activity.timezone, tr.language), 64, mrkdwn=True)
    blocks: list[Block] = [
        section(bold(headline)),
        context(
            tr._("📬 Daily digest · bulk sends created on {date} ({tz})", date=day, tz=zone), *notes
        ),
    ]
    blocks += _problems(data, report, layout, tr, demo)
    blocks += [DividerBlock(), *_numbers(data, report.totals, tr)]
    blocks += daily_chart(_days(data), tr, refused=refused)
    blocks += _templates(report, layout, tr, refused)
    running = [s for s in activity.sends if s.status in RUNNING]
    if running:
        blocks.append(section(_running(running, data, layout, tr)))
    blocks.append(section(_phones(data.phones, layout, tr)))
    blocks.append(
        context(tr._("Daily digest for this channel · change it with `/bulksends digest`"))
    )
    return blocks


def _days(data: DigestData) -> tuple[tuple[date, Totals], ...]:
    last = data.activity.report_date
    days = [last - timedelta(days=n) for n in range(CHART_DAYS - 1, -1, -1)]
    return daily_totals(data.activity.sends, data.activity.timezone, days)


def _numbers(data: DigestData, totals: Totals, tr: Translator) -> list[Block]:
    """Ten fields, each number with one comparison: against the average day of the seven
    before (counts) or the rate over those seven days (rates)."""
    day = data.activity.report_date
    week = [
        s
        for n in range(1, COMPARISON_DAYS + 1)
        for s in data.activity.created_on(day - timedelta(days=n))
    ]
    changes = compare_totals(totals, Totals.of(week), days=COMPARISON_DAYS)
    nothing = tr._("none in the 7 days before")
    fields = [mrkdwn(_number_field(change, tr, nothing)) for change in changes]
    week_before = formats.days(
        day - timedelta(days=COMPARISON_DAYS), day - timedelta(days=1), tr.language
    )
    note = tr._(
        "Each change is against the average day of {days}; steady means within 5% (or half "
        "a point for rates).",
        days=week_before,
    )
    return [
        section(bold(tr._("📊 The numbers"))),
        SectionBlock(fields=fields),
        context(note, words.rates_explained(tr)),
    ]


def _number_field(change: Comparison, tr: Translator, nothing: str) -> str:
    label = metric_label(change.metric, tr)
    value = metric_value(change.metric, change.now, tr)
    return f"*{label}*: {value}\n{change_words(change, tr, nothing_before=nothing)}"


def _templates(report: Report, layout: _Layout, tr: Translator, refused: Refused) -> list[Block]:
    """The templates that reached the most recipients, as a table."""
    templates = report.by_template
    shown = templates[: layout.templates]
    language = tr.language
    columns = (
        Column(tr.pgettext("column", "Template")),
        Column(tr._(words.BULK_SENDS), Align.RIGHT),
        Column(tr._(words.RECIPIENTS), Align.RIGHT),
        Column(tr._(words.DELIVERY_RATE), Align.RIGHT),
    )
    rows = [
        (
            _cut(f"{t.name} ({t.language})", layout.name_limit),
            formats.number(t.totals.bulk_sends, language),
            formats.number(t.totals.recipients, language),
            formats.rate(t.totals.delivery_rate, language),
        )
        for t in shown
    ]
    heading = (
        tr._("Top templates")
        if len(shown) == len(templates)
        else tr._(
            "Top {shown} of {total} templates, by recipients",
            shown=formats.number(len(shown), language),
            total=formats.number(len(templates), language),
        )
    )
    table = table_block(columns, rows)
    stand_in = section(f"```{table_text(columns, rows)}```")
    return [section(bold(heading)), *or_stand_in(table, [stand_in], refused)]


def _problems(
    data: DigestData, report: Report, layout: _Layout, tr: Translator, demo: bool
) -> list[Block]:
    """The failed and partial sends, most failed messages first: what, why, what to do."""
    problems = [s for s in report.sends if s.status in PROBLEMS]
    if not problems:
        return []
    problems.sort(key=lambda s: (-s.failed_count, s.id))
    count = formats.number(len(problems), tr.language)
    blocks: list[Block] = [section(bold(tr._("⚠️ Needs attention: {n} with problems", n=count)))]
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
        reasons = data.activity.reasons.get(send.id, ())
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
            "{n} more with problems: ask `/bulksends problems yesterday`.",
            "{n} more with problems: ask `/bulksends problems yesterday`.",
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
    lines = [f"{STATUS_EMOJI[send.status]} {_send_name(send, layout)} · {failed}"]
    sample = counted_from(send.failed_count, counted(reasons))
    listing = listed(reasons, layout.reasons, tr, sample=sample)
    if listing.sample is not None:
        lines.append(f"_{listing.sample}_")
    for reason in listing.shown:
        lines.append(reason_line(reason, tr, limit=120))
        advice = explain(reason, tr).advice
        if layout.advice and advice is not None:
            lines.append(f"   _{advice}_")
    if listing.others is not None:
        lines.append(f"• {listing.others}")
    return "\n".join(lines)


def _running(running: list[BulkSend], data: DigestData, layout: _Layout, tr: Translator) -> str:
    running.sort(key=lambda s: (s.created_at, s.id))
    count = formats.number(len(running), tr.language)
    shown = running[: layout.running]
    heading = (
        tr._("🔄 Still sending ({n})", n=count)
        if len(shown) == len(running)
        else tr._(
            "🔄 Still sending: {n}, the {shown} oldest below",
            n=count,
            shown=formats.number(len(shown), tr.language),
        )
    )
    lines = [bold(heading)]
    for send in shown:
        lines.append(
            f"{formats.progress_bar(send.progress_percentage, tr.language)} · "
            f"{_send_name(send, layout)} · {_eta(send, data.generated_at, tr)}"
        )
    return "\n".join(lines)


def _eta(send: BulkSend, now: datetime, tr: Translator) -> str:
    return words.time_left(estimated_finish(send, now), now, tr)


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
    heading = bold(tr._("📱 Phone numbers"))
    if phones is None:
        return "\n".join([heading, tr._("Couldn't read the numbers' quotas from Mindo this time.")])
    # The ones that cannot send, or nearly used their quota, first.
    ordered = sorted(phones, key=_phone_urgency)
    shown = ordered[: layout.phones]
    if len(shown) < len(phones):
        heading = bold(
            tr._(
                "📱 Phone numbers: {shown} of {total}, the busiest first",
                shown=formats.number(len(shown), language),
                total=formats.number(len(phones), language),
            )
        )
    lines = [heading]
    for phone in shown:
        name = _name(f"{phone.display_phone_number} ({phone.verified_name})", layout)
        parts = [name, _name(tier_words(phone.messaging_limit_tier, language), layout)]
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
                pct = formats.reported(quota.usage_percentage, language)
                parts.append(tr._("⚠️ {pct} of the daily quota used", pct=pct))
        lines.append("• " + " · ".join(parts))
    return "\n".join(lines)


def _phone_urgency(phone: PhoneNumber) -> tuple[int, float]:
    quota = phone.quota
    if quota is None:
        return (2, 0.0)
    return (0 if not quota.can_send else 1, -quota.usage_percentage)


def _send_name(send: BulkSend, layout: _Layout) -> str:
    template = _name(f"{send.template.name} ({send.template.language})", layout)
    sender = _name(send.phone_number.verified_name, layout)
    return f"*{template}* · {sender}" if sender else f"*{template}*"


def _name(text: str, layout: _Layout, limit: int | None = None) -> str:
    """Outside text for mrkdwn: escaped, neutralised, and cut to the layout's budget."""
    return untrusted(text, limit or layout.name_limit, mrkdwn=True, measure=json_length)


def _cut(text: str, limit: int) -> str:
    """A name for a table cell (plain text, escaped by the table): cut with "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
