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

from bot.domain.sends import PROBLEMS, RUNNING, BulkSend, Status
from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import actions, words
from bot.message.blocks import bold, context, header, mrkdwn, name, plain, section
from bot.message.describe import QueryDescription, describe_query, sends_words
from bot.message.fit import fit
from bot.message.slack import SlackMessage
from bot.message.text import json_length, untrusted
from bot.message.words import STATUS_EMOJI, status_label
from bot.query.codec import StateTooLongError, encode_state
from bot.query.model import BulkSendQuery
from bot.report import Report, TemplateSummary

PAGE_SIZE = 10


@dataclass(frozen=True)
class _Layout:
    #: Templates listed before "+N more templates".
    templates: int
    #: JSON characters allowed for each name from outside (template, sender, language).
    name_limit: int
    details: bool
    buttons: bool


# From the richest to the plainest; the last one fits whatever the data (see the tests).
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
    headline: str | None = None
    #: Posted for everyone (Share): only buttons that make sense to anyone, and no
    #: "+N more" for a page nobody can turn.
    shared: bool = False
    #: Where Share can post for others (not a direct message): else no Share button.
    shareable: bool = True

    @property
    def language(self) -> Language:
        return self.query.language

    @property
    def tr(self) -> Translator:
        return translator(self.query.language)


def build_summary_message(
    query: BulkSendQuery,
    report: Report,
    *,
    demo: bool,
    page: int = 0,
    interactive: bool = True,
    today: date | None = None,
    headline: str | None = None,
    shared: bool = False,
    shareable: bool = True,
) -> SlackMessage:
    """``today`` (the asker's local date) lets the period read "last week" and not only dates;
    ``headline`` is the sentence that answers the question (``bot.message.headline``): it
    opens the message and its fallback text, in place of the title. ``shared``: the copy
    Share posts for everyone: Details stay (they answer whoever clicks), paging, Only
    problems and Share go, and what is left out is said up front, not in a "+N more".
    ``shareable``: False where nobody else would see a share (a direct message)."""
    pages = max(1, math.ceil(len(report.sends) / PAGE_SIZE))
    answer = _Answer(
        query=query,
        report=report,
        description=describe_query(query, today=today),
        demo=demo,
        page=min(max(page, 0), pages - 1),
        pages=pages,
        headline=headline,
        shared=shared,
        shareable=shareable,
    )
    if shared:
        layouts = [replace(x, buttons=False) for x in _LAYOUTS]
    elif interactive:
        layouts = list(_LAYOUTS)
    else:
        layouts = [replace(x, details=False, buttons=False) for x in _LAYOUTS]
    blocks = fit(layouts, lambda layout: _blocks(answer, layout))
    return SlackMessage(text=_fallback_text(answer), blocks=tuple(blocks))


def _blocks(answer: _Answer, layout: _Layout) -> list[Block]:
    blocks: list[Block] = [_title(answer)]
    if answer.demo:
        blocks.append(context(words.demo_badge(answer.tr)))
    blocks.append(_understanding(answer, layout))
    if answer.report.totals.bulk_sends == 0:
        blocks += _empty_state(answer)
    else:
        blocks += [*_totals(answer), _by_status(answer), DividerBlock()]
        blocks += _templates(answer, layout)
        blocks.append(DividerBlock())
        blocks += _sends(answer, layout)
    buttons = _buttons(answer) if layout.buttons else []
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def _title(answer: _Answer) -> Block:
    """The sentence that answers, or (without one) a title naming what is shown."""
    if answer.headline is None:
        return _header(answer)
    mark = f"{words.demo_mark(answer.tr)} · " if answer.demo else ""
    return section(bold(mark + answer.headline))


def _header(answer: _Answer) -> HeaderBlock:
    description, tr = answer.description, answer.tr
    parts = [tr._(words.BULK_SENDS), description.statuses]
    parts.append(description.range_words or description.range_dates)
    if answer.demo:
        parts.insert(0, words.demo_mark(tr))
    return header(" · ".join(parts))


