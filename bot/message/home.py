"""The App Home tab: today's and this week's numbers, what is sending now, how to ask.

Pure builders: the listener fetches (``bot.slack.listeners.events``) and these only
arrange. Other features add their own blocks through ``extra_blocks`` (the digests list,
for one); they are cut to whatever room the tab's 100 blocks leave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import Block, DividerBlock, SectionBlock
from slack_sdk.models.views import View

from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import words
from bot.message.blocks import bold, context, field, header, mrkdwn, section
from bot.message.fit import HOME, fit
from bot.message.help import build_help_message
from bot.message.slack import SlackMessage
from bot.message.text import untrusted
from bot.message.words import STATUS_EMOJI
from bot.mindo.models import BulkSend
from bot.report import Totals
from bot.service.home import HomeOverview

MAX_HOME_BLOCKS = 100
#: Running sends listed one by one before "+N more".
MAX_RUNNING_SHOWN = 10
_NAME_LIMIT = 80


@dataclass(frozen=True)
class _Layout:
    #: Whether other features' blocks are shown (cut to the blocks the tab has left).
    extras: bool


_LAYOUTS = (_Layout(extras=True), _Layout(extras=False))


def build_home_view(
    overview: HomeOverview,
    *,
    language: Language,
    demo: bool,
    extra_blocks: Sequence[Block] = (),
) -> View:
    tr = translator(language)
    blocks: list[Block] = [header(tr._("📊 Bulk sends at a glance"), emoji=True)]
    if demo:
        blocks.append(context(words.demo_badge(tr)))
    blocks += [
        _totals(tr._("Today"), overview.today, tr),
        _totals(tr._("This week"), overview.week, tr),
        DividerBlock(),
        *_running(overview.running, tr),
        DividerBlock(),
        *build_help_message(language).blocks,
    ]
    footer = context(_updated(overview, tr))

    def build(layout: _Layout) -> list[Block]:
        room = MAX_HOME_BLOCKS - len(blocks) - 2
        if not (layout.extras and extra_blocks and room > 0):
            return [*blocks, footer]
        return [*blocks, DividerBlock(), *extra_blocks[:room], footer]

    return View(type="home", blocks=fit(_LAYOUTS, build, HOME))


def build_home_error_view(message: SlackMessage) -> View:
    """What the tab shows when its numbers could not be loaded: the reason, in words."""
    return View(type="home", blocks=list(message.blocks))


def _totals(title: str, totals: Totals, tr: Translator) -> SectionBlock:
    language = tr.language
    shown = (
        (words.BULK_SENDS, formats.number(totals.bulk_sends, language)),
        (words.RECIPIENTS, formats.number(totals.recipients, language)),
        (words.DELIVERED, formats.number(totals.delivered, language)),
        (words.READ, formats.number(totals.read, language)),
        (words.FAILED, formats.number(totals.failed, language)),
        (words.PENDING, formats.number(totals.pending, language)),
        (words.DELIVERY_RATE, formats.rate(totals.delivery_rate, language)),
        (words.FAILURE_RATE, formats.rate(totals.failure_rate, language)),
    )
    return SectionBlock(
        text=mrkdwn(f"*{title}*"), fields=[field(tr._(label), value) for label, value in shown]
    )


def _running(running: Sequence[BulkSend], tr: Translator) -> list[Block]:
    language = tr.language
    blocks: list[Block] = [section(bold(tr._("Sending now")))]
    if not running:
        blocks.append(context(tr._("Nothing is sending right now.")))
        return blocks
    for send in running[:MAX_RUNNING_SHOWN]:
        name = untrusted(send.template.name, _NAME_LIMIT, mrkdwn=True) or "—"
        sender = untrusted(send.phone_number.verified_name, _NAME_LIMIT, mrkdwn=True)
        progress = formats.progress_bar(send.progress_percentage, language)
        sent = (
            f"{tr._(words.SENT)} {formats.number(send.sent_count, language)}"
            f" / {formats.number(send.total_recipients, language)}"
        )
        line = f"{STATUS_EMOJI[send.status]} *{name}*" + (f" · {sender}" if sender else "")
        blocks.append(section(f"{line}\n`{progress}` · {sent}"))
    hidden = len(running) - MAX_RUNNING_SHOWN
    if hidden > 0:
        blocks.append(
            context(tr.ngettext("+{n} more sending now.", "+{n} more sending now.", hidden))
        )
    return blocks


def _updated(overview: HomeOverview, tr: Translator) -> str:
    moment = overview.updated_at
    fallback = formats.local_datetime(moment, overview.timezone, tr.language)
    zone = untrusted(overview.timezone, 64, mrkdwn=True)
    return tr._(
        "Updated {time} · times in {zone}", time=formats.slack_date(moment, fallback), zone=zone
    )
