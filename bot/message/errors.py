"""Friendly answers when something goes wrong: a question not understood, or a failure outside it.

Each says what happened in plain words and what to do next, in the reader's language.
Slack gets a titled message for the person who asked (``build_error_message``); a
terminal gets a plain sentence for whoever runs the bot (``mindo_error_text``). Nothing
here shows a secret: the words are ours, plus the parser's sentence and Mindo's own
scrubbed words.
"""

from __future__ import annotations

from enum import Enum, auto
from typing import assert_never

from babel.numbers import format_decimal
from slack_sdk.models.blocks import ContextBlock, SectionBlock

from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.locale.translate import Translator, translator
from bot.message.blocks import bold, context, plain, section, titled
from bot.message.slack import SlackMessage
from bot.message.text import untrusted
from bot.message.words import examples, help_hint
from bot.mindo.errors import (
    AuthenticationError,
    BadRequestError,
    ListChangedError,
    MindoError,
    MindoErrorKind,
    MindoSettingsError,
    MindoTooSlowError,
    MindoUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    UnreadableResponseError,
)
from bot.query.model import QueryError


class Trouble(Enum):
    """Failures outside the question that are not Mindo's."""

    TOO_LONG = auto()
    INTERNAL = auto()


ErrorKind = MindoErrorKind | Trouble
ERROR_KINDS: tuple[ErrorKind, ...] = (*MindoErrorKind, *Trouble)

# The parser's sentence quotes the user's words; it is ours otherwise, so it keeps its mrkdwn.
_MESSAGE_LIMIT = 2000
_WORDS_LIMIT = 500
#: How much of Mindo's own words a terminal message quotes.
_QUOTE_LIMIT = 200
#: From this many seconds, a wait Mindo asked for is told in minutes.
_LONG_WAIT = 120


def build_query_error_message(error: QueryError) -> SlackMessage:
    tr = translator(error.language)
    title = tr._("🤔 I didn't quite get that")
    message = untrusted(error.message, _MESSAGE_LIMIT)
    fresh = [example for example in examples(tr) if example not in error.message]
    blocks: list[SectionBlock | ContextBlock] = [section(f"*{title}*\n{message}")]
    if error.unrecognized and not all(word in error.message for word in error.unrecognized):
        words = untrusted(", ".join(error.unrecognized), _WORDS_LIMIT)
        text = tr._("Words I didn't understand: {words}", words=words)
        blocks.append(context(plain(text)))
    if "`" not in error.message:  # the parser's sentence often suggests examples itself
        shown = " · ".join(f"`{example}`" for example in fresh[:3])
        blocks.append(section(bold(tr._("Try") + ":") + " " + shown))
    blocks.append(context(help_hint(tr)))
    return SlackMessage(text=f"{title}: {message}", blocks=tuple(blocks))


def build_error_message(kind: ErrorKind, language: Language = DEFAULT_LANGUAGE) -> SlackMessage:
    tr = translator(language)
    title, body = _error_words(kind, tr)
    return titled(title, body, context(help_hint(tr)))


def build_mindo_error_message(
    error: MindoError, language: Language = DEFAULT_LANGUAGE
) -> SlackMessage:
    """``build_error_message`` for a Mindo failure, naming what could not be read when
    Mindo sent one thing wrong (a status this version has no word for, a send whose
    numbers cannot be right): the person can tell whoever set the app up what it was."""
    tr = translator(language)
    title, body = _error_words(error.kind, tr)
    what = _what_was_unreadable(error, tr) or _why_unavailable(error, tr)
    found = () if what is None else (context(plain(what)),)
    return titled(title, body, *found, context(help_hint(tr)))


def _why_unavailable(error: MindoError, tr: Translator) -> str | None:
    """Why Mindo could not answer now, when it is more than busy or down: its list kept
    changing while it was read, or it asked for a long wait."""
    if isinstance(error, ListChangedError):
        return tr._("Mindo's list changed while it was being read; try again in a moment.")
    wait = error.retry_after if isinstance(error, MindoUnavailableError) else None
    if wait is not None and wait >= _LONG_WAIT:
        return tr.ngettext(
            "Mindo asked the bot to wait about {n} minute before asking again. Nothing was "
            "changed; try again then.",
            "Mindo asked the bot to wait about {n} minutes before asking again. Nothing was "
            "changed; try again then.",
            round(wait / 60),
        )
    return None


