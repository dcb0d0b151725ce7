"""Where Slack installations and OAuth states are kept: slack_sdk's own SQLAlchemy stores.

Bolt's OAuth flow saves each installation and its authorize step finds the bot token of
the workspace a request comes from; both speak slack_sdk's ``AsyncInstallationStore``.
slack_sdk's ``SQLAlchemyInstallationStore`` and ``SQLAlchemyOAuthStateStore`` already
run on SQLite and PostgreSQL alike, so they are used as they are, with two changes
around them:

- every call runs on a worker thread (they are synchronous), so a slow database never
  stalls the event loop that acknowledges slash commands;
- the tokens (and an incoming webhook's URL) are sealed (``bot.store.sealing``) on the
  way in and opened on the way out, so the database alone gives nobody a token.

The tables themselves are created by the store's migrations (step 5), with slack_sdk's
columns. Rows are kept per ``client_id`` (SLACK_CLIENT_ID), as slack_sdk does.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.domain.workspaces import WorkspaceRef
from bot.store.backends import is_postgres_url, unusable
from bot.store.sealing import SecretBox
from bot.store.threaded import on_thread

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The fields of an installation that hold secrets: sealed at rest.
SEALED_FIELDS = (
    "bot_token",
    "bot_refresh_token",
    "user_token",
    "user_refresh_token",
    "incoming_webhook_url",
)
#: Threads (and database connections) the two stores share.
WORKERS = 4


def sqlalchemy_url(target: str | Path) -> str:
    """The store's target (a PostgreSQL URL or a SQLite path) as SQLAlchemy names it."""
    text = str(target)
    if isinstance(target, str) and is_postgres_url(text):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return "sqlite:///" + str(Path(text).resolve())


@dataclass(frozen=True)
class InstalledWorkspace:
    """One installation as the operator may see it: who, where, when; no token."""

    workspace: WorkspaceRef
    name: str
    bot_user_id: str
    scopes: tuple[str, ...]
    installed_at: datetime


