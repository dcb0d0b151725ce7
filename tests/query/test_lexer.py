from __future__ import annotations

import pytest

from bot.query.dates import Calendar
from bot.query.lexer import lex, template_name
from bot.query.vocabulary import Kind


def kinds(text: str) -> list[tuple[Kind, str]]:
    return [(lexeme.kind, lexeme.text) for lexeme in lex(text)]


def test_longest_phrase_wins() -> None:
    assert kinds("in progress last week a partir de") == [
        (Kind.STATUS, "in progress"),
        (Kind.RELATIVE, "last week"),
        (Kind.PREP, "a partir de"),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("3rd", Kind.ORDINAL, 3),
        ("1º", Kind.ORDINAL, 1),
        ("1ª", Kind.ORDINAL, 1),
        ("1ero", Kind.ORDINAL, 1),
        ("21st", Kind.ORDINAL, 21),
        ("7", Kind.NUMBER, 7),
        ("2025", Kind.NUMBER, 2025),
    ],
)
def test_numbers_and_ordinals(text: str, kind: Kind, number: int) -> None:
    (lexeme,) = lex(text)
    assert (lexeme.kind, lexeme.number) == (kind, number)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("3/11", Calendar(3, 11)),
        ("03/11/2025", Calendar(3, 11, 2025)),
        ("3/11/25", Calendar(3, 11, 2025)),
        ("3-11-2025", Calendar(3, 11, 2025)),
        ("2025-11-03", Calendar(3, 11, 2025)),
        ("2025/11/03", Calendar(3, 11, 2025)),
    ],
)
def test_numeric_dates_are_day_first_except_iso(text: str, date: Calendar) -> None:
    (lexeme,) = lex(text)
    assert (lexeme.kind, lexeme.date) == (Kind.NUMERIC_DATE, date)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("order_confirmation_v2", Kind.TEMPLATE),
        ("promo2", Kind.TEMPLATE),
        ("promo2x", Kind.TEMPLATE),
        ("2x1", Kind.WORD),  # a template needs an underscore or three letters first
        ("promo_2025_11", Kind.TEMPLATE),
        ("welcome", Kind.WORD),
        ("café_1", Kind.WORD),  # not a Meta template name
        ("45th", Kind.WORD),  # no such day, so not an ordinal, and not a template
        ("ab2", Kind.WORD),
        ("3pm", Kind.WORD),
        ("15h", Kind.WORD),
        ("9:30", Kind.WORD),
    ],
)
def test_template_like_words(text: str, kind: Kind) -> None:
    assert kinds(text) == [(kind, text)]


def test_template_name_is_lower_case_meta_name_or_none() -> None:
    assert template_name("Order_Confirmation_V2") == "order_confirmation_v2"
    assert template_name("bienvenida") == "bienvenida"
    assert template_name("año") is None
    assert template_name("___") is None


@pytest.mark.parametrize(
    ("text", "langs"),
    [
        ("mês", {"pt"}),
        ("mes", {"es"}),
        ("semana", {"es", "pt"}),
        ("sábado", {"es", "pt"}),
        ("failed", {"en"}),
        ("promo2", set()),
    ],
)
def test_spelling_tells_the_language(text: str, langs: set[str]) -> None:
    (lexeme,) = lex(text)
    assert lexeme.langs == langs


def test_ambiguous_words_are_marked() -> None:
    assert [lexeme.ambiguous for lexeme in lex("may mayo sun sunday seg segunda")] == [
        True,
        False,
        True,
        False,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("text", "lexemes"),
    [
        ("15days", [(Kind.NUMBER, "15"), (Kind.UNIT, "days")]),
        ("7d", [(Kind.NUMBER, "7"), (Kind.UNIT, "d")]),
        ("2w", [(Kind.NUMBER, "2"), (Kind.UNIT, "w")]),
        ("3dias", [(Kind.NUMBER, "3"), (Kind.UNIT, "dias")]),
        ("3nov", [(Kind.NUMBER, "3"), (Kind.MONTH, "nov")]),
        ("Nov3", [(Kind.MONTH, "nov"), (Kind.NUMBER, "3")]),
        ("days15", [(Kind.TEMPLATE, "days15")]),
        ("promo2", [(Kind.TEMPLATE, "promo2")]),
    ],
)
def test_numbers_stuck_to_units_and_months_are_split(
    text: str, lexemes: list[tuple[Kind, str]]
) -> None:
    found = lex(text)
    assert [(lexeme.kind, lexeme.text) for lexeme in found] == lexemes
    assert {lexeme.typed for lexeme in found} == {text}


@pytest.mark.parametrize(
    ("text", "kind"),
    [("€", Kind.SYMBOL), ("<@U1>", Kind.SYMBOL), ("no", Kind.NEGATION), ("sem", Kind.NEGATION)],
)
def test_symbols_mentions_and_negations(text: str, kind: Kind) -> None:
    assert [lexeme.kind for lexeme in lex(text)] == [kind]


def test_dashed_dates_and_glued_dashes_are_marked() -> None:
    three_nine, glued = lex("3-9")[0], lex("nov-3")[1]
    assert (three_nine.kind, three_nine.dashed, three_nine.date) == (
        Kind.NUMERIC_DATE,
        True,
        Calendar(3, 9),
    )
    assert (glued.kind, glued.glued) == (Kind.DASH, True)
    assert lex("3/9")[0].dashed is False
