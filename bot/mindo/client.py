"""The Mindo API client: the only code that knows URLs, headers, pages and retries.

A list is read as page 1 first, which tells the page size the server really used (it may
cap ``page_size`` silently) and the total ``count``; every other page is then asked for at
once, with one semaphore per fetch bounding the requests in flight across all its status
streams. Page URLs are always built from the base URL and ``next`` is never followed, so
the key cannot leave for another host (redirects are not followed either).

Date windows. The API does not say whether ``created_after``/``created_before`` are
inclusive, nor in which zone it reads a ``YYYY-MM-DD``. A date D read in a zone with
offset o covers the UTC instants [D 00:00 − o, D+1 00:00 − o). The user's zone and the
server's each lie within ±14 h, so one date can mean instants up to 28 h apart: more than
one day, hence two days of margin; an exclusive bound also drops the whole boundary day,
hence a third. So the client asks for three extra days on each side
(``DATE_MARGIN``) and keeps exactly the sends whose ``created_at`` falls, in the user's
zone, on a date inside the range.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Collection, Coroutine, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial
from itertools import chain
from typing import Any, Generic, Protocol, Self, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from bot.mindo.errors import (
    AuthenticationError,
    BadRequestError,
    MindoError,
    MindoUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    UnreadableResponseError,
)
from bot.mindo.models import (
    BulkSend,
    BulkSendDetail,
    BusinessAccounts,
    BusinessInfo,
    Message,
)
from bot.query.model import DateRange
from bot.status import STATUS_ORDER, Status

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.mindosoftware.com"
DATE_MARGIN = timedelta(days=3)
#: Page sizes to fall back to when the server answers 400 to a large one.
PAGE_SIZE_LADDER = (100, 50, 20)
#: The longest Retry-After the client honours; longer ones are cut to this.
RETRY_AFTER_CAP = 30.0

_API_PREFIX = "/api/v1/"
_BULK_SENDS = "meta-templates/bulk-sends/"
_BACKOFF = wait_random_exponential(multiplier=0.25, max=8.0)

T = TypeVar("T")


class _Identified(Protocol):
    @property
    def id(self) -> Hashable: ...


Item = TypeVar("Item", bound=_Identified)


@dataclass(frozen=True)
class FetchResult:
    """Every matching send, newest first, and what it took to get them."""

    sends: tuple[BulkSend, ...]
    pages: int
    requests: int


@dataclass
class _Run:
    """One fetch's shared budget of requests in flight, and its counters."""

    slots: asyncio.Semaphore
    pages: int = 0
    requests: int = 0


@dataclass(frozen=True)
class _Page(Generic[T]):
    count: int
    has_next: bool
    items: tuple[T, ...]