def _understanding(answer: _Answer, layout: _Layout) -> ContextBlock:
    description, tr = answer.description, answer.tr
    period = description.range
    if description.default_note:
        period += f" ({description.default_note})"
    timezone = untrusted(description.timezone, 64, mrkdwn=True)
    elements: list[PlainTextObject | MarkdownTextObject] = [
        mrkdwn(
            tr._(
                "*Status:* {statuses} · *Period:* {period} · *Time zone:* {timezone}",
                statuses=description.statuses,
                period=period,
                timezone=timezone,
            )
        )
    ]
    if description.template is not None:
        template = untrusted(description.template, layout.name_limit, measure=json_length)
        elements.append(plain(tr._("Template: {template}", template=template)))
    return ContextBlock(elements=elements)


def _empty_state(answer: _Answer) -> list[Block]:
    return [section(_nothing(answer)), context(_try_wider(answer.tr))]


def _nothing(answer: _Answer) -> str:
    what = sends_words(answer.query)
    return answer.tr._("*No {what}* for {range}.", what=what, range=answer.description.range)


def _try_wider(tr: Translator) -> str:
    return tr._(
        "Try a wider question: a longer period like `last 30 days`, or every status. "
        "`/bulksends help` shows more."
    )


def _totals(answer: _Answer) -> list[Block]:
    """The counts, then the rates with what each divides (they count different things)."""
    language, totals, tr = answer.language, answer.report.totals, answer.tr
    counts = [
        f"*{tr._(label)}*\n{formats.number(count(totals), language)}"
        for label, count in words.COUNTS
    ]
    if totals.not_sent:
        counts.append(f"*{tr._(words.NOT_SENT)}*\n{formats.number(totals.not_sent, language)}")
    rates = [
        f"*{tr._(label)}*\n{formats.rate(rate(totals), language)}" for label, rate in words.RATES
    ]
    return [
        SectionBlock(fields=[mrkdwn(field) for field in counts]),
        SectionBlock(fields=[mrkdwn(field) for field in rates]),
        context(words.rates_explained(tr)),
    ]


def _by_status(answer: _Answer) -> SectionBlock:
    language, by_status, tr = answer.language, answer.report.by_status, answer.tr
    shown = answer.query.ordered_statuses or tuple(by_status)
    counts = "   ".join(
        f"{STATUS_EMOJI[s]} {status_label(s, tr)} *{formats.number(by_status[s], language)}*"
        for s in shown
    )
    return section(bold(tr._("By status")) + "\n" + counts)


def _templates(answer: _Answer, layout: _Layout) -> list[Block]:
    templates, tr = answer.report.by_template, answer.tr
    shown = templates[: layout.templates]
    hidden = len(templates) - len(shown)
    heading = bold(tr._("By template"))
    if hidden and answer.shared:
        heading += " · " + tr._(
            "the {shown} with most recipients, of {total}",
            shown=formats.number(len(shown), answer.language),
            total=formats.number(len(templates), answer.language),
        )
    blocks: list[Block] = [
        SectionBlock(
            text=mrkdwn(heading),
            fields=[plain(_template_text(x, answer, layout)) for x in shown],
        )
    ]
    if hidden and not answer.shared:
        more = tr.ngettext("+{n} more template", "+{n} more templates", hidden)
        blocks.append(context(more))
    return blocks


def _template_text(template: TemplateSummary, answer: _Answer, layout: _Layout) -> str:
    language, totals, tr = answer.language, template.totals, answer.tr
    lines = [
        f"{name(template.name, layout.name_limit)} "
        f"({name(template.language, min(layout.name_limit, 24))})",
        f"{tr._(words.BULK_SENDS)} {formats.number(totals.bulk_sends, language)} · "
        f"{tr._(words.RECIPIENTS)} {formats.number(totals.recipients, language)}",
        " · ".join(
            f"{tr._(label)} {formats.rate(rate(totals), language)}" for label, rate in words.RATES
        ),
    ]
    return "\n".join(lines)


def _sends(answer: _Answer, layout: _Layout) -> list[Block]:
    language, sends, tr = answer.language, answer.report.sends, answer.tr
    first = answer.page * PAGE_SIZE
    shown = sends[first : first + PAGE_SIZE]
    showing = tr._(
        "{first}–{last} of {total}",
        first=formats.number(first + 1, language),
        last=formats.number(first + len(shown), language),
        total=formats.number(len(sends), language),
    )
    heading = tr.pgettext("heading", "Bulk sends")
    blocks: list[Block] = [section(f"*{heading}* · {showing}")]
    for send in shown:
        blocks += _send_blocks(answer, send, layout)
    after = len(sends) - first - len(shown)
    if answer.pages > 1 and not answer.shared:
        page = formats.number(answer.page + 1, language)
        pages = formats.number(answer.pages, language)
        more = (
            tr._(
                "+{n} more · page {page} of {pages}",
                n=formats.number(after, language),
                page=page,
                pages=pages,
            )
            if after
            else tr._("page {page} of {pages}", page=page, pages=pages)
        )
        blocks.append(context(more))
    return blocks


