"""100 digests due at the same minute: how long the pass takes, how many Mindo reads it
costs, and whether slash-command answers slow down meanwhile.

Real loopback servers for Mindo (the fake API, 20 ms per request) and Slack (the test
fake); a SQLite store in a temporary folder. While the pass runs, a probe plays the part
of `/bulksends digest list` every 20 ms (an event-loop turn plus a store read, which is
what that command does before its ack) and records how long each took; the same probe
runs once with no pass for comparison. Plain script:

    uv run python benchmarks/bench_digest.py
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_sdk.web.async_client import AsyncWebClient

from bot.demo.api import FakeBehaviour, FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from bot.digest.manage import Change, apply_change
from bot.digest.poster import SlackDigestPoster
from bot.digest.runner import DigestRunner, Result, RunPolicy
from bot.mindo.client import MindoClient
from bot.service.digest import MindoDigestSource
from bot.store.digests import DigestStore, open_store
from tests.factories import BLACK_FRIDAY_NINE
from tests.fakes.slack_api import FakeSlackApi, serve_slack

DIGESTS = 100
ZONES = ("America/Argentina/Buenos_Aires", "America/Sao_Paulo", "America/Mexico_City")
MINDO_LATENCY = 0.02
KEY = "mindo_bench_key"
#: The one instant every digest is due: 9:00 in Buenos Aires and São Paulo, 6:00 in Mexico City.
DUE = BLACK_FRIDAY_NINE
#: How long after that the runner's pass starts: at most one tick.
TICK = timedelta(seconds=RunPolicy().tick)


async def probe(store: DigestStore, stop: asyncio.Event) -> list[float]:
    """Milliseconds for what `digest list` does before its ack, every 20 ms until stopped."""
    timings = []
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0)
        await store.list_digests()
        timings.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)
    return timings


def summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"n={len(ordered)} median={statistics.median(ordered):.2f} ms p99={p99:.2f} ms max={ordered[-1]:.2f} ms"


async def main() -> None:
    slack = FakeSlackApi()
    for n in range(DIGESTS):
        slack.channels[f"C{n:04d}BENCH"] = "member"
    mindo = FakeMindoApi(
        build_demo_dataset(BLACK_FRIDAY_NINE),
        api_key=KEY,
        behaviour=FakeBehaviour(latency=MINDO_LATENCY),
    )
    with tempfile.TemporaryDirectory() as folder:
        store = await open_store(str(Path(folder) / "bench.db"))
        async with (
            serve_slack(slack),
            serve(mindo) as mindo_url,
            MindoClient(mindo_url, KEY) as client,
        ):
            for n in range(DIGESTS):
                zone = ZONES[n % len(ZONES)]
                local = DUE.astimezone(ZoneInfo(zone))
                digest = apply_change(
                    None,
                    Change(time=(local.hour, local.minute), timezone=zone),
                    channel_id=f"C{n:04d}BENCH",
                    channel_name=f"bench-{n}",
                    user_id="UBENCH",
                    default_language="en",
                    default_timezone="UTC",
                    now=BLACK_FRIDAY_NINE - timedelta(days=1),
                )
                run = digest.schedule.run_on(local.date())
                assert run is not None and run.due == DUE, (zone, run)
                await store.save_digest(digest)

            stop = asyncio.Event()
            idle_probe = asyncio.create_task(probe(store, stop))
            await asyncio.sleep(1.0)
            stop.set()
            idle = await idle_probe

            poster = SlackDigestPoster(
                AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
            )
            # The pass starts one tick's worth after the digests' common minute, and the
            # clock then runs at real speed, as in the app.
            start = time.perf_counter()
            runner = DigestRunner(
                store,
                MindoDigestSource(client),
                poster,
                clock=lambda: DUE + TICK + timedelta(seconds=time.perf_counter() - start),
            )
            stop = asyncio.Event()
            busy_probe = asyncio.create_task(probe(store, stop))
            requests_before = len(mindo.requests)
            started = time.perf_counter()
            outcomes = await runner.run_due()
            elapsed = time.perf_counter() - started
            stop.set()
            busy = await busy_probe
        await store.close()

    results = Counter(o.result for o in outcomes)
    list_requests = [r for r in mindo.requests[requests_before:] if "bulk-sends/?" in r.url]
    print(f"{DIGESTS} digests in {len(ZONES)} zones due at the same minute ({DUE:%H:%M} UTC)")
    print(f"  pass: {elapsed:.2f} s; results: {dict(results)}")
    print(
        f"  Mindo requests: {len(mindo.requests) - requests_before} in all "
        f"({len(list_requests)} bulk-send list pages) at {MINDO_LATENCY * 1000:.0f} ms each"
    )
    print(f"  Slack chat.postMessage calls: {len(slack.calls_to('chat.postMessage'))}")
    print(f"  `digest list` work, idle:        {summary(idle)}")
    print(f"  `digest list` work, during pass: {summary(busy)}")
    # All on time: the app was up at their minute, however long the pass takes.
    assert results[Result.SENT] == DIGESTS, results


if __name__ == "__main__":
    asyncio.run(main())
