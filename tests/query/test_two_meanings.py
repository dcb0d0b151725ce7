"""Spanish "mar" is marzo and martes: one rule in both grammars (docs/query-language.md).

The month in a date (a day number, a year or a date preposition beside it), the weekday
beside another weekday and in a digest's days; alone it is named back.
"""

from __future__ import annotations

import pytest

from bot.query.model import QueryError
from bot.query.parser import parse_query
from tests.factories import MONDAY
from tests.query.clocks import span


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("mar 3", "2026-03-03", "2026-03-03"),
        ("3 mar", "2026-03-03", "2026-03-03"),
        ("mar 2025", "2025-03-01", "2025-03-31"),
        ("desde mar", "2026-03-01", "2026-11-23"),
        ("en mar", "2026-03-01", "2026-03-31"),
        ("de lun a mar", "2026-11-16", "2026-11-17"),
        ("de mar a jue", "2026-11-17", "2026-11-19"),
        ("lun - mar", "2026-11-16", "2026-11-17"),
    ],
)
def test_the_month_in_a_date_the_weekday_beside_a_weekday(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


@pytest.mark.parametrize("text", ["mar", "fallidos el mar", "mar - sat"])
def test_alone_it_is_named_back(text: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text, now=MONDAY, tz="UTC")
    assert "mar" in raised.value.unrecognized
