"""What a digest is and what became of each day's run: plain frozen records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.schedule import DigestSchedule
from bot.locale.languages import Language


@dataclass(frozen=True)
class Digest:
    """One channel's digest. At most one per channel.

    ``active_since`` is when it was created, re-enabled or rescheduled: a run due
    before that is not posted, so setting up a 9:00 digest at 10:00 waits for tomorrow.
    ``created_by`` is empty for the digest the environment (DIGEST_CHANNEL) creates.
    """

    channel_id: str
    channel_name: str
    schedule: DigestSchedule
    skip_empty: bool
    language: Language
    enabled: bool
    created_by: str
    updated_by: str
    created_at: datetime
    updated_at: datetime
    active_since: datetime
    last_error: str | None = None
    last_error_at: datetime | None = None


class RunState(StrEnum):
    """A day's run: claimed → posting → sent, or a detour through retry, or an end."""

    CLAIMED = "claimed"  # a process is building the message (under a lease)
    POSTING = "posting"  # the message may be on its way to Slack (under a lease)
    RETRY = "retry"  # waiting for next_attempt_at; any process may pick it up
    SENT = "sent"
    SKIPPED = "skipped"  # an empty day and the digest skips those
    FAILED = "failed"  # given up for the day (e.g. the channel is gone)


#: States a process holds under a lease.
LEASED = frozenset({RunState.CLAIMED, RunState.POSTING})
#: States no process will touch again for that day.
FINAL_STATES = frozenset({RunState.SENT, RunState.SKIPPED, RunState.FAILED})


@dataclass(frozen=True)
class Run:
    """One digest's run for one local date, as the store holds it.

    ``posting_since`` set on a claim means an earlier holder may have reached Slack
    before dying: the new holder looks for that message before posting again.
    ``first_claimed_at`` is when some process first took the day on: retries and
    takeovers keep it, so lateness and patience count from the first try.
    """

    channel_id: str
    run_date: date
    state: RunState
    owner: str
    attempts: int
    lease_until: datetime
    next_attempt_at: datetime | None
    posting_since: datetime | None
    message_ts: str | None
    error: str | None
    updated_at: datetime
    first_claimed_at: datetime
