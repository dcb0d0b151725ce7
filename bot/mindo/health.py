"""Whether the road to Mindo is moving: what ``/healthz`` reports about it.

A trickling Mindo used to hold every request slot for minutes while the health check said
all was well. The requester now notes each request as it starts and ends, and each slot
wait; ``PathWatch.report`` turns that into a verdict. The path is *stuck* when a request
has been in flight, or a caller has waited for a slot, longer than the deadlines allow
(our own fault: the deadlines should have freed it), or when the last requests all ran
out of time and the latest did so recently (Mindo's fault: it accepts requests and does
not answer them). One answer from Mindo clears the second kind.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

#: Requests in a row that ran out of time before the path counts as stuck.
TIMEOUTS_BEFORE_STUCK = 3
#: Seconds of slack on top of a deadline before an overdue request counts as stuck.
GRACE = 1.0


@dataclass(frozen=True)
class PathHealth:
    """A snapshot for the health check; ``reason`` is set exactly when ``stuck``."""

    stuck: bool
    reason: str | None
    in_flight: int
    waiting: int
    oldest_request_seconds: float
    timeouts_in_a_row: int

    def to_json(self) -> dict[str, object]:
        return {
            "ok": not self.stuck,
            "reason": self.reason,
            "in_flight": self.in_flight,
            "waiting_for_a_slot": self.waiting,
            "oldest_request_seconds": round(self.oldest_request_seconds, 1),
            "timeouts_in_a_row": self.timeouts_in_a_row,
        }


class PathWatch:
    """Bookkeeping the requester does around every request (no I/O, no locks needed)."""

    def __init__(self, *, deadline: float, budget: float, monotonic: Callable[[], float]) -> None:
        self._deadline = deadline
        self._budget = budget
        self._monotonic = monotonic
        self._ids = itertools.count()
        self._in_flight: dict[int, float] = {}
        self._waiting: dict[int, float] = {}
        self._timeouts = 0
        self._last_timeout = -1e18

    def waiting(self) -> int:
        ticket = next(self._ids)
        self._waiting[ticket] = self._monotonic()
        return ticket

    def started(self, ticket: int) -> None:
        self._waiting.pop(ticket, None)
        self._in_flight[ticket] = self._monotonic()

    def ended(self, ticket: int, *, timed_out: bool = False, answered: bool = False) -> None:
        """``answered``: Mindo sent a whole answer (any status); ``timed_out``: it did not."""
        self._waiting.pop(ticket, None)
        self._in_flight.pop(ticket, None)
        if answered:
            self._timeouts = 0
        elif timed_out:
            self._timeouts += 1
            self._last_timeout = self._monotonic()

    def report(self) -> PathHealth:
        now = self._monotonic()
        oldest = max((now - t for t in self._in_flight.values()), default=0.0)
        longest_wait = max((now - t for t in self._waiting.values()), default=0.0)
        reason = None
        if oldest > self._deadline + GRACE:
            reason = f"a Mindo request has been in flight for {oldest:.0f} s"
        elif longest_wait > self._budget + GRACE:
            reason = f"a Mindo request has waited {longest_wait:.0f} s for a free slot"
        elif (
            self._timeouts >= TIMEOUTS_BEFORE_STUCK
            and now - self._last_timeout <= self._budget + self._deadline
        ):
            reason = f"the last {self._timeouts} Mindo requests ran out of time"
        return PathHealth(
            stuck=reason is not None,
            reason=reason,
            in_flight=len(self._in_flight),
            waiting=len(self._waiting),
            oldest_request_seconds=oldest,
            timeouts_in_a_row=self._timeouts,
        )
