"""The Home tab: ``app_home_opened``'s listener called directly (the signed event over HTTP:
tests/slack/test_request_path.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.blocks import Block, SectionBlock

from bot.demo.api import FakeMindoApi, Fault
from bot.demo.data import build_demo_dataset
from bot.domain.sends import RUNNING
from bot.locale import formats
from bot.mindo.errors import AuthenticationError, MindoUnavailableError
from bot.report import Totals
from bot.slack.services import Caller
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME
from tests.fakes.bolt import MINDO_KEY, listener_services
from tests.slack.conftest import ENGLISH, FRENCH, PORTUGUESE, STRANGER
from tests.slack.harness import clock, text_of
from tests.slack.listeners.driver import Listener, Outcome, workspace


def published(opened: Outcome, user: str = ENGLISH) -> dict[str, Any]:
    (call,) = opened.web.calls_to("views.publish")
    assert call["user_id"] == user
    view: dict[str, Any] = call["view"]
    assert view["type"] == "home"
    return view


async def home_of(listener: Listener, user: str = ENGLISH) -> dict[str, Any]:
    opened = await listener.open_home(user)
    assert opened.raised is None, opened.raised
    return published(opened, user)


def period(view: dict[str, Any], title: str) -> dict[str, Any]:
    return next(
        b for b in view["blocks"] if b.get("text", {}).get("text", "").startswith(f"*{title}")
    )


async def test_home_shows_this_weeks_and_todays_numbers_and_whats_sending(
    listener: Listener,
) -> None:
    view = await home_of(listener)
    zone = ZoneInfo(BUENOS_AIRES)
    sends = listener.mindo.dataset.sends
    now = WEDNESDAY_LUNCHTIME.astimezone(zone)
    local = [(s, s.created_at.astimezone(zone)) for s in sends]
    week = Totals.of([s for s, at in local if date(2026, 11, 16) <= at.date() and at <= now])
    today = Totals.of([s for s, at in local if at.date() == date(2026, 11, 18) and at <= now])
    for title, totals in (("This week", week), ("Today so far", today)):
        fields = [f["text"] for f in period(view, title)["fields"]]
        recipients = formats.number(totals.recipients, "en")
        assert any(f.startswith(f"*Recipients*: {recipients}\n") for f in fields), fields
        assert any(f.startswith(f"*Bulk sends*: {totals.bulk_sends}\n") for f in fields)
    running = [s for s in sends if s.status in RUNNING]
    assert running and text_of(view).count("░") >= min(len(running), 10)
    for send in running[:10]:
        assert send.template.name in text_of(view)


async def test_home_speaks_the_users_language(listener: Listener) -> None:
    view = await home_of(listener, PORTUGUESE)
    assert "*Hoje até agora:*" in text_of(view) and "Enviando agora" in text_of(view)
    assert "America/Sao_Paulo" in text_of(view)


@pytest.mark.parametrize("user", [FRENCH, STRANGER])
async def test_home_without_a_language_of_ours_speaks_the_companys(
    listener: Listener, user: str
) -> None:
    """A French Slack, or a profile that cannot be read: the company's language (the demo
    company writes most of its templates in Spanish), not English by default."""
    view = await home_of(listener, user)
    assert "*Hoy hasta ahora:*" in text_of(view)


async def test_a_tab_opened_again_with_nothing_new_is_not_published_again(
    listener: Listener,
) -> None:
    first = await home_of(listener)
    again = await listener.open_home(ENGLISH, shown=first)
    assert again.raised is None and again.web.calls_to("views.publish") == []
    # What Slack shows is something else (an error, the connect prompt): published again.
    other = await listener.open_home(ENGLISH, shown={"type": "home", "private_metadata": ""})
    assert len(other.web.calls_to("views.publish")) == 1


async def test_a_workspace_that_refuses_charts_gets_the_tab_at_once_without_them(
    listener: Listener,
) -> None:
    opened = await listener.open_home(ENGLISH, refused_kinds={"data_visualization"})
    assert opened.raised is None
    first, second = opened.web.calls_to("views.publish")
    assert "data_visualization" in json.dumps(first) and "data_visualization" not in json.dumps(
        second
    )
    assert listener.services.block_support.refused(listener.services.workspace) == {
        "data_visualization"
    }


async def test_only_the_home_tab_is_published(listener: Listener) -> None:
    opened = await listener.open_home(ENGLISH, tab="messages")
    assert opened.raised is None and opened.web.calls == []
    assert listener.people.asked == []
    assert listener.mindo.requests == []


async def test_when_mindo_fails_the_tab_says_so() -> None:
    people = workspace()
    mindo = FakeMindoApi(build_demo_dataset(WEDNESDAY_LUNCHTIME), api_key=MINDO_KEY)
    async with listener_services(clock, people, mindo=mindo, key="mindo_revoked_0000") as services:
        opened = await Listener(services, people, mindo).open_home()
    assert isinstance(opened.raised, AuthenticationError)
    assert "Mindo rejected the API key" in text_of(published(opened))  # from the error handler


async def test_other_features_add_their_part_and_a_broken_one_is_left_out(
    listener: Listener,
) -> None:
    async def digests(caller: Caller) -> Sequence[Block]:
        return [SectionBlock(text=f"Digests for {caller.user_id} in {caller.language}")]

    async def broken(caller: Caller) -> Sequence[Block]:
        raise RuntimeError("store is down")

    listener.services.home_sections.extend([broken, digests])
    view = await home_of(listener, PORTUGUESE)
    assert f"Digests for {PORTUGUESE} in pt" in text_of(view)
    assert "store is down" not in text_of(view)


async def test_demo_data_is_flagged_on_the_home_tab() -> None:
    people = workspace()
    async with listener_services(clock, people, demo=True) as services:
        view = await home_of(Listener(services, people, None))
    assert "Demo data" in text_of(view)


async def test_home_reuses_mindos_answers_for_a_little_while(listener: Listener) -> None:
    mindo = listener.mindo

    def list_reads() -> int:
        return sum("/bulk-sends/" in r.url and "messages" not in r.url for r in mindo.requests)

    await home_of(listener)
    first = list_reads()
    assert first > 0
    await home_of(listener)  # same zone, same minute: no new Mindo reads
    assert list_reads() == first  # (expiry: tests/service/test_account.py)


@pytest.mark.parametrize(("user", "down"), [(ENGLISH, "isn't answering"), (PORTUGUESE, "não está")])
async def test_when_mindo_is_down_the_tab_says_so_and_keeps_what_needs_no_mindo(
    user: str, down: str
) -> None:
    """The digests and alerts are the app's own: a Mindo that does not answer left the tab
    with the reason alone, and an admin could not see what was set up."""
    people = workspace()
    mindo = FakeMindoApi(build_demo_dataset(WEDNESDAY_LUNCHTIME), api_key=MINDO_KEY)
    mindo.behaviour.faults.extend(Fault(status=503) for _ in range(50))
    async with listener_services(clock, people, mindo=mindo) as services:

        async def digests(caller: Caller) -> Sequence[Block]:
            return [SectionBlock(text=f"Digests in {caller.language}")]

        services.home_sections.append(digests)
        opened = await Listener(services, people, mindo).open_home(user)
    assert isinstance(opened.raised, MindoUnavailableError)  # the error handler logged it
    view = published(opened, user)  # once: the handler did not publish over it
    shown = text_of(view)
    assert down in shown
    assert f"Digests in {'en' if user == ENGLISH else 'pt'}" in shown
    assert shown.index(down) < shown.index("Digests in")
