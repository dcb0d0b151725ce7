"""The work per record: 100,000 sends (1,000 pages of 100) with Mindo answering at once.

With no latency to hide behind, an answer's time is its own work: decoding and checking
each record, the client's merging and date filtering, and the report's grouping (by
status, by template) and totals. Timed in CPU seconds of this process (the imitation
of Mindo runs in a second one), for the account's answer (what Slack shows, from the
same ``Answer``) and for ``ask --format json``, which also writes every send out.

Peak memory: the most Python had allocated at once while answering (tracemalloc, in a
run of its own since tracing slows everything), and the process's peak resident size.
Also printed: the report alone on the 100,000 sends (sorting, grouping, totals), which
is what grouping a big answer costs.

Target: the answer under 1 s of CPU. The script exits 1 when it is missed.

Usage: uv run python benchmarks/bench_volume.py [--sends 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import io
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection

from bot.app import open_account
from bot.cli.main import main as cli
from bot.demo.api import FakeBehaviour, FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from bot.query.model import BulkSendQuery
from bot.report import summarise
from bot.service.questions import Answer
from bot.settings import MindoSettings, Secret

#: A Friday in November: "this year" holds the demo account's 90 days of sends.
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
TZ = "America/Argentina/Buenos_Aires"
QUESTION = "this year"
KEY = "mindo_bench_key_not_a_secret"
TARGET_CPU = 1.0


def outside(conn: Connection, sends: int) -> None:
    asyncio.run(_outside(conn, sends))


async def _outside(conn: Connection, sends: int) -> None:
    demo = build_demo_dataset(NOW, finished_sends=sends)
    dataset = replace(demo, sends=demo.sends[:sends])
    mindo = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(page_size_cap=100))
    async with serve(mindo) as url:
        conn.send(url)
        await asyncio.to_thread(conn.recv)
    conn.send(mindo.max_in_flight)


async def answer(url: str, keep: list[Answer] | None = None) -> int:
    """The account's answer to the question; returns how many sends it counts.

    (Not the answer itself: on Python 3.11 ``asyncio.run`` writes out the repr of what
    its coroutine returns when it puts back the Ctrl-C handler, 100,000 sends and all.)
    """
    settings = MindoSettings(url, Secret(KEY), max_concurrency=8, page_size=100)
    async with open_account(settings, lambda: NOW) as account:
        query = await account.parse(QUESTION, TZ)
        assert isinstance(query, BulkSendQuery)
        result = await account.answer(query)
    if keep is not None:
        keep.append(result)
    return result.report.totals.bulk_sends


def time_report(url: str, count: int, runs: int) -> list[tuple[float, float]]:
    """The report alone, on a first answer's sends (that answer is not timed)."""
    kept: list[Answer] = []
    assert asyncio.run(answer(url, kept)) == count, "incomplete answer"
    sends = kept[0].report.sends
    return [cpu_seconds(lambda: summarise(sends)) for _ in range(runs)]


def cpu_seconds(work: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall seconds ``work`` took."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    gc.freeze()  # start-up's objects, out of the collector's way, as `bulksends` does

    conn, theirs = Pipe()
    process = Process(target=outside, args=(theirs, args.sends))
    process.start()
    url = conn.recv()
    env = {"MINDO_API_URL": url, "MINDO_API_KEY": KEY}
    argv = ["ask", QUESTION, "--format", "json", "--now", NOW.isoformat(), "--tz", TZ]
    try:
        reports = time_report(url, args.sends, args.runs)  # also the untimed first answer
        tracemalloc.start()
        asyncio.run(answer(url))
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        answers = [cpu_seconds(lambda: asyncio.run(answer(url))) for _ in range(args.runs)]
        rss_answer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        printed = [
            cpu_seconds(lambda: cli(argv, io.StringIO(), io.StringIO(), env))
            for _ in range(args.runs)
        ]
        rss_printed = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        conn.send("stop")
        in_flight = conn.recv()
        process.join(10)

    def median(timings: list[tuple[float, float]], which: int) -> float:
        return statistics.median(t[which] for t in timings)

    cpu = median(answers, 0)
    print(f"{args.sends:,} sends in {args.sends // 100:,} pages of 100, 0 ms latency")
    verdict = "ok" if cpu < TARGET_CPU else f"over the {TARGET_CPU:g} s target"
    print(
        f"  the answer (parse, fetch, report)   {cpu:5.2f} s CPU  "
        f"({cpu / args.sends * 1e6:.1f} us a send; wall {median(answers, 1):.2f} s)  {verdict}"
    )
    print(
        f"  ask --format json, all of it       {median(printed, 0):5.2f} s CPU  "
        f"(wall {median(printed, 1):.2f} s)"
    )
    print(f"  the report alone (group, total)    {median(reports, 0) * 1000:5.0f} ms CPU")
    print(f"  peak Python memory while answering {traced_peak / 2**20:5.0f} MiB (tracemalloc)")
    print(
        f"  peak resident size of the process  {rss_answer / 1024:5.0f} MiB answering, "
        f"{rss_printed / 1024:.0f} MiB with the JSON printed"
    )
    print(f"  most requests in flight at Mindo   {in_flight:5d} (limit 8)")
    return 0 if cpu < TARGET_CPU and in_flight <= 8 else 1


if __name__ == "__main__":
    sys.exit(main())
