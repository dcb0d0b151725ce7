from __future__ import annotations

import pytest

from bot.query.suggest import closest_template, closest_word, languages_of


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("lsat", "last"),
        ("wek", "week"),
        ("yestreday", "yesterday"),
        ("falied", "failed"),
        ("sabdo", "sábado"),
        ("novembro", "novembro"),
        ("ayerr", "ayer"),
        ("fallidso", "fallidos"),
        ("leitrua", "leitura"),  # a shape word: the number asked for
        ("tendencai", "tendencia"),
    ],
)
def test_closest_word(typo: str, meant: str) -> None:
    assert closest_word(typo) == meant


# Before: sin → since, other → ter, hour → thur, não → ano, quarter → quarta.
@pytest.mark.parametrize(
    "word", ["sin", "nao", "sem", "not", "other", "hour", "minutes", "xyzzy", "ab"]
)
def test_no_suggestion_for_negations_common_words_or_nonsense(word: str) -> None:
    assert closest_word(word) is None


@pytest.mark.parametrize(
    ("words", "meant"),
    [
        (["welcome", "message"], "welcome_message"),
        (["welcome"], "welcome_message"),
        (["wellcome"], "welcome_message"),
        (["order", "confirmation", "v2"], "order_confirmation_v2"),
        (["confirmation"], "order_confirmation_v2"),
        (["xyzzy"], None),
    ],
)
def test_closest_template(words: list[str], meant: str | None) -> None:
    templates = ["welcome_message", "order_confirmation_v2", "promo"]
    assert closest_template(words, templates) == meant


def test_no_template_suggestion_without_templates() -> None:
    assert closest_template(["welcome"], []) is None


@pytest.mark.parametrize(
    ("word", "languages"),
    [("ayer", {"es"}), ("ontem", {"pt"}), ("semana", {"es", "pt"}), ("welcome_message", set())],
)
def test_languages_of_a_suggestion(word: str, languages: set[str]) -> None:
    assert languages_of(word) == languages
