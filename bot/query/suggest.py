""" "Did you mean …?": the known word or template a word not understood most likely meant.

A wrong suggestion is worse than none ("other" → *ter*?), so a suggestion needs a close
match, and none is made for a negation or for a word that is itself a common word: the
user wrote what they meant, and we simply do not understand it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.locale.languages import Language
from bot.locale.normalize import fold
from bot.query.shape_words import VOCABULARY, Cue
from bot.query.vocabulary import EVERYDAY_WORDS, LEXICON, SPELLINGS, Kind

_CUTOFF = 0.8
_MIN_LENGTH = 3
_LONGEST_TEMPLATE_JOIN = 4  # "welcome message" → welcome_message, up to four words


_NAMING = frozenset({Cue.METRIC, Cue.GROUP, Cue.GROUP_PLURAL, Cue.GROUP_ADVERB, Cue.TREND})


def _vocabulary_candidates() -> dict[str, str]:
    """Words worth suggesting: one-word entries that mean something, as spelled.

    Of a word's spellings the first in alphabetical order is shown ("mes" before "mês").
    Shape words that name something on their own ("leitura", "daily") count too.
    """
    candidates: dict[str, str] = {}
    for key, spellings in SPELLINGS.items():
        entry = LEXICON[key]
        if len(key) != 1 or len(key[0]) < _MIN_LENGTH:
            continue
        if entry.kind not in (Kind.FILLER, Kind.NEGATION) and not entry.ambiguous:
            candidates[key[0]] = min(spellings)
    for phrase, senses in VOCABULARY.senses.items():
        if " " in phrase or len(phrase) < _MIN_LENGTH or phrase in candidates:
            continue
        if any(sense.cue in _NAMING for sense in senses):
            candidates[phrase] = min(VOCABULARY.spellings[phrase])
    return dict(sorted(candidates.items()))


_CANDIDATES = _vocabulary_candidates()
#: Candidates by length: a match at ``_CUTOFF`` (0.8) needs the shorter word to be at least
#: two thirds of the longer, so only those lengths are compared.
_BY_LENGTH: dict[int, list[str]] = {}
for _word in _CANDIDATES:
    _BY_LENGTH.setdefault(len(_word), []).append(_word)


def _near_in_length(norm: str) -> list[str]:
    shortest, longest = -(-2 * len(norm) // 3), 3 * len(norm) // 2
    return [word for size in range(shortest, longest + 1) for word in _BY_LENGTH.get(size, ())]


@lru_cache(maxsize=4096)
def closest_word(norm: str) -> str | None:
    """The known word a typo most likely meant, as spelled ("lsat" → "last"), if any.

    Two swapped letters ("lsat") are the commonest slip, so they are tried first. Remembered
    per word: the same slips come back, and comparing with every known word is the slowest
    step of a refusal (about half a millisecond).
    """
    if len(norm) < _MIN_LENGTH or norm in EVERYDAY_WORDS:
        return None
    entry = LEXICON.get((norm,))
    if entry is not None and entry.kind is Kind.NEGATION:
        return None
    for i in range(len(norm) - 1):
        swapped = norm[:i] + norm[i + 1] + norm[i] + norm[i + 2 :]
        if swapped in _CANDIDATES:
            return _CANDIDATES[swapped]
    match = difflib.get_close_matches(norm, _near_in_length(norm), n=1, cutoff=_CUTOFF)
    return _CANDIDATES[match[0]] if match else None


def closest_template(words: Sequence[str], templates: Iterable[str]) -> str | None:
    """The known template ``words[0]`` (maybe with the words after it) points at, if any.

    "welcome message" joins to welcome_message; "welcome" is a part of it and "wellcome"
    close to that part. ``words`` are folded words, in the order typed.
    """
    names = set(templates)
    if not names or not words:
        return None
    for size in range(min(len(words), _LONGEST_TEMPLATE_JOIN), 0, -1):
        joined = "_".join(words[:size])
        if joined in names:
            return joined
    word = words[0]
    scored = [(_likeness(word, name), -len(name), name) for name in names]
    score, _, name = max(scored)
    return name if score >= _CUTOFF else None


def _likeness(word: str, name: str) -> float:
    """How close ``word`` is to a template name or to one of its parts; 0 if not close."""
    matcher = difflib.SequenceMatcher(b=word)
    best = 0.0
    for candidate in (name, *name.split("_")):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            best = max(best, matcher.ratio())
    return best


def languages_of(spelled: str) -> frozenset[Language]:
    """The languages a suggested word belongs to ("ayer" → es), so a typo counts for them."""
    folded = fold(spelled)
    spellings = SPELLINGS.get((folded,)) or VOCABULARY.spellings.get(folded, {})
    return spellings.get(spelled) or frozenset().union(*spellings.values())
