"""The Home tab, published on ``app_home_opened``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.blocks import Block, SectionBlock

from bot.domain.sends import RUNNING
from bot.locale import formats
from bot.report import Totals
from bot.slack.services import Caller
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import SlackRequest
from tests.slack.conftest import ENGLISH, PORTUGUESE
from tests.slack.harness import Harness, running_app, text_of


@pytest.fixture
async def app(slack: FakeSlackApi) -> AsyncIterator[Harness]:
    async with running_app(slack) as harness:
        yield harness


async def home_of(app: Harness, user: str = ENGLISH) -> dict[str, Any]:
    assert await app.open_home(user) == 200
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("views.publish")))
    (call,) = app.slack.calls_to("views.publish")
    assert call.args["user_id"] == user
    view: dict[str, Any] = call.args["view"]
    assert view["type"] == "home"
    return view


def section_titled(view: dict[str, Any], title: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("text", {}).get("text") == f"*{title}*")


async def test_home_shows_this_weeks_and_todays_numbers_and_whats_sending(app: Harness) -> None:
    view = await home_of(app)
    zone = ZoneInfo("America/Argentina/Buenos_Aires")
    sends = app.mindo.dataset.sends
    local = [(s, s.created_at.astimezone(zone).date()) for s in sends]
    week = Totals.of([s for s, day in local if date(2026, 11, 16) <= day <= date(2026, 11, 18)])
    today = Totals.of([s for s, day in local if day == date(2026, 11, 18)])
    for title, totals in (("This week", week), ("Today", today)):
        fields = [f["text"] for f in section_titled(view, title)["fields"]]
        assert f"*Recipients*\n{formats.number(totals.recipients, 'en')}" in fields
        assert f"*Bulk sends*\n{totals.bulk_sends}" in fields
    running = [s for s in sends if s.status in RUNNING]
    assert running and text_of(view).count("░") >= len(running)
    for send in running:
        assert send.template.name in text_of(view)


async def test_home_speaks_the_users_language(app: Harness) -> None:
    view = await home_of(app, PORTUGUESE)
    assert "*Hoje*" in text_of(view) and "Enviando agora" in text_of(view)
    assert "America/Sao_Paulo" in text_of(view)


async def test_only_the_home_tab_is_published(app: Harness) -> None:
    assert await app.open_home(ENGLISH, tab="messages") == 200
    assert (await app.command("help")).status == 200  # later requests are served, still no publish
    assert app.slack.calls_to("views.publish") == []


async def test_when_mindo_fails_the_tab_says_so(slack: FakeSlackApi) -> None:
    async with running_app(slack, mindo_key="mindo_revoked_key_0000000000") as app:
        view = await home_of(app)
    assert "Mindo rejected the API key" in text_of(view)


async def test_other_features_add_their_part_and_a_broken_one_is_left_out(app: Harness) -> None:
    async def digests(caller: Caller) -> Sequence[Block]:
        return [SectionBlock(text=f"Digests for {caller.user_id} in {caller.language}")]

    async def broken(caller: Caller) -> Sequence[Block]:
        raise RuntimeError("store is down")

    app.services.home_sections.extend([broken, digests])
    view = await home_of(app, PORTUGUESE)
    assert f"Digests for {PORTUGUESE} in pt" in text_of(view)
    assert "store is down" not in text_of(view)


async def test_demo_data_is_flagged_on_the_home_tab(slack: FakeSlackApi) -> None:
    async with running_app(slack, demo=True) as app:
        view = await home_of(app)
    assert "Demo data" in text_of(view)


async def test_slack_can_verify_the_request_url_but_only_signed(app: Harness) -> None:
    """What Slack sends when the Event Subscriptions URL is saved (HTTP mode set-up)."""
    body = json.dumps({"token": "x", "challenge": "c0ffee", "type": "url_verification"})
    request = SlackRequest(body.encode(), "application/json")
    status, answer = await app.send(request)
    assert (status, json.loads(answer)) == (200, {"challenge": "c0ffee"})
    status, _ = await app.send(request, secret="not-the-signing-secret")
    assert status == 401


async def test_home_reuses_mindos_answers_for_a_little_while(app: Harness) -> None:
    def list_reads() -> int:
        return sum("/bulk-sends/" in r.url and "messages" not in r.url for r in app.mindo.requests)

    await home_of(app)
    first = list_reads()
    assert first > 0
    app.slack.calls.clear()
    await home_of(app)  # same zone, same minute: no new Mindo reads
    assert list_reads() == first  # (expiry: tests/service/test_account.py)
