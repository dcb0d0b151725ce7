"""500 workspaces installed in one running app: memory, a command's latency, a digest pass
and an alerts pass.

The app runs as ``bulksends run --http`` builds it when distributed (SLACK_CLIENT_ID & co.),
alone in this process, over a SQLite file holding 500 installations (sealed bot tokens)
and 500 Mindo keys (sealed), each workspace with one digest and one channel with alerts on.
Everything outside it runs in
a second process, as it would on other machines: the fake Slack, which knows every
workspace's token, and 500 fake Mindo accounts behind one address (20 ms per request),
one key each.

Measured:
- memory: the app's resident size at start, and after every workspace has asked once
  (each workspace's account, Mindo client, caches and people directory then in memory);
- a command's latency, ack and answer, for each workspace's first command (its account is
  built from the stored key, Bolt's authorize calls auth.test once for its token, users.info
  once for the person) and for a later one, 20 commands in flight at a time;
- one digest pass with every workspace's digest due (500 Mindo reads, 500 posts, each
  with its own workspace's token), and the pass every 30 s after that, with nothing due;
- one alerts pass across every workspace (each claims its poll, reads its own account
  once and posts what it finds with its own token), and the pass a poll interval later,
  when nothing has changed: the steady state of every minute.

Targets: acks as fast as one workspace's; a digest pass with everyone due within the
30 s tick; an alerts pass within the poll interval (BULKSENDS_ALERT_POLL_S, 60 s).

Usage: uv run python benchmarks/bench_workspaces.py [workspaces]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path

import aiohttp
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.alerts.every_workspace import AlertPasses
from bot.alerts.manage import AlertChange, apply_alert_change
from bot.alerts.poll import AlertPolicy
from bot.alerts.poster import SlackAlertPoster
from bot.alerts.slack import workspace_alerts
from bot.app import running_app
from bot.demo.accounts import FakeMindoAccounts, company_dataset
from bot.demo.api import FakeBehaviour, FakeMindoApi, serve
from bot.digest.every_workspace import WORKSPACES_AT_ONCE, DigestPasses
from bot.digest.poster import SlackDigestPoster
from bot.digest.runner import RunPolicy
from bot.digest.slack import workspace_digests
from bot.domain.workspaces import WorkspaceRef
from bot.settings import Secret, load_app_settings
from bot.slack.http import EVENTS_PATH
from bot.slack.services import AppServices
from bot.store.alerts import open_alert_store
from bot.store.connections import open_connection_store
from bot.store.digests import open_store
from bot.store.installations import SlackStores
from bot.store.sealing import SecretBox, new_secret_key
from tests.factories import WEDNESDAY_LUNCHTIME, FakeClock, make_digest
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.workspace_requests import From, command
from tests.slack.harness import SIGNING_SECRET, clock

MINDO_LATENCY = 0.02
#: Seconds between two reads of an account for alerts (BULKSENDS_ALERT_POLL_S's default).
ALERT_INTERVAL = 60
IN_FLIGHT = int(os.environ.get("BENCH_IN_FLIGHT", "20"))
QUESTIONS = ("failed last week", "fallidos ayer", "com problemas este mês", "last 30 days")
ZONES = ("America/Argentina/Buenos_Aires", "America/Mexico_City", "America/Sao_Paulo")
KEY = new_secret_key()


def team(n: int) -> str:
    return f"TBENCH{n:04d}"


def rss_mb() -> float:
    """This process's resident memory, in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"median {statistics.median(ordered):6.1f} ms  p95 {p95:6.1f} ms  max {ordered[-1]:6.1f} ms"
    )


# --- outside: Slack, Mindo and the people asking -----------------------------------------


def outside(conn: Connection, count: int) -> None:
    asyncio.run(_outside(conn, count))


