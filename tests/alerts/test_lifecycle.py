"""What happens to an alert after it is posted, and around it: updates in place, thread
follow-ups, mutes, quiet hours, bursts, Slack's refusals and rate limits, Mindo down."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

from bot.alerts.poll import AlertPolicy
from bot.channel.posting import PostError
from bot.demo.api import Fault
from bot.domain.alerts import AlertKind, Mute, PostState, QuietHours
from bot.domain.sends import Status
from bot.store.alerts import AlertStore
from tests.alerts.fakes import (
    ADMIN,
    CHANNEL,
    FakeAlertPoster,
    alert_channel,
    mindo_api,
    mindo_source,
    runner,
    send,
)
from tests.factories import BLACK_FRIDAY_NOON, FakeClock

NOW = BLACK_FRIDAY_NOON  # noon in Buenos Aires
SET_UP = NOW - timedelta(days=1)


async def test_a_stuck_send_is_updated_in_place_and_followed_up_in_its_thread(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    queued = send(1, NOW - timedelta(minutes=31), status=Status.QUEUED)
    api = mindo_api(NOW, queued)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        await alerts.poll()
        [alert] = poster.to(CHANNEL)
        assert alert.text.startswith("⏳ welcome_message has been waiting in the queue")

        clock.advance(timedelta(minutes=1))
        api.put(
            replace(
                queued,
                status=Status.PROCESSING,
                progress_percentage=10.0,
                sent_count=117,
                pending_count=1055,
            )
        )
        await alerts.poll()
        clock.advance(timedelta(minutes=1))
        await alerts.poll()  # nothing moved: nothing more

        clock.advance(timedelta(minutes=5))
        api.put(
            replace(
                queued,
                status=Status.COMPLETED,
                progress_percentage=100.0,
                sent_count=1172,
                pending_count=0,
                completed_at=clock(),
            )
        )
        await alerts.poll()

    assert poster.to(CHANNEL) == [alert]  # never a second channel message
    started, finished = poster.to(CHANNEL, replies=True)
    assert started.thread_ts == finished.thread_ts == alert.ts
    assert started.text == "▶️ welcome_message started sending: 10% done"
    assert finished.text == "✅ welcome_message finished: 1,172 of 1,172 recipients reached"
    # The alert itself says what became of the send, updated in place each time.
    [(_, ts, moving), (_, ts_again, done)] = poster.updates
    assert ts == ts_again == alert.ts
    assert moving.text == "⏳ welcome_message waited in the queue for over 30 minutes"
    assert "Processing" in repr(moving.to_dict()) and "117 of 1,172 sent" in repr(moving.to_dict())
    assert "Completed" in repr(done.to_dict())


async def test_a_partial_send_whose_counts_settle_is_updated(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    partial = send(1, NOW - timedelta(minutes=6), status=Status.PARTIAL, failed=300)
    api = mindo_api(NOW, partial)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        await alerts.poll()
        clock.advance(timedelta(minutes=1))
        api.put(replace(partial, failed_count=320, sent_count=852))
        await alerts.poll()
    [posted] = poster.to(CHANNEL)
    assert "300 of 1,172" in posted.text
    [(_, ts, update)] = poster.updates
    assert ts == posted.ts and "320 of 1,172 recipients not reached (27.3%)" in update.text


async def test_a_failure_after_a_stuck_alert_goes_in_its_thread(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    queued = send(1, NOW - timedelta(minutes=40), status=Status.QUEUED)
    api = mindo_api(NOW, queued)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        await alerts.poll()
        clock.advance(timedelta(minutes=2))
        api.put(
            replace(
                queued,
                status=Status.FAILED,
                failed_count=1172,
                pending_count=0,
                progress_percentage=100.0,
                completed_at=clock(),
            )
        )
        await alerts.poll()
    [alert] = poster.to(CHANNEL)
    [failed] = poster.to(CHANNEL, replies=True)
    assert failed.thread_ts == alert.ts
    assert failed.text == "❌ welcome_message failed: 0 of 1,172 recipients reached"


async def test_a_burst_of_failures_in_one_poll_is_one_message_with_a_list(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    failures = [
        send(n, NOW - timedelta(minutes=6), status=Status.FAILED, failed=50, recipients=50)
        for n in range(12)
    ]
    api = mindo_api(NOW, *failures)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        report = await runner(alert_store, source, poster, clock).poll()
    [posted] = poster.to(CHANNEL)
    assert posted.text == "🚨 12 alerts at once: 12 sends failed"
    assert posted.everything.count("'action_id': 'details'") == 12
    assert report is not None and len(report.posted) == 12
    for failure in failures:
        stored = await alert_store.get_post(CHANNEL, failure.id, AlertKind.FAILED)
        assert stored is not None and stored.message_ts == posted.ts


async def test_muting_a_template_or_the_channel(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(NOW)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    await alert_store.save_mute(Mute(CHANNEL, "welcome_message", NOW + timedelta(hours=24), ADMIN))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        api.put(
            send(1, NOW - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5),
            send(
                2,
                NOW - timedelta(minutes=6),
                status=Status.FAILED,
                failed=5,
                recipients=5,
                template="promo",
            ),
        )
        await alerts.poll()
        assert [p.text for p in poster.to(CHANNEL)] == [
            "❌ promo failed: 0 of 5 recipients reached"
        ]

        await alert_store.save_mute(Mute(CHANNEL, None, clock() + timedelta(hours=1), ADMIN))
        clock.advance(timedelta(minutes=1))
        stuck = send(3, clock() - timedelta(minutes=40), status=Status.QUEUED, template="promo")
        api.put(
            send(
                4,
                clock() - timedelta(minutes=6),
                status=Status.FAILED,
                failed=5,
                recipients=5,
                template="promo",
            ),
            stuck,
        )
        await alerts.poll()
        assert len(poster.posts) == 1  # all muted for the hour

        clock.advance(timedelta(hours=1, minutes=1))
        await alerts.poll()
    # What happened during the mute is never posted; what is still wrong after it is.
    texts = [p.text for p in poster.to(CHANNEL)]
    assert len(texts) == 2 and texts[1].startswith("⏳ promo has been waiting in the queue")
    muted = await alert_store.get_post(CHANNEL, "send-0004", AlertKind.FAILED)
    assert muted is not None and muted.state is PostState.MUTED


async def test_quiet_hours_hold_alerts_and_post_them_together_at_their_end(
    alert_store: AlertStore,
) -> None:
    night = NOW.replace(hour=1)  # 22:00 the evening before, in Buenos Aires
    clock = FakeClock(night)
    quiet = QuietHours(time(20, 0), time(8, 0))
    api = mindo_api(night)
    await alert_store.save_channel(alert_channel(since=SET_UP, quiet=quiet))
    poster = FakeAlertPoster(clock)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        api.put(
            send(1, clock() - timedelta(minutes=6), status=Status.FAILED, failed=9, recipients=9)
        )
        await alerts.poll()
        clock.advance(timedelta(hours=3))  # 01:00
        api.put(
            send(
                2,
                clock() - timedelta(minutes=6),
                status=Status.FAILED,
                failed=7,
                recipients=7,
                template="promo",
            )
        )
        await alerts.poll()
        assert poster.posts == []
        clock.set("2026-11-27T10:59:00+00:00")  # 07:59
        await alerts.poll()
        assert poster.posts == []
        clock.set("2026-11-27T11:00:30+00:00")  # 08:00
        await alerts.poll()
    [posted] = poster.to(CHANNEL)
    assert posted.text == (
        "🌙 2 alerts held during quiet hours (8:00\u202fPM–8:00\u202fAM): 2 sends failed"
    )
    assert "welcome_message" in posted.everything and "promo" in posted.everything
    assert "⏰" not in posted.everything  # held, not late


async def test_a_channel_the_app_cannot_post_in_is_reported_once_to_whoever_set_it_up(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(
        NOW, send(1, NOW - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5)
    )
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    poster.errors[CHANNEL] = [
        PostError("not_in_channel", permanent=True),
        PostError("not_in_channel", permanent=True),
    ]
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock)
        report = await alerts.poll()
        clock.advance(timedelta(minutes=1))
        api.put(
            send(2, clock() - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5)
        )
        await alerts.poll()
    assert report is not None and report.failed == [(CHANNEL, "not_in_channel")]
    [(user, notice)] = poster.dms
    assert user == ADMIN
    assert notice.text.startswith(
        "⚠️ I couldn't post an alert in <#C0ALERTS>: I'm not a member of that channel."
    )
    channel = await alert_store.get_channel(CHANNEL)
    assert channel is not None and channel.last_error == "not_in_channel"
    stored = await alert_store.get_post(CHANNEL, "send-0001", AlertKind.FAILED)
    assert stored is not None and stored.state is PostState.FAILED

    # Invited at last: the next alert goes through and the error is cleared.
    async with mindo_source(api) as source:
        clock.advance(timedelta(minutes=1))
        api.put(
            send(3, clock() - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5)
        )
        await runner(alert_store, source, poster, clock).poll()
    assert len(poster.to(CHANNEL)) == 1
    channel = await alert_store.get_channel(CHANNEL)
    assert channel is not None and channel.last_error is None


async def test_slack_rate_limits_are_waited_out_and_failures_retried_with_backoff(
    alert_store: AlertStore,
) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(
        NOW, send(1, NOW - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5)
    )
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    poster.errors[CHANNEL] = [
        PostError("ratelimited", permanent=False, retry_after=30.0),
        PostError("internal_error", permanent=False),
    ]
    policy = AlertPolicy(interval=60)
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock, policy=policy)
        await alerts.poll()
        assert clock.slept == [30.0]  # Retry-After, waited under the claim
        assert poster.posts == []
        stored = await alert_store.get_post(CHANNEL, "send-0001", AlertKind.FAILED)
        assert stored is not None and stored.state is PostState.RETRY
        assert stored.next_attempt_at == clock() + timedelta(minutes=1)
        clock.advance(timedelta(seconds=61))
        await alerts.poll()
        clock.advance(timedelta(seconds=61))
        await alerts.poll()
    assert len(poster.to(CHANNEL)) == 1


async def test_mindo_down_polls_less_often_then_catches_up(alert_store: AlertStore) -> None:
    clock = FakeClock(NOW)
    api = mindo_api(NOW)
    await alert_store.save_channel(alert_channel(since=SET_UP))
    poster = FakeAlertPoster(clock)
    policy = AlertPolicy(interval=60)

    down = [Fault(status=503)] * 200
    async with mindo_source(api) as source:
        alerts = runner(alert_store, source, poster, clock, policy=policy)
        api.behaviour.faults.extend(down)
        first = await alerts.poll()
        assert first is not None and first.mindo_error == "mindo_unavailable"
        clock.advance(timedelta(seconds=61))
        assert await alerts.poll() is None  # backing off: 2 minutes after one failure
        clock.advance(timedelta(seconds=60))
        await alerts.poll()  # fails again: next in 4 minutes
        clock.advance(timedelta(minutes=3))
        assert await alerts.poll() is None
        api.behaviour.faults.clear()
        api.put(
            send(1, clock() - timedelta(minutes=6), status=Status.FAILED, failed=5, recipients=5)
        )
        clock.advance(timedelta(minutes=1, seconds=1))
        report = await alerts.poll()
    assert report is not None and report.mindo_error is None
    assert len(poster.to(CHANNEL)) == 1
