"""Several imitation Mindo accounts behind one address, told apart by their API key.

A distributed app talks to one Mindo address with each workspace's own key; tests and
benchmarks give each workspace a ``FakeMindoApi`` of its own (its own dataset and key)
and serve them all here. A key no account has gets the fake's own 401.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

import httpx

from bot.demo.api import FakeMindoApi
from bot.demo.data import DemoDataset, build_demo_dataset

if TYPE_CHECKING:
    from aiohttp import web


class FakeMindoAccounts:
    def __init__(self, apis: Iterable[FakeMindoApi]) -> None:
        self.by_key = {api.api_key: api for api in apis}
        if not self.by_key:
            raise ValueError("at least one account")
        self._nobody = next(iter(self.by_key.values()))

    def add(self, api: FakeMindoApi) -> None:
        self.by_key[api.api_key] = api

    def account_for(self, key: str | None) -> FakeMindoApi:
        """The account ``key`` opens; another's (which answers 401) when none does."""
        return self.by_key.get(key or "", self._nobody)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """For ``httpx.MockTransport``."""
        return await self.account_for(request.headers.get("x-api-key")).handle(request)

    def web_app(self) -> web.Application:
        from aiohttp import web

        async def route(request: web.Request) -> web.StreamResponse:
            api = self.account_for(request.headers.get("X-API-Key"))
            answer = await api.answer(request.method, httpx.URL(str(request.url)), request.headers)
            return web.Response(status=answer.status, body=answer.body, headers=answer.headers)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", route)
        return app


def company_dataset(now: datetime, *, seed: int, name: str, timezone: str) -> DemoDataset:
    """Another made-up company: other sends (``seed``), its own name and zone."""
    dataset = build_demo_dataset(now, seed=seed)
    return replace(
        dataset, business_info=replace(dataset.business_info, name=name, timezone=timezone)
    )
