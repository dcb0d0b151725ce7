"""Moments said with the words before them: the hour's article agrees in Spanish and
Portuguese ("a la 1:00", "a las 9:00", "à 01:00", "às 09:00"), and a moment on another
day says its day with its own words ("hasta el 6 dic 2026 a las 9:00", once
"hasta las 6 dic 2026 9:00")."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.domain.schedule import EVERY_DAY, DigestSchedule
from bot.locale.languages import Language
from bot.message.alert_replies import build_muted_message, build_muted_note
from bot.message.digest_replies import build_list_message, build_saved_message, describe_schedule
from bot.message.moments import at_clock, at_moment, until_moment, up_to
from bot.query.alert_mute import MuteRequest
from tests.factories import make_digest

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
ZONE = "America/Argentina/Buenos_Aires"  # 9:00 there at NOW


@pytest.mark.parametrize(
    ("language", "hour", "said"),
    [
        ("es", 1, "a la 1:00"),
        ("es", 9, "a las 9:00"),
        ("es", 0, "a las 0:00"),
        ("pt", 1, "à 01:00"),
        ("pt", 0, "à 00:00"),
        ("pt", 9, "às 09:00"),
        ("en", 1, "at 1:00\u202fAM"),
    ],
)
def test_the_hours_article_agrees(language: Language, hour: int, said: str) -> None:
    assert at_clock(time(hour, 0), language) == said


@pytest.mark.parametrize(
    ("language", "later", "said"),
    [
        ("es", timedelta(hours=1), "hasta las 10:00"),
        ("es", timedelta(hours=24), "hasta el 6 dic 2026 a las 9:00"),
        ("es", timedelta(hours=16), "hasta el 6 dic 2026 a la 1:00"),
        ("pt", timedelta(hours=1), "até as 10:00"),
        ("pt", timedelta(hours=24), "até 6 de dez. de 2026 às 09:00"),
        ("en", timedelta(hours=24), "until Dec 6, 2026 at 9:00\u202fAM"),
    ],
)
def test_until_names_another_day_with_its_own_words(
    language: Language, later: timedelta, said: str
) -> None:
    assert until_moment(NOW + later, ZONE, NOW, language) == said


def test_at_a_moment_on_another_day() -> None:
    yesterday = NOW - timedelta(hours=20)  # 13:00 the day before, in the zone
    assert at_moment(yesterday, ZONE, NOW, "es") == "el 4 dic 2026 a las 13:00"
    assert at_moment(NOW, ZONE, NOW, "pt") == "às 09:00"


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", "están silenciadas hasta el 6 dic 2026 a las 9:00."),
        ("pt", "estão silenciados até 6 de dez. de 2026 às 09:00."),
        ("en", "are muted until Dec 6, 2026 at 9:00\u202fAM."),
    ],
)
def test_a_template_muted_for_24_hours_says_until_which_day(language: Language, said: str) -> None:
    request = MuteRequest("C1", "welcome_message", language)
    until = NOW + timedelta(hours=24)
    told = build_muted_message(request, until, ZONE, NOW, language=language)
    assert told.text.endswith(said)
    assert build_muted_note(request, "U1", until, ZONE, NOW).text.endswith(said[-25:])


def test_a_digest_at_one_oclock() -> None:
    schedule = DigestSchedule(hour=1, minute=0, days=EVERY_DAY, timezone=ZONE)
    assert "a la 1:00 (" in describe_schedule(schedule, "es")
    assert "à 01:00 (" in describe_schedule(schedule, "pt")


@pytest.mark.parametrize(
    ("language", "hour", "said"),
    [
        ("en", 9, "Next one: Dec 6, 2026 at 9:00\u202fAM."),
        ("es", 9, "El próximo: 6 dic 2026 a las 9:00."),
        ("es", 1, "El próximo: 6 dic 2026 a la 1:00."),
        ("pt", 9, "O próximo: 6 de dez. de 2026 às 09:00."),
    ],
)
def test_a_digests_next_post_says_its_day_and_time_with_words_between(
    language: Language, hour: int, said: str
) -> None:
    """ "Next one: Dec 6, 2026 9:00 AM" ran the day into the hour ("19 nov 2026 9:00")."""
    digest = make_digest("C1", hour=hour, tz=ZONE)
    later = NOW + timedelta(hours=6)  # 15:00 in the zone: the next post is tomorrow's
    saved = build_saved_message(digest, later, language=language)
    assert said in saved.text
    listed = build_list_message([digest], {}, later, language).to_dict()
    assert said.split(": ", 1)[1].rstrip(".") in json.dumps(listed, ensure_ascii=False)


def test_the_home_tabs_comparison_moment_agrees_with_its_hour() -> None:
    one_am = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)  # 1:00 in Buenos Aires
    assert up_to(one_am, ZONE, "es") == "hasta la 1:00"
    assert up_to(one_am, ZONE, "pt") == "até a 01:00"
    assert up_to(one_am, ZONE, "en") == "up to 1:00\u202fAM"
