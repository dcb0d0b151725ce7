"""Each workspace's Mindo key, sealed at rest, and what may be shown of it.

One row per workspace (``WorkspaceRef.id``): the key sealed with ``bot.store.sealing``,
its last four characters (all anyone is ever shown again), the company Mindo named when
the key was checked, who connected it and when, and a ``revision`` that changes with
every new key. Replicas keep each workspace's Mindo client for a while; reading the
revision tells them, cheaply, when the key under it changed elsewhere.

Calls run on the store's own thread (``bot.store.threaded``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from bot.domain.workspaces import WorkspaceRef
from bot.settings import Secret
from bot.store.backends import Backend, Row
from bot.store.sealing import SecretBox
from bot.store.threaded import ThreadedStore, from_ms, open_store_on, to_ms

#: Characters of a key shown to admins once it is stored.
HINT_LENGTH = 4
_COLUMNS = (
    "workspace_id, enterprise_id, team_id, is_enterprise_install, key_hint, company, "
    "connected_by, connected_at, revision"
)


@dataclass(frozen=True)
class MindoConnection:
    """A workspace's connection to Mindo, as it may be shown: never the key itself."""

    workspace: WorkspaceRef
    #: The key's last four characters.
    key_hint: str
    company: str
    connected_by: str
    connected_at: datetime
    revision: str


def key_hint(key: Secret) -> str:
    return key.reveal()[-HINT_LENGTH:]


def _connection(row: Row) -> MindoConnection:
    return MindoConnection(
        workspace=WorkspaceRef(
            id=row[0], enterprise_id=row[1], team_id=row[2], is_enterprise_install=bool(row[3])
        ),
        key_hint=row[4],
        company=row[5],
        connected_by=row[6],
        connected_at=from_ms(row[7]),
        revision=row[8],
    )


class ConnectionStore(ThreadedStore):
    """Mindo keys by workspace; the async face of a few SQL statements."""

    thread_name = "mindo-keys"

    def __init__(self, backend: Backend, box: SecretBox) -> None:
        super().__init__(backend)
        self._box = box

    async def get(self, workspace_id: str) -> MindoConnection | None:
        rows = await self._call(
            self.backend.query,
            f"SELECT {_COLUMNS} FROM mindo_connections WHERE workspace_id = ?",
            (workspace_id,),
        )
        return _connection(rows[0]) if rows else None

    async def revision(self, workspace_id: str) -> str | None:
        rows = await self._call(
            self.backend.query,
            "SELECT revision FROM mindo_connections WHERE workspace_id = ?",
            (workspace_id,),
        )
        return str(rows[0][0]) if rows else None

    async def key(self, workspace_id: str) -> tuple[Secret, str] | None:
        """The workspace's key, opened, and its revision; None when none is connected.

        Raises SealError when the key was sealed with a key the app no longer has.
        """
        rows = await self._call(
            self.backend.query,
            "SELECT sealed_key, revision FROM mindo_connections WHERE workspace_id = ?",
            (workspace_id,),
        )
        if not rows:
            return None
        return Secret(self._box.open(rows[0][0])), str(rows[0][1])

    async def save(
        self, workspace: WorkspaceRef, key: Secret, *, company: str, by: str, now: datetime
    ) -> MindoConnection:
        """Connect ``workspace`` to the Mindo account of ``key`` (replacing any key before)."""
        revision = uuid.uuid4().hex
        values = (
            workspace.id,
            workspace.enterprise_id,
            workspace.team_id,
            int(workspace.is_enterprise_install),
            self._box.seal(key.reveal()),
            key_hint(key),
            company,
            by,
            to_ms(now),
            revision,
        )
        updated = ", ".join(
            f"{column} = excluded.{column}"
            for column in ("sealed_key", "key_hint", "company", "connected_by", "connected_at")
        )
        await self._call(
            self.backend.execute,
            "INSERT INTO mindo_connections (workspace_id, enterprise_id, team_id, "
            "is_enterprise_install, sealed_key, key_hint, company, connected_by, connected_at, "
            "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            f"ON CONFLICT (workspace_id) DO UPDATE SET {updated}, revision = excluded.revision",
            values,
        )
        return MindoConnection(workspace, key_hint(key), company, by, now.astimezone(UTC), revision)

    async def delete(self, workspace_id: str) -> bool:
        """Forget the workspace's key; True if there was one."""
        changed = await self._call(
            self.backend.execute,
            "DELETE FROM mindo_connections WHERE workspace_id = ?",
            (workspace_id,),
        )
        return bool(changed)

    async def list_all(self) -> tuple[MindoConnection, ...]:
        rows = await self._call(
            self.backend.query,
            f"SELECT {_COLUMNS} FROM mindo_connections ORDER BY workspace_id",
        )
        return tuple(_connection(row) for row in rows)

    async def reseal_all(self) -> int:
        """Seal under the current key every Mindo key sealed under an old one."""
        return await self._call(self._reseal_all)

    def _reseal_all(self) -> int:
        changed = 0
        rows = self.backend.query("SELECT workspace_id, sealed_key FROM mindo_connections")
        for workspace_id, sealed in rows:
            fresh = self._box.reseal(sealed)
            if fresh is not None:
                self.backend.execute(
                    "UPDATE mindo_connections SET sealed_key = ? "
                    "WHERE workspace_id = ? AND sealed_key = ?",
                    (fresh, workspace_id, sealed),
                )
                changed += 1
        return changed


async def open_connection_store(target: str | Path, box: SecretBox) -> ConnectionStore:
    """Connect and bring the schema up to date; StoreError if the database is unusable."""
    return await open_store_on(target, partial(ConnectionStore, box=box))
