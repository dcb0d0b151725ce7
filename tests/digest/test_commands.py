"""`/bulksends digest …`, its form and its Home section: ``DigestCommands`` called directly
with fakes, over a real store (the request path through the app: tests/digest/test_slack.py)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.digest.slack import DigestCommands
from bot.message.digest_form import CALLBACK_ID
from bot.slack.services import CommandCall, SlackServices
from bot.slack.users import UserProfile
from bot.store.digests import DigestStore, open_store
from tests.factories import BUENOS_AIRES
from tests.fakes.bolt import Acks, People, Responses, WebClient, listener_services
from tests.fakes.slack_requests import command_payload
from tests.slack.harness import clock

ADMIN = "UADMIN"  # a workspace admin whose own zone is not the company's
OWNER = "UOWNER"
MEMBER_USER = "UMEMBER"
LISTED = "ULISTED"  # in BULKSENDS_ADMINS
FRENCH = "UFRENCH"  # an admin whose Slack speaks none of our languages
CHANNEL = "CMEMBER"

PEOPLE = {
    ADMIN: UserProfile(tz="America/Mexico_City", locale="es-LA", is_admin=True),
    OWNER: UserProfile(tz="Europe/Madrid", locale="en-US", is_owner=True),
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
    def ack(self) -> dict[str, Any]:
        return self.acks.only

    @property
    def answer(self) -> dict[str, Any]:
        return self.responses.only


@dataclass
class Digests:
    """The digest's handlers as the feature wires them, and what they were handed."""

    commands: DigestCommands
    services: SlackServices
    store: DigestStore
    fakes: list[Responses | WebClient] = field(default_factory=list)

    async def command(self, text: str, *, user: str = ADMIN, channel: str = CHANNEL) -> Outcome:
        """``/bulksends digest text``: the sub-command gets the words after ``digest``."""
        acks, responses, web = Acks(), Responses(), WebClient()
        self.fakes += [responses, web]
        payload = command_payload(f"digest {text}", user=user, channel=channel, response_url="x")
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

    async def submit(self, user: str, state: dict[str, Any]) -> Outcome:
        """The form's Save, with ``state`` as the form's values."""
        acks, web = Acks(), WebClient()
        self.fakes.append(web)
        view = {"callback_id": CALLBACK_ID, "id": "V1", "state": {"values": state}}
        body = {"type": "view_submission", "user": {"id": user}, "view": view}
        await self.commands.submit_editor(
            cast(AsyncAck, acks), body, view, web.as_client(), self.services
        )
        return Outcome(acks, Responses(), web)


@pytest.fixture
async def digests(tmp_path: Path) -> AsyncIterator[Digests]:
    store = await open_store(str(tmp_path / "digests.db"))
    async with listener_services(clock, People(dict(PEOPLE))) as services:
        commands = DigestCommands(
            store,
            services.account.digest,
            admins=frozenset({LISTED}),
            clock=clock,
            demo=services.demo,
            company_timezone=services.account.company_timezone,
            company_language=services.account.company_language,
        )
        found = Digests(commands, services, store)
        yield found
    await store.close()
    assert [p for fake in found.fakes for p in fake.problems] == []


def said(outcome: Outcome) -> str:
    return json.dumps([*outcome.acks.calls, *outcome.responses.messages], ensure_ascii=False)


async def test_an_admin_sets_one_up_here_in_the_company_zone(digests: Digests) -> None:
    done = await digests.command("aquí a las 8:30 de lunes a viernes")
    assert done.acks.calls == [{}]  # an empty ack: the answer follows
    assert done.answer["text"].startswith(
        "✅ Resumen diario para <#CMEMBER>: de lunes a viernes a las 8:30"
    )
    assert "(hora de Buenos Aires)" in done.answer["text"]  # not the raw IANA id
    digest = await digests.store.get_digest(CHANNEL)
    assert digest is not None
    assert (digest.schedule.hour, digest.schedule.minute) == (8, 30)
    assert digest.schedule.timezone == BUENOS_AIRES  # the company's, not the admin's Mexico City
    assert digest.created_by == ADMIN
    assert digest.language == "es"  # the company's: the demo company writes in Spanish
    assert "en español" in done.answer["text"]
    assert "`/bulksends digest <#CMEMBER> idioma en` (en, es, pt)" in done.answer["text"]


async def test_the_digests_language_is_set_by_name_and_kept_by_other_changes(
    digests: Digests,
) -> None:
    done = await digests.command("here at 9 language pt", user=OWNER)
    assert done.answer["text"].startswith("✅ Daily digest for <#CMEMBER>: every day at 9:00")
    assert "in Portuguese" in done.answer["text"]
    # An admin who reads Spanish changes its time: it still speaks Portuguese.
    await digests.command("aquí a las 7:00")
    digest = await digests.store.get_digest(CHANNEL)
    assert digest is not None and digest.language == "pt"
    listed = await digests.command("", user=MEMBER_USER)
    assert "em português" in said(listed)


