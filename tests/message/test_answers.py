"""Every shape of answer as Slack gets it, in three languages, on a handful of sends whose
numbers can be checked by hand (each expected figure says how it is counted).

This week (Mon 16 – Fri 20 Nov 2026, in Buenos Aires):
  a  welcome_message (es)     completed  Nov 16  100 recipients, 100 sent,  90 delivered,  60 read
  b  welcome_message (es)     partial    Nov 18  200 recipients, 180 sent, 170 delivered, 100 read, 20 failed
  c  order_confirmation (pt)  failed     Nov 18   50 recipients,   0 sent,                          50 failed
  d  promo (en)               cancelled  Nov 20   80 recipients,  30 sent,  30 delivered,  10 read, 50 never sent
Last week (9 – 15 Nov):
  e  welcome_message (es)     completed  Nov 10  300 recipients, 300 sent, 285 delivered, 150 read
  f  order_confirmation (pt)  partial    Nov 12  100 recipients,  96 sent,  90 delivered,  45 read,  4 failed
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.domain.dates import DateRange
from bot.domain.sends import BulkSend, Status
from bot.locale.languages import Language
from bot.locale.translate import translator
from bot.message import actions
from bot.message.answer import build_answer_message
from bot.message.newer import CHART, TABLE
from bot.message.phrases import change
from bot.mindo.models import BulkSendDetail
from bot.query.codec import decode_state
from bot.query.model import BulkSendQuery, GroupBy, Metric, Order, Top
from bot.query.periods import Shape
from bot.report import count_failure_reasons
from bot.service.details import SendDetails
from bot.service.questions import Answer, answer_from
from bot.terminal import answer_to_json, render_answer
from tests.factories import make_query, make_send

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)
MAIN = "+54 9 11 5263-0780"
BRAZIL = "+55 11 3958-0412"


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour + 3, tzinfo=UTC)  # Buenos Aires is UTC-3


A = make_send("a", at(16, 10), recipients=100, sent=100, delivered=90, read=60, phone=MAIN)
B = make_send(
    "b", at(18, 10), status=Status.PARTIAL, recipients=200, sent=180, delivered=170, read=100,
    failed=20, phone=MAIN,
)  # fmt: skip
C = make_send(
    "c", at(18, 15), status=Status.FAILED, template="order_confirmation", language="pt",
    recipients=50, sent=0, delivered=0, read=0, failed=50, phone=BRAZIL,
)  # fmt: skip
D = make_send(
    "d", at(20, 9), status=Status.CANCELLED, template="promo", language="en", recipients=80,
    sent=30, delivered=30, read=10, pending=50, phone=MAIN,
)  # fmt: skip
E = make_send("e", at(10, 11), recipients=300, sent=300, delivered=285, read=150, phone=MAIN)
F = make_send(
    "f", at(12, 11), status=Status.PARTIAL, template="order_confirmation", language="pt",
    recipients=100, sent=96, delivered=90, read=45, failed=4, phone=BRAZIL,
)  # fmt: skip
THIS_WEEK = [D, C, B, A]  # newest first, as Mindo's list
LAST_WEEK = DateRange(date(2026, 11, 9), date(2026, 11, 15))


def query(language: Language = "en", *statuses: Status, **shape: Any) -> BulkSendQuery:
    asked = make_query(
        *statuses, start=date(2026, 11, 16), end=TODAY, language=language, period="this_week"
    )
    return replace(asked, **shape)


def answer(asked: BulkSendQuery, sends: list[BulkSend] | None = None) -> Answer:
    sends = THIS_WEEK if sends is None else sends
    wanted = [s for s in sends if not asked.statuses or s.status in asked.statuses]
    if asked.template is not None:
        wanted = [s for s in wanted if s.template.name == asked.template]
    others = [E, F] if asked.compare_to is not None else None
    return answer_from(asked, wanted, others, demo=False, today=TODAY)


def render(found: Answer, **options: Any) -> dict[str, Any]:
    message = build_answer_message(found, now=NOW, **options)
    out = message.to_dict()
    assert out["text"].startswith(_plain(out["blocks"][0]["text"]["text"]))
    return out


def _plain(bold: str) -> str:
    return bold.strip("*")


def headline(out: dict[str, Any]) -> str:
    return _plain(out["blocks"][0]["text"]["text"])


def types(out: dict[str, Any]) -> list[str]:
    return [block["type"] for block in out["blocks"]]


def cells(block: dict[str, Any]) -> list[list[str]]:
    return [[cell["text"] for cell in row] for row in block["rows"]]


def the(kind: str, out: dict[str, Any]) -> dict[str, Any]:
    found: list[dict[str, Any]] = [block for block in out["blocks"] if block["type"] == kind]
    assert len(found) == 1, [block["type"] for block in out["blocks"]]
    return found[0]


# --- One sentence that answers, in each language -------------------------------------------

HEADLINES: list[tuple[str, dict[str, Any], tuple[Status, ...], tuple[str, str, str]]] = [
    (
        "plain",
        {},
        (),
        (
            # 4 sends; 430 recipients: 310 sent (290 delivered), 20 + 50 failed, d's 50 never.
            "Bulk sends this week: 4, to 430 recipients; 310 sent (93.5% of them delivered), "
            "70 failed, and 50 not sent (cancelled).",
            "Envíos masivos esta semana: 4, para 430 destinatarios; 310 enviados (93,5% de ellos "
            "entregados), 70 fallidos y 50 sin enviar (cancelados).",
            "Envios em massa nesta semana: 4, para 430 destinatários; 310 enviados (93,5% deles "
            "entregues), 70 com falha e 50 não enviados (cancelados).",
        ),
    ),
    (
        "count",
        {"metric": Metric.BULK_SENDS},
        (Status.FAILED,),
        (
            "Failed bulk sends this week: 1; 50 recipients got nothing.",
            "Envíos masivos fallidos esta semana: 1; 50 destinatarios no recibieron nada.",
            "Envios em massa com falha nesta semana: 1; 50 destinatários não receberam nada.",
        ),
    ),
    (
        "cancelled",
        {},
        (Status.CANCELLED,),
        (
            # d: 30 of its 80 sent, all delivered, before it was cancelled.
            "Cancelled bulk sends this week: 1, to 80 recipients; 30 sent (100.0% of them "
            "delivered) and 50 not sent (cancelled).",
            "Envíos masivos cancelados esta semana: 1, para 80 destinatarios; 30 enviados "
            "(100,0% de ellos entregados) y 50 sin enviar (cancelados).",
            "Envios em massa cancelados nesta semana: 1, para 80 destinatários; 30 enviados "
            "(100,0% deles entregues) e 50 não enviados (cancelados).",
        ),
    ),
    (
        "metric",
        {"metric": Metric.READ_RATE, "template": "welcome_message"},
        (),
        (
            # a and b: 60 + 100 read of 90 + 170 delivered.
            "Read rate for welcome_message this week: 61.5% (160 read of 260 delivered).",
            "Tasa de lectura de welcome_message esta semana: 61,5% (160 leídos de 260 entregados).",
            "Taxa de leitura de welcome_message nesta semana: 61,5% (160 lidos de 260 entregues).",
        ),
    ),
    (
        "comparison",
        {"metric": Metric.READ_RATE, "compare_to": LAST_WEEK},
        (),
        (
            # 170 / 290 = 58.6% against 195 / 375 = 52.0%: 6.6 points up.
            "Read rate this week: 58.6%, up 6.6 points from last week (52.0%); "
            "Nov 16\u2009–\u200920, 2026 vs Nov 9\u2009–\u200915, 2026 (5 days vs 7).",
            "Tasa de lectura esta semana: 58,6% (subió 6,6 puntos comparado con la semana "
            "pasada: 52,0%); 16–20 nov 2026 frente a 9–15 nov 2026 (5 días frente a 7).",
            "Taxa de leitura nesta semana: 58,6% (subiu 6,6 pontos comparado com a semana "
            "passada: 52,0%); 16\u2009–\u200920 de nov. de 2026 contra 9\u2009–\u200915 de nov. de 2026 "
            "(5 dias contra 7).",
        ),
    ),
    (
        "ranking",
        {"metric": Metric.FAILED, "group_by": GroupBy.TEMPLATE, "top": Top(2, Order.DESC)},
        (),
        (
            # order_confirmation 50 failed, welcome_message 20, promo 0.
            "Worst 2 templates this week by failed messages: order_confirmation (pt) is worst, "
            "with 50 (in 1 bulk send).",
            "Las 2 peores plantillas esta semana por mensajes fallidos: el peor valor es de "
            "order_confirmation (pt), con 50 (en 1 envío masivo).",
            "Os 2 piores modelos nesta semana por mensagens com falha: o pior valor é de "
            "order_confirmation (pt), com 50 (em 1 envio em massa).",
        ),
    ),
    (
        "trend",
        {"metric": Metric.DELIVERY_RATE, "group_by": GroupBy.DAY},
        (),
        (
            # Nov 16: 90/100; Nov 18: 170/180 = 94.4%; Nov 20: 30/30; the others undefined.
            # Nov 20 is today, still running: Nov 18 - 19 weighed against Nov 16 - 17.
            "Getting better, comparing Nov 18\u2009–\u200919, 2026 with Nov 16\u2009–\u200917, 2026. "
            "Delivery rate per day this week: 93.5% overall; highest Nov 20 (100.0%), lowest "
            "Nov 16 (90.0%).",
            "Mejorando, comparando 18–19 nov 2026 con 16–17 nov 2026. "
            "Tasa de entrega por día esta semana: 93,5% en general; máximo: 20 nov (100,0%); "
            "mínimo: 16 nov (90,0%).",
            "Melhorando, comparando 18\u2009–\u200919 de nov. de 2026 com 16\u2009–\u200917 de nov. de 2026. "
            "Taxa de entrega por dia nesta semana: 93,5% no geral; máximo: 20 de nov. (100,0%); "
            "mínimo: 16 de nov. (90,0%).",
        ),
    ),
    (
        "senders",
        {"group_by": GroupBy.PHONE_NUMBER},
        (),
        (
            # a, b and d: 100 + 200 + 80 recipients; the number as Mindo writes it.
            "Bulk sends this week, by sender: 2 senders; most recipients: +54 9 11 5263-0780 "
            "(Mindo Software), with 380.",
            "Envíos masivos esta semana, por remitente: 2 remitentes; más destinatarios: "
            "+54 9 11 5263-0780 (Mindo Software), con 380.",
            "Envios em massa nesta semana, por remetente: 2 remetentes; mais destinatários: "
            "+54 9 11 5263-0780 (Mindo Software), com 380.",
        ),
    ),
    (
        "statuses",
        {"group_by": GroupBy.STATUS},
        (),
        (
            "Bulk sends this week, by status: 4 statuses; most recipients: partial, with 200.",
            "Envíos masivos esta semana, por estado: 4 estados; más destinatarios: parcial, con 200.",
            "Envios em massa nesta semana, por status: 4 status; mais destinatários: parcial, com 200.",
        ),
    ),
    (
        "sender",
        {"phone_number": "551139580412"},
        (),
        (
            # c: none of its 50 sent, every one failed.
            "Bulk sends from +551139580412 this week: 1, to 50 recipients; 50 failed.",
            "Envíos masivos del número +551139580412 esta semana: 1, para 50 destinatarios; "
            "50 fallidos.",
            "Envios em massa do número +551139580412 nesta semana: 1, para 50 destinatários; "
            "50 com falha.",
        ),
    ),
]


@pytest.mark.parametrize(
    ("shape", "language", "statuses", "expected"),
    [
        pytest.param(shape, language, statuses, sentences[i], id=f"{name}-{language}")
        for name, shape, statuses, sentences in HEADLINES
        for i, language in enumerate(("en", "es", "pt"))
    ],
)
def test_every_answer_opens_with_the_sentence_that_answers(
    shape: dict[str, Any], language: Language, statuses: tuple[Status, ...], expected: str
) -> None:
    asked = query(language, *statuses, **shape)
    sends = [C] if asked.phone_number else None
    out = render(answer(asked, sends))
    assert headline(out) == expected
    assert out["text"].startswith(expected)


def test_one_send_is_its_details_under_the_sentence() -> None:
    detail = BulkSendDetail(
        send=B, estimated_time_minutes=1.0, started_at=B.created_at, created_by=None
    )
    found = replace(
        answer(query(send_id=B.id), [B]),
        send=SendDetails(detail, count_failure_reasons(()), None),
    )
    out = render(found)
    assert headline(out) == (
        "Bulk send of welcome_message (es), partial, to 200 recipients: 180 sent (94.4% of "
        "them delivered) and 20 failed."
    )
    assert types(out)[:2] == ["section", "header"]


# --- The figures: tables, charts, side by side ----------------------------------------------


def test_a_ranking_is_a_table_and_a_bar_chart() -> None:
    asked = query(metric=Metric.FAILED, group_by=GroupBy.TEMPLATE, top=Top(2, Order.DESC))
    out = render(answer(asked))
    assert types(out) == ["section", "context", "table", "context", "data_visualization", "actions"]
    assert out["blocks"][1]["elements"][0]["text"] == (
        "*Status:* all statuses · *Period:* this week · Nov 16\u2009–\u200920, 2026 · "
        "*Time zone:* Buenos Aires time"
    )
    table = the("table", out)
    assert cells(table) == [
        [
            *("#", "Template", "Failed messages", "Bulk sends", "Recipients", "Sent"),
            *("Delivered", "Read", "Delivery rate", "Read rate", "Failure rate"),
        ],
        # 50 of 50 failed, nothing sent: no delivery or read rate.
        ["1", "order_confirmation (pt)", "50", "1", "50", "0", "0", "0", "—", "—", "100.0%"],
        # 170 + 90 delivered of 280 sent; 160 read; 20 failed of 300: each rate beside the
        # two counts it divides. A ranking has no total row: its rows are a few of many.
        [
            *("2", "welcome_message (es)", "20", "2", "300", "280", "260", "160"),
            *("92.9%", "61.5%", "6.7%"),
        ],
    ]
    assert table["column_settings"][0] == {"align": "right", "is_wrapped": False}
    assert table["column_settings"][1] == {"align": "left", "is_wrapped": True}
    assert the("data_visualization", out) == {
        "type": "data_visualization",
        "title": "Failed messages by template",
        "chart": {
            "type": "bar",
            "series": [
                {
                    "name": "Failed messages",
                    "data": [
                        {"label": "order_confirma… (pt)", "value": 50},
                        {"label": "welcome_message (es)", "value": 20},
                    ],
                }
            ],
            "axis_config": {
                "categories": ["order_confirma… (pt)", "welcome_message (es)"],
                "y_label": "Failed messages",
            },
        },
    }
    assert out["blocks"][3]["elements"][0]["text"].startswith("Delivery rate: delivered ÷ sent")
    [share] = out["blocks"][-1]["elements"]
    assert share["action_id"] == actions.SHARE
    assert decode_state(share["value"]).query.top == Top(2, Order.DESC)
    # The figures the chart draws are in the fallback text, for notifications and screen readers.
    assert out["text"].endswith("order_confirmation (pt): 50 · welcome_message (es): 20")


def test_a_trend_is_a_line_over_every_day_and_a_table_of_them_all() -> None:
    out = render(answer(query(metric=Metric.DELIVERY_RATE, group_by=GroupBy.DAY)))
    rows = cells(the("table", out))
    days = ["Nov 16", "Nov 17", "Nov 18", "Nov 19", "Nov 20"]
    assert [row[0] for row in rows] == ["Day", *days, "Total"]
    # The week's own rate last, the one the sentence says: 290 delivered of 310 sent.
    assert [row[1] for row in rows[1:]] == ["90.0%", "—", "94.4%", "—", "100.0%", "93.5%"]
    assert rows[2][1:4] == ["—", "0", "0"]  # an empty day is listed, as zeros
    chart = the("data_visualization", out)["chart"]
    assert chart["type"] == "line"
    # A rate of nothing is not drawn as a zero: Nov 17 and 19 are left out.
    assert chart["axis_config"] == {
        "categories": ["Nov 16", "Nov 18", "Nov 20"],
        "y_label": "Delivery rate (%)",
    }
    assert [p["value"] for p in chart["series"][0]["data"]] == [90.0, 94.4, 100.0]


@pytest.mark.parametrize(
    ("metric", "order", "opening"),
    [
        (Metric.FAILURE_RATE, Order.DESC, "Worst template this week by failure rate: "),
        (Metric.READ_RATE, Order.ASC, "Worst template this week by read rate: "),
        (Metric.DELIVERY_RATE, Order.DESC, "Top template this week by delivery rate: "),
        (Metric.RECIPIENTS, Order.ASC, "Lowest template this week by recipients: "),
        (Metric.FAILED, Order.ASC, "Lowest template this week by failed messages: "),
        (Metric.READ, Order.ASC, "Lowest template this week by messages read: "),
    ],
)
def test_a_ranking_says_what_its_first_place_is(metric: Metric, order: Order, opening: str) -> None:
    """ "the template with the lowest read rate" is the worst one, never the "top"."""
    asked = query(metric=metric, group_by=GroupBy.TEMPLATE, top=Top(1, order))
    said = headline(render(answer(asked)))
    assert said.startswith(opening)
    assert ("is worst" in said) == opening.startswith("Worst")
    assert ("is lowest" in said) == opening.startswith("Lowest")


def test_a_trends_table_is_the_metric_what_it_divides_sends_and_recipients() -> None:
    """Nine columns a day do not fit Slack's width: a trend keeps the rate, its two counts,
    then how much was sent."""
    out = render(answer(query(metric=Metric.READ_RATE, group_by=GroupBy.DAY)))
    assert cells(the("table", out))[0] == [
        "Day", "Read rate", "Read", "Delivered", "Bulk sends", "Recipients",
    ]  # fmt: skip
    counted = render(answer(query(metric=Metric.FAILED, group_by=GroupBy.DAY)))
    assert cells(the("table", counted))[0] == ["Day", "Failed messages", "Bulk sends", "Recipients"]


@pytest.mark.parametrize(
    ("language", "note"),
    [
        (
            "en",
            "The chart adds up each week: Slack draws 20 points at most. The table lists every day.",
        ),
        ("es", "El gráfico suma cada semana: Slack dibuja 20 puntos como máximo."),
        ("pt", "O gráfico soma cada semana: o Slack desenha no máximo 20 pontos."),
    ],
)
def test_a_chart_drawn_by_week_instead_of_days_says_so(language: Language, note: str) -> None:
    month = DateRange(date(2026, 10, 22), TODAY)  # 30 days: more than Slack's 20 points
    asked = replace(query(language, group_by=GroupBy.DAY), range=month, period=None)
    out = render(answer(asked, [D, C, B, A, F, E]))
    assert len(cells(the("table", out))) == 1 + 30 + 1  # every day, then the total
    assert len(the("data_visualization", out)["chart"]["axis_config"]["categories"]) == 5
    notes = [b["elements"][0]["text"] for b in out["blocks"] if b["type"] == "context"]
    assert any(note in text for text in notes)
    week = render(answer(query(language, group_by=GroupBy.DAY)))
    contexts = [b["elements"][0]["text"] for b in week["blocks"] if b["type"] == "context"]
    assert not any(note[:14] in text for text in contexts)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Bulk sends from Nov 16, 2026 to Nov 20, 2026: 4, up 2× from last week (2); Nov 16\u2009–\u200920, 2026 vs Nov 9\u2009–\u200915, 2026 (5 days vs 7)."),
        ("es", "Envíos masivos del 16 nov 2026 al 20 nov 2026: 4 (se multiplicó por 2 comparado con la semana pasada: 2); 16–20 nov 2026 frente a 9–15 nov 2026 (5 días frente a 7)."),
        ("pt", "Envios em massa de 16 de nov. de 2026 a 20 de nov. de 2026: 4 (multiplicou por 2 comparado com a semana passada: 2); 16\u2009–\u200920 de nov. de 2026 contra 9\u2009–\u200915 de nov. de 2026 (5 dias contra 7)."),
    ],
)  # fmt: skip
def test_the_later_of_two_named_periods_leads(language: Language, expected: str) -> None:
    """ "compare last week and Nov 16-20": the later period is the one asked about, the
    change is measured from the earlier; ``parse`` and the JSON keep the contract's order."""
    this_week = DateRange(date(2026, 11, 16), TODAY)
    asked = replace(query(language), range=LAST_WEEK, compare_to=this_week, period=Shape.BETWEEN)
    found = answer_from(asked, [F, E], THIS_WEEK, demo=False, today=TODAY)
    out = render(found)
    assert headline(out) == expected
    assert [row[:3] for row in cells(the("table", out))][1] == [
        tr_label(language, "Bulk sends"), "4", "2",
    ]  # fmt: skip
    assert answer_to_json(found)["query"]["start"] == "2026-11-09"
    assert answer_to_json(found)["comparison"]["totals"]["bulk_sends"] == 4
    assert render_answer(found).splitlines()[0] == expected


