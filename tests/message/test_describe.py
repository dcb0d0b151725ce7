from __future__ import annotations

from datetime import date

import pytest

from bot.message.describe import QueryDescription, describe_query, looking_up_text
from bot.message.text import ZWJ
from bot.query.model import Language
from bot.status import PROBLEMS, STATUS_ORDER, Status
from tests.message.factories import TZ, make_query

THIN = "\u2009"
TODAY = date(2026, 11, 20)  # a Friday


def test_description_of_a_question() -> None:
    query = make_query(Status.FAILED, template="welcome_message")
    assert describe_query(query, today=TODAY) == QueryDescription(
        statuses="failed",
        range_words="last week",
        range_dates=f"Nov 9{THIN}–{THIN}15, 2026",
        timezone=TZ,
        default_note=None,
        template="welcome_message",
    )
    assert describe_query(query, today=TODAY).range == f"last week · Nov 9{THIN}–{THIN}15, 2026"


@pytest.mark.parametrize(
    ("language", "words", "dates"),
    [
        ("en", "last week", f"Nov 9{THIN}–{THIN}15, 2026"),
        ("es", "la semana pasada", "9–15 nov 2026"),
        ("pt", "a semana passada", f"9{THIN}–{THIN}15 de nov. de 2026"),
    ],
)
def test_each_language(language: Language, words: str, dates: str) -> None:
    description = describe_query(make_query(language=language), today=TODAY)
    assert (description.range_words, description.range_dates) == (words, dates)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (TODAY, TODAY, "today"),
        (date(2026, 11, 19), date(2026, 11, 19), "yesterday"),
        (date(2026, 11, 16), TODAY, "this week"),
        (date(2026, 11, 9), date(2026, 11, 15), "last week"),
        (date(2026, 11, 1), TODAY, "this month"),
        (date(2026, 10, 1), date(2026, 10, 31), "last month"),
        (date(2026, 1, 1), TODAY, "this year"),
        (date(2025, 1, 1), date(2025, 12, 31), "last year"),
        (date(2026, 10, 22), TODAY, "last 30 days"),
        (date(2026, 9, 1), date(2026, 9, 30), "September 2026"),
        (date(2024, 1, 1), date(2024, 12, 31), "2024"),
        (date(2026, 11, 3), date(2026, 11, 3), None),
        (date(2026, 11, 3), date(2026, 11, 10), None),
    ],
)
def test_range_words(start: date, end: date, words: str | None) -> None:
    query = make_query(start=start, end=end)
    assert describe_query(query, today=TODAY).range_words == words


def test_on_a_monday_today_wins_over_this_week() -> None:
    monday = date(2026, 11, 16)
    query = make_query(start=monday, end=monday)
    assert describe_query(query, today=monday).range_words == "today"


def test_early_january() -> None:
    today = date(2027, 1, 2)
    last_month = make_query(start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert describe_query(last_month, today=today).range_words == "last month"
    last_week = make_query(start=date(2026, 12, 21), end=date(2026, 12, 27))
    assert describe_query(last_week, today=today).range_words == "last week"


def test_without_today_only_the_shape_is_named() -> None:
    assert describe_query(make_query()).range_words is None
    month = make_query(start=date(2026, 10, 1), end=date(2026, 10, 31), language="es")
    assert describe_query(month).range_words == "octubre de 2026"


def test_open_start_reads_until() -> None:
    query = make_query(start=None, end=date(2026, 11, 15), language="es")
    description = describe_query(query, today=TODAY)
    assert description.range_words is None
    assert description.range == "hasta el 15 nov 2026"


def test_default_range_is_said() -> None:
    query = make_query(start=date(2026, 11, 14), end=TODAY, default_range=True)
    description = describe_query(query, today=TODAY)
    assert description.default_note == "last 7 days by default"
    assert description.range_words is None
    assert make_query().default_range is False
    assert describe_query(make_query(), today=TODAY).default_note is None


@pytest.mark.parametrize(
    ("statuses", "language", "words"),
    [
        ((), "en", "all statuses"),
        (tuple(STATUS_ORDER), "en", "all statuses"),
        (tuple(PROBLEMS), "en", "partial or failed"),
        (
            (Status.QUEUED, Status.PROCESSING, Status.CANCELLED),
            "en",
            "queued, processing, or cancelled",
        ),
        (tuple(PROBLEMS), "es", "parciales o fallidos"),
        ((), "pt", "todos os status"),
        ((Status.COMPLETED, Status.FAILED), "pt", "concluídos ou com falha"),
    ],
)
def test_statuses_in_words(statuses: tuple[Status, ...], language: Language, words: str) -> None:
    assert describe_query(make_query(*statuses, language=language)).statuses == words


def test_looking_up_text() -> None:
    query = make_query(Status.FAILED)
    assert (
        looking_up_text(query) == f"⏳ Looking up failed bulk sends for Nov 9{THIN}–{THIN}15, 2026…"
    )
    es = make_query(Status.FAILED, template="promo_2025", language="es")
    assert looking_up_text(es) == (
        "⏳ Buscando envíos masivos fallidos de la plantilla promo_2025 para 9–15 nov 2026…"
    )
    pt = make_query(language="pt")
    assert looking_up_text(pt).startswith("⏳ Buscando envios em massa para 9")


def test_looking_up_text_is_safe_with_any_template() -> None:
    text = looking_up_text(make_query(template="<!channel> *everyone* " + "x" * 1000))
    assert "<!channel>" not in text
    assert "*everyone*" not in text.replace(ZWJ, "_")
    assert len(text) < 400