@pytest.mark.parametrize("user", [OWNER, LISTED])
async def test_owners_and_listed_users_may_change_digests(digests: Digests, user: str) -> None:
    done = await digests.command("here at 7:00", user=user)
    assert done.answer["text"].startswith("✅ Daily digest for <#CMEMBER>")


async def test_others_are_told_who_can(digests: Digests) -> None:
    refused = await digests.command("aqui às 9", user=MEMBER_USER)
    assert refused.ack["text"].startswith("🔒 Só administradores e proprietários")
    assert f"<@{LISTED}>" in refused.ack["text"]
    assert refused.responses.messages == []
    assert await digests.store.list_digests() == ()


async def test_anyone_lists_them(digests: Digests) -> None:
    await digests.command("<#CMEMBER|general> 9:00")
    listed = await digests.command("list", user=MEMBER_USER)
    assert "<#CMEMBER>" in said(listed) and "9:00" in said(listed)


async def test_off_then_on(digests: Digests) -> None:
    await digests.command("here 9:00")
    assert "está apagado" in (await digests.command("here off")).answer["text"]
    digest = await digests.store.get_digest(CHANNEL)
    assert digest is not None and not digest.enabled
    assert (await digests.command("here on")).answer["text"].startswith("✅")


async def test_off_where_there_is_none_says_so(digests: Digests) -> None:
    done = await digests.command("here off", user=OWNER)
    assert "There is no daily digest in <#CMEMBER>" in done.answer["text"]
    assert await digests.store.list_digests() == ()


async def test_a_channel_slack_did_not_link_is_not_looked_up(digests: Digests) -> None:
    """Escaped commands bring known channels as <#C…|name>: a bare #name needs no
    conversations.list (and no channels:read scope) to be answered."""
    done = await digests.command("#marketing 8:30 weekdays", user=OWNER)
    assert "I can't find #marketing" in done.answer["text"]
    assert done.web.calls == []
    assert await digests.store.list_digests() == ()


async def test_here_in_a_direct_message_is_refused(digests: Digests) -> None:
    done = await digests.command("here 9:00", user=OWNER, channel="D0123ABCD")
    assert done.answer["text"].startswith("A digest belongs in a channel")
    assert await digests.store.list_digests() == ()


async def test_a_private_channel_picked_with_an_empty_label_is_set_up(digests: Digests) -> None:
    done = await digests.command("<#CMEMBER|> 8:30 weekdays", user=OWNER)
    assert done.answer["text"].startswith("✅ Daily digest for <#CMEMBER>")


async def test_preview_is_only_for_the_asker(digests: Digests) -> None:
    preview = await digests.command("send me a preview now", user=MEMBER_USER)
    assert "Montando uma prévia" in preview.ack["text"]
    assert preview.answer.get("response_type", "ephemeral") == "ephemeral"
    text = json.dumps(preview.answer, ensure_ascii=False)
    # The note is in the asker's language; the digest in the one it would be posted in:
    # the company's (the demo company writes its templates in Spanish).
    assert "Prévia, só você vê" in text and "Resumen diario" in text
    assert preview.web.calls == []  # nothing posted in the channel


async def test_words_not_understood_are_named(digests: Digests) -> None:
    assert "*fridya*" in (await digests.command("here at 9 fridya")).ack["text"]


async def test_help(digests: Digests) -> None:
    assert "Resumo diário" in said(await digests.command("ajuda", user=MEMBER_USER))


async def test_help_speaks_the_askers_locale_whatever_the_words(digests: Digests) -> None:
    assert "Resumen diario" in said(await digests.command("ajuda"))  # the admin's Slack: Spanish


async def test_a_locale_we_do_not_speak_gets_the_words_else_the_companys_language(
    digests: Digests,
) -> None:
    """The one rule: no locale of ours, so the words decide; words of no language (a
    channel and a time) leave it to the company's (the demo company's: Spanish)."""
    english = await digests.command("here at 9", user=FRENCH)
    assert english.answer["text"].startswith("✅ Daily digest for <#CMEMBER>")
    neutral = await digests.command("<#CMEMBER|general> 9:00", user=FRENCH)
    assert neutral.answer["text"].startswith("✅ Resumen diario para <#CMEMBER>")
    assert "Resúmenes diarios" in said(await digests.command("", user=FRENCH))


