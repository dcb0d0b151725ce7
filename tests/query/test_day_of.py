"""'El día de ayer', 'o dia de hoje': a day named with its unit in front is that day, alone
(both were refused as two periods or an unknown 'día'). Today is Monday 2026-11-23."""

from __future__ import annotations

import pytest

from bot.query.model import QueryError
from bot.query.parser import parse_query
from tests.factories import MONDAY
from tests.query.clocks import span

TODAY = ("2026-11-23", "2026-11-23")
YESTERDAY = ("2026-11-22", "2026-11-22")
DAY_BEFORE = ("2026-11-21", "2026-11-21")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fallidos el día de ayer", YESTERDAY),
        ("cuántos fallaron el dia de hoy", TODAY),
        ("el día de hoy cuántos envíos hubo", TODAY),
        ("resumen del día de ayer", YESTERDAY),
        ("envíos del dia de antier", DAY_BEFORE),
        ("falhas no dia de ontem", YESTERDAY),
        ("como foi o dia de ontem?", YESTERDAY),
        ("resumo do dia de hoje", TODAY),
        ("envios do dia de anteontem", DAY_BEFORE),
        # Without a day after it, "del día" / "do dia" is still today.
        ("resumen del día", TODAY),
        ("resumo do dia", TODAY),
    ],
)
def test_the_day_of_a_relative_day_is_that_day(text: str, expected: tuple[str, str]) -> None:
    assert span(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "fallidos el día de la semana pasada",  # which day? named back, not guessed
        "falhas no dia de semana passada",
    ],
)
def test_a_day_of_a_longer_period_is_not_read_as_that_period(text: str) -> None:
    with pytest.raises(QueryError):
        parse_query(text, now=MONDAY, tz="UTC")
