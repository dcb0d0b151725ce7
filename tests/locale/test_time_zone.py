"""A time zone is shown to people by a name they read in their language, never as the
raw IANA id ("America/Argentina/Buenos_Aires")."""

from __future__ import annotations

import pytest

from bot.locale import formats
from bot.locale.languages import Language


@pytest.mark.parametrize(
    ("zone", "language", "name"),
    [
        ("America/Argentina/Buenos_Aires", "en", "Buenos Aires time"),
        ("America/Argentina/Buenos_Aires", "es", "hora de Buenos Aires"),
        ("America/Argentina/Buenos_Aires", "pt", "horário de Buenos Aires"),
        ("America/Mexico_City", "es", "hora de Ciudad de México"),
        ("America/Sao_Paulo", "pt", "horário de São Paulo"),
        ("UTC", "es", "UTC"),
        ("Etc/GMT+3", "en", "Etc/GMT+3"),
        ("Not/A_Zone", "pt", "Not/A_Zone"),
    ],
)
def test_a_time_zone_reads_as_a_place(zone: str, language: Language, name: str) -> None:
    assert formats.time_zone(zone, language) == name
