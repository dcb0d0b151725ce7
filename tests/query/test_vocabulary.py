from __future__ import annotations

import pytest

from bot.domain.sends import Status
from bot.query.vocabulary import LEXICON, Kind


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_every_month_weekday_and_status_has_words_in_each_language(language: str) -> None:
    entries = [entry for entry in LEXICON.values() if language in entry.langs]
    assert {e.number for e in entries if e.kind is Kind.MONTH} == set(range(1, 13))
    assert {e.number for e in entries if e.kind is Kind.WEEKDAY} == set(range(7))
    named = {status for e in entries if e.kind is Kind.STATUS for status in e.statuses}
    assert named == set(Status)
    assert any(e.kind is Kind.HELP for e in entries)
    assert any(e.kind is Kind.NEGATION for e in entries)


@pytest.mark.parametrize(
    ("word", "ambiguous", "needs_number"),
    [
        ("out", True, True),
        ("set", True, True),
        ("ter", True, False),
        ("sex", True, False),
        ("may", True, False),
        ("outubro", False, False),
        ("terca", False, False),
    ],
)
def test_calendar_words_that_are_also_common_words(
    word: str, ambiguous: bool, needs_number: bool
) -> None:
    entry = LEXICON[(word,)]
    assert (entry.ambiguous, entry.needs_number) == (ambiguous, needs_number)


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [("no", Kind.NEGATION), ("sin", Kind.NEGATION), ("nao", Kind.NEGATION), ("em", Kind.PREP)],
)
def test_negations_are_their_own_kind(phrase: str, kind: Kind) -> None:
    assert LEXICON[(phrase,)].kind is kind


def test_every_connector_is_a_word_the_lexicon_knows() -> None:
    """Outside a date phrase a connector must still be understood (as filler, a preposition…)."""
    from dataclasses import fields

    from bot.query.vocabulary import CONNECTORS, DASH

    for connectors in fields(CONNECTORS):
        for word in getattr(CONNECTORS, connectors.name):
            known = tuple(word.split()) in LEXICON or all((w,) in LEXICON for w in word.split())
            assert word == DASH or known, (connectors.name, word)


def test_two_meanings_have_a_rule() -> None:
    assert LEXICON[("no",)].kind is Kind.NEGATION and LEXICON[("no",)].in_the == {"pt"}
    assert (LEXICON[("mar",)].kind, LEXICON[("mar",)].number) == (Kind.MONTH, 3)
    assert LEXICON[("mar",)].weekday == 1


def test_no_filler_phrase_hides_a_word_that_changes_the_question() -> None:
    """A filler phrase is dropped whole: none may carry a ranking, trend or percent word or a
    negation ("did best" once swallowed "best"). Portuguese "no" is "in the" ("no geral")."""
    from bot.query.shape_words import RANKS, VOCABULARY, Cue

    meaningful = {Cue.TOP, Cue.BOTTOM, Cue.TREND, Cue.PERCENT, *RANKS}
    hidden = []
    for key, entry in LEXICON.items():
        if entry.kind is not Kind.FILLER or len(key) < 2:
            continue
        for word in key:
            known = LEXICON.get((word,))
            negation = known is not None and known.kind is Kind.NEGATION and not known.in_the
            senses = VOCABULARY.senses.get(word, ())
            if negation or any(sense.cue in meaningful for sense in senses):
                hidden.append((" ".join(key), word))
    assert hidden == []
