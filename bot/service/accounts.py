"""Which Mindo account answers for a workspace: the environment's one, or each workspace's own.

A self-hosted app has one account for its one workspace (``OneAccount``). A distributed app
has one per workspace, built from the key its admin connected (``StoredAccounts``): each
with its own Mindo client, caches (templates, the company's zone, the Home tab's numbers)
and request slots, so nothing one workspace reads can reach another, and one busy
workspace cannot take every slot.

Accounts are built on first use and kept while used. Every ``recheck`` seconds a kept
account's key revision is read again: a key changed or removed on another replica is
noticed within that time, on this one at once (``forget``). Accounts unused for
``max_idle`` seconds, or beyond ``max_accounts``, are let go (a later request builds
them again). An account let go is closed ``close_after`` seconds later, when questions
it was answering have had their whole budget; ``aclose`` closes them all at the end.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from bot.domain.workspaces import WorkspaceRef
from bot.mindo.health import PathHealth
from bot.mindo.models import BusinessInfo
from bot.service.account import Account
from bot.settings import Secret

logger = logging.getLogger(__name__)

#: Builds the account a key opens (the composition root knows the address and limits).
OpenAccount = Callable[[Secret], Account]


class NotConnectedError(Exception):
    """The workspace has no Mindo key yet: an admin must connect one in the Home tab."""

    def __init__(self, workspace_id: str) -> None:
        super().__init__(f"workspace {workspace_id or '(this one)'} has no Mindo key connected")
        self.workspace_id = workspace_id


class AccountDirectory(Protocol):
    async def account(self, workspace: WorkspaceRef) -> Account | None:
        """The workspace's account; None when no Mindo key is connected for it."""

    def forget(self, workspace_id: str) -> None:
        """Let the workspace's account go (its key changed or was removed, or it left)."""

    def health(self) -> PathHealth | None:
        """How the road to Mindo is doing, for the health check; None: nothing to tell."""


class KeySource(Protocol):
    async def key(self, workspace_id: str) -> tuple[Secret, str] | None: ...

    async def revision(self, workspace_id: str) -> str | None: ...


class OneAccount:
    """A self-hosted app: the environment's account serves its one workspace."""

    def __init__(self, account: Account) -> None:
        self._account = account

    async def account(self, workspace: WorkspaceRef) -> Account:
        return self._account

    def forget(self, workspace_id: str) -> None:
        """The key comes from the environment: nothing to forget."""

    def health(self) -> PathHealth:
        return self._account.health()


@dataclass
class _Kept:
    account: Account
    revision: str
    checked_at: float
    used_at: float


class StoredAccounts:
    """Each workspace's account, built from its stored key, kept while used."""

    def __init__(
        self,
        keys: KeySource,
        open_account: OpenAccount,
        *,
        recheck: float = 10.0,
        max_idle: float = 3600.0,
        max_accounts: int = 5000,
        close_after: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._keys = keys
        self._open = open_account
        self._recheck = recheck
        self._max_idle = max_idle
        self._max_accounts = max_accounts
        self._monotonic = monotonic
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._pending: dict[str, asyncio.Task[Account | None]] = {}
        self._close_after = close_after
        self._closing: dict[asyncio.Task[None], Account] = {}

    def __len__(self) -> int:
        return len(self._kept)

    async def account(self, workspace: WorkspaceRef) -> Account | None:
        now = self._monotonic()
        kept = self._kept.get(workspace.id)
        if kept is not None and now - kept.checked_at < self._recheck:
            kept.used_at = now
            self._kept.move_to_end(workspace.id)
            return kept.account
        task = self._pending.get(workspace.id)
        if task is None:  # one read per workspace, however many requests arrive at once
            task = asyncio.ensure_future(self._load(workspace.id))
            self._pending[workspace.id] = task
            task.add_done_callback(lambda _: self._pending.pop(workspace.id, None))
        return await asyncio.shield(task)

    async def _load(self, workspace_id: str) -> Account | None:
        kept = self._kept.get(workspace_id)
        if kept is not None:
            revision = await self._keys.revision(workspace_id)
            if revision == kept.revision:
                kept.checked_at = kept.used_at = self._monotonic()
                self._kept.move_to_end(workspace_id)
                return kept.account
        found = await self._keys.key(workspace_id)
        if found is None:
            self.forget(workspace_id)
            return None
        key, revision = found
        account = self._open(key)
        now = self._monotonic()
        self.forget(workspace_id)  # the account of the key before, if any
        self._kept[workspace_id] = _Kept(account, revision, now, now)
        self._kept.move_to_end(workspace_id)
        self._let_go(now)
        return account

    def _let_go(self, now: float) -> None:
        """The least recently used beyond the limit, and any idle too long."""
        while len(self._kept) > self._max_accounts:
            self._close_later(self._kept.popitem(last=False)[1].account)
        while self._kept:
            oldest = next(iter(self._kept.values()))
            if now - oldest.used_at <= self._max_idle:
                break
            self._close_later(self._kept.popitem(last=False)[1].account)

    def forget(self, workspace_id: str) -> None:
        kept = self._kept.pop(workspace_id, None)
        if kept is not None:
            self._close_later(kept.account)

    def _close_later(self, account: Account) -> None:
        async def close() -> None:
            await asyncio.sleep(self._close_after)
            await account.aclose()

        task = asyncio.ensure_future(close())
        self._closing[task] = account
        task.add_done_callback(lambda done: self._closing.pop(done, None))

    async def aclose(self) -> None:
        """Close every account, kept or let go (the app is stopping)."""
        accounts = [kept.account for kept in self._kept.values()]
        for task, account in list(self._closing.items()):
            task.cancel()
            accounts.append(account)
        self._kept.clear()
        for account in accounts:
            await account.aclose()

    def accounts(self) -> Iterator[tuple[str, Account]]:
        """The accounts kept now, by workspace id (for the health check and benchmarks)."""
        return ((workspace_id, kept.account) for workspace_id, kept in self._kept.items())

    def health(self) -> PathHealth | None:
        """Stuck only when every workspace in use is stuck: one workspace's trouble with its
        own account must not take the whole app out of its load balancer."""
        reports = [account.health() for _, account in self.accounts()]
        if not reports:
            return None
        stuck = [report for report in reports if report.stuck]
        return PathHealth(
            stuck=len(stuck) == len(reports),
            reason=stuck[0].reason if len(stuck) == len(reports) else None,
            in_flight=sum(r.in_flight for r in reports),
            waiting=sum(r.waiting for r in reports),
            oldest_request_seconds=max(r.oldest_request_seconds for r in reports),
            timeouts_in_a_row=max(r.timeouts_in_a_row for r in reports),
        )


async def try_key(open_account: OpenAccount, key: Secret, *, within: float) -> BusinessInfo:
    """What Mindo says about ``key`` within ``within`` seconds: the company it opens.

    Raises MindoError (wrong or expired key, Mindo down) or TimeoutError.
    """
    account = open_account(key)
    try:
        return await asyncio.wait_for(account.business_info(), within)
    finally:
        await account.aclose()
