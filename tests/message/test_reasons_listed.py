"""Every list of failure reasons adds up: what it leaves out is counted in one line, worded
once ("+2 other reasons (17 messages)"), and reasons counted from a send's first failed
messages only say so. Details in Slack and in a terminal, the digest, the Home tab and
alerts all list them through ``bot.message.reasons.listed``.

The send below failed 103 messages for seven reasons: the three most common cover 86.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from types import MappingProxyType

from bot.domain.alerts import AlertKind
from bot.domain.sends import Status
from bot.locale.translate import translator
from bot.message.alerts import Audience, build_alert_list, build_alert_message
from bot.message.details import build_details_message
from bot.message.digest import build_digest_message
from bot.message.home import build_home_view
from bot.message.reasons import counted_from, listed
from bot.mindo.models import BulkSendDetail
from bot.report import REASON_SAMPLE, FailureReason, summarise
from bot.service.alerts import REASON_SAMPLE as ALERT_SAMPLE
from bot.service.alerts import Alert
from bot.service.details import SendDetails
from bot.service.digest import DayActivity, DigestData
from bot.service.home import overview_from
from bot.service.questions import Answer
from bot.terminal import render_answer
from tests.factories import (
    BLACK_FRIDAY_NINE,
    BUENOS_AIRES,
    THANKSGIVING_NOON,
    make_phone,
    make_query,
    make_send,
)

SEND = make_send(
    "bad", THANKSGIVING_NOON, status=Status.PARTIAL, template="order_confirmation_v2",
    recipients=400, failed=103,
)  # fmt: skip
REASONS = (
    FailureReason("(#131026) Message undeliverable", 40, 131026),
    FailureReason("(#131049) healthy ecosystem", 30, 131049),
    FailureReason("(#131047) Re-engagement message", 16, 131047),
    FailureReason("(#130472) experiment", 6, 130472),
    FailureReason("(#131000) Something went wrong", 5, 131000),
    FailureReason("(#132001) Template does not exist", 4, 132001),
    FailureReason("(#131048) Spam rate limit hit", 2, 131048),
)


def test_a_list_counts_what_it_leaves_out_and_names_its_sample() -> None:
    tr = translator("en")
    three = listed(REASONS, 3, tr, sample=None)
    assert [r.count for r in three.shown] == [40, 30, 16]
    assert three.others == "+4 other reasons (17 messages)"
    assert three.sample is None
    every = listed(REASONS, 7, tr, sample=counted_from(3000, 1000))
    assert every.others is None
    assert every.sample == "from the first 1,000 failed messages"
    assert counted_from(1000, 1000) is None  # all of them were read


def test_the_digest_lists_three_reasons_and_counts_the_rest() -> None:
    activity = DayActivity(
        THANKSGIVING_NOON.date(), BUENOS_AIRES, (SEND,), MappingProxyType({SEND.id: REASONS})
    )
    data = DigestData(activity, (make_phone(),), BLACK_FRIDAY_NINE)
    blocks = build_digest_message(data, language="en", demo=False).to_dict()["blocks"]
    problem = next(b for b in blocks if b.get("accessory", {}).get("action_id") == "details")
    text = problem["text"]["text"]
    assert "103 of 400 failed" in text
    assert text.count(" — ") == 3  # 40 + 30 + 16 = 86 of the 103
    assert text.endswith("• +4 other reasons (17 messages)")
    assert "from the first" not in text  # 103 failed messages: every one was read


def test_the_home_tab_lists_one_reason_the_rest_and_its_sample() -> None:
    now = THANKSGIVING_NOON + timedelta(hours=2)
    # Its reasons were counted from the first 103 of its 250 failed messages.
    big = replace(SEND, failed_count=250)
    overview = overview_from([big], [], now=now, timezone=BUENOS_AIRES, reasons={big.id: REASONS})
    blocks = build_home_view(overview, language="es", demo=False).to_dict()["blocks"]
    problem = next(b for b in blocks if b.get("accessory", {}).get("action_id") == "details")
    text = problem["text"]["text"]
    assert "_de los primeros 103 mensajes fallidos_" in text
    assert text.count(" — ") == 1
    assert text.endswith("• +6 motivos más (63 mensajes)")


def test_alerts_count_the_reasons_they_leave_out_and_their_sample() -> None:
    now = THANKSGIVING_NOON + timedelta(minutes=10)
    failing = replace(SEND, failed_count=ALERT_SAMPLE + 50)  # its reasons: from 103 of them
    alert = Alert("C0ALERTS", AlertKind.PARTIAL, failing.id, now, send=failing, reasons=REASONS)
    audience = Audience("C0ALERTS", "en", BUENOS_AIRES, now)
    own = str(build_alert_message(alert, audience).to_dict())
    assert "from the first 103 failed messages" in own
    assert "+4 other reasons (17 messages)" in own
    listed_ = str(build_alert_list([alert, alert], audience).to_dict())
    assert "+6 other reasons (63 messages)" in listed_


def test_details_in_slack_and_in_a_terminal_say_the_same_rest_and_sample() -> None:
    detail = BulkSendDetail(replace(SEND, failed_count=REASON_SAMPLE + 3), None, None, None)
    slack = build_details_message(
        detail,
        REASONS,
        language="pt",
        timezone=BUENOS_AIRES,
        now=datetime.fromisoformat("2026-11-27T12:00:00-03:00"),
        demo=False,
        sample=REASON_SAMPLE,
    ).to_dict()
    query = replace(make_query(start=None), send_id=SEND.id, language="pt")
    found = Answer(
        query,
        summarise([SEND]),
        False,
        1,
        1,
        0.0,
        THANKSGIVING_NOON.date(),
        send=SendDetails(detail, REASONS, REASON_SAMPLE),
    )
    terminal = render_answer(found)
    rest = "+2 outros motivos (6 mensagens)"
    sample = "das primeiras 1.000 mensagens com falha"
    assert rest in str(slack) and sample in str(slack)
    lines = terminal.splitlines()
    assert f"Por que as mensagens falharam ({sample}):" in lines
    assert lines[-1] == f"  {rest}"
    # Five reasons listed (40 + 30 + 16 + 6 + 5), the other two counted: 97 + 6 = 103.
    assert len([line for line in lines if line.startswith("  ") and "(#13" in line]) == 5