async def _outside(conn: Connection, count: int) -> None:
    slack = FakeSlackApi()
    slack.channels["C1"] = "member"
    datasets = [
        company_dataset(WEDNESDAY_LUNCHTIME, seed=7 + s, name=f"Company {s}", timezone=ZONES[s % 3])
        for s in range(5)
    ]
    behaviour = FakeBehaviour(latency=MINDO_LATENCY)
    apis = []
    tokens = {}
    for n in range(count):
        tokens[team(n)] = slack.install(f"code{n}", team(n), team_name=f"Company {n}")
        slack.add_user(f"U{team(n)[1:]}", team=team(n), tz=ZONES[n % 3], locale="en-US")
        key = f"mindo_bench_{n:04d}_key"
        apis.append(FakeMindoApi(datasets[n % 5], api_key=key, behaviour=behaviour))
    mindo = FakeMindoAccounts(apis)
    async with serve_slack(slack), serve(mindo) as mindo_url:
        conn.send((slack.api_url, mindo_url, slack.client_id, slack.client_secret, tokens))
        app_url = await asyncio.to_thread(conn.recv)
        results = []
        for phase in ("first", "later"):
            results.append((phase, await _commands(slack, app_url, count)))
            conn.send("done")
            await asyncio.to_thread(conn.recv)  # the app measures its memory
        conn.send(results)
        # Then the app's passes: before and after each, what Slack and Mindo have seen.
        while await asyncio.to_thread(conn.recv) == "count":
            posts = slack.calls_to("chat.postMessage")
            conn.send(
                Seen(
                    mindo=sum(len(api.requests) for api in apis),
                    posts=len(posts),
                    updates=len(slack.calls_to("chat.update")),
                    teams=frozenset(str(c.team) for c in posts),
                )
            )
        assert slack.problems == [], slack.problems[:3]


@dataclass(frozen=True)
class Seen:
    """What the outside has served so far: Mindo requests, posts, updates, who posted."""

    mindo: int
    posts: int
    updates: int
    teams: frozenset[str]

    def __sub__(self, before: Seen) -> Seen:
        return Seen(
            self.mindo - before.mindo,
            self.posts - before.posts,
            self.updates - before.updates,
            self.teams,
        )


async def _commands(
    slack: FakeSlackApi, app_url: str, count: int
) -> tuple[list[float], list[float]]:
    """One command from each workspace, IN_FLIGHT at a time: ack and answer times (ms)."""
    slots = asyncio.Semaphore(IN_FLIGHT)
    acks: list[float] = []
    answers: list[float] = []

    async def one(session: aiohttp.ClientSession, n: int) -> None:
        async with slots:
            url = slack.response_url()
            request = command(
                QUESTIONS[n % len(QUESTIONS)],
                From(team(n)),
                user=f"U{team(n)[1:]}",
                channel="C1",
                response_url=url,
            )
            started = time.perf_counter()
            async with session.post(
                app_url + EVENTS_PATH, data=request.body, headers=request.headers(SIGNING_SECRET)
            ) as response:
                assert response.status == 200
                await response.read()
            acks.append((time.perf_counter() - started) * 1000)
            await slack.wait_for_response(url)
            answers.append((time.perf_counter() - started) * 1000)

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(one(session, n) for n in range(count)))
    return acks, answers


# --- inside: the app -----------------------------------------------------------------------


async def install_everyone(db: str, client_id: str, tokens: dict[str, str], count: int) -> None:
    """What 500 installs and 500 connected keys leave in the database."""
    box = SecretBox(Secret(KEY))
    connections = await open_connection_store(db, box)
    stores = SlackStores(db, client_id=client_id, box=box)
    digests = await open_store(db)
    alerts = await open_alert_store(db)
    try:
        for n in range(count):
            await stores.installations.async_save(
                Installation(
                    app_id="A0FAKE",
                    team_id=team(n),
                    team_name=f"Company {n}",
                    bot_token=tokens[team(n)],
                    bot_user_id="UBOT",
                    user_id="UINSTALLER",
                )
            )
            workspace = WorkspaceRef(team(n), team(n))
            await connections.save(
                workspace,
                Secret(f"mindo_bench_{n:04d}_key"),
                company=f"Company {n}",
                by="UADMIN",
                now=WEDNESDAY_LUNCHTIME,
            )
            digest = make_digest("C1", hour=9, tz=ZONES[n % 3], since=clock() - timedelta(days=7))
            await digests.for_team(team(n)).save_digest(digest)
            channel = apply_alert_change(
                None,
                AlertChange(enabled=True),
                channel_id="C1",
                channel_name="campaigns",
                user_id="UADMIN",
                default_language=("en", "es", "pt")[n % 3],
                default_timezone=ZONES[n % 3],
                now=clock() - timedelta(days=7),
            )
            await alerts.for_team(team(n)).save_channel(channel)
    finally:
        await alerts.close()
        await digests.close()
        await stores.close()
        await connections.close()


