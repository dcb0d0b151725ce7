"""Alerts with 1,000 sends in flight and 50 alert channels: Mindo requests per poll, time per
poll, and whether `/bulksends alerts` answers slow down meanwhile.

The app's side (store, runner, client, poster) runs here; Mindo (the fake API, 20 ms per
request, pages of 100) and Slack (the test fake) run in a second process, as they would on
other machines. The account holds 1,000 running sends (queued and processing, created over
the last five days), 600 finished sends of the last three days, and 20 sends that failed a
minute ago; every channel has alerts on (SQLite in a temporary folder). Three polls a
minute apart (the clock moves by hand; the rest runs at real speed):

1. the 20 failures and the sends already stuck (300 queued for over 30 minutes) are
   claimed and posted: a burst, so one list per channel;
2. nothing changed: the steady state of every minute after;
3. every processing send moved on and 100 stuck sends started: their list messages are
   updated in place, and what happened goes in their threads.

While each poll runs, a probe plays the part of `/bulksends alerts` every 20 ms (an
event-loop turn plus the store reads that command does before its ack, on the commands'
own connection, as the feature has it); the same probe runs once with no poll for
comparison. Plain script:

    uv run python benchmarks/bench_alerts.py
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient

from bot.alerts.manage import AlertChange, apply_alert_change
from bot.alerts.poll import AlertPolicy, PollReport
from bot.alerts.poster import SlackAlertPoster
from bot.alerts.runner import AlertRunner
from bot.demo.api import FakeBehaviour, serve
from bot.domain.sends import BulkSend, Status
from bot.mindo.client import MindoClient
from bot.service.alerts import MindoAlertSource
from bot.store.alerts import AlertStore, open_alert_stores
from tests.alerts.fakes import KEY, mindo_api, send
from tests.factories import BLACK_FRIDAY_NOON, FakeClock
from tests.fakes.slack_api import FakeSlackApi, serve_slack

CHANNELS = 50
IN_FLIGHT = 1000
FINISHED = 600
FAILING = 20
STARTING = 100
MINDO_LATENCY = 0.02
NOW = BLACK_FRIDAY_NOON


def account() -> list[BulkSend]:
    rng = random.Random(11)
    sends = []
    for n in range(IN_FLIGHT):
        created = NOW - timedelta(minutes=rng.uniform(5, 5 * 24 * 60))
        recipients = rng.randint(50, 5000)
        if n % 10 < 3:
            sends.append(send(n, created, status=Status.QUEUED, recipients=recipients))
        else:
            progress = round(rng.uniform(1, 90), 1)
            sends.append(
                send(n, created, status=Status.PROCESSING, progress=progress, recipients=recipients)
            )
    for n in range(IN_FLIGHT, IN_FLIGHT + FINISHED):
        created = NOW - timedelta(minutes=rng.uniform(60, 3 * 24 * 60))
        sends.append(send(n, created, status=Status.COMPLETED, recipients=rng.randint(50, 5000)))
    for n in range(IN_FLIGHT + FINISHED, IN_FLIGHT + FINISHED + FAILING):
        sends.append(
            send(
                n,
                NOW - timedelta(minutes=3),
                status=Status.FAILED,
                failed=40,
                recipients=40,
                completed_at=NOW - timedelta(minutes=1),
            )
        )
    return sends


def moved(sends: list[BulkSend]) -> list[BulkSend]:
    """Every processing send 7 points further, and the first stuck ones started."""
    later = []
    started = 0
    for one in sends:
        if one.status is Status.PROCESSING:
            later.append(replace(one, progress_percentage=min(99.0, one.progress_percentage + 7)))
        elif one.status is Status.QUEUED and started < STARTING:
            started += 1
            later.append(replace(one, status=Status.PROCESSING, progress_percentage=2.0))
    return later


def outside(conn: Connection) -> None:
    """Mindo and Slack, in their own process; the app's process tells them what to do."""

    async def main() -> None:
        sends = account()
        api = mindo_api(NOW, *sends)
        api.behaviour = FakeBehaviour(latency=MINDO_LATENCY)
        slack = FakeSlackApi()
        for n in range(CHANNELS):
            slack.channels[f"C{n:04d}BENCH"] = "member"
        async with serve_slack(slack), serve(api) as mindo_url:
            conn.send((mindo_url, slack.api_url, slack.bot_token))
            loop = asyncio.get_running_loop()
            while True:
                command = await loop.run_in_executor(None, conn.recv)
                if command == "counts":
                    conn.send(
                        (
                            len(api.requests),
                            len(slack.calls_to("chat.postMessage")),
                            len(slack.calls_to("chat.update")),
                            len(slack.problems),
                        )
                    )
                elif command == "move":
                    api.put(*moved(sends))
                    conn.send("moved")
                else:
                    return

    asyncio.run(main())


