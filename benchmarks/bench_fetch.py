"""Fetching 60 pages at 50 ms each over loopback: the client vs the floor vs a naive pager.

The floor is what any client allowed 8 requests in flight must wait: page 1 alone, then
the other 59 pages in ceil(59 / 8) rounds. The naive baseline follows ``next`` one page at
a time. Both are timed as the median of ``runs``. Also times building the demo dataset,
which runs on every demo CLI call.

Targets: the client within 2x the floor, the dataset built in under 50 ms. The script
exits 1 when either is missed, so it can gate a change.

Usage: uv run python benchmarks/bench_fetch.py [runs]
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import httpx

from bot.demo.api import FakeBehaviour, FakeMindoApi, serve
from bot.demo.data import DemoDataset, build_demo_dataset
from bot.domain.dates import DateRange
from bot.mindo.client import MindoClient
from tests.factories import MARCH_TUESDAY_NOON

PAGES = 60
PAGE_SIZE = 5
LATENCY = 0.05
CONCURRENCY = 8
KEY = "mindo_bench_key_not_a_secret"


async def time_client(base_url: str, dataset: DemoDataset) -> float:
    async with MindoClient(base_url, KEY, max_concurrency=CONCURRENCY) as client:
        started = time.perf_counter()
        result = await client.fetch_bulk_sends(
            statuses=(), date_range=DateRange(None, MARCH_TUESDAY_NOON.date()), tz="UTC"
        )
        elapsed = time.perf_counter() - started
    assert result.sends == dataset.sends and result.pages == PAGES, "incomplete fetch"
    return elapsed


async def time_naive(base_url: str, dataset: DemoDataset) -> float:
    """Follow ``next`` until it runs out, one request at a time."""
    ids: list[str] = []
    async with httpx.AsyncClient(headers={"X-API-Key": KEY}) as http:
        started = time.perf_counter()
        url: str | None = f"{base_url}/api/v1/meta-templates/bulk-sends/?page_size=100"
        while url:
            body = (await http.get(url)).json()
            ids.extend(item["id"] for item in body["results"])
            url = body["next"]
        elapsed = time.perf_counter() - started
    assert ids == [s.id for s in dataset.sends], "incomplete naive fetch"
    return elapsed


@contextmanager
def served_on_its_own_thread(api: FakeMindoApi) -> Iterator[str]:
    """The fake on a separate event loop, so its work does not queue behind the client's."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = serve(api)
    try:
        yield asyncio.run_coroutine_threadsafe(server.__aenter__(), loop).result()
    finally:
        asyncio.run_coroutine_threadsafe(server.__aexit__(None, None, None), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


async def measure(base_url: str, dataset: DemoDataset, runs: int) -> tuple[float, float]:
    # One untimed run first: imports and first-call costs only. Connections are not
    # reused across runs: each run opens its own client, as each CLI question does.
    await time_client(base_url, dataset)
    ours = statistics.median([await time_client(base_url, dataset) for _ in range(runs)])
    naive = statistics.median([await time_naive(base_url, dataset) for _ in range(runs)])
    return ours, naive


def report(runs: int) -> bool:
    """Prints the timings; True when the client is within 2x the floor."""
    demo = build_demo_dataset(MARCH_TUESDAY_NOON)
    dataset = replace(demo, sends=demo.sends[: PAGES * PAGE_SIZE])
    behaviour = FakeBehaviour(page_size_cap=PAGE_SIZE, latency=LATENCY)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    with served_on_its_own_thread(api) as base_url:
        ours, naive = asyncio.run(measure(base_url, dataset, runs))

    floor = LATENCY * (1 + math.ceil((PAGES - 1) / CONCURRENCY))
    print(f"{PAGES} pages x {LATENCY * 1000:.0f} ms latency, {CONCURRENCY} in flight")
    print(f"  floor             {floor * 1000:6.0f} ms")
    print(
        f"  client (median)   {ours * 1000:6.0f} ms   {ours / floor:.2f}x the floor (target <= 2x)"
    )
    print(
        f"  naive (median)    {naive * 1000:6.0f} ms   {naive / ours:.1f}x slower than the client"
    )
    print(f"  max in flight     {api.max_in_flight:6d}")
    return ours <= 2 * floor


def time_dataset_build(runs: int = 20) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        build_demo_dataset(MARCH_TUESDAY_NOON)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    fetch_ok = report(runs)
    build = time_dataset_build()
    print(f"demo dataset build (median) {build * 1000:.1f} ms (target < 50 ms)")
    missed = [name for name, ok in (("fetch", fetch_ok), ("dataset build", build < 0.05)) if not ok]
    if missed:
        print(f"MISSED the target: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
