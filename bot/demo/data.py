"""A made-up company's bulk sends: realistic, deterministic for a given ``now`` and seed.

The demo CLI, ``bulksends demo-api``, the tests and the benchmarks all read the same
dataset, so a question asked with ``--now`` always gets the same answer. Everything is
generated relative to ``now``; per-send details and messages are derived on demand from
the send's id, so building the dataset stays cheap (it runs on every demo CLI call).
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.demo.records import (
    CREATORS,
    FOREIGN_SEND_ID,
    PHONES,
    TEMPLATES,
    DemoTemplate,
    build_business_accounts,
    build_business_info,
    build_messages,
)
from bot.domain.sends import BulkSend, Status
from bot.mindo.models import BulkSendDetail, BusinessAccounts, BusinessInfo, Message

DEMO_TIMEZONE = "America/Argentina/Buenos_Aires"
_ZONE = ZoneInfo(DEMO_TIMEZONE)
_DAYS = 90
_FINISHED_SENDS = 320
_FINISHED_MIX = {Status.COMPLETED: 68, Status.PARTIAL: 18, Status.FAILED: 7, Status.CANCELLED: 7}


@dataclass(frozen=True)
class DemoDataset:
    """What the fake API serves. ``sends`` is newest first."""

    now: datetime
    sends: tuple[BulkSend, ...]
    business_info: BusinessInfo
    business_accounts: BusinessAccounts
    #: Sends of another company: the fake answers 403 for them.
    foreign_send_ids: frozenset[str] = field(default=frozenset())
    seed: int = 7

    def detail(self, send: BulkSend) -> BulkSendDetail:
        rng = random.Random(f"{self.seed}:{send.id}:detail")
        started = None
        if send.status is not Status.QUEUED:
            started = send.created_at + timedelta(seconds=rng.randint(1, 4))
        return BulkSendDetail(
            send=send,
            estimated_time_minutes=round(send.total_recipients * 0.25 / 60, 1),
            started_at=started,
            created_by=rng.choice(CREATORS),
        )

    def messages(self, send: BulkSend) -> tuple[Message, ...]:
        """One message per processed recipient (pending ones have none yet), oldest first."""
        rng = random.Random(f"{self.seed}:{send.id}:messages")
        template = TEMPLATES.get(send.template.id)
        return build_messages(send, template, rng, now=self.now)


def build_demo_dataset(
    now: datetime, *, seed: int = 7, finished_sends: int = _FINISHED_SENDS
) -> DemoDataset:
    """``finished_sends`` sends over the 90 days before ``now`` (a few hundred unless the
    benchmarks ask for a big account), a rough day last week, and a few still running."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC).replace(microsecond=0)
    rng = random.Random(seed)
    templates = list(TEMPLATES.values())
    weights = [t.weight for t in templates]
    statuses = list(_FINISHED_MIX)
    mix = list(_FINISHED_MIX.values())
    sends = [
        _finished_send(rng, now, rng.choices(templates, weights)[0], rng.choices(statuses, mix)[0])
        for _ in range(finished_sends)
    ]
    sends.extend(_bad_day(rng, now, templates, weights))
    for status, count in ((Status.PROCESSING, 3), (Status.QUEUED, 2)):
        sends.extend(
            _running_send(rng, now, rng.choices(templates, weights)[0], status)
            for _ in range(count)
        )
    sends.sort(key=lambda s: (s.created_at, s.id), reverse=True)
    return DemoDataset(
        now=now,
        sends=tuple(sends),
        business_info=build_business_info(DEMO_TIMEZONE),
        business_accounts=build_business_accounts(sends, now),
        foreign_send_ids=frozenset({FOREIGN_SEND_ID}),
        seed=seed,
    )


def _finished_send(
    rng: random.Random, now: datetime, template: DemoTemplate, status: Status
) -> BulkSend:
    return _finished_at(rng, now, template, status, _working_hours_moment(rng, now))