async def main(count: int) -> None:
    conn, theirs = Pipe()
    process = Process(target=outside, args=(theirs, count))
    process.start()
    api_url, mindo_url, client_id, client_secret, tokens = await asyncio.to_thread(conn.recv)
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        started = time.perf_counter()
        await install_everyone(db, client_id, tokens, count)
        installed_in = time.perf_counter() - started
        environment = {
            "SLACK_CLIENT_ID": client_id,
            "SLACK_CLIENT_SECRET": client_secret,
            "BULKSENDS_SECRET_KEY": KEY,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": api_url,
            "MINDO_API_URL": mindo_url,
            "BULKSENDS_DB": db,
        }
        settings = load_app_settings(environment, http=True, demo=False)
        async with running_app(settings, clock=clock, host="127.0.0.1", port=0, features=[]) as app:
            assert app.distribution is not None
            memory = [rss_mb()]
            conn.send(app.url)
            for _ in range(2):
                await asyncio.to_thread(conn.recv)
                memory.append(rss_mb())
                conn.send("measured")
            results = await asyncio.to_thread(conn.recv)
            accounts = len(app.distribution.accounts)
            seen = await seen_so_far(conn)
            store = await open_store(db)
            try:
                passes = DigestPasses(
                    store,
                    lambda workspace: workspace_digests(app.services, SlackDigestPoster, workspace),
                    clock=clock,
                    policy=RunPolicy(),
                    at_once=int(os.environ.get("BENCH_AT_ONCE", str(WORKSPACES_AT_ONCE))),
                )
                started = time.perf_counter()
                outcomes = await passes.run_due()
                full_pass = time.perf_counter() - started
                started = time.perf_counter()
                again = await passes.run_due()
                idle_pass = time.perf_counter() - started
            finally:
                await store.close()
            digest_seen, seen = await seen_so_far(conn) - seen, await seen_so_far(conn)
            alert_rows = await alert_passes(app.services, db, conn, seen)
            conn.send("bye")
    process.join(30)

    print(
        f"{count} workspaces installed in one process (Mindo at {MINDO_LATENCY * 1000:.0f} ms "
        f"per request; {IN_FLIGHT} commands in flight)"
    )
    print(f"  preparing the database (sealed tokens and keys, digests): {installed_in:.1f} s")
    start, after_first, after_later = memory
    print(
        f"  memory: {start:.0f} MB at start, {after_first:.0f} MB with {accounts} accounts "
        f"in use (+{(after_first - start) / count * 1000:.0f} kB per workspace), "
        f"{after_later:.0f} MB after a second command each"
    )
    for phase, (acks, answers) in results:
        print(f"  {phase} command per workspace: ack {percentiles(acks)}")
        print(f"  {' ' * len(phase)}                      answer {percentiles(answers)}")
    print(
        f"  digest pass, all {count} due: {full_pass:.2f} s, {len(outcomes)} posted "
        f"({digest_seen.posts} chat.postMessage from {len(digest_seen.teams)} workspaces' own "
        f"tokens), {digest_seen.mindo} Mindo requests"
    )
    print(f"  digest pass, nothing left due: {idle_pass * 1000:.1f} ms ({len(again)} runs)")
    for name, elapsed, polled, alerts, done in alert_rows:
        print(
            f"  alerts pass, {name}: {elapsed:.2f} s, {polled} workspaces polled, {alerts} "
            f"alerts, {done.mindo} Mindo requests, {done.posts} posts, {done.updates} updates"
        )


async def seen_so_far(conn: Connection) -> Seen:
    conn.send("count")
    seen: Seen = await asyncio.to_thread(conn.recv)
    return seen


async def alert_passes(
    services: AppServices, db: str, conn: Connection, seen: Seen
) -> list[tuple[str, float, int, int, Seen]]:
    """Two alerts passes across every workspace, a poll interval apart: the first finds
    what each account holds (and posts it), the second is every minute after."""
    alerts_clock = FakeClock(clock())
    polls = await open_alert_store(db)
    rows = []
    try:
        passes = AlertPasses(
            polls,
            partial(workspace_alerts, services, SlackAlertPoster),
            clock=alerts_clock,
            policy=AlertPolicy(interval=ALERT_INTERVAL),
        )
        for name in ("first", "steady"):
            started = time.perf_counter()
            reports = await passes.poll()
            elapsed = time.perf_counter() - started
            now = await seen_so_far(conn)
            alerts = sum(len(report.posted) + report.held for report in reports.values())
            rows.append((name, elapsed, len(reports), alerts, now - seen))
            seen = now
            alerts_clock.advance(timedelta(seconds=ALERT_INTERVAL + 1))
    finally:
        await polls.close()
    return rows


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
