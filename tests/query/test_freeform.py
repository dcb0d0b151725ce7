from __future__ import annotations

from datetime import date

import pytest

from bot.query.freeform import FreeformDate, read_freeform

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2 days ago", FreeformDate(date(2026, 11, 21), "day", "en")),
        ("hace 2 días", FreeformDate(date(2026, 11, 21), "day", "es")),
        ("há 2 dias", FreeformDate(date(2026, 11, 21), "day", "pt")),
        ("hace una semana", FreeformDate(date(2026, 11, 16), "week", "es")),
    ],
)
def test_reads_relative_phrases_against_today(text: str, found: FreeformDate) -> None:
    assert read_freeform(text, TODAY) == found


@pytest.mark.parametrize("text", ["lsat wek", "promo", "", "x" * 61, "\x00"])
def test_nonsense_is_not_a_date(text: str) -> None:
    assert read_freeform(text, TODAY) is None
