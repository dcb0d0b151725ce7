from __future__ import annotations

import pytest

from bot.locale.normalize import accented, composed, fold, markup_as_shown, unescape


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
def test_fold_folds_case_accents_and_look_alikes(word: str, norm: str) -> None:
    assert fold(word) == norm


@pytest.mark.parametrize(
    ("word", "marked"), [("días", True), ("Mês", True), ("dias", False), ("MES", False)]
)
def test_accented(word: str, marked: bool) -> None:
    assert accented(word) is marked


def test_composed_and_unescaped() -> None:
    assert composed("Sa\u0301bado") == "Sábado"
    assert unescape("a &amp; b &lt;3 &gt;") == "a & b <3 >"


@pytest.mark.parametrize(
    ("target", "label", "shown"),
    [
        ("@U123", None, "@U123"),
        ("@U123", "jane", "@jane"),
        ("#C123", "general", "#general"),
        ("!here", None, "@here"),
        ("https://x.com", "the report", "the report"),
        ("https://x.com/a?b=1&amp;c=2", None, "https://x.com/a?b=1&c=2"),
    ],
)
def test_markup_as_shown(target: str, label: str | None, shown: str) -> None:
    assert markup_as_shown(target, label) == shown
