"""`/bulksends digest …` in English, Spanish or Portuguese → a typed command.

    digest                                  list the digests
    digest here at 9:00                     this channel, every day at 9:00
    digest #marketing 8:30 weekdays         another channel, Monday to Friday
    digest here tz Europe/Madrid            change one thing, keep the rest
    digest here skip empty days             post nothing on days without sends
    digest here language es                 the digest's language ("idioma português", "spanish")
    digest #marketing off / on              stop / start again
    digest here preview                     send me today's digest now (only to me)
    digest edit                             a form, for when typing is awkward

Words may come in any order. The words are the languages' word packs (section
``[digest]``, the weekdays, the help words and the range connectors of
``bot/locale/<language>/words.toml``), read through the same normaliser and language vote
as questions. Several-word phrases ("every day", "todos los días", "dias úteis") are
matched first, longest first; what is left must be a channel, a time, days, a time zone
or a known word, or the command is refused naming the words it did not understand,
never guessed. A language is its code after the language word ("language es") or its name
in any language we speak ("español", "Portuguese", "inglês"), read from Babel's names so a
new language needs no word here. A month's abbreviation that is also a weekday's (Spanish "mar") is the
weekday here, where no month can stand (docs/query-language.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.schedule import EVERY_DAY, WEEKDAYS, WEEKENDS
from bot.locale.choice import Clue, reply_language, vote
from bot.locale.languages import Language
from bot.locale.normalize import fold, unescape
from bot.locale.words import WEEKDAYS as WEEKDAY_NAMES
from bot.locale.words import WordPack, word_packs
from bot.query.channel_words import (
    QUESTION_MARK,
    TZ,
    ChannelRef,
    Grammar,
    Item,
    language_after,
    language_clues,
    language_named,
    read_zone,
    split_target,
)
from bot.timezones import find_zone


@dataclass(frozen=True)
class ListDigests:
    language: Language


@dataclass(frozen=True)
class DigestHelp:
    language: Language


@dataclass(frozen=True)
class Preview:
    target: ChannelRef | None  # None: the channel the command was typed in
    language: Language


@dataclass(frozen=True)
class OpenEditor:
    target: ChannelRef | None
    language: Language


@dataclass(frozen=True)
class SetEnabled:
    target: ChannelRef | None
    enabled: bool
    language: Language


@dataclass(frozen=True)
class SetDigest:
    """Create or change a digest; None fields keep what is there (or the defaults)."""

    target: ChannelRef | None
    language: Language
    time: tuple[int, int] | None = None
    days: frozenset[int] | None = None
    timezone: str | None = None
    skip_empty: bool | None = None
    #: The language the digest is written in (not the reply's: that is ``language``).
    digest_language: Language | None = None


DigestCommand = ListDigests | DigestHelp | Preview | OpenEditor | SetEnabled | SetDigest


class DigestCommandError(ValueError):
    """The command could not be understood; ``unrecognized`` lists the words, as typed;
    ``impossible_times`` the words written as a time of day that none is ("24:30"), told
    what is wrong rather than "I didn't understand"."""

    def __init__(
        self,
        unrecognized: tuple[str, ...],
        language: Language,
        impossible_times: tuple[str, ...] = (),
    ) -> None:
        super().__init__(", ".join([*unrecognized, *impossible_times]))
        self.unrecognized = unrecognized
        self.language = language
        self.impossible_times = impossible_times


class _Word(StrEnum):
    """What a digest word means."""

    LIST = "list"
    HELP = "help"
    PREVIEW = "preview"
    OFF = "off"
    ON = "on"
    EDIT = "edit"
    HERE = "here"
    DAILY = "daily"
    WEEKDAYS = "weekdays"
    WEEKENDS = "weekends"
    SKIP = "skip"
    KEEP = "keep"
    EMPTY = "empty_days"
    TIME_ZONE = "time_zone"
    LANGUAGE = "language"
    FILLER = "fillers"
    DAY = "day"


@dataclass(frozen=True)
class _Meaning:
    word: _Word
    day: int = 0  # Monday is 0, for _Word.DAY


_ACTIONS = frozenset({_Word.LIST, _Word.HELP, _Word.PREVIEW, _Word.OFF, _Word.ON, _Word.EDIT})
_SCHEDULES = {_Word.DAILY: EVERY_DAY, _Word.WEEKDAYS: WEEKDAYS, _Word.WEEKENDS: WEEKENDS}
_JOINERS = frozenset({"&", "+"})  # "9:30 & weekdays": joins like "and"


def _meanings(pack: WordPack) -> Iterable[tuple[str, _Meaning]]:
    for key, phrases in pack.section("digest").items():
        for phrase in phrases:
            yield phrase, _Meaning(_Word(key))
    for phrase in pack.words("words", "help"):
        yield phrase, _Meaning(_Word.HELP)
    for section in ("weekdays", "weekdays_in_context"):
        for day, name in enumerate(WEEKDAY_NAMES):
            for phrase in pack.words(section, name):
                yield phrase, _Meaning(_Word.DAY, day)


_PACKS = word_packs()
_GRAMMAR = Grammar.of(_PACKS, _meanings, what="the digest")
#: "from monday to friday", "de lunes a viernes".
_RANGE_FROM = frozenset(
    fold(phrase)
    for pack in _PACKS
    for section in ("prepositions", "connectors")
    for phrase in pack.words(section, "from")
)


_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2})|h)?(am|pm|a\.m\.|p\.m\.)?$")
_MERIDIEM = ("am", "pm", "a.m.", "p.m.")
_DAY_RANGE = re.compile(r"^(.+?)(?:-|–|\.\.)(.+)$")


def parse_digest_command(
    text: str, *, user_language: str | None = None, company_language: str | None = None
) -> DigestCommand:
    """Read a digest command (with or without the leading word ``digest``).

    The reply's language follows the one rule (bot/locale/choice.py): ``user_language``
    (the asker's Slack locale), else the language of the words, else
    ``company_language``, else English. Raises DigestCommandError.
    """
    raw = unescape(text).split()
    if raw and fold(raw[0]) == "digest":
        raw = raw[1:]
    target, rest = split_target(raw)
    typed = [word.strip(",") for word in rest if word.strip(",")]
    items, clues = _GRAMMAR.items(typed)
    clues += [clue for item in items for clue in _day_clues(item)]
    clues += language_clues(items)
    language = reply_language(user=user_language, written=vote(clues), company=company_language)
    return _read(items, target, language)


def _day_clues(item: Item[_Meaning]) -> list[Clue]:
    """The weekday names inside "lun,mié,vie" or "seg-sex" tell the language too."""
    if item.meaning is not None:
        return []
    parts = re.split(r",|-|–|\.\.", item.typed)
    return [
        _GRAMMAR.clue(part, (fold(part),))
        for part in parts
        if _GRAMMAR.words.get((fold(part),)) is not None
    ]


@dataclass
class _Settings:
    actions: set[_Word]
    time: tuple[int, int] | None = None
    days: frozenset[int] = frozenset()
    timezone: str | None = None
    skip_empty: bool | None = None
    language: Language | None = None
    here: bool = False
    impossible_times: list[str] = field(default_factory=list)


def _read(
    items: list[Item[_Meaning]], target: ChannelRef | None, language: Language
) -> DigestCommand:
    found = _Settings(actions=set())
    unknown: list[str] = []
    index = 0
    while index < len(items):
        index += _read_one(items, index, found, unknown)
    if unknown or found.impossible_times:
        raise DigestCommandError(tuple(unknown), language, tuple(found.impossible_times))
    return _command(found, target, language)


def _read_one(items: list[Item[_Meaning]], index: int, found: _Settings, unknown: list[str]) -> int:
    """Read the item at ``index`` into ``found`` (or ``unknown``); how many items it used."""
    item = items[index]
    following = items[index + 1] if index + 1 < len(items) else None
    span = _day_span(items, index)
    if span is not None:
        spanned, used = span
        found.days |= spanned
        return used
    word = item.meaning.word if item.meaning else None
    if item.folded == TZ:
        word = _Word.TIME_ZONE
    if word in _ACTIONS:
        found.actions.add(_Word(word))
    elif word in _SCHEDULES:
        found.days |= _SCHEDULES[_Word(word)]
    elif word is _Word.DAY and item.meaning is not None:
        found.days |= {item.meaning.day}
    elif word is _Word.HERE:
        found.here = True
    elif word in (_Word.SKIP, _Word.KEEP):
        if following is None or following.meaning != _Meaning(_Word.EMPTY):
            unknown.append(item.typed)
            return 1
        found.skip_empty = word is _Word.SKIP
        return 2
    elif word is _Word.TIME_ZONE:
        if following is None:
            unknown.append(item.typed)
            return 1
        zone = find_zone(following.typed)
        if zone is None:
            unknown.append(following.typed)  # "tz Mars/Base": the name is what is wrong
        else:
            found.timezone = zone
        return 2
    elif word is _Word.LANGUAGE:
        named = language_after(following)
        if named is None:
            unknown.append(following.typed if following is not None else item.typed)
        else:
            found.language = named
        return 2 if following is not None else 1
    elif (named := language_named(item)) is not None:
        found.language = named
    elif word is _Word.FILLER or item.folded in _JOINERS:
        pass
    elif item.folded == QUESTION_MARK:
        found.actions.add(_Word.HELP)
    elif (zone := read_zone(item.typed)) is not None:
        found.timezone = zone
    elif (days := _days(item.folded)) is not None:
        found.days |= days
    elif (clock := _time(item.folded, following.folded if following else "")) is not None:
        found.time, suffix = clock
        return 1 + suffix
    elif ":" in item.folded and _TIME.match(item.folded):
        found.impossible_times.append(item.typed)  # "24:30": a time of day none is
    else:
        unknown.append(item.typed)
    return 1


def _command(found: _Settings, target: ChannelRef | None, language: Language) -> DigestCommand:
    actions = found.actions
    settings = (
        found.time is not None
        or found.days
        or found.timezone is not None
        or found.skip_empty is not None
        or found.language is not None
    )
    if _Word.HELP in actions:
        return DigestHelp(language)
    if _Word.EDIT in actions:
        return OpenEditor(target, language)
    if _Word.PREVIEW in actions:
        return Preview(target, language)
    if _Word.OFF in actions:
        return SetEnabled(target, False, language)
    if _Word.ON in actions and not settings:
        return SetEnabled(target, True, language)
    if _Word.LIST in actions or (target is None and not settings and not found.here):
        return ListDigests(language)
    return SetDigest(
        target=target,
        language=language,
        time=found.time,
        days=found.days or None,
        timezone=found.timezone,
        skip_empty=found.skip_empty,
        digest_language=found.language,
    )


def _day_span(items: list[Item[_Meaning]], index: int) -> tuple[frozenset[int], int] | None:
    """ "from tuesday to thursday", "de lunes a viernes", "de segunda a sexta"."""
    start = index + 1 if items[index].folded in _RANGE_FROM else index
    if start + 2 >= len(items):
        return None
    first, connector, last = items[start : start + 3]
    if (
        first.meaning is None
        or first.meaning.word is not _Word.DAY
        or connector.folded not in _GRAMMAR.range_to
        or last.meaning is None
        or last.meaning.word is not _Word.DAY
    ):
        return None
    return _day_range(first.meaning.day, last.meaning.day), start + 3 - index


def _day_range(first: int, last: int) -> frozenset[int]:
    return frozenset((first + n) % 7 for n in range((last - first) % 7 + 1))


def _day(name: str) -> int | None:
    meaning = _GRAMMAR.words.get((name,))
    return meaning.day if meaning is not None and meaning.word is _Word.DAY else None


def _days(token: str) -> frozenset[int] | None:
    """mon / lunes / mon,wed,fri / mon-fri / lun-vie / seg..sex (folded)."""
    picked: set[int] = set()
    for part in filter(None, token.split(",")):
        day = _day(part)
        if day is not None:
            picked.add(day)
            continue
        match = _DAY_RANGE.match(part)
        first = _day(match.group(1)) if match else None
        last = _day(match.group(2)) if match else None
        if first is None or last is None:
            return None
        picked |= _day_range(first, last)
    return frozenset(picked) if picked else None


def _time(token: str, following: str) -> tuple[tuple[int, int], int] | None:
    """9 / 9:30 / 09.30 / 9h30 / 9am / 9:30pm / 9 pm → ((hour, minute), words used after)."""
    match = _TIME.match(token)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix, used = match.group(3), 0
    if suffix is None and following in _MERIDIEM:
        suffix, used = following, 1
    if suffix is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return (hour, minute), used
