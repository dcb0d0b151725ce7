import json
from dataclasses import replace
from datetime import timedelta

from bot.domain.sends import Status
from bot.locale.languages import Language
from bot.locale.translate import translator
from bot.message.details import build_details_message
from bot.message.reasons import TOP_REASONS
from bot.message.words import time_left
from bot.mindo.models import BulkSendDetail, Creator, Message
from bot.report import FailureReason, count_failure_reasons, estimated_finish
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME, make_send
from tests.fakes.slack_api import MAX_MESSAGE_BLOCKS, block_problems

PHONE = "+54 9 11 5555-0101"
CREATED = WEDNESDAY_LUNCHTIME - timedelta(minutes=30)
ANA = Creator(7, "ana@example.com", "Ana", "Pérez")


def message(n: int, error: str | None, status: str = "failed") -> Message:
    return Message(
        id=n,
        recipient_phone=PHONE,
        status=status,
        meta_message_id=f"wamid.{n}",
        variables_used={},
        sent_at=None,
        delivered_at=None,
        read_at=None,
        error_message=error,
    )


def detail(
    status: Status = Status.PARTIAL,
    *,
    progress: float = 100.0,
    completed_after: timedelta | None = None,
    creator: Creator | None = ANA,
) -> BulkSendDetail:
    send = make_send(
        1,
        status=status,
        template="black_friday_2025",
        sender="Aurora Market",
        failed=30,
        progress=progress,
        created_at=CREATED,
    )
    if completed_after is not None:
        send = replace(send, completed_at=CREATED + completed_after)
    return BulkSendDetail(
        send=send,
        estimated_time_minutes=60.0,
        started_at=CREATED + timedelta(seconds=3),
        created_by=creator,
    )


def as_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_details_say_who_when_how_long_and_why() -> None:
    reasons = count_failure_reasons(
        [message(n, "(#131026) Message undeliverable") for n in range(20)]
        + [message(100 + n, "(#131047) Re-engagement message") for n in range(10)]
    )
    finished = detail(completed_after=timedelta(minutes=25, seconds=3))
    built = build_details_message(
        finished, reasons, language="en", timezone=BUENOS_AIRES, now=WEDNESDAY_LUNCHTIME, demo=False
    )
    data = built.to_dict()
    text = as_text(data)
    assert "black_friday_2025 (es)" in text
    assert "Ana Pérez" in text and "Aurora Market" in text
    assert "after 25 minutes" in text
    assert f"<!date^{int(CREATED.timestamp())}^" in text
    assert "*The number isn't on WhatsApp, or can't receive this message* (#131026) — 20" in text
    assert "_Meta's words: (#131026) Message undeliverable_" in text
    assert "only approved templates can reach them* (#131047) — 10" in text
    assert "Send an approved template instead" in text
    assert "*Delivered*\\n114 · 95.0% of those sent" in text
    assert "*Failed*\\n30 · 20.0% of all recipients" in text
    assert "Should finish" not in text and "Demo data" not in text
    assert PHONE not in text
    assert built.text == "⚠️ black_friday_2025 (es): 114 of 150 recipients got it, 30 failed."
    assert data["blocks"][1]["text"]["text"] == built.text  # the first thing read
    assert block_problems(data["blocks"], MAX_MESSAGE_BLOCKS, budget=12_000) == []


def test_a_running_send_shows_progress_and_time_left_in_spanish() -> None:
    running = detail(Status.PROCESSING, progress=40.0, creator=None)
    text = as_text(
        build_details_message(
            running, (), language="es", timezone=BUENOS_AIRES, now=WEDNESDAY_LUNCHTIME, demo=True
        ).to_dict()
    )
    assert "destinatarios, faltan unos 30 min." in text  # started 30 min ago, 60 estimated
    assert "(faltan unos 30 min)" in text
    assert "▓▓▓▓░░░░░░ 40" in text
    assert "desconocido" in text  # no creator recorded
    assert "🏁" not in text  # not finished
    assert "No hay mensajes fallidos que explicar." in text
    assert "Datos de demostración" in text


def test_an_overdue_estimate_gives_way_to_the_pace_in_the_words_home_uses() -> None:
    """Mindo's estimate already past said "finishing in 60 seconds" however much was left,
    while Home and the digest said the pace: one estimate, one wording, everywhere."""
    late = replace(detail(Status.PROCESSING, progress=50.0), estimated_time_minutes=1.0)
    text = as_text(
        build_details_message(
            late, (), language="en", timezone=BUENOS_AIRES, now=WEDNESDAY_LUNCHTIME, demo=False
        ).to_dict()
    )
    # Half done in 30 minutes: about 30 more, as Home says from the list alone.
    home = time_left(estimated_finish(late.send, WEDNESDAY_LUNCHTIME), WEDNESDAY_LUNCHTIME,
                     translator("en"))  # fmt: skip
    assert home == "about 30 min left"
    assert f"recipients done, {home}." in text
    assert f"({home})" in text
    assert "seconds" not in text


