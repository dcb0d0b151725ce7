"""Families found by the blind batches 10 and 11 (today is Monday 2026-11-23, 15:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.dates import DateRange
from bot.query.dates import DateError, DateRules
from bot.query.model import Metric, QueryError
from bot.query.parser import parse_query
from bot.query.vocabulary import EVERYDAY_WORDS
from tests.factories import MONDAY
from tests.query.clocks import ask, span


def refused(text: str, now: datetime = MONDAY) -> QueryError:
    with pytest.raises(QueryError) as raised:
        parse_query(text, now=now, tz="UTC")
    return raised.value


def compared(text: str, now: datetime = MONDAY) -> tuple[str, str, str, str]:
    query = ask(text, now)
    other = query.compare_to
    assert other is not None and other.start is not None and query.range.start is not None
    return (
        query.range.start.isoformat(),
        query.range.end.isoformat(),
        other.start.isoformat(),
        other.end.isoformat(),
    )


# A bare year beside a comparison word is a year: "2025 vs 2024".
@pytest.mark.parametrize(
    "text",
    [
        "delivered in 2025 vs 2024",
        "2025 vs 2024",
        "fallidos en 2025 contra 2024",
        "falhas 2025 x 2024",
        "read rate 2025 compared to 2024",
    ],
)
def test_a_bare_year_after_a_comparison_word_is_a_year(text: str) -> None:
    assert compared(text) == ("2025-01-01", "2025-12-31", "2024-01-01", "2024-12-31")


def test_a_bare_number_that_is_no_plausible_year_stays_a_condition() -> None:
    # Before: "more than 1000" became the year 1000, refused as too far back.
    assert refused("sends with more than 1000 recipients").unrecognized == (
        "more",
        "than",
        "1000",
    )


# A number after "over", "acima de", "al menos"… is a condition: named back with its word.
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("sends over 1000 recipients", ("over", "1000")),
        ("sends with over 500 recipients", ("over", "500")),
        ("templates above 50 sends", ("above", "50")),
        ("sends under 20 recipients", ("under", "20")),
        ("templates with at least 90% read rate", ("at", "least", "90")),
        ("envíos con al menos 100 destinatarios", ("al", "menos", "100")),
        ("envíos por encima de 300 destinatarios", ("por", "encima", "de", "300")),
        ("envios acima de 1000 destinatários", ("acima", "de", "1000")),
        ("envios com pelo menos 50 destinatários", ("pelo", "menos", "50")),
    ],
)
def test_a_condition_on_a_quantity_is_named_back(text: str, words: tuple[str, ...]) -> None:
    error = refused(text)
    assert error.unrecognized == words
    assert "did you mean" not in error.message
    assert "leave statuses out" not in error.message and "dejar estados" not in error.message


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("failed over the weekend", "2026-11-21", "2026-11-22"),
        ("failed over the last 3 days", "2026-11-21", "2026-11-23"),
    ],
)
def test_over_before_a_date_is_still_a_date(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


# "last 48 hours": the whole local days that hold those hours, today included.
@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("last 48 hours", "2026-11-21"),
        ("failed in the past 24 hours", "2026-11-22"),
        ("last 24h", "2026-11-22"),
        ("últimas 48 horas", "2026-11-21"),
        ("últimas 24 hs", "2026-11-22"),
        ("nas últimas 72 horas", "2026-11-20"),
        ("ultimas 48hs", "2026-11-21"),
    ],
)
def test_hours_in_whole_days_are_the_days_that_hold_them(text: str, start: str) -> None:
    assert span(text) == (start, "2026-11-23")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("last 3 hours", ("3", "hours")),
        ("failed 24 hours", ("24", "hours")),  # was yesterday, dateparser's "24 hours ago"
        ("failed 24h", ("24h",)),
        ("failed at 15h", ("15h",)),
    ],
)
def test_other_hours_are_named_back(text: str, words: tuple[str, ...]) -> None:
    error = refused(text)
    assert error.unrecognized == words
    assert "thurs" not in error.message


# "vs the same week last year".
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "this week vs same week last year",
            ("2026-11-23", "2026-11-23", "2025-11-24", "2025-11-30"),
        ),
        (
            "vs the same month last year",
            ("2026-11-01", "2026-11-23", "2025-11-01", "2025-11-30"),
        ),
        (
            "failed this month vs same period last year",
            ("2026-11-01", "2026-11-23", "2025-11-01", "2025-11-23"),
        ),
        (
            "last 30 days vs the same period last year",
            ("2026-10-25", "2026-11-23", "2025-10-25", "2025-11-23"),
        ),
        (
            "este trimestre contra el mismo trimestre del año pasado",
            ("2026-10-01", "2026-11-23", "2025-10-01", "2025-12-31"),
        ),
        (
            "esse mês x mesmo mês do ano passado",
            ("2026-11-01", "2026-11-23", "2025-11-01", "2025-11-30"),
        ),
        (
            "yesterday vs the same day last year",
            ("2026-11-22", "2026-11-22", "2025-11-22", "2025-11-22"),
        ),
    ],
)
def test_the_same_period_last_year(text: str, expected: tuple[str, str, str, str]) -> None:
    assert compared(text) == expected


def test_the_same_period_of_another_kind_is_named_back() -> None:
    error = refused("last 10 days vs same week last year")
    assert error.unrecognized == ("same week last year",)


def test_a_year_before_a_leap_day() -> None:
    rules = DateRules(datetime(2028, 3, 1, tzinfo=UTC).date())
    leap = DateRange(datetime(2028, 2, 29).date(), datetime(2028, 2, 29).date())
    found = rules.year_before(None, leap)
    assert (found.start, found.end) == (datetime(2027, 2, 28).date(), datetime(2027, 2, 28).date())
    with pytest.raises(DateError):
        rules.year_before("week", DateRange(None, leap.end))


# Messages not yet sent are the pending metric, whatever is around them; "pending" alone
# is a queued send.
@pytest.mark.parametrize(
    "text",
    [
        "pending messages",
        "how many messages are still pending",
        "¿cuántos mensajes quedaron pendientes?",
        "quantas mensagens ainda pendentes?",
        "mensajes pendientes de ayer",
    ],
)
def test_pending_messages_are_the_pending_metric(text: str) -> None:
    query = ask(text)
    assert query.metric is Metric.PENDING
    assert not query.statuses


# "why" points at a send's Details; "top 500" says the largest ranking.
@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("why did promo fail yesterday", "each send's *Details* list why"),
        ("por qué fallaron ayer", "los *Detalles* de cada envío"),
        ("pq falhou ontem", "os *Detalhes* de cada envio"),
    ],
)
def test_why_points_at_the_details(text: str, sentence: str) -> None:
    assert sentence in refused(text).message


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("top 500 templates", "at most 100 (`top 100`)"),
        ("top 1000 remitentes", "como máximo 100"),
        ("os top 200 modelos", "no máximo 100"),
    ],
)
def test_a_ranking_too_long_says_the_largest(text: str, sentence: str) -> None:
    error = refused(text)
    assert error.unrecognized == (text.split()[-2],)
    assert sentence in error.message


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Las 3 plantillas principales", 3),
        ("os 5 principais modelos do mês", 5),
        ("principales remitentes", 5),
    ],
)
def test_principales_is_top(text: str, n: int) -> None:
    top = ask(text).top
    assert top is not None and top.n == n


def test_every_pack_has_everyday_words() -> None:
    # They once sat under [aliases] (as short forms of "everyday"), so none was in use and
    # "hours" was offered as *thurs*.
    for word in ("hours", "horas", "minutos"):
        assert word in EVERYDAY_WORDS


# Batch 11. A number spelled out is no more a date than "2" ("failed one" was November 1).
@pytest.mark.parametrize(
    ("text", "words"),
    [("failed one", ("one",)), ("failed two", ("two",)), ("five failed yesterday", ("five",))],
)
def test_a_number_spelled_out_alone_is_no_date(text: str, words: tuple[str, ...]) -> None:
    assert refused(text).unrecognized == words


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("failed one week ago", "2026-11-16", "2026-11-22"),
        ("failed two days ago", "2026-11-21", "2026-11-21"),
        ("envios de 2025 por mês", "2025-01-01", "2025-12-31"),
        ("sends of 2024", "2024-01-01", "2024-12-31"),
        ("falhas no trimestre", "2026-10-01", "2026-11-23"),
        ("quantos envios no mês", "2026-11-01", "2026-11-23"),
        ("falhas na semana", "2026-11-23", "2026-11-23"),
        ("falhas no mês passado", "2026-10-01", "2026-10-31"),
        ("falhas no dia 3", "2026-11-03", "2026-11-03"),
    ],
)
def test_spelled_counts_years_after_of_and_portuguese_in_the(
    text: str, start: str, end: str
) -> None:
    assert span(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("what percentage of sends failed last month", Metric.FAILURE_RATE),
        ("% of sends delivered", Metric.DELIVERY_RATE),
        ("qué porcentaje de los mensajes falló", Metric.FAILURE_RATE),
    ],
)
def test_a_percentage_of_sends(text: str, metric: Metric) -> None:
    query = ask(text)
    assert query.metric is metric and not query.statuses


@pytest.mark.parametrize(
    "text",
    [
        "hey! quick one - how many msgs failed last week?",
        "how'd order_confirmation do last week?",
        "total delivered last week across all templates",
        "¿me dices cuántos se entregaron la semana pasada?",
    ],
)
def test_openers_and_across_all_are_filler(text: str) -> None:
    query = ask(text, known_templates=("order_confirmation",))
    assert query.group_by is None
    assert query.range.start is not None
    assert (query.range.start.isoformat(), query.range.end.isoformat()) == (
        "2026-11-16",
        "2026-11-22",
    )


# Batch 12.
@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("not delivered messages last week", None),
        ("messages that weren't delivered yesterday", None),
        ("how many messages didn't get delivered yesterday", Metric.FAILED),
        ("how many didn't arrive yesterday", Metric.FAILED),
    ],
)
def test_messages_that_did_not_arrive_are_failures(text: str, metric: Metric | None) -> None:
    query = ask(text)
    assert query.metric is metric
    assert {status.value for status in query.statuses} == (set() if metric else {"FAILED"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "failure rate yesterday vs same day last week",
            ("2026-11-22", "2026-11-22", "2026-11-15", "2026-11-15"),
        ),
        (
            "hoy contra el mismo día de la semana pasada",
            ("2026-11-23", "2026-11-23", "2026-11-16", "2026-11-16"),
        ),
        (
            "envíos últimos 30 días vs los 30 días anteriores",
            ("2026-10-25", "2026-11-23", "2026-09-25", "2026-10-24"),
        ),
        (
            "compara o 3º trimestre com o 2º",
            ("2026-07-01", "2026-09-30", "2026-04-01", "2026-06-30"),
        ),
        ("el T3 contra el 2", ("2026-07-01", "2026-09-30", "2026-04-01", "2026-06-30")),
        ("q3 2025 vs 2nd", ("2025-07-01", "2025-09-30", "2025-04-01", "2025-06-30")),
    ],
)
def test_more_comparisons(text: str, expected: tuple[str, str, str, str]) -> None:
    assert compared(text) == expected


def test_a_bare_day_compared_with_a_quarter_past_four_is_still_a_day() -> None:
    assert compared("q3 vs the 5th")[2:] == ("2026-11-05", "2026-11-05")


def test_the_same_day_last_week_needs_a_day() -> None:
    assert refused("last week vs same day last week").unrecognized == ("same day last week",)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("failed yday", "2026-11-22", "2026-11-22"),
        ("os 2 meses passados", "2026-09-24", "2026-11-23"),
        ("fallidos las 2 semanas pasadas", "2026-11-10", "2026-11-23"),
        ("¿se canceló algo desde el lunes?", "2026-11-23", "2026-11-23"),
        ("o que rolou na terça?", "2026-11-17", "2026-11-17"),
    ],
)
def test_short_forms_and_periods_said_after(text: str, start: str, end: str) -> None:
    assert span(text) == (start, end)


# Batch 13.
@pytest.mark.parametrize(
    ("text", "trend", "compared_with"),
    [
        ("did the failure rate drop compared to last month?", False, "2026-10-01"),
        ("¿bajó la tasa de fallos respecto al mes pasado?", False, "2026-10-01"),
        ("a taxa de falha caiu em relação ao mês passado?", False, "2026-10-01"),
        ("did the read rate drop?", True, None),
        ("did deliveries go up this week", True, None),
    ],
)
def test_a_change_beside_a_metric(text: str, trend: bool, compared_with: str | None) -> None:
    query = ask(text)
    assert (query.group_by is not None) is trend
    other = query.compare_to
    assert (other.start.isoformat() if other and other.start else None) == compared_with


@pytest.mark.parametrize(
    ("text", "word"),
    [("¿se cayó algo hoy?", "cayó"), ("caiu algum envio?", "caiu"), ("did it drop", "drop")],
)
def test_a_change_with_no_metric_is_named_back(text: str, word: str) -> None:
    assert word in refused(text).unrecognized


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("breakdown by number of yesterday's sends", "phone_number"),
        ("desglose por número de los envíos de ayer", "phone_number"),
        ("per-template read rate", "template"),
        ("top templates by number of sends", "template"),
        ("by number of sends", None),
    ],
)
def test_by_number_of(text: str, group: str | None) -> None:
    found = ask(text).group_by
    assert (found.value if found else None) == group


@pytest.mark.parametrize(
    "text",
    [
        "details for 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "detalles del envío 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "detalhes do envio 7c9e6679-7425-40de-944b-e07fc1f90ae7",
    ],
)
def test_details_of_a_send(text: str) -> None:
    assert ask(text).send_id == "7c9e6679-7425-40de-944b-e07fc1f90ae7"


# Batch 14. Since the start of a period is since the period; elsewhere "start" is named back.
@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("failed since the beginning of the month", "2026-11-01"),
        ("failed since the start of the year", "2026-01-01"),
        ("sends since the start of november", "2026-11-01"),
        ("from the start of last month", "2026-10-01"),
        ("fallidos desde principio de mes", "2026-11-01"),
        ("envíos desde principios de noviembre", "2026-11-01"),
        ("desde el inicio del trimestre", "2026-10-01"),
        ("falhas desde o começo do mês", "2026-11-01"),
        ("envios desde o começo de novembro", "2026-11-01"),
    ],
)
def test_since_the_start_of_a_period(text: str, start: str) -> None:
    assert span(text) == (start, "2026-11-23")


@pytest.mark.parametrize(
    ("text", "word"), [("sends at the start of november", "start"), ("since the start", "start")]
)
def test_a_start_of_nothing_is_named_back(text: str, word: str) -> None:
    assert word in refused(text).unrecognized
