"""What every command shares: exit codes, the console it talks through, --now, --tz, --lang.

Library errors become words here, at the edge, in the console's language.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias
from zoneinfo import ZoneInfo

import msgspec

from bot.locale.choice import reply_language
from bot.locale.languages import Language, language_of
from bot.locale.translate import N_, Translator, translator
from bot.message.errors import mindo_error_text as mindo_error_words
from bot.mindo.errors import MindoError, MindoErrorKind
from bot.settings import ConfigError, check_timezone, default_timezone

#: argparse's sub-command collection (its class is private, and generic only to mypy).
if TYPE_CHECKING:
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction


class ExitCode(IntEnum):
    """What ``bulksends`` exits with, for scripts and service managers."""

    OK = 0
    #: Something went wrong on our side (BULKSENDS_DEBUG=1 shows the traceback).
    INTERNAL = 1
    #: The question, a flag or a setting: the message says which and how to fix it. A send
    #: id Mindo does not know, and a key or address Mindo refuses, are this too.
    BAD_INPUT = 2
    #: Mindo could not answer now (down, too slow, an answer that cannot be read): trying
    #: again later may work, changing nothing.
    MINDO = 3
    #: Slack refused (posting a digest).
    SLACK = 4
    #: Ctrl-C.
    INTERRUPTED = 130


class UsageError(ConfigError):
    """A flag with a bad value; shown in the console's language (exit 2)."""


@dataclass(frozen=True)
class Console:
    """Where a command writes, in which language, and which environment it reads."""

    out: TextIO
    err: TextIO
    env: Mapping[str, str]
    #: --lang, else the terminal's language; None when neither names one we speak.
    preferred: Language | None
    #: How a command waits before asking Mindo again (tests make it instant).
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    @property
    def language(self) -> Language:
        """The language of everything but an answer (whose question may decide): the one
        rule (``reply_language``) with the person's own and no words to read."""
        return reply_language(user=self.preferred)

    @property
    def tr(self) -> Translator:
        return translator(self.language)

    @property
    def colour(self) -> bool:
        """Colour only on a real terminal, and never when NO_COLOR is set (no-color.org)."""
        if self.env.get("NO_COLOR") or self.env.get("TERM") == "dumb":
            return False
        isatty = getattr(self.out, "isatty", None)
        return bool(isatty and isatty())

    def say(self, text: str) -> None:
        self.out.write(text + "\n")

    def complain(self, text: str) -> None:
        self.err.write(text + "\n")

    def write_json(self, data: Any) -> None:
        """Indented JSON, non-ASCII as is. msgspec writes it (C) where the standard
        library's indenting encoder is pure Python: 6,000 sends took it ~0.3 s."""
        self.out.write(msgspec.json.format(msgspec.json.encode(data), indent=2).decode() + "\n")


def console_language(flag: str | None, env: Mapping[str, str]) -> Language | None:
    """``--lang``, else the terminal's language (LC_ALL, LC_MESSAGES, LANG); None if neither
    names a language we speak (then the question's own language decides)."""
    if flag:
        return language_of(flag)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return language_of(value)
    return None


def parse_now(raw: str | None, tz: str | None) -> Callable[[], datetime]:
    """--now fixes the clock; a time without an offset is read in ``tz`` (else UTC)."""
    if raw is None:
        return lambda: datetime.now(UTC)
    text = raw.strip()
    if text[-1:] in ("z", "Z"):
        text = text[:-1] + "+00:00"
    try:
        fixed = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            N_("--now must be an ISO 8601 time like 2026-11-27T09:30:00-03:00, got {raw}."),
            raw=repr(raw),
        ) from None
    if fixed.tzinfo is None:
        fixed = fixed.replace(tzinfo=ZoneInfo(tz) if tz else UTC)
    if not 2000 <= fixed.astimezone(UTC).year <= 2100:
        raise UsageError(
            N_("--now must be a time between the years 2000 and 2100, got {raw}."), raw=repr(raw)
        )
    return lambda: fixed


def explicit_timezone(raw: str | None, env: Mapping[str, str]) -> str | None:
    """--tz (any case), else BULKSENDS_TZ, else None (the company's zone, then UTC)."""
    if raw is not None:
        return check_timezone("--tz", raw)
    return default_timezone(env)


def mindo_error_text(error: MindoError, tr: Translator) -> str:
    """What went wrong with Mindo, in plain words for a terminal."""
    return mindo_error_words(error, tr.language)


#: What Mindo failing this way asks of the person: to wait (3), or to fix something (2).
_MINDO_OUTAGES = frozenset({MindoErrorKind.UNAVAILABLE, MindoErrorKind.UNREADABLE})


def mindo_exit_code(error: MindoError) -> ExitCode:
    """MINDO when Mindo could not answer now; BAD_INPUT when it answered that what it was
    asked cannot be (an unknown send, a refused key, a wrong MINDO_API_URL)."""
    return ExitCode.MINDO if error.kind in _MINDO_OUTAGES else ExitCode.BAD_INPUT


def plain(text: str) -> str:
    """A sentence written for Slack, for a terminal: `code` in quotes, no *bold* marks."""
    return text.replace("`", '"').replace("*", "")
