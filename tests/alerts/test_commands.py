"""`/bulksends alerts …`, its form, the mute buttons and the Home section: ``AlertCommands``
called directly with fakes, over a real store (the request path through the app:
tests/alerts/test_slack.py and the process test)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.alerts.slack import AlertCommands, save_env_alerts
from bot.domain.alerts import QuietHours
from bot.message.alerts_form import CALLBACK_ID
from bot.query.alert_mute import MuteRequest, MuteValueError, encode_mute
from bot.slack.services import CommandCall, SlackServices
from bot.slack.users import UserProfile
from bot.store.alerts import AlertStore, open_alert_store
from tests.factories import BUENOS_AIRES
from tests.fakes.bolt import Acks, People, Responses, WebClient, listener_services
from tests.fakes.slack_requests import command_payload
from tests.slack.harness import clock

ADMIN = "UADMIN"  # a workspace admin whose own zone is not the company's
MEMBER_USER = "UMEMBER"
LISTED = "ULISTED"  # in BULKSENDS_ADMINS
FRENCH = "UFRENCH"  # an admin whose Slack speaks none of our languages
CHANNEL = "CMEMBER"

PEOPLE = {
    ADMIN: UserProfile(tz="America/Mexico_City", locale="es-LA", is_admin=True),
    MEMBER_USER: UserProfile(tz="America/Sao_Paulo", locale="pt-BR"),
    LISTED: UserProfile(tz="America/New_York", locale="en-US"),
    FRENCH: UserProfile(tz="Europe/Paris", locale="fr-FR", is_admin=True),
}


@dataclass(frozen=True)
class Outcome:
    acks: Acks
    responses: Responses
    web: WebClient

    @property
    def answer(self) -> dict[str, Any]:
        return self.responses.only

    @property
    def said(self) -> str:
        return json.dumps([*self.acks.calls, *self.responses.messages], ensure_ascii=False)


@dataclass
class Alerts:
    commands: AlertCommands
    services: SlackServices
    store: AlertStore
    fakes: list[Responses | WebClient] = field(default_factory=list)

    async def command(self, text: str, *, user: str = ADMIN, channel: str = CHANNEL) -> Outcome:
        """``/bulksends alerts text``: the sub-command gets the words after its own."""
        acks, responses, web = Acks(), Responses(), WebClient()
        self.fakes += [responses, web]
        payload = command_payload(f"alerts {text}", user=user, channel=channel, response_url="x")
        call = CommandCall(
            text=text,
            command=payload,
            caller=await self.services.caller(user),
            services=self.services,
            ack=acks,
            respond=cast(AsyncRespond, responses),
            client=web.as_client(),
        )
        await self.commands.handle(call)
        return Outcome(acks, responses, web)

    async def submit(self, user: str, state: dict[str, Any], language: str = "en") -> Outcome:
        acks, web = Acks(), WebClient()
        self.fakes.append(web)
        view = {
            "callback_id": CALLBACK_ID,
            "id": "V1",
            "private_metadata": json.dumps({"l": language}),
            "state": {"values": state},
        }
        body = {"type": "view_submission", "user": {"id": user}, "view": view}
        await self.commands.submit_editor(
            cast(AsyncAck, acks), body, view, web.as_client(), self.services
        )
        return Outcome(acks, Responses(), web)

    async def click_mute(self, value: str, *, user: str = MEMBER_USER) -> Outcome:
        acks, responses, web = Acks(), Responses(), WebClient()
        self.fakes += [responses, web]
        body = {
            "type": "block_actions",
            "user": {"id": user},
            "channel": {"id": CHANNEL},
            "message": {"ts": "1700000000.000100"},
        }
        await self.commands.mute(
            cast(AsyncAck, acks),
            {"value": value},
            body,
            cast(AsyncRespond, responses),
            web.as_client(),
            self.services,
        )
        return Outcome(acks, responses, web)


@pytest.fixture
async def alerts(tmp_path: Path) -> AsyncIterator[Alerts]:
    store = await open_alert_store(str(tmp_path / "alerts.db"))
    async with listener_services(clock, People(dict(PEOPLE))) as services:
        commands = AlertCommands(
            store,
            admins=frozenset({LISTED}),
            clock=clock,
            company_timezone=services.account.company_timezone,
            company_language=services.account.company_language,
        )
        found = Alerts(commands, services, store)
        yield found
    await store.close()
    assert [p for fake in found.fakes for p in fake.problems] == []


async def test_an_admin_turns_them_on_here_in_the_company_zone(alerts: Alerts) -> None:
    done = await alerts.command("aquí")
    assert done.acks.calls == [{}]  # an empty ack: the answer follows
    assert done.answer["text"].startswith(
        "🔔 Las alertas están activas en <#CMEMBER>: parcial con 10% de fallos o más · "
        "atascado tras 30 min · todas las plantillas."
    )
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None and channel.enabled and channel.language == "es"
    assert channel.timezone == BUENOS_AIRES  # the company's, not the admin's Mexico City
    assert channel.created_by == ADMIN


async def test_a_locale_we_do_not_speak_gets_the_words_else_the_companys_language(
    alerts: Alerts,
) -> None:
    english = await alerts.command("here", user=FRENCH)
    assert english.answer["text"].startswith("🔔 Alerts are on in <#CMEMBER>")
    neutral = await alerts.command("<#CMEMBER|general> 20%", user=FRENCH)
    assert neutral.answer["text"].startswith("🔔 Las alertas están activas en <#CMEMBER>")


async def test_rules_change_one_at_a_time_and_keep_the_rest(alerts: Alerts) -> None:
    await alerts.command("here threshold 20%", user=LISTED)
    await alerts.command("here queued 45m only welcome_message quiet 20:00-08:00", user=LISTED)
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None
    assert (channel.threshold, channel.stuck_minutes) == (20.0, 45)
    assert channel.templates == {"welcome_message"}
    assert channel.quiet == QuietHours(time(20, 0), time(8, 0))
    done = await alerts.command("here quiet off", user=LISTED)
    assert "quiet" not in done.answer["text"]
    off = await alerts.command("here off", user=LISTED)
    assert off.answer["text"].startswith("⏸️ Alerts in <#CMEMBER> are off.")


async def test_anyone_lists_only_admins_change(alerts: Alerts) -> None:
    await alerts.command("here")
    refused = await alerts.command("aqui limite 20%", user=MEMBER_USER)
    assert refused.acks.only["text"].startswith(
        "🔒 Só administradores e proprietários do workspace (e <@ULISTED>) podem alterar"
    )
    listed = await alerts.command("", user=MEMBER_USER)
    assert "<#CMEMBER>" in listed.said and "parcial com 10% de falhas ou mais" in listed.said


async def test_what_it_cannot_do_is_said(alerts: Alerts) -> None:
    dm = await alerts.command("here", channel="D0DIRECT")
    assert dm.answer["text"].startswith("Las alertas van en un canal")
    by_name = await alerts.command("#ops", user=LISTED)
    assert by_name.answer["text"].startswith("I can't find #ops.")
    none = await alerts.command("here off", user=LISTED)
    assert none.answer["text"].startswith("There are no alerts in <#CMEMBER> yet.")
    unknown = await alerts.command("here sometimes", user=LISTED)
    assert unknown.acks.only["text"].startswith("I didn't understand *sometimes*.")
    helped = await alerts.command("help", user=LISTED)
    assert helped.acks.only["text"].startswith("🔔 Alerts: the channel knows within minutes")


async def test_the_form_opens_and_saves(alerts: Alerts) -> None:
    opened = await alerts.command("edit", user=LISTED)
    [view_call] = opened.web.calls_to("views.open")
    assert view_call["view"]["callback_id"] == "alerts_editor"
    state = {
        "channel": {"value": {"selected_conversation": CHANNEL}},
        "options": {"value": {"selected_options": [{"value": "enabled"}]}},
        "threshold": {"value": {"value": "15.5"}},
        "stuck": {"value": {"value": "60"}},
        "templates": {"value": {"value": "welcome_message, Promo_2025"}},
        "quiet_start": {"value": {"selected_time": "21:00"}},
        "quiet_end": {"value": {"selected_time": "07:30"}},
        "tz": {"value": {"value": "europe/madrid"}},
    }
    done = await alerts.submit(LISTED, state)
    assert done.acks.calls == [{}]
    [confirmation] = done.web.calls_to("chat.postMessage")
    assert confirmation["channel"] == LISTED
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None
    assert (channel.threshold, channel.stuck_minutes, channel.timezone) == (
        15.5,
        60,
        "Europe/Madrid",
    )
    assert channel.templates == {"welcome_message", "promo_2025"}
    assert channel.quiet == QuietHours(time(21, 0), time(7, 30))


async def test_the_form_points_at_what_is_wrong(alerts: Alerts) -> None:
    state = {
        "channel": {"value": {"selected_conversation": "C" + "X" * 5000}},
        "threshold": {"value": {"value": "300"}},
        "stuck": {"value": {"value": "2.5"}},
        "templates": {"value": {"value": "not a * template!"}},
        "quiet_start": {"value": {"selected_time": "21:00"}},
        "tz": {"value": {"value": "Mars/Base"}},
    }
    done = await alerts.submit(LISTED, state, language="pt")
    [ack] = done.acks.calls
    assert ack["response_action"] == "errors"
    assert set(ack["errors"]) == {"channel", "threshold", "stuck", "templates", "quiet_end", "tz"}
    assert ack["errors"]["threshold"] == "Uma taxa de falha de 0.1% a 100%."
    refused = await alerts.submit(MEMBER_USER, {**state, "threshold": {"value": {"value": "20"}}})
    assert refused.acks.only["response_action"] == "errors"


async def test_muting_a_template_or_the_channel(alerts: Alerts) -> None:
    await alerts.command("here")
    value = encode_mute(MuteRequest(CHANNEL, "welcome_message", "en"))
    done = await alerts.click_mute(value, user=LISTED)
    assert done.answer["text"].startswith(
        "🔕 Alerts about `welcome_message` in <#CMEMBER> are muted until"
    )
    [note] = done.web.calls_to("chat.postMessage")
    assert note["channel"] == CHANNEL and note["thread_ts"] == "1700000000.000100"
    assert note["text"].startswith(f"🔕 <@{LISTED}> muted alerts about `welcome_message` here")
    await alerts.click_mute(encode_mute(MuteRequest(CHANNEL, None, "en")))
    mutes = await alerts.store.active_mutes(clock())
    assert {(m.template, m.until - clock()) for m in mutes} == {
        ("welcome_message", timedelta(hours=24)),
        (None, timedelta(hours=1)),
    }
    listed = await alerts.command("")
    assert "🔕 silenciadas hasta las" in listed.said


@pytest.mark.parametrize(
    ("user", "told"),
    [
        (MEMBER_USER, "🔕 Os alertas de `welcome_message` em <#CMEMBER> estão silenciados até"),
        (ADMIN, "🔕 Las alertas de `welcome_message` en <#CMEMBER> están silenciadas hasta"),
        (FRENCH, "🔕 Alerts about `welcome_message` in <#CMEMBER> are muted until"),
    ],
)
async def test_whoever_mutes_is_told_in_their_language_the_thread_in_the_alerts(
    alerts: Alerts, user: str, told: str
) -> None:
    """An English alert muted by a Brazilian: she reads her confirmation in Portuguese;
    the channel's thread stays in the alert's language (a French locale is none of ours:
    the alert's language, which they just read)."""
    await alerts.command("here")
    done = await alerts.click_mute(
        encode_mute(MuteRequest(CHANNEL, "welcome_message", "en")), user=user
    )
    assert done.answer["text"].startswith(told)
    [note] = done.web.calls_to("chat.postMessage")
    assert note["text"].startswith(f"🔕 <@{user}> muted alerts about `welcome_message` here")


async def test_a_mute_button_this_app_did_not_write_is_refused(alerts: Alerts) -> None:
    with pytest.raises(MuteValueError):
        await alerts.click_mute('{"c": "not a channel"}')


async def test_the_home_section_lists_the_channels(alerts: Alerts) -> None:
    await alerts.command("here threshold 20%")
    blocks = await alerts.commands.home_section(await alerts.services.caller(MEMBER_USER))
    text = json.dumps([b.to_dict() for b in blocks], ensure_ascii=False)
    assert "🔔 Alertas" in text and "<#CMEMBER>" in text


async def test_alerts_channel_from_the_environment_speaks_the_companys_language(
    alerts: Alerts,
) -> None:
    """ALERTS_CHANNEL: nobody asked in any language, so the company's (Spanish here)."""
    await save_env_alerts(
        alerts.store,
        CHANNEL,
        company_timezone=alerts.services.account.company_timezone,
        clock=clock,
        company_language=alerts.services.account.company_language,
    )
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None and channel.language == "es"
    assert channel.timezone == BUENOS_AIRES


async def test_the_alerts_language_is_named_and_kept_by_another_users_change(
    alerts: Alerts,
) -> None:
    done = await alerts.command("here language pt", user=LISTED)
    answer = done.answer["text"]
    assert answer.startswith("🔔 Alerts are on in <#CMEMBER>")  # the asker's language
    assert "Alerts are written in Portuguese." in answer
    assert "Another language: `/bulksends alerts <#CMEMBER> language en` (en, es, pt)." in answer
    # An admin who reads Spanish changes the threshold: they still speak Portuguese.
    other = await alerts.command("aquí umbral 20%")
    assert "Las alertas se escriben en portugués." in other.answer["text"]
    assert "Otro idioma" not in other.answer["text"]  # only new alerts say how
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None and (channel.language, channel.threshold) == ("pt", 20.0)
    assert channel.updated_by == ADMIN
    # Naming another language changes it, whoever asks.
    await alerts.command("aquí idioma inglés")
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None and channel.language == "en"


async def test_new_alerts_speak_the_companys_language_whatever_the_askers(
    alerts: Alerts,
) -> None:
    done = await alerts.command("here", user=LISTED)  # an admin whose Slack is English
    assert "Alerts are written in Spanish." in done.answer["text"]
    assert "`/bulksends alerts <#CMEMBER> language en`" in done.answer["text"]
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None and channel.language == "es"


async def test_the_form_shows_and_sets_the_alerts_language(alerts: Alerts) -> None:
    await alerts.command("here language pt", user=LISTED)
    opened = await alerts.command("edit")
    [view_call] = opened.web.calls_to("views.open")
    block = next(b for b in view_call["view"]["blocks"] if b["block_id"] == "language")
    assert block["label"]["text"] == "Idioma de las alertas"
    assert block["element"]["initial_option"]["value"] == "pt"
    state = {
        "channel": {"value": {"selected_conversation": CHANNEL}},
        "threshold": {"value": {"value": "10"}},
        "stuck": {"value": {"value": "30"}},
        "tz": {"value": {"value": BUENOS_AIRES}},
        "options": {"value": {"selected_options": [{"value": "enabled"}]}},
        "language": {"value": {"selected_option": {"value": "en"}}},
    }
    done = await alerts.submit(ADMIN, state, language="es")
    [confirmation] = done.web.calls_to("chat.postMessage")
    assert "Las alertas se escriben en inglés." in confirmation["text"]
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None and channel.language == "en"
    # A form opened before it had the language field keeps the alerts' language.
    del state["language"]
    await alerts.submit(LISTED, {**state, "threshold": {"value": {"value": "12"}}})
    channel = await alerts.store.get_channel(CHANNEL)
    assert channel is not None and (channel.language, channel.threshold) == ("en", 12.0)


async def test_a_language_the_form_does_not_offer_is_pointed_at(alerts: Alerts) -> None:
    state = {
        "channel": {"value": {"selected_conversation": CHANNEL}},
        "threshold": {"value": {"value": "10"}},
        "stuck": {"value": {"value": "30"}},
        "tz": {"value": {"value": BUENOS_AIRES}},
        "language": {"value": {"selected_option": "fr"}},  # not even an option
    }
    done = await alerts.submit(LISTED, state, language="pt")
    assert done.acks.only == {
        "response_action": "errors",
        "errors": {"language": "Escolha o idioma dos alertas."},
    }
    assert await alerts.store.get_channel(CHANNEL) is None


@pytest.mark.parametrize(
    ("text", "user", "said"),
    [
        ("here", ADMIN, "🔒 No estoy en <#GPRIVATE>"),
        ("aquí umbral 20%", ADMIN, "🔒 No estoy en <#GPRIVATE>"),
        ("here", LISTED, "🔒 I'm not in <#GPRIVATE>"),
        ("<#GPRIVATE|secret> queued 45m", LISTED, "🔒 I'm not in <#GPRIVATE>"),
    ],
)
async def test_a_private_channel_the_app_is_not_in_is_refused_at_once(
    alerts: Alerts, text: str, user: str, said: str
) -> None:
    """Saved, the alerts would only fail at their first post: the admin is told now to
    invite the app, and nothing is saved."""
    done = await alerts.command(text, user=user, channel="GPRIVATE")
    assert done.answer["text"].startswith(said)
    assert "/invite @bulksends" in done.answer["text"]
    assert await alerts.store.get_channel("GPRIVATE") is None


async def test_turning_alerts_off_there_needs_no_invitation(alerts: Alerts) -> None:
    done = await alerts.command("here off", user=LISTED, channel="GPRIVATE")
    assert "/invite" not in done.answer["text"]
    assert done.web.calls_to("conversations.history") == []
