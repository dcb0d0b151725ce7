"""The alert messages and the alerts' replies: what each says, in each language, inside
Slack's limits whatever the data, with buttons the app reads back."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest

from bot.domain.alerts import AlertKind, Mute, QuietHours
from bot.domain.sends import Status
from bot.locale.languages import Language
from bot.message.alert_replies import (
    build_alerts_help_message,
    build_alerts_home_blocks,
    build_alerts_list_message,
    build_alerts_saved_message,
    build_muted_message,
)
from bot.message.alerts import Audience, build_alert_list, build_alert_message, build_thread_reply
from bot.message.fit import HOME, fits
from bot.message.slack import SlackMessage
from bot.query.alert_mute import MuteRequest, decode_mute
from bot.report import FailureReason
from bot.service.alerts import Alert
from bot.slack.payloads import read_view_state
from tests.alerts.fakes import alert_channel, send
from tests.factories import BLACK_FRIDAY_NOON, make_phone
from tests.message.test_no_english import english_words, shown_text

NOW = BLACK_FRIDAY_NOON
CHANNEL = "C0ALERTS"
REASONS = (
    FailureReason("(#131026) Message undeliverable", 700, 131026),
    FailureReason("(#999999) Something Meta never documented", 300, 999999),
    FailureReason(None, 172),
)


def audience(language: Language = "en", *, demo: bool = False) -> Audience:
    return Audience(CHANNEL, language, "America/Argentina/Buenos_Aires", NOW, demo)


def every_kind() -> list[Alert]:
    """One alert of each kind, as a poll would find them."""
    failed = send(1, NOW - timedelta(minutes=9), status=Status.FAILED, failed=1172)
    partial = send(2, NOW - timedelta(minutes=9), status=Status.PARTIAL, failed=300)
    queued = send(3, NOW - timedelta(minutes=45), status=Status.QUEUED)
    stalled = send(4, NOW - timedelta(hours=2), status=Status.PROCESSING, progress=45.0)
    done = send(5, NOW - timedelta(hours=1), status=Status.COMPLETED)
    phone = make_phone("Aurora Norte", limit=1000, remaining=150, usage=85.0, tier="TIER_1K")
    blocked = make_phone("Aurora Sur", usage=100.0, can_send=False)
    at = NOW - timedelta(minutes=5)
    since = NOW - timedelta(minutes=45)
    return [
        Alert(CHANNEL, AlertKind.FAILED, failed.id, at, send=failed, reasons=REASONS),
        Alert(CHANNEL, AlertKind.PARTIAL, partial.id, at, send=partial, reasons=REASONS[:1]),
        Alert(CHANNEL, AlertKind.QUEUED, queued.id, at, send=queued, since=since),
        Alert(CHANNEL, AlertKind.STALLED, stalled.id, at, send=stalled, since=since),
        Alert(CHANNEL, AlertKind.QUOTA, "number:1:2026-11-27", at, phone=phone),
        Alert(CHANNEL, AlertKind.CANNOT_SEND, "number:2:2026-11-27", at, phone=blocked),
        Alert(
            CHANNEL,
            AlertKind.TIER_LOWERED,
            "number:1:2026-11-27",
            at,
            phone=phone,
            previous_tier="TIER_10K",
        ),
        Alert(CHANNEL, AlertKind.STARTED, stalled.id, at, send=stalled),
        Alert(CHANNEL, AlertKind.RESUMED, stalled.id, at, send=stalled),
        Alert(CHANNEL, AlertKind.FINISHED, done.id, at, send=done),
    ]


def test_each_kind_opens_with_one_sentence() -> None:
    texts = [build_alert_message(alert, audience()).text for alert in every_kind()]
    assert texts == [
        "❌ welcome_message failed: 0 of 1,172 recipients reached",
        "⚠️ welcome_message partly failed: 300 of 1,172 recipients not reached (25.6%)",
        "⏳ welcome_message has been waiting in the queue for 45 minutes: 1,172 recipients "
        "not sent yet",
        "🐢 welcome_message stopped moving: no progress for over 40 minutes, at 45%",
        "📈 +54 9 11 5263-0780 (Aurora Norte) has used 85% of its daily quota: 150 of "
        "1,000 messages left",
        "⛔ +54 9 11 5263-0780 (Aurora Sur) can't send right now: Mindo says its quota "
        "allows no more messages",
        "📉 +54 9 11 5263-0780 (Aurora Norte)'s messaging tier went down: from 10,000 "
        "customers a day to 1,000 customers a day",
        "▶️ welcome_message started sending: 45% done",
        "▶️ welcome_message is moving again: 45% done",
        "✅ welcome_message finished: 1,172 of 1,172 recipients reached",
    ]


def test_a_failure_says_why_in_plain_words_with_its_buttons() -> None:
    message = build_alert_message(every_kind()[0], audience()).to_dict()
    shown = shown_text(message)
    assert "The number isn't on WhatsApp, or can't receive this message" in shown
    assert "Something Meta never documented" in shown  # an unknown code: Meta's words
    buttons = {
        e["action_id"]: e["value"]
        for block in message["blocks"]
        for e in block.get("elements", [])
        if e.get("type") == "button"
    }
    assert set(buttons) == {"details", "alert_mute_template", "alert_mute_alerts"}
    assert read_view_state(buttons["details"]).send_id == every_kind()[0].subject
    assert decode_mute(buttons["alert_mute_template"]) == MuteRequest(
        CHANNEL, "welcome_message", "en"
    )
    assert decode_mute(buttons["alert_mute_alerts"]) == MuteRequest(CHANNEL, None, "en")


def test_late_and_demo_are_said() -> None:
    late = replace(every_kind()[0], late=True)
    shown = shown_text(build_alert_message(late, audience(demo=True)).to_dict())
    assert "⏰ Late: this happened at 11:55" in shown and "Demo data" in shown


def test_a_burst_and_held_alerts_are_one_message_with_a_list() -> None:
    alerts = every_kind()[:7]
    burst = build_alert_list(alerts, audience())
    assert burst.text == (
        "🚨 7 alerts at once: 1 send failed, 1 send partly failed, 1 send stuck in the queue, "
        "1 send not moving, 1 number near its daily quota, 1 number can't send, 1 tier lowered"
    )
    held = build_alert_list(alerts[:2], audience(), quiet=QuietHours(time(20), time(8)))
    assert held.text.startswith("🌙 2 alerts held during quiet hours (8:00\u202fPM–8:00\u202fAM)")


@pytest.mark.parametrize("language", ["es", "pt"])
def test_no_english_in_spanish_or_portuguese(language: Language) -> None:
    data = {"welcome_message", "+54 9 11 5263-0780", "Aurora Norte", "Aurora Sur", "Mindo"}
    data |= {"Mindo Software", "America/Argentina/Buenos_Aires", "Something Meta never documented"}
    data |= {"not_in_channel"}  # Slack's own code for the error, as Slack says it
    alerts = every_kind()
    messages: list[SlackMessage] = [build_alert_message(a, audience(language)) for a in alerts]
    messages += [
        build_alert_list(alerts, audience(language)),
        build_alert_list(alerts, audience(language), quiet=QuietHours(time(20), time(8))),
        build_thread_reply(alerts, audience(language)),
        build_alerts_help_message(language),
    ]
    channel = alert_channel(
        CHANNEL,
        since=NOW,
        language=language,
        templates=frozenset({"welcome_message"}),
        quiet=QuietHours(time(20), time(8)),
        last_error="not_in_channel",
        last_error_at=NOW,
    )
    mutes = [Mute(CHANNEL, None, NOW + timedelta(hours=1), "U0A")]
    messages += [
        build_alerts_saved_message(channel, language=language),
        build_alerts_list_message([channel], mutes, NOW, language),
        build_muted_message(
            MuteRequest(CHANNEL, "welcome_message", language), NOW, "UTC", NOW, language=language
        ),
    ]
    portuguese = {"for"} if language == "pt" else set()  # "se #canal for privado"
    for message in messages:
        shown = shown_text(message.to_dict())
        assert english_words(shown, data, language) - portuguese == set(), shown


def test_every_message_fits_whatever_the_data() -> None:
    name = "very_long_template_name_" * 200
    absurd = send(
        7,
        NOW - timedelta(minutes=9),
        status=Status.FAILED,
        failed=99_999_999,
        recipients=99_999_999,
        template=name,
    )
    sender = replace(absurd.phone_number, verified_name="<!channel> *bold* " * 300)
    absurd = replace(absurd, phone_number=sender)
    reasons = tuple(FailureReason("(#131049) " + "x" * 5000, 10**6, 131049) for _ in range(50))
    one = Alert(CHANNEL, AlertKind.FAILED, absurd.id, NOW, send=absurd, reasons=reasons)
    many = [replace(one, subject=f"send-{n}") for n in range(1000)]
    for message in (
        build_alert_message(one, audience()),
        build_alert_list(many, audience()),
        build_alert_list(many, audience(), quiet=QuietHours(time(20), time(8))),
        build_thread_reply(many, audience()),
    ):
        message.to_dict()  # raises past any of Slack's limits
        assert "<!channel>" not in str(message.to_dict())
    channels = [
        alert_channel(f"C0{n:06d}", since=NOW, templates=frozenset({name[:500]}))
        for n in range(300)
    ]
    build_alerts_list_message(channels, [], NOW, "en").to_dict()
    assert fits(build_alerts_home_blocks(channels, [], NOW, "en"), HOME)


@pytest.mark.parametrize(
    ("threshold", "language", "shown"),
    [
        (20.0, "en", "partial at 20% failed or more"),
        (12.5, "en", "partial at 12.5% failed or more"),
        (20.0, "es", "parcial con 20% de fallos o más"),
        (12.5, "pt", "parcial com 12,5% de falhas ou mais"),
    ],
)
def test_a_threshold_is_shown_as_it_was_set(
    threshold: float, language: Language, shown: str
) -> None:
    """A threshold someone typed as 20 reads "20%", not "20.0%" (a measured rate's look)."""
    from bot.message.alert_replies import describe_rules

    channel = alert_channel(since=BLACK_FRIDAY_NOON, threshold=threshold)
    assert shown in describe_rules(channel, language)


@pytest.mark.parametrize(
    ("language", "who", "written"),
    [
        ("en", "The channel will be told when", "Alerts are written in Spanish."),
        ("es", "Se avisará al canal cuando", "Las alertas se escriben en español."),
        # Alerts are masculine in Portuguese: "os alertas", never "elas".
        ("pt", "O canal será avisado quando", "Os alertas são escritos em espanhol."),
    ],
)
def test_turning_alerts_on_says_who_is_told_and_in_which_language(
    language: Language, who: str, written: str
) -> None:
    """Each sentence names what it is about: "It will be told" / "They are written" left
    the reader to guess (the channel? the alerts?), and Portuguese got the gender wrong."""
    channel = alert_channel(since=BLACK_FRIDAY_NOON, language="es")
    shown = shown_text(build_alerts_saved_message(channel, language=language).to_dict())
    assert who in shown and written in shown, shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "the channel is told within minutes"),
        ("es", "el canal se entera en minutos"),
        ("pt", "o canal fica sabendo em minutos"),
    ],
)
def test_no_alerts_yet_says_the_channel_is_told(language: Language, shown: str) -> None:
    blocks = build_alerts_home_blocks([], [], NOW, language)
    assert shown in shown_text({"text": "", "blocks": [b.to_dict() for b in blocks]})