async def probe(store: AlertStore, clock: FakeClock, stop: asyncio.Event) -> list[float]:
    """Milliseconds for what `alerts` does before its ack, every 20 ms until stopped."""
    timings = []
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0)
        await store.list_channels()
        await store.active_mutes(clock())
        timings.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)
    return timings


def summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"n={len(ordered)} median={statistics.median(ordered):.2f} ms "
        f"p99={p99:.2f} ms max={ordered[-1]:.2f} ms"
    )


async def ask(conn: Connection, command: str) -> object:
    conn.send(command)
    return await asyncio.get_running_loop().run_in_executor(None, conn.recv)


async def counts(conn: Connection) -> tuple[int, int, int, int]:
    """Mindo requests, Slack posts, Slack updates, and messages Slack refused, so far."""
    found = await ask(conn, "counts")
    assert isinstance(found, tuple)
    requests, posts, updates, problems = (int(n) for n in found)
    return requests, posts, updates, problems


async def main() -> None:
    mine, theirs = Pipe()
    fakes = Process(target=outside, args=(theirs,), daemon=True)
    fakes.start()
    mindo_url, slack_url, bot_token = await asyncio.get_running_loop().run_in_executor(
        None, mine.recv
    )
    clock = FakeClock(NOW)
    rows: list[tuple[str, float, int, int, int, PollReport, list[float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        polls, people = await open_alert_stores(str(Path(folder) / "bench.db"))
        async with MindoClient(mindo_url, KEY) as client:
            for n in range(CHANNELS):
                channel = apply_alert_change(
                    None,
                    AlertChange(enabled=True),
                    channel_id=f"C{n:04d}BENCH",
                    channel_name=f"bench-{n}",
                    user_id="UBENCH",
                    default_language=("en", "es", "pt")[n % 3],
                    default_timezone="America/Argentina/Buenos_Aires",
                    now=NOW - timedelta(days=7),
                )
                await people.save_channel(channel)

            stop = asyncio.Event()
            idle_probe = asyncio.create_task(probe(people, clock, stop))
            await asyncio.sleep(1.0)
            stop.set()
            idle = await idle_probe

            poster = SlackAlertPoster(
                AsyncWebClient(token=bot_token, base_url=slack_url), min_interval=0
            )
            runner = AlertRunner(
                polls,
                MindoAlertSource(client),
                poster,
                clock=clock,
                policy=AlertPolicy(interval=60),
            )
            for name in ("new alerts", "steady", "sends moved"):
                requests, posts, updates, _ = await counts(mine)
                stop = asyncio.Event()
                busy_probe = asyncio.create_task(probe(people, clock, stop))
                started = time.perf_counter()
                report = await runner.poll()
                elapsed = time.perf_counter() - started
                stop.set()
                busy = await busy_probe
                assert report is not None
                now_requests, now_posts, now_updates, problems = await counts(mine)
                assert problems == 0, "Slack refused a message"
                rows.append(
                    (
                        name,
                        elapsed,
                        now_requests - requests,
                        now_posts - posts,
                        now_updates - updates,
                        report,
                        busy,
                    )
                )
                clock.advance(timedelta(seconds=61))
                if name == "steady":
                    await ask(mine, "move")
        await polls.close()
        await people.close()
    mine.send("quit")
    fakes.join(10)

    print(
        f"{IN_FLIGHT} sends in flight, {FINISHED} finished in the last 3 days, "
        f"{FAILING} just failed; {CHANNELS} alert channels; Mindo at "
        f"{MINDO_LATENCY * 1000:.0f} ms a request, pages of 100"
    )
    for name, elapsed, requests, posts, updates, report, busy in rows:
        print(f"  poll ({name}): {elapsed:.2f} s, {requests} Mindo requests")
        print(
            f"    {len(report.posted)} alerts posted in {posts} Slack messages; "
            f"{updates} messages updated in place"
        )
        print(f"    `alerts` work meanwhile: {summary(busy)}")
    print(f"  `alerts` work, idle:     {summary(idle)}")


if __name__ == "__main__":
    asyncio.run(main())
