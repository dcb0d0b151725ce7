"""The digest message: what it says, in three languages, inside Slack's limits whatever the data."""

from __future__ import annotations

import json
from datetime import date, timedelta
from types import MappingProxyType

import pytest

from bot.domain.sends import Status
from bot.locale.languages import Language
from bot.message.digest import build_digest_message, build_unavailable_message, is_quiet
from bot.message.limits import MAX_BLOCKS, MAX_BLOCKS_JSON
from bot.message.slack import blocks_json_length
from bot.mindo.models import BulkSend
from bot.service.digest import DayActivity, DigestData, FailureReason
from tests.factories import (
    BLACK_FRIDAY_NINE,
    BUENOS_AIRES,
    THANKSGIVING_NOON,
    make_phone,
    make_send,
)

DAY = date(2026, 11, 26)


def data(sends: list[BulkSend], **changes: object) -> DigestData:
    reasons = changes.pop("reasons", {})
    activity = DayActivity(DAY, BUENOS_AIRES, tuple(sends), MappingProxyType(reasons))  # type: ignore[arg-type]
    phones = changes.pop("phones", (make_phone(),))
    return DigestData(activity, phones, BLACK_FRIDAY_NINE)  # type: ignore[arg-type]


def fields(message_dict: dict[str, object]) -> list[str]:
    blocks = message_dict["blocks"]
    assert isinstance(blocks, list)
    return [f["text"] for b in blocks for f in b.get("fields", [])]


def test_totals_compare_with_the_day_before_and_the_week() -> None:
    sends = [
        make_send("a", THANKSGIVING_NOON, recipients=200),
        make_send("b", THANKSGIVING_NOON - timedelta(days=1), recipients=100),
        *(
            make_send(f"w{n}", THANKSGIVING_NOON - timedelta(days=n), recipients=50)
            for n in range(2, 8)
        ),
    ]
    message = build_digest_message(data(sends), language="en", demo=False).to_dict()
    recipients = next(f for f in fields(message) if f.startswith("*Recipients*"))
    # 200 vs 100 on Wednesday; vs (100 + 6 × 50) / 7 ≈ 57.1 a day over the week.
    assert recipients == "*Recipients*: 200\n↑ 100% vs. Wed · ↑ 250% vs. 7-day avg."
    sends_field = next(f for f in fields(message) if f.startswith("*Bulk sends*"))
    assert sends_field == "*Bulk sends*: 1\n→ 0% vs. Wed · → 0% vs. 7-day avg."


def test_rates_change_in_points_and_nothing_to_compare_is_a_dash() -> None:
    sends = [make_send("a", THANKSGIVING_NOON, recipients=100, failed=10)]
    message = build_digest_message(data(sends), language="en", demo=False).to_dict()
    failure = next(f for f in fields(message) if f.startswith("*Failure rate*"))
    assert failure == "*Failure rate*: 10.0%\n→ — vs. Wed · → — vs. 7-day avg."
    sends.append(make_send("b", THANKSGIVING_NOON - timedelta(days=1), recipients=100, failed=5))
    message = build_digest_message(data(sends), language="es", demo=False).to_dict()
    failure = next(f for f in fields(message) if f.startswith("*Tasa de fallos*"))
    assert failure.startswith("*Tasa de fallos*: 10,0%\n↑ 5,0 pp vs. mié")


def test_problems_with_reasons_and_a_details_button() -> None:
    sends = [make_send("bad", THANKSGIVING_NOON, status=Status.FAILED, recipients=40, failed=40)]
    reasons = {
        "bad": (
            FailureReason("(#131026) Message undeliverable", 30, 131026),
            FailureReason(None, 10),
        )
    }
    message = build_digest_message(data(sends, reasons=reasons), language="en", demo=True).to_dict()
    text = json.dumps(message, ensure_ascii=False)
    assert "*⚠️ Problems (1)*" in text
    assert "*The number isn't on WhatsApp, or can't receive this message* (#131026) — 30" in text
    assert "*(no reason given)* — 10" in text
    button = next(
        b["accessory"]
        for b in message["blocks"]
        if b.get("accessory", {}).get("action_id") == "details"
    )
    assert '"i":"bad"' in button["value"] and '"m":1' in button["value"]


