"""One post per (channel, send, kind) across processes, crashes and restarts, and the
alerts a channel missed while the app was down, posted once and marked late."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.alerts.poll import AlertPolicy
from bot.domain.alerts import AlertKind, PostState
from bot.domain.sends import Status
from bot.store.alerts import AlertStore, open_alert_store
from tests.alerts.fakes import (
    CHANNEL,
    Died,
    FakeAlertPoster,
    alert_channel,
    mindo_api,
    mindo_source,
    runner,
    send,
)
from tests.factories import BLACK_FRIDAY_NOON, FakeClock

NOW = BLACK_FRIDAY_NOON
SET_UP = NOW - timedelta(days=1)
POLICY = AlertPolicy(interval=60, lease=timedelta(minutes=5))


async def test_a_process_whose_poll_outlived_its_lease_posts_nothing_twice(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    failed = send(1, NOW - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5)
    slow_api, quick_api = mindo_api(NOW, failed), mindo_api(NOW, failed)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    held = asyncio.Event()
    release = asyncio.Event()

    async def stall(url: object) -> None:
        held.set()
        await release.wait()

    slow_api.behaviour.gate = stall
    slow_poster, quick_poster = FakeAlertPoster(clock), FakeAlertPoster(clock)
    async with mindo_source(slow_api) as slow, mindo_source(quick_api) as quick:
        a = runner(alert_store, slow, slow_poster, clock, owner="process-a", policy=POLICY)
        b = runner(alert_store, quick, quick_poster, clock, owner="process-b", policy=POLICY)
        stuck = asyncio.create_task(a.poll())
        await held.wait()
        clock.advance(POLICY.lease + timedelta(seconds=1))  # A's claim on the poll expires
        await b.poll()
        release.set()
        await stuck
    assert len(quick_poster.posts) == 1 and slow_poster.posts == []


async def test_two_processes_polling_at_once_post_once(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    failures = [
        send(n, NOW - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5)
        for n in range(2)
    ]
    api = mindo_api(NOW, *failures)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    await alert_store.save_channel(alert_channel("C0OTHER", since=SET_UP))
    posters = [FakeAlertPoster(clock), FakeAlertPoster(clock)]
    async with mindo_source(api) as source:
        processes = [
            runner(alert_store, source, poster, clock, owner=f"process-{n}", policy=POLICY)
            for n, poster in enumerate(posters)
        ]
        for _ in range(3):
            await asyncio.gather(*(process.poll() for process in processes))
            clock.advance(timedelta(seconds=61))
    posts = [p for poster in posters for p in poster.posts]
    assert sorted((p.channel, p.text) for p in posts) == sorted(
        (channel, "❌ welcome_message failed: 0 of 5 recipients reached")
        for channel in (CHANNEL, "C0OTHER")
        for _ in failures
    )


async def test_a_process_that_died_just_after_posting_is_not_posted_again(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(
        NOW, send(1, NOW - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5)
    )
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)  # one Slack, seen by both processes
    poster.die_after_post.add(CHANNEL)
    async with mindo_source(api) as source:
        dying = runner(alert_store, source, poster, clock, owner="process-a", policy=POLICY)
        with pytest.raises(Died):
            await dying.poll()
        taking_over = runner(alert_store, source, poster, clock, owner="process-b", policy=POLICY)
        clock.advance(timedelta(seconds=61))
        await taking_over.poll()  # A's claims still hold: nothing yet
        clock.advance(POLICY.lease)
        await taking_over.poll()
    assert len(poster.posts) == 1 and poster.lookups == 1
    stored = await alert_store.get_post(CHANNEL, "send-0001", AlertKind.FAILED)
    assert stored is not None and stored.state is PostState.SENT
    assert stored.message_ts == poster.posts[0].ts and stored.owner == "process-b"


async def test_a_restart_posts_nothing_again_and_keeps_updating(db_target: str) -> None:
    clock = FakeClock(NOW)
    partial = send(1, NOW - timedelta(minutes=6), status=Status.PARTIAL, failed=300)
    api = mindo_api(NOW, partial)
    poster = FakeAlertPoster(clock)
    first = await open_alert_store(db_target)
    try:
        await first.save_channel(alert_channel(since=SET_UP))
        async with mindo_source(api) as source:
            await runner(first, source, poster, clock, owner="before", policy=POLICY).poll()
    finally:
        await first.close()
    clock.advance(timedelta(minutes=3))
    api.put(replace(partial, failed_count=310, sent_count=862))
    again = await open_alert_store(db_target)
    try:
        async with mindo_source(api) as source:
            await runner(again, source, poster, clock, owner="after", policy=POLICY).poll()
    finally:
        await again.close()
    [posted] = poster.posts
    [(_, ts, update)] = poster.updates
    assert ts == posted.ts and "310 of 1,172" in update.text


async def test_after_downtime_what_went_wrong_meanwhile_is_posted_once_and_marked_late(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(NOW)
    await alert_store.save_channel(alert_channel(since=NOW - timedelta(days=2)))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        await runner(alert_store, source, poster, clock, policy=POLICY).poll()
    # The app is down for five hours. Meanwhile a send fails; another had failed well
    # before the window (30 hours ago), and a third is stuck in the queue.
    clock.advance(timedelta(hours=5))
    api.put(
        send(1, NOW + timedelta(hours=1), status=Status.FAILED, failed=5, recipients=5),
        send(2, clock() - timedelta(hours=30), status=Status.FAILED, failed=8, recipients=8),
        send(3, NOW + timedelta(hours=2), status=Status.QUEUED),
    )
    async with mindo_source(api) as source:
        restarted = runner(alert_store, source, poster, clock, owner="restarted", policy=POLICY)
        await restarted.poll()
        clock.advance(timedelta(minutes=1))
        await restarted.poll()
    first, second = poster.to(CHANNEL)
    assert first.text.startswith("❌ welcome_message failed: 0 of 5")
    assert "⏰ Late: this happened at 1:05" in first.everything
    assert second.text.startswith("⏳ welcome_message has been waiting in the queue for 3 hours")
    assert "⏰ Late" in second.everything
    assert await alert_store.get_post(CHANNEL, "send-0002", AlertKind.FAILED) is None
