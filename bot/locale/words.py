"""The words people type, one pack per language, kept as data in ``<language>/words.toml``.

A pack says which words mean what in one language: statuses, date words, weekdays,
months, connectors, fillers, help, the digest's and the alerts' words. The question parser
(``bot/query/vocabulary.py``) and the digest grammar (``bot/query/digest.py``) both read
their words from here, so a language is added by writing its pack, with no code.

Why TOML: it is in the standard library (``tomllib``), allows comments next to the words
they explain, and a translator can edit it without knowing Python. Every section and key
is checked on loading (``SCHEMA``): a misspelt key is an error, never a silently ignored
word. Phrases keep their accents; "(word)" marks an optional word and is expanded here.
docs/word-packs.md describes every section.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from bot.locale.languages import LANGUAGES, Language
from bot.locale.normalize import fold

PACK_DIR = Path(__file__).parent
PACK_FILE = "words.toml"

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNITS = ("day", "week", "month", "quarter", "year")
NUMBERS = tuple(str(n) for n in range(1, 13))
QUARTERS = ("1", "2", "3", "4")
METRICS = (
    "bulk_sends",
    "recipients",
    "sent",
    "delivered",
    "read",
    "failed",
    "pending",
    "delivery_rate",
    "read_rate",
    "failure_rate",
)
GROUPS = ("template", "phone_number", "status", "language", "day", "week", "month")
SHAPE_WORDS = (
    "count",
    "top",
    "rank_by",
    "bottom",
    "most",
    "least",
    "best",
    "worst",
    "which",
    "compare",
    "compare_first",
    "compare_join",
    "compare_previous",
    "previous",
    "previous_one",
    "current_one",
    "trend",
    "phone",
    "recipient",
    "by",
    "percent",
    "than",
    "have",
    "condition",
    "change",
)
#: Periods named as "the one before" in a comparison: "vs the week before".
PREVIOUS_PERIODS = ("day", "week", "weekend", "month", "quarter", "year")
#: After a comparison word, the same period a year before: "vs the same week last year";
#: ``period`` is the range's own days, a year back ("vs the same period last year").
SAME_LAST_YEAR = (*PREVIOUS_PERIODS, "period")
#: After a comparison word, the same day a week before: "vs the same day last week";
#: ``period`` is the range's own days a week back ("vs this time last week").
SAME_LAST_WEEK = ("day", "period")

#: Every section a pack may have and the keys each may hold. A key may be left out
#: (English has no word for "el lunes *pasado*"); tests check what every language needs.
SCHEMA: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "statuses": frozenset(
            {"failed", "partial", "completed", "cancelled", "queued", "processing", "problems"}
        ),
        "periods": frozenset(
            f"{when}_{unit}"
            for when in ("this", "last", "past")
            for unit in ("week", "month", "year")
        )
        | {"today", "yesterday", "day_before_yesterday"}
        | {"weekend", "this_weekend", "last_weekend", "this_quarter", "last_quarter"},
        "units": frozenset(UNITS),
        "units_glued": frozenset(UNITS),
        "months": frozenset(MONTHS),
        "months_in_context": frozenset(MONTHS),
        "months_with_number": frozenset(MONTHS),
        "weekdays": frozenset(WEEKDAYS),
        "weekdays_in_context": frozenset(WEEKDAYS),
        "prepositions": frozenset({"since", "from", "until", "before", "after", "between", "in"}),
        "connectors": frozenset(
            {
                "last",
                "this",
                "past",
                "to",
                "to_after_from",
                "and",
                "from",
                "of",
                "articles",
                "counting_articles",
                "ago_before",
                "ago_after",
                "before_last",
                "of_current",
                "day_articles",
            }
        ),
        "quarters": frozenset(QUARTERS),
        "numbers": frozenset(NUMBERS),
        "words": frozenset(
            {
                "help",
                "template",
                "ordinal_suffixes",
                "negations",
                "fillers",
                "everyday",
                "unanswerable",
                "why",
                "start_of",
                "every",
                "rate",
                "greetings",
                "thanks",
                "with_greetings",
                "send_verbs",
                "send_subjects",
                "counted",
                "send_nouns",
            }
        ),
        "metrics": frozenset(METRICS),
        "metrics_in_context": frozenset(METRICS),
        "shapes": frozenset(SHAPE_WORDS),
        "previous_periods": frozenset(PREVIOUS_PERIODS),
        "same_last_year": frozenset(SAME_LAST_YEAR),
        "same_last_week": frozenset(SAME_LAST_WEEK),
        "groups": frozenset(GROUPS),
        "groups_plural": frozenset(GROUPS),
        "group_adverbs": frozenset(GROUPS),
        "digest": frozenset(
            {
                "list",
                "preview",
                "off",
                "on",
                "edit",
                "here",
                "daily",
                "weekdays",
                "weekends",
                "skip",
                "keep",
                "empty_days",
                "time_zone",
                "language",
                "fillers",
            }
        ),
        "subcommands": frozenset({"digest", "alerts"}),
        "alerts": frozenset(
            {
                "list",
                "off",
                "on",
                "edit",
                "here",
                "threshold",
                "queued",
                "only",
                "every_template",
                "quiet",
                "time_zone",
                "language",
                "minutes",
                "hours",
                "fillers",
            }
        ),
    }
)

_OPTIONAL = re.compile(r"\(([^()]+)\)")
#: Short forms people type for a word ("msgs", "q", "vc"): any word may be a key, and each
#: phrase of the question parser's sections is also read with its words' short forms.
ALIASES = "aliases"
#: The sections another grammar reads on its own terms: short forms are not applied there.
_NO_ALIASES = frozenset({ALIASES, "digest", "alerts", "subcommands"})


class WordPackError(ValueError):
    """A pack that does not follow the schema: named with its file, section and key."""


@dataclass(frozen=True)
class WordPack:
    """One language's words: ``words(section, key)`` → phrases, optional words expanded."""

    language: Language
    sections: Mapping[str, Mapping[str, tuple[str, ...]]]
    #: Folded word → the short forms people type for it (already applied to the phrases).
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def words(self, section: str, key: str) -> tuple[str, ...]:
        if key not in SCHEMA[section]:
            raise KeyError(f"{section}.{key} is not in the word-pack schema")
        return self.sections.get(section, {}).get(key, ())

    def section(self, section: str) -> Mapping[str, tuple[str, ...]]:
        """The keys of ``section`` this language has words for."""
        if section not in SCHEMA:
            raise KeyError(f"{section} is not a word-pack section")
        return self.sections.get(section, MappingProxyType({}))


