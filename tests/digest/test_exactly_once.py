"""Exactly once under Slack's long Retry-Afters and lost claims: a holder checks the day is
still its own right before every post attempt, never waits out more than it may under its
claim, and a store deleted or replaced under it is an error, not a fresh start."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.channel.posting import PostError
from bot.digest.poster import SlackDigestPoster
from bot.digest.runner import DigestRunner, Result, RunPolicy
from bot.domain.digests import RunState
from bot.service.digest import DayActivity
from bot.slack.app import retry_handlers
from bot.store.backends import StoreChangedError
from bot.store.digests import DigestStore, open_store
from tests.digest.fakes import FakePoster, FakeSource
from tests.factories import BLACK_FRIDAY_NINE, FakeClock, make_digest, make_send
from tests.fakes.slack_api import FakeSlackApi, serve_slack

TODAY = date(2026, 11, 27)
CHANNEL = "CDIGEST"
#: Longer than any of these tests may take: reaching it means a wait was not given up.
NEVER = 10.0


@pytest.fixture
def source() -> FakeSource:
    return FakeSource(sends=[make_send("s1", BLACK_FRIDAY_NINE - timedelta(days=1))])


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    fake.channels[CHANNEL] = "member"
    async with serve_slack(fake):
        yield fake
    assert fake.problems == []


async def test_two_long_retry_afters_never_give_two_posts(
    db_target: str, source: FakeSource, slack: FakeSlackApi, clock: FakeClock
) -> None:
    """The reported case: 429 Retry-After 170, twice, with two replicas on one store."""
    for _ in range(2):
        slack.fail_next(
            "chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "170"}
        )
    one, two = await open_store(db_target), await open_store(db_target)
    # As the app builds it, with slack-sdk's retry handlers (which once waited 2 × 170 s).
    client = AsyncWebClient(
        token=slack.bot_token, base_url=slack.api_url, retry_handlers=retry_handlers()
    )
    runners = [
        DigestRunner(
            store,
            source,
            SlackDigestPoster(client, sleep=clock.sleep, monotonic=lambda: 0.0, min_interval=0),
            clock=clock,
            sleep=clock.sleep,
            owner=owner,
        )
        for store, owner in ((one, "one"), (two, "two"))
    ]
    try:
        await one.save_digest(make_digest(CHANNEL))
        clock.now = BLACK_FRIDAY_NINE
        results = []
        for _ in range(40):  # twenty minutes of passes, both replicas every 30 s
            for runner in runners:
                outcomes = await asyncio.wait_for(runner.run_due(), NEVER)
                results += [o.result for o in outcomes]
            clock.advance(timedelta(seconds=30))
        run = await one.get_run(CHANNEL, TODAY)
    finally:
        await one.close()
        await two.close()
    assert len(slack.calls_to("chat.postMessage")) == 2 + 1  # two refused, one taken
    assert results.count(Result.SENT) + results.count(Result.SENT_LATE) == 1
    assert Result.LOST not in results and results.count(Result.RETRY) == 2
    assert run is not None and run.state is RunState.SENT


async def test_a_short_retry_after_is_waited_out_under_the_claim(
    store: DigestStore, source: FakeSource, clock: FakeClock
) -> None:
    poster = FakePoster(clock)
    poster.errors[CHANNEL] = [PostError("ratelimited", permanent=False, retry_after=20)]
    await store.save_digest(make_digest(CHANNEL))
    clock.now = BLACK_FRIDAY_NINE
    runner = DigestRunner(store, source, poster, clock=clock, sleep=clock.sleep, owner="p1")
    [outcome] = await runner.run_due()
    assert outcome.result is Result.SENT and len(poster.posts) == 1
    assert clock.slept == [20]


async def test_a_holder_that_lost_the_day_during_a_wait_does_not_post(
    db_target: str, source: FakeSource, clock: FakeClock
) -> None:
    one, two = await open_store(db_target), await open_store(db_target)
    poster = FakePoster(clock)
    poster.errors[CHANNEL] = [PostError("ratelimited", permanent=False, retry_after=60)]
    other = DigestRunner(two, source, poster, clock=clock, sleep=clock.sleep, owner="two")

    async def stalled(seconds: float) -> None:
        """The wait overran the lease (a stopped process, say), and another took the day."""
        clock.advance(RunPolicy().lease + timedelta(seconds=seconds))
        [taken] = await other.run_due()
        assert taken.result is Result.SENT

    runner = DigestRunner(one, source, poster, clock=clock, sleep=stalled, owner="one")
    try:
        await one.save_digest(make_digest(CHANNEL))
        clock.now = BLACK_FRIDAY_NINE
        [outcome] = await runner.run_due()
        run = await one.get_run(CHANNEL, TODAY)
    finally:
        await one.close()
        await two.close()
    assert outcome.result is Result.LOST
    assert len(poster.posts) == 1
    assert run is not None and run.owner == "two" and run.state is RunState.SENT


async def test_a_claim_lost_while_mindo_was_read_posts_nothing(
    db_target: str, clock: FakeClock
) -> None:
    one, two = await open_store(db_target), await open_store(db_target)
    poster = FakePoster(clock)
    quick = FakeSource(sends=[make_send("s1", BLACK_FRIDAY_NINE - timedelta(days=1))])
    other = DigestRunner(two, quick, poster, clock=clock, sleep=clock.sleep, owner="two")

    class SlowSource(FakeSource):
        async def activity(self, timezone: str, report_date: date) -> DayActivity:
            clock.advance(RunPolicy().lease + timedelta(seconds=1))
            await other.run_due()
            return await super().activity(timezone, report_date)

    slow = SlowSource(sends=quick.sends)
    runner = DigestRunner(one, slow, poster, clock=clock, sleep=clock.sleep, owner="one")
    try:
        await one.save_digest(make_digest(CHANNEL))
        clock.now = BLACK_FRIDAY_NINE
        [outcome] = await runner.run_due()
    finally:
        await one.close()
        await two.close()
    assert outcome.result is Result.LOST and len(poster.posts) == 1


def test_a_lease_must_outlast_the_longest_wait() -> None:
    with pytest.raises(ValueError, match="well inside the lease"):
        RunPolicy(lease=timedelta(minutes=2), longest_wait=timedelta(minutes=1))


async def test_a_deleted_sqlite_file_is_an_error_not_a_fresh_start(
    tmp_path: Path, source: FakeSource, clock: FakeClock
) -> None:
    path = tmp_path / "digests.db"
    store = await open_store(str(path))
    poster = FakePoster(clock)
    try:
        await store.save_digest(make_digest(CHANNEL))
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{path}{suffix}").exists():
                os.remove(f"{path}{suffix}")
        clock.now = BLACK_FRIDAY_NINE
        runner = DigestRunner(store, source, poster, clock=clock, sleep=clock.sleep, owner="p")
        with pytest.raises(StoreChangedError, match="was deleted"):
            await runner.run_due()
        replacement = await open_store(str(path))  # someone starts afresh beside us
        await replacement.close()
        with pytest.raises(StoreChangedError, match="replaced by another file"):
            await store.list_digests()
    finally:
        await store.close()
    assert poster.posts == []


async def test_a_database_replaced_under_a_running_store_is_an_error(
    db_target: str, clock: FakeClock
) -> None:
    store = await open_store(db_target)
    try:
        await store.save_digest(make_digest(CHANNEL))
        store.repo.backend.execute("UPDATE store_identity SET identity = 'someone-else'")
        with pytest.raises(StoreChangedError, match="it is another database now"):
            await store.list_digests()
    finally:
        await store.close()


async def test_an_html_500_from_slack_is_retried_not_left_posting(
    store: DigestStore, source: FakeSource, slack: FakeSlackApi, clock: FakeClock
) -> None:
    """An HTML error page used to raise inside the error path and leave the run 'posting'."""
    slack.fail_with_html("chat.postMessage", content_type="application/json")
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    poster = SlackDigestPoster(client, sleep=clock.sleep, monotonic=lambda: 0.0, min_interval=0)
    runner = DigestRunner(store, source, poster, clock=clock, sleep=clock.sleep, owner="p1")
    await store.save_digest(make_digest(CHANNEL))
    clock.now = BLACK_FRIDAY_NINE
    [first] = await runner.run_due()
    assert (first.result, first.detail) == (Result.RETRY, "slack: http_500")
    run = await store.get_run(CHANNEL, TODAY)
    assert run is not None and run.state is RunState.RETRY
    assert run.posting_since is not None  # a 500 may hide a post: the next try looks first
    clock.advance(timedelta(minutes=1))
    [second] = await runner.run_due()
    assert second.result is Result.SENT
    assert len(slack.calls_to("chat.postMessage")) == 2
