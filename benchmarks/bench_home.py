"""The Home tab, opened: how long until its view is ready, cold and warm.

One account like the demo's (a few hundred sends over 90 days, some running), Mindo
answering each request after ``--latency`` seconds. Timed:

- cold: ``Account.home`` reading everything (the fortnight's sends, what is running, the
  worst problems' failure reasons: one round of requests in parallel, then one more for
  the reasons) and the view built, as when the first person opens the tab (in a process
  that has answered before: Babel's and the catalogs' first loading, once per process,
  is left out: about 150 ms);
- a crowd: ``--people`` people of one time zone opening it at the same moment: they share
  that one read (the fake counts the requests);
- warm: opened again within ``home_ttl``: no request at all, the view built from memory;
- the build alone: ``build_home_view`` for the overview, in each language.

Target: cold within 3 round trips of latency plus 50 ms, warm under 20 ms; exits 1 when
one is missed.

Usage: uv run python benchmarks/bench_home.py [--latency 0.05] [--runs 5] [--people 20]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime

import httpx

from bot.demo.api import DEMO_API_KEY, FakeBehaviour, FakeMindoApi
from bot.demo.data import DEMO_TIMEZONE, build_demo_dataset
from bot.locale.languages import LANGUAGES
from bot.message.home import build_home_view
from bot.mindo.client import MindoClient
from bot.service.account import Account
from bot.service.home import home_range, overview_from

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


async def one_run(latency: float, people: int) -> tuple[float, float, float, int, int]:
    """(cold, crowd, warm) seconds, and the requests of the cold read and of the crowd."""
    api = FakeMindoApi(
        build_demo_dataset(NOW),
        api_key=DEMO_API_KEY,
        clock=lambda: NOW,
        behaviour=FakeBehaviour(latency=latency),
    )
    transport = httpx.MockTransport(api.handle)
    async with MindoClient("https://mindo.bench", DEMO_API_KEY, transport=transport) as client:
        account = Account(client, demo=False, clock=lambda: NOW)
        started = time.perf_counter()
        overview = await account.home(DEMO_TIMEZONE)
        build_home_view(overview, language="en", demo=False)
        cold = time.perf_counter() - started
        cold_requests = len(api.requests)
    async with MindoClient("https://mindo.bench", DEMO_API_KEY, transport=transport) as client:
        account = Account(client, demo=False, clock=lambda: NOW)
        before = len(api.requests)
        started = time.perf_counter()
        await asyncio.gather(*(account.home(DEMO_TIMEZONE) for _ in range(people)))
        crowd = time.perf_counter() - started
        crowd_requests = len(api.requests) - before
        started = time.perf_counter()
        overview = await account.home(DEMO_TIMEZONE)
        build_home_view(overview, language="es", demo=False)
        warm = time.perf_counter() - started
    return cold, crowd, warm, cold_requests, crowd_requests


def build_times(runs: int) -> dict[str, float]:
    dataset = build_demo_dataset(NOW)
    first, last = home_range(NOW.date())
    recent = [s for s in dataset.sends if first <= s.created_at.date() <= last]
    overview = overview_from(recent, [], now=NOW, timezone=DEMO_TIMEZONE)
    times: dict[str, float] = {}
    for language in LANGUAGES:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            build_home_view(overview, language=language, demo=False).to_dict()
            samples.append(time.perf_counter() - started)
        times[language] = statistics.median(samples)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(one_run(0.0, 1))  # the process' first loading of Babel data and catalogs
    results = [asyncio.run(one_run(args.latency, args.people)) for _ in range(args.runs)]
    cold = statistics.median(r[0] for r in results)
    crowd = statistics.median(r[1] for r in results)
    warm = statistics.median(r[2] for r in results)
    cold_requests, crowd_requests = results[0][3], results[0][4]
    target_cold = 3 * args.latency + 0.05
    print(f"latency {args.latency * 1000:.0f} ms per Mindo request, median of {args.runs} runs")
    print(f"cold   {ms(cold)}  ({cold_requests} requests; target < {ms(target_cold).strip()})")
    print(f"crowd  {ms(crowd)}  ({args.people} people at once: {crowd_requests} requests)")
    print(f"warm   {ms(warm)}  (no request; target < 20 ms)")
    for language, seconds in build_times(args.runs).items():
        print(f"build  {ms(seconds)}  ({language})")
    ok = cold < target_cold and warm < 0.02 and crowd_requests == cold_requests
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