@pytest.mark.parametrize(
    ("now", "before", "language", "words"),
    [
        (40, 1, "en", "up 40×"),
        (40, 1, "es", "se multiplicó por 40"),
        (40, 1, "pt", "multiplicou por 40"),
        (25, 10, "en", "up 2.5×"),
        (25, 10, "es", "se multiplicó por 2,5"),
        (20, 10, "en", "up 2×"),
        (19, 10, "en", "up 90%"),
        (1, 40, "en", "down 98%"),
        (125, 10, "en", "up 13×"),
    ],
)
def test_a_count_that_doubles_or_more_is_said_as_a_ratio(
    now: int, before: int, language: Language, words: str
) -> None:
    """1 -> 40 said "up 3,900.0%": noise on a tiny baseline. From double on, a ratio."""
    move = change(Metric.FAILED, now, before, language)
    assert move is not None and move.words == words


def tr_label(language: Language, label: str) -> str:
    return translator(language)._(label)


def test_a_comparison_sets_the_periods_side_by_side_marking_each_change() -> None:
    out = render(answer(query(metric=Metric.READ_RATE, compare_to=LAST_WEEK)))
    assert types(out) == ["section", "context", "table", "context", "actions"]
    assert out["blocks"][1]["elements"][0]["text"].endswith(
        "*Compared with:* last week · Nov 9\u2009–\u200915, 2026"
    )
    assert cells(the("table", out)) == [
        ["Number", "This week", "Last week", "Change"],
        ["Bulk sends", "4", "2", "up 2×"],  # volumes are neither good nor bad
        ["Recipients", "430", "400", "up 7.5%"],
        ["Sent", "310", "396", "down 22%"],
        ["Delivered", "290", "375", "🔴 worse: down 23%"],
        ["Read", "170", "195", "🔴 worse: down 13%"],
        ["Failed", "70", "4", "🔴 worse: up 18×"],
        # Rates in points: 290/310 against 375/396; 170/290 against 195/375; 70/430 against 4/400.
        ["Delivery rate", "93.5%", "94.7%", "🔴 worse: down 1.1 points"],
        ["Read rate", "58.6%", "52.0%", "🟢 better: up 6.6 points"],
        ["Failure rate", "16.3%", "1.0%", "🔴 worse: up 15.3 points"],
    ]


