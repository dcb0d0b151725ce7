"""Every date phrase of the contract, in the three languages, at awkward clocks."""

from __future__ import annotations

import pytest

from bot.query.model import QueryError
from bot.query.parser import parse_query
from tests.factories import (
    BUENOS_AIRES,
    LATE_EVENING,
    MONDAY,
    MONTH_END,
    NEW_YEAR,
    TOKYO,
    TOKYO_MORNING,
)
from tests.query.clocks import ask, span

# Today is Monday 2026-11-23.
ON_A_MONDAY = [
    ("today", "2026-11-23", "2026-11-23"),
    ("hoy", "2026-11-23", "2026-11-23"),
    ("hoje", "2026-11-23", "2026-11-23"),
    ("yesterday", "2026-11-22", "2026-11-22"),
    ("ayer", "2026-11-22", "2026-11-22"),
    ("ontem", "2026-11-22", "2026-11-22"),
    ("the day before yesterday", "2026-11-21", "2026-11-21"),
    ("anteayer", "2026-11-21", "2026-11-21"),
    ("anteontem", "2026-11-21", "2026-11-21"),
    ("this week", "2026-11-23", "2026-11-23"),
    ("esta semana", "2026-11-23", "2026-11-23"),
    ("last week", "2026-11-16", "2026-11-22"),
    ("previous week", "2026-11-16", "2026-11-22"),
    ("la semana pasada", "2026-11-16", "2026-11-22"),
    ("semana pasada", "2026-11-16", "2026-11-22"),
    ("semana passada", "2026-11-16", "2026-11-22"),
    ("a semana passada", "2026-11-16", "2026-11-22"),
    ("this month", "2026-11-01", "2026-11-23"),
    ("este mes", "2026-11-01", "2026-11-23"),
    ("este mês", "2026-11-01", "2026-11-23"),
    ("last month", "2026-10-01", "2026-10-31"),
    ("previous month", "2026-10-01", "2026-10-31"),
    ("el mes pasado", "2026-10-01", "2026-10-31"),
    ("mes pasado", "2026-10-01", "2026-10-31"),
    ("mês passado", "2026-10-01", "2026-10-31"),
    ("o mês passado", "2026-10-01", "2026-10-31"),
    ("this year", "2026-01-01", "2026-11-23"),
    ("este año", "2026-01-01", "2026-11-23"),
    ("este ano", "2026-01-01", "2026-11-23"),
    ("last year", "2025-01-01", "2025-12-31"),
    ("el año pasado", "2025-01-01", "2025-12-31"),
    ("ano passado", "2025-01-01", "2025-12-31"),
    ("last 7 days", "2026-11-17", "2026-11-23"),
    ("past 7 days", "2026-11-17", "2026-11-23"),
    ("los últimos 7 días", "2026-11-17", "2026-11-23"),
    ("ultimos 7 dias", "2026-11-17", "2026-11-23"),
    ("last 2 weeks", "2026-11-10", "2026-11-23"),
    ("last two weeks", "2026-11-10", "2026-11-23"),
    ("últimas 2 semanas", "2026-11-10", "2026-11-23"),
    ("últimas duas semanas", "2026-11-10", "2026-11-23"),
    ("last 3 months", "2026-08-24", "2026-11-23"),
    ("últimos 3 meses", "2026-08-24", "2026-11-23"),
    ("monday", "2026-11-23", "2026-11-23"),
    ("lunes", "2026-11-23", "2026-11-23"),
    ("segunda", "2026-11-23", "2026-11-23"),
    ("tuesday", "2026-11-17", "2026-11-17"),
    ("terça-feira", "2026-11-17", "2026-11-17"),
    ("miércoles", "2026-11-18", "2026-11-18"),
    ("miercoles", "2026-11-18", "2026-11-18"),
    ("quarta feira", "2026-11-18", "2026-11-18"),
    ("friday", "2026-11-20", "2026-11-20"),
    ("viernes", "2026-11-20", "2026-11-20"),
    ("sexta", "2026-11-20", "2026-11-20"),
    ("sábado", "2026-11-21", "2026-11-21"),
    ("sabado", "2026-11-21", "2026-11-21"),
    ("sunday", "2026-11-22", "2026-11-22"),
    ("domingo", "2026-11-22", "2026-11-22"),
    ("last monday", "2026-11-16", "2026-11-16"),
    ("el lunes pasado", "2026-11-16", "2026-11-16"),
    ("segunda passada", "2026-11-16", "2026-11-16"),
    ("last sat", "2026-11-21", "2026-11-21"),
    ("nov 3", "2026-11-03", "2026-11-03"),
    ("3 nov", "2026-11-03", "2026-11-03"),
    ("November 3rd", "2026-11-03", "2026-11-03"),
    ("the 3rd of november", "2026-11-03", "2026-11-03"),
    ("november the 3rd", "2026-11-03", "2026-11-03"),
    ("3 de noviembre", "2026-11-03", "2026-11-03"),
    ("el día 3 de noviembre", "2026-11-03", "2026-11-03"),
    ("3 de novembro", "2026-11-03", "2026-11-03"),
    ("no dia 3 de novembro", "2026-11-03", "2026-11-03"),
    ("1º de novembro", "2026-11-01", "2026-11-01"),
    ("1ero de noviembre", "2026-11-01", "2026-11-01"),
    ("on the 1st", "2026-11-01", "2026-11-01"),
    ("tuesday, november 3", "2026-11-03", "2026-11-03"),
    ("martes 3 de noviembre", "2026-11-03", "2026-11-03"),
    ("nov 30", "2025-11-30", "2025-11-30"),
    ("2025-11-03", "2025-11-03", "2025-11-03"),
    ("3/11", "2026-11-03", "2026-11-03"),
    ("3/11/2025", "2025-11-03", "2025-11-03"),
    ("3/11/25", "2025-11-03", "2025-11-03"),
    ("3.11.2025", "2025-11-03", "2025-11-03"),
    ("nov 3, 2025", "2025-11-03", "2025-11-03"),
    ("3 de noviembre de 2025", "2025-11-03", "2025-11-03"),
    ("october", "2026-10-01", "2026-10-31"),
    ("in october", "2026-10-01", "2026-10-31"),
    ("octubre", "2026-10-01", "2026-10-31"),
    ("en octubre", "2026-10-01", "2026-10-31"),
    ("outubro", "2026-10-01", "2026-10-31"),
    ("em outubro", "2026-10-01", "2026-10-31"),
    ("oct 2025", "2025-10-01", "2025-10-31"),
    ("octubre de 2025", "2025-10-01", "2025-10-31"),
    ("o mês de outubro", "2026-10-01", "2026-10-31"),
    ("november", "2026-11-01", "2026-11-23"),
    ("december", "2025-12-01", "2025-12-31"),
    ("dic", "2025-12-01", "2025-12-31"),
    ("dez", "2025-12-01", "2025-12-31"),
    ("sept", "2026-09-01", "2026-09-30"),
    ("março", "2026-03-01", "2026-03-31"),
    ("marco", "2026-03-01", "2026-03-31"),
    ("last october", "2026-10-01", "2026-10-31"),
    ("last november", "2025-11-01", "2025-11-30"),
    ("noviembre pasado", "2025-11-01", "2025-11-30"),
    ("in 2025", "2025-01-01", "2025-12-31"),
    ("in may", "2026-05-01", "2026-05-31"),
    ("may 3", "2026-05-03", "2026-05-03"),
    ("3 may", "2026-05-03", "2026-05-03"),
    ("on sun", "2026-11-22", "2026-11-22"),
    ("since nov 3", "2026-11-03", "2026-11-23"),
    ("from nov 3", "2026-11-03", "2026-11-23"),
    ("since mar", "2026-03-01", "2026-11-23"),
    ("since the 3rd", "2026-11-03", "2026-11-23"),
    ("since last week", "2026-11-16", "2026-11-23"),
    ("desde el 3 de noviembre", "2026-11-03", "2026-11-23"),
    ("a partir del 3 de noviembre", "2026-11-03", "2026-11-23"),
    ("desde 3 de novembro", "2026-11-03", "2026-11-23"),
    ("a partir de 3 de novembro", "2026-11-03", "2026-11-23"),
    ("between nov 3 and nov 9", "2026-11-03", "2026-11-09"),
    ("between nov 3 and 9", "2026-11-03", "2026-11-09"),
    ("from nov 3 to 9", "2026-11-03", "2026-11-09"),
    ("from 3 to 9 november", "2026-11-03", "2026-11-09"),
    ("nov 3 to nov 9", "2026-11-03", "2026-11-09"),
    ("nov 3 - 9", "2026-11-03", "2026-11-09"),
    ("3 - 9 nov", "2026-11-03", "2026-11-09"),
    ("3/11 - 9/11", "2026-11-03", "2026-11-09"),
    ("entre el 3 y el 9 de noviembre", "2026-11-03", "2026-11-09"),
    ("del 3 al 9 de noviembre", "2026-11-03", "2026-11-09"),
    ("de 3 a 9 de noviembre", "2026-11-03", "2026-11-09"),
    ("desde el 3 hasta el 9 de noviembre", "2026-11-03", "2026-11-09"),
    ("entre 3 e 9 de novembro", "2026-11-03", "2026-11-09"),
    ("de 3 a 9 de novembro", "2026-11-03", "2026-11-09"),
    ("do dia 3 ao dia 9 de novembro", "2026-11-03", "2026-11-09"),
    ("de março a maio", "2026-03-01", "2026-05-31"),
    ("may to june", "2026-05-01", "2026-06-30"),
    ("between yesterday and today", "2026-11-22", "2026-11-23"),
    ("from last monday to friday", "2026-11-16", "2026-11-20"),
    ("from nov 3 up to nov 9", "2026-11-03", "2026-11-09"),
    ("until nov 9", None, "2026-11-09"),
    ("through nov 9", None, "2026-11-09"),
    ("hasta el 9 de noviembre", None, "2026-11-09"),
    ("até 9 de novembro", None, "2026-11-09"),
    ("until friday", None, "2026-11-20"),
    ("before nov 3", None, "2026-11-02"),
    ("antes del 3 de noviembre", None, "2026-11-02"),
    ("antes de 3 de novembro", None, "2026-11-02"),
    ("after nov 3", "2026-11-04", "2026-11-23"),
    ("después del 3 de noviembre", "2026-11-04", "2026-11-23"),
    ("depois de 3 de novembro", "2026-11-04", "2026-11-23"),
    ("after friday", "2026-11-21", "2026-11-23"),
]


