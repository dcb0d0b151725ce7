"""Where each workspace's alert polls are kept (the SQL; used through
``bot.store.alerts.AlertStore``): one row per workspace, the claim on its next poll of
Mindo (so that replicas sharing the database poll each account once per interval between
them) and what one poll remembers for the next (each running send's progress, each
number's tier)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store.threaded import TeamRows, opt_ms, to_ms


@dataclass(frozen=True)
class PollClaim:
    """This process's turn to poll a workspace's account, and what the last poll left."""

    owner: str
    claimed_at: datetime
    #: When the last poll that read Mindo finished (None: never).
    polled_at: datetime | None
    #: Polls in a row that could not read Mindo.
    failures: int
    memory: str


class PollRows(TeamRows):
    """A workspace's poll."""

    def claim_poll(self, owner: str, now: datetime, lease: timedelta) -> PollClaim | None:
        """This process's turn to poll, if the poll is due and nobody is polling."""
        now_ms = to_ms(now)
        self.backend.execute(
            "INSERT INTO alert_polls (team_id, owner, lease_until, next_poll_at, polled_at, "
            "failures, memory) VALUES (?, '', 0, 0, NULL, 0, '{}') "
            "ON CONFLICT (team_id) DO NOTHING",
            (self.team,),
        )
        taken = self.backend.execute(
            "UPDATE alert_polls SET owner = ?, lease_until = ? "
            "WHERE team_id = ? AND next_poll_at <= ? AND lease_until <= ?",
            (owner, to_ms(now + lease), self.team, now_ms, now_ms),
        )
        if not taken:
            return None
        rows = self.backend.query(
            "SELECT owner, polled_at, failures, memory FROM alert_polls WHERE team_id = ?",
            (self.team,),
        )
        if not rows or rows[0][0] != owner:
            return None
        return PollClaim(owner, now, opt_ms(rows[0][1]), int(rows[0][2]), str(rows[0][3]))

    def finish_poll(
        self,
        claim: PollClaim,
        *,
        next_poll_at: datetime,
        polled_at: datetime | None,
        failures: int,
        memory: str,
    ) -> bool:
        """Hand the poll back until ``next_poll_at``; ``polled_at`` None keeps the last."""
        changed = self.backend.execute(
            "UPDATE alert_polls SET lease_until = 0, next_poll_at = ?, "
            "polled_at = COALESCE(?, polled_at), failures = ?, memory = ? "
            "WHERE team_id = ? AND owner = ?",
            (
                to_ms(next_poll_at),
                None if polled_at is None else to_ms(polled_at),
                failures,
                memory,
                self.team,
                claim.owner,
            ),
        )
        return changed == 1
