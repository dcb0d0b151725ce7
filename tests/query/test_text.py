from __future__ import annotations

import pytest

from bot.query.text import Token, normalize, tokenize


@pytest.mark.parametrize(
    ("word", "norm"),
    [
        ("Sábado", "sabado"),
        ("MARÇO", "marco"),
        ("año", "ano"),
        ("ＦＡＩＬＥＤ", "failed"),
        ("1º", "1o"),
        ("what’s", "what's"),
        ("plain", "plain"),
    ],
)
def test_normalize_folds_case_accents_and_look_alikes(word: str, norm: str) -> None:
    assert normalize(word) == norm


def test_numeric_dates_stay_whole() -> None:
    assert [token.text for token in tokenize("3/11/2025, 2025-11-03 and 3/11.")] == [
        "3/11/2025",
        "2025-11-03",
        "and",
        "3/11",
    ]
    assert tokenize("3/11")[0] == Token("3/11", "3/11", "date")


def test_template_names_stay_whole() -> None:
    assert [token.text for token in tokenize("promo_2025_11 black_friday_3")] == [
        "promo_2025_11",
        "black_friday_3",
    ]


def test_dashes_are_tokens_and_other_punctuation_separates() -> None:
    tokens = tokenize("nov 3 – 9, failed/partial!? segunda-feira")
    assert [token.norm for token in tokens] == [
        "nov",
        "3",
        "-",
        "9",
        "failed",
        "partial",
        "segunda",
        "-",
        "feira",
    ]
    assert tokens[2].kind == "dash"


def test_symbols_are_not_words() -> None:
    assert tokenize("☃ 🎉 *** ` <>") == []


def test_slack_entities_are_punctuation_not_words() -> None:
    assert [token.text for token in tokenize("failed &amp; partial &lt;3 &gt;")] == [
        "failed",
        "partial",
        "3",
    ]
