"""What a channel's alerts are and what became of each one: plain frozen records.

A channel that turned alerts on (``AlertChannel``) is told, once, about each send and
number that goes wrong (``AlertKind``), by its own rules: the failure rate a partial send
must reach, how long a send may wait in the queue or stand still, which templates it
cares about, and when it wants quiet. Each (channel, subject, kind) is one ``AlertPost``
in the store: claimed by one process, posted once, then kept to update the message in
place and to thread what happens next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from bot.domain.schedule import zone
from bot.locale.languages import Language

#: A new channel's rules when nothing else is said.
DEFAULT_THRESHOLD = 10.0
DEFAULT_STUCK_MINUTES = 30
#: What a command or the form may set.
THRESHOLD_RANGE = (0.1, 100.0)
STUCK_RANGE = (5, 24 * 60)
#: A number at or above this share of its daily quota is flagged (percent).
QUOTA_WARNING = 80.0


class AlertKind(StrEnum):
    """What went wrong, or (the last three) what happened next to a send already alerted."""

    FAILED = "failed"
    PARTIAL = "partial"  # ended with a failure rate at or above the channel's threshold
    QUEUED = "queued"  # waiting longer than the channel's limit
    STALLED = "stalled"  # processing, with no progress for that long
    QUOTA = "quota"  # a number at QUOTA_WARNING or more of its daily quota
    CANNOT_SEND = "cannot_send"  # business-accounts says quota.canSend is false
    TIER_LOWERED = "tier_lowered"  # the number's messaging tier went down
    STARTED = "started"  # a send alerted as queued began sending
    RESUMED = "resumed"  # a send alerted as stalled moves again
    FINISHED = "finished"  # a send alerted as queued or stalled ended well


#: Only ever posted in the thread of an earlier alert about the same send.
FOLLOW_UPS = frozenset({AlertKind.STARTED, AlertKind.RESUMED, AlertKind.FINISHED})
#: Conditions still true when noticed (rather than things that happened once): an alert
#: for them may be posted whenever they hold, however old they are.
ONGOING = frozenset({AlertKind.QUEUED, AlertKind.STALLED, AlertKind.QUOTA, AlertKind.CANNOT_SEND})


class AlertRulesError(ValueError):
    """Rules that cannot be (quiet hours that start when they end, a bad time zone…)."""


@dataclass(frozen=True)
class QuietHours:
    """Local wall-clock times, ``start`` included, ``end`` excluded; may span midnight."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise AlertRulesError("quiet hours must end at another time than they start")

    def active(self, now: datetime, timezone: str) -> bool:
        wall = now.astimezone(zone(timezone)).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= wall < self.end
        return wall >= self.start or wall < self.end

    def ends_after(self, now: datetime, timezone: str) -> datetime:
        """The first instant after ``now`` when quiet hours end (in UTC)."""
        local = now.astimezone(zone(timezone))
        for offset in range(3):
            day = local.date() + timedelta(days=offset)
            end = datetime.combine(day, self.end, tzinfo=zone(timezone)).astimezone(UTC)
            if end > now:
                return end
        raise AssertionError("quiet hours end within two days")


@dataclass(frozen=True)
class AlertChannel:
    """One channel's alerts: at most one per channel (and workspace).

    ``active_since`` is when they were turned on or their rules changed: a send that ended
    badly before that is not announced (conditions still true are). ``templates`` empty
    means every template; number alerts come whatever the templates.
    ``created_by`` is empty for the channel ALERTS_CHANNEL sets up.
    """

    channel_id: str
    channel_name: str
    enabled: bool
    #: A partial send is an alert from this failure rate (percent of its recipients).
    threshold: float
    #: Minutes a send may wait in the queue, or process without progress.
    stuck_minutes: int
    templates: frozenset[str]
    quiet: QuietHours | None
    #: Where quiet hours and times in the messages are read.
    timezone: str
    language: Language
    created_by: str
    updated_by: str
    created_at: datetime
    updated_at: datetime
    active_since: datetime
    last_error: str | None = None
    last_error_at: datetime | None = None

    def __post_init__(self) -> None:
        low, high = THRESHOLD_RANGE
        if not low <= self.threshold <= high:
            raise AlertRulesError(f"threshold must be {low}–{high}%")
        if not STUCK_RANGE[0] <= self.stuck_minutes <= STUCK_RANGE[1]:
            raise AlertRulesError(f"stuck minutes must be {STUCK_RANGE[0]}–{STUCK_RANGE[1]}")
        zone(self.timezone)

    @property
    def stuck_after(self) -> timedelta:
        return timedelta(minutes=self.stuck_minutes)

    def wants_template(self, name: str) -> bool:
        return not self.templates or name in self.templates

    def quiet_now(self, now: datetime) -> bool:
        return self.quiet is not None and self.quiet.active(now, self.timezone)


@dataclass(frozen=True)
class Mute:
    """Alerts of a channel silenced until ``until``: one template's, or all (``template``
    None). What happens while muted is not posted later."""

    channel_id: str
    template: str | None
    until: datetime
    muted_by: str


class PostState(StrEnum):
    """An alert's way: claimed → posting → sent, or held / retry first, or an end."""

    CLAIMED = "claimed"  # a process is preparing it (under a lease)
    POSTING = "posting"  # it may be on its way to Slack (under a lease)
    HELD = "held"  # waiting for the channel's quiet hours to end (next_attempt_at)
    RETRY = "retry"  # waiting for next_attempt_at; any process may pick it up
    SENT = "sent"
    FAILED = "failed"  # given up (the channel is gone, Slack refused it for good)
    MUTED = "muted"  # happened while muted: never posted


#: States a process may hold under a lease.
LEASED = frozenset({PostState.CLAIMED, PostState.POSTING})
#: States that wait for a time, then may be taken by any process.
WAITING = frozenset({PostState.HELD, PostState.RETRY})
FINAL = frozenset({PostState.SENT, PostState.FAILED, PostState.MUTED})


class Layout(StrEnum):
    """How the message an alert went out in is laid out (to rebuild it for an update)."""

    SINGLE = "single"  # one alert, one message
    LIST = "list"  # several new alerts of one poll, one message
    HELD = "held"  # alerts held through quiet hours, posted together
    REPLY = "reply"  # in the thread of an earlier alert about the same send


@dataclass(frozen=True)
class AlertPost:
    """One (channel, subject, kind) as the store holds it.

    ``subject`` is a send id, or ``number:<phone number id>:<date>`` for a number.
    ``snapshot`` is what the message was built from (JSON), so that it can be built again
    to update it. ``shown`` is the fingerprint of the subject as the message shows it.
    ``post_key`` marks the Slack message it went out in (several alerts share one when
    posted together); a process taking over looks for that key before posting again.
    """

    channel_id: str
    subject: str
    kind: AlertKind
    state: PostState
    owner: str
    attempts: int
    lease_until: datetime
    next_attempt_at: datetime | None
    posting_since: datetime | None
    post_key: str | None
    layout: Layout | None
    message_ts: str | None
    thread_ts: str | None
    shown: str | None
    snapshot: str
    event_at: datetime
    late: bool
    error: str | None
    first_claimed_at: datetime
    updated_at: datetime

    @property
    def key(self) -> tuple[str, str, AlertKind]:
        return (self.channel_id, self.subject, self.kind)
