"""How a change is sized, the one rule for answers, the digest and the Home tab: a
count's change in whole percent from 10% on ("up 12%", never "up 100.0%"), with one
decimal below only where it says something ("up 2.5%", "down 9%"); a rate's change in
points with one decimal."""

from __future__ import annotations

import pytest

from bot.comparison import Metric as Number
from bot.comparison import compare
from bot.locale.languages import Language
from bot.locale.translate import translator
from bot.message.phrases import change, change_size
from bot.message.trends import change_words
from bot.query.model import Metric


@pytest.mark.parametrize(
    ("share", "language", "words"),
    [
        (0.12, "en", "12%"),
        (0.4, "es", "40%"),
        (0.4, "pt", "40%"),
        (1.0, "en", "100%"),
        (9.0, "en", "900%"),
        (0.09, "en", "9%"),
        (0.025, "en", "2.5%"),
        (0.025, "es", "2,5%"),
        (0.025, "pt", "2,5%"),
        (0.0996, "en", "10%"),
        (0.099, "en", "9.9%"),
    ],
)
def test_a_count_change_never_ends_in_point_zero(
    share: float, language: Language, words: str
) -> None:
    assert change_size(False, share, language) == words


@pytest.mark.parametrize(
    ("rate_points", "language", "words"),
    [(3.0, "en", "3.0 points"), (3.14, "es", "3,1 puntos"), (12.0, "pt", "12,0 pontos")],
)
def test_a_rate_change_keeps_its_decimal(
    rate_points: float, language: Language, words: str
) -> None:
    assert change_size(True, rate_points, language) == words


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "down 14%"), ("es", "bajó 14%"), ("pt", "caiu 14%")],
)
def test_answers_say_a_count_change_in_whole_percent(language: Language, words: str) -> None:
    move = change(Metric.SENT, 86, 100, language)
    assert move is not None and move.words == words


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "down 100%"), ("es", "bajó 100%"), ("pt", "caiu 100%")],
)
def test_the_digest_says_a_count_change_in_whole_percent(language: Language, words: str) -> None:
    said = change_words(compare(Number.SENT, 0, 10), translator(language), nothing_before="")
    assert said.endswith(words)


@pytest.mark.parametrize("metric", list(Metric))
def test_answers_and_the_digest_agree_on_which_way_is_better(metric: Metric) -> None:
    """The digest showed "Read" falling 32% as 🔹, neither better nor worse, while
    answers called the same fall worse."""
    answered = change(metric, 0.5, 1.0, "en")
    assert answered is not None
    compared = compare(Number[metric.name], 0.5, 1.0)
    assert (
        compared.verdict.value == {None: "neutral", True: "better", False: "worse"}[answered.good]
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "🔴 down 32%, worse"), ("es", "🔴 bajó 32%, peor"), ("pt", "🔴 caiu 32%, pior")],
)
def test_fewer_messages_read_is_worse_in_the_digest(language: Language, words: str) -> None:
    said = change_words(compare(Number.READ, 68, 100), translator(language), nothing_before="")
    assert said == words
