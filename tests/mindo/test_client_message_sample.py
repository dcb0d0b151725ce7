"""A sample of a send's messages: only the pages that hold it, read together, never refused."""

from __future__ import annotations

import asyncio
import json

from bot.demo.api import FakeBehaviour, FakeMindoApi, Fault
from bot.demo.data import DemoDataset
from bot.domain.sends import Status
from bot.mindo.paging import MAX_PAGES
from tests.factories import SleepRecorder
from tests.mindo.conftest import GATE_TIMEOUT, KEY, Together, in_process, page_of


async def test_a_limit_reads_only_the_pages_that_hold_it_together(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    send = next(s for s in dataset.sends if s.status is Status.PARTIAL and s.sent_count > 250)
    together = Together(2, match=lambda url: page_of(url) > 1)
    behaviour = FakeBehaviour(page_size_cap=20, gate=together)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with in_process(api, sleeps) as client:
        messages = await client.list_messages(send.id, limit=55)

    assert messages == dataset.messages(send)[:55]
    assert sorted(page_of(r.url) for r in api.requests) == [1, 2, 3]
    assert together.opened.is_set()


async def test_a_limit_above_the_count_reads_the_whole_list(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    send = next(s for s in dataset.sends if s.status is Status.PARTIAL)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(page_size_cap=10))
    async with in_process(api, sleeps) as client:
        failed = await client.list_messages(send.id, status="failed", limit=10_000)

    assert len(failed) == send.failed_count
    assert {m.status for m in failed} == {"failed"}


async def test_a_limited_read_of_a_list_too_long_to_read_whole_is_fine(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    send = next(s for s in dataset.sends if s.status is Status.PARTIAL)
    item = dataset.messages(send)[0].to_api()
    body = json.dumps(
        {"count": MAX_PAGES * 100, "next": "https://mindo.test/?page=2", "results": [item]}
    )
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(page_size_cap=10))
    api.behaviour.faults.append(Fault(200, body=body))
    async with in_process(api, sleeps) as client, asyncio.timeout(GATE_TIMEOUT):
        messages = await client.list_messages(send.id, limit=1)

    assert len(messages) == 1
    assert len(api.requests) == 1


async def test_a_limited_read_of_a_list_that_changes_is_not_read_again(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    send = next(s for s in dataset.sends if s.status is Status.PARTIAL and s.sent_count > 250)
    first = dataset.messages(send)[0].to_api()
    # Page 1 claims a different count than the pages after it: a whole read would retry.
    body = json.dumps({"count": 5, "next": "https://mindo.test/?page=2", "results": [first]})
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(page_size_cap=10))
    api.behaviour.faults.append(Fault(200, body=body))
    async with in_process(api, sleeps) as client, asyncio.timeout(GATE_TIMEOUT):
        messages = await client.list_messages(send.id, limit=3)

    assert [r for r in api.requests if page_of(r.url) == 1][1:] == []
    assert messages[0].id == first["id"] and len(messages) == 3
