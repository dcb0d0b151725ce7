from __future__ import annotations

import pytest

from bot.query.messages import (
    Problem,
    pair_error,
    phrase_error,
    too_long_error,
    unrecognized_error,
)
from bot.query.model import Language


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "I didn't understand *lsat* (did you mean *last*?), *wek*. "
            "Try: `failed last week`, `partial yesterday`, `welcome_message this month`.",
        ),
        (
            "es",
            "No entendí *lsat* (¿quisiste decir *last*?), *wek*. "
            "Prueba: `fallidos la semana pasada`, `parciales ayer`, `welcome_message este mes`.",
        ),
        (
            "pt",
            "Não entendi *lsat* (você quis dizer *last*?), *wek*. "
            "Experimente: `falharam semana passada`, `parciais ontem`, "
            "`welcome_message este mês`.",
        ),
    ],
)
def test_unrecognized(language: Language, message: str) -> None:
    error = unrecognized_error(["lsat", "wek"], {"lsat": "last"}, language)
    assert error.message == message
    assert error.unrecognized == ("lsat", "wek")
    assert error.language == language


def test_pairs_are_joined_in_the_users_language() -> None:
    assert "*a* y *b*" in pair_error(Problem.TWO_TEMPLATES, "a", "b", "es").message
    assert "*a* e *b*" in pair_error(Problem.TWO_DATES, "a", "b", "pt").message


@pytest.mark.parametrize("language", ["en", "es", "pt"])
@pytest.mark.parametrize("problem", list(Problem))
def test_every_problem_has_a_sentence_in_every_language(
    problem: Problem, language: Language
) -> None:
    if problem is Problem.TOO_LONG:
        message = too_long_error(612, 500, language).message
        assert "612" in message and "500" in message
    elif problem is Problem.UNRECOGNIZED:
        message = unrecognized_error(["x"], {}, language).message
    elif problem in (Problem.TWO_TEMPLATES, Problem.TWO_DATES):
        message = pair_error(problem, "one", "two", language).message
    else:
        message = phrase_error(problem, "nov 3", language).message
        assert "*nov 3*" in message
    assert "{" not in message and "`" in message
