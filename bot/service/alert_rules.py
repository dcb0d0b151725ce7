"""Which alerts a channel gets from one poll: pure rules over what Mindo shows.

- A send ``FAILED``; or ``PARTIAL`` with failed / recipients at or above the channel's
  threshold.
- A send ``QUEUED`` for the channel's limit or longer (counted from its ``created_at``);
  or ``PROCESSING`` and showing the same progress for that long (counted from the first
  poll that saw that progress: never guessed).
- A number at ``QUOTA_WARNING`` or more of its daily quota; one Mindo says cannot send
  (``quota.canSend`` false); one whose messaging tier is lower than at the last poll.
- Follow-ups for a send already alerted in the channel: it started after waiting, it
  moves again after standing still, it ended well.

Things that happened once (a send's end, a tier lowered) are told only when they happened
after the channel's alerts were set up and within ``CATCH_UP`` of now; conditions that
still hold (stuck, out of quota) are told whenever they hold. A number's alerts are kept
to one per kind a day (the date is part of its subject).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Set
from datetime import datetime, timedelta

from bot.domain.alerts import (
    ONGOING,
    QUOTA_WARNING,
    STUCK_RANGE,
    THRESHOLD_RANGE,
    AlertChannel,
    AlertKind,
)
from bot.domain.sends import BulkSend, Status
from bot.mindo.models import PhoneNumber
from bot.service.alerts import NUMBER_PREFIX, Alert, AlertReading, Memory, phone_key

#: How far back a send that went wrong unnoticed (the app was down) is still told.
CATCH_UP = timedelta(hours=24)


def number_subject(phone: PhoneNumber, now: datetime) -> str:
    return f"{NUMBER_PREFIX}{phone_key(phone)}:{now.date().isoformat()}"


def failure_rate(send: BulkSend) -> float:
    """Failed recipients out of all, in percent (0 for a send without recipients)."""
    if not send.total_recipients:
        return 0.0
    return 100 * send.failed_count / send.total_recipients


def find_alerts(
    channel: AlertChannel, reading: AlertReading, memory: Memory, now: datetime
) -> list[Alert]:
    """Every alert the channel's rules find in the reading (before mutes and the store).

    ``memory`` is what the previous poll left (progress since when, tiers).
    """
    return Findings(reading, memory, now).for_channel(channel)


class Findings:
    """One reading's sends that could raise an alert under some channel's rules, found
    once per poll: each channel's rules then only look at those (a poll with 1,000 sends
    in flight and 50 channels looks at each send once, not 50 times)."""

    def __init__(self, reading: AlertReading, memory: Memory, now: datetime) -> None:
        self.reading = reading
        self.memory = memory
        self.now = now
        least = timedelta(minutes=STUCK_RANGE[0])
        self.candidates: list[tuple[BulkSend, datetime | None]] = []
        for send in reading.sends:
            match send.status:
                case Status.FAILED:
                    self.candidates.append((send, None))
                case Status.PARTIAL if failure_rate(send) >= THRESHOLD_RANGE[0]:
                    self.candidates.append((send, None))
                case Status.QUEUED if now - send.created_at >= least:
                    self.candidates.append((send, send.created_at))
                case Status.PROCESSING:
                    since = memory.unchanged_since(send)
                    if since is not None and now - since >= least:
                        self.candidates.append((send, since))

    def for_channel(self, channel: AlertChannel) -> list[Alert]:
        found: list[Alert] = []
        for send, since in self.candidates:
            if channel.wants_template(send.template.name):
                alert = _send_alert(channel, send, since, self.now)
                if alert is not None:
                    found.append(alert)
        for phone in self.reading.phones or ():
            found += _number_alerts(channel, phone, self.memory, self.now)
        return [alert for alert in found if _in_window(channel, alert, self.now)]


def _send_alert(
    channel: AlertChannel, send: BulkSend, since: datetime | None, now: datetime
) -> Alert | None:
    """``since``: since when a queued send has waited, or a processing one stood still."""
    ended = send.completed_at or send.created_at
    match send.status:
        case Status.FAILED:
            return Alert(channel.channel_id, AlertKind.FAILED, send.id, ended, send=send)
        case Status.PARTIAL if failure_rate(send) >= channel.threshold:
            return Alert(channel.channel_id, AlertKind.PARTIAL, send.id, ended, send=send)
        case Status.QUEUED | Status.PROCESSING if (
            since is not None and now - since >= channel.stuck_after
        ):
            kind = AlertKind.QUEUED if send.status is Status.QUEUED else AlertKind.STALLED
            return Alert(
                channel.channel_id,
                kind,
                send.id,
                since + channel.stuck_after,
                send=send,
                since=since,
            )
    return None


def _number_alerts(
    channel: AlertChannel, phone: PhoneNumber, memory: Memory, now: datetime
) -> list[Alert]:
    subject = number_subject(phone, now)
    found = []
    quota = phone.quota
    if quota is not None and not quota.can_send:
        found.append(Alert(channel.channel_id, AlertKind.CANNOT_SEND, subject, now, phone=phone))
    elif (
        quota is not None
        and quota.daily_limit is not None
        and not math.isnan(quota.usage_percentage)
        and quota.usage_percentage >= QUOTA_WARNING
    ):
        found.append(Alert(channel.channel_id, AlertKind.QUOTA, subject, now, phone=phone))
    before = memory.tiers.get(phone_key(phone))
    if before is not None and _lower(phone.messaging_limit_tier, before):
        found.append(
            Alert(
                channel.channel_id,
                AlertKind.TIER_LOWERED,
                subject,
                now,
                phone=phone,
                previous_tier=before,
            )
        )
    return found


def _in_window(channel: AlertChannel, alert: Alert, now: datetime) -> bool:
    if alert.kind in ONGOING:
        return True
    # Mindo speaks whole seconds: a send that ended in the second alerts were set up counts.
    since = channel.active_since.replace(microsecond=0)
    return alert.at >= since and now - alert.at <= CATCH_UP


def follow_ups(
    channel: AlertChannel,
    sends: Mapping[str, BulkSend],
    memory: Memory,
    alerted: Mapping[str, Set[AlertKind]],
    now: datetime,
) -> list[Alert]:
    """What happened next to sends alerted in the channel as queued or stalled.

    ``sends``: the reading's sends by id; ``alerted``: the kinds already told in this
    channel, by subject."""
    found = []
    for subject, kinds in alerted.items():
        send = sends.get(subject)
        if send is None or not kinds & {AlertKind.QUEUED, AlertKind.STALLED}:
            continue
        kind = _next_step(channel, send, kinds, memory)
        if kind is not None:
            found.append(Alert(channel.channel_id, kind, send.id, now, send=send))
    return found


def _next_step(
    channel: AlertChannel, send: BulkSend, kinds: Set[AlertKind], memory: Memory
) -> AlertKind | None:
    ended_well = send.status in (Status.COMPLETED, Status.CANCELLED) or (
        send.status is Status.PARTIAL and failure_rate(send) < channel.threshold
    )
    if ended_well:
        return AlertKind.FINISHED
    if send.status is Status.PROCESSING:
        if AlertKind.QUEUED in kinds and AlertKind.STARTED not in kinds:
            return AlertKind.STARTED
        moved = memory.unchanged_since(send) is None
        if AlertKind.STALLED in kinds and moved:
            return AlertKind.RESUMED
    return None


_TIER = re.compile(r"TIER_(\d+)(K?)|TIER_(UNLIMITED)")


def tier_size(tier: str) -> float | None:
    """Customers a day a tier allows (inf for unlimited); None for a code we don't know."""
    match = _TIER.fullmatch(tier.strip().upper())
    if match is None:
        return None
    if match.group(3):
        return math.inf
    return int(match.group(1)) * (1000 if match.group(2) else 1)


def _lower(now: str, before: str) -> bool:
    new, old = tier_size(now), tier_size(before)
    return new is not None and old is not None and new < old
