"""The App Home tab as a dashboard: how today and this week are going, what needs
attention and why, what is sending now, the last fourteen days, and one-click questions.

Pure builders: the listener fetches (``bot.slack.listeners.events``) and these arrange.
Today is compared with yesterday up to this time and this week with last week up to now
(``bot.service.home``), each change marked better / worse / steady in colour and in words
(``bot.message.trends``). Other features add their own blocks through ``extra_blocks``:
the digests today, alerts later; they are cut to whatever room the tab's 100 blocks leave.
``refused``: the newer block kinds (charts) the workspace refused; the figures stand in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from babel.dates import format_skeleton
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.comparison import Metric, compare_totals
from bot.domain.dates import DateRange
from bot.domain.sends import PROBLEMS, BulkSend
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import actions, words
from bot.message.blocks import bold, context, header, mrkdwn, plain, section
from bot.message.daily_chart import daily_chart
from bot.message.fit import HOME, fit
from bot.message.moments import up_to
from bot.message.newer import Refused
from bot.message.phrases import outcome, sends_to
from bot.message.reasons import counted, counted_from, explain, listed, reason_line
from bot.message.slack import SlackMessage
from bot.message.text import json_length, untrusted
from bot.message.trends import change_words, metric_label, metric_value
from bot.message.words import STATUS_EMOJI
from bot.query.codec import encode_state
from bot.query.model import BulkSendQuery
from bot.report import estimated_finish
from bot.service.home import PROBLEM_DAYS, HomeOverview, Period

MAX_HOME_BLOCKS = 100
#: The numbers each period shows, with their change.
_HEADLINE_METRICS = (
    Metric.BULK_SENDS,
    Metric.RECIPIENTS,
    Metric.DELIVERY_RATE,
    Metric.FAILURE_RATE,
)


@dataclass(frozen=True)
class _Layout:
    problems: int
    running: int
    name_limit: int
    #: Whether other features' blocks are shown (cut to the blocks the tab has left).
    extras: bool


# From the richest to the plainest; the last one fits whatever the data.
_LAYOUTS = (
    _Layout(problems=5, running=10, name_limit=80, extras=True),
    _Layout(problems=3, running=5, name_limit=40, extras=True),
    _Layout(problems=3, running=5, name_limit=40, extras=False),
)


def home_questions(tr: Translator) -> tuple[str, ...]:
    """The questions the tab asks in one click, as people would type them."""
    return (
        tr.pgettext("typed question", "problems today"),
        tr.pgettext("typed question", "failed last week"),
        tr.pgettext("typed question", "this month by template"),
        tr.pgettext("typed question", "last 14 days by day"),
    )


def build_home_view(
    overview: HomeOverview,
    *,
    language: Language,
    demo: bool,
    extra_blocks: Sequence[Block] = (),
    refused: Refused = frozenset(),
) -> View:
    tr = translator(language)
    top: list[Block] = [header(tr._("📊 Bulk sends at a glance"), emoji=True)]
    if demo:
        top.append(context(words.demo_badge(tr)))
    today = overview.local_today
    since = format_skeleton("MMMEd", overview.week.start, locale=language)
    top += [
        _period(tr._("*Today so far:*"), overview.today, tr, tr._("none yesterday by this time")),
        _period(
            tr._("*This week* (since {day}):", day=since),
            overview.week,
            tr,
            tr._("none last week by now"),
        ),
    ]
    if _compares(overview):
        top.append(
            context(
                tr._(
                    "Today against yesterday {up_to}; this week against last week up to the "
                    "same moment.",
                    up_to=up_to(overview.updated_at, overview.timezone, tr.language),
                ),
                words.rates_explained(tr),
            )
        )

    def build(layout: _Layout) -> list[Block]:
        blocks = [
            *top,
            DividerBlock(),
            *_problems(overview, layout, tr, demo),
            DividerBlock(),
            *_running(overview, layout, tr),
            *daily_chart(overview.days, tr, refused=refused, today=today),
            *_questions(tr),
        ]
        footer = [context(_footer(overview, tr))]
        room = MAX_HOME_BLOCKS - len(blocks) - len(footer) - 1
        if layout.extras and extra_blocks and room > 0:
            blocks += [DividerBlock(), *extra_blocks[:room]]
        return [*blocks, *footer]

    return View(type="home", blocks=fit(_LAYOUTS, build, HOME))


def build_home_error_view(message: SlackMessage, extra_blocks: Sequence[Block] = ()) -> View:
    """What the tab shows when its numbers could not be loaded: the reason, in words, then
    what needs no Mindo (the digests and alerts), as far as the tab has room."""
    blocks = list(message.blocks)
    room = MAX_HOME_BLOCKS - len(blocks) - 1
    if extra_blocks and room > 0:
        blocks += [DividerBlock(), *extra_blocks[:room]]
    return View(type="home", blocks=blocks)


def _period(title: str, period: Period, tr: Translator, nothing: str) -> SectionBlock:
    """ "*Today so far:* 3 bulk sends to 1,240 recipients; 1,100 sent (96.1% of them
    delivered), 40 failed, and 100 still to go out. 1 had problems."
    and four numbers, each with its change."""
    totals = period.now
    if totals.bulk_sends == 0:
        sentence = tr._("no bulk sends yet.")
    else:
        sentence = tr._(
            "{sends}; {outcome}.", sends=sends_to(totals, tr), outcome=outcome(totals, tr)
        )
        if period.problems:
            sentence += " " + tr.ngettext("{n} had problems.", "{n} had problems.", period.problems)
        if period.running:
            sentence += " " + tr.ngettext(
                "{n} is still sending.", "{n} are still sending.", period.running
            )
    if totals.bulk_sends == 0 and period.before.bulk_sends == 0:
        return SectionBlock(text=mrkdwn(f"{title} {sentence}"))  # nothing either side
    changes = compare_totals(totals, period.before, metrics=_HEADLINE_METRICS)
    fields = [
        mrkdwn(
            f"*{metric_label(c.metric, tr)}*: {metric_value(c.metric, c.now, tr)}\n"
            + change_words(c, tr, nothing_before=nothing)
        )
        for c in changes
    ]
    return SectionBlock(text=mrkdwn(f"{title} {sentence}"), fields=fields)


def _compares(overview: HomeOverview) -> bool:
    """Whether either period has numbers to show (sends now or in the one before)."""
    return any(p.now.bulk_sends or p.before.bulk_sends for p in (overview.today, overview.week))


def _problems(overview: HomeOverview, layout: _Layout, tr: Translator, demo: bool) -> list[Block]:
    """The failed and partial sends of the last days, most failed first, with why and a
    Details button."""
    problems = overview.problems
    days = formats.number(PROBLEM_DAYS, tr.language)
    if not problems:
        return [section(tr._("✅ No failed or partial sends in the last {days} days.", days=days))]
    shown = problems[: layout.problems]
    heading = tr._(
        "⚠️ *Needs attention:* {n} with problems in the last {days} days",
        n=formats.number(len(problems), tr.language),
        days=days,
    )
    if len(shown) < len(problems):
        heading += " " + tr._(
            "(the {shown} with most failures below)",
            shown=formats.number(len(shown), tr.language),
        )
    blocks: list[Block] = [section(heading)]
    today = overview.local_today
    query = BulkSendQuery(
        statuses=frozenset(PROBLEMS),
        range=DateRange(today - timedelta(days=PROBLEM_DAYS - 1), today),
        template=None,
        timezone=overview.timezone,
        default_range=False,
        language=tr.language,
    )
    for send in shown:
        failed = tr._(
            "{failed} of {recipients} failed",
            failed=formats.number(send.failed_count, tr.language),
            recipients=formats.number(send.total_recipients, tr.language),
        )
        created = formats.slack_date(
            send.created_at,
            formats.local_datetime(send.created_at, overview.timezone, tr.language),
        )
        lines = [f"{STATUS_EMOJI[send.status]} {_send_name(send, layout)} · {failed} · {created}"]
        reasons = overview.reasons.get(send.id, ())
        sample = counted_from(send.failed_count, counted(reasons))
        listing = listed(reasons, 1, tr, sample=sample)
        lines += [f"_{listing.sample}_"] if listing.sample is not None else []
        for reason in listing.shown:
            lines.append(reason_line(reason, tr, limit=120))
            advice = explain(reason, tr).advice
            if advice is not None:
                lines.append(f"   _{advice}_")
        lines += [f"• {listing.others}"] if listing.others is not None else []
        button = ButtonElement(
            text=plain(tr._("Details")),
            action_id=actions.DETAILS,
            value=encode_state(query, demo=demo, send_id=send.id),
        )
        blocks.append(SectionBlock(text=mrkdwn("\n".join(lines)), accessory=button))
    return blocks


def _running(overview: HomeOverview, layout: _Layout, tr: Translator) -> list[Block]:
    language = tr.language
    running = overview.running
    shown = running[: layout.running]
    heading = (
        tr._("🔄 *Sending now* ({n})", n=formats.number(len(running), language))
        if len(shown) == len(running)
        else tr._(
            "🔄 *Sending now:* {n}, the {shown} newest below",
            n=formats.number(len(running), language),
            shown=formats.number(len(shown), language),
        )
    )
    if not running:
        return [section(tr._("🔄 Nothing is sending right now."))]
    lines = [heading]
    for send in shown:
        progress = formats.progress_bar(send.progress_percentage, language)
        sent = tr._(
            "{sent} of {recipients} sent",
            sent=formats.number(send.sent_count, language),
            recipients=formats.number(send.total_recipients, language),
        )
        lines.append(
            f"{STATUS_EMOJI[send.status]} {_send_name(send, layout)}\n"
            f"`{progress}` · {sent} · {_left(send, overview, tr)}"
        )
    return [section("\n".join(lines))]


def _left(send: BulkSend, overview: HomeOverview, tr: Translator) -> str:
    return words.time_left(estimated_finish(send, overview.updated_at), overview.updated_at, tr)


def _questions(tr: Translator) -> list[Block]:
    """One click asks a common question; the answer arrives in the app's messages."""
    buttons = [
        ButtonElement(
            text=plain(question[:1].upper() + question[1:]),
            action_id=actions.ask_id(n),
            value=question,
        )
        for n, question in enumerate(home_questions(tr))
    ]
    where = tr._("The answer arrives in this app's Messages tab, next to Home.")
    return [
        section(bold(tr._("Ask in one click")) + "\n" + where),
        ActionsBlock(elements=buttons),
    ]


def _footer(overview: HomeOverview, tr: Translator) -> str:
    moment = overview.updated_at
    fallback = formats.local_datetime(moment, overview.timezone, tr.language)
    zone = untrusted(formats.time_zone(overview.timezone, tr.language), 64, mrkdwn=True)
    updated = tr._("Updated {time} · {zone}", time=formats.slack_date(moment, fallback), zone=zone)
    asking = tr._("Ask anything with `/bulksends`; `/bulksends help` shows how.")
    return f"{updated} · {asking}"


def _send_name(send: BulkSend, layout: _Layout) -> str:
    template = untrusted(
        f"{send.template.name} ({send.template.language})",
        layout.name_limit,
        mrkdwn=True,
        measure=json_length,
    )
    sender = untrusted(
        send.phone_number.verified_name, layout.name_limit, mrkdwn=True, measure=json_length
    )
    return f"*{template}* · {sender}" if sender else f"*{template}*"
