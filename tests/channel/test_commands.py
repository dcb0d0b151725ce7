"""What both channel features' commands share (bot/channel/commands.py, bot/channel/form.py),
seen through each: who may change them, the form opening within Slack's trigger_id
window and then showing the company's zone and language, the environment's defaults at
start, and a submitted form read without ever raising."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import pytest
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.alerts.editor import read_alerts_editor
from bot.alerts.slack import AlertCommands
from bot.channel.commands import ChannelCommands, may_change, start_defaults
from bot.channel.form import Submitted
from bot.digest.editor import read_editor
from bot.digest.slack import DigestCommands
from bot.locale.languages import Language
from bot.mindo.errors import MindoError
from bot.slack.services import Caller, CommandCall, SlackServices
from bot.slack.users import UserProfile
from bot.store.alerts import open_alert_store
from bot.store.digests import open_store
from tests.digest.fakes import FakeSource
from tests.factories import BLACK_FRIDAY_NOON, BUENOS_AIRES, FakeClock
from tests.fakes.bolt import Responses

OWN = "Europe/Madrid"
CHANNEL = "C0MARKETING"


class Recorder:
    """The Slack client and Mindo's company zone and language in one, logging in order."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.views: list[dict[str, Any]] = []

    async def company_timezone(self) -> str | None:
        self.events.append("mindo zone")
        return BUENOS_AIRES

    async def company_language(self) -> Language:
        self.events.append("mindo language")
        return "pt"

    async def views_open(self, *, trigger_id: str, view: Any) -> dict[str, Any]:
        self.events.append("views_open")
        self.views.append(view.to_dict())
        return {"ok": True, "view": {"id": "V1", "hash": "h1"}}

    async def views_update(self, *, view_id: str, hash: str, view: Any) -> dict[str, Any]:
        self.events.append(f"views_update {view_id} {hash}")
        self.views.append(view.to_dict())
        return {"ok": True}

    async def conversations_history(self, **args: Any) -> dict[str, Any]:
        return {"ok": True, "messages": []}  # a channel the app can post in


Feature = Callable[[Path, Recorder], Awaitable[ChannelCommands]]


async def _digest(folder: Path, recorder: Recorder) -> ChannelCommands:
    return DigestCommands(
        await open_store(str(folder / "digests.db")),
        FakeSource(),
        admins=frozenset(),
        clock=FakeClock(BLACK_FRIDAY_NOON),
        demo=False,
        company_timezone=recorder.company_timezone,
        company_language=recorder.company_language,
    )


async def _alerts(folder: Path, recorder: Recorder) -> ChannelCommands:
    return AlertCommands(
        await open_alert_store(str(folder / "alerts.db")),
        admins=frozenset(),
        clock=FakeClock(BLACK_FRIDAY_NOON),
        company_timezone=recorder.company_timezone,
        company_language=recorder.company_language,
    )


@pytest.fixture(params=[_digest, _alerts], ids=["digest", "alerts"])
async def opened(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[ChannelCommands, Recorder]]:
    recorder = Recorder()
    commands = await cast(Feature, request.param)(tmp_path, recorder)
    yield commands, recorder
    await cast(Any, commands).store.close()


def _block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b["block_id"] == block_id)


def _shown(view: dict[str, Any]) -> tuple[str, str]:
    """The form's zone and the language it offers its messages in."""
    zone = _block(view, "tz")["element"]["initial_value"]
    return zone, _block(view, "language")["element"]["initial_option"]["value"]


async def _ack(**_: Any) -> None:
    return None


def _call(recorder: Recorder, *, text: str = "edit") -> CommandCall:
    caller = Caller("UOWNER", OWN, "en", UserProfile(tz=OWN, is_owner=True))
    return CommandCall(
        text=text,
        command={"channel_id": CHANNEL, "trigger_id": "T1", "channel_name": "marketing"},
        caller=caller,
        services=cast(SlackServices, None),
        ack=_ack,
        respond=cast(AsyncRespond, Responses()),
        client=cast(AsyncWebClient, recorder),
    )


