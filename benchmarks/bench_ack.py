"""How fast /bulksends is acknowledged when 50 commands arrive together.

The app runs in HTTP mode on loopback, alone in its process. Everything outside it (the
fake Slack with users.info at 100 ms and response_urls, the fake Mindo at 50 ms per
request, and the 50 signed slash commands sent at once from 50 different users) runs in a
second process, as it would on other machines. Each command's ack time is its HTTP round trip. A first
burst finds every profile uncached (one users.info per user); a second burst from the same
users finds them cached, as every command after a user's first in the hour does. Also
printed: when the last of the 50 answers reached its response_url. Slack allows 3 s for
the ack; the target is well under 100 ms at p95 in both cases: an uncached profile is
waited for only ``SlackServices.ack_wait`` (30 ms) (it decides whether help or a refusal
can be the ack itself), then the empty ack goes and the answer waits for users.info instead.

Each round has new people, so its first burst is really uncached; several rounds show how
much a busy machine moves the numbers.

Usage: uv run python benchmarks/bench_ack.py [commands] [rounds]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection

import aiohttp

from bot.app import running_app
from bot.demo.api import FakeBehaviour, FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from bot.settings import AppSettings, MindoSettings, Secret, SlackSettings
from bot.slack.http import EVENTS_PATH
from tests.factories import WEDNESDAY_LUNCHTIME
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.slack_requests import slash_command
from tests.slack.harness import MINDO_KEY, SIGNING_SECRET, clock

QUESTIONS = (
    "failed last week",
    "fallidos ayer",
    "com problemas este mês",
    "partial or failed last 30 days",
    "welcome_message this month",
)
MINDO_LATENCY = 0.05
#: A users.info round trip to Slack's servers, as seen from a typical host.
USERS_INFO_LATENCY = 0.1
TARGET_MS = 100.0


async def burst(slack: FakeSlackApi, app_url: str, users: list[str]) -> tuple[list[float], float]:
    """Ack times (ms) of one command per user sent together, and when the last answer came."""

    async def one(session: aiohttp.ClientSession, n: int, user: str) -> tuple[float, str]:
        url = slack.response_url()
        question = QUESTIONS[n % len(QUESTIONS)]
        request = slash_command(question, user=user, channel="C1", response_url=url)
        started = time.perf_counter()
        async with session.post(
            app_url + EVENTS_PATH, data=request.body, headers=request.headers(SIGNING_SECRET)
        ) as response:
            assert response.status == 200
            await response.read()
        return (time.perf_counter() - started) * 1000, url

    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        results = await asyncio.gather(*(one(session, n, u) for n, u in enumerate(users)))
    await asyncio.gather(*(slack.wait_for_response(url) for _, url in results))
    return [ms for ms, _ in results], (time.perf_counter() - started) * 1000


def describe(label: str, acks: list[float], answered: float) -> str:
    ordered = sorted(acks)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    verdict = "ok" if p95 < TARGET_MS else f"over the {TARGET_MS:.0f} ms target"
    return (
        f"{label:<25} ack median {statistics.median(ordered):6.1f} ms  p95 {p95:6.1f} ms  "
        f"max {ordered[-1]:6.1f} ms  ({verdict});  all answered after {answered:7.1f} ms"
    )


def outside(conn: Connection, count: int, rounds: int) -> None:
    """Slack, Mindo and the people typing, in a process of their own as in real life."""
    asyncio.run(_outside(conn, count, rounds))


async def _outside(conn: Connection, count: int, rounds: int) -> None:
    slack = FakeSlackApi()
    people = [[f"UBENCH{r}X{n:03d}" for n in range(count)] for r in range(rounds)]
    for n, user in enumerate([*(u for users in people for u in users), "UWARMUP"]):
        slack.add_user(user, locale=("en-US", "es-LA", "pt-BR")[n % 3])
    slack.channels["C1"] = "member"
    slack.delays["users.info"] = USERS_INFO_LATENCY
    behaviour = FakeBehaviour(latency=MINDO_LATENCY)
    mindo = FakeMindoApi(
        build_demo_dataset(WEDNESDAY_LUNCHTIME), api_key=MINDO_KEY, behaviour=behaviour
    )
    async with serve_slack(slack), serve(mindo) as mindo_url:
        conn.send((slack.bot_token, slack.api_url, mindo_url))
        app_url = await asyncio.to_thread(conn.recv)
        # What a running app has done before its first command: Bolt's one auth.test.
        await burst(slack, app_url, ["UWARMUP"])
        results = []
        for users in people:  # new people each round, so each cold burst is really cold
            results.append((await burst(slack, app_url, users), await burst(slack, app_url, users)))
        conn.send(results)
        assert slack.problems == [], slack.problems


async def main(count: int, rounds: int) -> None:
    conn, theirs = Pipe()
    process = Process(target=outside, args=(theirs, count, rounds))
    process.start()
    bot_token, api_url, mindo_url = await asyncio.to_thread(conn.recv)
    settings = AppSettings(
        slack=SlackSettings(
            mode="http",
            bot_token=Secret(bot_token),
            signing_secret=Secret(SIGNING_SECRET),
            app_token=None,
            api_url=api_url,
        ),
        mindo=MindoSettings(mindo_url, Secret(MINDO_KEY), max_concurrency=8, page_size=100),
        store_target=":memory:",
        admins=frozenset(),
        env_digest=None,
        log_level="WARNING",
    )
    # The app as `bulksends run --http` builds it (the digest aside: it is not measured here).
    async with running_app(settings, clock=clock, host="127.0.0.1", port=0, features=[]) as app:
        services = app.services
        conn.send(app.url)
        results = await asyncio.to_thread(conn.recv)
    process.join(10)
    print(
        f"{count} commands at once, Mindo at {MINDO_LATENCY * 1000:.0f} ms per request, "
        f"Slack's users.info at {USERS_INFO_LATENCY * 1000:.0f} ms"
    )
    for n, (cold, warm) in enumerate(results, 1):
        print(describe(f"{n}: profiles not cached:", *cold))
        print(describe(f"{n}: profiles cached:", *warm))
    print(
        f"(a first command per user and hour waits at most {services.ack_wait * 1000:.0f} ms "
        "for users.info before acknowledging without dates; later ones use the cache)"
    )


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*arguments, *(50, 3)[len(arguments) :]))
