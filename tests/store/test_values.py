"""Values checked on the way in, and rows checked again on the way out: one bad row (a
5,000-character channel id, say) is left out of lists instead of breaking them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain.schedule import DigestSchedule
from bot.store.digests import DigestStore
from bot.store.threaded import to_ms
from bot.store.values import StoreValueError, digest_problem
from tests.factories import make_digest

GOOD = make_digest("C0GOOD")


@pytest.mark.parametrize(
    ("digest", "problem"),
    [
        (replace(GOOD, channel_id="C" + "1" * 5000), "channel_id"),
        (replace(GOOD, channel_id="general"), "channel_id"),
        (replace(GOOD, channel_id="D0DIRECT"), "channel_id"),
        (replace(GOOD, channel_name="x" * 81), "channel_name"),
        (replace(GOOD, channel_name="tab\there"), "channel_name"),
        (replace(GOOD, created_by="someone"), "created_by"),
        (replace(GOOD, updated_by="U" * 500), "updated_by"),
        (replace(GOOD, language="fr"), "language"),  # type: ignore[arg-type]
        (replace(GOOD, last_error="e" * 201), "last_error"),
    ],
)
async def test_a_value_slack_could_not_have_given_is_not_saved(
    store: DigestStore, digest: object, problem: str
) -> None:
    with pytest.raises(StoreValueError, match=problem):
        await store.save_digest(digest)  # type: ignore[arg-type]
    assert await store.list_digests() == ()


def test_a_sound_digest_has_no_problem() -> None:
    assert digest_problem(GOOD) is None
    assert digest_problem(replace(GOOD, created_by="", updated_by="")) is None  # from env


async def test_one_bad_row_never_breaks_the_list(store: DigestStore) -> None:
    await store.save_digest(GOOD)
    await store.save_digest(make_digest("C0OTHER"))
    bad = [
        ("C" + "9" * 5000, "huge", 9, 0, "0123456", "UTC"),
        ("C0BADZONE", "zone", 9, 0, "0123456", "Mars/Olympus"),
        ("C0BADHOUR", "hour", 25, 0, "0123456", "UTC"),
        ("C0BADDAYS", "days", 9, 0, "x", "UTC"),
    ]
    for channel, name, hour, minute, days, zone in bad:
        store.repo.backend.execute(
            "INSERT INTO digests (channel_id, channel_name, hour, minute, days, timezone, "
            "skip_empty, language, enabled, created_by, updated_by, created_at, updated_at, "
            "active_since) VALUES (?, ?, ?, ?, ?, ?, 0, 'en', 1, 'U1', 'U1', ?, ?, ?)",
            (channel, name, hour, minute, days, zone, *[to_ms(GOOD.created_at)] * 3),
        )
    listed = await store.list_digests()
    assert [d.channel_id for d in listed] == ["C0GOOD", "C0OTHER"]


def test_the_schedule_itself_refuses_an_impossible_time() -> None:
    with pytest.raises(ValueError):
        DigestSchedule(25, 0, frozenset({1}), "UTC")
