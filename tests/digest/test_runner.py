"""The runner's guarantees, each with an injected clock: exactly once, catch-up, DST,
failures, and one Mindo read per time zone and date."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.channel.posting import PostError
from bot.digest.runner import DigestRunner, Result, RunPolicy, read_now
from bot.domain.digests import RunState
from bot.domain.schedule import EVERY_DAY
from bot.domain.sends import Status
from bot.domain.workspaces import WorkspaceRef
from bot.logs import JsonFormatter, working_for
from bot.message.charts import BLOCK_TYPE as CHART
from bot.message.digest import build_digest_message
from bot.message.slack import SlackMessage
from bot.message.tables import BLOCK_TYPE as TABLE
from bot.slack.fallback import BlockSupport
from bot.store.digests import DigestStore, open_store
from tests.digest.fakes import FakePoster, FakeSource
from tests.factories import (
    BLACK_FRIDAY_NINE,
    BUENOS_AIRES,
    FakeClock,
    make_digest,
    make_message,
    make_send,
)

TODAY = date(2026, 11, 27)


def runner_for(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock, owner: str = "p1"
) -> DigestRunner:
    return DigestRunner(store, source, poster, clock=clock, sleep=clock.sleep, owner=owner)


@pytest.fixture
def source() -> FakeSource:
    yesterday = BLACK_FRIDAY_NINE - timedelta(days=1)
    return FakeSource(
        sends=[
            make_send("s1", yesterday - timedelta(hours=2)),
            make_send("s2", yesterday - timedelta(hours=1), status=Status.FAILED, failed=100),
        ]
    )


@pytest.fixture
def poster(clock: FakeClock) -> FakePoster:
    return FakePoster(clock)


async def test_posts_at_its_time_and_only_once(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE - timedelta(seconds=1)
    assert await runner.run_due() == []
    clock.now = BLACK_FRIDAY_NINE
    [outcome] = await runner.run_due()
    assert (outcome.result, outcome.run_date) == (Result.SENT, TODAY)
    for _ in range(5):
        clock.advance(timedelta(minutes=30))
        assert await runner.run_due() == []
    assert len(poster.to("C1")) == 1
    assert "Nov 26, 2026" in poster.posts[0].message.text
    run = await store.get_run("C1", TODAY)
    assert run is not None and run.state is RunState.SENT and run.message_ts == "1.000"
    clock.now = BLACK_FRIDAY_NINE + timedelta(days=1)
    [tomorrow] = await runner.run_due()
    assert tomorrow.run_date == TODAY + timedelta(days=1)
    assert len(poster.to("C1")) == 2


async def test_a_restart_does_not_post_again(
    db_target: str, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    clock.now = BLACK_FRIDAY_NINE + timedelta(seconds=5)
    first = await open_store(db_target)
    await first.save_digest(make_digest("C1"))
    await runner_for(first, source, poster, clock, owner="before").run_due()
    await first.close()
    clock.advance(timedelta(minutes=3))
    second = await open_store(db_target)
    try:
        assert await runner_for(second, source, poster, clock, owner="after").run_due() == []
    finally:
        await second.close()
    assert len(poster.posts) == 1


async def test_two_processes_sharing_the_database_post_each_digest_once(
    db_target: str, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    one, two = await open_store(db_target), await open_store(db_target)
    try:
        channels = [f"C{n:03d}" for n in range(40)]
        for channel in channels:
            await one.save_digest(make_digest(channel))
        clock.now = BLACK_FRIDAY_NINE
        runners = [
            runner_for(one, source, poster, clock, "one"),
            runner_for(two, source, poster, clock, "two"),
        ]
        for _ in range(3):
            await asyncio.gather(*(r.run_due() for r in runners))
            clock.advance(timedelta(seconds=30))
        assert sorted(p.channel for p in poster.posts) == channels
    finally:
        await one.close()
        await two.close()


async def test_a_crashed_claim_expires_and_is_taken_over(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    clock.now = BLACK_FRIDAY_NINE
    # A process claimed the day, then died before posting.
    assert await store.claim("C1", TODAY, "dead", clock(), RunPolicy().lease) is not None
    runner = runner_for(store, source, poster, clock)
    clock.advance(timedelta(minutes=4))
    assert await runner.run_due() == []
    clock.advance(timedelta(minutes=1))
    [outcome] = await runner.run_due()
    assert outcome.result is Result.SENT
    assert len(poster.posts) == 1
    run = await store.get_run("C1", TODAY)
    assert run is not None and run.attempts == 2 and run.owner == "p1"


async def test_a_process_that_died_after_posting_is_not_posted_twice(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    """It posted, then died before marking the day sent: the taker finds its message."""
    await store.save_digest(make_digest("C1"))
    clock.now = BLACK_FRIDAY_NINE
    dead = await store.claim("C1", TODAY, "dead", clock(), RunPolicy().lease)
    assert dead is not None
    assert await store.begin_posting(dead, clock(), RunPolicy().lease)
    await poster.post("C1", make_message(), key="C1/2026-11-27")
    clock.advance(RunPolicy().lease)
    [outcome] = await runner_for(store, source, poster, clock).run_due()
    assert outcome.result is Result.ALREADY_POSTED
    assert len(poster.posts) == 1 and poster.lookups == 1
    run = await store.get_run("C1", TODAY)
    assert run is not None and run.state is RunState.SENT and run.message_ts == "1.000"


async def test_a_process_that_died_while_posting_without_reaching_slack_is_completed(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    clock.now = BLACK_FRIDAY_NINE
    dead = await store.claim("C1", TODAY, "dead", clock(), RunPolicy().lease)
    assert dead is not None and await store.begin_posting(dead, clock(), RunPolicy().lease)
    clock.advance(RunPolicy().lease)
    [outcome] = await runner_for(store, source, poster, clock).run_due()
    assert outcome.result is Result.SENT
    assert len(poster.posts) == 1 and poster.lookups == 1


async def test_catch_up_the_same_day_is_posted_once_and_marked_late(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    clock.now = BLACK_FRIDAY_NINE + timedelta(hours=2, minutes=13)  # the app comes back at 11:13
    runner = runner_for(store, source, poster, clock)
    [outcome] = await runner.run_due()
    assert outcome.result is Result.SENT_LATE
    assert await runner.run_due() == []
    [posted] = poster.posts
    context = next(b.to_dict() for b in posted.message.blocks if b.type == "context")
    assert "Posted late" in str(context) and "9:00" in str(context)


async def test_a_day_missed_entirely_is_not_posted_the_next_day(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE + timedelta(hours=20)  # 05:00 the next local day: before its 9:00
    assert await runner.run_due() == []
    clock.now = BLACK_FRIDAY_NINE + timedelta(days=1)
    [outcome] = await runner.run_due()
    assert outcome.result is Result.SENT and outcome.run_date == TODAY + timedelta(days=1)
    assert len(poster.posts) == 1


async def test_a_digest_set_up_after_its_time_waits_for_tomorrow(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    set_up = BLACK_FRIDAY_NINE + timedelta(hours=1)
    await store.save_digest(make_digest("C1", since=set_up))
    runner = runner_for(store, source, poster, clock)
    clock.now = set_up + timedelta(minutes=1)
    assert await runner.run_due() == []
    clock.now = BLACK_FRIDAY_NINE + timedelta(days=1)
    assert [o.result for o in await runner.run_due()] == [Result.SENT]


async def test_a_disabled_digest_does_not_post(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1", enabled=False))
    clock.now = BLACK_FRIDAY_NINE
    assert await runner_for(store, source, poster, clock).run_due() == []
    assert poster.posts == []


@pytest.mark.parametrize(
    ("tz", "day", "expected"),
    [
        ("America/New_York", date(2026, 3, 8), "2026-03-08T07:30:00+00:00"),  # spring forward
        ("America/New_York", date(2026, 11, 1), "2026-11-01T07:30:00+00:00"),  # fall back
        ("Europe/Madrid", date(2026, 3, 29), "2026-03-29T01:30:00+00:00"),
        ("Europe/Madrid", date(2026, 10, 25), "2026-10-25T00:30:00+00:00"),
    ],
)
async def test_half_past_two_on_dst_days_posts_once_at_the_right_time(
    store: DigestStore, clock: FakeClock, tz: str, day: date, expected: str
) -> None:
    """Tick every minute through the whole change day and the next morning."""
    await store.save_digest(make_digest("C1", hour=2, minute=30, tz=tz))
    poster = FakePoster(clock)
    runner = runner_for(store, FakeSource(), poster, clock)
    clock.now = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=2)
    end = clock.now + timedelta(hours=30)
    while clock.now < end:
        await runner.run_due()
        clock.advance(timedelta(minutes=1))
    posted_for_day = [p for p in poster.posts if p.key == f"C1/{day.isoformat()}"]
    assert len(posted_for_day) == 1
    assert posted_for_day[0].at == datetime.fromisoformat(expected)


async def test_mindo_down_is_retried_with_backoff_then_posted(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    source.failures = 2
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE
    [first] = await runner.run_due()
    assert first.result is Result.RETRY and first.detail == "mindo: mindo_unavailable"
    clock.advance(timedelta(seconds=59))
    assert await runner.run_due() == []  # the first retry waits a minute
    clock.advance(timedelta(seconds=1))
    assert [o.result for o in await runner.run_due()] == [Result.RETRY]
    clock.advance(timedelta(minutes=1))
    assert await runner.run_due() == []  # the second waits two
    clock.advance(timedelta(minutes=1))
    assert [o.result for o in await runner.run_due()] == [Result.SENT]
    assert len(poster.posts) == 1


async def test_mindo_down_for_long_posts_a_short_notice_instead_of_silence(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1", language="es"))
    source.failures = 10_000
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE
    results = []
    while clock.now < BLACK_FRIDAY_NINE + timedelta(hours=3):
        results += [o.result for o in await runner.run_due()]
        clock.advance(timedelta(seconds=30))
    assert results[-1] is Result.UNAVAILABLE and results.count(Result.UNAVAILABLE) == 1
    assert set(results[:-1]) == {Result.RETRY}
    assert 4 <= len(results) <= 12  # backed off, not hammering Mindo every tick
    [posted] = poster.posts
    assert "No pude armar el resumen" in posted.message.text
    assert posted.at >= BLACK_FRIDAY_NINE + RunPolicy().mindo_patience


@pytest.mark.parametrize("code", ["channel_not_found", "not_in_channel", "is_archived"])
async def test_a_channel_problem_is_reported_to_who_set_it_up(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock, code: str
) -> None:
    await store.save_digest(make_digest("C1", created_by="U0BOSS"))
    poster.errors["C1"] = [PostError(code, permanent=True)]
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE
    [outcome] = await runner.run_due()
    assert (outcome.result, outcome.detail) == (Result.FAILED, code)
    [dm] = poster.dms
    assert dm.channel == "U0BOSS" and "<#C1>" in dm.message.text
    assert "/invite @bulksends" in dm.message.text
    digest = await store.get_digest("C1")
    assert digest is not None and digest.last_error == code
    clock.advance(timedelta(hours=1))
    assert await runner.run_due() == []  # not hammered all day
    # Fixed by tomorrow: posted, and the error is cleared.
    clock.now = BLACK_FRIDAY_NINE + timedelta(days=1)
    assert [o.result for o in await runner.run_due()] == [Result.SENT]
    digest = await store.get_digest("C1")
    assert digest is not None and digest.last_error is None


async def test_a_digest_from_the_environment_has_nobody_to_tell(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1", created_by=""))
    poster.errors["C1"] = [PostError("not_in_channel", permanent=True)]
    clock.now = BLACK_FRIDAY_NINE
    await runner_for(store, source, poster, clock).run_due()
    assert poster.dms == []


async def test_slack_failing_for_now_is_retried(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    poster.errors["C1"] = [PostError("ratelimited", permanent=False)]
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE
    assert [o.result for o in await runner.run_due()] == [Result.RETRY]
    clock.advance(timedelta(minutes=1))
    assert [o.result for o in await runner.run_due()] == [Result.SENT]
    assert len(poster.posts) == 1


async def test_a_refused_chart_posts_the_digest_once_without_it_at_once(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    await store.save_digest(make_digest("C2"))
    clock.now = BLACK_FRIDAY_NINE
    data = await read_now(
        source, timezone=BUENOS_AIRES, report_date=TODAY - timedelta(days=1), now=clock.now
    )
    as_built = build_digest_message(data, language="en", demo=False)
    chart_at = [block.type for block in as_built.blocks].index(CHART)
    refusal = PostError(
        "invalid_blocks",
        permanent=True,
        details=(
            f"[ERROR] unsupported type: data_visualization [json-pointer:/blocks/{chart_at}]",
        ),
    )
    poster.errors["C1"] = [refusal]
    support = BlockSupport()
    runner = DigestRunner(
        store, source, poster, clock=clock, sleep=clock.sleep, owner="p1", block_support=support
    )
    outcomes = await runner.run_due()
    assert sorted(o.result for o in outcomes) == [Result.SENT, Result.SENT]
    assert len(poster.to("C1")) == 1 and len(poster.to("C2")) == 1
    (posted,) = poster.to("C1")
    kinds = {block.type for block in posted.message.blocks}
    assert CHART not in kinds and TABLE in kinds  # only the refused kind is left out
    assert support.refused(WorkspaceRef(store.team)) == {CHART}
    assert posted.message.text.splitlines()[1].startswith("Last 14 days:")


async def test_a_timeout_that_did_reach_slack_is_not_posted_twice(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    poster.errors["C1"] = [PostError("timeout", permanent=False, maybe_posted=True)]
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE
    assert [o.result for o in await runner.run_due()] == [Result.RETRY]
    clock.advance(timedelta(minutes=1))
    assert [o.result for o in await runner.run_due()] == [Result.ALREADY_POSTED]
    assert len(poster.posts) == 1


async def test_an_empty_day_is_skipped_or_said_in_one_line(
    store: DigestStore, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1", skip_empty=True))
    await store.save_digest(make_digest("C2"))
    clock.now = BLACK_FRIDAY_NINE
    outcomes = await runner_for(store, FakeSource(), poster, clock).run_due()
    assert {o.channel_id: o.result for o in outcomes} == {"C1": Result.SKIPPED, "C2": Result.SENT}
    [quiet] = poster.posts
    assert quiet.channel == "C2" and len(quiet.message.blocks) == 1
    assert quiet.message.text == "😌 Quiet day: no bulk sends on Nov 26, 2026."


async def test_a_hundred_digests_at_one_minute_share_one_read_per_zone_and_date(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    for n in range(100):
        tz = BUENOS_AIRES if n % 2 else "America/Sao_Paulo"  # the same offset, two zones
        await store.save_digest(make_digest(f"C{n:03d}", tz=tz, days=EVERY_DAY))
    clock.now = BLACK_FRIDAY_NINE
    outcomes = await runner_for(store, source, poster, clock).run_due()
    assert len(outcomes) == 100 and {o.result for o in outcomes} == {Result.SENT}
    assert dict(source.reads) == {
        (BUENOS_AIRES, date(2026, 11, 26)): 1,
        ("America/Sao_Paulo", date(2026, 11, 26)): 1,
    }
    assert source.phone_reads == 1
    assert len({p.channel for p in poster.posts}) == 100


async def test_phones_unreadable_still_posts_the_digest(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    source.phones_fail = True
    clock.now = BLACK_FRIDAY_NINE
    assert [o.result for o in await runner_for(store, source, poster, clock).run_due()] == [
        Result.SENT
    ]
    assert "Couldn't read the numbers' quotas" in str(poster.posts[0].message.to_dict())


async def test_run_forever_passes_every_tick_until_stopped(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    clock.now = BLACK_FRIDAY_NINE - timedelta(minutes=1)
    stop = asyncio.Event()
    runner = runner_for(store, source, poster, clock)

    async def stop_after_post() -> None:
        while not poster.posts:
            await asyncio.sleep(0)
        stop.set()

    await asyncio.wait_for(asyncio.gather(runner.run_forever(stop), stop_after_post()), 10)
    assert poster.posts[0].at == BLACK_FRIDAY_NINE
    assert set(clock.slept) == {30.0}


async def test_a_normal_tick_never_marks_a_hundred_digests_late(
    store: DigestStore, source: FakeSource, clock: FakeClock
) -> None:
    """Slow posting (10 s each, as under rate limits) stretches one pass well past ten
    minutes; the app was up at 9:00, so none of those digests is "late"."""
    channels = [f"C{n:03d}" for n in range(100)]
    for channel in channels:
        await store.save_digest(make_digest(channel))
    poster = SlowPoster(clock)
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE - timedelta(seconds=20)
    results: list[Result] = []
    while len(results) < len(channels):
        results += [o.result for o in await runner.run_due()]
        clock.advance(timedelta(seconds=RunPolicy().tick))
    assert clock.now - BLACK_FRIDAY_NINE > timedelta(minutes=15)
    assert results == [Result.SENT] * len(channels)
    assert sorted(p.channel for p in poster.posts) == channels


async def test_a_retry_after_a_long_mindo_outage_is_not_marked_late(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    source.failures = 4  # retried after 1, 2, 4 and 8 minutes: read at 9:15
    runner = runner_for(store, source, poster, clock)
    clock.now = BLACK_FRIDAY_NINE
    results: list[Result] = []
    while Result.SENT not in results and Result.SENT_LATE not in results:
        results += [o.result for o in await runner.run_due()]
        clock.advance(timedelta(seconds=30))
    assert results == [Result.RETRY] * 4 + [Result.SENT]
    [posted] = poster.posts
    assert "Posted late" not in str([b.to_dict() for b in posted.message.blocks])


async def test_a_catch_up_retried_later_is_still_marked_late(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    await store.save_digest(make_digest("C1"))
    source.failures = 1
    clock.now = BLACK_FRIDAY_NINE + timedelta(hours=1)  # the app comes back at 10:00
    runner = runner_for(store, source, poster, clock)
    assert [o.result for o in await runner.run_due()] == [Result.RETRY]
    clock.advance(RunPolicy().backoff[0])
    assert [o.result for o in await runner.run_due()] == [Result.SENT_LATE]


class SlowPoster(FakePoster):
    """Each post takes ten seconds of the injected clock."""

    async def post(self, channel_id: str, message: SlackMessage, *, key: str) -> str:
        assert isinstance(self.clock, FakeClock)
        self.clock.advance(timedelta(seconds=10))
        return await super().post(channel_id, message, key=key)


async def test_each_run_is_one_log_line_with_its_outcome_and_duration(
    store: DigestStore, source: FakeSource, poster: FakePoster, clock: FakeClock
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("bot.digest.runner")
    logger.addHandler(handler)
    saved = logger.level
    logger.setLevel(logging.INFO)
    try:
        await store.save_digest(make_digest("C1"))
        clock.now = BLACK_FRIDAY_NINE
        with working_for("T0ACME"):
            await runner_for(store, source, poster, clock).run_due()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)
    [line] = [json.loads(raw) for raw in stream.getvalue().splitlines()]
    assert line["ms"] >= 0
    del line["time"], line["ms"]
    assert line == {
        "level": "info",
        "logger": "bot.digest.runner",
        "message": "digest run",
        "action": "digest",
        "outcome": "sent",
        "detail": None,
        "channel": "C1",
        "date": "2026-11-27",
        "team": "T0ACME",
    }
