"""What one alerts poll knows and how patient it is: the policy, what a poll did, the
reading by id, the store's rows by channel, and what the rows say (which can be taken
over, which message a follow-up replies to)."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.channel.claims import Patience
from bot.domain.alerts import (
    LEASED,
    WAITING,
    AlertKind,
    AlertPost,
    Layout,
    Mute,
    PostState,
)
from bot.report import FailureReason
from bot.service.alerts import (
    Alert,
    AlertReading,
    AlertSource,
    decode_alert,
    encode_alert,
    number_key,
    phone_key,
    subject_fingerprint,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlertPolicy(Patience):
    """How often, how long, how patient."""

    #: Seconds between polls of one account (BULKSENDS_ALERT_POLL_S).
    interval: float = 60.0
    #: The longest Mindo backoff between polls.
    longest_mindo_delay: timedelta = timedelta(minutes=15)
    #: New alerts of one poll in one channel from which they are one message with a list.
    burst: int = 3
    #: Finished alerts are forgotten this long after they happened.
    keep: timedelta = timedelta(days=30)
    #: An alert still not posted this long after it was first claimed is given up (its
    #: channel's alerts were off for a day, say): news that old is noise.
    expire_after: timedelta = timedelta(hours=26)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.interval <= 0 or self.burst < 2:
            raise ValueError("the interval must be positive and a burst at least two alerts")

    @property
    def late_after(self) -> timedelta:
        """An alert noticed this long after it happened is marked late: the app (or Mindo)
        was not there when it happened. Normally it is noticed within one interval."""
        return max(timedelta(minutes=10), timedelta(seconds=3 * self.interval))

    def mindo_delay(self, failures: int) -> timedelta:
        """After ``failures`` polls in a row could not read Mindo: the interval, doubled
        for each, up to ``longest_mindo_delay``."""
        interval = timedelta(seconds=self.interval)
        delay: timedelta = interval * (2 ** min(failures, 16))
        return min(delay, max(self.longest_mindo_delay, interval))


@dataclass
class PollReport:
    """What one poll did (for logs, tests and the benchmark)."""

    requests: int = 0
    mindo_error: str | None = None
    posted: list[tuple[str, str, AlertKind]] = field(default_factory=list)
    held: int = 0
    muted: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        """In a word, for the poll's log line: what went wrong, else what was done."""
        if self.mindo_error is not None:
            return self.mindo_error
        if self.failed:
            return "post_failed"
        if self.posted:
            return "posted"
        if self.updated:
            return "updated"
        return "nothing_new"

    @property
    def log_level(self) -> int:
        """A poll that changed nothing in Slack is DEBUG: at INFO, a quiet app would log
        one line a minute per workspace saying so."""
        if self.mindo_error is not None or self.failed:
            return logging.WARNING
        return logging.INFO if self.posted or self.updated else logging.DEBUG


@dataclass(frozen=True)
class Claimed:
    post: AlertPost
    alert: Alert
    #: The state it was taken over from (HELD: it waited through quiet hours).
    was: PostState | None = None
    #: ``alert`` encoded, once (None: encode it when needed).
    snapshot: str | None = None

    @property
    def encoded(self) -> str:
        return self.snapshot if self.snapshot is not None else encode_alert(self.alert)


Key = tuple[str, str, AlertKind]


class Poll:
    """What one poll knows: the reading by id, the store's rows by channel, the kinds
    already told per (channel, subject), and the failure reasons read (once per send,
    whichever channels need them)."""

    def __init__(
        self, reading: AlertReading | None, rows: Iterable[AlertPost], source: AlertSource
    ) -> None:
        self.reading = reading
        self.sends = {s.id: s for s in reading.sends} if reading else {}
        self.phones = {phone_key(p): p for p in (reading.phones or ())} if reading else {}
        self.known: dict[Key, AlertPost] = {post.key: post for post in rows}
        self.rows: dict[str, list[AlertPost]] = defaultdict(list)
        #: Channel → subject → the kinds already told there.
        self.alerted: dict[str, dict[str, set[AlertKind]]] = defaultdict(dict)
        for post in self.known.values():
            self.rows[post.channel_id].append(post)
            if post.state is PostState.SENT:
                self.alerted[post.channel_id].setdefault(post.subject, set()).add(post.kind)
        self._source = source
        self._reasons: dict[str, asyncio.Future[tuple[FailureReason, ...]]] = {}

    def now_shown(self, post: AlertPost) -> str | None:
        """What the post's subject would show now; None when the reading lacks it."""
        number = number_key(post.subject)
        if number is not None:
            phone = self.phones.get(number)
            return None if phone is None else subject_fingerprint(None, phone)
        send = self.sends.get(post.subject)
        return None if send is None else subject_fingerprint(send, None)

    def current(self, alert: Alert) -> Alert:
        """The alert about its send or number as the reading shows it now."""
        if alert.send is not None and alert.send.id in self.sends:
            return alert.with_send(self.sends[alert.send.id])
        if alert.phone is not None and phone_key(alert.phone) in self.phones:
            return replace(alert, phone=self.phones[phone_key(alert.phone)])
        return alert

    async def reasons(self, send_id: str) -> tuple[FailureReason, ...]:
        if send_id not in self._reasons:
            self._reasons[send_id] = asyncio.ensure_future(self._source.reasons(send_id))
        return await asyncio.shield(self._reasons[send_id])


def is_muted(alert: Alert, mutes: Iterable[Mute]) -> bool:
    return any(m.template is None or m.template == alert.template for m in mutes)


def takeable(post: AlertPost, now: datetime) -> bool:
    if post.state in LEASED:
        return post.lease_until <= now
    if post.state in WAITING:
        return post.next_attempt_at is not None and post.next_attempt_at <= now
    return False


def thread_parents(mine: Iterable[AlertPost]) -> dict[str, str]:
    """Each subject's first alert message in the channel (what its next ones reply to)."""
    first: dict[str, AlertPost] = {}
    for post in mine:
        if post.state is PostState.SENT and post.message_ts and post.layout is not Layout.REPLY:
            known = first.get(post.subject)
            if known is None or (post.first_claimed_at, post.kind.value) < (
                known.first_claimed_at,
                known.kind.value,
            ):
                first[post.subject] = post
    return {subject: post.message_ts for subject, post in first.items() if post.message_ts}


def parent_ts(mine: Iterable[AlertPost], post: AlertPost) -> str | None:
    """The message of the first alert about the same subject in the channel, if posted."""
    parents = [
        other
        for other in mine
        if other.subject == post.subject
        and other.kind != post.kind
        and other.state is PostState.SENT
        and other.message_ts
        and other.layout is not Layout.REPLY
    ]
    if not parents:
        return None
    return min(parents, key=lambda p: (p.first_claimed_at, p.kind.value)).message_ts


def read_snapshot(post: AlertPost, snapshot: str) -> Alert | None:
    """The alert a snapshot holds; None (and a log line) when it holds none."""
    try:
        return decode_alert(post.channel_id, post.subject, post.kind, snapshot)
    except (ValueError, KeyError, TypeError) as error:
        logger.warning("an alert's snapshot is unreadable: %s", type(error).__name__)
        return None