@pytest.mark.parametrize(
    ("language", "header", "change"),
    [
        ("es", ["Dato", "Esta semana", "La semana pasada", "Cambio"], "🟢 mejor: subió 6,6 puntos"),
        (
            "pt",
            ["Indicador", "Esta semana", "A semana passada", "Mudança"],
            "🟢 melhor: subiu 6,6 pontos",
        ),
    ],
)
def test_a_comparison_in_spanish_and_portuguese(
    language: Language, header: list[str], change: str
) -> None:
    out = render(answer(query(language, metric=Metric.READ_RATE, compare_to=LAST_WEEK)))
    rows = cells(the("table", out))
    assert rows[0] == header
    assert rows[8][3] == change


def test_a_ranking_compared_shows_each_groups_change_and_both_periods_in_the_chart() -> None:
    asked = query(
        metric=Metric.FAILED,
        group_by=GroupBy.TEMPLATE,
        top=Top(2, Order.DESC),
        compare_to=LAST_WEEK,
    )
    out = render(answer(asked))
    rows = cells(the("table", out))
    assert rows[0][:5] == ["#", "Template", "Failed messages", "Last week", "Change"]
    # order_confirmation: 50 now, 4 last week (f); welcome_message: 20 now, none (e had 0).
    assert rows[1][:5] == ["1", "order_confirmation (pt)", "50", "4", "🔴 worse: up 13×"]
    assert rows[2][:5] == ["2", "welcome_message (es)", "20", "0", "🔴 worse: up 20 from none"]
    series = the("data_visualization", out)["chart"]["series"]
    assert [(s["name"], [p["value"] for p in s["data"]]) for s in series] == [
        ("This week", [50, 20]),
        ("Last week", [4, 0]),
    ]


