from __future__ import annotations

from datetime import date

import pytest

from bot.domain.sends import PROBLEMS, STATUS_ORDER, Status
from bot.locale.languages import Language
from bot.message.describe import QueryDescription, describe_query, looking_up_text
from bot.message.text import ZWJ
from tests.factories import BUENOS_AIRES, make_query

THIN = "\u2009"
TODAY = date(2026, 11, 20)  # a Friday
MONDAY = date(2026, 11, 23)


def test_description_of_a_question() -> None:
    query = make_query(Status.FAILED, template="welcome_message")
    assert describe_query(query, today=TODAY) == QueryDescription(
        statuses="failed",
        range_words="last week",
        range_dates=f"Nov 9{THIN}–{THIN}15, 2026",
        timezone=BUENOS_AIRES,
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
    ("period", "start", "end", "words"),
    [
        ("today", TODAY, TODAY, "today"),
        ("yesterday", date(2026, 11, 19), date(2026, 11, 19), "yesterday"),
        ("this_week", date(2026, 11, 16), TODAY, "this week"),
        ("last_week", date(2026, 11, 9), date(2026, 11, 15), "last week"),
        ("this_month", date(2026, 11, 1), TODAY, "this month"),
        ("last_month", date(2026, 10, 1), date(2026, 10, 31), "last month"),
        ("this_year", date(2026, 1, 1), TODAY, "this year"),
        ("last_year", date(2025, 1, 1), date(2025, 12, 31), "last year"),
        ("last_n_days:30", date(2026, 10, 22), TODAY, "last 30 days"),
        ("last_n_days:1", TODAY, TODAY, "today"),
        ("last_n_weeks:1", date(2026, 11, 14), TODAY, "last 7 days"),
        ("last_n_weeks:2", date(2026, 11, 7), TODAY, "last 2 weeks"),
        ("last_n_months:3", date(2026, 8, 21), TODAY, "last 3 months"),
        ("last_n_years:2", date(2024, 11, 21), TODAY, "last 2 years"),
        ("month", date(2026, 9, 1), date(2026, 9, 30), "September 2026"),
        ("month", date(2026, 11, 1), TODAY, "November 2026"),  # "november", cut at today
        ("year", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("day", date(2026, 11, 3), date(2026, 11, 3), None),
        ("between", date(2026, 11, 3), date(2026, 11, 10), None),
        ("between", date(2026, 10, 1), date(2026, 10, 31), "October 2026"),  # still true
        (None, date(2026, 9, 1), date(2026, 9, 30), "September 2026"),
        (None, date(2024, 1, 1), date(2024, 12, 31), "2024"),
    ],
)
def test_range_words(period: str | None, start: date, end: date, words: str | None) -> None:
    query = make_query(start=start, end=end, period=period)
    assert describe_query(query, today=TODAY).range_words == words


# Before, the words were rebuilt from the dates: each of these said something else.
@pytest.mark.parametrize(
    ("period", "start", "end", "today", "words", "not_words"),
    [
        ("last_n_months:3", date(2026, 8, 24), MONDAY, MONDAY, "last 3 months", "last 92 days"),
        ("month", date(2026, 10, 1), date(2026, 10, 31), MONDAY, "October 2026", "last month"),
        ("this_week", MONDAY, MONDAY, MONDAY, "this week", "today"),
        ("since", date(2026, 11, 3), MONDAY, MONDAY, None, "last 21 days"),
        ("after", date(2026, 11, 17), MONDAY, MONDAY, None, "last 7 days"),
        ("until", None, date(2026, 11, 9), MONDAY, None, None),
    ],
)
def test_the_period_is_named_as_it_was_asked(
    period: str,
    start: date | None,
    end: date,
    today: date,
    words: str | None,
    not_words: str | None,
) -> None:
    description = describe_query(make_query(start=start, end=end, period=period), today=today)
    assert description.range_words == words
    assert not_words is None or not_words not in description.range


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("last_week", date(2026, 11, 2), date(2026, 11, 8)),  # asked a week earlier
        ("today", date(2026, 11, 19), date(2026, 11, 19)),  # asked yesterday
        ("last_n_days:7", date(2026, 11, 13), date(2026, 11, 19)),
        ("last_n_months:3", date(2026, 8, 1), TODAY),  # not what 3 months means
        # A garbled period can no longer reach here: it is typed, and buttons refuse bad
        # codes (tests/query/test_codec.py).
    ],
)
def test_words_that_no_longer_fit_the_dates_are_left_out(
    period: str, start: date, end: date
) -> None:
    query = make_query(start=start, end=end, period=period)
    assert describe_query(query, today=TODAY).range_words is None


def test_relative_words_need_today() -> None:
    assert describe_query(make_query(period="last_week")).range_words is None


@pytest.mark.parametrize(
    ("language", "period", "start", "words"),
    [
        ("es", "last_n_months:3", date(2026, 8, 21), "últimos 3 meses"),
        ("pt", "last_n_weeks:2", date(2026, 11, 7), "últimas 2 semanas"),
        ("pt", "last_n_years:2", date(2024, 11, 21), "últimos 2 anos"),
    ],
)
def test_rolling_periods_in_each_language(
    language: Language, period: str, start: date, words: str
) -> None:
    query = make_query(start=start, end=TODAY, period=period, language=language)
    assert describe_query(query, today=TODAY).range_words == words


def test_early_january() -> None:
    today = date(2027, 1, 2)
    last_month = make_query(start=date(2026, 12, 1), end=date(2026, 12, 31), period="last_month")
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
