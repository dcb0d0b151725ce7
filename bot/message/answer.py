"""An answer as a Slack message, whatever its shape: the one entry point listeners use.

One send (``send_id``) is that send's details; a breakdown, ranking, trend or
comparison is ``bot.message.shaped``; anything else the summary with its list of sends.
Every one opens with the sentence that answers (``bot.message.headline``).
"""

from __future__ import annotations

from datetime import datetime

from bot.message.blocks import bold, section
from bot.message.details import build_details_message
from bot.message.fit import MESSAGE, fits
from bot.message.headline import headline
from bot.message.newer import Refused
from bot.message.shaped import build_shaped_message
from bot.message.slack import SlackMessage
from bot.message.summary import build_summary_message
from bot.service.questions import Answer


def build_answer_message(
    answer: Answer,
    *,
    now: datetime,
    page: int = 0,
    interactive: bool = True,
    refused: Refused = frozenset(),
    shared: bool = False,
    shareable: bool = True,
) -> SlackMessage:
    """``now`` dates a send's details ("started 5 minutes ago"); ``refused``: the newer
    block kinds the reader's workspace does not take (``bot.slack.fallback``); ``shared``:
    the copy Share posts for everyone (``build_summary_message``); ``shareable``: False
    where a share would reach nobody else (a direct message): no Share button."""
    query = answer.query
    if answer.send is not None:
        details = build_details_message(
            answer.send.detail,
            answer.send.reasons,
            language=query.language,
            timezone=query.timezone,
            now=now,
            demo=answer.demo,
            sample=answer.send.sample,
        )
        sentence = headline(answer)
        opened = (section(bold(sentence)), *details.blocks)
        blocks = opened if fits(opened, MESSAGE) else details.blocks
        return SlackMessage(text=f"{sentence} {details.text}", blocks=blocks)
    if answer.groups is not None or answer.comparison is not None:
        buttons = interactive and shareable and not shared  # Share is a shape's only button
        return build_shaped_message(answer, interactive=buttons, refused=refused)
    return build_summary_message(
        query,
        answer.report,
        demo=answer.demo,
        page=page,
        interactive=interactive,
        today=answer.today,
        headline=headline(answer),
        shared=shared,
        shareable=shareable,
    )
