"""The few Block Kit shapes every builder uses, so that each message reads as what it says.

Text passed here is already ours and translated; text from outside goes through
``bot.message.text.untrusted`` (or ``name``) first.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.message import limits
from bot.message.slack import SlackMessage
from bot.message.text import json_length, untrusted

#: What a name from outside shows as when it is empty.
NO_NAME = "—"


def plain(text: str, *, emoji: bool = False) -> PlainTextObject:
    """Text nothing formats: where names from outside belong."""
    return PlainTextObject(text=text, emoji=emoji)


def mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def bold(text: str) -> str:
    """mrkdwn bold, around text of ours."""
    return f"*{text}*"


def header(text: str, *, emoji: bool = False) -> HeaderBlock:
    """A title, cut to the header's limit (it may hold a name from outside)."""
    return HeaderBlock(text=plain(untrusted(text, limits.MAX_HEADER_TEXT), emoji=emoji))


def section(text: str) -> SectionBlock:
    """One mrkdwn paragraph."""
    return SectionBlock(text=mrkdwn(text))


def context(*elements: str | PlainTextObject | MarkdownTextObject) -> ContextBlock:
    """Small grey print; plain strings are mrkdwn."""
    return ContextBlock(elements=[mrkdwn(e) if isinstance(e, str) else e for e in elements])


def field(label: str, value: str) -> MarkdownTextObject:
    """ "*Recipients*\\n340": a labelled value for a section's fields."""
    return mrkdwn(f"*{label}*\n{value or NO_NAME}")


def fields(pairs: Sequence[tuple[str, str]]) -> SectionBlock:
    return SectionBlock(fields=[field(label, value) for label, value in pairs])


def name(text: str, limit: int, *, markdown: bool = False) -> str:
    """A name from outside, escaped and cut so that its JSON takes at most ``limit``."""
    return untrusted(text, limit, mrkdwn=markdown, measure=json_length) or NO_NAME


def paragraph(text: str) -> SlackMessage:
    """A message of one mrkdwn paragraph, which is also its fallback text."""
    return SlackMessage(text=text, blocks=(section(text),))


def titled(title: str, body: str, *extra: ContextBlock) -> SlackMessage:
    """A bold title over a sentence saying what to do; "Title. Body." as fallback."""
    return SlackMessage(text=f"{title}. {body}", blocks=(section(f"*{title}*\n{body}"), *extra))