async def test_each_form_opens_first_then_shows_the_companys_zone_and_language(
    opened: tuple[ChannelCommands, Recorder],
) -> None:
    """The alerts' form did not update before it was shared with the digest's: it kept
    the caller's zone."""
    commands, recorder = opened
    await cast(Any, commands).handle(_call(recorder))
    assert recorder.events == ["views_open", "mindo zone", "mindo language", "views_update V1 h1"]
    assert [_shown(v) for v in recorder.views] == [(OWN, "en"), (BUENOS_AIRES, "pt")]

    # Once read, both are known at once: one open, no Mindo, no update.
    recorder.events.clear()
    recorder.views.clear()
    await cast(Any, commands).handle(_call(recorder))
    assert recorder.events == ["views_open"]
    assert [_shown(v) for v in recorder.views] == [(BUENOS_AIRES, "pt")]


async def test_a_set_up_feature_opens_with_its_own_settings_and_no_mindo_request(
    opened: tuple[ChannelCommands, Recorder],
) -> None:
    commands, recorder = opened
    await cast(Any, commands).handle(_call(recorder, text="here tz Asia/Tokyo language es"))
    recorder.events.clear()
    await cast(Any, commands).handle(_call(recorder))
    assert recorder.events == ["views_open"]
    assert _shown(recorder.views[0]) == ("Asia/Tokyo", "es")


async def test_who_may_change_either_feature() -> None:
    assert may_change("U07", is_admin=False, admins=frozenset({"U07"}))
    assert may_change("U8", is_admin=True, admins=frozenset())
    assert not may_change("U08", is_admin=False, admins=frozenset({"U07"}))


async def test_the_start_defaults_read_mindo_only_for_what_is_missing() -> None:
    recorder = Recorder()
    zone, language = await start_defaults(
        recorder.company_timezone, recorder.company_language, new=True
    )
    assert (zone, language, recorder.events) == (
        BUENOS_AIRES,
        "pt",
        ["mindo zone", "mindo language"],
    )
    recorder.events.clear()
    zone, language = await start_defaults(
        recorder.company_timezone, recorder.company_language, new=False, zone="Asia/Tokyo"
    )
    # The environment's zone, and an existing setup keeps its own language: nothing read.
    assert (zone, language, recorder.events) == ("Asia/Tokyo", "en", [])


async def test_mindo_failing_at_start_means_utc() -> None:
    async def failing() -> str | None:
        raise MindoError("down", method="GET", url="http://127.0.0.1/business-info")

    assert await start_defaults(failing, None, new=True) == ("UTC", "en")


def _submitted(values: dict[str, Any], metadata: Any = '{"l": "es"}') -> dict[str, Any]:
    return {"private_metadata": metadata, "state": {"values": values}}


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        "text",
        ["a", "list"],
        {"value": "not an element"},
        {"value": {"selected_option": "pt"}},
        {"value": {"selected_option": {"value": 7}}},
        {"value": {"selected_conversation": ["C1"], "selected_options": "enabled"}},
    ],
)
def test_a_malformed_field_is_none_never_an_exception(garbage: Any) -> None:
    form = Submitted(_submitted({"channel": garbage, "tz": garbage, "language": garbage}))
    assert form.channel("channel") is None
    assert form.zone("tz") is None
    assert form.speaks("language") is None
    assert form.picked("channel") <= {"?"}


@pytest.mark.parametrize("metadata", [None, "", "not json", "[1]", '{"l": "fr"}', '{"l": 3}'])
def test_a_form_without_a_language_we_speak_is_read_in_english(metadata: Any) -> None:
    assert Submitted(_submitted({}, metadata)).language == "en"


def test_both_forms_report_the_same_shared_fields_in_the_forms_language() -> None:
    values = {
        "channel": {"value": {"selected_conversation": "D0DIRECT1"}},
        "tz": {"value": {"value": "Mars/Base"}},
        "language": {"value": {"selected_option": {"value": "xx"}}},
    }
    digest = read_editor(_submitted(values))
    alerts = read_alerts_editor(_submitted(values))
    assert isinstance(digest, dict) and isinstance(alerts, dict)
    shared = {"channel", "tz", "language"}
    assert shared <= set(digest) and shared <= set(alerts)
    assert digest["channel"] == alerts["channel"] == "Elige un canal."
    assert digest["tz"] == alerts["tz"]
    assert (digest["language"], alerts["language"]) == (
        "Elige el idioma del resumen.",
        "Elige el idioma de las alertas.",
    )
