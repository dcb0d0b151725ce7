"""The sentence a comparison opens with, for every way its periods can be named, in three
languages: the other period is named bare ("from September 2026", "comparado con la
semana pasada"), never with a second preposition ("from in September 2026", "from on
Nov 3", "from from Oct 1 to Oct 9").

Asked on Friday, Nov 27, 2026. The period compared has one send, 200 recipients, 180
delivered, 117 read (a read rate of 65.0%); the other has one, 100 recipients, 90
delivered, 63 read (70.0%): down 5.0 points.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.domain.dates import DateRange
from bot.locale.languages import Language
from bot.message.answer import build_answer_message
from bot.message.headline import headline
from bot.query.model import BulkSendQuery, GroupBy, Metric
from bot.service.questions import answer_from
from tests.factories import BLACK_FRIDAY_NOON, make_query, make_send

TODAY = date(2026, 11, 27)
NOW_SEND = make_send("now", recipients=200, sent=200, delivered=180, read=117)
THEN_SEND = make_send("then", recipients=100, sent=100, delivered=90, read=63)


def asked(
    start: date,
    end: date,
    other: DateRange,
    period: str | None,
    language: Language,
    *,
    metric: Metric = Metric.READ_RATE,
    default_range: bool = False,
) -> BulkSendQuery:
    query = make_query(
        start=start, end=end, period=period, language=language, default_range=default_range
    )
    return replace(query, compare_to=other, metric=metric)


def said(query: BulkSendQuery, now: int = 1, then: int = 1) -> str:
    found = answer_from(query, [NOW_SEND] * now, [THEN_SEND] * then, demo=False, today=TODAY)
    text = headline(found)
    # The message opens with the same sentence.
    assert build_answer_message(found, now=BLACK_FRIDAY_NOON).text.startswith(text)
    return text


def d(month: int, day: int) -> date:
    return date(2026, month, day)


COMPARISONS = [
    (
        "month",
        (d(10, 1), d(10, 31), DateRange(d(9, 1), d(9, 30)), "month"),
        (
            "Read rate in October 2026: 65.0%, down 5.0 points from September 2026 (70.0%).",
            "Tasa de lectura en octubre de 2026: 65,0% (bajó 5,0 puntos comparado con "
            "septiembre de 2026: 70,0%).",
            "Taxa de leitura em outubro de 2026: 65,0% (caiu 5,0 pontos comparado com "
            "setembro de 2026: 70,0%).",
        ),
    ),
    (
        "day",
        (d(11, 4), d(11, 4), DateRange(d(11, 1), d(11, 1)), "day"),
        (
            "Read rate on Nov 4, 2026: 65.0%, down 5.0 points from Nov 1, 2026 (70.0%).",
            "Tasa de lectura el 4 nov 2026: 65,0% (bajó 5,0 puntos comparado con 1 nov 2026: "
            "70,0%).",
            "Taxa de leitura em 4 de nov. de 2026: 65,0% (caiu 5,0 pontos comparado com 1 de "
            "nov. de 2026: 70,0%).",
        ),
    ),
    (
        "day before",
        (d(11, 4), d(11, 4), DateRange(d(11, 3), d(11, 3)), "day"),
        (
            "Read rate on Nov 4, 2026: 65.0%, down 5.0 points from the day before (70.0%).",
            "Tasa de lectura el 4 nov 2026: 65,0% (bajó 5,0 puntos comparado con el día "
            "anterior: 70,0%).",
            "Taxa de leitura em 4 de nov. de 2026: 65,0% (caiu 5,0 pontos comparado com o dia "
            "anterior: 70,0%).",
        ),
    ),
    (
        "week",
        (d(11, 23), d(11, 27), DateRange(d(11, 16), d(11, 22)), "this_week"),
        (
            # This week is still running (Friday): its 5 days beside last week's 7, said.
            "Read rate this week: 65.0%, down 5.0 points from last week (70.0%); "
            "Nov 23\u2009–\u200927, 2026 vs Nov 16\u2009–\u200922, 2026 (5 days vs 7).",
            "Tasa de lectura esta semana: 65,0% (bajó 5,0 puntos comparado con la semana "
            "pasada: 70,0%); 23–27 nov 2026 frente a 16–22 nov 2026 (5 días frente a 7).",
            "Taxa de leitura nesta semana: 65,0% (caiu 5,0 pontos comparado com a semana "
            "passada: 70,0%); 23\u2009–\u200927 de nov. de 2026 contra 16\u2009–\u200922 de nov. de 2026 "
            "(5 dias contra 7).",
        ),
    ),
    (
        "range",
        (d(10, 10), d(10, 18), DateRange(d(10, 1), d(10, 9)), "between"),
        (
            "Read rate from Oct 10, 2026 to Oct 18, 2026: 65.0%, down 5.0 points from "
            "Oct 1\u2009–\u20099, 2026 (70.0%).",  # Babel's thin spaces
            "Tasa de lectura del 10 oct 2026 al 18 oct 2026: 65,0% (bajó 5,0 puntos comparado "
            "con 1–9 oct 2026: 70,0%).",
            "Taxa de leitura de 10 de out. de 2026 a 18 de out. de 2026: 65,0% (caiu 5,0 "
            "pontos comparado com 1\u2009–\u20099 de out. de 2026: 70,0%).",
        ),
    ),
    (
        "quarter",
        (d(7, 1), d(9, 30), DateRange(d(4, 1), d(6, 30)), "quarter"),
        (
            "Read rate in Q3 2026: 65.0%, down 5.0 points from Q2 2026 (70.0%).",
            "Tasa de lectura en el 3.er trimestre de 2026: 65,0% (bajó 5,0 puntos comparado "
            "con 2.º trimestre de 2026: 70,0%).",
            "Taxa de leitura no 3º trimestre de 2026: 65,0% (caiu 5,0 pontos comparado com "
            "2º trimestre de 2026: 70,0%).",
        ),
    ),
    (
        "rolling",
        (d(11, 21), d(11, 27), DateRange(d(11, 14), d(11, 20)), "last_n_days:7"),
        (
            "Read rate in the last 7 days: 65.0%, down 5.0 points from the 7 days before (70.0%).",
            "Tasa de lectura en los últimos 7 días: 65,0% (bajó 5,0 puntos comparado con los "
            "7 días anteriores: 70,0%).",
            "Taxa de leitura nos últimos 7 dias: 65,0% (caiu 5,0 pontos comparado com os 7 "
            "dias anteriores: 70,0%).",
        ),
    ),
]


@pytest.mark.parametrize(
    ("span", "language", "expected"),
    [
        pytest.param(span, language, sentences[i], id=f"{name}-{language}")
        for name, span, sentences in COMPARISONS
        for i, language in enumerate(("en", "es", "pt"))
    ],
)
def test_a_comparison_names_its_other_period_bare(
    span: tuple[date, date, DateRange, str], language: Language, expected: str
) -> None:
    start, end, other, period = span
    assert said(asked(start, end, other, period, language)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Read rate in the last 7 days: 65.0%, down 5.0 points from the 7 days before (70.0%).",
        ),
        (
            "es",
            "Tasa de lectura en los últimos 7 días: 65,0% (bajó 5,0 puntos comparado con los "
            "7 días anteriores: 70,0%).",
        ),
        (
            "pt",
            "Taxa de leitura nos últimos 7 dias: 65,0% (caiu 5,0 pontos comparado com os 7 "
            "dias anteriores: 70,0%).",
        ),
    ],
)
def test_the_default_range_against_the_days_before(language: Language, expected: str) -> None:
    # "read rate vs before": no period asked, the last 7 days by default.
    query = asked(
        d(11, 21), d(11, 27), DateRange(d(11, 14), d(11, 20)), None, language, default_range=True
    )
    assert said(query) == expected


def test_a_count_the_same_in_both_periods_says_so() -> None:
    query = asked(
        d(11, 23), d(11, 27), DateRange(d(11, 16), d(11, 22)), "this_week", "en",
        metric=Metric.BULK_SENDS,
    )  # fmt: skip
    lengths = "Nov 23\u2009–\u200927, 2026 vs Nov 16\u2009–\u200922, 2026 (5 days vs 7)"
    assert said(query) == f"Bulk sends this week: 1, the same as last week; {lengths}."
    spanish = replace(query, language="es")
    assert said(spanish) == (
        "Envíos masivos esta semana: 1, sin cambios comparado con la semana pasada; "
        "23–27 nov 2026 frente a 16–22 nov 2026 (5 días frente a 7)."
    )


@pytest.mark.parametrize(
    ("main", "other", "today", "lengths"),
    [
        # This month on the 5th against all of last month: said.
        ((d(12, 1), d(12, 5)), (d(11, 1), d(11, 30)), d(12, 5), "(5 days vs 30)"),
        # Two whole months of 31 and 30 days: alike, nothing to say.
        ((d(10, 1), d(10, 31)), (d(11, 1), d(11, 30)), d(12, 5), None),
        # The same number of days before: alike.
        ((d(11, 29), d(12, 5)), (d(11, 22), d(11, 28)), d(12, 5), None),
        # A past range shorter than the other, asked as such: nothing still running.
        ((d(11, 1), d(11, 5)), (d(10, 1), d(10, 31)), d(12, 5), None),
    ],
)
def test_a_period_still_running_beside_a_longer_one_says_both_lengths(
    main: tuple[date, date], other: tuple[date, date], today: date, lengths: str | None
) -> None:
    query = asked(*main, DateRange(*other), None, "en", metric=Metric.BULK_SENDS)
    found = answer_from(query, [], [], demo=False, today=today)
    sentence = headline(found)
    if lengths is None:
        assert " vs " not in sentence
    else:
        assert sentence.endswith(f"{lengths}.")


@pytest.mark.parametrize(
    ("metric", "rates", "language", "opening"),
    [
        # Read rate 50% the first two days, 80% the next two: better.
        (Metric.READ_RATE, ((50, 100), (50, 100), (80, 100), (80, 100)), "en", "Getting better, "),
        (Metric.READ_RATE, ((80, 100), (80, 100), (50, 100), (50, 100)), "es", "Empeorando, "),
        (Metric.READ_RATE, ((80, 100), (80, 100), (80, 100), (80, 100)), "pt", "Estável, "),
        # More failures is worse; more recipients is only more.
        (Metric.FAILED, ((1, 100), (1, 100), (9, 100), (9, 100)), "en", "Getting worse, "),
        (Metric.RECIPIENTS, ((1, 100), (1, 100), (9, 900), (9, 900)), "en", "Rising, "),
    ],
)
def test_a_trend_opens_with_its_verdict(
    metric: Metric,
    rates: tuple[tuple[int, int], ...],
    language: Language,
    opening: str,
) -> None:
    """ "is the read rate getting better?": the later half of the days against the earlier,
    before the figures; today (still running) is left out of the weighing."""
    days = [d(11, 23 + i) for i in range(5)]
    sends = [
        make_send(f"s{i}", created_at=datetime(day.year, day.month, day.day, 15, tzinfo=UTC),
                  recipients=total, sent=total, delivered=total, read=part, failed=part)
        for i, (day, (part, total)) in enumerate(zip(days, rates, strict=False))
    ] + [make_send("today", created_at=datetime(2026, 11, 27, 15, tzinfo=UTC), recipients=1,
                   sent=1, delivered=1, read=0)]  # fmt: skip
    query = replace(
        make_query(start=days[0], end=d(11, 27), period=None, language=language),
        metric=metric,
        group_by=GroupBy.DAY,
    )
    found = answer_from(query, sends[::-1], demo=False, today=d(11, 27))
    said = headline(found)
    assert said.startswith(opening), said
    first = said.split(". ")[0]
    assert "27" not in first  # today is not weighed


def test_a_count_against_none_sets_both_side_by_side() -> None:
    # No percentage of nothing: 1 send against none is not "up 100%" or "up 1 from none".
    query = asked(
        d(7, 1), d(9, 30), DateRange(d(3, 31), d(6, 30)), "quarter", "en",
        metric=Metric.BULK_SENDS,
    )  # fmt: skip
    assert said(query, then=0) == "Bulk sends in Q3 2026: 1; the 92 days before: 0."


def test_a_count_changes_in_whole_percent_from_ten_percent_on() -> None:
    query = asked(
        d(11, 23), d(11, 27), DateRange(d(11, 16), d(11, 22)), "this_week", "en",
        metric=Metric.RECIPIENTS,
    )  # fmt: skip
    # 2 × 200 against 3 × 100: up a third.
    assert said(query, now=2, then=3) == (
        "Recipients this week: 400, up 33% from last week (300); "
        "Nov 23\u2009–\u200927, 2026 vs Nov 16\u2009–\u200922, 2026 (5 days vs 7)."
    )
