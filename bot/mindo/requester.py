"""One GET to Mindo: the key header, the in-flight limit, retries, and typed errors.

Every request of a client shares one semaphore, so ``max_concurrency`` bounds what is in
flight for the whole bot, however many questions are asked at once. Transient failures
(429, 5xx, timeouts, connection errors, a body that is not JSON at all) are retried with
tenacity: backoff with full jitter, or exactly what ``Retry-After`` says, within
``max_attempts`` and a total time budget. A ``Retry-After`` longer than
``RETRY_AFTER_CAP`` is not waited out at all: the error is raised at once with the
server's figure. While an honoured 429 wait runs, every other request of the client
holds back too, instead of earning its own 429.

Every attempt has a total ``deadline`` (connecting, sending and reading the whole body),
not only the transport's per-read timeout: a Mindo that trickles one byte every few seconds would
otherwise hold a slot for ever. A request that runs out of time frees its slot at once and
is retried like any timeout. ``watch`` notes each request for the health check.

Exceptions are raised outside ``except`` blocks and never chained: an httpx error carries
the request, whose headers hold the key, and error reporters walk ``__cause__``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, TypeVar

import httpx
import msgspec
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_random_exponential

from bot.mindo.errors import (
    AuthenticationError,
    BadRequestError,
    GarbledResponseError,
    MindoError,
    MindoSettingsError,
    MindoUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    UnreadableResponseError,
)
from bot.mindo.health import PathWatch
from bot.mindo.sends import InvariantError, UnknownStatusError
from bot.mindo.transport import AiohttpTransport

logger = logging.getLogger(__name__)

#: The longest Retry-After the client waits out; a longer one fails the request at once.
RETRY_AFTER_CAP = 30.0
#: Seconds one request may spend on attempts and waits before giving up.
RETRY_BUDGET = 60.0
#: Seconds one attempt may take from sending to the last byte of the answer.
REQUEST_DEADLINE = 20.0

API_PREFIX = "/api/v1"
_BACKOFF = wait_random_exponential(multiplier=0.25, max=8.0)

T = TypeVar("T")
#: Reads an answer's bytes (JSON) into what the caller wants.
Parse = Callable[[bytes], T]
#: What a 404 means for a path: an unknown send, or a wrong MINDO_API_URL.
NotFoundMeans = Literal["send", "address"]


@dataclass
class Tally:
    """What one question cost: pages read and requests sent (retries included)."""

    pages: int = 0
    requests: int = 0


def api_root(base_url: str) -> str:
    """The base URL without a trailing ``/api/v1``: people paste the documented prefix."""
    root = base_url.rstrip("/")
    return root.removesuffix(API_PREFIX) if root.endswith(API_PREFIX) else root


class Requester:
    """GETs paths under ``{base_url}/api/v1/`` with the key, for one ``MindoClient``."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None,
        max_concurrency: int,
        timeout: float,
        max_attempts: int,
        retry_budget: float,
        deadline: float,
        watch: PathWatch,
        sleep: Callable[[float], Awaitable[None]],
        monotonic: Callable[[], float],
    ) -> None:
        self.base_url = api_root(base_url)
        self._deadline = deadline
        self.watch = watch
        self._api_key = api_key
        self._slots = asyncio.Semaphore(max_concurrency)
        self._max_attempts = max_attempts
        self._retry_budget = retry_budget
        self._sleep = sleep
        self._monotonic = monotonic
        self._resume_at = -math.inf  # no request leaves before this (a 429's Retry-After)
        self._closed = False
        self._transport = transport or AiohttpTransport(
            max_connections=max_concurrency, timeout=min(timeout, deadline)
        )

    async def aclose(self) -> None:
        """Requests in flight end (their failure is not retried); later ones are refused."""
        self._closed = True
        await self._transport.aclose()

    def url(self, path: str, params: dict[str, str]) -> httpx.URL:
        return httpx.URL(f"{self.base_url}{API_PREFIX}/{path}", params=params)

    async def get(
        self,
        path: str,
        params: dict[str, str],
        parse: Parse[T],
        tally: Tally,
        *,
        not_found: NotFoundMeans,
    ) -> T:
        url = self.url(path, params)
        started = self._monotonic()

        def give_up(state: RetryCallState) -> bool:
            spent = self._monotonic() - started + state.upcoming_sleep
            return (
                self._closed
                or state.attempt_number >= self._max_attempts
                or spent > self._retry_budget
            )

        retrying = AsyncRetrying(
            stop=give_up,
            wait=_wait_before_retry,
            retry=retry_if_exception(_worth_retrying),
            sleep=self._sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                response = await self._send(url, tally)
                # The slot is free: let the request waiting for it leave before this
                # answer is read (reading a page of 100 sends takes ~0.4 ms; eight of
                # them arriving together would hold the next eight requests back).
                await asyncio.sleep(0)
                return self._read(url, response, parse, not_found)
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def _send(self, url: httpx.URL, tally: Tally) -> httpx.Response:
        hold = self._resume_at - self._monotonic()
        if hold > 0:
            await self._sleep(hold)
        tally.requests += 1
        where = url.raw_path.decode("ascii")
        ticket = self.watch.waiting()
        try:
            async with self._slots:
                self.watch.started(ticket)
                started = time.perf_counter()
                try:
                    async with asyncio.timeout(self._deadline):
                        response = await self._fetch(url)
                except TimeoutError:
                    error = self._out_of_time(url)
                    self.watch.ended(ticket, timed_out=True)
                except httpx.RequestError as exc:
                    error = self._request_error(exc, url)
                    self.watch.ended(ticket, timed_out=isinstance(exc, httpx.TimeoutException))
                else:
                    self.watch.ended(ticket, answered=True)
                    elapsed = (time.perf_counter() - started) * 1000
                    logger.debug("GET %s -> %d in %.0f ms", where, response.status_code, elapsed)
                    return response
        finally:
            self.watch.ended(ticket)  # cancelled while waiting or reading: forget it
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug("GET %s -> %s in %.0f ms", where, type(error).__name__, elapsed)
        raise error

    async def _fetch(self, url: httpx.URL) -> httpx.Response:
        """The whole answer, straight through the transport (no redirects, no cookies)."""
        request = httpx.Request("GET", url, headers={"X-API-Key": self._api_key})
        response = await self._transport.handle_async_request(request)
        try:
            await response.aread()
        finally:
            await response.aclose()
        return response

    def _out_of_time(self, url: httpx.URL) -> MindoError:
        return MindoUnavailableError(
            f"Mindo timed out (no whole answer within {self._deadline:g} s)",
            method="GET",
            url=str(url),
            secret=self._api_key,
        )

    def _request_error(self, exc: httpx.RequestError, url: httpx.URL) -> MindoError:
        """Only the exception's type is kept: its text can quote a header value (the key)."""
        where: dict[str, Any] = {"method": "GET", "url": str(url), "secret": self._api_key}
        name = type(exc).__name__
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
            return MindoSettingsError(f"the request cannot be sent as configured ({name})", **where)
        if isinstance(exc, httpx.DecodingError):
            return GarbledResponseError(f"Mindo's answer cannot be decoded ({name})", **where)
        if isinstance(exc, httpx.ConnectError):
            host = url.host + (f":{url.port}" if url.port else "")
            return MindoUnavailableError(
                f"Mindo unreachable ({name})", unreachable_host=host, **where
            )
        reason = "timed out" if isinstance(exc, httpx.TimeoutException) else "unreachable"
        return MindoUnavailableError(f"Mindo {reason} ({name})", **where)

    def _read(
        self,
        url: httpx.URL,
        response: httpx.Response,
        parse: Parse[T],
        not_found: NotFoundMeans,
    ) -> T:
        where: dict[str, Any] = {
            "method": "GET",
            "url": str(url),
            "status_code": response.status_code,
            "secret": self._api_key,
        }
        if not response.is_success:
            error = self._error(response, where, not_found)
            self._hold_back(error)
            raise error
        try:
            return parse(_utf8(response))
        except UnknownStatusError as exc:
            error = UnreadableResponseError(str(exc), unknown_status=exc.status, **where)
        except InvariantError as exc:
            error = UnreadableResponseError(str(exc), broken_send=exc.send_id, **where)
        except msgspec.ValidationError as exc:
            error = self._misshapen(exc, where)
        except msgspec.DecodeError:
            error = GarbledResponseError("Mindo's answer is not JSON", **where)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            error = self._misshapen(exc, where)
        raise error

    @staticmethod
    def _misshapen(exc: Exception, where: dict[str, Any]) -> UnreadableResponseError:
        problem = f"{type(exc).__name__}: {exc}"
        return UnreadableResponseError(
            f"Mindo's answer has an unexpected shape ({problem})", **where
        )

    def _hold_back(self, error: MindoError) -> None:
        """After a 429 we will wait out, no request of this client leaves before the wait ends."""
        if error.status_code != 429 or not isinstance(error, MindoUnavailableError):
            return
        if error.retry_after is not None and error.retry_after <= RETRY_AFTER_CAP:
            self._resume_at = max(self._resume_at, self._monotonic() + error.retry_after)

    def _error(
        self, response: httpx.Response, where: dict[str, Any], not_found: NotFoundMeans
    ) -> MindoError:
        status = response.status_code
        body = _json_or_none(response)
        detail = body.get("detail") if isinstance(body, dict) else None
        text = detail if isinstance(detail, str) else None
        fallback = f"HTTP {status} {response.reason_phrase}".strip()
        if status == 400:
            errors = _field_errors(body)
            summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
            return BadRequestError(summary or fallback, field_errors=errors, **where)
        if status == 401:
            return AuthenticationError(text or "Mindo rejected the API key", **where)
        if status == 403:
            return PermissionDeniedError(text or "Mindo denied access", **where)
        if status == 404:
            wrong_address = not_found == "address"
            return NotFoundError(text or fallback, wrong_address=wrong_address, **where)
        if status in (408, 429) or status >= 500:
            retry_after = _retry_after(response)
            return MindoUnavailableError(text or fallback, retry_after=retry_after, **where)
        return UnreadableResponseError(f"unexpected answer: {fallback}", **where)


_ANY_JSON = msgspec.json.Decoder()


def from_json(read: Callable[[Any], T]) -> Parse[T]:
    """``read`` applied to the answer's JSON, decoded as plain data (objects, lists…)."""

    def parse(body: bytes) -> T:
        return read(_ANY_JSON.decode(body))

    return parse


_BOM = b"\xef\xbb\xbf"


def _utf8(response: httpx.Response) -> bytes:
    """The body as UTF-8, which JSON is: a leading byte-order mark dropped, and a body in
    the charset its Content-Type names (``charset=iso-8859-1``) re-encoded. Bytes that are
    not in that charset are handed on as they came, to be refused as not JSON."""
    body = response.content
    charset = (response.charset_encoding or "utf-8").lower().replace("_", "-")
    if charset not in ("utf-8", "utf8"):
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            body = body.decode(charset).encode()
    return body[len(_BOM) :] if body.startswith(_BOM) else body


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
    """Retry-After in seconds or as an HTTP date (against the response's own Date)."""
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
    return None if math.isnan(seconds) else max(seconds, 0.0)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _worth_retrying(error: BaseException) -> bool:
    """Mindo being down or busy may pass, and so may a garbled answer; a wait longer than
    the cap is not waited out."""
    if isinstance(error, GarbledResponseError):
        return True
    if not isinstance(error, MindoUnavailableError):
        return False
    return error.retry_after is None or error.retry_after <= RETRY_AFTER_CAP


def _wait_before_retry(state: RetryCallState) -> float:
    """Honour the server's Retry-After; otherwise exponential backoff with full jitter."""
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, MindoUnavailableError) and error.retry_after is not None:
        return error.retry_after
    return float(_BACKOFF(state))
