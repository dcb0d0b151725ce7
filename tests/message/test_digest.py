"""The digest message: what it says and in which order, in three languages, inside Slack's
limits whatever the data, with its chart and table or their stand-ins."""

from __future__ import annotations

import json
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import pytest

from bot.domain.sends import BulkSend, Status
from bot.locale.languages import Language
from bot.message.charts import BLOCK_TYPE as CHART
from bot.message.digest import build_digest_message, build_unavailable_message, is_quiet
from bot.message.limits import MAX_BLOCKS, MAX_BLOCKS_JSON
from bot.message.slack import blocks_json_length
from bot.message.tables import BLOCK_TYPE as TABLE
from bot.service.digest import DayActivity, DigestData, FailureReason
from tests.factories import (
    BLACK_FRIDAY_NINE,
    BUENOS_AIRES,
    THANKSGIVING_NOON,
    make_phone,
    make_send,
)

DAY = date(2026, 11, 26)
REFUSED_ALL = frozenset({CHART, TABLE})


def data(sends: list[BulkSend], **changes: object) -> DigestData:
    reasons = changes.pop("reasons", {})
    activity = DayActivity(DAY, BUENOS_AIRES, tuple(sends), MappingProxyType(reasons))  # type: ignore[arg-type]
    phones = changes.pop("phones", (make_phone(),))
    return DigestData(activity, phones, BLACK_FRIDAY_NINE)  # type: ignore[arg-type]


def fields(message_dict: dict[str, Any]) -> list[str]:
    return [f["text"] for b in message_dict["blocks"] for f in b.get("fields", [])]


def field(message_dict: dict[str, Any], label: str) -> str:
    return next(f for f in fields(message_dict) if f.startswith(f"*{label}*"))


def as_text(message_dict: dict[str, Any]) -> str:
    return json.dumps(message_dict, ensure_ascii=False)


def week_of(recipients: int, **kwargs: Any) -> list[BulkSend]:
    """One send a day on each of the seven days before the digest's day."""
    return [
        make_send(f"w{n}", THANKSGIVING_NOON - timedelta(days=n), recipients=recipients, **kwargs)
        for n in range(1, 8)
    ]


def test_it_opens_with_how_yesterday_went_in_one_sentence() -> None:
    sends = [
        make_send("a", THANKSGIVING_NOON, recipients=200),
        make_send("b", THANKSGIVING_NOON, status=Status.PARTIAL, recipients=100, failed=10),
        make_send("c", THANKSGIVING_NOON, status=Status.PROCESSING, recipients=50, progress=20.0),
    ]
    message = build_digest_message(data(sends), language="en", demo=False)
    # 350 recipients: a's 200 and b's 90 sent (190 + 85 delivered), b's 10 failed, c's 50
    # to go: the rate sits beside the 290 it is a share of, not the 350.
    headline = (
        "Yesterday, Nov 26, 2026: 3 bulk sends to 350 recipients; 290 sent (94.8% of them "
        "delivered), 10 failed, and 50 still to go out. 1 had problems. 1 is still sending."
    )
    assert message.text.splitlines()[0] == headline
    assert message.to_dict()["blocks"][0]["text"]["text"] == f"*{headline}*"
    spanish = build_digest_message(data(sends), language="es", demo=False).text.splitlines()[0]
    assert spanish == (
        "Ayer, 26 nov 2026: 3 envíos masivos para 350 destinatarios; 290 enviados (94,8% de "
        "ellos entregados), 10 fallidos y 50 pendientes de envío. 1 tuvo problemas. "
        "1 sigue enviándose."
    )


def test_a_day_where_everything_failed_says_so_without_a_rate() -> None:
    sends = [make_send("a", THANKSGIVING_NOON, status=Status.FAILED, recipients=40, failed=40)]
    text = build_digest_message(data(sends), language="pt", demo=False).text
    assert text.splitlines()[0] == (
        "Ontem, 26 de nov. de 2026: 1 envio em massa para 40 destinatários; 40 com falha. "
        "1 teve problemas."
    )