def _finished_at(
    rng: random.Random, now: datetime, template: DemoTemplate, status: Status, created: datetime
) -> BulkSend:
    total = rng.randint(1, 5) if rng.random() < 0.08 else _log_uniform(rng, 20, 5000)
    if status is Status.PARTIAL:
        total = max(total, 2)
        failed = min(total - 1, max(1, round(total * rng.uniform(0.01, 0.25))))
        sent = total - failed
    elif status is Status.FAILED:
        failed, sent = total, 0
    elif status is Status.CANCELLED:
        processed = round(total * rng.uniform(0.05, 0.7))
        failed = round(processed * rng.uniform(0.0, 0.05))
        sent = processed - failed
    else:
        failed, sent = 0, total
    duration = timedelta(seconds=5 + (sent + failed) * rng.uniform(0.15, 0.35))
    return _send(rng, template, status, created, total, sent, failed, min(created + duration, now))


def _bad_day(
    rng: random.Random, now: datetime, templates: list[DemoTemplate], weights: list[int]
) -> list[BulkSend]:
    """A rough Wednesday the week before ``now`` (a quality-rating drop at Meta, say).

    Real accounts have such days, and they make the first question anyone asks —
    "failed last week" — show what a problem looks like.
    """
    today = now.astimezone(_ZONE).date()
    wednesday = today - timedelta(days=today.weekday() + 5)
    sends = []
    for hour, status in ((10, Status.FAILED), (11, Status.PARTIAL), (14, Status.FAILED)):
        local = datetime.combine(wednesday, time(hour, rng.randrange(60), rng.randrange(60)))
        created = local.replace(tzinfo=_ZONE).astimezone(UTC)
        template = rng.choices(templates, weights)[0]
        sends.append(_finished_at(rng, now, template, status, created))
    return sends


def _running_send(
    rng: random.Random, now: datetime, template: DemoTemplate, status: Status
) -> BulkSend:
    total = _log_uniform(rng, 50, 3000)
    if status is Status.QUEUED:
        created = now - timedelta(minutes=rng.uniform(1, 20))
        return _send(rng, template, status, created, total, 0, 0, None)
    created = now - timedelta(minutes=rng.uniform(10, 180))
    processed = round(total * rng.uniform(0.1, 0.9))
    failed = round(processed * rng.uniform(0.0, 0.04))
    return _send(rng, template, status, created, total, processed - failed, failed, None)


def _send(
    rng: random.Random,
    template: DemoTemplate,
    status: Status,
    created: datetime,
    total: int,
    sent: int,
    failed: int,
    completed: datetime | None,
) -> BulkSend:
    running = completed is None
    delivered = round(sent * (rng.uniform(0.6, 0.9) if running else rng.uniform(0.86, 0.99)))
    read = round(delivered * (rng.uniform(0.1, 0.4) if running else rng.uniform(0.35, 0.85)))
    return BulkSend(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        status=status,
        template=template.ref,
        phone_number=PHONES[template.phone_index],
        total_recipients=total,
        sent_count=sent,
        delivered_count=delivered,
        read_count=read,
        failed_count=failed,
        pending_count=total - sent - failed,
        progress_percentage=round(100 * (sent + failed) / total, 1),
        created_at=created.replace(microsecond=0),  # the API speaks whole seconds
        completed_at=completed.replace(microsecond=0) if completed else None,
    )


def _working_hours_moment(rng: random.Random, now: datetime) -> datetime:
    """Mostly weekdays 9:00–19:00 in Buenos Aires; always at least six hours before now."""
    # Three days of slack: the moves below go back at most two days and some hours.
    local = (now - timedelta(days=rng.uniform(0.25, _DAYS - 3))).astimezone(_ZONE)
    if rng.random() < 0.85:
        local = local.replace(hour=rng.randint(9, 18), minute=rng.randrange(60))
        if local.weekday() >= 5 and rng.random() < 0.7:
            local -= timedelta(days=local.weekday() - 4)  # moved back to Friday
    moment = local.replace(second=rng.randrange(60)).astimezone(UTC)
    return moment - timedelta(days=1) if moment > now - timedelta(hours=6) else moment


def _log_uniform(rng: random.Random, low: int, high: int) -> int:
    return round(math.exp(rng.uniform(math.log(low), math.log(high))))