@pytest.mark.parametrize(("text", "start", "end"), ON_A_MONDAY)
def test_date_phrases_on_a_monday(text: str, start: str | None, end: str) -> None:
    assert span(text) == (start, end)
    assert ask(text).default_range is False


# Today is Tuesday 2026-03-31: month arithmetic must clamp, not overflow.
ON_THE_31ST = [
    ("last month", "2026-02-01", "2026-02-28"),
    ("el mes pasado", "2026-02-01", "2026-02-28"),
    ("mês passado", "2026-02-01", "2026-02-28"),
    ("past month", "2026-03-01", "2026-03-31"),
    ("last 1 months", "2026-03-01", "2026-03-31"),
    ("últimos 2 meses", "2026-02-01", "2026-03-31"),
    ("last 3 months", "2026-01-01", "2026-03-31"),
    ("this month", "2026-03-01", "2026-03-31"),
    ("february", "2026-02-01", "2026-02-28"),
    ("feb 29", "2024-02-29", "2024-02-29"),
    ("29 de febrero", "2024-02-29", "2024-02-29"),
    ("the 31st", "2026-03-31", "2026-03-31"),
    ("since the 30th", "2026-03-30", "2026-03-31"),
    ("last week", "2026-03-23", "2026-03-29"),
]


@pytest.mark.parametrize(("text", "start", "end"), ON_THE_31ST)
def test_date_phrases_on_the_31st(text: str, start: str, end: str) -> None:
    assert span(text, MONTH_END) == (start, end)


