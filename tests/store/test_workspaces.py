"""Per-workspace rows: each workspace sees its own digests and runs, a database from before
workspaces keeps its digests for the one self-hosted workspace, and a workspace's rows go
away together."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.domain.digests import RunState
from bot.store.backends import open_backend
from bot.store.digests import DigestStore, open_store
from bot.store.migrations import MIGRATIONS, migrate
from bot.store.threaded import SINGLE_TEAM
from tests.factories import make_digest

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 27)
LEASE = timedelta(minutes=5)


async def test_two_workspaces_never_see_each_others_digests(store: DigestStore) -> None:
    acme, globex = store.for_team("TACME"), store.for_team("TGLOBEX")
    await acme.save_digest(make_digest("C0SHARED", hour=9))
    await globex.save_digest(make_digest("C0SHARED", hour=17))  # one Slack Connect channel
    await globex.save_digest(make_digest("C0ONLYGLOBEX"))
    acme_shared = await acme.get_digest("C0SHARED")
    globex_shared = await globex.get_digest("C0SHARED")
    assert acme_shared is not None and globex_shared is not None
    assert (acme_shared.schedule.hour, globex_shared.schedule.hour) == (9, 17)
    assert [d.channel_id for d in await acme.list_digests()] == ["C0SHARED"]
    assert await acme.get_digest("C0ONLYGLOBEX") is None
    assert await store.list_digests() == ()  # the self-hosted workspace has none
    every = await store.list_every_team()
    assert sorted((team, d.channel_id) for team, d in every) == [
        ("TACME", "C0SHARED"),
        ("TGLOBEX", "C0ONLYGLOBEX"),
        ("TGLOBEX", "C0SHARED"),
    ]


async def test_each_workspace_claims_its_own_day(store: DigestStore) -> None:
    acme, globex = store.for_team("TACME"), store.for_team("TGLOBEX")
    mine = await acme.claim("C0SHARED", DAY, "p1", NOW, LEASE)
    theirs = await globex.claim("C0SHARED", DAY, "p1", NOW, LEASE)
    assert mine is not None and theirs is not None
    assert await acme.claim("C0SHARED", DAY, "p2", NOW, LEASE) is None
    assert await acme.finish(mine, RunState.SENT, NOW, message_ts="1.1")
    assert (await globex.get_run("C0SHARED", DAY)).state is RunState.CLAIMED  # type: ignore[union-attr]
    assert set(await acme.last_runs()) == {"C0SHARED"}
    assert (await globex.last_runs())["C0SHARED"].state is RunState.CLAIMED


async def test_deleting_a_workspace_leaves_the_others(store: DigestStore) -> None:
    acme, globex = store.for_team("TACME"), store.for_team("TGLOBEX")
    for team in (acme, globex):
        await team.save_digest(make_digest("C0MARKETING"))
        await team.claim("C0MARKETING", DAY, "p1", NOW, LEASE)
    assert await acme.delete_team() == 1
    assert await acme.list_digests() == () and await acme.last_runs() == {}
    assert len(await globex.list_digests()) == 1 and len(await globex.last_runs()) == 1


async def test_a_view_does_not_close_the_database(store: DigestStore) -> None:
    view = store.for_team("TACME")
    await view.close()
    await view.save_digest(make_digest())
    assert view.team == "TACME" and store.team == SINGLE_TEAM


async def test_digests_from_before_workspaces_belong_to_the_self_hosted_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    backend = open_backend(path)
    migrate(backend, MIGRATIONS[:3])
    backend.execute(
        "INSERT INTO digests (channel_id, channel_name, hour, minute, days, timezone, "
        "skip_empty, language, enabled, created_by, updated_by, created_at, updated_at, "
        "active_since) VALUES ('C0OLD', 'old', 9, 0, '0123456', 'UTC', 0, 'en', 1, 'U1', "
        "'U1', 0, 0, 0)"
    )
    backend.execute(
        "INSERT INTO digest_runs (channel_id, run_date, state, owner, attempts, lease_until, "
        "updated_at, first_claimed_at) VALUES ('C0OLD', '2026-11-26', 'sent', 'p', 1, 0, 0, 0)"
    )
    backend.close()
    store = await open_store(path)
    try:
        assert [d.channel_id for d in await store.list_digests()] == ["C0OLD"]
        assert (await store.last_runs())["C0OLD"].state is RunState.SENT
        assert await store.for_team("TACME").list_digests() == ()
    finally:
        await store.close()
