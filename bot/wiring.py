"""Builds the Mindo client the settings ask for: the real API, or the embedded demo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.config import MindoSettings
from bot.demo.api import DEMO_API_KEY, FakeMindoApi
from bot.demo.data import build_demo_dataset
from bot.mindo.client import MindoClient
from bot.service.questions import Asker, Clock

#: Where demo requests pretend to go; they never leave the process.
DEMO_BASE_URL = "https://demo.mindo.invalid"


def demo_transport(clock: Clock) -> httpx.MockTransport:
    """The demo Mindo API in-process, its data generated relative to the clock (daily anew)."""
    api = FakeMindoApi(build_demo_dataset(clock()), api_key=DEMO_API_KEY, clock=clock)
    return httpx.MockTransport(api.handle)


def make_mindo_client(
    settings: MindoSettings, clock: Clock, *, transport: httpx.AsyncBaseTransport | None = None
) -> MindoClient:
    if settings.api_key is None:
        base_url, key = DEMO_BASE_URL, DEMO_API_KEY
        transport = transport or demo_transport(clock)
    else:
        base_url, key = settings.api_url, settings.api_key.reveal()
    return MindoClient(
        base_url,
        key,
        transport=transport,
        max_concurrency=settings.max_concurrency,
        page_size=settings.page_size,
        deadline=settings.request_deadline,
        budget=settings.question_budget,
    )


@asynccontextmanager
async def open_asker(
    settings: MindoSettings, clock: Clock, *, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[Asker]:
    client = make_mindo_client(settings, clock, transport=transport)
    async with client:
        yield Asker(client, demo=settings.demo, clock=clock)