class MindoClient:
    """Async, read-only client for the bot's five Mindo endpoints."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_concurrency: int = 8,
        page_size: int = 100,
        timeout: float = 10.0,
        max_attempts: int = 4,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if min(max_concurrency, page_size, max_attempts) < 1:
            raise ValueError("max_concurrency, page_size and max_attempts must be at least 1")
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._max_concurrency = max_concurrency
        self._page_size = page_size
        self._max_attempts = max_attempts
        self._sleep = sleep
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout)

    def __repr__(self) -> str:
        return f"MindoClient(base_url={self._base_url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def fetch_bulk_sends(
        self,
        *,
        statuses: Collection[Status],
        date_range: DateRange,
        tz: str,
        template_id: int | None = None,
    ) -> FetchResult:
        """The sends created on ``date_range``'s local dates in ``tz``; empty statuses = all."""
        zone = ZoneInfo(tz)
        wanted = frozenset(statuses)
        params: dict[str, str] = {"created_before": (date_range.end + DATE_MARGIN).isoformat()}
        if date_range.start is not None:
            params["created_after"] = (date_range.start - DATE_MARGIN).isoformat()
        if template_id is not None:
            params["template"] = str(template_id)
        streams = [{**params, "status": s.value} for s in STATUS_ORDER if s in wanted]
        run = self._new_run()
        pages = await _gather(
            self._collect(_BULK_SENDS, p, BulkSend.from_api, run) for p in streams or [params]
        )
        # The server's filters only narrow the transfer; the answer is decided here.
        sends = tuple(
            send
            for send in _newest_first(_unique(chain.from_iterable(pages)))
            if (not wanted or send.status in wanted)
            and (template_id is None or send.template.id == template_id)
            and date_range.contains(send.created_at.astimezone(zone).date())
        )
        return FetchResult(sends=sends, pages=run.pages, requests=run.requests)

    async def list_bulk_sends(
        self,
        *,
        status: Status | None = None,
        template_id: int | None = None,
        created_after: date | None = None,
        created_before: date | None = None,
    ) -> FetchResult:
        """Every page of the list with the raw server filters, newest first."""
        params: dict[str, str] = {}
        if status is not None:
            params["status"] = status.value
        if template_id is not None:
            params["template"] = str(template_id)
        if created_after is not None:
            params["created_after"] = created_after.isoformat()
        if created_before is not None:
            params["created_before"] = created_before.isoformat()
        run = self._new_run()
        items = await self._collect(_BULK_SENDS, params, BulkSend.from_api, run)
        sends = tuple(_newest_first(_unique(items)))
        return FetchResult(sends=sends, pages=run.pages, requests=run.requests)

    async def get_bulk_send(self, bulk_send_id: str) -> BulkSendDetail:
        path = f"{_BULK_SENDS}{quote(bulk_send_id, safe='')}/"
        return await self._request(path, {}, self._new_run(), BulkSendDetail.from_api)

    async def list_messages(
        self, bulk_send_id: str, *, status: str | None = None
    ) -> tuple[Message, ...]:
        """Every message of one send, in the server's order; ``status``: sent/delivered/read/failed."""
        path = f"{_BULK_SENDS}{quote(bulk_send_id, safe='')}/messages/"
        params = {"status": status.lower()} if status else {}
        items = await self._collect(path, params, Message.from_api, self._new_run())
        return tuple(_unique(items))

    async def get_business_info(self) -> BusinessInfo:
        return await self._request("business-info/", {}, self._new_run(), BusinessInfo.from_api)

    async def get_business_accounts(self) -> BusinessAccounts:
        return await self._request(
            "business-accounts/", {}, self._new_run(), BusinessAccounts.from_api
        )

    # Paging

    def _new_run(self) -> _Run:
        return _Run(slots=asyncio.Semaphore(self._max_concurrency))

    async def _collect(
        self, path: str, params: dict[str, str], parse_item: Callable[[Any], Item], run: _Run
    ) -> list[Item]:
        """All pages of one list: page 1, then the rest concurrently, then any that appeared."""
        page_size, first = await self._first_page(path, params, parse_item, run)
        items = list(first.items)
        if not (first.has_next and first.items):
            return items
        per_page = len(first.items)  # what the server really used, whatever we asked
        fetched, last = 1, max(2, _pages_for(first.count, per_page))
        while fetched < last:
            numbers = range(fetched + 1, last + 1)
            pages = await _gather(
                self._later_page(path, params, n, page_size, parse_item, run) for n in numbers
            )
            fetched = last
            read = [page for page in pages if page is not None]
            for page in read:
                items.extend(page.items)
            if len(read) < len(pages):
                break  # the list shrank: nothing lies past the page that vanished
            # Sends created while paging push older ones onto pages that did not exist.
            last = max(last, *(_pages_for(page.count, per_page) for page in read))
            if read[-1].has_next and read[-1].items:
                last = max(last, fetched + 1)
        return items

    async def _first_page(
        self, path: str, params: dict[str, str], parse_item: Callable[[Any], Item], run: _Run
    ) -> tuple[int, _Page[Item]]:
        """Page 1, stepping down the page size while the server refuses it with a 400."""
        sizes = [self._page_size, *(s for s in PAGE_SIZE_LADDER if s < self._page_size)]
        for size in sizes:
            try:
                page = await self._page(path, params, 1, size, parse_item, run)
            except BadRequestError as error:
                if size == sizes[-1] or not _may_be_page_size(error):
                    raise
                logger.debug("Mindo refused page_size=%d; trying a smaller one", size)
                continue
            self._page_size = size  # remember, so later fetches skip the refused sizes
            return size, page
        raise AssertionError("unreachable: the last size returns or raises")

    async def _later_page(
        self,
        path: str,
        params: dict[str, str],
        number: int,
        size: int,
        parse_item: Callable[[Any], Item],
        run: _Run,
    ) -> _Page[Item] | None:
        """A page after the first; None when it is past the end because the list shrank."""
        try:
            return await self._page(path, params, number, size, parse_item, run)
        except NotFoundError:
            logger.debug("page %d of %s is gone: the list shrank while paging", number, path)
            return None

    async def _page(
        self,
        path: str,
        params: dict[str, str],
        number: int,
        size: int,
        parse_item: Callable[[Any], Item],
        run: _Run,
    ) -> _Page[Item]:
        query = {**params, "page": str(number), "page_size": str(size)}
        page = await self._request(path, query, run, partial(_parse_page, parse_item))
        run.pages += 1
        return page

    # One request, with retries

    async def _request(
        self, path: str, params: dict[str, str], run: _Run, parse: Callable[[Any], T]
    ) -> T:
        url = httpx.URL(self._base_url + _API_PREFIX + path, params=params)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=_wait_before_retry,
            retry=retry_if_exception_type(MindoUnavailableError),
            sleep=self._sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                response = await self._send(url, run)
                return self._read(url, response, parse)
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def _send(self, url: httpx.URL, run: _Run) -> httpx.Response:
        run.requests += 1
        where = url.raw_path.decode("ascii")
        async with run.slots:
            started = time.perf_counter()
            try:
                response = await self._http.get(url, headers={"X-API-Key": self._api_key})
            except httpx.TransportError as exc:
                elapsed = (time.perf_counter() - started) * 1000
                logger.debug("GET %s -> %s in %.0f ms", where, type(exc).__name__, elapsed)
                reason = "timed out" if isinstance(exc, httpx.TimeoutException) else "unreachable"
                raise MindoUnavailableError(
                    f"Mindo {reason} ({type(exc).__name__})", method="GET", url=str(url)
                ) from exc
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug("GET %s -> %d in %.0f ms", where, response.status_code, elapsed)
        return response

    def _read(self, url: httpx.URL, response: httpx.Response, parse: Callable[[Any], T]) -> T:
        where: dict[str, Any] = {
            "method": "GET",
            "url": str(url),
            "status_code": response.status_code,
        }
        if not response.is_success:
            raise self._error(response, where)
        try:
            data = response.json()
        except ValueError as exc:
            raise UnreadableResponseError("Mindo's answer is not JSON", **where) from exc
        try:
            return parse(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problem = self._scrub(f"{type(exc).__name__}: {exc}")[:200]
            raise UnreadableResponseError(
                f"Mindo's answer has an unexpected shape ({problem})", **where
            ) from exc

    def _error(self, response: httpx.Response, where: dict[str, Any]) -> MindoError:
        status = response.status_code
        body = _json_or_none(response)
        detail = body.get("detail") if isinstance(body, dict) else None
        text = self._scrub(detail)[:300] if isinstance(detail, str) else None
        fallback = f"HTTP {status} {response.reason_phrase}".strip()
        if status == 400:
            errors = {k: [self._scrub(m) for m in v] for k, v in _field_errors(body).items()}
            summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())[:300]
            return BadRequestError(summary or fallback, field_errors=errors, **where)
        if status == 401:
            return AuthenticationError(text or "Mindo rejected the API key", **where)
        if status == 403:
            return PermissionDeniedError(text or "Mindo denied access", **where)
        if status == 404:
            return NotFoundError(text or "Mindo found nothing there", **where)
        if status in (408, 429) or status >= 500:
            retry_after = _retry_after(response)
            return MindoUnavailableError(text or fallback, retry_after=retry_after, **where)
        return UnreadableResponseError(f"unexpected answer: {fallback}", **where)

    def _scrub(self, text: str) -> str:
        """Server text may echo what it was sent; the key must never reach a message."""
        return text.replace(self._api_key, "***") if self._api_key else text


