"""Shared pieces for the Mindo tests: one fixed clock, one dataset, a sleep that only records."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.mindo.client import MindoClient
from bot.mindo.demo_data import DemoDataset, build_demo_dataset
from bot.mindo.fake_api import FakeMindoApi, serve
from bot.mindo.models import BulkSend

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
#: Looks like a real key on purpose, so a leak would be easy to spot.
KEY = "mindo_3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"


class SleepRecorder:
    """Stands in for asyncio.sleep: remembers each delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture(scope="session")
def dataset() -> DemoDataset:
    return build_demo_dataset(NOW)


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
        MindoClient(base_url, key, sleep=sleeps, **options) as client,
    ):
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