def expand(phrase: str) -> tuple[str, ...]:
    """Every spelling of a phrase with optional words: "send me (a) preview" → two phrases."""
    parts = _OPTIONAL.split(phrase)  # text, optional, text, optional, …, text
    choices = [(part,) if index % 2 == 0 else ("", f" {part} ") for index, part in enumerate(parts)]
    spelled = (" ".join("".join(combo).split()) for combo in itertools.product(*choices))
    return tuple(dict.fromkeys(phrase for phrase in spelled if phrase))


def with_aliases(phrase: str, aliases: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A phrase and its spellings with short forms: "failed messages" → "failed msgs"."""
    choices = [(word, *aliases.get(fold(word), ())) for word in phrase.split()]
    return tuple(dict.fromkeys(" ".join(combo) for combo in itertools.product(*choices)))


def _aliases(path: Path, table: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    aliases: dict[str, tuple[str, ...]] = {}
    for word, short in table.items():
        if not isinstance(short, list) or not all(
            isinstance(form, str) and form.strip() and len(form.split()) == 1 for form in short
        ):
            raise WordPackError(f"{path}: {ALIASES}.{word} must be a list of single words")
        if len(word.split()) != 1:
            raise WordPackError(f"{path}: {ALIASES}.{word} must be a single word")
        aliases[fold(word)] = tuple(form.strip() for form in short)
    return aliases


def load_pack(path: Path, language: Language) -> WordPack:
    """Read and check one pack file."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise WordPackError(f"{path}: {error}") from None
    sections: dict[str, Mapping[str, tuple[str, ...]]] = {}
    for section, table in raw.items():
        if section not in SCHEMA and section != ALIASES:
            raise WordPackError(f"{path}: unknown section [{section}]")
        if not isinstance(table, dict):
            raise WordPackError(f"{path}: [{section}] must be a table")
    aliases = _aliases(path, raw.get(ALIASES, {}))
    for section, table in raw.items():
        if section == ALIASES:
            continue
        short = {} if section in _NO_ALIASES else aliases
        keys: dict[str, tuple[str, ...]] = {}
        for key, phrases in table.items():
            if key not in SCHEMA[section]:
                raise WordPackError(f"{path}: unknown key {section}.{key}")
            if not isinstance(phrases, list) or not all(
                isinstance(phrase, str) and phrase.strip() for phrase in phrases
            ):
                raise WordPackError(f"{path}: {section}.{key} must be a list of phrases")
            spellings = (spelled for phrase in phrases for spelled in expand(phrase.strip()))
            keys[key] = tuple(
                dict.fromkeys(
                    form for spelled in spellings for form in with_aliases(spelled, short)
                )
            )
        sections[section] = MappingProxyType(keys)
    return WordPack(language, MappingProxyType(sections), MappingProxyType(aliases))


@cache
def word_pack(language: Language) -> WordPack:
    """The pack of a supported language (read once per process)."""
    return load_pack(PACK_DIR / language / PACK_FILE, language)


def word_packs() -> tuple[WordPack, ...]:
    """Every supported language's pack, in the order of ``LANGUAGES``."""
    return tuple(word_pack(language) for language in LANGUAGES)


def subcommand_words(key: str) -> tuple[str, ...]:
    """The phrases that open one sub-command (``[subcommands]``), in every language."""
    phrases = (phrase for pack in word_packs() for phrase in pack.words("subcommands", key))
    return tuple(dict.fromkeys(phrase.lower() for phrase in phrases))
