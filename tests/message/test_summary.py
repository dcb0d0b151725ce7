from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from bot.domain.sends import PROBLEMS, STATUS_ORDER, Status
from bot.locale.languages import Language
from bot.message import SlackMessage, actions, build_summary_message, limits
from bot.message.summary import PAGE_SIZE
from bot.message.text import ZWJ
from bot.query.codec import ViewState, decode_state
from bot.query.model import BulkSendQuery
from bot.report import summarise
from tests.factories import make_query, make_send, many_sends

TODAY = date(2026, 11, 20)
THIN = "\u2009"
SENDS = [
    make_send(0, status=Status.PARTIAL, recipients=150, sent=142, delivered=134, read=90, failed=8),
    make_send(
        1,
        status=Status.PROCESSING,
        template="order_confirmation",
        recipients=40,
        sent=20,
        delivered=18,
        read=5,
        pending=20,
        progress=50.0,
    ),
    make_send(2, read=98),
]


def render(
    query: BulkSendQuery | None = None,
    sends: list[Any] | None = None,
    *,
    demo: bool = False,
    page: int = 0,
    interactive: bool = True,
) -> dict[str, Any]:
    message = build_summary_message(
        query or make_query(),
        summarise(SENDS if sends is None else sends),
        demo=demo,
        page=page,
        interactive=interactive,
        today=TODAY,
    )
    out = message.to_dict()
    assert out["text"] == message.text
    return out


def types(out: dict[str, Any]) -> list[str]:
    return [block["type"] for block in out["blocks"]]


