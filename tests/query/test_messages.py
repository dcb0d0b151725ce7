from __future__ import annotations

from datetime import date

import pytest

from bot.locale.languages import Language
from bot.query.messages import (
    pair_error,
    phrase_error,
    too_long_error,
    unrecognized_error,
)
from bot.query.problems import Problem


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
    elif problem is Problem.NEGATION:
        message = unrecognized_error(["no"], {}, language, negated=True).message
        plain = unrecognized_error(["no"], {}, language).message
        assert message.startswith(plain.split(". ")[0]) and len(message) > len(plain)
    elif problem in (Problem.TWO_TEMPLATES, Problem.TWO_DATES):
        message = pair_error(problem, "one", "two", language).message
    else:
        message = phrase_error(problem, "nov 3", language, date(2026, 11, 3)).message
        assert "*nov 3*" in message
    assert "{" not in message and "`" in message


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "*sun 3* doesn't add up: November 3, 2026 is a Tuesday."),
        ("es", "*dom 3* no cuadra: el 3 de noviembre de 2026 es martes."),
        ("pt", "*dom 3* não confere: 3 de novembro de 2026 é terça-feira."),
    ],
)
def test_a_date_on_another_weekday_names_its_weekday(language: Language, sentence: str) -> None:
    phrase = "sun 3" if language == "en" else "dom 3"
    error = phrase_error(Problem.WRONG_WEEKDAY, phrase, language, date(2026, 11, 3))
    assert error.message.startswith(sentence)


def test_too_far_back_says_how_far_one_may_go() -> None:
    error = phrase_error(Problem.TOO_FAR, "last 99999 weeks", "en", date(2016, 1, 1))
    assert error.message.startswith(
        "*last 99999 weeks* goes back too far: I can look as far back as 2016."
    )
