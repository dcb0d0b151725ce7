"""The single-record endpoints and messages, read through the client from the fake."""

from __future__ import annotations

from collections import Counter

from bot.demo.api import FakeBehaviour, FakeMindoApi
from bot.demo.data import DemoDataset
from bot.domain.sends import Status
from tests.factories import SleepRecorder
from tests.mindo.conftest import KEY, connected


async def test_detail_of_a_send(dataset: DemoDataset, sleeps: SleepRecorder) -> None:
    send = next(s for s in dataset.sends if s.status is Status.PROCESSING)
    async with connected(FakeMindoApi(dataset, api_key=KEY), sleeps) as client:
        detail = await client.get_bulk_send(send.id)

    assert detail == dataset.detail(send)
    assert detail.send == send
    assert detail.started_at is not None and detail.created_by is not None


async def test_every_message_of_a_big_send_across_pages(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    send = next(s for s in dataset.sends if s.status is Status.PARTIAL and s.sent_count > 250)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(page_size_cap=100))
    async with connected(api, sleeps) as client:
        messages = await client.list_messages(send.id)

    assert messages == dataset.messages(send)
    assert len(api.requests) > 3
    counts = Counter(m.status for m in messages)
    assert counts["failed"] == send.failed_count
    assert counts["read"] == send.read_count


async def test_messages_filtered_by_status_in_any_case(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    send = next(s for s in dataset.sends if s.status is Status.PARTIAL)
    api = FakeMindoApi(dataset, api_key=KEY)
    async with connected(api, sleeps) as client:
        failed = await client.list_messages(send.id, status="FAILED")

    assert len(failed) == send.failed_count
    assert {m.status for m in failed} == {"failed"}
    assert all(m.error_message for m in failed)
    assert "status=failed" in api.requests[0].url


async def test_business_info_and_accounts(dataset: DemoDataset, sleeps: SleepRecorder) -> None:
    async with connected(FakeMindoApi(dataset, api_key=KEY), sleeps) as client:
        info = await client.get_business_info()
        accounts = await client.get_business_accounts()

    assert info == dataset.business_info
    assert info.timezone == "America/Argentina/Buenos_Aires"
    assert accounts == dataset.business_accounts