def _error_words(kind: ErrorKind, tr: Translator) -> tuple[str, str]:
    """(title, what to do next) for the person who asked."""
    match kind:
        case MindoErrorKind.AUTH:
            return tr._("🔑 Mindo rejected the API key"), tr._(
                "The key is missing, wrong or expired. Ask whoever set up this app to check "
                "`MINDO_API_KEY` and create a new key in Mindo if needed."
            )
        case MindoErrorKind.FORBIDDEN:
            return tr._("🔒 This API key can't see that"), tr._(
                "Mindo says the key has no access to this data. Check that the key belongs to "
                "your company's Mindo account."
            )
        case MindoErrorKind.NOT_FOUND:
            return tr._("🔍 Mindo couldn't find that"), tr._(
                "It may have been deleted or belong to another account. Ask your question again "
                "to see what is there now."
            )
        case MindoErrorKind.BAD_REQUEST:
            return tr._("🚧 Mindo didn't accept the search"), tr._(
                "Try a simpler question, like `failed last week`. If it keeps happening, tell "
                "whoever set up this app."
            )
        case MindoErrorKind.UNAVAILABLE:
            return tr._("⏳ Mindo isn't answering right now"), tr._(
                "Nothing was lost. Try again in a few minutes."
            )
        case MindoErrorKind.UNREADABLE:
            return tr._("🧩 Mindo sent an answer I couldn't read"), tr._(
                "Try again in a moment. If it keeps happening, tell whoever set up this app."
            )
        case MindoErrorKind.SETTINGS:
            return tr._("⚙️ The bot's Mindo settings need a look"), tr._(
                "Mindo couldn't be asked with the address or key this app was given. Ask whoever "
                "set up this app to run `bulksends check`: it says which setting is wrong."
            )
        case Trouble.TOO_LONG:
            return tr._("✂️ That question is too long"), tr._(
                "Ask something shorter, like `failed last week`."
            )
        case Trouble.INTERNAL:
            return tr._("😵 Something went wrong on our side"), tr._(
                "Nothing was lost. Please try again; if it keeps happening, tell whoever set up "
                "this app."
            )
    assert_never(kind)


def mindo_error_text(error: MindoError, language: Language = DEFAULT_LANGUAGE) -> str:
    """Plain text for a terminal (``ask``, ``digest``, ``check``): what failed and which
    setting to look at, for whoever runs the bot."""
    tr = translator(language)
    match error:
        case AuthenticationError() if error.expired:
            return tr._(
                "The Mindo API key has expired. Create a new one in Mindo and update MINDO_API_KEY."
            )
        case AuthenticationError():
            return tr._(
                "Mindo rejected the API key. Check MINDO_API_KEY: it may be mistyped, revoked "
                "or expired."
            )
        case PermissionDeniedError():
            return tr._(
                "The Mindo API key has no access to this. It may belong to another company account."
            )
        case NotFoundError() if error.wrong_address:
            return tr._(
                "Mindo has nothing at the address the bot asked. Check MINDO_API_URL: it should "
                "be the API's root, like https://api.mindosoftware.com."
            )
        case NotFoundError():
            return tr._(
                "Mindo has no such bulk send (it may have been deleted, or the id is wrong)."
            )
        case BadRequestError() if error.summary:
            return tr._(
                "Mindo did not accept the question's filters. Mindo said: {quote}",
                quote=_quote(error.summary),
            )
        case BadRequestError():
            return tr._("Mindo did not accept the question's filters.")
        case ListChangedError():
            return tr._("Mindo's list changed while it was being read; try again in a moment.")
        case MindoTooSlowError():
            return tr._(
                "Mindo took longer than {seconds} seconds to answer, so the bot stopped "
                "waiting. Nothing was changed; try again in a few minutes.",
                seconds=format_decimal(error.budget, locale=language),
            )
        case MindoUnavailableError() if error.unreachable_host is not None:
            return tr._(
                "Could not reach Mindo at {host}. Check the network and MINDO_API_URL, then "
                "try again.",
                host=error.unreachable_host,
            )
        case MindoUnavailableError() if error.retry_after and error.retry_after >= _LONG_WAIT:
            return tr.ngettext(
                "Mindo asked the bot to wait about {n} minute before asking again. Nothing was "
                "changed; try again then.",
                "Mindo asked the bot to wait about {n} minutes before asking again. Nothing was "
                "changed; try again then.",
                round(error.retry_after / 60),
            )
        case MindoUnavailableError():
            return tr._(
                "Mindo is not answering right now (it is busy or down). Nothing was changed; "
                "try again in a few minutes."
            )
        case UnreadableResponseError():
            advice = tr._(
                "Mindo answered with something the bot cannot read. Try again later; if it keeps "
                "happening, the Mindo API may have changed."
            )
            what = _what_was_unreadable(error, tr)
            return advice if what is None else f"{what} {advice}"
        case MindoSettingsError():
            return tr._(
                "The bot's Mindo settings cannot be used: check that MINDO_API_URL is an http(s) "
                "address and that MINDO_API_KEY was pasted whole, with nothing around it."
            )
    return tr._("Something went wrong while asking Mindo.")


def _what_was_unreadable(error: MindoError, tr: Translator) -> str | None:
    """What Mindo sent that cannot be read, when it is one thing: a status this version
    has no word for, or a send whose numbers break the API's arithmetic."""
    if not isinstance(error, UnreadableResponseError):
        return None
    if error.unknown_status is not None:
        return tr._(
            "Mindo reported a status this version doesn't know: {status}.",
            status=error.unknown_status,
        )
    if error.broken_send is not None:
        return tr._(
            "Mindo reported bulk send {send} with numbers that cannot be right.",
            send=error.broken_send,
        )
    return None


def _quote(text: str) -> str:
    """Mindo's own words on one line, cut to ``_QUOTE_LIMIT`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"
