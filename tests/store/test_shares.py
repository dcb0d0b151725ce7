"""Each answer is shared once per channel, whichever replica gets the click."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.store.shares import (
    STALE_AFTER,
    MemoryShares,
    ShareLedger,
    ShareStore,
    open_share_store,
    share_key,
)
from tests.factories import BLACK_FRIDAY_NOON as NOW

KEY = share_key("C1", "1700000000.000100", "state-of-the-answer")


@pytest.fixture
async def replicas(db_target: str) -> AsyncIterator[tuple[ShareStore, ShareStore]]:
    """Two processes' stores over one database."""
    first = await open_share_store(db_target)
    second = await open_share_store(db_target)
    yield first, second
    await first.close()
    await second.close()


def test_the_key_is_one_answer_in_one_channel() -> None:
    assert share_key("C1", "1700000000.000100", "state-of-the-answer") == KEY
    assert share_key("C2", "1700000000.000100", "state-of-the-answer") != KEY
    assert share_key("C1", "1700000000.000200", "state-of-the-answer") != KEY
    assert share_key("C1", "1700000000.000100", "another-page") != KEY
    assert len(KEY) == 40


async def check_once(first: ShareLedger, second: ShareLedger) -> None:
    assert await first.claim("T1", KEY, "C1", "U1", NOW) is None
    busy = await second.claim("T1", KEY, "C1", "U2", NOW + timedelta(seconds=1))
    assert busy is not None and not busy.posted and busy.shared_by == "U1"
    await first.posted("T1", KEY, "1700000001.000200", "https://x.slack.com/archives/C1/p1")
    done = await second.claim("T1", KEY, "C1", "U2", NOW + timedelta(hours=5))
    assert done is not None and done.posted
    assert (done.message_ts, done.permalink, done.shared_by) == (
        "1700000001.000200",
        "https://x.slack.com/archives/C1/p1",
        "U1",
    )
    # Another workspace's answer with the same key is its own.
    assert await second.claim("T2", KEY, "C1", "U9", NOW) is None


async def test_two_replicas_share_an_answer_once(
    replicas: tuple[ShareStore, ShareStore],
) -> None:
    await check_once(*replicas)


async def test_one_process_shares_an_answer_once() -> None:
    shares = MemoryShares()
    await check_once(shares, shares)


async def test_a_failed_post_gives_the_claim_back(
    replicas: tuple[ShareStore, ShareStore],
) -> None:
    first, second = replicas
    assert await first.claim("T1", KEY, "C1", "U1", NOW) is None
    await first.release("T1", KEY)
    assert await second.claim("T1", KEY, "C1", "U2", NOW) is None


async def test_a_claim_left_by_a_dead_process_is_taken_over_once(
    replicas: tuple[ShareStore, ShareStore],
) -> None:
    first, second = replicas
    assert await first.claim("T1", KEY, "C1", "U1", NOW) is None
    later = NOW + STALE_AFTER + timedelta(seconds=1)
    results = await asyncio.gather(
        first.claim("T1", KEY, "C1", "U2", later), second.claim("T1", KEY, "C1", "U3", later)
    )
    assert sorted(r is None for r in results) == [False, True]  # exactly one takes it


async def test_many_clicks_at_once_make_one_claim(
    replicas: tuple[ShareStore, ShareStore],
) -> None:
    first, second = replicas
    claims = await asyncio.gather(
        *((first if n % 2 else second).claim("T1", KEY, "C1", f"U{n}", NOW) for n in range(20))
    )
    assert sum(c is None for c in claims) == 1