# Today is Saturday 2027-01-02: last week, last month and december are in the previous year.
IN_EARLY_JANUARY = [
    ("last week", "2026-12-21", "2026-12-27"),
    ("la semana pasada", "2026-12-21", "2026-12-27"),
    ("this week", "2026-12-28", "2027-01-02"),
    ("december", "2026-12-01", "2026-12-31"),
    ("diciembre", "2026-12-01", "2026-12-31"),
    ("dezembro", "2026-12-01", "2026-12-31"),
    ("last month", "2026-12-01", "2026-12-31"),
    ("mês passado", "2026-12-01", "2026-12-31"),
    ("this year", "2027-01-01", "2027-01-02"),
    ("este año", "2027-01-01", "2027-01-02"),
    ("last year", "2026-01-01", "2026-12-31"),
    ("january", "2027-01-01", "2027-01-02"),
    ("last january", "2026-01-01", "2026-01-31"),
    ("last 7 days", "2026-12-27", "2027-01-02"),
    ("since december", "2026-12-01", "2027-01-02"),
    ("dec 20 to jan 5", "2026-12-20", "2027-01-02"),
    ("del 20 de diciembre al 5 de enero", "2026-12-20", "2027-01-02"),
    ("from dec 20 to jan 5 2027", "2026-12-20", "2027-01-02"),
    ("3/1", "2026-01-03", "2026-01-03"),
]


@pytest.mark.parametrize(("text", "start", "end"), IN_EARLY_JANUARY)
def test_date_phrases_in_early_january(text: str, start: str, end: str) -> None:
    assert span(text, NEW_YEAR) == (start, end)


