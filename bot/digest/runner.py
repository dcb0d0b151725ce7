"""Posts every digest whose time has come, once per digest and local date.

Each pass: find the digests due now (today's run, its time passed, not older than the
digest's own set-up), *claim* each day's run in the store (only one process wins), read
Mindo once per (time zone, date) for all the claimed digests together, build, post,
mark sent. Failures do not lose the day:

- Mindo down: the run is handed back with a growing delay; past ``mindo_patience``
  a short "couldn't build today's digest" message is posted instead of silence.
- Slack refusing for good (channel gone, bot not invited, archived): the day is
  closed as failed, the error kept for ``digest list``, and whoever configured the
  digest gets a direct message. Slack failing for now: retried until ``slack_patience``.
- A process dying mid-run: its lease expires and another takes over; if it died while
  posting, the new holder first looks in the channel for the message it may have sent.

A holder renews its claim at each step (after reading Mindo, before each post attempt),
and each step is bounded (Mindo's question budget, one Slack call's timeout) well inside
the lease. Right before every attempt to post it checks, in the same statement that
renews, that the day is still its own; a process that lost it posts nothing. A Slack
``Retry-After`` shorter than ``longest_wait`` is waited out under the claim; a longer
one gives the claim up until then, for whichever process is free at that time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.channel.claims import Clock, Patience, Sleep, new_owner, repeat
from bot.channel.posting import PostError
from bot.digest.poster import DigestPoster
from bot.domain.digests import Digest, Run, RunState
from bot.domain.schedule import ScheduledRun
from bot.domain.workspaces import WorkspaceRef
from bot.locale.languages import Language
from bot.message.digest import (
    build_channel_problem_notice,
    build_digest_message,
    build_unavailable_message,
    is_quiet,
)
from bot.message.newer import Refused, kinds_in
from bot.message.slack import SlackMessage
from bot.mindo.errors import MindoError
from bot.mindo.models import PhoneNumber
from bot.service.digest import DayActivity, DigestData, DigestSource
from bot.slack.fallback import REFUSAL_CODES, BlockSupport, blamed_kinds
from bot.store.digests import DigestStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunPolicy(Patience):
    """How long things may take, and how patient to be."""

    #: Seconds between passes.
    tick: float = 30.0
    mindo_patience: timedelta = timedelta(minutes=45)


class Result(StrEnum):
    SENT = "sent"
    SENT_LATE = "sent_late"
    ALREADY_POSTED = "already_posted"  # found in the channel after a takeover
    SKIPPED = "skipped"  # empty day, and the digest skips those
    UNAVAILABLE = "unavailable"  # posted "couldn't build today's digest"
    RETRY = "retry"
    FAILED = "failed"
    LOST = "lost"  # another process took the claim over meanwhile


@dataclass(frozen=True)
class Outcome:
    channel_id: str
    run_date: date
    result: Result
    detail: str | None = None


#: Outcomes an operator should look at.
_TROUBLE = frozenset({Result.RETRY, Result.FAILED, Result.LOST, Result.UNAVAILABLE})


def _log(outcome: Outcome, started: float) -> None:
    """One line per digest run this process completed (or gave back)."""
    logger.log(
        logging.WARNING if outcome.result in _TROUBLE else logging.INFO,
        "digest run",
        extra={
            "fields": {
                "action": "digest",
                "outcome": outcome.result.value,
                "detail": outcome.detail,
                "channel": outcome.channel_id,
                "date": outcome.run_date.isoformat(),
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
        },
    )


@dataclass
class _PassReads:
    """Mindo reads shared by every digest of one pass: one per (zone, date), one for phones."""

    source: DigestSource
    activities: dict[tuple[str, date], asyncio.Task[DayActivity]] = field(default_factory=dict)
    phones_task: asyncio.Task[tuple[PhoneNumber, ...]] | None = None
    #: Digests of one zone, date and language read the same: build the message once
    #: (for each set of newer block kinds refused).
    messages: dict[tuple[str, date, Language, datetime | None, Refused], SlackMessage] = field(
        default_factory=dict
    )

    async def activity(self, timezone: str, report_date: date) -> DayActivity:
        key = (timezone, report_date)
        if key not in self.activities:
            self.activities[key] = asyncio.ensure_future(
                self.source.activity(timezone, report_date)
            )
        return await asyncio.shield(self.activities[key])

    async def phones(self) -> tuple[PhoneNumber, ...] | None:
        if self.phones_task is None:
            self.phones_task = asyncio.ensure_future(self.source.phones())
        try:
            return await asyncio.shield(self.phones_task)
        except MindoError:
            return None


class DigestRunner:
    def __init__(
        self,
        store: DigestStore,
        source: DigestSource,
        poster: DigestPoster,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        owner: str | None = None,
        policy: RunPolicy | None = None,
        demo: bool = False,
        block_support: BlockSupport | None = None,
    ) -> None:
        self.store = store
        self.source = source
        self.poster = poster
        self.clock = clock
        self.sleep = sleep
        self.owner = owner or new_owner()
        self.policy = policy or RunPolicy()
        self.demo = demo
        #: The newer block kinds (charts, tables) Slack refused, shared with the app's
        #: answers: a refused digest goes out again at once without them.
        self.block_support = block_support or BlockSupport()

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Pass after pass until ``stop`` is set."""
        await repeat(
            self.run_due, stop, every=self.policy.tick, sleep=self.sleep, what="digest pass"
        )

    async def run_due(self) -> list[Outcome]:
        """One pass: post what is due now. Returns what became of each run it claimed."""
        now = self.clock()
        claimed: list[tuple[Digest, ScheduledRun, Run]] = []
        for digest in await self.store.list_digests():
            run = due_run(digest, now)
            if run is None:
                continue
            claim = await self.store.claim(
                digest.channel_id, run.run_date, self.owner, now, self.policy.lease
            )
            if claim is not None:
                claimed.append((digest, run, claim))
        if not claimed:
            return []
        reads = _PassReads(self.source)
        slots = asyncio.Semaphore(self.policy.concurrency)

        async def complete(digest: Digest, run: ScheduledRun, claim: Run) -> Outcome:
            async with slots:
                started = time.perf_counter()
                try:
                    outcome = await self._complete(digest, run, claim, reads)
                except Exception:
                    # The claim stays held; when its lease runs out the run is tried again.
                    logger.exception("digest %s %s failed", digest.channel_id, run.run_date)
                    outcome = Outcome(
                        digest.channel_id, run.run_date, Result.RETRY, "internal error"
                    )
                _log(outcome, started)
                return outcome

        return list(await asyncio.gather(*(complete(*item) for item in claimed)))

    async def _complete(
        self, digest: Digest, run: ScheduledRun, claim: Run, reads: _PassReads
    ) -> Outcome:
        if claim.posting_since is not None:
            ts = await self.poster.find_posted(
                digest.channel_id, run_key(claim), claim.posting_since
            )
            if ts is not None:
                await self.store.finish(claim, RunState.SENT, self.clock(), message_ts=ts)
                return Outcome(digest.channel_id, run.run_date, Result.ALREADY_POSTED)
        try:
            activity = await reads.activity(digest.schedule.timezone, run.report_date)
        except MindoError as error:
            return await self._mindo_failed(digest, run, claim, error)
        if not await self.store.renew(claim, self.clock(), self.policy.lease):
            return Outcome(digest.channel_id, run.run_date, Result.LOST)
        now = self.clock()
        data = DigestData(activity, await reads.phones(), now)
        if digest.skip_empty and is_quiet(data):
            await self.store.finish(claim, RunState.SKIPPED, now)
            return Outcome(digest.channel_id, run.run_date, Result.SKIPPED)
        late = run.is_late(claim.first_claimed_at)
        late_since = run.due if late else None

        def build(refused: Refused) -> SlackMessage:
            key = (activity.timezone, activity.report_date, digest.language, late_since, refused)
            if key not in reads.messages:
                reads.messages[key] = build_digest_message(
                    data,
                    language=digest.language,
                    demo=self.demo,
                    late_since=late_since,
                    refused=refused,
                )
            return reads.messages[key]

        return await self._deliver(
            digest, run, claim, build, Result.SENT_LATE if late else Result.SENT
        )

    async def _mindo_failed(
        self, digest: Digest, run: ScheduledRun, claim: Run, error: MindoError
    ) -> Outcome:
        now = self.clock()
        if now - claim.first_claimed_at < self.policy.mindo_patience:
            return await self._retry(digest, run, claim, f"mindo: {error.kind.value}")
        message = build_unavailable_message(run.report_date, language=digest.language)
        return await self._deliver(digest, run, claim, lambda _: message, Result.UNAVAILABLE)

    async def _deliver(
        self,
        digest: Digest,
        run: ScheduledRun,
        claim: Run,
        build: Callable[[Refused], SlackMessage],
        done: Result,
    ) -> Outcome:
        """Post, trying again under the claim when Slack asks to wait a little, and at once
        without the newer blocks it refused (a refused message was not posted)."""
        attempt = 0
        workspace = WorkspaceRef(self.store.team)  # the store is the workspace's
        while True:
            attempt += 1
            # Renews the lease and proves the day is still ours, right before each attempt.
            if not await self.store.begin_posting(claim, self.clock(), self.policy.lease):
                logger.warning("digest %s: claim lost before posting", digest.channel_id)
                return Outcome(digest.channel_id, run.run_date, Result.LOST)
            message = build(self.block_support.refused(workspace))
            try:
                ts = await self.poster.post(digest.channel_id, message, key=run_key(claim))
            except PostError as error:
                if error.code in REFUSAL_CODES and kinds_in(message.blocks):
                    self.block_support.refuse(workspace, blamed_kinds(error.details, message))
                    attempt -= 1  # not a try of this message: the plainer one goes now
                    continue
                wait = self.policy.wait_in_claim(error, attempt)
                if wait is not None:
                    await self.sleep(wait)
                    continue
                return await self._post_failed(digest, run, claim, error)
            break
        now = self.clock()
        if not await self.store.finish(claim, RunState.SENT, now, message_ts=ts):
            logger.warning("digest %s posted but its claim was taken over", digest.channel_id)
        if digest.last_error is not None:
            await self.store.set_last_error(digest.channel_id, None, now)
        return Outcome(digest.channel_id, run.run_date, done)

    async def _post_failed(
        self, digest: Digest, run: ScheduledRun, claim: Run, error: PostError
    ) -> Outcome:
        now = self.clock()
        if self.policy.keeps_trying(error, now, claim.first_claimed_at):
            return await self._retry(
                digest,
                run,
                claim,
                f"slack: {error.code}",
                maybe_posted=error.maybe_posted,
                not_before=error.retry_after,
            )
        await self.store.finish(claim, RunState.FAILED, now, error=error.code)
        await self.store.set_last_error(digest.channel_id, error.code, now)
        if error.channel_problem and digest.created_by:
            notice = build_channel_problem_notice(digest, error.code)
            try:
                await self.poster.notify(digest.created_by, notice)
            except PostError as dm_error:
                logger.warning("could not tell %s: %s", digest.created_by, dm_error.code)
        return Outcome(digest.channel_id, run.run_date, Result.FAILED, error.code)

    async def _retry(
        self,
        digest: Digest,
        run: ScheduledRun,
        claim: Run,
        reason: str,
        *,
        maybe_posted: bool | None = None,
        not_before: float | None = None,
    ) -> Outcome:
        """Hand the day back until the next try (and no sooner than Slack asked)."""
        now = self.clock()
        unsure = claim.posting_since is not None if maybe_posted is None else maybe_posted
        at = self.policy.next_try(now, claim.attempts, not_before)
        await self.store.retry_later(claim, at, now, error=reason, maybe_posted=unsure)
        return Outcome(digest.channel_id, run.run_date, Result.RETRY, reason)


async def read_now(
    source: DigestSource, *, timezone: str, report_date: date, now: datetime
) -> DigestData:
    """What a digest built on the spot shows (preview, command line): no claim, nothing
    stored. Raises MindoError when the day's sends cannot be read."""
    activity = await source.activity(timezone, report_date)
    try:
        phones: tuple[PhoneNumber, ...] | None = await source.phones()
    except MindoError:
        phones = None
    return DigestData(activity, phones, now)


def due_run(digest: Digest, now: datetime) -> ScheduledRun | None:
    """Today's run if it is due and the digest was already set up when it fell due."""
    if not digest.enabled:
        return None
    run = digest.schedule.current_run(now)
    if run is None or run.due < digest.active_since:
        return None
    return run


def run_key(run: Run) -> str:
    """What the posted message carries to be recognised later."""
    return f"{run.channel_id}/{run.run_date.isoformat()}"
