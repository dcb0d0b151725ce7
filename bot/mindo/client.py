"""The Mindo API client: the only code that knows Mindo's endpoints, filters and statuses.

Requests, retries and the in-flight limit live in ``bot.mindo.requester``; reading a
whole list, and knowing it was read whole, in ``bot.mindo.paging``. This module turns a
question into list reads and their answers into one exact, newest-first result.

Statuses. The API filters by one status per request, so several wanted statuses are
several streams, read concurrently and merged by id. A send that moves on while they
are read (PROCESSING → COMPLETED) can be in two streams: the copy furthest along is
kept. All statuses (or none) is one stream with no status filter.

Date windows. The API does not say whether ``created_after``/``created_before`` are
inclusive, nor in which zone it reads a ``YYYY-MM-DD``. A date D read in a zone with
offset o covers the UTC instants [D 00:00 − o, D+1 00:00 − o). The user's zone and the
server's each lie within ±14 h, so one date can mean instants up to 28 h apart: more than
one day, hence two days of margin; an exclusive bound also drops the whole boundary day,
hence a third. So the client asks for three extra days on each side
(``DATE_MARGIN``) and keeps exactly the sends whose ``created_at`` falls, in the user's
zone, on a date inside the range.

Time. Each request has a total deadline (``bot.mindo.requester``) and each public call a
``budget``: when it runs out, everything the call still reads is cancelled (its slots
freed) and ``MindoTooSlowError`` says so plainly. ``question()`` opens one budget for
several calls (parsing and answering one question); calls inside it share it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import Self
from urllib.parse import quote
from zoneinfo import ZoneInfo

import httpx

from bot.domain.dates import DateRange
from bot.domain.sends import RUNNING, STATUS_ORDER, BulkSend, Status
from bot.mindo.errors import MindoTooSlowError
from bot.mindo.health import PathHealth, PathWatch
from bot.mindo.models import BulkSendDetail, BusinessAccounts, BusinessInfo, Message
from bot.mindo.paging import ListRequest, Pager, gather_all, json_pages
from bot.mindo.requester import REQUEST_DEADLINE, RETRY_BUDGET, Requester, Tally, from_json
from bot.mindo.sends import decode_bulk_send_page

DATE_MARGIN = timedelta(days=3)
#: The margin of ``fetch_changing``'s own bounds, read as UTC dates: a date read in any
#: server zone (±14 h), inclusive or exclusive, still covers the instants meant.
WATCH_MARGIN = timedelta(days=2)
#: Seconds one question (every read it needs, retries included) may take.
QUESTION_BUDGET = 45.0
#: Seconds to connect to Mindo, or to wait for the next bytes of an answer.
READ_TIMEOUT = 10.0

#: Set while a budget runs in this task (and the tasks it starts): inner calls share it.
_in_budget: ContextVar[bool] = ContextVar("mindo_budget", default=False)

_BULK_SENDS = "meta-templates/bulk-sends/"
_NEVER = datetime.min.replace(tzinfo=UTC)
_CREATED = attrgetter("created_at", "id")
_MESSAGE_PAGES = json_pages(Message.from_api)
_BULK_SEND_DETAIL = from_json(BulkSendDetail.from_api)
_BUSINESS_INFO = from_json(BusinessInfo.from_api)
_BUSINESS_ACCOUNTS = from_json(BusinessAccounts.from_api)


@dataclass(frozen=True)
class FetchResult:
    """Every matching send, newest first, and what it took to get them."""

    sends: tuple[BulkSend, ...]
    pages: int
    requests: int


class MindoClient:
    """Async, read-only client for the bot's five Mindo endpoints.

    One client serves the whole bot: ``max_concurrency`` bounds its requests in flight
    across every question asked at once. ``sleep`` and ``monotonic`` are injected so
    tests can run retries without waiting.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_concurrency: int = 8,
        page_size: int = 100,
        timeout: float = READ_TIMEOUT,
        max_attempts: int = 4,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        retry_budget: float = RETRY_BUDGET,
        monotonic: Callable[[], float] = time.monotonic,
        deadline: float = REQUEST_DEADLINE,
        budget: float = QUESTION_BUDGET,
    ) -> None:
        if min(max_concurrency, page_size, max_attempts) < 1:
            raise ValueError("max_concurrency, page_size and max_attempts must be at least 1")
        if min(deadline, budget) <= 0:
            raise ValueError("deadline and budget must be positive")
        self._budget = budget
        self._requester = Requester(
            base_url,
            api_key,
            transport=transport,
            max_concurrency=max_concurrency,
            timeout=timeout,
            max_attempts=max_attempts,
            retry_budget=min(retry_budget, budget),
            deadline=deadline,
            watch=PathWatch(deadline=deadline, budget=budget, monotonic=monotonic),
            sleep=sleep,
            monotonic=monotonic,
        )
        self._pager = Pager(self._requester, page_size)

    def __repr__(self) -> str:
        return f"MindoClient(base_url={self._requester.base_url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._requester.aclose()

    def health(self) -> PathHealth:
        """Whether requests to Mindo are moving (for the health check)."""
        return self._requester.watch.report()

    @asynccontextmanager
    async def question(self) -> AsyncIterator[None]:
        """One budget for everything read inside (a question's parse and its answer).

        Inside an outer budget it adds nothing. When it runs out, the reads still under
        way are cancelled and ``MindoTooSlowError`` is raised.
        """
        if _in_budget.get():
            yield
            return
        token = _in_budget.set(True)
        try:
            async with asyncio.timeout(self._budget):
                yield
        except TimeoutError:
            error = MindoTooSlowError(self._budget, method="GET", url=self._requester.base_url)
        else:
            return
        finally:
            _in_budget.reset(token)
        raise error

    async def fetch_bulk_sends(
        self,
        *,
        statuses: Collection[Status],
        date_range: DateRange,
        tz: str,
        template_id: int | None = None,
    ) -> FetchResult:
        """The sends created on ``date_range``'s local dates in ``tz``; empty statuses = all."""
        async with self.question():
            return await self._fetch_bulk_sends(statuses, date_range, tz, template_id)

    async def _fetch_bulk_sends(
        self,
        statuses: Collection[Status],
        date_range: DateRange,
        tz: str,
        template_id: int | None,
    ) -> FetchResult:
        zone = ZoneInfo(tz)
        wanted = frozenset(statuses) or frozenset(Status)
        streams: list[Status | None] = [s for s in STATUS_ORDER if s in wanted]
        if wanted == frozenset(Status):
            streams = [None]
        after = None if date_range.start is None else _shift(date_range.start, -DATE_MARGIN)
        results = await gather_all(
            self.list_bulk_sends(
                status=status,
                template_id=template_id,
                created_after=after,
                created_before=_shift(date_range.end, DATE_MARGIN),
            )
            for status in streams
        )
        # One stream is newest first already, each send once; several are merged.
        merged = (
            results[0].sends
            if len(results) == 1
            else _newest_first(_furthest_along(result.sends for result in results))
        )
        # The server's filters only narrow the transfer; the answer is decided here.
        sends = tuple(
            send
            for send in merged
            if send.status in wanted
            and (template_id is None or send.template.id == template_id)
            and date_range.contains(send.created_at.astimezone(zone).date())
        )
        return FetchResult(
            sends=sends,
            pages=sum(result.pages for result in results),
            requests=sum(result.requests for result in results),
        )

    async def fetch_changing(self, *, since: datetime) -> FetchResult:
        """Every send that can still change: those not ended (QUEUED, PROCESSING), however
        old, and every send created since ``since``, in one read.

        Three streams at once: the sends created from a little before ``since``, and the
        queued and the processing ones created up to a little after it (the older running
        ones; the newer are in the first stream already). The margins overlap the two by
        a few days whatever the server does with dates; duplicates are merged.
        """
        day = since.astimezone(UTC).date()
        async with self.question():
            results = await gather_all(
                [
                    self.list_bulk_sends(created_after=_shift(day, -WATCH_MARGIN)),
                    *(
                        self.list_bulk_sends(
                            status=status, created_before=_shift(day, WATCH_MARGIN)
                        )
                        for status in (Status.QUEUED, Status.PROCESSING)
                    ),
                ]
            )
        sends = (
            send
            for send in _furthest_along(result.sends for result in results)
            if send.status in RUNNING or send.created_at >= since
        )
        return FetchResult(
            sends=_newest_first(sends),
            pages=sum(result.pages for result in results),
            requests=sum(result.requests for result in results),
        )

    async def list_bulk_sends(
        self,
        *,
        status: Status | None = None,
        template_id: int | None = None,
        created_after: date | None = None,
        created_before: date | None = None,
    ) -> FetchResult:
        """One stream: every page of the list with the server's own filters, newest first."""
        params: dict[str, str] = {}
        if status is not None:
            params["status"] = status.value
        if template_id is not None:
            params["template"] = str(template_id)
        if created_after is not None:
            params["created_after"] = created_after.isoformat()
        if created_before is not None:
            params["created_before"] = created_before.isoformat()
        tally = Tally()
        request = ListRequest("bulk-sends", _BULK_SENDS, params, decode_bulk_send_page, "address")
        async with self.question():
            sends = await self._pager.read(request, tally)
        return FetchResult(sends=_newest_first(sends), pages=tally.pages, requests=tally.requests)

    async def get_bulk_send(self, bulk_send_id: str) -> BulkSendDetail:
        path = f"{_BULK_SENDS}{quote(bulk_send_id, safe='')}/"
        async with self.question():
            return await self._requester.get(path, {}, _BULK_SEND_DETAIL, Tally(), not_found="send")

    async def list_messages(
        self, bulk_send_id: str, *, status: str | None = None, limit: int | None = None
    ) -> tuple[Message, ...]:
        """Every message of one send, in the server's order; ``status``: sent/delivered/read/failed.

        With ``limit``, only the first ``limit`` messages: just the pages that hold them are
        read, and a list that changes meanwhile gives what its pages held (no retry).
        """
        path = f"{_BULK_SENDS}{quote(bulk_send_id, safe='')}/messages/"
        params = {"status": status.lower()} if status else {}
        request = ListRequest("messages", path, params, _MESSAGE_PAGES, "send")
        async with self.question():
            return tuple(await self._pager.read(request, Tally(), limit=limit))

    async def get_business_info(self) -> BusinessInfo:
        async with self.question():
            return await self._requester.get(
                "business-info/", {}, _BUSINESS_INFO, Tally(), not_found="address"
            )

    async def get_business_accounts(self) -> BusinessAccounts:
        async with self.question():
            return await self._requester.get(
                "business-accounts/", {}, _BUSINESS_ACCOUNTS, Tally(), not_found="address"
            )


def _shift(day: date, by: timedelta) -> date:
    """``day`` moved by the margin, stopping at the calendar's ends (year 1, year 9999)."""
    try:
        return day + by
    except OverflowError:
        return date.min if by < timedelta(0) else date.max


def _furthest_along(streams: Iterable[Iterable[BulkSend]]) -> list[BulkSend]:
    """One copy per id: the one furthest along, as a send seen twice moved on in between."""
    kept: dict[str, BulkSend] = {}
    for stream in streams:
        for send in stream:
            other = kept.get(send.id)
            if other is None or _progress(send) > _progress(other):
                kept[send.id] = send
    return list(kept.values())


def _progress(send: BulkSend) -> tuple[bool, float, datetime]:
    """Finished beats running, then more progress, then a later end."""
    return (send.status not in RUNNING, send.progress_percentage, send.completed_at or _NEVER)


def _newest_first(sends: Iterable[BulkSend]) -> tuple[BulkSend, ...]:
    return tuple(sorted(sends, key=_CREATED, reverse=True))