def test_many_long_reasons_stay_within_slacks_limits() -> None:
    reasons = tuple(FailureReason(f"{n:04d} " + "x" * 1000, 1000 - n) for n in range(500))
    built = build_details_message(
        detail(), reasons, language="pt", timezone=BUENOS_AIRES, now=WEDNESDAY_LUNCHTIME, demo=True
    )
    data = built.to_dict()
    text = as_text(data)
    shown = [n for n in range(500) if f"{n:04d} xxx" in text]
    assert shown == list(range(TOP_REASONS))
    assert "+495 outros motivos" in text
    assert block_problems(data["blocks"], MAX_MESSAGE_BLOCKS, budget=12_000) == []


def test_untrusted_text_cannot_mention_or_format() -> None:
    evil = Creator(1, "x@example.com", "<!channel>", "*bold*")
    reasons = (FailureReason("<!here> _italic_ <https://evil.example|click>", 3),)
    text = as_text(
        build_details_message(
            detail(creator=evil),
            reasons,
            language="en",
            timezone=BUENOS_AIRES,
            now=WEDNESDAY_LUNCHTIME,
            demo=False,
        ).to_dict()
    )
    for raw in ("<!channel>", "<!here>", "*bold*", "_italic_", "<https://evil"):
        assert raw not in text


def test_a_template_name_is_escaped_once_and_cannot_format_the_fallback() -> None:
    send = replace(detail().send, template=replace(detail().send.template, name="Tom & *Jerry*"))
    built = build_details_message(
        replace(detail(), send=send),
        (),
        language="en",
        timezone=BUENOS_AIRES,
        now=WEDNESDAY_LUNCHTIME,
        demo=False,
    ).to_dict()
    assert built["blocks"][0]["text"]["text"] == "Details · Tom &amp; *Jerry* (es)"
    assert built["text"].startswith("⚠️ Tom &amp; \u200d*\u200dJerry")
    assert "&amp;amp;" not in as_text(built)


def test_a_long_template_name_is_cut_to_fit_the_header() -> None:
    send = replace(detail().send, template=replace(detail().send.template, name="&" * 300))
    built = build_details_message(
        replace(detail(), send=send),
        (),
        language="en",
        timezone=BUENOS_AIRES,
        now=WEDNESDAY_LUNCHTIME,
        demo=False,
    ).to_dict()
    header = built["blocks"][0]["text"]["text"]
    assert len(header) <= 150 and header.endswith("…")
    assert block_problems(built["blocks"], MAX_MESSAGE_BLOCKS, budget=12_000) == []


def test_reasons_from_a_sample_say_so_in_the_callers_language() -> None:
    reasons = count_failure_reasons([message(1, "Bad number")])
    samples: tuple[tuple[Language, str], ...] = (
        ("en", "from the first 1,000 failed messages"),
        ("es", "de los primeros 1.000 mensajes fallidos"),
        ("pt", "das primeiras 1.000 mensagens com falha"),
    )
    for language, words in samples:
        sampled = build_details_message(
            detail(),
            reasons,
            language=language,
            timezone=BUENOS_AIRES,
            now=WEDNESDAY_LUNCHTIME,
            demo=False,
            sample=1000,
        )
        assert words in as_text(sampled.to_dict())
    whole = build_details_message(
        detail(), reasons, language="en", timezone=BUENOS_AIRES, now=WEDNESDAY_LUNCHTIME, demo=False
    )
    assert "from the first" not in as_text(whole.to_dict())


def test_a_creator_without_a_name_shows_only_the_email_before_the_at() -> None:
    nameless = Creator(8, "marta.gomez@example.com", "", " ")
    shown = build_details_message(
        detail(creator=nameless),
        (),
        language="en",
        timezone=BUENOS_AIRES,
        now=WEDNESDAY_LUNCHTIME,
        demo=False,
    )
    text = as_text(shown.to_dict())
    assert "marta.gomez" in text and "example.com" not in text


def test_a_cancelled_sends_unsent_messages_are_not_sent_not_pending() -> None:
    cancelled = make_send(
        1, status=Status.CANCELLED, recipients=100, sent=40, pending=60, created_at=CREATED
    )
    one = BulkSendDetail(
        send=cancelled, estimated_time_minutes=None, started_at=None, created_by=None
    )
    shown = as_text(
        build_details_message(
            one, (), language="en", timezone=BUENOS_AIRES, now=WEDNESDAY_LUNCHTIME, demo=False
        ).to_dict()
    )
    assert "Not sent (cancelled)" in shown
    assert "Pending" not in shown