def test_each_number_has_one_comparison_marked_in_colour_and_words() -> None:
    sends = [
        make_send("a", THANKSGIVING_NOON, recipients=200, failed=20, delivered=176),
        *week_of(100, failed=2, delivered=93),
    ]
    message = build_digest_message(data(sends), language="en", demo=False).to_dict()
    # Volumes move, neither better nor worse: 200 against 100 a day is up 100%.
    assert field(message, "Recipients") == "*Recipients*: 200\n🔹 up 2×"
    assert field(message, "Bulk sends") == "*Bulk sends*: 1\n⚪ steady"
    # Failures are worse when they go up: 20 against 2 a day.
    assert field(message, "Failed") == "*Failed*: 20\n🔴 up 10×, worse"
    # Rates move in points: 176/180 = 97.8% against 93/98 = 94.9% is up 2.9 points.
    assert field(message, "Delivery rate") == "*Delivery rate*: 97.8%\n🟢 up 2.9 points, better"
    assert field(message, "Failure rate") == "*Failure rate*: 10.0%\n🔴 up 8.0 points, worse"
    text = as_text(message)
    assert "vs." not in text and "new" not in text


def test_nothing_is_compared_with_nothing() -> None:
    sends = [make_send("a", THANKSGIVING_NOON, recipients=100, failed=10)]
    message = build_digest_message(data(sends), language="en", demo=False).to_dict()
    assert field(message, "Recipients") == "*Recipients*: 100\n▫️ none in the 7 days before"
    assert field(message, "Failure rate") == "*Failure rate*: 10.0%\n▫️ nothing to compare with"
    assert field(message, "Pending") == "*Pending*: 0\n▫️ nothing to compare with"
    spanish = build_digest_message(data(sends), language="es", demo=False).to_dict()
    assert field(spanish, "Tasa de fallos") == ("*Tasa de fallos*: 10,0%\n▫️ nada con qué comparar")


def test_problems_come_first_with_reasons_what_to_do_and_details() -> None:
    sends = [
        make_send("ok", THANKSGIVING_NOON),
        make_send("bad", THANKSGIVING_NOON, status=Status.FAILED, recipients=40, failed=40),
    ]
    reasons = {
        "bad": (
            FailureReason("(#131026) Message undeliverable", 30, 131026),
            FailureReason(None, 10),
        )
    }
    message = build_digest_message(data(sends, reasons=reasons), language="en", demo=True).to_dict()
    blocks = message["blocks"]
    texts = [b.get("text", {}).get("text", "") for b in blocks]
    attention = next(i for i, t in enumerate(texts) if "Needs attention: 1 with problems" in t)
    numbers = next(i for i, t in enumerate(texts) if "The numbers" in t)
    assert attention < numbers
    problem = blocks[attention + 1]
    assert (
        "*The number isn't on WhatsApp, or can't receive this message* (#131026) — 30"
        in (problem["text"]["text"])
    )
    assert "_Check the number." in problem["text"]["text"]
    assert "*(no reason given)* — 10" in problem["text"]["text"]
    button = problem["accessory"]
    assert button["action_id"] == "details" and button["text"]["text"] == "Details"


def test_reasons_counted_from_a_sample_say_so() -> None:
    big = make_send("big", THANKSGIVING_NOON, status=Status.PARTIAL, recipients=5000, failed=3000)
    small = make_send("small", THANKSGIVING_NOON, status=Status.PARTIAL, recipients=50, failed=5)
    reasons = {
        big.id: (FailureReason("Undeliverable", 1000),),
        small.id: (FailureReason("Undeliverable", 5),),
    }
    message = build_digest_message(data([big, small], reasons=reasons), language="es", demo=False)
    assert as_text(message.to_dict()).count("de los primeros 1.000 mensajes fallidos") == 1


def test_reasons_counted_from_fewer_failed_messages_than_the_send_has_say_so() -> None:
    # 40 failed, but the messages read held 12 failed ones (more failed since, or a Mindo
    # that ignores the status filter): 12 is not all of them.
    send = make_send("s", THANKSGIVING_NOON, status=Status.PARTIAL, recipients=50, failed=40)
    reasons = {send.id: (FailureReason("Undeliverable", 12),)}
    message = build_digest_message(data([send], reasons=reasons), language="en", demo=False)
    assert "from the first 12 failed messages" in as_text(message.to_dict())


def test_a_day_without_problems_says_so_in_its_first_sentence_only() -> None:
    message = build_digest_message(
        data([make_send("a", THANKSGIVING_NOON)]), language="en", demo=False
    )
    assert message.text.splitlines()[0].endswith("No problems.")
    assert "Needs attention" not in as_text(message.to_dict())


