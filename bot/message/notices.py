"""Short notices about failures that exist because of Slack, and the "Shared by" line.

Pure. Which notice answers which failure is the error handler's to decide
(``bot.slack.listeners.errors``); this only words them.
"""

from __future__ import annotations

from enum import Enum, auto
from typing import assert_never

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message.blocks import paragraph, titled
from bot.message.slack import SlackMessage


class Notice(Enum):
    #: The app is not in the conversation (a private channel, a direct message).
    CANNOT_POST = auto()
    ARCHIVED = auto()
    #: Only some people may post in the channel.
    RESTRICTED = auto()
    #: A button from an answer whose state can no longer be read.
    STALE = auto()
    #: Slack refused our answer for any other reason.
    SLACK = auto()


def build_notice(notice: Notice, language: Language) -> SlackMessage:
    """A bold title and what to do next."""
    return titled(*_notice_words(notice, translator(language)))


def _notice_words(notice: Notice, tr: Translator) -> tuple[str, str]:
    match notice:
        case Notice.CANNOT_POST:
            return tr._("📪 I can't post in this conversation"), tr._(
                "In a private channel, invite me first with `/invite @bulksends`, then press "
                "*Share in channel* again. In a direct message, ask in a channel instead."
            )
        case Notice.ARCHIVED:
            return tr._("🗄️ This channel is archived"), tr._(
                "Nobody can post here any more. Ask again in another channel."
            )
        case Notice.RESTRICTED:
            return tr._("🔒 Only some people may post in this channel"), tr._(
                "Its settings do not let me post here. Share in another channel, or ask "
                "whoever manages this one."
            )
        case Notice.STALE:
            return tr._("🕰️ That button is from an older answer"), tr._(
                "Ask again with `/bulksends` to get fresh buttons."
            )
        case Notice.SLACK:
            return tr._("📡 Slack didn't accept my answer"), tr._(
                "Nothing was lost. Try again in a moment; if it keeps happening, tell whoever "
                "set up this app."
            )
    assert_never(notice)


def with_shared_by(message: SlackMessage, user_id: str, language: Language) -> SlackMessage:
    """The summary as posted to a channel, saying who shared it, above everything else.

    The summary builder leaves room under the size limit for exactly this kind of line.
    """
    credit = translator(language)._("Shared by <@{user}>", user=user_id)
    return SlackMessage(
        text=f"{credit}: {message.text}",
        blocks=(ContextBlock(elements=[MarkdownTextObject(text=credit)]), *message.blocks),
    )


def build_already_shared(
    shared_by: str, channel_id: str, permalink: str | None, language: Language, *, posted: bool
) -> SlackMessage:
    """A second click on Share: where the first one is (or that it is on its way)."""
    tr = translator(language)
    if not posted:
        return paragraph(
            tr._("⏳ <@{user}> is sharing this answer here right now.", user=shared_by)
        )
    where = f"<{permalink}|" + tr._("see it") + ">" if permalink else f"<#{channel_id}>"
    return paragraph(
        tr._(
            "📌 <@{user}> already shared this answer here: {where}.",
            user=shared_by,
            where=where,
        )
    )
