"""One workspace's alerts: poll its Mindo account, decide, post each alert exactly once.

Each pass (every ``AlertPolicy.interval`` seconds):

1. Claim the workspace's poll in the store: replicas sharing the database poll each
   account once per interval between them. No channel with alerts on: no read at all.
2. Read Mindo once (``AlertSource.read``): what can have changed. Mindo failing: the next
   poll comes after a growing delay; alerts waiting to be posted are posted anyway.
3. For every channel, decide from that one read (``bot.service.alert_rules``), leave out
   what the store already knows, and *claim* each new alert (an insert only one process
   can win). Muted ones are recorded as muted and never posted.
4. Post: a send already alerted in the channel gets a reply in that alert's thread;
   during quiet hours everything waits, and is posted together at their end; a burst of
   ``burst`` or more new alerts is one message with a list; otherwise one message each.
5. Update in place (``chat.update``) every message whose sends or numbers changed since.

Failures do not lose alerts. Slack failing for now: the alert waits with a growing delay
(and no sooner than Retry-After), until ``slack_patience``. Slack refusing for good
(channel gone, bot not invited, archived): given up, the channel's rules show the error,
and whoever set them up gets a direct message. A process dying mid-way: its leases
expire and another process takes its alerts over, looking first for a post it may have
made (by the key in the message's metadata).

Steps 4 and 5 are ``bot.alerts.delivery``'s; what one poll knows, ``bot.alerts.poll``'s.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta

from bot.alerts.delivery import Delivery
from bot.alerts.poll import (
    AlertPolicy,
    Claimed,
    Key,
    Poll,
    PollReport,
    is_muted,
    parent_ts,
    read_snapshot,
    takeable,
    thread_parents,
)
from bot.alerts.poster import AlertPoster
from bot.channel.claims import Clock, Sleep, new_owner, repeat
from bot.domain.alerts import (
    FOLLOW_UPS,
    ONGOING,
    AlertChannel,
    AlertKind,
    AlertPost,
    Layout,
    Mute,
    PostState,
)
from bot.message.alerts import Audience
from bot.mindo.errors import MindoError
from bot.service.alert_rules import Findings, follow_ups, number_subject
from bot.service.alerts import (
    Alert,
    AlertReading,
    AlertSource,
    Memory,
    encode_alert,
    fingerprint,
    remember,
)
from bot.store.alert_posts import NewAlert
from bot.store.alerts import AlertStore

logger = logging.getLogger(__name__)


class AlertRunner:
    def __init__(
        self,
        store: AlertStore,
        source: AlertSource,
        poster: AlertPoster,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        owner: str | None = None,
        policy: AlertPolicy | None = None,
        demo: bool = False,
    ) -> None:
        self.store = store
        self.source = source
        self.poster = poster
        self.clock = clock
        self.sleep = sleep
        self.owner = owner or new_owner()
        self.policy = policy or AlertPolicy()
        self.demo = demo
        self.delivery = Delivery(
            store, poster, clock=clock, sleep=sleep, policy=self.policy, demo=demo
        )

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Poll after poll until ``stop`` is set."""
        every = self.policy.interval
        await repeat(self.poll, stop, every=every, sleep=self.sleep, what="alerts poll")

    async def poll(self) -> PollReport | None:
        """One pass; None when there was nothing to do (no channel, or not our turn)."""
        now = self.clock()
        channels = [c for c in await self.store.list_channels() if c.enabled]
        if not channels:
            return None
        claim = await self.store.claim_poll(self.owner, now, self.policy.lease)
        if claim is None:
            return None
        started = time.perf_counter()
        memory = Memory.from_json(claim.memory)
        report = PollReport()
        reading: AlertReading | None = None
        try:
            reading = await self.source.read(now, also=tuple(memory.progress))
        except MindoError as error:
            report.mindo_error = error.kind.value
        try:
            if reading is not None:
                report.requests = reading.requests
            await self._decide_and_post(channels, reading, memory, now, report)
        finally:
            if reading is None:
                failures = claim.failures + 1
                await self.store.finish_poll(
                    claim,
                    next_poll_at=now + self.policy.mindo_delay(failures),
                    polled_at=None,
                    failures=failures,
                    memory=claim.memory,
                )
            else:
                await self.store.finish_poll(
                    claim,
                    next_poll_at=now + timedelta(seconds=self.policy.interval),
                    polled_at=now,
                    failures=0,
                    memory=remember(memory, reading).to_json(),
                )
        await self.store.prune(now - self.policy.keep)
        logger.log(
            report.log_level,
            "alerts poll",
            extra={
                "fields": {
                    "action": "alerts_poll",
                    "outcome": report.outcome,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "requests": report.requests,
                    "posted": len(report.posted),
                    "held": report.held,
                    "updated": report.updated,
                    "failed": len(report.failed),
                    "mindo_error": report.mindo_error,
                }
            },
        )
        return report

    async def _decide_and_post(
        self,
        channels: list[AlertChannel],
        reading: AlertReading | None,
        memory: Memory,
        now: datetime,
        report: PollReport,
    ) -> None:
        subjects: set[str] = set()
        if reading is not None:
            subjects |= {send.id for send in reading.sends}
            subjects |= {number_subject(phone, now) for phone in reading.phones or ()}
        rows = {post.key: post for post in await self.store.posts_about(subjects)}
        for post in await self.store.unfinished_posts():  # with their snapshots
            rows[post.key] = post
        poll = Poll(reading, rows.values(), self.source)
        findings = Findings(reading, memory, now) if reading is not None else None
        mutes = await self.store.active_mutes(now)
        slots = asyncio.Semaphore(self.policy.concurrency)

        async def serve(channel: AlertChannel) -> None:
            async with slots:
                found: list[Alert] = []
                if reading is not None and findings is not None:
                    found = findings.for_channel(channel)
                    told = poll.alerted.get(channel.channel_id, {})
                    found += follow_ups(channel, poll.sends, memory, told, now)
                new = [alert for alert in found if alert.key not in poll.known]
                muted = [m for m in mutes if m.channel_id == channel.channel_id]
                try:
                    await self._serve_channel(channel, new, muted, poll, now, report)
                    if reading is not None:
                        await self.delivery.update_in_place(channel, poll, report)
                except Exception:
                    # Claims stay held; when their leases run out another pass takes over.
                    logger.exception("alerts for %s failed this poll", channel.channel_id)

        await asyncio.gather(*(serve(channel) for channel in channels))

    # --- Claiming --------------------------------------------------------------------

    async def _serve_channel(
        self,
        channel: AlertChannel,
        new: list[Alert],
        mutes: list[Mute],
        poll: Poll,
        now: datetime,
        report: PollReport,
    ) -> None:
        wanted: dict[Key, Alert] = {}
        to_claim: list[NewAlert] = []
        to_mute: list[NewAlert] = []
        for alert in sorted(new, key=lambda a: (a.at, a.subject, a.kind.value)):
            late = alert.kind not in FOLLOW_UPS and (
                now - max(alert.at, channel.active_since) > self.policy.late_after
            )
            alert = replace(alert, late=late)
            muted = is_muted(alert, mutes)
            if muted and alert.kind in ONGOING:
                continue  # still true when the mute ends: told then
            row = NewAlert(
                alert.channel_id, alert.subject, alert.kind, encode_alert(alert), alert.at, late
            )
            (to_mute if muted else to_claim).append(row)
            wanted[alert.key] = alert
        lease = self.policy.lease
        won = await self.store.claim_new(to_claim, owner=self.owner, now=now, lease=lease)
        mutes_recorded = await self.store.claim_new(
            to_mute, owner=self.owner, now=now, lease=lease, state=PostState.MUTED
        )
        report.muted += len(mutes_recorded)
        claimed = [Claimed(post, wanted[post.key], snapshot=post.snapshot) for post in won]
        mine = poll.rows[channel.channel_id]
        claimed += await self._take_over(channel, mine, poll, now, report)
        if claimed:
            await self._post_claimed(channel, claimed, poll, now, report)

    async def _take_over(
        self,
        channel: AlertChannel,
        mine: list[AlertPost],
        poll: Poll,
        now: datetime,
        report: PollReport,
    ) -> list[Claimed]:
        """The channel's alerts whose holder died, or whose wait (quiet hours, a retry) is
        over. One that may already be in Slack is looked for there first."""
        due = [row for row in mine if takeable(row, now)]
        taken = await self.store.take_over(due, self.owner, now, self.policy.lease)
        was = {row.key: row.state for row in due}
        claimed: list[Claimed] = []
        given_up: list[tuple[AlertPost, str | None]] = []
        for post in taken:
            alert = read_snapshot(post, post.snapshot)
            if alert is None or now - post.first_claimed_at > self.policy.expire_after:
                given_up.append((post, None))
                continue
            alert = poll.current(alert)
            if post.posting_since is not None and post.post_key is not None:
                thread = parent_ts(mine, post) if post.layout is Layout.REPLY else None
                ts = await self.poster.find_posted(
                    channel.channel_id, post.post_key, post.posting_since, thread_ts=thread
                )
                if ts is not None:
                    done = await self.store.finish(
                        [(post, fingerprint(alert))],
                        PostState.SENT,
                        self.clock(),
                        message_ts=ts,
                        thread_ts=thread,
                    )
                    report.posted += [p.key for p in done]
                    continue
            claimed.append(Claimed(post, alert, was.get(post.key)))
        if given_up:
            await self.store.finish(given_up, PostState.FAILED, now, error="expired")
        return claimed

    async def _post_claimed(
        self,
        channel: AlertChannel,
        claimed: list[Claimed],
        poll: Poll,
        now: datetime,
        report: PollReport,
    ) -> None:
        claimed = await self._with_reasons(claimed, poll)
        if channel.quiet is not None and channel.quiet_now(now):
            until = channel.quiet.ends_after(now, channel.timezone)
            items = [(item.post, item.encoded) for item in claimed]
            report.held += len(await self.store.hold(items, until, now))
            return
        parents = thread_parents(poll.rows[channel.channel_id])
        replies: dict[str, list[Claimed]] = defaultdict(list)
        fresh: list[Claimed] = []
        orphans: list[tuple[AlertPost, str | None]] = []
        for item in claimed:
            parent = parents.get(item.post.subject)
            if parent is not None:
                replies[parent].append(item)
            elif item.alert.kind not in FOLLOW_UPS:
                fresh.append(item)
            else:  # its alert's message is gone from the store: nothing to follow up
                orphans.append((item.post, None))
        if orphans:
            await self.store.finish(orphans, PostState.FAILED, now, error="no_thread")
        audience = Audience(channel.channel_id, channel.language, channel.timezone, now, self.demo)
        for parent, group in replies.items():
            await self.delivery.deliver(
                channel, group, Layout.REPLY, audience, report, thread_ts=parent
            )
        if any(item.was is PostState.HELD for item in fresh):
            await self.delivery.deliver(channel, fresh, Layout.HELD, audience, report)
        elif len(fresh) >= self.policy.burst:
            await self.delivery.deliver(channel, fresh, Layout.LIST, audience, report)
        else:
            # Two alerts about one send or number: the second in the first's thread.
            leads: dict[str, str | None] = {}
            for item in fresh:
                subject = item.post.subject
                if subject not in leads:
                    leads[subject] = await self.delivery.deliver(
                        channel, [item], Layout.SINGLE, audience, report
                    )
                elif (parent := leads[subject]) is not None:
                    await self.delivery.deliver(
                        channel, [item], Layout.REPLY, audience, report, thread_ts=parent
                    )
                else:  # the first could not be posted: this one waits with it
                    await self.delivery.deliver(channel, [item], Layout.SINGLE, audience, report)

    async def _with_reasons(self, claimed: list[Claimed], poll: Poll) -> list[Claimed]:
        """Why the failed sends' messages failed, read once per send per poll."""
        wanted = sorted(
            {
                item.alert.subject
                for item in claimed
                if item.alert.kind in (AlertKind.FAILED, AlertKind.PARTIAL)
                and item.alert.send is not None
                and item.alert.send.failed_count
                and not item.alert.reasons
            }
        )
        if not wanted:
            return claimed
        found = await asyncio.gather(*(poll.reasons(send_id) for send_id in wanted))
        reasons = dict(zip(wanted, found, strict=True))
        return [
            replace(
                item,
                alert=replace(item.alert, reasons=reasons[item.alert.subject]),
                snapshot=None,
            )
            if item.alert.subject in reasons and not item.alert.reasons
            else item
            for item in claimed
        ]
