"""`/bulksends alerts …` in English, Spanish or Portuguese → a typed command.

    alerts                                  list the channels with alerts
    alerts here                             this channel, with the default rules
    alerts #ops                             another channel
    alerts here off / on                    stop / start again
    alerts here threshold 20%               partial sends from a 20% failure rate
    alerts here queued 45m                  stuck after 45 minutes (queued or not moving)
    alerts here only welcome_message        one template (or several; `only all` undoes it)
    alerts here quiet 20:00-08:00           hold alerts at night, post them at 8:00
    alerts here quiet off                   no quiet hours
    alerts here language es                 the alerts' language ("idioma português", "spanish")
    alerts edit                             a form, for when typing is awkward

Words may come in any order and several settings at once ("alertas aquí umbral 20% en
cola 45m"). The words are the word packs' ``[alerts]`` section (and the help words,
``to`` connectors for time ranges), read through the same normaliser and language vote as
questions and digests. A word not understood is named back, never guessed. What the
digest's command has too (channels, time zones, languages by code or name, the phrase
matcher) is ``bot.query.channel_words``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum

from bot.domain.alerts import STUCK_RANGE, THRESHOLD_RANGE, AlertRulesError, QuietHours
from bot.locale.choice import Clue, reply_language, vote
from bot.locale.languages import Language
from bot.locale.normalize import fold, unescape
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
class ListAlerts:
    language: Language


@dataclass(frozen=True)
class AlertsHelp:
    language: Language


@dataclass(frozen=True)
class OpenAlertsEditor:
    target: ChannelRef | None
    language: Language


@dataclass(frozen=True)
class SetAlertsEnabled:
    target: ChannelRef | None
    enabled: bool
    language: Language


@dataclass(frozen=True)
class SetAlerts:
    """Turn alerts on (or keep them on) and change what is given; None keeps the rest."""

    target: ChannelRef | None
    language: Language
    threshold: float | None = None
    stuck_minutes: int | None = None
    #: Empty: every template again.
    templates: frozenset[str] | None = None
    quiet: QuietHours | None = None
    quiet_off: bool = False
    timezone: str | None = None
    #: The language the alerts speak (not the reply's: that is ``language``).
    alerts_language: Language | None = None


AlertsCommand = ListAlerts | AlertsHelp | OpenAlertsEditor | SetAlertsEnabled | SetAlerts


class OutOfRange(StrEnum):
    """A setting understood but impossible: said back with what is allowed."""

    THRESHOLD = "threshold"
    QUEUED = "queued"
    CLOCK = "clock"


class AlertsCommandError(ValueError):
    """The command could not be understood; ``unrecognized`` lists the words, as typed;
    ``out_of_range`` the settings understood but outside what is allowed (the kind, as
    typed): "threshold 150%" is told the range, not "I didn't understand"."""

    def __init__(
        self,
        unrecognized: tuple[str, ...],
        language: Language,
        out_of_range: tuple[tuple[OutOfRange, str], ...] = (),
    ) -> None:
        super().__init__(", ".join([*unrecognized, *(typed for _, typed in out_of_range)]))
        self.unrecognized = unrecognized
        self.language = language
        self.out_of_range = out_of_range


class _Word(StrEnum):
    LIST = "list"
    OFF = "off"
    ON = "on"
    EDIT = "edit"
    HERE = "here"
    THRESHOLD = "threshold"
    QUEUED = "queued"
    ONLY = "only"
    EVERY_TEMPLATE = "every_template"
    QUIET = "quiet"
    TIME_ZONE = "time_zone"
    LANGUAGE = "language"
    MINUTES = "minutes"
    HOURS = "hours"
    FILLER = "fillers"
    HELP = "help"


_ACTIONS = frozenset({_Word.LIST, _Word.HELP, _Word.OFF, _Word.ON, _Word.EDIT})
#: Joins the two times of quiet hours in any language, besides the packs' "to" words.
_DASHES = frozenset({"-", "–", "—", ".."})


def _phrases(pack: WordPack) -> Iterable[tuple[str, _Word]]:
    for key, phrases in pack.section("alerts").items():
        for phrase in phrases:
            yield phrase, _Word(key)
    for phrase in pack.words("words", "help"):
        yield phrase, _Word.HELP


_GRAMMAR = Grammar.of(word_packs(), _phrases, what="alerts")

_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d)?)\s*%?$")
_DURATION = re.compile(r"^(\d{1,4})(?:(m|min|mins)|(h|hr|hrs|hs)(\d{1,2})?(?:m|min)?)?$")
_HOURS_MINUTES = re.compile(r"^(\d{1,2}):(\d{2})$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2})|h)?(am|pm)?$")
_CLOCK_RANGE = re.compile(r"^(.+?)(?:-|–|—|\.\.)(.+)$")
_TEMPLATE = re.compile(r"^[a-z0-9_]{1,512}$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d%?$")


@dataclass
class _Found:
    actions: set[_Word] = field(default_factory=set)
    here: bool = False
    threshold: float | None = None
    stuck_minutes: int | None = None
    templates: frozenset[str] | None = None
    quiet: QuietHours | None = None
    quiet_off: bool = False
    timezone: str | None = None
    language: Language | None = None
    out_of_range: list[tuple[OutOfRange, str]] = field(default_factory=list)

    @property
    def settings(self) -> bool:
        return (
            self.threshold is not None
            or self.stuck_minutes is not None
            or self.templates is not None
            or self.quiet is not None
            or self.quiet_off
            or self.timezone is not None
            or self.language is not None
        )


def parse_alerts_command(
    text: str, *, user_language: str | None = None, company_language: str | None = None
) -> AlertsCommand:
    """Read an alerts command (with or without its leading word, ``alerts``/``alertas``).

    The reply's language follows the one rule (bot/locale/choice.py). Raises
    AlertsCommandError naming the words not understood.
    """
    raw = unescape(text).split()
    clues: list[Clue] = []
    if raw and fold(raw[0]) in ("alerts", "alert", "alertas", "alerta"):
        clues.append(_word_clue(raw[0]))
        raw = raw[1:]
    target, rest = split_target(raw)
    typed = [part for word in rest for part in _split(word)]
    # A unit ("m", "h") is the same word in every language: it tells none.
    items, more = _GRAMMAR.items(typed, tells=lambda word: word not in (_Word.MINUTES, _Word.HOURS))
    more += language_clues(items)
    language = reply_language(
        user=user_language, written=vote(clues + more), company=company_language
    )
    found = _Found()
    unknown: list[str] = []
    index = 0
    while index < len(items):
        index += _read_one(items, index, found, unknown)
    if unknown or found.out_of_range:
        raise AlertsCommandError(tuple(unknown), language, tuple(found.out_of_range))
    return _command(found, target, language)


def _word_clue(word: str) -> Clue:
    """ "alerts" is English, "alertas" Spanish or Portuguese."""
    folded = fold(word)
    if folded.startswith("alerta"):
        return Clue(frozenset({"es", "pt"}))
    return Clue(frozenset({"en"}), frozenset({"en"}))


def _split(word: str) -> list[str]:
    """Commas separate ("only a,b"), except a decimal comma ("12,5%")."""
    if _DECIMAL_COMMA.match(word):
        return [word]
    return [part for part in word.split(",") if part]


def _read_one(items: list[Item[_Word]], index: int, found: _Found, unknown: list[str]) -> int:
    """Read the item at ``index`` into ``found`` (or ``unknown``); how many items it used."""
    item = items[index]
    after = items[index + 1 :]
    word = _Word.TIME_ZONE if item.folded == TZ else item.meaning
    if word in _ACTIONS:
        found.actions.add(_Word(word))
        return 1
    match word:
        case _Word.HERE:
            found.here = True
            return 1
        case _Word.FILLER:
            return 1
        case _Word.THRESHOLD:
            return 1 + _read_threshold(item, after, found, unknown)
        case _Word.QUEUED:
            return 1 + _read_stuck(item, after, found, unknown)
        case _Word.ONLY:
            return 1 + _read_templates(item, after, found, unknown)
        case _Word.QUIET:
            return 1 + _read_quiet(item, after, found, unknown)
        case _Word.TIME_ZONE:
            zone = find_zone(after[0].typed) if after else None
            if zone is None:
                unknown.append(after[0].typed if after else item.typed)
            else:
                found.timezone = zone
            return 2 if after else 1
        case _Word.LANGUAGE:
            named = language_after(after[0] if after else None)
            if named is None:
                unknown.append(after[0].typed if after else item.typed)
            else:
                found.language = named
            return 2 if after else 1
    if item.folded == QUESTION_MARK:
        found.actions.add(_Word.HELP)
    elif (named := language_named(item)) is not None:
        found.language = named
    elif (zone := read_zone(item.typed)) is not None:
        found.timezone = zone
    elif item.folded.endswith("%") and (share := _any_percent(item.folded)) is not None:
        _set_threshold(share, item.typed, found)
    elif (minutes := _duration(items[index:], bare=False)) is not None:
        used = minutes[1]  # "45m", "1 h": a unit says what it is
        _set_stuck(minutes[0], " ".join(i.typed for i in items[index : index + used]), found)
        return used
    else:
        unknown.append(item.typed)
    return 1


def _read_threshold(
    item: Item[_Word], after: list[Item[_Word]], found: _Found, unknown: list[str]
) -> int:
    if after:
        share = _any_percent(after[0].folded)
        if share is not None:
            used = 1
            if len(after) > 1 and after[1].folded == "%":
                used = 2
            typed = " ".join(i.typed for i in [item, *after[:used]])
            _set_threshold(share, typed, found)
            return used
    unknown.append(f"{item.typed} {after[0].typed}" if after else item.typed)
    return 1 if after else 0


def _read_stuck(
    item: Item[_Word], after: list[Item[_Word]], found: _Found, unknown: list[str]
) -> int:
    minutes = _duration(after)
    if minutes is None:
        unknown.append(f"{item.typed} {after[0].typed}" if after else item.typed)
        return 1 if after else 0
    value, used = minutes
    _set_stuck(value, " ".join(i.typed for i in [item, *after[:used]]), found)
    return used


def _set_threshold(share: float, typed: str, found: _Found) -> None:
    low, high = THRESHOLD_RANGE
    if low <= share <= high:
        found.threshold = share
    else:
        found.out_of_range.append((OutOfRange.THRESHOLD, typed))


def _set_stuck(minutes: int, typed: str, found: _Found) -> None:
    if STUCK_RANGE[0] <= minutes <= STUCK_RANGE[1]:
        found.stuck_minutes = minutes
    else:
        found.out_of_range.append((OutOfRange.QUEUED, typed))


def _read_templates(
    item: Item[_Word], after: list[Item[_Word]], found: _Found, unknown: list[str]
) -> int:
    if after and after[0].meaning is _Word.EVERY_TEMPLATE:
        found.templates = frozenset()
        return 1
    names: list[str] = []
    for candidate in after:
        if candidate.meaning is not None or not _TEMPLATE.match(candidate.typed.lower()):
            break
        names.append(candidate.typed.lower())
    if not names:
        unknown.append(f"{item.typed} {after[0].typed}" if after else item.typed)
        return 1 if after else 0
    found.templates = (found.templates or frozenset()) | frozenset(names)
    return len(names)


def _read_quiet(
    item: Item[_Word], after: list[Item[_Word]], found: _Found, unknown: list[str]
) -> int:
    if after and after[0].meaning is _Word.OFF:
        found.quiet_off = True
        return 1
    skipped = 1 if after and after[0].meaning is _Word.FILLER else 0  # "silencio de 20 a 8"
    rest = after[skipped:]
    hours = _quiet_hours(rest)
    if hours is None and rest and _impossible_clock(rest[0].folded):
        found.out_of_range.append((OutOfRange.CLOCK, f"{item.typed} {rest[0].typed}"))
        return skipped + 1
    if hours is None:
        unknown.append(f"{item.typed} {after[0].typed}" if after else item.typed)
        return 1 if after else 0
    quiet, used = hours
    try:
        found.quiet = QuietHours(*quiet)
    except AlertRulesError:
        unknown.append(" ".join(i.typed for i in rest[:used]))
    return skipped + used


def _quiet_hours(items: list[Item[_Word]]) -> tuple[tuple[time, time], int] | None:
    """ "20:00-08:00" / "20-8" / "20:00 to 08:00" / "20 a 8" → the two times, items used."""
    if not items:
        return None
    if match := _CLOCK_RANGE.match(items[0].folded):
        start, end = _clock(match.group(1)), _clock(match.group(2))
        return ((start, end), 1) if start and end else None
    start = _clock(items[0].folded)
    if start is None or len(items) < 3:
        return None
    joiner = items[1].folded
    if joiner not in _GRAMMAR.range_to and joiner not in _DASHES:
        return None
    end = _clock(items[2].folded)
    return ((start, end), 3) if end else None


def _clock(token: str) -> time | None:
    """20 / 20:00 / 8.30 / 8h / 8h30 / 8am / 8pm."""
    match = _CLOCK.match(token)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _impossible_clock(token: str) -> bool:
    """ "25:00-08:00", "8:75": written as times of day, but no time of day is."""
    match = _CLOCK_RANGE.match(token)
    ends = [match.group(1), match.group(2)] if match else [token]
    written = all(_CLOCK.match(end) for end in ends)
    return written and any(_clock(end) is None for end in ends)


def _any_percent(token: str) -> float | None:
    """ "20%", "12,5%", "150%": a percentage, allowed or not (``_set_threshold`` says)."""
    match = _PERCENT.match(token)
    if not match:
        return None
    return float(match.group(1).replace(",", "."))


def _duration(items: list[Item[_Word]], *, bare: bool = True) -> tuple[int, int] | None:
    """45m / 45 min / 1h / 1h30 / 1 h / 1:30 / 90 → (minutes, items used).

    ``bare``: a number without a unit is minutes (right after "queued" only)."""
    if not items:
        return None
    token = items[0].folded
    unit = items[1].meaning if len(items) > 1 else None
    minutes: int | None = None
    used = 1
    if match := _HOURS_MINUTES.match(token):
        minutes = int(match.group(1)) * 60 + int(match.group(2))
    elif match := _DURATION.match(token):
        value = int(match.group(1))
        if match.group(3):  # 1h, 1h30
            minutes = value * 60 + int(match.group(4) or 0)
        elif match.group(2) or unit is _Word.MINUTES:
            minutes = value
            used = 1 if match.group(2) else 2
        elif unit is not _Word.HOURS:
            minutes = value if bare else None
        else:
            minutes, used = value * 60, 2
    if minutes is None:
        return None
    return minutes, used


def _command(found: _Found, target: ChannelRef | None, language: Language) -> AlertsCommand:
    actions = found.actions
    if _Word.HELP in actions:
        return AlertsHelp(language)
    if _Word.EDIT in actions:
        return OpenAlertsEditor(target, language)
    if _Word.OFF in actions:
        return SetAlertsEnabled(target, False, language)
    if _Word.ON in actions and not found.settings:
        return SetAlertsEnabled(target, True, language)
    if _Word.LIST in actions or (target is None and not found.settings and not found.here):
        return ListAlerts(language)
    return SetAlerts(
        target=target,
        language=language,
        threshold=found.threshold,
        stuck_minutes=found.stuck_minutes,
        templates=found.templates,
        quiet=found.quiet,
        quiet_off=found.quiet_off,
        timezone=found.timezone,
        alerts_language=found.language,
    )
