"""Each kind of alert, and nothing for a healthy send: the runner over the real store (both
databases), the real Mindo client and a fake Mindo account whose sends change between
polls, with an injected clock."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.alerts.poll import AlertPolicy
from bot.domain.alerts import AlertKind, PostState
from bot.domain.sends import Status
from bot.store.alerts import AlertStore
from tests.alerts.fakes import (
    CHANNEL,
    FakeAlertPoster,
    alert_channel,
    mindo_api,
    mindo_source,
    runner,
    send,
    set_phones,
)
from tests.factories import BLACK_FRIDAY_NOON, FakeClock, make_phone

NOW = BLACK_FRIDAY_NOON
SET_UP = NOW - timedelta(days=1)


async def test_a_failed_send_is_one_alert_with_its_headline_reasons_and_buttons(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    failed = send(1, NOW - timedelta(minutes=8), status=Status.FAILED, failed=1172)
    api = mindo_api(NOW, failed)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        report = await runner(alert_store, source, poster, clock).poll()
    assert report is not None and report.posted == [(CHANNEL, failed.id, AlertKind.FAILED)]
    [posted] = poster.to(CHANNEL)
    assert posted.text == "❌ welcome_message failed: 0 of 1,172 recipients reached"
    everything = posted.everything
    assert "Why messages failed:" in everything
    for action in ("details", "alert_mute_template", "alert_mute_alerts"):
        assert f"'action_id': '{action}'" in everything
    assert "⏰" not in everything  # on time
    stored = await alert_store.get_post(CHANNEL, failed.id, AlertKind.FAILED)
    assert stored is not None and stored.state is PostState.SENT
    assert stored.message_ts == posted.ts


async def test_nothing_for_healthy_sends(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    healthy = [
        send(1, NOW - timedelta(hours=2), status=Status.COMPLETED),
        send(2, NOW - timedelta(hours=1), status=Status.PARTIAL, failed=100),  # 8.5% < 10%
        send(3, NOW - timedelta(minutes=10), status=Status.QUEUED),  # not 30 min yet
        send(4, NOW - timedelta(hours=3), status=Status.CANCELLED),
    ]
    moving = send(5, NOW - timedelta(hours=1), status=Status.PROCESSING, progress=20.0)
    api = mindo_api(NOW, *healthy, moving)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        for progress in (30.0, 45.0, 60.0):  # they keep moving, poll after poll
            await alerts.poll()
            clock.advance(timedelta(minutes=20))
            api.put(
                replace(moving, progress_percentage=progress),
                replace(healthy[2], status=Status.PROCESSING, progress_percentage=progress),
            )
        await alerts.poll()
    assert poster.posts == [] and poster.updates == []


async def test_partial_at_the_threshold_alerts_and_the_channel_sets_the_threshold(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    partial = send(1, NOW - timedelta(minutes=30), status=Status.PARTIAL, failed=235)  # 20.05%
    api = mindo_api(NOW, partial)
    await alert_store.save_channel(alert_channel(since=SET_UP, threshold=20.0))
    await alert_store.save_channel(alert_channel("C0STRICT", since=SET_UP, threshold=25.0))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        await runner(alert_store, source, poster, clock).poll()
    [posted] = poster.to(CHANNEL)
    assert posted.text == (
        "⚠️ welcome_message partly failed: 235 of 1,172 recipients not reached (20.1%)"
    )
    assert poster.to("C0STRICT") == []


async def test_queued_past_the_limit_alerts_once(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    queued = send(1, NOW - timedelta(minutes=20), status=Status.QUEUED)
    api = mindo_api(NOW, queued)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        await alerts.poll()
        assert poster.posts == []
        clock.advance(timedelta(minutes=12))
        await alerts.poll()
        clock.advance(timedelta(minutes=5))
        await alerts.poll()
    [posted] = poster.to(CHANNEL)
    assert posted.text == (
        "⏳ welcome_message has been waiting in the queue for 32 minutes: "
        "1,172 recipients not sent yet"
    )


async def test_processing_without_progress_is_stalled_counted_from_when_first_seen(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    # Started long ago: a first poll cannot know since when it stands still, so it waits.
    stuck = send(1, NOW - timedelta(hours=5), status=Status.PROCESSING, progress=45.0)
    api = mindo_api(NOW, stuck)
    await alert_store.save_channel(alert_channel(since=SET_UP, stuck_minutes=30))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        await alerts.poll()
        clock.advance(timedelta(minutes=29))
        await alerts.poll()
        assert poster.posts == []
        clock.advance(timedelta(minutes=2))
        await alerts.poll()
    [posted] = poster.to(CHANNEL)
    assert posted.text == (
        "🐢 welcome_message stopped moving: no progress for over 30 minutes, at 45%"
    )


async def test_numbers_near_their_quota_unable_to_send_or_with_a_lower_tier(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    near = replace(
        make_phone("Aurora Norte", limit=1000, remaining=150, usage=85.0), phone_number_id="1"
    )
    fine = replace(make_phone("Aurora Sur", usage=40.0, tier="TIER_10K"), phone_number_id="2")
    api = mindo_api(NOW, phones=(near, fine))
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        await alerts.poll()
        blocked = replace(
            make_phone("Aurora Sur", usage=100.0, can_send=False, tier="TIER_1K"),
            phone_number_id="2",
        )
        set_phones(api, near, blocked)
        clock.advance(timedelta(minutes=1))
        await alerts.poll()
        clock.advance(timedelta(minutes=1))
        await alerts.poll()  # nothing new: one alert per number, kind and day
    first, second = poster.to(CHANNEL)
    assert first.text == (
        "📈 +54 9 11 5263-0780 (Aurora Norte) has used 85% of its daily quota: "
        "150 of 1,000 messages left"
    )
    assert second.text == (
        "⛔ +54 9 11 5263-0780 (Aurora Sur) can't send right now: Mindo says its quota "
        "allows no more messages"
    )
    # Two alerts about one number in one poll: the second in the first's thread.
    [reply] = poster.to(CHANNEL, replies=True)
    assert reply.thread_ts == second.ts
    assert reply.text == (
        "📉 +54 9 11 5263-0780 (Aurora Sur)'s messaging tier went down: "
        "from 10,000 customers a day to 1,000 customers a day"
    )


async def test_a_first_poll_never_calls_a_tier_lowered(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(NOW, phones=(make_phone(tier="TIER_250"),))
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        await runner(alert_store, source, poster, clock).poll()
    assert poster.posts == []


async def test_only_the_templates_the_channel_asked_for(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(
        NOW,
        send(1, NOW - timedelta(minutes=5), status=Status.FAILED, failed=10, recipients=10),
        send(
            2,
            NOW - timedelta(minutes=5),
            status=Status.FAILED,
            failed=10,
            recipients=10,
            template="order_confirmation",
        ),
    )
    await alert_store.save_channel(
        alert_channel(since=SET_UP, templates=frozenset({"order_confirmation"}))
    )
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        await runner(alert_store, source, poster, clock).poll()
    [posted] = poster.to(CHANNEL)
    assert posted.text.startswith("❌ order_confirmation failed")


async def test_sends_that_ended_before_the_alerts_were_set_up_are_not_announced(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    old = send(1, NOW - timedelta(hours=2), status=Status.FAILED, failed=5, recipients=5)
    stuck = send(2, NOW - timedelta(hours=2), status=Status.QUEUED)
    api = mindo_api(NOW, old, stuck)
    await alert_store.save_channel(alert_channel(since=NOW - timedelta(minutes=1)))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        await runner(alert_store, source, poster, clock).poll()
    # The failure is old news; the stuck send is stuck now, so it is told.
    [posted] = poster.to(CHANNEL)
    assert posted.text.startswith("⏳ welcome_message has been waiting in the queue for 2 hours")


async def test_a_poll_reads_what_can_change_in_one_go(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(NOW, send(1, NOW - timedelta(minutes=5), status=Status.COMPLETED))
    for channel in ("C0ONE", "C0TWO", "C0THREE"):
        await alert_store.save_channel(alert_channel(channel, since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        report = await runner(alert_store, source, poster, clock).poll()
    assert report is not None and report.requests == 4
    urls = [r.url for r in api.requests]
    lists = [u for u in urls if "bulk-sends/?" in u]
    assert len(lists) == 3 and len(urls) == 4  # three list streams and the numbers, once
    assert sum("status=QUEUED" in u for u in lists) == 1
    assert sum("status=PROCESSING" in u for u in lists) == 1
    assert sum("business-accounts" in u for u in urls) == 1


async def test_no_channel_no_read(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(NOW)
    await alert_store.save_channel(alert_channel(since=SET_UP, enabled=False))
    async with mindo_source(api) as source:
        assert await runner(alert_store, source, FakeAlertPoster(clock), clock).poll() is None
    assert api.requests == []


async def test_one_poll_per_interval_between_processes(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(NOW)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    policy = AlertPolicy(interval=60)
    async with mindo_source(api) as source:
        first = runner(alert_store, source, FakeAlertPoster(clock), clock, policy=policy)
        second = runner(
            alert_store, source, FakeAlertPoster(clock), clock, owner="process-b", policy=policy
        )
        assert await first.poll() is not None
        assert await second.poll() is None  # the account was polled a moment ago
        clock.advance(timedelta(seconds=61))
        assert await second.poll() is not None


async def test_an_old_running_send_that_ends_is_read_on_its_own(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    old = send(1, NOW - timedelta(days=5), status=Status.PROCESSING, progress=50.0)
    gone = send(2, NOW - timedelta(days=5), status=Status.PROCESSING, progress=50.0)
    api = mindo_api(NOW, old, gone)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        await alerts.poll()
        # Both end: too old for the recent list, no longer in the running ones. One is
        # read on its own; the other cannot be read any more (another company's now).
        clock.advance(timedelta(minutes=1))
        ended = replace(
            old,
            status=Status.FAILED,
            failed_count=1172,
            sent_count=0,
            delivered_count=0,
            read_count=0,
            pending_count=0,
            progress_percentage=100.0,
            completed_at=clock(),
        )
        api.dataset = replace(api.dataset, sends=(ended,), foreign_send_ids=frozenset({gone.id}))
        report = await alerts.poll()
        clock.advance(timedelta(minutes=1))
        again = await alerts.poll()
    assert report is not None and report.posted == [(CHANNEL, old.id, AlertKind.FAILED)]
    assert again is not None and again.mindo_error is None
    # Each read on its own once: the one that could not be read is forgotten, not retried
    # every poll (nor does it fail the poll).
    details = [
        r.url for r in api.requests if "/bulk-sends/send-" in r.url and "/messages/" not in r.url
    ]
    assert sorted(u.rstrip("/").rsplit("/", 1)[-1] for u in details) == ["send-0001", "send-0002"]


async def test_a_poll_logs_one_line_at_info_only_when_it_changed_something_in_slack(
    alert_store: AlertStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.alerts.runner")
    clock = FakeClock(NOW)
    failed = send(1, NOW - timedelta(minutes=8), status=Status.FAILED, failed=1172)
    api = mindo_api(NOW, failed)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, FakeAlertPoster(clock), clock)
        await alerts.poll()
        clock.advance(timedelta(minutes=1))
        await alerts.poll()  # nothing new
    polls = [r for r in caplog.records if r.getMessage() == "alerts poll"]
    assert [(r.levelno, r.fields["outcome"]) for r in polls] == [  # type: ignore[attr-defined]
        (logging.INFO, "posted"),
        (logging.DEBUG, "nothing_new"),
    ]
    fields = polls[0].fields  # type: ignore[attr-defined]
    assert fields["action"] == "alerts_poll" and fields["ms"] >= 0 and fields["posted"] == 1
