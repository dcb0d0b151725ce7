"""Posting a channel's alerts and keeping their messages up to date: one message for a
group of claimed alerts (under their claims, checked right before each attempt), what a
failed post becomes, and ``chat.update`` for every message whose sends changed since."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence

from bot.alerts.poll import AlertPolicy, Claimed, Poll, PollReport, read_snapshot
from bot.alerts.poster import AlertPoster
from bot.channel.claims import Clock, Sleep
from bot.channel.posting import PostError
from bot.domain.alerts import AlertChannel, AlertPost, Layout, PostState
from bot.message.alert_replies import build_alert_channel_problem_notice
from bot.message.alerts import Audience, build_alert_list, build_alert_message, build_thread_reply
from bot.message.slack import SlackMessage
from bot.service.alerts import Alert, encode_alert, fingerprint
from bot.store.alerts import AlertStore

logger = logging.getLogger(__name__)


class Delivery:
    """One workspace's alert messages: posted, failed, updated."""

    def __init__(
        self,
        store: AlertStore,
        poster: AlertPoster,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        policy: AlertPolicy,
        demo: bool = False,
    ) -> None:
        self.store = store
        self.poster = poster
        self.clock = clock
        self.sleep = sleep
        self.policy = policy
        self.demo = demo

    async def deliver(
        self,
        channel: AlertChannel,
        group: list[Claimed],
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
        self, channel: AlertChannel, group: list[Claimed], error: PostError, report: PollReport
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

    async def update_in_place(self, channel: AlertChannel, poll: Poll, report: PollReport) -> None:
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
            decoded = [read_snapshot(post, snapshots.get(post.key, "")) for post in posts]
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
