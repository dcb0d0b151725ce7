"""The alerts' store on SQLite and PostgreSQL: channels, mutes, the claim protocol of each
alert, and the claim on each workspace's poll."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import time, timedelta

import pytest

from bot.domain.alerts import AlertKind, AlertPost, Layout, Mute, PostState, QuietHours
from bot.store.alert_posts import NewAlert
from bot.store.alerts import AlertStore, open_alert_store
from bot.store.values import StoreValueError
from tests.alerts.fakes import alert_channel
from tests.factories import BLACK_FRIDAY_NOON

NOW = BLACK_FRIDAY_NOON
LEASE = timedelta(minutes=5)


@pytest.fixture
async def store(db_target: str) -> AsyncIterator[AlertStore]:
    opened = await open_alert_store(db_target)
    yield opened
    await opened.close()


def new(subject: str = "send-1", snapshot: str = "{}") -> NewAlert:
    return NewAlert("C0ALERTS", subject, AlertKind.FAILED, snapshot, NOW, False)


async def claim(store: AlertStore, owner: str, *, subject: str = "send-1") -> AlertPost | None:
    won = await store.claim_new([new(subject)], owner=owner, now=NOW, lease=LEASE)
    return won[0] if won else None


async def test_a_channel_round_trips(store: AlertStore) -> None:
    channel = alert_channel(
        since=NOW,
        threshold=12.5,
        stuck_minutes=45,
        templates=frozenset({"welcome_message", "promo"}),
        quiet=QuietHours(time(20, 0), time(8, 30)),
        language="pt",
        last_error="is_archived",
        last_error_at=NOW,
    )
    await store.save_channel(channel)
    assert await store.get_channel("C0ALERTS") == channel
    assert await store.list_channels() == (channel,)
    assert await store.teams_watching() == ("",)
    await store.save_channel(replace(channel, enabled=False))
    assert await store.teams_watching() == ()


async def test_a_channel_that_slack_could_not_have_named_is_refused(store: AlertStore) -> None:
    with pytest.raises(StoreValueError):
        await store.save_channel(alert_channel("C0" + "X" * 5000, since=NOW))
    with pytest.raises(StoreValueError):
        await store.save_channel(alert_channel(since=NOW, templates=frozenset({"a\nb"})))


async def test_workspaces_see_only_their_own_alerts(store: AlertStore) -> None:
    await store.save_channel(alert_channel(since=NOW))
    other = store.for_team("T0OTHER")
    assert await other.list_channels() == ()
    await other.save_channel(alert_channel("C0THEIRS", since=NOW))
    assert [c.channel_id for c in await store.list_channels()] == ["C0ALERTS"]
    assert await other.delete_team() == 1
    assert [c.channel_id for c in await store.list_channels()] == ["C0ALERTS"]


async def test_an_alert_is_claimed_by_one_process_only(store: AlertStore) -> None:
    won = await claim(store, "process-a")
    assert won is not None
    assert won == await store.get_post("C0ALERTS", "send-1", AlertKind.FAILED)
    assert await claim(store, "process-b") is None
    # Claimed together: each row won or not on its own.
    both = await store.claim_new([new("send-1"), new("send-2")], owner="b", now=NOW, lease=LEASE)
    assert [post.subject for post in both] == ["send-2"]


async def test_a_claim_is_taken_over_only_once_its_lease_ran_out(store: AlertStore) -> None:
    post = await claim(store, "a")
    assert post is not None
    assert await store.take_over([post], "b", NOW + LEASE - timedelta(seconds=1), LEASE) == []
    [taken] = await store.take_over([post], "b", NOW + LEASE, LEASE)
    assert taken.owner == "b" and taken.attempts == 2
    later = NOW + LEASE
    # The first holder, back from the dead, can no longer touch it.
    assert (
        await store.begin_posting([(post, "{}")], later, LEASE, post_key="k", layout=Layout.SINGLE)
        == []
    )
    assert await store.finish([(post, "x")], PostState.SENT, later, message_ts="1.1") == []
    assert await store.begin_posting(
        [(taken, '{"a": 1}')], later, LEASE, post_key="k", layout=Layout.SINGLE
    ) == [taken]
    assert await store.finish([(taken, "x")], PostState.SENT, later, message_ts="1.1") == [taken]
    done = await store.get_post("C0ALERTS", "send-1", AlertKind.FAILED)
    assert done is not None and done.state is PostState.SENT and done.post_key == "k"
    assert done.posting_since == later and done.layout is Layout.SINGLE
    assert done.snapshot == '{"a": 1}' and done.shown == "x" and done.message_ts == "1.1"
    # Finished: nobody takes it again.
    assert await store.take_over([done], "c", NOW + timedelta(days=1), LEASE) == []


async def test_held_and_retried_alerts_wait_for_their_time(store: AlertStore) -> None:
    post = await claim(store, "a")
    assert post is not None
    until = NOW + timedelta(hours=8)
    assert await store.hold([(post, '{"held": 1}')], until, NOW) == [post]
    [held] = await store.unfinished_posts()
    assert held.state is PostState.HELD and held.next_attempt_at == until
    assert await store.take_over([held], "b", until - timedelta(seconds=1), LEASE) == []
    [taken] = await store.take_over([held], "b", until, LEASE)
    assert taken.snapshot == '{"held": 1}'
    retried = await store.retry_later(
        [taken], until + timedelta(minutes=2), until, error="slack: x", maybe_posted=False
    )
    assert retried == [taken]
    [waiting] = await store.unfinished_posts()
    assert waiting.state is PostState.RETRY and waiting.error == "slack: x"


async def test_shown_changes_only_from_what_was_read(store: AlertStore) -> None:
    post = await claim(store, "a")
    assert post is not None
    await store.finish([(post, "v1")], PostState.SENT, NOW, message_ts="1.1")
    [sent] = await store.posts_about(["send-1", "send-elsewhere"])
    assert sent.snapshot == ""  # left out unless asked for
    assert await store.snapshots_of([sent]) == {sent.key: "{}"}
    assert await store.set_shown([(sent, "v2", '{"b": 2}')], NOW) == [sent]
    assert await store.set_shown([(sent, "v3", "{}")], NOW) == []  # someone updated it first
    [again] = await store.posts_about(["send-1"], snapshots=True)
    assert (again.shown, again.snapshot) == ("v2", '{"b": 2}')


async def test_posts_about_many_subjects_reads_them_all(store: AlertStore) -> None:
    won = await store.claim_new(
        [new(f"send-{n}") for n in range(1200)], owner="a", now=NOW, lease=LEASE
    )
    assert len(won) == 1200
    found = await store.posts_about([f"send-{n}" for n in range(0, 1300)])
    assert len(found) == 1200


async def test_mutes_end_on_their_own(store: AlertStore) -> None:
    await store.save_mute(Mute("C0ALERTS", None, NOW + timedelta(hours=1), "U0A"))
    await store.save_mute(Mute("C0ALERTS", "promo", NOW + timedelta(hours=24), "U0B"))
    assert len(await store.active_mutes(NOW)) == 2
    [left] = await store.active_mutes(NOW + timedelta(hours=1))
    assert left.template == "promo" and left.muted_by == "U0B"


async def test_one_process_at_a_time_polls_a_workspace(store: AlertStore) -> None:
    first = await store.claim_poll("a", NOW, LEASE)
    assert first is not None and first.polled_at is None and first.memory == "{}"
    assert await store.claim_poll("b", NOW, LEASE) is None
    assert await store.finish_poll(
        first, next_poll_at=NOW + timedelta(minutes=1), polled_at=NOW, failures=0, memory='{"x":1}'
    )
    assert await store.claim_poll("b", NOW + timedelta(seconds=59), LEASE) is None
    second = await store.claim_poll("b", NOW + timedelta(minutes=1), LEASE)
    assert second is not None and second.memory == '{"x":1}' and second.polled_at == NOW
    # A poll whose holder died is taken over when its lease runs out.
    assert await store.claim_poll("c", NOW + timedelta(minutes=2), LEASE) is None
    assert await store.claim_poll("c", NOW + timedelta(minutes=1) + LEASE, LEASE) is not None
    assert not await store.finish_poll(
        second, next_poll_at=NOW, polled_at=NOW, failures=0, memory="{}"
    )


async def test_old_finished_alerts_are_pruned(store: AlertStore) -> None:
    post = await claim(store, "a")
    assert post is not None
    assert await store.prune(NOW + timedelta(days=60)) == 0  # not finished: kept
    [held] = await store.unfinished_posts()
    await store.finish([(held, None)], PostState.SENT, NOW, message_ts="1.1")
    assert await store.prune(NOW) == 0
    assert await store.prune(NOW + timedelta(seconds=1)) == 1
