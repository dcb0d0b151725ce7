"""The App Home tab: today's and this week's numbers, what is sending now, how to ask.

Pure builders: the listener fetches (``bot.slack.listeners.events``) and these only
arrange. Other features add their own blocks through ``extra_blocks`` (the digests list,
for one); they are cut to whatever room the tab's 100 blocks leave.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.locale import formats
from bot.locale.languages import Language
from bot.message import build_help_message
from bot.message import i18n as answer_words
from bot.message.i18n import STATUS_EMOJI
from bot.message.slack import SlackMessage
from bot.message.text import untrusted
from bot.mindo.models import BulkSend
from bot.report import Totals
from bot.service.home import HomeOverview
from bot.slack.words import t

MAX_HOME_BLOCKS = 100
#: Running sends listed one by one before "+N more".
MAX_RUNNING_SHOWN = 10
_NAME_LIMIT = 80


def build_home_view(
    overview: HomeOverview,
    *,
    language: Language,
    demo: bool,
    extra_blocks: Sequence[Block] = (),
) -> View:
    blocks: list[Block] = [HeaderBlock(text=_plain(t(language, "home_title")))]
    if demo:
        blocks.append(ContextBlock(elements=[_mrkdwn(answer_words.t(language, "demo_badge"))]))
    blocks += [
        _totals(t(language, "home_today"), overview.today, language),
        _totals(t(language, "home_week"), overview.week, language),
        DividerBlock(),
        *_running(overview.running, language),
        DividerBlock(),
        *build_help_message(language).blocks,
    ]
    footer = ContextBlock(elements=[_mrkdwn(_updated(overview, language))])
    room = MAX_HOME_BLOCKS - len(blocks) - 2
    if extra_blocks and room > 0:
        blocks += [DividerBlock(), *extra_blocks[:room]]
    blocks.append(footer)
    return View(type="home", blocks=blocks)


def build_home_error_view(message: SlackMessage) -> View:
    """What the tab shows when its numbers could not be loaded: the reason, in words."""
    return View(type="home", blocks=list(message.blocks))


def _totals(title: str, totals: Totals, language: Language) -> SectionBlock:
    def field(key: str, value: str) -> MarkdownTextObject:
        return _mrkdwn(f"*{answer_words.t(language, key)}*\n{value}")

    return SectionBlock(
        text=_mrkdwn(f"*{title}*"),
        fields=[
            field("bulk_sends", formats.number(totals.bulk_sends, language)),
            field("recipients", formats.number(totals.recipients, language)),
            field("delivered", formats.number(totals.delivered, language)),
            field("read", formats.number(totals.read, language)),
            field("failed", formats.number(totals.failed, language)),
            field("pending", formats.number(totals.pending, language)),
            field("delivery_rate", formats.rate(totals.delivery_rate, language)),
            field("failure_rate", formats.rate(totals.failure_rate, language)),
        ],
    )


def _running(running: Sequence[BulkSend], language: Language) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text=_mrkdwn(f"*{t(language, 'home_running')}*"))]
    if not running:
        blocks.append(ContextBlock(elements=[_mrkdwn(t(language, "home_none_running"))]))
        return blocks
    for send in running[:MAX_RUNNING_SHOWN]:
        name = untrusted(send.template.name, _NAME_LIMIT, mrkdwn=True) or "—"
        sender = untrusted(send.phone_number.verified_name, _NAME_LIMIT, mrkdwn=True)
        progress = formats.progress_bar(send.progress_percentage, language)
        sent = (
            f"{answer_words.t(language, 'sent')} {formats.number(send.sent_count, language)}"
            f" / {formats.number(send.total_recipients, language)}"
        )
        line = f"{STATUS_EMOJI[send.status]} *{name}*" + (f" · {sender}" if sender else "")
        blocks.append(SectionBlock(text=_mrkdwn(f"{line}\n`{progress}` · {sent}")))
    hidden = len(running) - MAX_RUNNING_SHOWN
    if hidden > 0:
        more = t(language, "home_more_running", n=formats.number(hidden, language))
        blocks.append(ContextBlock(elements=[_mrkdwn(more)]))
    return blocks


def _updated(overview: HomeOverview, language: Language) -> str:
    moment = overview.updated_at
    fallback = formats.local_datetime(moment, overview.timezone, language)
    zone = untrusted(overview.timezone, 64, mrkdwn=True)
    return t(language, "home_updated", time=formats.slack_date(moment, fallback), zone=zone)


def _plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text, emoji=True)


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)
