from __future__ import annotations

import pytest

from bot.query.vocabulary import LEXICON, Kind, closest_word
from bot.status import Status


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_every_month_weekday_and_status_has_words_in_each_language(language: str) -> None:
    entries = [entry for entry in LEXICON.values() if language in entry.langs]
    assert {e.number for e in entries if e.kind is Kind.MONTH} == set(range(1, 13))
    assert {e.number for e in entries if e.kind is Kind.WEEKDAY} == set(range(7))
    named = {status for e in entries if e.kind is Kind.STATUS for status in e.statuses}
    assert named == set(Status)
    assert any(e.kind is Kind.HELP for e in entries)


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("lsat", "last"),
        ("wek", "week"),
        ("yestreday", "yesterday"),
        ("falied", "failed"),
        ("sabdo", "sábado"),
        ("novembro", "novembro"),
    ],
)
def test_closest_word(typo: str, meant: str) -> None:
    assert closest_word(typo) == meant


def test_closest_word_knows_templates_and_gives_up_on_nonsense() -> None:
    assert closest_word("wellcome", ["welcome", "promo"]) == "welcome"
    assert closest_word("xyzzy") is None
