"""Telling someone their digest change did not stick: pure, no I/O."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.locale.languages import Language
from bot.locale.translate import translator
from bot.message.slack import SlackMessage


def build_not_saved_message(channel_id: str, language: Language) -> SlackMessage:
    """The form closed, but the database refused or failed the save."""
    tr = translator(language)
    title = tr._("Your digest for <#{channel}> was not saved", channel=channel_id)
    body = tr._(
        "The bot could not use its database just now. Open the form again in a few "
        "minutes; if it keeps happening, tell whoever set up this app."
    )
    return SlackMessage(
        text=f"{title}. {body}",
        blocks=(SectionBlock(text=MarkdownTextObject(text=f"*{title}*\n{body}")),),
    )