def texts(out: dict[str, Any]) -> list[str]:
    """Every text object, in order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn"):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(out["blocks"])
    return found


def buttons(out: dict[str, Any]) -> list[dict[str, Any]]:
    found = [b["accessory"] for b in out["blocks"] if "accessory" in b]
    for block in out["blocks"]:
        if block["type"] == "actions":
            found += block["elements"]
    return found


def action_ids(out: dict[str, Any]) -> list[str]:
    return [b["action_id"] for b in buttons(out)]


def size(out: dict[str, Any]) -> int:
    return len(json.dumps(out["blocks"]))


def test_structure() -> None:
    out = render()
    assert types(out) == [
        "header",
        "context",
        "section",  # totals
        "section",  # rates
        "context",  # what each rate divides
        "section",  # by status
        "divider",
        "section",  # by template
        "divider",
        "section",  # the sends' heading
        *["section", "context"] * 3,
        "actions",
    ]
    assert out["blocks"][0]["text"]["text"] == "Bulk sends · all statuses · last week"


def test_how_the_question_was_understood() -> None:
    out = render(make_query(Status.FAILED, template="welcome_message"))
    understood = out["blocks"][1]["elements"]
    assert understood[0] == {
        "type": "mrkdwn",
        "text": f"*Status:* failed · *Period:* last week · Nov 9{THIN}–{THIN}15, 2026 · "
        "*Time zone:* America/Argentina/Buenos_Aires",
    }
    assert understood[1] == {
        "type": "plain_text",
        "text": "Template: welcome_message",
        "emoji": False,
    }


def test_default_range_is_said() -> None:
    query = make_query(start=date(2026, 11, 14), end=TODAY, default_range=True)
    assert "(last 7 days by default)" in render(query)["blocks"][1]["elements"][0]["text"]


def test_totals_and_rates() -> None:
    out = render()
    assert [f["text"] for f in out["blocks"][2]["fields"]] == [
        "*Bulk sends*\n3",
        "*Recipients*\n340",
        "*Sent*\n312",
        "*Delivered*\n294",
        "*Read*\n193",
        "*Failed*\n8",
        "*Pending*\n20",
    ]
    assert [f["text"] for f in out["blocks"][3]["fields"]] == [
        "*Delivery rate*\n94.2%",  # 294 / 312
        "*Read rate*\n65.6%",  # 193 / 294
        "*Failure rate*\n2.4%",  # 8 / 340
    ]
    assert out["blocks"][4]["elements"][0]["text"] == (
        "Delivery rate: delivered ÷ sent · read rate: read ÷ delivered · "
        "failure rate: failed ÷ all recipients."
    )


def test_recipients_of_a_cancelled_send_are_not_sent_not_pending() -> None:
    cancelled = make_send(status=Status.CANCELLED, recipients=100, sent=40, pending=60)
    out = render(sends=[cancelled])
    counts = [f["text"] for f in out["blocks"][2]["fields"]]
    assert "*Pending*\n0" in counts
    assert counts[-1] == "*Not sent (cancelled)*\n60"
    assert "Not sent (cancelled) 60" in out["blocks"][11]["elements"][0]["text"]
    assert "Pending" not in out["blocks"][11]["elements"][0]["text"]


def test_undefined_rates_show_a_dash() -> None:
    queued = make_send(status=Status.QUEUED, sent=0, delivered=0, read=0, recipients=0)
    fields = [f["text"] for f in render(sends=[queued])["blocks"][3]["fields"]]
    assert fields[-3:] == ["*Delivery rate*\n—", "*Read rate*\n—", "*Failure rate*\n—"]


def test_counts_by_status() -> None:
    every = render()["blocks"][5]["text"]["text"]
    assert every == (
        "*By status*\n⏳ Queued *0*   🔄 Processing *1*   ✅ Completed *1*   "
        "⚠️ Partial *1*   ❌ Failed *0*   🚫 Cancelled *0*"
    )
    problems = render(make_query(*PROBLEMS), [SENDS[0]])["blocks"][5]["text"]["text"]
    assert problems == "*By status*\n⚠️ Partial *1*   ❌ Failed *0*"


def test_templates() -> None:
    block = render()["blocks"][7]
    assert block["text"]["text"] == "*By template*"
    assert [f["text"] for f in block["fields"]] == [
        "welcome_message (es)\nBulk sends 2 · Recipients 300\n"
        "Delivery rate 94.5% · Read rate 68.1% · Failure rate 2.7%",
        "order_confirmation (es)\nBulk sends 1 · Recipients 40\n"
        "Delivery rate 90.0% · Read rate 27.8% · Failure rate 0.0%",
    ]
    assert all(f["type"] == "plain_text" for f in block["fields"])


def test_sends() -> None:
    out = render()
    assert out["blocks"][9]["text"]["text"] == "*Bulk sends* · 1–3 of 3"
    first, first_stats = out["blocks"][10], out["blocks"][11]
    assert first["text"] == {
        "type": "plain_text",
        "text": "⚠️ Partial · welcome_message (es) · Mindo Software",
        "emoji": False,
    }
    assert first_stats["elements"][0]["text"] == (
        "<!date^1795183200^{date_short_pretty} {time}|Nov 20, 2026 11:00\u202fAM> · "
        "Recipients 150 · Delivered 134 · Read 90 · Failed 8"
    )
    running_stats = out["blocks"][13]["elements"][0]["text"]
    assert running_stats.endswith(" · Pending 20 · ▓▓▓▓▓░░░░░ 50%")
    assert "▓" not in out["blocks"][15]["elements"][0]["text"]


def test_fallback_text() -> None:
    assert render()["text"] == (
        f"Bulk sends (3) · last week · Nov 9{THIN}–{THIN}15, 2026: "
        "Recipients 340 · Delivered 294 · Failed 8 · Delivery rate 94.2%"
    )


@pytest.mark.parametrize(
    ("language", "header", "fields", "more", "fallback"),
    [
        (
            "es",
            "Envíos masivos · fallidos · la semana pasada",
            ["*Envíos masivos*\n1.200", "*Destinatarios*\n180.000", "*Tasa de entrega*\n87,0%"],
            "+3 plantillas más",
            "Envíos masivos fallidos (1.200) · la semana pasada · 9–15 nov 2026: ",
        ),
        (
            "pt",
            "Envios em massa · com falha · a semana passada",
            ["*Envios em massa*\n1.200", "*Destinatários*\n180.000", "*Taxa de entrega*\n87,0%"],
            "+3 modelos a mais",
            f"Envios em massa com falha (1.200) · a semana passada · 9{THIN}–{THIN}15 de nov. de 2026: ",
        ),
        (
            "en",
            "Bulk sends · failed · last week",
            ["*Bulk sends*\n1,200", "*Recipients*\n180,000", "*Delivery rate*\n87.0%"],
            "+3 more templates",
            f"Failed bulk sends (1,200) · last week · Nov 9{THIN}–{THIN}15, 2026: ",
        ),
    ],
)
def test_each_language(
    language: Language, header: str, fields: list[str], more: str, fallback: str
) -> None:
    sends = [make_send(i, template=f"t{i % 9}", sent=100, delivered=87) for i in range(1200)]
    out = render(make_query(Status.FAILED, language=language), sends)
    assert out["blocks"][0]["text"]["text"] == header
    shown = [f["text"] for f in [*out["blocks"][2]["fields"], *out["blocks"][3]["fields"]]]
    assert [shown[0], shown[1], shown[7]] == fields
    assert more in texts(out)
    assert out["text"].startswith(fallback)


def test_es_buttons_and_dates() -> None:
    out = render(make_query(language="es"), many_sends(25))
    labels = [b["text"]["text"] for b in buttons(out)]
    assert labels[-3:] == ["Siguiente", "Solo problemas", "Compartir en el canal"]
    assert set(labels[:-3]) == {"Detalles"}
    assert "+15 más · página 1 de 3" in texts(out)
    assert any("|20 nov 2026 11:00>" in text for text in texts(out))


def test_demo_is_clearly_shown() -> None:
    out = render(demo=True)
    assert out["blocks"][0]["text"]["text"].startswith("🧪 DEMO · ")
    assert out["blocks"][1]["elements"][0]["text"].startswith("🧪 *Demo data*")
    assert out["text"].startswith("🧪 DEMO · ")
    assert all(decode_state(b["value"]).demo for b in buttons(out))
    plain = render()
    assert "DEMO" not in json.dumps(plain, ensure_ascii=False)
    assert not any(decode_state(b["value"]).demo for b in buttons(plain))


def test_empty_state() -> None:
    out = render(make_query(Status.FAILED), [])
    assert types(out) == ["header", "context", "section", "context", "actions"]
    assert out["blocks"][2]["text"]["text"] == (
        f"*No failed bulk sends* for last week · Nov 9{THIN}–{THIN}15, 2026."
    )
    assert "`last 30 days`" in out["blocks"][3]["elements"][0]["text"]
    assert out["text"] == f"*No failed bulk sends* for last week · Nov 9{THIN}–{THIN}15, 2026."
    # Failed is already a kind of problem: "Only problems" would widen it, so it is not offered.
    assert action_ids(out) == [actions.SHARE]


def test_not_interactive_has_no_buttons() -> None:
    out = render(sends=many_sends(30), interactive=False)
    assert buttons(out) == []
    assert "actions" not in types(out)


def test_only_problems_narrows_to_failed_and_partial() -> None:
    query = make_query(Status.COMPLETED, Status.FAILED, template="promo")
    button = next(b for b in buttons(render(query)) if b["action_id"] == actions.ONLY_PROBLEMS)
    state = decode_state(button["value"])
    assert state.query.statuses == PROBLEMS
    assert (state.query.template, state.query.range, state.page) == ("promo", query.range, 0)


@pytest.mark.parametrize("statuses", [PROBLEMS, {Status.FAILED}, {Status.PARTIAL}])
def test_only_problems_hidden_when_it_would_not_narrow(statuses: set[Status]) -> None:
    assert actions.ONLY_PROBLEMS not in action_ids(render(make_query(*statuses)))
    assert actions.ONLY_PROBLEMS in action_ids(render(make_query()))


def test_paging() -> None:
    sends = many_sends(25)
    query = make_query(Status.COMPLETED)
    first = render(query, sends)
    assert [i for i in action_ids(first) if i != actions.DETAILS] == [
        actions.PAGE_NEXT,
        actions.ONLY_PROBLEMS,
        actions.SHARE,
    ]
    next_button = next(b for b in buttons(first) if b["action_id"] == actions.PAGE_NEXT)
    assert decode_state(next_button["value"]) == ViewState(query, page=1)
    assert "+15 more · page 1 of 3" in texts(first)

    middle = render(query, sends, page=1)
    assert {actions.PAGE_PREV, actions.PAGE_NEXT} <= set(action_ids(middle))
    assert "*Bulk sends* · 11–20 of 25" in texts(middle)

    last = render(query, sends, page=2)
    ids = action_ids(last)
    assert actions.PAGE_PREV in ids and actions.PAGE_NEXT not in ids
    assert ids.count(actions.DETAILS) == 5
    assert "page 3 of 3" in texts(last)
    assert not any("+0" in text for text in texts(last))


def test_a_page_past_the_end_shows_the_last_page() -> None:
    out = render(sends=many_sends(25), page=99)
    assert "*Bulk sends* · 21–25 of 25" in texts(out)
    assert render(sends=many_sends(25), page=-3) == render(sends=many_sends(25))


def test_one_page_has_no_paging() -> None:
    out = render(sends=many_sends(PAGE_SIZE))
    assert not {actions.PAGE_PREV, actions.PAGE_NEXT} & set(action_ids(out))
    assert not any(text.startswith("+") for text in texts(out))


def test_details_buttons_carry_the_send_and_the_state() -> None:
    query = make_query(Status.COMPLETED, language="pt")
    out = render(query, many_sends(25), page=1, demo=True)
    details = [b for b in buttons(out) if b["action_id"] == actions.DETAILS]
    assert [decode_state(b["value"]) for b in details] == [
        ViewState(query, page=1, demo=True, send_id=f"a3f2b8c9-4d5e-6f7a-8b9c-{i:012d}")
        for i in range(10, 20)
    ]


def test_every_action_id_is_a_known_constant() -> None:
    assert set(action_ids(render(sends=many_sends(25), page=1))) == set(actions.ALL)


EVIL = "<!channel> *Promo* _now_ ~gone~ `code` <https://evil.example|click> &amp;"


def test_outside_text_can_neither_ping_nor_format() -> None:
    sends = [make_send(0, sender=EVIL, template=EVIL, language="<@U123>")]
    out = render(make_query(template=EVIL), sends)
    shown = "\n".join([*texts(out), out["text"]])  # button values are never displayed
    for raw in ("<!channel>", "<https://", "<@U123>"):
        assert raw not in shown
    assert "&lt;!channel&gt; *Promo* _now_" in shown  # as written, in plain_text
    for block in out["blocks"]:
        for element in [block.get("text"), *block.get("fields", []), *block.get("elements", [])]:
            if element and element.get("type") == "mrkdwn":
                assert "Promo" not in element["text"]
    assert "*Promo*" not in out["text"]
    assert f"{ZWJ}*{ZWJ}Promo{ZWJ}*{ZWJ}" in out["text"]


def test_names_are_cleaned_to_one_line() -> None:
    out = render(sends=[make_send(sender="Mindo\nSoftware\u202e", template="a\tb")])
    assert out["blocks"][10]["text"]["text"] == "✅ Completed · a b (es) · Mindo Software"


def test_empty_names_show_a_dash() -> None:
    out = render(sends=[make_send(sender="", template="", language="")])
    assert out["blocks"][10]["text"]["text"] == "✅ Completed · — (—)"


LONG = "promo_" * 100


@pytest.mark.parametrize("interactive", [True, False])
@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_huge_report_stays_inside_every_limit(interactive: bool, language: Language) -> None:
    sends = many_sends(5000, templates=300, sender="S" * 200)
    sends[:10] = [make_send(i, template=LONG + str(i), sender="Ñ" * 200) for i in range(10)]
    query = make_query(template="order_confirmation_v2", language=language)
    out = render(query, sends, interactive=interactive, page=3)
    assert size(out) <= limits.BUILT_BLOCKS_JSON
    assert len(out["blocks"]) <= limits.MAX_BLOCKS
    joined = "\n".join(texts(out))
    templates = next(
        b for b in out["blocks"] if b.get("fields") and b["fields"][0]["type"] == "plain_text"
    )
    hidden = 310 - len(templates["fields"])  # 300 names, plus the 10 long ones
    more = {"en": f"+{hidden} more templates", "es": f"+{hidden} plantillas más"}
    assert more.get(language, f"+{hidden} modelos a mais") in joined
    assert sum("S" * 20 in text for text in texts(out)) == PAGE_SIZE
    if interactive:
        assert action_ids(out).count(actions.PAGE_NEXT) == 1


def test_long_names_are_cut_not_dropped() -> None:
    out = render(sends=[make_send(template=LONG, sender="S" * 200)])
    row = out["blocks"][10]["text"]["text"]
    assert row.startswith("✅ Completed · promo_promo_")
    assert "…" in row
    assert "SSSSSSSSSS" in row


def test_first_layout_when_it_fits() -> None:
    out = render(sends=many_sends(5000, templates=300))
    assert action_ids(out).count(actions.DETAILS) == PAGE_SIZE
    assert len(out["blocks"][7]["fields"]) == 6


def test_an_absurd_question_loses_its_buttons_but_still_answers() -> None:
    out = render(make_query(template="x" * 5000), many_sends(30))
    assert size(out) <= limits.BUILT_BLOCKS_JSON
    assert buttons(out) == []
    assert "*Bulk sends* · 1–10 of 30" in texts(out)


names = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Cc", "Cf", "So")),
    max_size=400,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    templates=st.lists(names, min_size=1, max_size=12),
    senders=st.lists(names, min_size=1, max_size=12),
    query_template=st.none() | names,
    statuses=st.sets(st.sampled_from(STATUS_ORDER)),
    progress=st.floats(allow_nan=True, allow_infinity=True),
    demo=st.booleans(),
    interactive=st.booleans(),
)
def test_any_outside_text_stays_inside_the_limits(
    templates: list[str],
    senders: list[str],
    query_template: str | None,
    statuses: set[Status],
    progress: float,
    demo: bool,
    interactive: bool,
) -> None:
    sends = [
        make_send(
            i,
            status=Status.PROCESSING,
            template=templates[i % len(templates)] * 3,
            language=templates[-1],
            sender=senders[i % len(senders)] * 3,
            progress=progress,
        )
        for i in range(40)
    ]
    query = make_query(*statuses, template=query_template)
    out = build_summary_message(query, summarise(sends), demo=demo, interactive=interactive)
    rendered = out.to_dict()
    assert size(rendered) <= limits.BUILT_BLOCKS_JSON
    assert "<!channel" not in json.dumps(rendered).replace("\\u200d", "")


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_worst_case_fits(language: Language) -> None:
    """Every name as costly as JSON allows, every number huge, every row running."""
    name = "😀" * 1000
    big = 10**15
    sends = [
        make_send(
            i,
            status=Status.PROCESSING,
            template=f"{name}{i}",
            language=name,
            sender=name,
            recipients=big,
            sent=big,
            delivered=big,
            read=big,
            failed=big,
            pending=big,
            progress=33.3,
        )
        for i in range(300)
    ]
    query = make_query(
        Status.QUEUED, Status.PARTIAL, template="promo_" * 80, language=language, default_range=True
    )
    out = render(query, sends, demo=True, page=7)
    assert size(out) <= limits.BUILT_BLOCKS_JSON
    assert len(out["blocks"]) <= limits.MAX_BLOCKS
    rows = [t for t in texts(out) if t.startswith("🔄 ")]
    assert len(rows) == PAGE_SIZE
    assert all(row.count("😀") >= 4 and row.count("…") == 3 for row in rows)


def test_room_is_left_for_a_callers_line() -> None:
    sends = many_sends(5000, templates=300, sender="S" * 200)
    message = build_summary_message(make_query(language="pt"), summarise(sends), demo=True)
    credit = ContextBlock(elements=[MarkdownTextObject(text="x" * 300 + " shared this")])
    shared = SlackMessage(text=message.text, blocks=(credit, *message.blocks))
    assert len(shared.to_dict()["blocks"]) == len(message.blocks) + 1
