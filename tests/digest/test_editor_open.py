"""The digest form opens within Slack's trigger_id window: before any Mindo request."""

from __future__ import annotations

from typing import Any, cast

from slack_sdk.web.async_client import AsyncWebClient

from bot.digest.slack import DigestCommands
from bot.slack.services import Caller, CommandCall, SlackServices
from bot.slack.users import UserProfile
from bot.store.digests import DigestStore
from tests.digest.fakes import FakeSource
from tests.factories import BUENOS_AIRES, FakeClock, make_digest

OWN = "Europe/Madrid"


class Recorder:
    """The Slack client and Mindo's company zone in one, logging what happened in order."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.views: list[dict[str, Any]] = []

    async def company_timezone(self) -> str | None:
        self.events.append("mindo")
        return BUENOS_AIRES

    async def views_open(self, *, trigger_id: str, view: Any) -> dict[str, Any]:
        self.events.append("views_open")
        self.views.append(view.to_dict())
        return {"ok": True, "view": {"id": "V1", "hash": "h1"}}

    async def views_update(self, *, view_id: str, hash: str, view: Any) -> dict[str, Any]:
        self.events.append(f"views_update {view_id} {hash}")
        self.views.append(view.to_dict())
        return {"ok": True}


def _zone(view: dict[str, Any]) -> str:
    block = next(b for b in view["blocks"] if b["block_id"] == "tz")
    return str(block["element"]["initial_value"])


async def _ack(**_: Any) -> None:
    return None


def _call(recorder: Recorder) -> CommandCall:
    caller = Caller("UOWNER", OWN, "en", UserProfile(tz=OWN, is_owner=True))
    return CommandCall(
        text="edit",
        command={"channel_id": "C0MARKETING", "trigger_id": "T1", "channel_name": "marketing"},
        caller=caller,
        services=cast(SlackServices, None),
        ack=_ack,
        respond=cast(Any, None),
        client=cast(AsyncWebClient, recorder),
    )


def _commands(store: DigestStore, clock: FakeClock, recorder: Recorder) -> DigestCommands:
    return DigestCommands(
        store,
        FakeSource(),
        admins=frozenset(),
        clock=clock,
        demo=False,
        company_timezone=recorder.company_timezone,
    )


async def test_the_form_opens_first_then_shows_the_company_zone(
    store: DigestStore, clock: FakeClock
) -> None:
    recorder = Recorder()
    commands = _commands(store, clock, recorder)
    await commands.handle(_call(recorder))

    assert recorder.events == ["views_open", "mindo", "views_update V1 h1"]
    assert [_zone(v) for v in recorder.views] == [OWN, BUENOS_AIRES]

    # Once read, the company's zone is known at once: one open, no Mindo, no update.
    recorder.events.clear()
    recorder.views.clear()
    await commands.handle(_call(recorder))
    assert recorder.events == ["views_open"]
    assert [_zone(v) for v in recorder.views] == [BUENOS_AIRES]


async def test_an_existing_digest_opens_with_its_own_zone_and_no_mindo_request(
    store: DigestStore, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C0MARKETING", tz="Asia/Tokyo"))
    recorder = Recorder()
    await _commands(store, clock, recorder).handle(_call(recorder))

    assert recorder.events == ["views_open"]
    assert _zone(recorder.views[0]) == "Asia/Tokyo"
