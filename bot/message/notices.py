"""Short notices about failures that exist because of Slack, and the "Shared by" line.

Pure. Which failure the error handler (``bot.slack.listeners.errors``) is answering is
its to decide; what Slack's refusals mean in words is said here, once, for every message
and the command line (``refusal_reason``, ``build_refusal_notice``).
"""

from __future__ import annotations

from datetime import date
from enum import Enum, auto
from typing import assert_never

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from bot.domain.refusals import SlackRefusal
from bot.locale import formats
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


def build_refusal_notice(refusal: SlackRefusal, language: Language) -> SlackMessage:
    """What the person whose message Slack refused is told (a Share, an answer)."""
    match refusal:
        case SlackRefusal.CHANNEL_GONE | SlackRefusal.NOT_A_MEMBER:
            return build_notice(Notice.CANNOT_POST, language)
        case SlackRefusal.ARCHIVED:
            return build_notice(Notice.ARCHIVED, language)
        case SlackRefusal.RESTRICTED:
            return build_notice(Notice.RESTRICTED, language)
        case _:
            return build_notice(Notice.SLACK, language)


def refusal_reason(refusal: SlackRefusal, language: Language) -> str:
    """Why Slack refused, as the end of a sentence ("…: the channel is archived.")."""
    tr = translator(language)
    match refusal:
        case SlackRefusal.CHANNEL_GONE:
            return tr._("the channel is gone, or it is private and I'm not in it.")
        case SlackRefusal.NOT_A_MEMBER:
            return tr._("I'm not a member of that channel.")
        case SlackRefusal.ARCHIVED:
            return tr._("the channel is archived.")
        case SlackRefusal.RESTRICTED:
            return tr._("only some people may post in that channel.")
        case SlackRefusal.TOKEN_REJECTED:
            return tr._("Slack didn't accept my bot token: copy it again, or reinstall the app.")
        case SlackRefusal.TOKEN_REVOKED:
            return tr._("my bot token was revoked: reinstall the app, then use its new token.")
        case SlackRefusal.MISSING_SCOPE:
            return tr._("I lack a permission: reinstall the app from manifest.yml.")
        case SlackRefusal.UNREACHABLE:
            return tr._("Slack didn't answer in time; try again in a few minutes.")
        case SlackRefusal.OTHER:
            return tr._("Slack didn't say why; try again later.")
    assert_never(refusal)


def last_failure(code: str, day: date, language: Language) -> str:
    """A digest's or alerts' last post that failed, in a list: when, and why in words
    (Slack's code, kept by the store, is never shown as is)."""
    tr = translator(language)
    return tr._(
        "⚠️ couldn't post on {day}: {reason}",
        day=formats.day(day, language),
        reason=refusal_reason(SlackRefusal.of(code), language),
    )


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


def build_invite_first(channel_id: str, language: Language) -> SlackMessage:
    """``… here`` (or a channel named) where the app is not: private, and not invited."""
    tr = translator(language)
    return titled(
        tr._("🔒 I'm not in <#{channel}>", channel=channel_id),
        tr._(
            "It is private, so I can't post there until someone invites me: type "
            "`/invite @bulksends` in it, then run the command again."
        ),
    )


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
