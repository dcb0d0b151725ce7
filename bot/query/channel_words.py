"""What the digest's and the alerts' commands share: the channel a command names, the
matcher of a word pack's phrases (longest first, each a clue to the command's language),
time zones, and languages named by their code or their name in any language we speak.

Slack escapes the command (manifest: ``should_escape``), so a channel it knows arrives as
``<#C…|name>``; a bare ``#name`` is one it did not recognise, and a bare id is read as a
channel only at Slack's own length, so that "GMT" or "CET" stay words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from babel import Locale

from bot.domain.slack_ids import CHANNEL_ID
from bot.locale.choice import Clue, word_clue
from bot.locale.languages import LANGUAGES, Language
from bot.locale.normalize import fold
from bot.locale.words import WordPack
from bot.timezones import find_zone

_ESCAPED = re.compile(r"^<#([^|>]*)(?:\|([^>]*))?>$")
_NAME = re.compile(r"^#([a-z0-9][a-z0-9._-]{0,79})$")
#: The shortest id Slack writes: a shorter capital word is a word.
_BARE_ID_LENGTH = 9


@dataclass(frozen=True)
class ChannelRef:
    """A channel named in the command: its id when Slack sent one, else the typed name."""

    id: str | None = None
    name: str | None = None


def read_channel(word: str) -> ChannelRef | None:
    """The channel ``word`` names, if it names one."""
    if (match := _ESCAPED.match(word)) and CHANNEL_ID.match(match.group(1)):
        return ChannelRef(id=match.group(1), name=match.group(2) or None)
    if len(word) >= _BARE_ID_LENGTH and CHANNEL_ID.match(word):
        return ChannelRef(id=word)
    if match := _NAME.match(word.lower()):
        return ChannelRef(name=match.group(1))
    return None


def split_target(words: Sequence[str]) -> tuple[ChannelRef | None, list[str]]:
    """The first channel named among ``words``, and the other words."""
    target: ChannelRef | None = None
    rest: list[str] = []
    for word in words:
        channel = read_channel(word)
        if channel is not None and target is None:
            target = channel
        else:
            rest.append(word)
    return target, rest


# --- A command's words ----------------------------------------------------------------

Key = tuple[str, ...]
Meaning = TypeVar("Meaning")

#: "help", in any language.
QUESTION_MARK = "?"
#: "time zone", in any language.
TZ = "tz"


def phrase_key(phrase: str) -> Key:
    return tuple(fold(word) for word in phrase.split())


@dataclass(frozen=True)
class Item(Generic[Meaning]):
    """A word or phrase of the command: as typed, folded, and what it means if known."""

    typed: str
    folded: str
    meaning: Meaning | None = None


@dataclass(frozen=True)
class Grammar(Generic[Meaning]):
    """A command's words in every language, folded, with each phrase's spellings (how each
    language writes it: a clue to the command's own language)."""

    words: Mapping[Key, Meaning]
    spellings: Mapping[Key, Mapping[str, frozenset[Language]]]
    longest: int
    #: What joins the two ends of a range: "20 to 8", "de lunes a viernes".
    range_to: frozenset[str]

    @classmethod
    def of(
        cls,
        packs: Iterable[WordPack],
        meanings: Callable[[WordPack], Iterable[tuple[str, Meaning]]],
        *,
        what: str,
    ) -> Grammar[Meaning]:
        """``meanings`` of each pack's phrases; a phrase with two meanings is an error."""
        words: dict[Key, Meaning] = {}
        spellings: dict[Key, dict[str, frozenset[Language]]] = {}
        range_to: set[str] = set()
        for pack in packs:
            for phrase, meaning in meanings(pack):
                key = phrase_key(phrase)
                if words.setdefault(key, meaning) != meaning:
                    raise ValueError(f"{phrase!r} ({pack.language}) has two meanings in {what}")
                forms = spellings.setdefault(key, {})
                spelled = " ".join(phrase.lower().split())
                forms[spelled] = forms.get(spelled, frozenset()) | {pack.language}
            for name in ("to", "to_after_from"):
                range_to |= {fold(p) for p in pack.words("connectors", name)}
        return cls(words, spellings, max(len(key) for key in words), frozenset(range_to))

    def clue(self, typed: str, key: Key) -> Clue:
        return word_clue(typed, self.spellings.get(key, {}))

    def items(
        self, typed: Sequence[str], *, tells: Callable[[Meaning], bool] = lambda _: True
    ) -> tuple[list[Item[Meaning]], list[Clue]]:
        """Known phrases (longest first) and the other words, one by one, with what the
        phrases whose meaning ``tells`` say about the command's language."""
        items: list[Item[Meaning]] = []
        clues: list[Clue] = []
        folded = [fold(word) for word in typed]
        i = 0
        while i < len(typed):
            for size in range(min(self.longest, len(typed) - i), 0, -1):
                key = tuple(folded[i : i + size])
                meaning = self.words.get(key)
                if meaning is not None:
                    phrase = " ".join(typed[i : i + size])
                    items.append(Item(phrase, " ".join(key), meaning))
                    if tells(meaning):
                        clues.append(self.clue(phrase, key))
                    i += size
                    break
            else:
                items.append(Item(typed[i], folded[i]))
                i += 1
        return items, clues


def read_zone(token: str) -> str | None:
    """A time zone typed on its own: a name with a slash, UTC or GMT."""
    return find_zone(token) if "/" in token or token.lower() in ("utc", "gmt") else None


# --- Languages by name --------------------------------------------------------------


def _language_names() -> tuple[dict[str, Language], dict[Key, dict[str, frozenset[Language]]]]:
    """Every language by its code and its name in each language we speak, folded ("es",
    "spanish", "espanol", "espanhol"), and how each reader spells the names (a clue to the
    command's own language, like any other word). Read from Babel's names, so a new
    language needs no word here."""
    names: dict[str, Language] = {}
    spellings: dict[Key, dict[str, frozenset[Language]]] = {}
    for language in LANGUAGES:
        names[language] = language
        for reader in LANGUAGES:
            name = (Locale.parse(language).get_display_name(reader) or language).lower()
            names.setdefault(fold(name), language)
            forms = spellings.setdefault((fold(name),), {})
            forms[name] = forms.get(name, frozenset()) | {reader}
    return names, spellings


_LANGUAGE_NAMES, _NAME_SPELLINGS = _language_names()
#: Codes are read only after the language word ("es" alone could be any word).
_LANGUAGE_CODES = frozenset(LANGUAGES)


def language_clues(items: Iterable[Item[Any]]) -> list[Clue]:
    """The languages named among ``items`` tell the command's language too."""
    return [
        word_clue(item.typed, _NAME_SPELLINGS[(item.folded,)])
        for item in items
        if (item.folded,) in _NAME_SPELLINGS
    ]


def language_after(item: Item[Any] | None) -> Language | None:
    """The language named after the language word: its code or its name."""
    return None if item is None else _LANGUAGE_NAMES.get(item.folded)


def language_named(item: Item[Any]) -> Language | None:
    """A language named on its own ("español", "Portuguese"; a bare code is not one)."""
    return None if item.folded in _LANGUAGE_CODES else _LANGUAGE_NAMES.get(item.folded)
