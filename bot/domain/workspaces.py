"""Which Slack workspace something belongs to: the key every per-workspace thing is kept under.

A workspace is one Slack team, or a whole Enterprise Grid organisation when the app was
installed org-wide (then every team of the organisation shares one installation, one
Mindo key and one set of digests). Its ``id`` is the team id (``T…``) or the enterprise
id (``E…``); the two never collide. An app serving one workspace from tokens in the
environment has exactly one, ``SINGLE_WORKSPACE``, whose id is empty.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkspaceRef:
    id: str
    team_id: str | None = None
    enterprise_id: str | None = None
    is_enterprise_install: bool = False

    @classmethod
    def of(
        cls, *, team_id: str | None, enterprise_id: str | None, is_enterprise_install: bool
    ) -> WorkspaceRef | None:
        """The workspace of an installation or a request; None without the ids it needs."""
        if is_enterprise_install:
            if not enterprise_id:
                return None
            return cls(enterprise_id, None, enterprise_id, True)
        if not team_id:
            return None
        return cls(team_id, team_id, enterprise_id or None, False)

    @property
    def single(self) -> bool:
        """The one workspace of a self-hosted app (no installation behind it)."""
        return self.id == ""


SINGLE_WORKSPACE = WorkspaceRef("")