def test_a_breakdown_by_sender_and_by_status() -> None:
    by_sender = cells(the("table", render(answer(query(group_by=GroupBy.PHONE_NUMBER)))))
    assert [row[:3] for row in by_sender] == [
        ["Sender", "Recipients", "Bulk sends"],
        ["+54 9 11 5263-0780 (Mindo Software)", "380", "3"],
        ["+55 11 3958-0412 (Mindo Software)", "50", "1"],
        ["Total", "430", "4"],
    ]
    by_status = cells(the("table", render(answer(query("es", group_by=GroupBy.STATUS)))))
    assert [row[:2] for row in by_status] == [
        ["Estado", "Destinatarios"],
        ["Parcial", "200"],
        ["Completado", "100"],
        ["Cancelado", "80"],
        ["Fallido", "50"],
        ["Total", "430"],
    ]


@pytest.mark.parametrize(
    ("language", "sentence", "names"),
    [
        ("en", "most recipients: Spanish, with 300", ["Spanish", "English", "Portuguese (Brazil)"]),
        ("es", "más destinatarios: español, con 300", ["Español", "Inglés", "Portugués (Brasil)"]),
        (
            "pt",
            "mais destinatários: espanhol, com 300",
            ["Espanhol", "Inglês", "Português (Brasil)"],
        ),
    ],
)
def test_a_breakdown_by_language_names_each_in_the_readers_words(
    language: Language, sentence: str, names: list[str]
) -> None:
    """Template languages are Meta's codes ("es", "pt_BR"): people read their names."""
    brazil = replace(C, template=replace(C.template, language="pt_BR"))
    out = render(answer(query(language, group_by=GroupBy.LANGUAGE), [D, brazil, B, A]))
    assert sentence in headline(out)
    assert [row[0] for row in cells(the("table", out))[1:4]] == names


