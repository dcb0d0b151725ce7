"""Friendly answers when something goes wrong: a question not understood, or a failure outside it.

Each says what happened in plain words and what to do next, in the asker's language. Nothing
here shows a secret: the messages are fixed text, plus the parser's own sentence.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, PlainTextObject, SectionBlock

from bot.locale.languages import Language
from bot.message.i18n import EXAMPLES, t
from bot.message.slack import SlackMessage
from bot.message.text import untrusted
from bot.query.model import QueryError

ERROR_KINDS: tuple[str, ...] = (
    "mindo_auth",
    "mindo_forbidden",
    "mindo_not_found",
    "mindo_bad_request",
    "mindo_unavailable",
    "mindo_unreadable",
    "mindo_settings",
    "too_long",
    "internal",
)

# The parser's sentence quotes the user's words; it is ours otherwise, so it keeps its mrkdwn.
_MESSAGE_LIMIT = 2000
_WORDS_LIMIT = 500


def build_query_error_message(error: QueryError) -> SlackMessage:
    language = error.language
    title = t(language, "query_error_title")
    message = untrusted(error.message, _MESSAGE_LIMIT)
    fresh = [example for example in EXAMPLES[language] if example not in error.message]
    examples = " · ".join(f"`{example}`" for example in fresh[:3])
    blocks: list[SectionBlock | ContextBlock] = [
        SectionBlock(text=MarkdownTextObject(text=f"*{title}*\n{message}"))
    ]
    if error.unrecognized and not all(word in error.message for word in error.unrecognized):
        words = untrusted(", ".join(error.unrecognized), _WORDS_LIMIT)
        text = t(language, "not_understood", words=words)
        blocks.append(ContextBlock(elements=[PlainTextObject(text=text, emoji=False)]))
    if "`" not in error.message:  # the parser's sentence often suggests examples itself
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=f"*{t(language, 'try')}:* {examples}"))
        )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t(language, "help_hint"))]))
    return SlackMessage(text=f"{title}: {message}", blocks=tuple(blocks))


def build_error_message(kind: str, language: Language = "en") -> SlackMessage:
    """``kind`` is one of ERROR_KINDS; anything else is answered as "internal"."""
    if kind not in ERROR_KINDS:
        kind = "internal"
    title = t(language, f"{kind}_title")
    body = t(language, f"{kind}_body")
    blocks = (
        SectionBlock(text=MarkdownTextObject(text=f"*{title}*\n{body}")),
        ContextBlock(elements=[MarkdownTextObject(text=t(language, "help_hint"))]),
    )
    return SlackMessage(text=f"{title}. {body}", blocks=blocks)
