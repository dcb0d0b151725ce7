"""The Home tab as a dashboard: built from an overview, in three languages, inside the
tab's limits whatever the data."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block, SectionBlock

from bot.domain.sends import BulkSend, Status
from bot.locale.languages import LANGUAGES, Language
from bot.message import actions, build_error_message
from bot.message.charts import BLOCK_TYPE as CHART
from bot.message.home import MAX_HOME_BLOCKS, build_home_error_view, build_home_view
from bot.mindo.errors import MindoErrorKind
from bot.report import FailureReason
from bot.service.home import HomeOverview, overview_from
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME, make_send
from tests.fakes.slack_api import block_problems

NOW = WEDNESDAY_LUNCHTIME  # Wednesday 18 November 2026, 12:30 in Buenos Aires


def overview(
    recent: list[BulkSend] | None = None,
    running: tuple[BulkSend, ...] = (),
    reasons: Mapping[str, tuple[FailureReason, ...]] | None = None,
    now: Any = NOW,
) -> HomeOverview:
    if recent is None:
        recent = [
            make_send("t1", NOW - timedelta(hours=1), recipients=300),
            make_send("t2", NOW - timedelta(hours=2), status=Status.PARTIAL, failed=30),
            make_send("y1", NOW - timedelta(days=1, hours=1), recipients=100),
            make_send("m1", NOW - timedelta(days=2), recipients=400),
            make_send("w1", NOW - timedelta(days=7, hours=1), recipients=800),
        ]
    return overview_from(recent, running, now=now, timezone=BUENOS_AIRES, reasons=reasons)


def rendered(view_blocks: list[dict[str, object]]) -> str:
    return json.dumps(view_blocks, ensure_ascii=False)


def test_today_and_this_week_open_with_a_sentence_and_their_changes() -> None:
    view = build_home_view(overview(), language="en", demo=False).to_dict()
    blocks = view["blocks"]
    assert view["type"] == "home"
    today, week = (b for b in blocks if b["type"] == "section" and "fields" in b)
    assert today["text"]["text"] == (
        "*Today so far:* 2 bulk sends to 450 recipients; 420 sent (95.0% of them delivered) "
        "and 30 failed. 1 had problems."
    )
    assert "*Recipients*: 450\n🔹 up 4.5×" in [f["text"] for f in today["fields"]]
    assert week["text"]["text"].startswith("*This week* (since Mon, Nov 16): 4 bulk sends")
    fields = [f["text"] for f in week["fields"]]
    assert "*Recipients*: 950\n🔹 up 19%" in fields  # against last week's 800 by now
    text = rendered(blocks)
    assert "Today against yesterday up to 12:30" in text
    assert block_problems(blocks, MAX_HOME_BLOCKS, budget=None) == []


def test_problems_need_attention_with_their_reason_and_details() -> None:
    reasons = {"t2": (FailureReason("(#131049) healthy ecosystem", 30, 131049),)}
    blocks = build_home_view(overview(reasons=reasons), language="en", demo=False).to_dict()[
        "blocks"
    ]
    text = rendered(blocks)
    assert "⚠️ *Needs attention:* 1 with problems in the last 7 days" in text
    problem = next(b for b in blocks if b.get("accessory", {}).get("action_id") == "details")
    assert (
        "*Meta is limiting marketing messages to this person* (#131049) — 30"
        in (problem["text"]["text"])
    )
    assert "_Try again later, or send them fewer marketing messages._" in problem["text"]["text"]


def test_a_week_without_problems_says_so() -> None:
    calm = [make_send("t1", NOW - timedelta(hours=1))]
    text = rendered(build_home_view(overview(calm), language="pt", demo=False).to_dict()["blocks"])
    assert "✅ Nenhum envio com falha ou parcial nos últimos 7 dias." in text


def test_what_is_sending_now_with_progress_and_time_left() -> None:
    running = (
        make_send(
            "r1",
            NOW - timedelta(minutes=30),
            status=Status.PROCESSING,
            template="black_friday",
            progress=50.0,
        ),
        make_send("r2", NOW, status=Status.QUEUED, template="welcome_message", progress=0.0),
    )
    text = rendered(
        build_home_view(overview(running=running), language="en", demo=False).to_dict()["blocks"]
    )
    assert "🔄 *Sending now* (2)" in text
    assert "black_friday" in text and "▓▓▓▓▓░░░░░ 50%" in text and "about 30 min left" in text
    assert "waiting to start" in text


def test_the_last_fourteen_days_are_a_chart_with_today_last() -> None:
    blocks = build_home_view(overview(), language="es", demo=False).to_dict()["blocks"]
    (chart,) = [b for b in blocks if b["type"] == CHART]
    categories = chart["chart"]["axis_config"]["categories"]
    assert len(categories) == 14 and categories[-1] == "Hoy" and categories[0] == "5 nov"
    plain = build_home_view(
        overview(), language="es", demo=False, refused=frozenset({CHART})
    ).to_dict()["blocks"]
    assert CHART not in {b["type"] for b in plain}
    assert "```Día" in rendered(plain)


@pytest.mark.parametrize("language", LANGUAGES)
def test_common_questions_are_buttons_that_ask_them(language: Language) -> None:
    blocks = build_home_view(overview(), language=language, demo=False).to_dict()["blocks"]
    asks = [
        e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if actions.ASK_IDS.match(e["action_id"])
    ]
    assert len(asks) == 4
    for button in asks:  # the label is the question, as people type it
        assert button["text"]["text"].lower() == button["value"]


def test_demo_data_is_flagged() -> None:
    text = rendered(build_home_view(overview(), language="es", demo=True).to_dict()["blocks"])
    assert "Datos de demostración" in text


def test_untrusted_names_cannot_mention_or_format() -> None:
    running = (
        make_send(1, status=Status.PROCESSING, sender="<!channel> *Promo*", template="x_<@U1>"),
    )
    text = rendered(
        build_home_view(overview(running=running), language="en", demo=False).to_dict()["blocks"]
    )
    assert "<!channel>" not in text and "<@U1>" not in text
    assert "&lt;!channel&gt;" in text
    assert "*Promo*" not in text


def test_many_running_sends_show_the_newest_and_say_how_many() -> None:
    running = tuple(make_send(i, status=Status.PROCESSING, progress=10.0) for i in range(25))
    text = rendered(
        build_home_view(overview(running=running), language="en", demo=False).to_dict()["blocks"]
    )
    assert text.count("▓░░░░░░░░░ 10%") == 10
    assert "Sending now:* 25, the 10 newest below" in text


def test_other_features_add_blocks_but_never_past_the_tabs_limit() -> None:
    extra: list[Block] = [SectionBlock(text=f"digest {n}") for n in range(300)]
    running = tuple(make_send(i, status=Status.PROCESSING) for i in range(25))
    view = build_home_view(overview(running=running), language="pt", demo=True, extra_blocks=extra)
    blocks = view.to_dict()["blocks"]
    assert len(blocks) == MAX_HOME_BLOCKS
    assert "digest 0" in rendered(blocks)
    assert "Atualizado" in rendered(blocks[-1:])  # the footer is kept
    few = build_home_view(overview(), language="en", demo=False, extra_blocks=extra[:2]).to_dict()
    assert "digest 1" in rendered(few["blocks"])


def test_thousands_of_sends_and_long_names_stay_inside_the_tab() -> None:
    long = "ñ" * 300
    recent = [
        make_send(
            f"s{n}",
            NOW - timedelta(minutes=n * 3),
            status=(Status.FAILED, Status.PARTIAL, Status.COMPLETED)[n % 3],
            failed=n % 40,
            template=f"template_{n % 400}_{long}",
            sender=f"Sender {long}",
        )
        for n in range(5000)
    ]
    running = tuple(
        make_send(f"r{n}", NOW, status=Status.PROCESSING, template=long, progress=n % 100)
        for n in range(500)
    )
    reasons = {f"s{n}": (FailureReason(f"(#9{n}) {long}", 5, 90000 + n),) for n in range(5000)}
    extra: list[Block] = [SectionBlock(text=f"digest {n} {long}") for n in range(300)]
    for language in LANGUAGES:
        view = build_home_view(
            overview(recent, running, reasons), language=language, demo=True, extra_blocks=extra
        ).to_dict()
        assert block_problems(view["blocks"], MAX_HOME_BLOCKS, budget=None) == []
        assert len(json.dumps(view)) < 240_000


def test_the_error_view_explains_in_words() -> None:
    view = build_home_error_view(build_error_message(MindoErrorKind.UNAVAILABLE, "pt")).to_dict()
    assert view["type"] == "home"
    assert "A Mindo não está respondendo agora" in rendered(view["blocks"])


def test_updated_time_is_in_the_viewers_zone_with_a_fallback() -> None:
    later = NOW + timedelta(hours=3)
    text = rendered(
        build_home_view(overview(now=later), language="en", demo=False).to_dict()["blocks"]
    )
    assert f"<!date^{int(later.timestamp())}^" in text
    assert BUENOS_AIRES in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_account_without_sends_is_two_sentences_not_eight_empty_numbers(
    language: Language,
) -> None:
    """A new account read "0 · nothing to compare with" eight times, and a note on what
    was compared with what; a period with nothing on either side is its sentence alone."""
    blocks = build_home_view(overview([]), language=language, demo=False).to_dict()["blocks"]
    periods = [b for b in blocks if b["type"] == "section" and "fields" in b]
    assert periods == []
    text = rendered(blocks)
    nothing = {"en": "nothing to compare with", "es": "nada con qué comparar", "pt": "nada com"}
    assert nothing[language] not in text
    assert "12:30" not in text.split("<!date")[0]  # no "Today against yesterday up to 12:30"
    # Nothing today but something yesterday by now: the numbers say it went down.
    yesterday = [make_send("y1", NOW - timedelta(days=1, hours=1), recipients=100)]
    blocks = build_home_view(overview(yesterday), language=language, demo=False).to_dict()
    today = next(b for b in blocks["blocks"] if b["type"] == "section" and "fields" in b)
    assert len(today["fields"]) == 4