def test_running_sends_show_progress_and_eta() -> None:
    running = make_send(
        "r", BLACK_FRIDAY_NINE - timedelta(minutes=30), status=Status.PROCESSING, progress=50.0
    )
    queued = make_send(
        "q", BLACK_FRIDAY_NINE - timedelta(minutes=5), status=Status.QUEUED, progress=0.0
    )
    message = build_digest_message(
        data([make_send("a", THANKSGIVING_NOON), running, queued]), language="en", demo=False
    )
    text = as_text(message.to_dict())
    assert "*🔄 Still sending (2)*" in text
    assert "▓▓▓▓▓░░░░░ 50%" in text and "about 30 min left" in text
    assert "waiting to start" in text


def test_quotas_flag_numbers_nearly_used_up_first() -> None:
    phones = (
        make_phone("Fine", remaining=900, usage=10.0),
        make_phone("Busy", remaining=50, usage=95.0),
        make_phone("Stuck", remaining=0, usage=100.0, can_send=False),
        make_phone("Big", limit=None, remaining=None, tier="TIER_UNLIMITED"),
    )
    message = build_digest_message(
        data([make_send("a", THANKSGIVING_NOON)], phones=phones), language="en", demo=False
    )
    text = as_text(message.to_dict())
    assert "900 of 1,000 left today" in text
    assert "50 of 1,000 left today · ⚠️ 95% of the daily quota used" in text
    assert "⛔ cannot send right now" in text
    assert "tier: unlimited · no daily limit" in text
    assert text.index("Stuck") < text.index("Busy") < text.index("Fine")


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "😌 Quiet day: no bulk sends on Nov 26, 2026."),
        ("es", "😌 Día tranquilo: no hubo envíos masivos el 26 nov 2026."),
        ("pt", "😌 Dia tranquilo: nenhum envio em massa em 26 de nov. de 2026."),
    ],
)
def test_a_quiet_day_is_one_friendly_line(language: Language, line: str) -> None:
    quiet = data([make_send("old", THANKSGIVING_NOON - timedelta(days=2))])
    assert is_quiet(quiet)
    message = build_digest_message(quiet, language=language, demo=False)
    assert message.text == line and len(message.blocks) == 1


def test_the_last_fourteen_days_are_a_chart_with_the_figures_in_the_fallback() -> None:
    sends = [make_send("a", THANKSGIVING_NOON, recipients=200), *week_of(100)]
    message = build_digest_message(data(sends), language="en", demo=False)
    rendered = message.to_dict()
    (chart,) = [b for b in rendered["blocks"] if b["type"] == CHART]
    assert chart["title"] == "Sent and delivered, last 14 days"
    axis = chart["chart"]["axis_config"]["categories"]
    assert len(axis) == 14 and axis[0] == "Nov 13" and axis[-1] == "Nov 26"
    sent, delivered = chart["chart"]["series"]
    assert (sent["name"], delivered["name"]) == ("Sent", "Delivered")
    assert sent["data"][-1] == {"label": "Nov 26", "value": 200}
    assert delivered["data"][-1] == {"label": "Nov 26", "value": 190}
    assert sent["data"][0]["value"] == 0  # a day without sends is a zero, not a gap
    assert "Nov 26: 200 sent, 95.0% delivered" in message.text
    assert "Nov 13: none sent" in message.text


def test_where_charts_and_tables_are_refused_their_figures_stand_in() -> None:
    sends = [make_send("a", THANKSGIVING_NOON, recipients=200), *week_of(100)]
    plain = build_digest_message(data(sends), language="es", demo=False, refused=REFUSED_ALL)
    rendered = plain.to_dict()
    kinds = {b["type"] for b in rendered["blocks"]}
    assert CHART not in kinds and TABLE not in kinds
    text = as_text(rendered)
    assert "*Enviados y entregados, últimos 14 días*\\n```Día" in text
    assert "26 nov" in text and "95,0%" in text
    assert "welcome_message (es)" in text  # the templates' table as text


def test_top_templates_are_a_table_that_names_the_rate() -> None:
    sends = [
        make_send(f"t{n}", THANKSGIVING_NOON, template=f"template_{n}", recipients=100 + n)
        for n in range(8)
    ]
    rendered = build_digest_message(data(sends), language="pt", demo=False).to_dict()
    (table,) = [b for b in rendered["blocks"] if b["type"] == TABLE]
    header = [cell["text"] for cell in table["rows"][0]]
    assert header == ["Modelo", "Envios em massa", "Destinatários", "Taxa de entrega"]
    assert [row[0]["text"] for row in table["rows"][1:]] == [
        f"template_{n} (es)" for n in (7, 6, 5, 4, 3)
    ]
    assert "Os 5 modelos com mais destinatários de 8" in as_text(rendered)


