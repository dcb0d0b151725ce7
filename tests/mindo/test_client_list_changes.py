"""A list that changes while its pages are read is read again, or refused; never half-read.

The fake's gate changes the dataset at chosen moments and orders the answers, so each
test replays one race exactly.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot.demo.api import FakeBehaviour, FakeMindoApi, Fault
from bot.demo.data import DemoDataset
from bot.message.errors import mindo_error_text
from bot.mindo.errors import (
    ListChangedError,
    MindoErrorKind,
    MindoUnavailableError,
    PermissionDeniedError,
    UnreadableResponseError,
)
from bot.mindo.paging import MAX_PAGES, MAX_READS
from bot.mindo.sends import bulk_send_to_api
from tests.factories import SleepRecorder
from tests.mindo.conftest import GATE_TIMEOUT, KEY, in_process, page_of, with_sends


def _capped(dataset: DemoDataset, *, ignored: frozenset[str] = frozenset()) -> FakeMindoApi:
    """Pages of ten, so a few dozen sends make a few pages."""
    behaviour = FakeBehaviour(page_size_cap=10, ignored_params=ignored)
    return FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)


def _first_reads(api: FakeMindoApi) -> int:
    return sum(page_of(r.url) == 1 for r in api.requests)


def _changing_after_page_1(before: DemoDataset, after: DemoDataset) -> FakeMindoApi:
    """A server whose list becomes ``after`` as soon as any page past the first is asked."""
    api = _capped(before)

    async def change_once(url: httpx.URL) -> None:
        if page_of(url) > 1 and api.dataset is before:
            api.dataset = after

    api.behaviour.gate = change_once
    return api


async def test_the_newest_send_leaving_between_page_1_and_the_rest_means_a_second_read(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # Page 1 holds the newest send; it leaves before pages 2-3 are read, so the old
    # item 10 moves onto page 1, already read. Page 2's count (29) gives it away.
    after = with_sends(dataset, dataset.sends[1:30])
    api = _changing_after_page_1(with_sends(dataset, dataset.sends[:30]), after)
    async with in_process(api, sleeps) as client:
        result = await client.list_bulk_sends()

    assert result.sends == after.sends
    assert _first_reads(api) == 2
    assert (result.pages, result.requests) == (3 + 3, 6)


async def test_a_send_arriving_while_pages_are_answered_out_of_order_means_a_second_read(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # Page 3 is answered first, from the old list; then a send arrives and page 2 is
    # answered from the new one, so the old item 19 (page 2's last) is on neither.
    before = with_sends(dataset, dataset.sends[1:31])
    after = with_sends(dataset, dataset.sends[:31])
    page_3_answered = asyncio.Event()
    api = _capped(before)

    async def out_of_order(url: httpx.URL) -> None:
        if api.dataset is not before:
            return
        if page_of(url) == 3:
            page_3_answered.set()  # its answer follows at once: nothing here awaits
        elif page_of(url) == 2:
            await asyncio.wait_for(page_3_answered.wait(), GATE_TIMEOUT)
            api.dataset = after

    api.behaviour.gate = out_of_order
    async with in_process(api, sleeps) as client:
        result = await client.list_bulk_sends()

    assert page_3_answered.is_set()
    assert result.sends == after.sends
    assert _first_reads(api) == 2


async def test_a_later_page_that_is_gone_means_a_second_read(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # The five newest leave: page 3 no longer exists and page 2 skips five sends.
    after = with_sends(dataset, dataset.sends[5:25])
    api = _changing_after_page_1(with_sends(dataset, dataset.sends[:25]), after)
    async with in_process(api, sleeps) as client:
        result = await client.list_bulk_sends()

    assert result.sends == after.sends
    assert _first_reads(api) == 2


async def test_a_later_page_that_404s_is_never_taken_for_the_end_of_the_list(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # Every count agrees; page 3 alone answers 404 once. Nothing says the list ended there.
    api = _capped(with_sends(dataset, dataset.sends[:25]))
    missing_once = [Fault(404, body='{"detail": "Página inválida."}')]

    async def page_3_missing_once(url: httpx.URL) -> None:
        if page_of(url) == 3 and missing_once:
            api.behaviour.faults.append(missing_once.pop())

    api.behaviour.gate = page_3_missing_once
    async with in_process(api, sleeps) as client:
        result = await client.list_bulk_sends()

    assert result.sends == dataset.sends[:25]
    assert _first_reads(api) == 2


async def test_a_list_that_never_holds_still_is_refused_after_three_reads(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    served = list(dataset.sends[100:130])
    fresh = iter(dataset.sends[:100])
    api = _capped(with_sends(dataset, tuple(served)))

    async def keep_arriving(url: httpx.URL) -> None:
        if page_of(url) > 1:
            served.append(next(fresh))
            api.dataset = with_sends(dataset, tuple(served))

    api.behaviour.gate = keep_arriving
    async with in_process(api, sleeps) as client:
        with pytest.raises(ListChangedError) as caught:
            await client.list_bulk_sends()

    assert MAX_READS == 3
    assert _first_reads(api) == MAX_READS
    error = caught.value
    assert isinstance(error, MindoUnavailableError)
    assert error.kind == MindoErrorKind.UNAVAILABLE
    assert mindo_error_text(error) == (
        "Mindo's list changed while it was being read; try again in a moment."
    )


async def test_a_count_that_disagrees_with_the_items_is_refused(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # One send on page 1, no next, yet 2 sends said: page 2 is asked for all the same,
    # and is not there. The items are not what the count says, read after read.
    item = bulk_send_to_api(dataset.sends[0])
    body = json.dumps({"count": 2, "next": None, "previous": None, "results": [item]})
    api = _capped(dataset)
    gone = Fault(404, body='{"detail": "Página inválida."}')
    api.behaviour.faults.extend([Fault(200, body=body), gone] * MAX_READS)
    async with in_process(api, sleeps) as client:
        with pytest.raises(ListChangedError):
            await client.list_bulk_sends()

    assert [page_of(r.url) for r in api.requests] == [1, 2] * MAX_READS


async def test_a_server_that_ignores_the_page_number_is_unreadable_not_endless(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _capped(with_sends(dataset, dataset.sends[:30]), ignored=frozenset({"page"}))
    async with in_process(api, sleeps) as client, asyncio.timeout(GATE_TIMEOUT):
        with pytest.raises(UnreadableResponseError) as caught:
            await client.list_bulk_sends()

    assert len(api.requests) == 3
    assert "repeats" in caught.value.message


async def test_a_count_beyond_any_sensible_number_of_pages_is_unreadable(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # One send per page and a count one page past the limit.
    item = bulk_send_to_api(dataset.sends[0])
    count = MAX_PAGES + 1
    body = json.dumps({"count": count, "next": "https://mindo.test/?page=2", "results": [item]})
    api = _capped(dataset)
    api.behaviour.faults.append(Fault(200, body=body))
    async with in_process(api, sleeps) as client, asyncio.timeout(GATE_TIMEOUT):
        with pytest.raises(UnreadableResponseError):
            await client.list_bulk_sends()

    assert len(api.requests) == 1


async def test_when_one_page_fails_the_others_are_cancelled(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # Pages 2, 4 and 5 are held until cancelled; page 3 fails once they are all held.
    never, all_held = asyncio.Event(), asyncio.Event()
    held: list[int] = []
    cancelled: list[int] = []
    api = _capped(with_sends(dataset, dataset.sends[:50]))

    async def fail_page_3_hold_the_rest(url: httpx.URL) -> None:
        number = page_of(url)
        if number == 3:
            await asyncio.wait_for(all_held.wait(), GATE_TIMEOUT)
            api.behaviour.faults.append(Fault(403, body='{"detail": "API Key no tiene acceso"}'))
        elif number > 1:
            held.append(number)
            if len(held) == 3:
                all_held.set()
            try:
                await asyncio.wait_for(never.wait(), GATE_TIMEOUT)
            except asyncio.CancelledError:
                cancelled.append(number)
                raise

    api.behaviour.gate = fail_page_3_hold_the_rest
    try:
        async with in_process(api, sleeps) as client, asyncio.timeout(GATE_TIMEOUT):
            with pytest.raises(PermissionDeniedError):
                await client.list_bulk_sends()
    finally:
        never.set()  # lets any page left running finish, so nothing outlives the test

    assert sorted(cancelled) == [2, 4, 5]