async def test_the_form_opens_then_saves_and_confirms_in_a_direct_message(
    digests: Digests,
) -> None:
    opened = await digests.command("edit", user=OWNER)
    (shown,) = opened.web.calls_to("views.open")
    assert shown["view"]["callback_id"] == "digest_editor"
    state = {
        "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL}},
        "time": {"value": {"type": "timepicker", "selected_time": "07:15"}},
        "days": {
            "value": {"type": "checkboxes", "selected_options": [{"value": "5"}, {"value": "6"}]}
        },
        "tz": {"value": {"type": "plain_text_input", "value": "europe/madrid"}},
        "language": {"value": {"type": "static_select", "selected_option": {"value": "pt"}}},
        "options": {"value": {"type": "checkboxes", "selected_options": [{"value": "enabled"}]}},
    }
    saved = await digests.submit(OWNER, state)
    assert saved.acks.calls == [{}]  # the form closes
    digest = await digests.store.get_digest(CHANNEL)
    assert digest is not None
    assert (digest.schedule.hour, digest.schedule.minute, digest.schedule.days) == (
        7,
        15,
        frozenset({5, 6}),
    )
    assert digest.schedule.timezone == "Europe/Madrid"
    (confirmed,) = saved.web.calls_to("chat.postMessage")
    assert confirmed["channel"] == OWNER and confirmed["text"].startswith("✅")


GOOD_STATE: dict[str, Any] = {
    "channel": {"value": {"selected_conversation": CHANNEL}},
    "time": {"value": {"selected_time": "07:15"}},
    "days": {"value": {"selected_options": [{"value": "5"}]}},
    "tz": {"value": {"value": "UTC"}},
    "language": {"value": {"selected_option": {"value": "es"}}},
}


async def test_the_form_points_at_what_is_wrong(digests: Digests) -> None:
    state = {
        **GOOD_STATE,
        "days": {"value": {"selected_options": []}},
        "tz": {"value": {"value": "Mars/Base"}},
    }
    refused = await digests.submit(OWNER, state)
    assert refused.ack["response_action"] == "errors"
    assert set(refused.ack["errors"]) == {"days", "tz"}


@pytest.mark.parametrize(
    ("field", "value", "wrong"),
    [
        ("channel", {"selected_conversation": "C" + "1" * 5000}, "channel"),
        ("channel", {"selected_conversation": 12}, "channel"),
        ("channel", {"selected_conversation": "D0DIRECT"}, "channel"),
        ("time", {"selected_time": 715}, "time"),
        ("time", {"selected_time": "25:99"}, "time"),
        ("days", {"selected_options": [{"value": "9"}]}, "days"),
        ("days", {"selected_options": [{"value": "x"}, {"value": "1"}]}, "days"),
        ("days", {"selected_options": [{"text": "no value"}]}, "days"),
        ("days", {"selected_options": "5"}, "days"),
        ("tz", {"value": ["UTC"]}, "tz"),
        ("tz", {"value": "x" * 5000}, "tz"),
    ],
)
async def test_every_bad_value_in_the_form_is_a_form_error(
    digests: Digests, field: str, value: dict[str, Any], wrong: str
) -> None:
    refused = await digests.submit(OWNER, {**GOOD_STATE, field: {"value": value}})
    assert refused.ack["response_action"] == "errors" and set(refused.ack["errors"]) == {wrong}
    assert refused.web.calls == []
    assert await digests.store.list_digests() == ()


async def test_only_admins_may_save_the_form(digests: Digests) -> None:
    refused = await digests.submit(MEMBER_USER, GOOD_STATE)
    assert refused.ack["response_action"] == "errors" and set(refused.ack["errors"]) == {"channel"}
    assert await digests.store.list_digests() == ()


async def test_a_form_the_database_could_not_take_is_said_in_a_message(
    digests: Digests, tmp_path: Path
) -> None:
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"digests.db{suffix}").unlink(missing_ok=True)  # the database vanished
    told = await digests.submit(OWNER, GOOD_STATE)
    assert told.acks.calls == [{}]  # the form closed first
    (message,) = told.web.calls_to("chat.postMessage")
    assert message["channel"] == OWNER and "was not saved" in message["text"]


async def test_the_home_tab_lists_digests(digests: Digests) -> None:
    await digests.command("here 9:00")
    blocks = await digests.commands.home_section(await digests.services.caller(MEMBER_USER))
    assert "<#CMEMBER>" in json.dumps([b.to_dict() for b in blocks], ensure_ascii=False)


async def test_a_private_channel_the_app_is_not_in_is_refused_at_once(digests: Digests) -> None:
    done = await digests.command("here at 9:00", channel="GPRIVATE")
    assert done.answer["text"].startswith("🔒 No estoy en <#GPRIVATE>")
    assert "/invite @bulksends" in done.answer["text"]
    assert await digests.store.get_digest("GPRIVATE") is None
    fine = await digests.command("here at 9:00")  # a channel the app is in
    assert fine.answer["text"].startswith("✅")