LATE_IN_BUENOS_AIRES = [
    ("today", "2026-11-27", "2026-11-27"),
    ("hoy", "2026-11-27", "2026-11-27"),
    ("yesterday", "2026-11-26", "2026-11-26"),
    ("friday", "2026-11-27", "2026-11-27"),
    ("this week", "2026-11-23", "2026-11-27"),
    ("nov 28", "2025-11-28", "2025-11-28"),
    ("", "2026-11-21", "2026-11-27"),
]


@pytest.mark.parametrize(("text", "start", "end"), LATE_IN_BUENOS_AIRES)
def test_late_evening_is_still_today_locally(text: str, start: str, end: str) -> None:
    assert span(text, LATE_EVENING, BUENOS_AIRES) == (start, end)


EARLY_IN_TOKYO = [
    ("today", "2026-11-28", "2026-11-28"),
    ("hoje", "2026-11-28", "2026-11-28"),
    ("yesterday", "2026-11-27", "2026-11-27"),
    ("saturday", "2026-11-28", "2026-11-28"),
    ("this week", "2026-11-23", "2026-11-28"),
    ("last week", "2026-11-16", "2026-11-22"),
]


@pytest.mark.parametrize(("text", "start", "end"), EARLY_IN_TOKYO)
def test_tokyo_is_already_tomorrow(text: str, start: str, end: str) -> None:
    assert span(text, TOKYO_MORNING, TOKYO) == (start, end)


def test_no_date_words_means_the_last_7_days() -> None:
    query = ask("failed")
    assert span("failed") == ("2026-11-17", "2026-11-23")
    assert query.default_range is True


@pytest.mark.parametrize(
    ("week_start", "text", "start", "end"),
    [
        (6, "this week", "2026-11-22", "2026-11-23"),
        (6, "last week", "2026-11-15", "2026-11-21"),
        (0, "this week", "2026-11-23", "2026-11-23"),
    ],
)
def test_weeks_can_start_on_another_day(week_start: int, text: str, start: str, end: str) -> None:
    found = ask(text, week_start=week_start).range
    assert (str(found.start), str(found.end)) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2 days ago", "2026-11-21", "2026-11-21"),
        ("hace 2 días", "2026-11-21", "2026-11-21"),
        ("há 2 dias", "2026-11-21", "2026-11-21"),
        ("a week ago", "2026-11-16", "2026-11-22"),
        ("hace una semana", "2026-11-16", "2026-11-22"),
        ("since 2 days ago", "2026-11-21", "2026-11-23"),
    ],
)
def test_other_phrasings_are_read_by_dateparser(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "problem_words"),
    [
        ("tomorrow", "is in the future"),
        ("nov 30 2026", "is in the future"),
        ("december 2026", "is in the future"),
        ("this friday", "is in the future"),
        ("after today", "is in the future"),
        ("since 2030", "is in the future"),
        ("from nov 9 to nov 3", "starts after it ends"),
        ("del 9 de noviembre al 3 de noviembre", "empieza después de terminar"),
        ("30/02", "is not a date"),
        ("el 31 de abril", "no es una fecha"),
        ("2025-13-01", "is not a date"),
        ("last 0 days", "is not a date"),
        ("last 999999999 days", "goes back too far"),
    ],
)
def test_dates_that_cannot_be_used_are_explained(text: str, problem_words: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text, now=MONDAY, tz="UTC")
    assert problem_words in raised.value.message
    assert raised.value.unrecognized == ()


@pytest.mark.parametrize("word", ["may", "mar", "sat", "sun", "mon", "seg", "dom", "3", "2025"])
def test_a_lone_number_or_ambiguous_word_is_not_a_date(word: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(f"failed {word}", now=MONDAY, tz="UTC")
    assert raised.value.unrecognized == (word,)


@pytest.mark.parametrize(("text", "words"), [("3 to 9", ("3", "9")), ("mar - sat", ("mar", "sat"))])
def test_a_range_of_bare_words_is_not_a_date(text: str, words: tuple[str, ...]) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text, now=MONDAY, tz="UTC")
    assert raised.value.unrecognized == words


def test_two_periods_are_refused() -> None:
    with pytest.raises(QueryError) as raised:
        parse_query("failed yesterday and last week", now=MONDAY, tz="UTC")
    assert "one period" in raised.value.message
    assert "*yesterday*" in raised.value.message and "*last week*" in raised.value.message


def test_every_range_ends_by_today() -> None:
    assert span("since nov 3 2025 until nov 2030") == ("2025-11-03", "2026-11-23")
    assert span("this month") == ("2026-11-01", "2026-11-23")


def test_date_errors_are_in_the_users_language() -> None:
    with pytest.raises(QueryError) as raised:
        parse_query("mañana", now=MONDAY, tz="UTC")
    assert raised.value.language == "es"
    assert "futuro" in raised.value.message
