"""Paging: every page, fast, and only ever from the base URL's host."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import httpx
import pytest

from bot.mindo.client import MindoClient
from bot.mindo.demo_data import DemoDataset
from bot.mindo.errors import BadRequestError
from bot.mindo.fake_api import FakeBehaviour, FakeMindoApi, Fault, serve
from bot.query.model import DateRange
from bot.status import STATUS_ORDER, Status
from tests.mindo.conftest import KEY, SleepRecorder, connected, with_sends


def _queries(api: FakeMindoApi, name: str) -> list[str | None]:
    return [httpx.URL(r.url).params.get(name) for r in api.requests]


async def test_reads_every_page_when_the_server_caps_page_size(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    behaviour = FakeBehaviour(page_size_cap=30, latency=0.01)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with connected(api, sleeps) as client:
        result = await client.list_bulk_sends()

    assert result.sends == dataset.sends
    assert result.pages == result.requests == -(-len(dataset.sends) // 30)
    # Pages were counted in 30s, not the 100 asked for: the others went out together
    # (how many overlap depends on the machine's load; never more than the limit).
    assert 1 < api.max_in_flight <= 8
    assert sorted(int(p or 0) for p in _queries(api, "page")) == list(range(1, result.pages + 1))
    assert set(_queries(api, "page_size")) == {"100"}


async def test_steps_down_the_page_size_after_a_400_and_remembers_it(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(reject_page_size_over=60))
    async with connected(api, sleeps) as client:
        first = await client.list_bulk_sends()
        asked_first = _queries(api, "page_size")
        api.requests.clear()
        second = await client.list_bulk_sends(status=Status.COMPLETED)

    assert first.sends == dataset.sends
    assert asked_first[0] == "100"
    assert set(asked_first[1:]) == {"50"}
    assert set(_queries(api, "page_size")) == {"50"}
    assert second.sends == tuple(s for s in dataset.sends if s.status is Status.COMPLETED)


async def test_gives_up_when_even_the_smallest_page_size_is_refused(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(reject_page_size_over=10))
    async with connected(api, sleeps) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.list_bulk_sends()

    assert _queries(api, "page_size") == ["100", "50", "20"]
    assert "page_size" in caught.value.field_errors


async def test_a_400_about_another_field_is_not_blamed_on_the_page_size(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    body = '{"template": ["Enter a whole number."]}'
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour())
    api.behaviour.faults.append(Fault(400, body=body))
    async with connected(api, sleeps) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.list_bulk_sends(template_id=45)

    assert len(api.requests) == 1
    assert caught.value.field_errors == {"template": ["Enter a whole number."]}


async def test_requests_in_flight_stay_within_the_limit_across_all_status_streams(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    behaviour = FakeBehaviour(page_size_cap=5, latency=0.01)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with connected(api, sleeps, max_concurrency=3) as client:
        result = await client.fetch_bulk_sends(
            statuses=set(STATUS_ORDER),
            date_range=DateRange(None, dataset.now.date()),
            tz="UTC",
        )

    assert len(result.sends) == len(dataset.sends)
    assert 1 < api.max_in_flight <= 3
    assert {httpx.URL(r.url).params.get("status") for r in api.requests} == set(Status)


async def test_several_statuses_are_merged_deduplicated_and_newest_first(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # A send that changes status while we page shows up in both streams.
    moving = next(s for s in dataset.sends if s.status is Status.PROCESSING)
    twin = replace(moving, status=Status.COMPLETED, progress_percentage=100.0)
    api = FakeMindoApi(with_sends(dataset, (*dataset.sends, twin)), api_key=KEY)
    async with connected(api, sleeps, page_size=20) as client:
        result = await client.fetch_bulk_sends(
            statuses={Status.PROCESSING, Status.COMPLETED},
            date_range=DateRange(None, dataset.now.date()),
            tz="UTC",
        )

    # Streams merge in status order, so the PROCESSING copy is the one kept.
    wanted = (Status.PROCESSING, Status.COMPLETED)
    assert result.sends == tuple(s for s in dataset.sends if s.status in wanted)
    assert Counter(s.id for s in result.sends)[moving.id] == 1
    assert set(_queries(api, "status")) == {"PROCESSING", "COMPLETED"}


async def test_never_follows_next_links_to_another_host(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    elsewhere = FakeMindoApi(dataset, api_key="whatever")
    async with serve(elsewhere) as foreign_url:
        behaviour = FakeBehaviour(page_size_cap=40, next_host=foreign_url)
        api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
        async with connected(api, sleeps) as client:
            result = await client.list_bulk_sends()

    assert result.sends == dataset.sends
    assert elsewhere.requests == []
    assert all(r.headers["x-api-key"] == KEY for r in api.requests)


def _shifting(api: FakeMindoApi, change: DemoDataset) -> httpx.MockTransport:
    """Serves page 1 from the original dataset and every later request from ``change``."""

    async def handle(request: httpx.Request) -> httpx.Response:
        response = await api.handle(request)
        api.dataset = change
        return response

    return httpx.MockTransport(handle)


async def test_sends_created_while_paging_push_older_ones_onto_a_new_page(
    dataset: DemoDataset,
) -> None:
    old = dataset.sends[10:40]
    arrivals = dataset.sends[:3]
    api = FakeMindoApi(
        with_sends(dataset, old), api_key=KEY, behaviour=FakeBehaviour(page_size_cap=10)
    )
    transport = _shifting(api, with_sends(dataset, (*arrivals, *old)))
    async with MindoClient("http://mindo.test", KEY, transport=transport) as client:
        result = await client.list_bulk_sends()

    # Page 3 of the grown list says there are 33, so page 4 is read too: nothing is lost.
    assert result.sends == old
    assert result.pages == 4


async def test_a_page_that_vanishes_because_the_list_shrank_ends_the_list(
    dataset: DemoDataset,
) -> None:
    before = dataset.sends[:25]
    api = FakeMindoApi(
        with_sends(dataset, before), api_key=KEY, behaviour=FakeBehaviour(page_size_cap=10)
    )
    transport = _shifting(api, with_sends(dataset, before[:20]))
    async with MindoClient("http://mindo.test", KEY, transport=transport) as client:
        result = await client.list_bulk_sends()

    assert result.sends == before[:20]
    assert (result.pages, result.requests) == (2, 3)
