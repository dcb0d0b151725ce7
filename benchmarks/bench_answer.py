"""A big account end to end: 60 pages of 100 sends, Mindo answering each in 50 ms.

Three ways a person gets the same answer, each timed from the question to the last
byte of the answer and put beside two figures:

- the floor: what any client allowed 8 requests in flight must wait, page 1 alone and
  then the other pages in rounds of 8: latency x (1 + ceil((pages - 1) / 8));
- the naive baseline: following ``next`` one page at a time.

The ways: ``bulksends ask "this year" --format json`` and ``--format blocks`` (called
in-process through ``bot.cli.main.main``, so Python's start-up, measured by
``bench_startup.py``, is left out; ``--tz`` is given, as ``BULKSENDS_TZ`` would be,
else the company's zone is read first: one round trip more), and the Slack answer
path: a signed ``/bulksends this year`` reaching the app in HTTP mode until the answer
is posted to the response_url (the asker's profile already cached, as for every
command after a person's first in the hour).

Mindo and Slack are imitations on loopback in a second process, as they would be on
other machines. The fake counts the requests it holds at once: never more than 8 (the
client stays polite). Target: each way within 1.2x the floor; the script exits 1 when
one is missed.

Usage: uv run python benchmarks/bench_answer.py [--runs 5] [--pages 60] [--latency 0.05]
       [--no-naive]     (for 300 pages at 200 ms: --pages 300 --latency 0.2 --no-naive)
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import math
import statistics
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from typing import Any

import aiohttp

from bot.app import running_app
from bot.cli.main import main as cli
from bot.demo.api import FakeBehaviour, FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from bot.settings import AppSettings, MindoSettings, Secret, SlackSettings
from bot.slack.http import EVENTS_PATH
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.slack_requests import slash_command

PAGE_SIZE = 100
CONCURRENCY = 8
TARGET = 1.2
#: A Friday in November: "this year" holds the demo account's 90 days of sends.
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
TZ = "America/Argentina/Buenos_Aires"
QUESTION = "this year"
KEY = "mindo_bench_key_not_a_secret"
SIGNING_SECRET = "bench0signing0secret0not0secret0"
USER = "UBENCHMARK"


@dataclass(frozen=True)
class Setup:
    pages: int
    latency: float
    runs: int

    @property
    def sends(self) -> int:
        return self.pages * PAGE_SIZE

    @property
    def floor(self) -> float:
        return self.latency * (1 + math.ceil((self.pages - 1) / CONCURRENCY))


# --- The outside world: Mindo and Slack, in their own process -----------------------


def outside(conn: Connection, setup: Setup) -> None:
    asyncio.run(_outside(conn, setup))


async def _outside(conn: Connection, setup: Setup) -> None:
    demo = build_demo_dataset(NOW, finished_sends=setup.sends)
    dataset = replace(demo, sends=demo.sends[: setup.sends])
    behaviour = FakeBehaviour(page_size_cap=PAGE_SIZE, latency=setup.latency)
    mindo = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    slack = FakeSlackApi()
    slack.add_user(USER, tz=TZ)
    slack.channels["C1"] = "member"
    async with serve_slack(slack), serve(mindo) as mindo_url:
        conn.send((slack.bot_token, slack.api_url, mindo_url))
        while True:
            request = await asyncio.to_thread(conn.recv)
            if request[0] == "slack":
                conn.send(await _slack_answers(slack, request[1], setup))
            elif request[0] == "in flight":
                conn.send(mindo.max_in_flight)
            else:
                break
    assert slack.problems == [], slack.problems


async def _slack_answers(slack: FakeSlackApi, app_url: str, setup: Setup) -> list[float]:
    """Command sent -> answer posted to the response_url, in seconds; the first is untimed."""
    timings = []
    async with aiohttp.ClientSession() as session:
        for _ in range(setup.runs + 1):
            url = slack.response_url()
            request = slash_command(QUESTION, user=USER, channel="C1", response_url=url)
            started = time.perf_counter()
            async with session.post(
                app_url + EVENTS_PATH, data=request.body, headers=request.headers(SIGNING_SECRET)
            ) as response:
                assert response.status == 200
                await response.read()
            answer = await slack.wait_for_response(url)
            timings.append(time.perf_counter() - started)
            assert f"{setup.sends:,}" in json.dumps(answer), "not the whole answer"
    return timings[1:]


# --- The three ways, and the naive baseline -------------------------------------------


def time_cli(fmt: str, mindo_url: str, setup: Setup) -> list[float]:
    env = {"MINDO_API_URL": mindo_url, "MINDO_API_KEY": KEY}
    argv = ["ask", QUESTION, "--format", fmt, "--now", NOW.isoformat(), "--tz", TZ]
    timings = []
    for _ in range(setup.runs + 1):
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        code = cli(argv, out, err, env)
        timings.append(time.perf_counter() - started)
        assert code == 0, err.getvalue()
        answer = json.loads(out.getvalue())
        if fmt == "json":
            assert len(answer["bulk_sends"]) == setup.sends, "incomplete answer"
    return timings[1:]


async def time_slack(conn: Connection, slack: tuple[str, str], mindo_url: str) -> list[float]:
    bot_token, api_url = slack
    settings = AppSettings(
        slack=SlackSettings(
            mode="http",
            bot_token=Secret(bot_token),
            signing_secret=Secret(SIGNING_SECRET),
            app_token=None,
            api_url=api_url,
        ),
        mindo=MindoSettings(mindo_url, Secret(KEY), max_concurrency=CONCURRENCY, page_size=100),
        store_target=":memory:",
        admins=frozenset(),
        env_digest=None,
        log_level="WARNING",
    )
    # The app as `bulksends run --http` builds it (the digest aside: it is not measured here).
    async with running_app(
        settings, clock=lambda: NOW, host="127.0.0.1", port=0, features=[]
    ) as app:
        conn.send(("slack", app.url))
        timings: list[float] = await asyncio.to_thread(conn.recv)
    return timings


async def time_naive(mindo_url: str, setup: Setup) -> list[float]:
    """Follow ``next`` until it runs out, one request at a time."""
    timings = []
    async with aiohttp.ClientSession(headers={"X-API-Key": KEY}) as session:
        for _ in range(setup.runs):
            count = 0
            url: str | None = f"{mindo_url}/api/v1/meta-templates/bulk-sends/?page_size=100"
            started = time.perf_counter()
            while url:
                async with session.get(url) as response:
                    body: dict[str, Any] = await response.json()
                count += len(body["results"])
                url = body["next"]
            timings.append(time.perf_counter() - started)
            assert count == setup.sends, "incomplete naive read"
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--no-naive", action="store_true")
    args = parser.parse_args()
    setup = Setup(pages=args.pages, latency=args.latency, runs=args.runs)

    conn, theirs = Pipe()
    process = Process(target=outside, args=(theirs, setup))
    process.start()
    bot_token, api_url, mindo_url = conn.recv()
    try:
        results = {
            "ask --format json": time_cli("json", mindo_url, setup),
            "ask --format blocks": time_cli("blocks", mindo_url, setup),
            "Slack: command -> answer": asyncio.run(
                time_slack(conn, (bot_token, api_url), mindo_url)
            ),
        }
        naive = None if args.no_naive else asyncio.run(time_naive(mindo_url, setup))
        conn.send(("in flight",))
        in_flight = conn.recv()
    finally:
        conn.send(("stop",))
        process.join(10)

    floor = setup.floor
    print(
        f"{setup.sends:,} sends in {setup.pages} pages of {PAGE_SIZE}, "
        f"{setup.latency * 1000:.0f} ms a request, {CONCURRENCY} in flight; "
        f"median of {setup.runs}"
    )
    print(f"  {'floor':<26} {floor * 1000:7.0f} ms")
    missed = []
    for name, timings in results.items():
        median = statistics.median(timings)
        ratio = median / floor
        verdict = "ok" if ratio <= TARGET else f"over {TARGET}x"
        print(
            f"  {name:<26} {median * 1000:7.0f} ms  {ratio:5.2f}x the floor  ({verdict}; "
            f"best {min(timings) * 1000:.0f} ms)"
        )
        if ratio > TARGET:
            missed.append(name)
    if naive is not None:
        median = statistics.median(naive)
        print(f"  {'naive: follow next':<26} {median * 1000:7.0f} ms  {median / floor:5.2f}x")
    print(f"  most requests in flight at Mindo: {in_flight} (limit {CONCURRENCY})")
    if in_flight > CONCURRENCY:
        missed.append("politeness")
    if missed:
        print(f"MISSED the target: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
