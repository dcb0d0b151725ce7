"""The digest's reads: failure reasons from a sample of each worst send's failed messages."""

from __future__ import annotations

import httpx
import pytest

from bot.demo.api import FakeBehaviour, FakeMindoApi
from bot.demo.data import DemoDataset
from bot.domain.sends import Status
from bot.mindo.client import MindoClient
from bot.service import digest as source
from bot.service.digest import MindoDigestSource
from tests.mindo.conftest import KEY


async def test_reasons_read_only_the_pages_of_the_sample(
    dataset: DemoDataset,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(source, "REASON_SAMPLE", 10)
    send = max(
        (s for s in dataset.sends if s.status is Status.PARTIAL), key=lambda s: s.failed_count
    )
    assert send.failed_count > 30
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(page_size_cap=10))
    transport = httpx.MockTransport(api.handle)
    async with MindoClient("https://mindo.test", KEY, transport=transport) as client:
        reasons = await MindoDigestSource(client)._reasons(send.id)

    assert reasons and sum(r.count for r in reasons) <= 10
    assert len(api.requests) == 1
