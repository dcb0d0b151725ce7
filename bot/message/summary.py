"""The answer to a question: how it was read, totals, rates, statuses, templates, then the sends.

Slack rejects messages well below its documented limits, so the builder measures what it made
and, when it is too big, falls back to a plainer layout (shorter names, fewer templates, fewer
buttons) rather than fail. Sends are always paged ten at a time so that page numbers in the
buttons mean the same thing whatever layout was used. Names from Mindo go into ``plain_text``
objects, where they cannot mention anyone or change the formatting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.domain.sends import PROBLEMS, RUNNING
from bot.locale import formats
from bot.locale.languages import Language
from bot.message import actions, limits
from bot.message.describe import QueryDescription, describe_query, sends_words
from bot.message.i18n import STATUS_EMOJI, STATUS_LABELS, t
from bot.message.slack import SlackMessage, blocks_json_length
from bot.message.text import json_length, untrusted
from bot.mindo.models import BulkSend
from bot.query.codec import StateTooLongError, encode_state
from bot.query.model import BulkSendQuery
from bot.report import Report, TemplateSummary, Totals

PAGE_SIZE = 10


@dataclass(frozen=True)
class _Layout:
    #: Templates listed before "+N more templates".
    templates: int
    #: JSON characters allowed for each name from outside (template, sender, language).
    name_limit: int
    details: bool
    buttons: bool


# Tried in order until one fits; the last one fits whatever the data (see the tests).
_LAYOUTS = (
    _Layout(templates=6, name_limit=200, details=True, buttons=True),
    _Layout(templates=4, name_limit=60, details=True, buttons=True),
    _Layout(templates=4, name_limit=60, details=False, buttons=True),
    _Layout(templates=2, name_limit=40, details=False, buttons=False),
)


@dataclass(frozen=True)
class _Answer:
    query: BulkSendQuery
    report: Report
    description: QueryDescription
    demo: bool
    page: int
    pages: int

    @property
    def language(self) -> Language:
        return self.query.language


def build_summary_message(
    query: BulkSendQuery,
    report: Report,
    *,
    demo: bool,
    page: int = 0,
    interactive: bool = True,
    today: date | None = None,
) -> SlackMessage:
    """``today`` (the asker's local date) lets the period read "last week" and not only dates."""
    pages = max(1, math.ceil(len(report.sends) / PAGE_SIZE))
    answer = _Answer(
        query=query,
        report=report,
        description=describe_query(query, today=today),
        demo=demo,
        page=min(max(page, 0), pages - 1),
        pages=pages,
    )
    layouts = (
        _LAYOUTS if interactive else [replace(x, details=False, buttons=False) for x in _LAYOUTS]
    )
    for layout in layouts:
        blocks = _blocks(answer, layout)
        if blocks_json_length([b.to_dict() for b in blocks]) <= limits.BUILT_BLOCKS_JSON:
            break
    return SlackMessage(text=_fallback_text(answer), blocks=tuple(blocks))


def _blocks(answer: _Answer, layout: _Layout) -> list[Block]:
    blocks: list[Block] = [_header(answer)]
    if answer.demo:
        blocks.append(ContextBlock(elements=[_mrkdwn(t(answer.language, "demo_badge"))]))
    blocks.append(_understanding(answer, layout))
    if answer.report.totals.bulk_sends == 0:
        blocks += _empty_state(answer)
    else:
        blocks += [_totals(answer), _by_status(answer), DividerBlock()]
        blocks += _templates(answer, layout)
        blocks.append(DividerBlock())
        blocks += _sends(answer, layout)
    buttons = _buttons(answer) if layout.buttons else []
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def _header(answer: _Answer) -> HeaderBlock:
    description = answer.description
    parts = [t(answer.language, "bulk_sends"), description.statuses]
    parts.append(description.range_words or description.range_dates)
    if answer.demo:
        parts.insert(0, t(answer.language, "demo_header"))
    title = untrusted(" · ".join(parts), limits.MAX_HEADER_TEXT)
    return HeaderBlock(text=_plain(title))


def _understanding(answer: _Answer, layout: _Layout) -> ContextBlock:
    language, description = answer.language, answer.description
    period = description.range
    if description.default_note:
        period += f" ({description.default_note})"
    timezone = untrusted(description.timezone, 64, mrkdwn=True)
    elements: list[PlainTextObject | MarkdownTextObject] = [
        _mrkdwn(
            f"*{t(language, 'label_status')}:* {description.statuses} · "
            f"*{t(language, 'label_period')}:* {period} · "
            f"*{t(language, 'label_timezone')}:* {timezone}"
        )
    ]
    if description.template is not None:
        template = untrusted(description.template, layout.name_limit, measure=json_length)
        elements.append(_plain(f"{t(language, 'label_template')}: {template}"))
    return ContextBlock(elements=elements)


def _empty_state(answer: _Answer) -> list[Block]:
    language = answer.language
    what = sends_words(answer.query)
    return [
        SectionBlock(text=_mrkdwn(t(language, "empty", what=what, range=answer.description.range))),
        ContextBlock(elements=[_mrkdwn(t(language, "empty_hint"))]),
    ]


def _totals(answer: _Answer) -> SectionBlock:
    language, totals = answer.language, answer.report.totals
    counts = totals.to_json()
    fields = [
        f"*{t(language, key)}*\n{formats.number(value, language)}" for key, value in counts.items()
    ]
    fields += [
        f"*{t(language, key)}*\n{formats.rate(value, language)}"
        for key, value in _rates(totals).items()
    ]
    return SectionBlock(fields=[_mrkdwn(field) for field in fields])


def _rates(totals: Totals) -> dict[str, float | None]:
    return {
        "delivery_rate": totals.delivery_rate,
        "read_rate": totals.read_rate,
        "failure_rate": totals.failure_rate,
    }


def _by_status(answer: _Answer) -> SectionBlock:
    language, by_status = answer.language, answer.report.by_status
    shown = answer.query.ordered_statuses or tuple(by_status)
    counts = "   ".join(
        f"{STATUS_EMOJI[s]} {STATUS_LABELS[s][language]} *{formats.number(by_status[s], language)}*"
        for s in shown
    )
    return SectionBlock(text=_mrkdwn(f"*{t(language, 'by_status')}*\n{counts}"))


def _templates(answer: _Answer, layout: _Layout) -> list[Block]:
    language, templates = answer.language, answer.report.by_template
    shown = templates[: layout.templates]
    blocks: list[Block] = [
        SectionBlock(
            text=_mrkdwn(f"*{t(language, 'by_template')}*"),
            fields=[_plain(_template_text(x, language, layout)) for x in shown],
        )
    ]
    hidden = len(templates) - len(shown)
    if hidden:
        more = (
            t(language, "more_template")
            if hidden == 1
            else t(language, "more_templates", n=formats.number(hidden, language))
        )
        blocks.append(ContextBlock(elements=[_mrkdwn(more)]))
    return blocks


def _template_text(template: TemplateSummary, language: Language, layout: _Layout) -> str:
    totals = template.totals
    name = _name(template.name, layout.name_limit)
    lines = [
        f"{name} ({_name(template.language, min(layout.name_limit, 24))})",
        f"{t(language, 'bulk_sends')} {formats.number(totals.bulk_sends, language)} · "
        f"{t(language, 'recipients')} {formats.number(totals.recipients, language)}",
        " · ".join(
            f"{t(language, key)} {formats.rate(value, language)}"
            for key, value in _rates(totals).items()
        ),
    ]
    return "\n".join(lines)


def _sends(answer: _Answer, layout: _Layout) -> list[Block]:
    language, sends = answer.language, answer.report.sends
    first = answer.page * PAGE_SIZE
    shown = sends[first : first + PAGE_SIZE]
    showing = t(
        language,
        "showing",
        first=formats.number(first + 1, language),
        last=formats.number(first + len(shown), language),
        total=formats.number(len(sends), language),
    )
    blocks: list[Block] = [
        SectionBlock(text=_mrkdwn(f"*{t(language, 'sends_heading')}* · {showing}"))
    ]
    for send in shown:
        blocks += _send_blocks(answer, send, layout)
    after = len(sends) - first - len(shown)
    if answer.pages > 1:
        more = t(
            language,
            "more_sends" if after else "page_of",
            n=formats.number(after, language),
            page=formats.number(answer.page + 1, language),
            pages=formats.number(answer.pages, language),
        )
        blocks.append(ContextBlock(elements=[_mrkdwn(more)]))
    return blocks


def _send_blocks(answer: _Answer, send: BulkSend, layout: _Layout) -> list[Block]:
    language = answer.language
    parts = [
        f"{STATUS_EMOJI[send.status]} {STATUS_LABELS[send.status][language]}",
        f"{_name(send.template.name, layout.name_limit)} "
        f"({_name(send.template.language, min(layout.name_limit, 24))})",
    ]
    if send.phone_number.verified_name.strip():
        parts.append(_name(send.phone_number.verified_name, layout.name_limit))
    details = (
        _button(answer, "details", actions.DETAILS, answer.query, page=answer.page, send_id=send.id)
        if layout.details
        else None
    )
    created = formats.slack_date(
        send.created_at, formats.local_datetime(send.created_at, answer.query.timezone, language)
    )
    counts = [
        ("recipients", send.total_recipients),
        ("delivered", send.delivered_count),
        ("read", send.read_count),
        ("failed", send.failed_count),
    ]
    if send.pending_count:
        counts.append(("pending", send.pending_count))
    stats = [created] + [f"{t(language, k)} {formats.number(n, language)}" for k, n in counts]
    if send.status in RUNNING:
        stats.append(formats.progress_bar(send.progress_percentage, language))
    return [
        SectionBlock(text=_plain(" · ".join(parts)), accessory=details),
        ContextBlock(elements=[_mrkdwn(" · ".join(stats))]),
    ]


def _buttons(answer: _Answer) -> list[ButtonElement]:
    query, page = answer.query, answer.page
    wanted: list[ButtonElement | None] = []
    if page > 0:
        wanted.append(_button(answer, "previous", actions.PAGE_PREV, query, page=page - 1))
    if page < answer.pages - 1:
        wanted.append(_button(answer, "next", actions.PAGE_NEXT, query, page=page + 1))
    if not query.statuses or not query.statuses <= PROBLEMS:  # hidden when it would not narrow
        problems = replace(query, statuses=PROBLEMS)
        wanted.append(_button(answer, "only_problems", actions.ONLY_PROBLEMS, problems, page=0))
    wanted.append(_button(answer, "share", actions.SHARE, query, page=page))
    return [button for button in wanted if button is not None]


def _button(
    answer: _Answer,
    label: str,
    action_id: str,
    query: BulkSendQuery,
    *,
    page: int,
    send_id: str | None = None,
) -> ButtonElement | None:
    """None when the state does not fit in a button (only absurdly long names do that)."""
    try:
        value = encode_state(query, page=page, demo=answer.demo, send_id=send_id)
    except StateTooLongError:
        return None
    return ButtonElement(text=_plain(t(answer.language, label)), action_id=action_id, value=value)


def _fallback_text(answer: _Answer) -> str:
    language, totals = answer.language, answer.report.totals
    what = sends_words(answer.query)
    prefix = f"{t(language, 'demo_header')} · " if answer.demo else ""
    if totals.bulk_sends == 0:
        return prefix + t(language, "empty", what=what, range=answer.description.range)
    numbers = [
        f"{t(language, 'recipients')} {formats.number(totals.recipients, language)}",
        f"{t(language, 'delivered')} {formats.number(totals.delivered, language)}",
        f"{t(language, 'failed')} {formats.number(totals.failed, language)}",
        f"{t(language, 'delivery_rate')} {formats.rate(totals.delivery_rate, language)}",
    ]
    head = f"{what[:1].upper()}{what[1:]} ({formats.number(totals.bulk_sends, language)})"
    return f"{prefix}{head} · {answer.description.range}: {' · '.join(numbers)}"


def _name(text: str, limit: int) -> str:
    return untrusted(text, limit, measure=json_length) or "—"


def _plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text, emoji=False)


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)
