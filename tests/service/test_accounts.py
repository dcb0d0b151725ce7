"""Which account answers for a workspace: built once from its stored key, kept while used,
noticed when the key changes elsewhere, let go when idle or too many, never shared."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field

import httpx

from bot.domain.workspaces import WorkspaceRef
from bot.mindo.client import MindoClient
from bot.service.account import Account
from bot.service.accounts import StoredAccounts
from bot.settings import Secret
from tests.factories import WEDNESDAY_LUNCHTIME, FakeClock

ACME, GLOBEX = WorkspaceRef("TACME", "TACME"), WorkspaceRef("TGLOBEX", "TGLOBEX")


@dataclass
class Keys:
    """A key store: keys and revisions by workspace, counting reads."""

    keys: dict[str, tuple[Secret, str]] = field(default_factory=dict)
    reads: Counter[str] = field(default_factory=Counter)
    gate: asyncio.Event | None = None

    async def key(self, workspace_id: str) -> tuple[Secret, str] | None:
        self.reads["key"] += 1
        if self.gate is not None:
            await self.gate.wait()
        return self.keys.get(workspace_id)

    async def revision(self, workspace_id: str) -> str | None:
        self.reads["revision"] += 1
        found = self.keys.get(workspace_id)
        return found[1] if found else None


class Opener:
    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, key: Secret) -> Account:
        self.opened.append(key.reveal())
        client = MindoClient(
            "https://mindo.test", key.reveal(), transport=httpx.MockTransport(_unused)
        )
        return Account(client, demo=False, clock=FakeClock(WEDNESDAY_LUNCHTIME))


def _unused(request: httpx.Request) -> httpx.Response:
    raise AssertionError("no Mindo request in these tests")


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_each_workspace_gets_its_own_account_built_once() -> None:
    keys = Keys({"TACME": (Secret("k-acme"), "r1"), "TGLOBEX": (Secret("k-globex"), "r1")})
    opener, ticks = Opener(), Ticks()
    accounts = StoredAccounts(keys, opener, recheck=10.0, monotonic=ticks)
    acme, globex = await accounts.account(ACME), await accounts.account(GLOBEX)
    assert acme is not None and globex is not None and acme is not globex
    assert await accounts.account(ACME) is acme
    assert opener.opened == ["k-acme", "k-globex"] and keys.reads["revision"] == 0
    assert await accounts.account(WorkspaceRef("TNOKEY", "TNOKEY")) is None


async def test_many_requests_at_once_read_the_key_once() -> None:
    keys = Keys({"TACME": (Secret("k-acme"), "r1")}, gate=asyncio.Event())
    opener = Opener()
    accounts = StoredAccounts(keys, opener)
    waiting = [asyncio.ensure_future(accounts.account(ACME)) for _ in range(20)]
    await asyncio.sleep(0)
    keys.gate.set()  # type: ignore[union-attr]
    found = await asyncio.gather(*waiting)
    assert len({id(account) for account in found}) == 1
    assert keys.reads["key"] == 1 and opener.opened == ["k-acme"]


async def test_a_key_changed_elsewhere_is_noticed_at_the_next_recheck() -> None:
    keys = Keys({"TACME": (Secret("k-old"), "r1")})
    opener, ticks = Opener(), Ticks()
    accounts = StoredAccounts(keys, opener, recheck=10.0, monotonic=ticks)
    old = await accounts.account(ACME)
    keys.keys["TACME"] = (Secret("k-new"), "r2")  # another replica saved a new key
    ticks.now = 5.0
    assert await accounts.account(ACME) is old
    ticks.now = 11.0
    new = await accounts.account(ACME)
    assert new is not old and opener.opened == ["k-old", "k-new"]
    ticks.now = 22.0
    assert await accounts.account(ACME) is new  # same revision: kept, no new build
    assert opener.opened == ["k-old", "k-new"]
    del keys.keys["TACME"]  # removed elsewhere
    ticks.now = 33.0
    assert await accounts.account(ACME) is None and len(accounts) == 0


async def test_forget_drops_at_once_and_idle_or_surplus_accounts_go() -> None:
    keys = Keys({f"T{n}": (Secret(f"k{n}"), "r") for n in range(5)})
    opener, ticks = Opener(), Ticks()
    accounts = StoredAccounts(keys, opener, max_idle=100.0, max_accounts=3, monotonic=ticks)
    for n in range(5):
        ticks.now = float(n)
        await accounts.account(WorkspaceRef(f"T{n}", f"T{n}"))
    assert [w for w, _ in accounts.accounts()] == ["T2", "T3", "T4"]  # least recent out
    accounts.forget("T3")
    assert [w for w, _ in accounts.accounts()] == ["T2", "T4"]
    ticks.now = 150.0
    await accounts.account(WorkspaceRef("T0", "T0"))
    assert [w for w, _ in accounts.accounts()] == ["T0"]  # the idle ones went


async def test_health_is_stuck_only_when_every_workspace_is() -> None:
    keys = Keys({"TACME": (Secret("k-acme"), "r"), "TGLOBEX": (Secret("k-globex"), "r")})
    accounts = StoredAccounts(keys, Opener())
    assert accounts.health() is None
    await accounts.account(ACME)
    await accounts.account(GLOBEX)
    health = accounts.health()
    assert health is not None and not health.stuck


async def test_an_account_let_go_is_closed_after_its_questions_had_their_time() -> None:
    keys = Keys({"TACME": (Secret("k-old"), "r1"), "TGLOBEX": (Secret("k-globex"), "r1")})
    accounts = StoredAccounts(keys, Opener(), close_after=0.01)
    old = await accounts.account(ACME)
    globex = await accounts.account(GLOBEX)
    assert old is not None and globex is not None
    accounts.forget("TACME")
    assert not old.closed
    await asyncio.sleep(0.05)
    assert old.closed and not globex.closed
    await accounts.aclose()
    assert globex.closed and len(accounts) == 0
