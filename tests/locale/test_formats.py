from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.locale import formats
from bot.locale.languages import Language


@pytest.mark.parametrize(
    ("language", "number", "rate"),
    [("en", "1,234,567", "95.2%"), ("es", "1.234.567", "95,2%"), ("pt", "1.234.567", "95,2%")],
)
def test_numbers_and_rates(language: Language, number: str, rate: str) -> None:
    assert formats.number(1234567, language) == number
    assert formats.rate(0.95234, language) == rate


def test_rate_rounds_to_one_decimal_and_shows_a_dash_when_undefined() -> None:
    assert formats.rate(1.0, "en") == "100.0%"
    assert formats.rate(0.0, "en") == "0.0%"
    assert formats.rate(2 / 3, "en") == "66.7%"
    assert formats.rate(None, "en") == "—"


def test_local_datetime_uses_the_question_zone() -> None:
    moment = datetime(2026, 11, 17, 1, 30, tzinfo=UTC)  # still the 16th in Buenos Aires
    assert formats.local_datetime(moment, "America/Argentina/Buenos_Aires", "es") == (
        "16 nov 2026 22:30"
    )
    assert formats.local_datetime(moment, "Asia/Tokyo", "pt") == "17 de nov. de 2026 10:30"


def test_slack_date_token() -> None:
    moment = datetime(2025, 11, 16, 21, 30, tzinfo=UTC)
    assert formats.slack_date(moment, "Nov 16") == (
        "<!date^1763328600^{date_short_pretty} {time}|Nov 16>"
    )


@pytest.mark.parametrize(
    ("percentage", "bar"),
    [
        (0.0, "░░░░░░░░░░ 0%"),
        (52.0, "▓▓▓▓▓░░░░░ 52%"),
        (100.0, "▓▓▓▓▓▓▓▓▓▓ 100%"),
        (-5.0, "░░░░░░░░░░ 0%"),
        (250.0, "▓▓▓▓▓▓▓▓▓▓ 100%"),
        (float("nan"), "░░░░░░░░░░ 0%"),
    ],
)
def test_progress_bar(percentage: float, bar: str) -> None:
    assert formats.progress_bar(percentage, "en") == bar


@pytest.mark.parametrize(
    ("percentage", "language", "shown"),
    [
        (45.0, "en", "45%"),
        (45.5, "es", "45,5%"),
        (85.04, "pt", "85%"),
        (99.97, "en", "99.9%"),  # not all of it: never "100%"
        (100.0, "en", "100%"),
        (130.0, "en", "100%"),
        (-1.0, "en", "0%"),
        (float("nan"), "en", "0%"),
    ],
)
def test_a_percentage_mindo_reports_is_as_short_as_it_is_exact(
    percentage: float, language: Language, shown: str
) -> None:
    """A send's progress or a quota used: "45%", not the "45.0%" a measured rate shows."""
    assert formats.reported(percentage, language) == shown


@pytest.mark.parametrize(
    ("value", "language", "shown"),
    [
        (1 / 4215, "en", "<0.1%"),  # 1 failed of 4,215: not "0.0%", which reads as none
        (1 / 4215, "es", "<0,1%"),
        (4214 / 4215, "pt", ">99,9%"),  # 1 missing: not "100,0%", which reads as all
        (0.0006, "en", "0.1%"),
        (0.9994, "en", "99.9%"),
    ],
)
def test_a_rate_of_some_is_never_shown_as_none_or_all(
    value: float, language: Language, shown: str
) -> None:
    assert formats.rate(value, language) == shown