async def _gather(coros: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    """Run all at once; on the first failure cancel the rest and raise that error itself."""
    failure: BaseException | None = None
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(c) for c in coros]
    except BaseExceptionGroup as failed:
        failure = failed.exceptions[0]
    if failure is not None:
        raise failure
    return [task.result() for task in tasks]


def _parse_page(parse_item: Callable[[Any], Item], data: Any) -> _Page[Item]:
    results, count, next_url = data["results"], data["count"], data.get("next")
    if not isinstance(results, list):
        raise TypeError("results must be a list")
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError("count must be an integer")
    if next_url is not None and not isinstance(next_url, str):
        raise TypeError("next must be a URL or null")
    return _Page(count=count, has_next=next_url is not None, items=tuple(map(parse_item, results)))


def _pages_for(count: int, per_page: int) -> int:
    return max(1, math.ceil(count / per_page))


def _unique(items: Iterable[Item]) -> list[Item]:
    """First copy of each id wins: pages shift while sends are created or finish."""
    seen: dict[Hashable, Item] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


def _newest_first(sends: Iterable[BulkSend]) -> list[BulkSend]:
    return sorted(sends, key=lambda s: (s.created_at, s.id), reverse=True)


def _may_be_page_size(error: BadRequestError) -> bool:
    """A 400 that names other fields is about them; one naming none may be the page size."""
    named = set(error.field_errors) - {"detail", "non_field_errors"}
    return "page_size" in named or not named


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _field_errors(body: Any) -> dict[str, list[str]]:
    """DRF bodies: {"field": ["msg", …]}, {"detail": "msg"} or a bare list of messages."""
    if isinstance(body, list):
        return {"non_field_errors": [str(m) for m in body]}
    if not isinstance(body, dict):
        return {}
    return {
        str(key): [str(m) for m in value] if isinstance(value, list) else [str(value)]
        for key, value in body.items()
    }


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds or as an HTTP date (against the response's own Date), capped."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = _aware(parsedate_to_datetime(value))
            date_header = response.headers.get("Date")
            now = _aware(parsedate_to_datetime(date_header)) if date_header else datetime.now(UTC)
        except (TypeError, ValueError):
            return None
        seconds = (when - now).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _wait_before_retry(state: RetryCallState) -> float:
    """Honour the server's Retry-After; otherwise exponential backoff with full jitter."""
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, MindoUnavailableError) and error.retry_after is not None:
        return error.retry_after
    return float(_BACKOFF(state))