def _send_blocks(answer: _Answer, send: BulkSend, layout: _Layout) -> list[Block]:
    language, tr = answer.language, answer.tr
    parts = [
        f"{STATUS_EMOJI[send.status]} {status_label(send.status, tr)}",
        f"{name(send.template.name, layout.name_limit)} "
        f"({name(send.template.language, min(layout.name_limit, 24))})",
    ]
    if send.phone_number.verified_name.strip():
        parts.append(name(send.phone_number.verified_name, layout.name_limit))
    details = (
        _button(
            answer,
            tr._("Details"),
            actions.DETAILS,
            answer.query,
            page=answer.page,
            send_id=send.id,
        )
        if layout.details
        else None
    )
    created = formats.slack_date(
        send.created_at, formats.local_datetime(send.created_at, answer.query.timezone, language)
    )
    counts = [
        (words.RECIPIENTS, send.total_recipients),
        (words.DELIVERED, send.delivered_count),
        (words.READ, send.read_count),
        (words.FAILED, send.failed_count),
    ]
    if send.pending_count:
        unsent = words.NOT_SENT if send.status is Status.CANCELLED else words.PENDING
        counts.append((unsent, send.pending_count))
    stats = [created] + [f"{tr._(label)} {formats.number(n, language)}" for label, n in counts]
    if send.status in RUNNING:
        stats.append(formats.progress_bar(send.progress_percentage, language))
    return [
        SectionBlock(text=plain(" · ".join(parts)), accessory=details),
        context(" · ".join(stats)),
    ]


def _buttons(answer: _Answer) -> list[ButtonElement]:
    query, page, tr = answer.query, answer.page, answer.tr
    wanted: list[ButtonElement | None] = []
    if page > 0:
        wanted.append(_button(answer, tr._("Previous"), actions.PAGE_PREV, query, page=page - 1))
    if page < answer.pages - 1:
        wanted.append(_button(answer, tr._("Next"), actions.PAGE_NEXT, query, page=page + 1))
    if not query.statuses or not query.statuses <= PROBLEMS:  # hidden when it would not narrow
        problems = replace(query, statuses=PROBLEMS)
        label = tr._("Only problems")
        wanted.append(_button(answer, label, actions.ONLY_PROBLEMS, problems, page=0))
    if answer.shareable:
        wanted.append(_button(answer, tr._("Share in channel"), actions.SHARE, query, page=page))
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
    return ButtonElement(text=plain(label), action_id=action_id, value=value)


def _fallback_text(answer: _Answer) -> str:
    language, totals, tr = answer.language, answer.report.totals, answer.tr
    what = sends_words(answer.query)
    prefix = f"{words.demo_mark(tr)} · " if answer.demo else ""
    if answer.headline is not None:
        head = prefix + answer.headline
        if totals.bulk_sends == 0:
            return head
        numbers = [
            f"{tr._(words.RECIPIENTS)} {formats.number(totals.recipients, language)}",
            f"{tr._(words.DELIVERED)} {formats.number(totals.delivered, language)}",
            f"{tr._(words.FAILED)} {formats.number(totals.failed, language)}",
        ]
        return f"{head} {' · '.join(numbers)}"
    if totals.bulk_sends == 0:
        return prefix + _nothing(answer)
    numbers = [
        f"{tr._(words.RECIPIENTS)} {formats.number(totals.recipients, language)}",
        f"{tr._(words.DELIVERED)} {formats.number(totals.delivered, language)}",
        f"{tr._(words.FAILED)} {formats.number(totals.failed, language)}",
        f"{tr._(words.DELIVERY_RATE)} {formats.rate(totals.delivery_rate, language)}",
    ]
    head = f"{what[:1].upper()}{what[1:]} ({formats.number(totals.bulk_sends, language)})"
    return f"{prefix}{head} · {answer.description.range}: {' · '.join(numbers)}"
