"""Fetching 60 pages of 100 sends at 50 ms each over loopback: the client alone.

The floor is what any client allowed 8 requests in flight must wait: page 1 alone, then
the other 59 pages in ceil(59 / 8) rounds. The naive baseline follows ``next`` one page at
a time. Both are timed as the median of ``runs``. Pages hold 100 sends, as Mindo's do
when asked (pages of 5 hid what reading a record costs). The imitation of Mindo runs in
a second process, as it would on another machine. ``bench_answer.py`` times the same
reads end to end (the CLI and Slack); this one, the client's share. Also times building
the demo dataset, which runs on every demo CLI call.

Targets: the client within 1.2x the floor, the dataset built in under 50 ms. The script
exits 1 when either is missed, so it can gate a change.

Usage: uv run python benchmarks/bench_fetch.py [runs]
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection

import aiohttp

from bot.demo.api import FakeBehaviour, FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from bot.domain.dates import DateRange
from bot.mindo.client import MindoClient

PAGES = 60
PAGE_SIZE = 100
LATENCY = 0.05
CONCURRENCY = 8
TARGET = 1.2
KEY = "mindo_bench_key_not_a_secret"
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def outside(conn: Connection) -> None:
    asyncio.run(_outside(conn))


async def _outside(conn: Connection) -> None:
    demo = build_demo_dataset(NOW, finished_sends=PAGES * PAGE_SIZE)
    dataset = replace(demo, sends=demo.sends[: PAGES * PAGE_SIZE])
    behaviour = FakeBehaviour(page_size_cap=PAGE_SIZE, latency=LATENCY)
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with serve(api) as url:
        conn.send(url)
        await asyncio.to_thread(conn.recv)
    conn.send(api.max_in_flight)


async def time_client(base_url: str) -> float:
    async with MindoClient(base_url, KEY, max_concurrency=CONCURRENCY) as client:
        started = time.perf_counter()
        result = await client.fetch_bulk_sends(
            statuses=(), date_range=DateRange(None, NOW.date()), tz="UTC"
        )
        elapsed = time.perf_counter() - started
    assert len(result.sends) == PAGES * PAGE_SIZE and result.pages == PAGES, "incomplete fetch"
    return elapsed


async def time_naive(base_url: str) -> float:
    """Follow ``next`` until it runs out, one request at a time."""
    count = 0
    async with aiohttp.ClientSession(headers={"X-API-Key": KEY}) as http:
        started = time.perf_counter()
        url: str | None = f"{base_url}/api/v1/meta-templates/bulk-sends/?page_size=100"
        while url:
            async with http.get(url) as response:
                body = await response.json()
            count += len(body["results"])
            url = body["next"]
        elapsed = time.perf_counter() - started
    assert count == PAGES * PAGE_SIZE, "incomplete naive fetch"
    return elapsed


async def measure(base_url: str, runs: int) -> tuple[float, float]:
    # One untimed run first: imports and first-call costs only. Connections are not
    # reused across runs: each run opens its own client, as each CLI question does.
    await time_client(base_url)
    ours = statistics.median([await time_client(base_url) for _ in range(runs)])
    naive = statistics.median([await time_naive(base_url) for _ in range(runs)])
    return ours, naive


def report(runs: int) -> bool:
    """Prints the timings; True when the client is within the target of the floor."""
    conn, theirs = Pipe()
    process = Process(target=outside, args=(theirs,))
    process.start()
    try:
        ours, naive = asyncio.run(measure(conn.recv(), runs))
    finally:
        conn.send("stop")
        in_flight = conn.recv()
        process.join(10)

    floor = LATENCY * (1 + math.ceil((PAGES - 1) / CONCURRENCY))
    print(
        f"{PAGES} pages of {PAGE_SIZE} x {LATENCY * 1000:.0f} ms latency, {CONCURRENCY} in flight"
    )
    print(f"  floor             {floor * 1000:6.0f} ms")
    print(
        f"  client (median)   {ours * 1000:6.0f} ms   {ours / floor:.2f}x the floor "
        f"(target <= {TARGET}x)"
    )
    print(
        f"  naive (median)    {naive * 1000:6.0f} ms   {naive / ours:.1f}x slower than the client"
    )
    print(f"  max in flight     {in_flight:6d}")
    return ours <= TARGET * floor and in_flight <= CONCURRENCY


def time_dataset_build(runs: int = 20) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        build_demo_dataset(NOW)
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