def test_untrusted_names_cannot_ping_or_format() -> None:
    sender = "<!channel> *Promo* <https://evil.example|click>"
    sends = [
        make_send(
            "a", THANKSGIVING_NOON, status=Status.PARTIAL, failed=3, sender=sender, template="_x_"
        )
    ]
    reasons = {"a": (FailureReason("<@U123> ~gone~", 3),)}
    for refused in (frozenset(), REFUSED_ALL):
        text = json.dumps(
            build_digest_message(
                data(sends, reasons=reasons), language="en", demo=False, refused=refused
            ).to_dict()
        )
        assert "<!channel>" not in text and "<@U123>" not in text and "<https://" not in text
        assert "&lt;!channel&gt;" in text


@pytest.mark.parametrize("refused", [frozenset(), REFUSED_ALL])
def test_huge_volume_stays_inside_slacks_limits(refused: frozenset[str]) -> None:
    long = "x" * 200
    sends = [
        make_send(
            f"s{n}",
            THANKSGIVING_NOON - timedelta(minutes=n % 600, days=n % 14),
            status=(Status.FAILED, Status.PARTIAL, Status.PROCESSING, Status.COMPLETED)[n % 4],
            failed=n % 50,
            template=f"template_{n % 300}_{long}",
            sender=f"Sender {long} ñ 😀",
            progress=float(n % 100),
        )
        for n in range(5000)
    ]
    reasons = {
        f"s{n}": tuple(FailureReason(f"(#13{k}026) {long}", k, 130026 + k) for k in range(5))
        for n in range(5000)
    }
    phones = tuple(make_phone(f"Phone {n} {long}") for n in range(40))
    languages: tuple[Language, ...] = ("en", "es", "pt")
    for language in languages:
        message = build_digest_message(
            data(sends, reasons=reasons, phones=phones),
            language=language,
            demo=True,
            late_since=BLACK_FRIDAY_NINE - timedelta(hours=3),
            refused=refused,
        )
        rendered = message.to_dict()  # validates every block
        assert len(rendered["blocks"]) <= MAX_BLOCKS
        assert blocks_json_length(rendered["blocks"]) <= MAX_BLOCKS_JSON - 500
        assert not rendered["blocks"][-2]["text"]["text"].startswith("+")  # no dangling "+N"


def test_the_unavailable_notice() -> None:
    message = build_unavailable_message(DAY, language="pt")
    assert message.text.startswith("⚠️ Não consegui montar o resumo de 26 de nov. de 2026")


@pytest.mark.parametrize(
    ("tier", "language", "words"),
    [
        ("TIER_10K", "en", "tier: 10K customers a day"),
        ("TIER_250", "es", "nivel: 250 clientes por día"),
        ("TIER_UNLIMITED", "pt", "nível: ilimitado"),
        ("TIER_SOMETHING_NEW", "en", "TIER_SOMETHING_NEW"),
    ],
)
def test_messaging_tiers_in_words(tier: str, language: Language, words: str) -> None:
    from bot.message.digest import tier_words

    assert tier_words(tier, language) == words


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("en", "Each change is against the average day of Nov 19\u2009–\u200925, 2026;"),
        ("es", "Cada cambio se compara con el día promedio del período 19–25 nov 2026;"),
        ("pt", "Cada mudança é comparada com o dia médio do período 19\u2009–\u200925 de nov."),
    ],
)
def test_the_week_compared_with_is_one_range(language: Language, note: str) -> None:
    """ "from Nov 19, 2026 to Nov 25, 2026" said the year twice in one short note."""
    sends = [make_send("a", THANKSGIVING_NOON), *week_of(100)]
    message = build_digest_message(data(sends), language=language, demo=False)
    assert note in as_text(message.to_dict())


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "⚠️ 95% of the daily quota used"), ("pt", "⚠️ 95,5% da cota diária usada")],
)
def test_a_quota_used_is_shown_as_mindo_gives_it(language: Language, shown: str) -> None:
    """Mindo's 95.0 is "95%", not "95.0%" (a rate we measure keeps its decimal)."""
    usage = 95.0 if language == "en" else 95.5
    phones = (make_phone("Busy", remaining=50, usage=usage),)
    sends = [make_send("a", THANKSGIVING_NOON)]
    message = build_digest_message(data(sends, phones=phones), language=language, demo=False)
    assert shown in as_text(message.to_dict())
