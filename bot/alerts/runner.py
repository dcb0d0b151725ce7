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
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.alerts.poster import AlertPoster
from bot.channel.claims import Clock, Patience, Sleep, new_owner, repeat
from bot.channel.posting import PostError
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
from bot.message.alert_replies import build_alert_channel_problem_notice
from bot.message.alerts import (
    Audience,
    build_alert_list,
    build_alert_message,
    build_thread_reply,
)
from bot.message.slack import SlackMessage
from bot.mindo.errors import MindoError
from bot.report import FailureReason
from bot.service.alert_rules import Findings, follow_ups, number_subject
from bot.service.alerts import (
    Alert,
    AlertReading,
    AlertSource,
    Memory,
    decode_alert,
    encode_alert,
    fingerprint,
    number_key,
    phone_key,
    remember,
    subject_fingerprint,
)
from bot.store.alerts import AlertStore, NewAlert

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


@dataclass(frozen=True)
class _Claimed:
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


class _Poll:
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
        memory = Memory.from_json(claim.memory)
        report = PollReport()
        reading: AlertReading | None = None
        try:
            reading = await self.source.read(now, also=tuple(memory.progress))
        except MindoError as error:
            report.mindo_error = error.kind.value
            logger.warning("alerts: Mindo could not be read (%s)", error.kind.value)
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
        logger.info(
            "alerts poll",
            extra={
                "fields": {
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
        poll = _Poll(reading, rows.values(), self.source)
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
                        await self._update_in_place(channel, poll, report)
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
        poll: _Poll,
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
            muted = _muted(alert, mutes)
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
        claimed = [_Claimed(post, wanted[post.key], snapshot=post.snapshot) for post in won]
        mine = poll.rows[channel.channel_id]
        claimed += await self._take_over(channel, mine, poll, now, report)
        if claimed:
            await self._post_claimed(channel, claimed, poll, now, report)

    async def _take_over(
        self,
        channel: AlertChannel,
        mine: list[AlertPost],
        poll: _Poll,
        now: datetime,
        report: PollReport,
    ) -> list[_Claimed]:
        """The channel's alerts whose holder died, or whose wait (quiet hours, a retry) is
        over. One that may already be in Slack is looked for there first."""
        due = [row for row in mine if _takeable(row, now)]
        taken = await self.store.take_over(due, self.owner, now, self.policy.lease)
        was = {row.key: row.state for row in due}
        claimed: list[_Claimed] = []
        given_up: list[tuple[AlertPost, str | None]] = []
        for post in taken:
            alert = _decoded(post, post.snapshot)
            if alert is None or now - post.first_claimed_at > self.policy.expire_after:
                given_up.append((post, None))
                continue
            alert = poll.current(alert)
            if post.posting_since is not None and post.post_key is not None:
                thread = _parent_ts(mine, post) if post.layout is Layout.REPLY else None
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
            claimed.append(_Claimed(post, alert, was.get(post.key)))
        if given_up:
            await self.store.finish(given_up, PostState.FAILED, now, error="expired")
        return claimed

    async def _post_claimed(
        self,
        channel: AlertChannel,
        claimed: list[_Claimed],
        poll: _Poll,
        now: datetime,
        report: PollReport,
    ) -> None:
        claimed = await self._with_reasons(claimed, poll)
        if channel.quiet is not None and channel.quiet_now(now):
            until = channel.quiet.ends_after(now, channel.timezone)
            items = [(item.post, item.encoded) for item in claimed]
            report.held += len(await self.store.hold(items, until, now))
            return
        parents = _parents(poll.rows[channel.channel_id])
        replies: dict[str, list[_Claimed]] = defaultdict(list)
        fresh: list[_Claimed] = []
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
            await self._deliver(channel, group, Layout.REPLY, audience, report, thread_ts=parent)
        if any(item.was is PostState.HELD for item in fresh):
            await self._deliver(channel, fresh, Layout.HELD, audience, report)
        elif len(fresh) >= self.policy.burst:
            await self._deliver(channel, fresh, Layout.LIST, audience, report)
        else:
            # Two alerts about one send or number: the second in the first's thread.
            leads: dict[str, str | None] = {}
            for item in fresh:
                subject = item.post.subject
                if subject not in leads:
                    leads[subject] = await self._deliver(
                        channel, [item], Layout.SINGLE, audience, report
                    )
                elif (parent := leads[subject]) is not None:
                    await self._deliver(
                        channel, [item], Layout.REPLY, audience, report, thread_ts=parent
                    )
                else:  # the first could not be posted: this one waits with it
                    await self._deliver(channel, [item], Layout.SINGLE, audience, report)

    async def _with_reasons(self, claimed: list[_Claimed], poll: _Poll) -> list[_Claimed]:
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

    # --- Posting ---------------------------------------------------------------------

    async def _deliver(
        self,
        channel: AlertChannel,
        group: list[_Claimed],
        layout: Layout,
        audience: Audience,
        report: PollReport,
        *,
        thread_ts: str | None = None,
    ) -> str | None:
        """Post ``group`` as one message; its ``ts`` once posted, else None."""
        if not group:
            return None
        lead = group[0].post
        key = f"{lead.channel_id}/{lead.subject}/{lead.kind.value}"
        attempt = 0
        while True:
            attempt += 1
            # Renews each claim and proves it is still ours, right before each attempt.
            items = [(item.post, item.encoded) for item in group]
            kept = await self.store.begin_posting(
                items, self.clock(), self.policy.lease, post_key=key, layout=layout
            )
            still = {post.key for post in kept}
            group = [item for item in group if item.post.key in still]
            if not group:
                logger.warning("alerts for %s: claims lost before posting", channel.channel_id)
                return None
            message = _message(layout, [item.alert for item in group], audience, channel)
            try:
                ts = await self.poster.post(
                    channel.channel_id, message, key=key, thread_ts=thread_ts
                )
            except PostError as error:
                wait = self.policy.wait_in_claim(error, attempt)
                if wait is not None:
                    await self.sleep(wait)
                    continue
                await self._post_failed(channel, group, error, report)
                return None
            break
        done = self.clock()
        finished = await self.store.finish(
            [(item.post, fingerprint(item.alert)) for item in group],
            PostState.SENT,
            done,
            message_ts=ts,
            thread_ts=thread_ts,
        )
        report.posted += [post.key for post in finished]
        if channel.last_error is not None:
            await self.store.set_channel_error(channel.channel_id, None, done)
        return ts

    async def _post_failed(
        self, channel: AlertChannel, group: list[_Claimed], error: PostError, report: PollReport
    ) -> None:
        now = self.clock()
        posts = [item.post for item in group]
        first = min(post.first_claimed_at for post in posts)
        if self.policy.keeps_trying(error, now, first):
            attempts = max(post.attempts for post in posts)
            at = self.policy.next_try(now, attempts, error.retry_after)
            maybe = error.maybe_posted or any(p.posting_since is not None for p in posts)
            await self.store.retry_later(
                posts, at, now, error=f"slack: {error.code}", maybe_posted=maybe
            )
            return
        await self.store.finish(
            [(post, None) for post in posts], PostState.FAILED, now, error=error.code
        )
        report.failed += [(channel.channel_id, error.code)] * len(posts)
        if not error.channel_problem:
            return
        first_time = channel.last_error != error.code
        await self.store.set_channel_error(channel.channel_id, error.code, now)
        if first_time and channel.created_by:
            notice = build_alert_channel_problem_notice(channel, error.code)
            try:
                await self.poster.notify(channel.created_by, notice)
            except PostError as dm_error:
                logger.warning("could not tell %s: %s", channel.created_by, dm_error.code)

    # --- Updating in place -------------------------------------------------------------

    async def _update_in_place(
        self, channel: AlertChannel, poll: _Poll, report: PollReport
    ) -> None:
        """Every message of the channel whose sends or numbers changed since it was built.

        What each message shows is compared with the reading first (no snapshot read); the
        snapshots of a message are read only when something in it changed."""
        messages: dict[str, list[AlertPost]] = defaultdict(list)
        for post in poll.rows[channel.channel_id]:
            if (
                post.state is PostState.SENT
                and post.message_ts
                and post.layout not in (None, Layout.REPLY)
            ):
                messages[post.message_ts].append(post)
        now = self.clock()
        audience = Audience(channel.channel_id, channel.language, channel.timezone, now, self.demo)
        for ts, posts in messages.items():
            changed = [
                post
                for post in posts
                if (shown := poll.now_shown(post)) is not None and shown != post.shown
            ]
            if not changed:
                continue
            posts.sort(key=lambda p: (p.event_at, p.subject, p.kind.value))
            snapshots = await self.store.snapshots_of(posts)
            decoded = [_decoded(post, snapshots.get(post.key, "")) for post in posts]
            if any(alert is None for alert in decoded):
                continue
            alerts = [poll.current(alert) for alert in decoded if alert is not None]
            message = _message(posts[0].layout or Layout.SINGLE, alerts, audience, channel)
            try:
                await self.poster.update(channel.channel_id, ts, message)
            except PostError as error:
                logger.warning("alert in %s not updated: %s", channel.channel_id, error.code)
                continue
            await self.store.set_shown(
                [
                    (post, shown, encode_alert(alert))
                    for post, alert in zip(posts, alerts, strict=True)
                    if post.shown != (shown := fingerprint(alert))
                ],
                now,
            )
            report.updated += 1


def _message(
    layout: Layout, alerts: Sequence[Alert], audience: Audience, channel: AlertChannel
) -> SlackMessage:
    match layout:
        case Layout.SINGLE:
            return build_alert_message(alerts[0], audience)
        case Layout.LIST:
            return build_alert_list(alerts, audience)
        case Layout.HELD:
            return build_alert_list(alerts, audience, quiet=channel.quiet)
        case Layout.REPLY:
            return build_thread_reply(alerts, audience)


def _muted(alert: Alert, mutes: Iterable[Mute]) -> bool:
    return any(m.template is None or m.template == alert.template for m in mutes)


def _takeable(post: AlertPost, now: datetime) -> bool:
    if post.state in (PostState.CLAIMED, PostState.POSTING):
        return post.lease_until <= now
    if post.state in (PostState.HELD, PostState.RETRY):
        return post.next_attempt_at is not None and post.next_attempt_at <= now
    return False


def _parents(mine: Iterable[AlertPost]) -> dict[str, str]:
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


def _parent_ts(mine: Iterable[AlertPost], post: AlertPost) -> str | None:
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


def _decoded(post: AlertPost, snapshot: str) -> Alert | None:
    """The alert a snapshot holds; None (and a log line) when it holds none."""
    try:
        return decode_alert(post.channel_id, post.subject, post.kind, snapshot)
    except (ValueError, KeyError, TypeError) as error:
        logger.warning("an alert's snapshot is unreadable: %s", type(error).__name__)
        return None