def test_chart_labels_keep_a_templates_language_and_a_senders_number() -> None:
    """Slack's axis labels hold 20 characters: a long name is cut before its language, so
    the same template in two languages stays two bars anyone can tell apart."""
    long = "spring_campaign_reminder_2026"
    sends = [
        replace(A, template=replace(A.template, name=long, language="es")),
        replace(C, template=replace(C.template, name=long, language="pt_BR")),
        replace(B, template=replace(B.template, name=long + "_b", language="es")),
    ]
    out = render(answer(query(group_by=GroupBy.TEMPLATE), sends))
    labels = the("data_visualization", out)["chart"]["axis_config"]["categories"]
    assert labels == ["spring_campaig… (es)", "spring_campa… 2 (es)", "spring_camp… (pt_BR)"]
    assert all(len(label) <= 20 for label in labels)
    by_sender = render(answer(query(group_by=GroupBy.PHONE_NUMBER)))
    categories = the("data_visualization", by_sender)["chart"]["axis_config"]["categories"]
    assert categories == ["+54 9 11 5263-0780", "+55 11 3958-0412"]


def test_where_tables_and_charts_are_refused_the_same_rows_are_text() -> None:
    asked = query(metric=Metric.FAILED, group_by=GroupBy.TEMPLATE, top=Top(2, Order.DESC))
    out = render(answer(asked), refused=frozenset({TABLE, CHART}))
    assert types(out) == ["section", "context", "section", "context", "actions"]
    text = out["blocks"][2]["text"]["text"]
    assert text.startswith("```#  Template")
    assert "1  order_confirmation (pt)               50" in text
    assert text.endswith("```")
    only_charts = render(answer(asked), refused=frozenset({CHART}))
    assert types(only_charts) == ["section", "context", "table", "context", "actions"]


def test_a_shared_copy_has_no_buttons() -> None:
    asked = query(metric=Metric.FAILED, group_by=GroupBy.TEMPLATE, top=Top(2, Order.DESC))
    out = render(answer(asked), interactive=False)
    assert "actions" not in types(out)


def test_nothing_to_show_says_so_and_suggests_a_wider_question() -> None:
    out = render(answer(query(group_by=GroupBy.TEMPLATE), []))
    assert headline(out) == "No bulk sends this week."
    assert types(out) == ["section", "context", "context", "actions"]
    assert "`last 30 days`" in out["blocks"][2]["elements"][0]["text"]
