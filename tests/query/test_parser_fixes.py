"""The problems a QA pass found in parse_query, one table each (today is Monday 2026-11-23)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.sends import Status
from bot.locale.languages import Language
from bot.query.model import QueryError
from bot.query.parser import parse_query
from bot.query.periods import period_code
from tests.factories import MONDAY, NEW_YEAR
from tests.query.clocks import ask, span

F, P, C = Status.FAILED, Status.PARTIAL, Status.COMPLETED


def refused(text: str, now: datetime = MONDAY, tz: str = "UTC", **options: object) -> QueryError:
    with pytest.raises(QueryError) as raised:
        parse_query(text, now=now, tz=tz, **options)  # type: ignore[arg-type]
    return raised.value


def language_of(text: str, user: Language | None = None) -> Language:
    try:
        return parse_query(text, now=MONDAY, tz="UTC", user_language=user).language
    except QueryError as error:
        return error.language


# 1. A negation flips the question: it is named back, never dropped.
@pytest.mark.parametrize(
    ("text", "words", "language"),
    [
        ("los que no fallaron la semana pasada", ("no",), "es"),
        ("no problems last week", ("no",), "en"),
        ("no errors", ("no",), "en"),
        ("no completados", ("no",), "es"),
        ("NO FALLIDOS", ("NO",), "es"),
        ("not failed", ("not",), "en"),
        ("failed, not partial", ("not",), "en"),
        ("sends without errors", ("without",), "en"),
        ("all except failed", ("except",), "en"),
        ("sin error", ("sin",), "es"),
        ("todos excepto fallidos", ("excepto",), "es"),
        ("não falharam", ("não",), "pt"),
        ("sem falha ontem", ("sem",), "pt"),
        ("todos exceto falhados", ("exceto",), "pt"),
        ("weren't completed", ("weren't",), "en"),
        ("no ayer", ("no",), "es"),  # Spanish "not yesterday", not Portuguese "on yesterday"
    ],
)
def test_negations_are_named_back(text: str, words: tuple[str, ...], language: str) -> None:
    error = refused(text)
    assert error.unrecognized == words
    assert error.language == language
    assert "did you mean" not in error.message and "quisiste" not in error.message
    assert (
        "statuses out" in error.message or "estados" in error.message or "status" in error.message
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("no dia 3 de novembro", "2026-11-03", "2026-11-03"),
        ("falharam no sábado", "2026-11-21", "2026-11-21"),
        ("no mês passado", "2026-10-01", "2026-10-31"),
    ],
)
def test_portuguese_no_before_a_date_is_still_in_the(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


# 2. A dash with no spaces joins a date: "3-nov", "nov-3", "3-11" (day first) are one day.
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3-nov", "2026-11-03", "2026-11-03"),
        ("nov-3", "2026-11-03", "2026-11-03"),
        ("3-11", "2026-11-03", "2026-11-03"),
        ("3-nov-2025", "2025-11-03", "2025-11-03"),
        ("mar-3", "2026-03-03", "2026-03-03"),
        ("3-9 nov", "2026-11-03", "2026-11-09"),
        ("nov 3-9", "2026-11-03", "2026-11-09"),
        ("del 3-9 de noviembre", "2026-11-03", "2026-11-09"),
        ("3/11 - 9/11", "2026-11-03", "2026-11-09"),
    ],
)
def test_dashes_inside_a_date(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


def test_a_range_of_two_bare_numbers_with_spaces_is_still_not_a_date() -> None:
    assert refused("3 - 11").unrecognized == ("3", "11")


# 3. "out" and "set" are English words: months only with a day or a year right next to them.
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("out last week", ("out",)),
        ("failed out", ("out",)),
        ("in out", ("out",)),
        ("since set", ("set",)),
        ("last out", ("out",)),
        ("failed ter", ("ter",)),
        ("sex", ("sex",)),
    ],
)
def test_common_words_are_not_months_or_weekdays_alone(text: str, words: tuple[str, ...]) -> None:
    assert refused(text).unrecognized == words


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3 out", "2026-10-03", "2026-10-03"),
        ("out 3", "2026-10-03", "2026-10-03"),
        ("3 de out", "2026-10-03", "2026-10-03"),
        ("set 2025", "2025-09-01", "2025-09-30"),
        ("em ter", "2026-11-17", "2026-11-17"),
        ("outubro", "2026-10-01", "2026-10-31"),
    ],
)
def test_with_a_number_they_are_dates(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


# 4. Nothing is dropped: dangling prepositions, a lone "this", symbols, a range with no end.
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("failed in", ("in",)),
        ("failed from", ("from",)),
        ("failed in the", ("in",)),
        ("this", ("this",)),
        ("failed this", ("this",)),
        ("fallidos esta", ("esta",)),
        ("€", ("€",)),
        ("failed → last week", ("→",)),
        ("from nov 3 to", ("to",)),
        ("nov 3 -", ("-",)),
        ("nov 3 - please", ("-",)),
        ("del 3 de noviembre al", ("al",)),
        ("desde el 3 de noviembre a", ("a",)),
    ],
)
def test_dangling_words_and_symbols_are_named_back(text: str, words: tuple[str, ...]) -> None:
    error = refused(text)
    assert error.unrecognized == words
    assert all(f"*{word}*" in error.message for word in words)


@pytest.mark.parametrize(
    "text",
    [
        "failed in progress",
        "failed from last week",
        "failed this week",
        "failed in whatsapp",
        "failed last week - partial",
    ],
)
def test_the_same_words_leading_somewhere_are_fine(text: str) -> None:
    ask(text)


# 5. Ranges of weekdays are in the past; yearless ranges follow one documented rule.
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("from monday to wednesday", "2026-11-16", "2026-11-18"),
        ("monday to wednesday", "2026-11-16", "2026-11-18"),
        ("de lunes a miércoles", "2026-11-16", "2026-11-18"),
        ("between tuesday and sunday", "2026-11-17", "2026-11-22"),
        ("from friday to monday", "2026-11-20", "2026-11-23"),
        ("from last monday to friday", "2026-11-16", "2026-11-20"),
        ("from nov 20 to nov 30", "2026-11-20", "2026-11-23"),  # begun: cut at today
        ("from nov 25 to nov 30", "2025-11-25", "2025-11-30"),  # all ahead: last year's
    ],
)
def test_ranges_end_in_the_past(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


# 6. Digits stuck to letters: a template only if it looks like one, else a date or a word.
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("failed last week at 3pm", ("3pm",)),
        ("failed at 15h", ("15h",)),
        ("failed at 9:30", ("9:30",)),
        ("ab2", ("ab2",)),
        ("failed 15days", ("15days",)),
    ],
)
def test_times_and_short_words_with_digits_are_not_templates(
    text: str, words: tuple[str, ...]
) -> None:
    assert refused(text).unrecognized == words


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("last 15days", "2026-11-09", "2026-11-23"),
        ("last 7d", "2026-11-17", "2026-11-23"),
        ("last 2w", "2026-11-10", "2026-11-23"),
        ("últimos 3dias", "2026-11-21", "2026-11-23"),
        ("nov3", "2026-11-03", "2026-11-03"),
        ("3nov", "2026-11-03", "2026-11-03"),
    ],
)
def test_numbers_stuck_to_units_and_months(text: str, start: str, end: str) -> None:
    query = ask(text)
    assert (str(query.range.start), str(query.range.end)) == (start, end)
    assert query.template is None


@pytest.mark.parametrize(("text", "template"), [("promo2", "promo2"), ("abc9", "abc9")])
def test_letters_then_digits_are_still_templates(text: str, template: str) -> None:
    assert ask(text).template == template


# 7. The reply's language: the user's locale, else the words (shared Spanish/Portuguese words
# are never English), else English.
@pytest.mark.parametrize(
    ("text", "user", "language"),
    [
        ("esta semana", None, "es"),
        ("cancelados", None, "es"),
        ("domingo", None, "es"),
        ("problemas", None, "es"),
        ("últimos 3 meses", None, "es"),
        ("últimas 2 semanas", None, "es"),
        ("esta semana", "pt", "pt"),
        ("cancelados", "pt", "pt"),
        ("esta semana", "en", "en"),  # the user's locale comes first
        ("failed", "es", "es"),
        ("fallados", None, "es"),
        ("ayerr", None, "es"),
        ("completas", None, "es"),
        ("desde", None, "es"),
        ("sin error", None, "es"),
        ("ontme", None, "pt"),
        ("no domingo", None, "pt"),  # "no" read as Portuguese "in the"
        ("xyzzy", None, "en"),
        ("xyzzy", "pt", "pt"),
        ("", "es", "es"),
        ("promo2", "pt", "pt"),
        ("error", "es", "es"),
    ],
)
def test_reply_language(text: str, user: Language | None, language: str) -> None:
    assert language_of(text, user) == language


def test_help_and_too_long_use_the_users_language_too() -> None:
    error = refused("x" * 501, user_language="pt")
    assert error.language == "pt"


# 8. The parser records how the period was asked; absurd ranges are refused.
@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("", None),
        ("failed", None),
        ("today", "today"),
        ("hoy", "today"),
        ("this week", "this_week"),
        ("last week", "last_week"),
        ("la semana pasada", "last_week"),
        ("este mes", "this_month"),
        ("last month", "last_month"),
        ("last year", "last_year"),
        ("last 30 days", "last_n_days:30"),
        ("last 2 weeks", "last_n_weeks:2"),
        ("last 3 months", "last_n_months:3"),
        ("últimos 3 meses", "last_n_months:3"),
        ("past week", "last_n_weeks:1"),
        ("october", "month"),
        ("in 2025", "year"),
        ("nov 3", "day"),
        ("friday", "day"),
        ("anteayer", "day"),
        ("2 days ago", "day"),
        ("since nov 3", "since"),
        ("after nov 16", "after"),
        ("until nov 9", "until"),
        ("before nov 9", "before"),
        ("between nov 3 and nov 9", "between"),
    ],
)
def test_the_period_is_recorded(text: str, period: str | None) -> None:
    """Compared through the codes buttons carry ("last_n_months:3"), to keep the table short."""
    recorded = ask(text).period
    assert (None if recorded is None else period_code(recorded)) == period


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("last 99999 weeks", "2016"),
        ("last 11 years", "2016"),
        ("in 1999", "2016"),
        ("since 2015", "2016"),
        ("until 2015", "2016"),
        ("los últimos 5000 días", "2016"),
    ],
)
def test_ranges_reaching_too_far_back_are_refused(text: str, year: str) -> None:
    error = refused(text)
    assert year in error.message
    assert "too far" in error.message or "demasiado atrás" in error.message


@pytest.mark.parametrize(
    ("text", "start"), [("last 10 years", "2016-11-24"), ("in 2016", "2016-01-01")]
)
def test_ten_years_back_is_fine(text: str, start: str) -> None:
    assert span(text)[0] == start


# 9. Clocks at the ends of the calendar: only QueryError, never an overflow.
@pytest.mark.parametrize(
    ("text", "now", "tz"),
    [
        ("today", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), "Asia/Tokyo"),
        ("today", datetime(1, 1, 1, tzinfo=UTC), "America/New_York"),
        ("last year", datetime(1, 1, 1, 12, tzinfo=UTC), "UTC"),
        ("dec 20 to jan 5", datetime(9999, 12, 31, 12, tzinfo=UTC), "UTC"),
        ("last 3 months", datetime(1, 2, 1, tzinfo=UTC), "UTC"),
        ("del 28 al 2", datetime(1, 1, 2, tzinfo=UTC), "UTC"),
        ("del 28 al 2", datetime(9999, 12, 31, tzinfo=UTC), "UTC"),
        ("failed", datetime(1, 1, 3, tzinfo=UTC), "UTC"),  # the default 7 days start in year 0
        ("", datetime(1, 1, 1, tzinfo=UTC), "UTC"),
    ],
)
def test_extreme_clocks_raise_only_query_errors(text: str, now: datetime, tz: str) -> None:
    refused(text, now, tz)


def test_the_last_day_of_the_calendar_still_has_a_today() -> None:
    query = parse_query("today", now=datetime(9999, 12, 31, 12, tzinfo=UTC), tz="UTC")
    assert str(query.range.end) == "9999-12-31"  # type: ignore[union-attr]


# 10. Slack markup is one token each, named back as the user sees it.
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<@U123> failed", ("@U123",)),
        ("<@U123|jane> failed", ("@jane",)),
        ("failed <!here|here>", ("@here",)),
        ("failed <!channel>", ("@channel",)),
        ("<#C123|general> failed", ("#general",)),
        ("failed <https://example.com|the report>", ("the report",)),
        ("failed <https://example.com/failed>", ("https://example.com/failed",)),
        ("<!subteam^S123|@ops> failed", ("@ops",)),
        ("<https://x.com|last week>", ("last week",)),  # a link's text is not a question
    ],
)
def test_slack_markup_is_named_back_as_seen(text: str, words: tuple[str, ...]) -> None:
    assert refused(text).unrecognized == words


def test_angle_brackets_the_user_typed_are_plain_characters() -> None:
    assert ask("&lt;failed&gt; &amp; partial").statuses == {F, P}
    assert refused("&lt;@U123&gt; failed").unrecognized == ("U123",)


# 11. A weekday next to a date must agree with it.
@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("tuesday nov 3", "2026-11-03"),
        ("tue 3", "2026-11-03"),
        ("tuesday the 3rd", "2026-11-03"),
        ("martes 3 de noviembre", "2026-11-03"),
        ("terça, 3 de novembro", "2026-11-03"),
        ("monday 3/11/2025", "2025-11-03"),
    ],
)
def test_a_weekday_that_matches_its_date(text: str, start: str) -> None:
    assert span(text) == (start, start)


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("sun 3", "*sun 3* doesn't add up: November 3, 2026 is a Tuesday."),
        ("sunday 3", "*sunday 3* doesn't add up: November 3, 2026 is a Tuesday."),
        ("sunday nov 3", "*sunday nov 3* doesn't add up: November 3, 2026 is a Tuesday."),
        ("lunes 3 de noviembre", "*lunes 3 de noviembre* no cuadra: el 3 de noviembre de 2026"),
        ("domingo 3 de novembro", "*domingo 3 de novembro* não confere: 3 de novembro de 2026"),
    ],
)
def test_a_weekday_that_does_not_match_is_pointed_out(text: str, sentence: str) -> None:
    assert refused(text).message.startswith(sentence)


# 12. "la última semana", "el último mes", "o último mês" are calendar periods, like "last week".
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("the last week", "2026-11-16", "2026-11-22"),
        ("la última semana", "2026-11-16", "2026-11-22"),
        ("a última semana", "2026-11-16", "2026-11-22"),
        ("the last month", "2026-10-01", "2026-10-31"),
        ("el último mes", "2026-10-01", "2026-10-31"),
        ("o último mês", "2026-10-01", "2026-10-31"),
        ("el último año", "2025-01-01", "2025-12-31"),
    ],
)
def test_ultimo_is_a_calendar_period(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


# 13. Suggestions only when close, never for negations or everyday words; templates too.
@pytest.mark.parametrize("word", ["sin", "other", "hour", "não", "quarter"])
def test_no_odd_suggestions(word: str) -> None:
    error = refused(f"failed {word}")
    assert error.unrecognized == (word,)
    assert "did you mean" not in error.message


@pytest.mark.parametrize("text", ["welcome", "welcome message", "wellcome", "failed welcome"])
def test_known_templates_are_suggested(text: str) -> None:
    error = refused(text, known_templates=["welcome_message", "promo"])
    assert "(did you mean *welcome_message*?)" in error.message


# 14. A bare start day later than the end's day is in the month before.
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("del 28 al 2 de enero", "2026-12-28", "2027-01-02"),
        ("from 28 to jan 2", "2026-12-28", "2027-01-02"),
        ("between the 28th and jan 1", "2026-12-28", "2027-01-01"),
        ("del 28 al 2 de enero de 2027", "2026-12-28", "2027-01-02"),
        ("from dec 28 to jan 1", "2026-12-28", "2027-01-01"),
        ("del 3 al 9 de diciembre", "2026-12-03", "2026-12-09"),
        ("del 28 al 2", "2026-12-28", "2027-01-02"),  # and an end day before it, the month after
        ("from the 28th to the 2nd", "2026-12-28", "2027-01-02"),
    ],
)
def test_a_start_day_after_the_end_day_is_in_the_month_before(
    text: str, start: str, end: str
) -> None:
    assert span(text, NEW_YEAR) == (start, end)
