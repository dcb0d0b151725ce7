"""Which friendly message answers which failure: pure, so every path is easy to test.

The one error handler (``bot.slack.listeners.errors``) asks ``reply_for`` what to tell the
user; a traceback never reaches Slack. Failures about the question or Mindo use the
message builders' own messages; failures that exist because of Slack are built here.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError, SlackObjectFormationError
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from bot.locale.languages import Language
from bot.message import build_error_message, build_query_error_message
from bot.message.slack import SlackMessage
from bot.mindo.errors import MindoError
from bot.query.codec import StateError
from bot.query.model import QueryError
from bot.slack import web_api
from bot.slack.replies import ResponseUrlError
from bot.slack.words import t

#: chat.postMessage errors that mean "the app is not allowed in there".
CANNOT_POST = frozenset({"channel_not_found", "not_in_channel"})
#: response_url errors after which nothing more can be said through it.
SPENT_URL = frozenset({"expired_url", "used_url"})


def notice(key: str, language: Language) -> SlackMessage:
    """A short titled message from this package's catalog (``<key>_title`` / ``_body``)."""
    title, body = t(language, f"{key}_title"), t(language, f"{key}_body")
    return SlackMessage(
        text=f"{title}. {body}",
        blocks=(SectionBlock(text=MarkdownTextObject(text=f"*{title}*\n{body}")),),
    )


def slack_error_code(error: SlackApiError) -> str:
    return web_api.slack_error_code(error)


def reply_for(error: Exception, language: Language) -> SlackMessage | None:
    """What to tell the user about ``error``; None when there is no way to tell them."""
    if isinstance(error, QueryError):
        return build_query_error_message(error)
    if isinstance(error, MindoError):
        return build_error_message(error.kind, language)
    if isinstance(error, StateError):
        return notice("stale", language)
    if isinstance(error, SlackApiError):
        code = slack_error_code(error)
        if code in CANNOT_POST:
            return notice("cannot_post", language)
        if code == "is_archived":
            return notice("archived", language)
        if code == "restricted_action":
            return notice("restricted", language)
        return notice("slack", language)
    if isinstance(error, ResponseUrlError):
        return None if error.reason in SPENT_URL else notice("slack", language)
    if isinstance(error, SlackObjectFormationError):
        return notice("slack", language)
    return build_error_message("internal", language)


def with_shared_by(message: SlackMessage, user_id: str, language: Language) -> SlackMessage:
    """The summary as posted to a channel, saying who shared it, above everything else.

    The summary builder leaves room under the size limit for exactly this kind of line.
    """
    credit = t(language, "shared_by", user=user_id)
    return SlackMessage(
        text=f"{credit}: {message.text}",
        blocks=(ContextBlock(elements=[MarkdownTextObject(text=credit)]), *message.blocks),
    )
