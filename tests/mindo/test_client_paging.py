"""Paging: every page, together, within one limit per client, and only from the base URL's host."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest

from bot.demo.api import FakeBehaviour, FakeMindoApi, Fault, serve
from bot.demo.data import DemoDataset
from bot.domain.dates import DateRange
from bot.domain.sends import BulkSend, Status
from bot.mindo.errors import BadRequestError
from tests.factories import SleepRecorder
from tests.mindo.conftest import (
    GATE_TIMEOUT,
    KEY,
    Together,
    connected,
    in_process,
    page_of,
    with_sends,
)


def _queries(api: FakeMindoApi, name: str) -> list[str | None]:
    return [httpx.URL(r.url).params.get(name) for r in api.requests]


def _everything(dataset: DemoDataset) -> DateRange:
    return DateRange(None, dataset.now.date())


async def test_reads_every_page_together_when_the_server_caps_page_size(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # Three later pages must be in flight at once for the gate to let any through.
    together = Together(3, match=lambda url: page_of(url) > 1)
    behaviour = FakeBehaviour(page_size_cap=30, gate=together)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with in_process(api, sleeps) as client:
        result = await client.list_bulk_sends()

    assert result.sends == dataset.sends
    assert result.pages == result.requests == -(-len(dataset.sends) // 30)
    assert together.opened.is_set()
    assert api.max_in_flight <= 8
    assert sorted(page_of(r.url) for r in api.requests) == list(range(1, result.pages + 1))
    assert set(_queries(api, "page_size")) == {"100"}


async def test_steps_down_the_page_size_after_a_400_naming_it_and_remembers_it_per_endpoint(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(reject_page_size_over=60))
    send = next(s for s in dataset.sends if s.status is Status.PARTIAL)
    async with connected(api, sleeps) as client:
        first = await client.list_bulk_sends()
        asked_first = _queries(api, "page_size")
        api.requests.clear()
        second = await client.list_bulk_sends(status=Status.COMPLETED)
        asked_second = _queries(api, "page_size")
        api.requests.clear()
        await client.list_messages(send.id)

    assert first.sends == dataset.sends
    assert asked_first[0] == "100"
    assert set(asked_first[1:]) == {"50"}
    assert set(asked_second) == {"50"}
    assert second.sends == tuple(s for s in dataset.sends if s.status is Status.COMPLETED)
    # The messages endpoint learns its own size: the list's says nothing about it.
    assert _queries(api, "page_size")[:2] == ["100", "50"]


async def test_a_single_400_naming_no_field_does_not_shrink_pages(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = FakeMindoApi(dataset, api_key=KEY)
    api.behaviour.faults.append(Fault(400, body='{"detail": "Solicitud inválida."}'))
    async with connected(api, sleeps) as client:
        first = await client.list_bulk_sends()
        second = await client.list_bulk_sends(status=Status.FAILED)

    assert first.sends == dataset.sends
    assert second.sends == tuple(s for s in dataset.sends if s.status is Status.FAILED)
    assert set(_queries(api, "page_size")) == {"100"}


async def test_a_400_naming_no_field_that_repeats_steps_down(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = FakeMindoApi(dataset, api_key=KEY)
    api.behaviour.faults.extend([Fault(400, body='["Solicitud inválida."]')] * 2)
    async with connected(api, sleeps) as client:
        result = await client.list_bulk_sends()

    assert result.sends == dataset.sends
    assert _queries(api, "page_size")[:3] == ["100", "100", "50"]
    assert set(_queries(api, "page_size")[2:]) == {"50"}


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


async def test_requests_in_flight_stay_within_the_limit_across_status_streams(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    wanted = {Status.COMPLETED, Status.PARTIAL, Status.FAILED}
    together = Together(3)
    behaviour = FakeBehaviour(page_size_cap=5, gate=together)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with in_process(api, sleeps, max_concurrency=3) as client:
        result = await client.fetch_bulk_sends(
            statuses=wanted, date_range=_everything(dataset), tz="UTC"
        )

    assert result.sends == tuple(s for s in dataset.sends if s.status in wanted)
    assert together.opened.is_set()
    assert api.max_in_flight == 3
    assert set(_queries(api, "status")) == {s.value for s in wanted}


async def test_the_limit_holds_for_the_client_across_questions_asked_at_once(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    release, three_in = asyncio.Event(), asyncio.Event()

    async def hold_everything(url: httpx.URL) -> None:
        if api.in_flight >= 3:
            three_in.set()
        await asyncio.wait_for(release.wait(), GATE_TIMEOUT)

    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(gate=hold_everything))
    streams = (Status.COMPLETED, Status.PARTIAL, Status.FAILED, Status.CANCELLED)
    async with in_process(api, sleeps, max_concurrency=3) as client:
        questions = [asyncio.create_task(client.list_bulk_sends(status=s)) for s in streams]
        try:
            await asyncio.wait_for(three_in.wait(), GATE_TIMEOUT)
            for _ in range(20):  # every request the client lets go reaches the fake meanwhile
                await asyncio.sleep(0)
            in_flight_while_held = api.in_flight
        finally:
            release.set()
        results = await asyncio.gather(*questions)

    assert in_flight_while_held == 3
    assert api.max_in_flight == 3
    for status, result in zip(streams, results, strict=True):
        assert result.sends == tuple(s for s in dataset.sends if s.status is status)


@pytest.mark.parametrize("statuses", [set(Status), set()], ids=["all", "none"])
async def test_all_statuses_are_one_stream_without_a_status_filter(
    dataset: DemoDataset, sleeps: SleepRecorder, statuses: set[Status]
) -> None:
    api = FakeMindoApi(dataset, api_key=KEY)
    async with connected(api, sleeps) as client:
        result = await client.fetch_bulk_sends(
            statuses=statuses, date_range=_everything(dataset), tz="UTC"
        )

    assert result.sends == dataset.sends
    assert _queries(api, "status") == [None] * len(api.requests)
    assert len(api.requests) == -(-len(dataset.sends) // 100)


async def test_the_answer_is_filtered_here_even_when_the_server_ignores_filters(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    behaviour = FakeBehaviour(ignored_params=frozenset({"status", "template"}))
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with connected(api, sleeps) as client:
        result = await client.fetch_bulk_sends(
            statuses={Status.FAILED}, date_range=_everything(dataset), tz="UTC", template_id=45
        )

    expected = tuple(s for s in dataset.sends if s.status is Status.FAILED and s.template.id == 45)
    assert expected
    assert result.sends == expected


Seen = tuple[Status, float, int | None]  # status, progress, minutes to its end (None: running)


def _copy(dataset: DemoDataset, base: BulkSend, seen: Seen) -> BulkSend:
    status, progress, ended = seen
    completed = None if ended is None else dataset.now + timedelta(minutes=ended)
    return replace(base, status=status, progress_percentage=progress, completed_at=completed)


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [
        ((Status.PROCESSING, 60.0, None), (Status.COMPLETED, 100.0, 1), 1),
        ((Status.PROCESSING, 60.0, None), (Status.CANCELLED, 30.0, 1), 1),
        ((Status.QUEUED, 0.0, None), (Status.PROCESSING, 5.0, None), 1),
        ((Status.COMPLETED, 100.0, 2), (Status.PARTIAL, 100.0, 1), 0),
        ((Status.COMPLETED, 100.0, 1), (Status.PARTIAL, 100.0, 2), 1),
    ],
    ids=["finished", "finished-over-progress", "progress", "later-end-first", "later-end-second"],
)
async def test_a_send_seen_in_two_status_streams_is_kept_as_it_is_furthest_along(
    dataset: DemoDataset, sleeps: SleepRecorder, first: Seen, second: Seen, kept: int
) -> None:
    base = next(s for s in dataset.sends if s.status is Status.PROCESSING)
    copies = (_copy(dataset, base, first), _copy(dataset, base, second))
    others = tuple(s for s in dataset.sends if s.id != base.id)
    api = FakeMindoApi(with_sends(dataset, (*others, *copies)), api_key=KEY)
    wanted = {first[0], second[0]}
    async with connected(api, sleeps, page_size=20) as client:
        result = await client.fetch_bulk_sends(
            statuses=wanted, date_range=_everything(dataset), tz="UTC"
        )

    expected = tuple(copies[kept] if s.id == base.id else s for s in dataset.sends)
    assert result.sends == tuple(s for s in expected if s.status in wanted)
    assert set(_queries(api, "status")) == {s.value for s in wanted}


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
