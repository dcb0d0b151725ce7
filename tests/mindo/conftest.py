"""Shared pieces for the Mindo tests: a sleep that only records, and gates that make the fake's answers wait for each other instead of for time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.demo.api import FakeMindoApi, serve
from bot.demo.data import DemoDataset
from bot.domain.sends import BulkSend
from bot.mindo.client import MindoClient
from tests.factories import SleepRecorder

#: Looks like a real key on purpose, so a leak would be easy to spot.
KEY = "mindo_3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"


#: The longest any test waits on a gate; only reached when the behaviour under test is broken.
GATE_TIMEOUT = 5.0


class Together:
    """A fake gate: the first ``size`` requests it matches wait until all ``size`` arrived.

    It opens only if that many were in flight at once, so a test passing through it
    shows overlap without timing anything. Later requests pass straight through.
    """

    def __init__(self, size: int, match: Callable[[httpx.URL], bool] = lambda url: True) -> None:
        self.size = size
        self.match = match
        self.arrived = 0
        self.opened = asyncio.Event()

    async def __call__(self, url: httpx.URL) -> None:
        if self.opened.is_set() or not self.match(url):
            return
        self.arrived += 1
        if self.arrived >= self.size:
            self.opened.set()
        await asyncio.wait_for(self.opened.wait(), GATE_TIMEOUT)


def page_of(url: httpx.URL | str) -> int:
    return int(httpx.URL(url).params.get("page", "1"))


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@asynccontextmanager
async def connected(
    api: FakeMindoApi, sleeps: SleepRecorder, *, key: str = KEY, **options: Any
) -> AsyncIterator[MindoClient]:
    """A client talking to ``api`` over a real loopback socket."""
    async with (
        serve(api) as base_url,
        MindoClient(base_url, key, sleep=sleeps, monotonic=sleeps.monotonic, **options) as client,
    ):
        yield client


@asynccontextmanager
async def in_process(
    api: FakeMindoApi, sleeps: SleepRecorder, *, key: str = KEY, **options: Any
) -> AsyncIterator[MindoClient]:
    """A client talking to ``api`` in-process (``httpx.MockTransport``).

    For tests with gates: a gate that gives up fails the call at once, where a real
    server would turn it into a 500 to be retried, and cancelling the client's task
    reaches the fake's handler.
    """
    transport = httpx.MockTransport(api.handle)
    async with MindoClient(
        "https://mindo.test",
        key,
        transport=transport,
        sleep=sleeps,
        monotonic=sleeps.monotonic,
        **options,
    ) as client:
        yield client


def sends_every(
    hours: int, first: datetime, last: datetime, model: BulkSend
) -> tuple[BulkSend, ...]:
    """Copies of ``model`` created every ``hours`` from ``first`` to ``last``."""
    count = int((last - first) / timedelta(hours=hours)) + 1
    return tuple(
        replace(model, id=f"grid-{n:05d}", created_at=first + timedelta(hours=hours * n))
        for n in range(count)
    )


def with_sends(dataset: DemoDataset, sends: tuple[BulkSend, ...]) -> DemoDataset:
    """``dataset`` serving exactly ``sends``, newest first as the API lists them."""
    return replace(
        dataset, sends=tuple(sorted(sends, key=lambda s: (s.created_at, s.id), reverse=True))
    )