class SealedInstallationStore(AsyncInstallationStore):
    """slack_sdk's SQLAlchemy installation store, on worker threads, with sealed tokens."""

    def __init__(self, inner: SQLAlchemyInstallationStore, box: SecretBox, executor: Any) -> None:
        self._inner = inner
        self._box = box
        self._executor = executor
        self.client_id = inner.client_id

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await on_thread(self._executor, fn, *args, **kwargs)

    def _sealed(self, record: T) -> T:
        copied = copy.copy(record)
        for name in SEALED_FIELDS:
            value = getattr(copied, name, None)
            if isinstance(value, str) and value:
                setattr(copied, name, self._box.seal(value))
        return copied

    def _opened(self, record: T | None) -> T | None:
        if record is None:
            return None
        for name in SEALED_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, str) and value:
                setattr(record, name, self._box.open(value))
        return record

    async def async_save(self, installation: Installation) -> None:
        await self._run(self._inner.save, self._sealed(installation))

    async def async_save_bot(self, bot: Bot) -> None:
        await self._run(self._inner.save_bot, self._sealed(bot))

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = await self._run(
            self._inner.find_bot,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found)

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = await self._run(
            self._inner.find_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._run(self._inner.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self._run(
            self._inner.delete_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
        )

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._run(self._inner.delete_all, enterprise_id=enterprise_id, team_id=team_id)

    async def find_workspace_bot(self, workspace: WorkspaceRef) -> Bot | None:
        """The latest bot of ``workspace`` (its token opened), as Bolt's authorize finds it."""
        return await self.async_find_bot(
            enterprise_id=workspace.enterprise_id,
            team_id=workspace.team_id,
            is_enterprise_install=workspace.is_enterprise_install,
        )

    async def find_by_workspace_id(self, workspace_id: str) -> Bot | None:
        """The latest bot of the workspace with this id (a team's, or an org-wide install's)."""
        return self._opened(await self._run(self._find_by_workspace_id, workspace_id))

    def _find_by_workspace_id(self, workspace_id: str) -> Bot | None:
        c = self._inner.bots.c
        query = (
            self._inner.bots.select()
            .where(
                c.client_id == self.client_id,
                c.bot_token.is_not(None),
                sqlalchemy.or_(
                    sqlalchemy.and_(c.is_enterprise_install, c.enterprise_id == workspace_id),
                    sqlalchemy.and_(~c.is_enterprise_install, c.team_id == workspace_id),
                ),
            )
            .order_by(c.installed_at.desc())
            .limit(1)
        )
        with self._inner.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                return SQLAlchemyInstallationStore.build_bot_entity(row)
        return None

    async def delete_workspace(self, workspace: WorkspaceRef) -> None:
        """Every installation and bot of ``workspace`` (uninstalled, or its tokens revoked)."""
        await self.async_delete_all(
            enterprise_id=workspace.enterprise_id, team_id=workspace.team_id
        )

    async def list_workspaces(self) -> tuple[InstalledWorkspace, ...]:
        """Every workspace with a bot installed, newest installation of each; no tokens."""
        return await self._run(self._list_workspaces)

    def _list_workspaces(self) -> tuple[InstalledWorkspace, ...]:
        bots = self._inner.bots
        c = bots.c
        query = (
            sqlalchemy.select(
                c.enterprise_id,
                c.enterprise_name,
                c.team_id,
                c.team_name,
                c.bot_user_id,
                c.bot_scopes,
                c.is_enterprise_install,
                c.installed_at,
            )
            .where(c.client_id == self.client_id, c.bot_token.is_not(None))
            .order_by(c.installed_at)
        )
        latest: dict[str, InstalledWorkspace] = {}
        with self._inner.engine.connect() as conn:
            for row in conn.execute(query):
                workspace = WorkspaceRef.of(
                    team_id=row.team_id,
                    enterprise_id=row.enterprise_id,
                    is_enterprise_install=bool(row.is_enterprise_install),
                )
                if workspace is None:
                    continue
                latest[workspace.id] = InstalledWorkspace(
                    workspace=workspace,
                    name=(row.enterprise_name if workspace.is_enterprise_install else row.team_name)
                    or "",
                    bot_user_id=row.bot_user_id or "",
                    scopes=tuple(s for s in (row.bot_scopes or "").split(",") if s),
                    installed_at=_utc(row.installed_at),
                )
        return tuple(sorted(latest.values(), key=lambda w: (w.name.lower(), w.workspace.id)))

    async def reseal_all(self) -> int:
        """Seal under the current key every token sealed under an old one; returns how many."""
        return await self._run(self._reseal_all)

    def _reseal_all(self) -> int:
        changed = 0
        with self._inner.engine.begin() as conn:
            for table in (self._inner.installations, self._inner.bots):
                columns = [table.c[name] for name in SEALED_FIELDS if name in table.c]
                for row in conn.execute(sqlalchemy.select(table.c.id, *columns)):
                    values = {}
                    for column in columns:
                        sealed = row._mapping[column.name]
                        if sealed and (fresh := self._box.reseal(sealed)) is not None:
                            values[column.name] = fresh
                    if values:
                        conn.execute(table.update().where(table.c.id == row.id).values(**values))
                        changed += len(values)
        return changed


class ThreadedStateStore(AsyncOAuthStateStore):
    """slack_sdk's SQLAlchemy OAuth state store on worker threads: any replica can finish an
    install another one began (the state is in the shared database, not in memory)."""

    def __init__(self, inner: SQLAlchemyOAuthStateStore, executor: Any) -> None:
        self._inner = inner
        self._executor = executor

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await on_thread(self._executor, self._inner.issue)

    async def async_consume(self, state: str) -> bool:
        return await on_thread(self._executor, self._inner.consume, state)


class SlackStores:
    """The installation and state stores over one SQLAlchemy engine; ``close`` ends both."""

    def __init__(
        self, target: str | Path, *, client_id: str, box: SecretBox, state_expiration: int = 600
    ) -> None:
        self._target = target
        self._executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="slack-store")
        self.engine = sqlalchemy.create_engine(
            sqlalchemy_url(target), pool_size=WORKERS, pool_pre_ping=True
        )
        self.installations = SealedInstallationStore(
            SQLAlchemyInstallationStore(client_id=client_id, engine=self.engine, logger=logger),
            box,
            self._executor,
        )
        self.states = ThreadedStateStore(
            SQLAlchemyOAuthStateStore(
                expiration_seconds=state_expiration, engine=self.engine, logger=logger
            ),
            self._executor,
        )

    async def check(self) -> None:
        """One query, so that an unusable database is a StoreError at start, not later."""
        try:
            await on_thread(self._executor, self._ping)
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise unusable(self._target, getattr(error, "orig", None) or error) from None

    def _ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(sqlalchemy.text("SELECT COUNT(*) FROM slack_bots"))

    async def close(self) -> None:
        await on_thread(self._executor, self.engine.dispose)
        self._executor.shutdown(wait=True)


def _utc(moment: datetime | None) -> datetime:
    """slack_sdk keeps naive UTC datetimes; SQLite may hand them back as text."""
    if moment is None:
        return datetime.fromtimestamp(0, UTC)
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