def test_reasons_counted_from_a_sample_say_so() -> None:
    big = make_send("big", THANKSGIVING_NOON, status=Status.PARTIAL, recipients=9000, failed=5000)
    small = make_send("small", THANKSGIVING_NOON, status=Status.FAILED, recipients=40, failed=40)
    reasons = {s.id: (FailureReason("Undeliverable", 30),) for s in (big, small)}
    message = build_digest_message(data([big, small], reasons=reasons), language="es", demo=False)
    text = json.dumps(message.to_dict(), ensure_ascii=False)
    assert text.count("de los primeros 1.000 mensajes fallidos") == 1


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
    text = json.dumps(message.to_dict(), ensure_ascii=False)
    assert "*🔄 Still running (2)*" in text
    assert "▓▓▓▓▓░░░░░ 50%" in text and "about 30 min left" in text
    assert "waiting to start" in text


def test_quotas_flag_numbers_nearly_used_up() -> None:
    phones = (
        make_phone("Fine", remaining=900, usage=10.0),
        make_phone("Busy", remaining=50, usage=95.0),
        make_phone("Stuck", remaining=0, usage=100.0, can_send=False),
        make_phone("Big", limit=None, remaining=None, tier="TIER_UNLIMITED"),
    )
    message = build_digest_message(
        data([make_send("a", THANKSGIVING_NOON)], phones=phones), language="en", demo=False
    )
    text = json.dumps(message.to_dict(), ensure_ascii=False)
    assert "900 of 1,000 left today" in text
    assert "50 of 1,000 left today · ⚠️ 95.0% of the daily quota used" in text
    assert "⛔ cannot send right now" in text
    assert "tier: unlimited · no daily limit" in text


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "😌 Quiet day: no bulk sends on Nov 26, 2026."),
        ("es", "😌 Día tranquilo: no hubo envíos masivos el 26 nov 2026."),
        ("pt", "😌 Dia tranquilo: nenhum envio em massa em 26 de nov. de 2026."),
    ],
)
def test_a_quiet_day_is_one_friendly_line(language: str, line: str) -> None:
    quiet = data([make_send("old", THANKSGIVING_NOON - timedelta(days=2))])
    assert is_quiet(quiet)
    message = build_digest_message(quiet, language=language, demo=False)  # type: ignore[arg-type]
    assert message.text == line and len(message.blocks) == 1


def test_untrusted_names_cannot_ping_or_format() -> None:
    sender = "<!channel> *Promo* <https://evil.example|click>"
    sends = [
        make_send(
            "a", THANKSGIVING_NOON, status=Status.PARTIAL, failed=3, sender=sender, template="_x_"
        )
    ]
    reasons = {"a": (FailureReason("<@U123> ~gone~", 3),)}
    text = json.dumps(
        build_digest_message(data(sends, reasons=reasons), language="en", demo=False).to_dict()
    )
    assert "<!channel>" not in text and "<@U123>" not in text and "<https://" not in text
    assert "&lt;!channel&gt;" in text


def test_huge_volume_stays_inside_slacks_limits() -> None:
    long = "x" * 200
    sends = [
        make_send(
            f"s{n}",
            THANKSGIVING_NOON - timedelta(minutes=n % 600, days=n % 3),
            status=(Status.FAILED, Status.PARTIAL, Status.PROCESSING, Status.COMPLETED)[n % 4],
            failed=n % 50,
            template=f"template_{n % 300}_{long}",
            sender=f"Sender {long} ñ 😀",
            progress=float(n % 100),
        )
        for n in range(5000)
    ]
    reasons = {
        f"s{n}": tuple(FailureReason(f"reason {k} {long}", k) for k in range(5))
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
        )
        rendered = message.to_dict()  # validates every block
        assert len(rendered["blocks"]) <= MAX_BLOCKS
        assert blocks_json_length(rendered["blocks"]) <= MAX_BLOCKS_JSON
        assert "+" in json.dumps(rendered)  # "+N more …" rather than everything


def test_the_unavailable_notice() -> None:
    message = build_unavailable_message(DAY, language="pt")
    assert message.text.startswith("⚠️ Não consegui montar o resumo de 26 de nov. de 2026")


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "delivery rate"), ("es", "tasa de entrega"), ("pt", "taxa de entrega")],
)
def test_top_templates_say_their_rate_is_of_delivery(language: Language, words: str) -> None:
    # Next to "N recipients", a bare "85.7% delivered" reads as a share of the recipients,
    # while it is delivered/sent: the line names the rate.
    message = build_digest_message(
        data([make_send("a", THANKSGIVING_NOON)]), language=language, demo=False
    )
    assert words in json.dumps(message.to_dict(), ensure_ascii=False)


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
