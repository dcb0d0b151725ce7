"""One imitation of the Mindo API for demo mode, ``bulksends demo-api``, tests and benchmarks.

It answers like the real service as far as the bot can tell: the Spanish auth details,
DRF-style 400 bodies, absolute ``next``/``previous`` links, 404 past the last page. The
quirks the client must survive are knobs on ``FakeBehaviour``: a silent page-size cap, a
400 for big pages, inclusive or exclusive dates read in any zone, latency, foreign
``next`` links, ignored parameters, scripted faults, and a gate tests use to hold and
order answers without sleeping. The same ``answer`` serves both an in-process
``httpx.MockTransport`` and a real loopback server (``serve``).

Given a clock, the fake also lives as long as the bot does: it builds the demo dataset
again when the clock's date changes in the demo company's zone, so "today" is never
empty and the running sends do not run forever. It keeps only the latest requests and
the messages of the last few sends asked about.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

import httpx
import msgspec

if TYPE_CHECKING:  # aiohttp is loaded only when serving: the demo CLI does not need it
    from aiohttp import web

from bot.demo.data import DemoDataset, build_demo_dataset
from bot.domain.sends import BulkSend, Status
from bot.mindo.models import Message
from bot.mindo.sends import api_shape

#: The key demo mode and ``bulksends demo-api`` accept. Not a secret: it opens fake data only.
DEMO_API_KEY = "mindo_demo_key_not_a_secret"

_NO_KEY = "Este endpoint requiere autenticacion con API Key (header X-API-Key)"
_EXPIRED = "API Key expirada"
_FORBIDDEN = "API Key no tiene acceso a este recurso"
_NOT_FOUND = "No encontrado."
_INVALID_PAGE = "Página inválida."
_DEFAULT_PAGE_SIZE = 20
_MESSAGE_STATUSES = ("sent", "delivered", "read", "failed")
#: Sends whose generated messages are kept (a big send has thousands).
_MESSAGE_CACHE = 4
#: Filtered lists kept (one per distinct set of filters asked for).
_LIST_CACHE = 64

T = TypeVar("T")


@dataclass(frozen=True)
class Fault:
    """A scripted answer: wait ``delay`` seconds, then answer ``status`` (None: answer normally).

    A delay longer than the client's timeout imitates a read timeout. ``trickle`` sends the
    answer one byte every ``trickle`` seconds: each read is quick, the whole is not.
    ``rewrite`` changes each bulk send of a normal list answer (absurd numbers, say).
    """

    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str = ""
    delay: float = 0.0
    trickle: float = 0.0
    rewrite: Callable[[dict[str, Any]], dict[str, Any]] | None = None


@dataclass
class FakeBehaviour:
    page_size_cap: int = 100
    reject_page_size_over: int | None = None
    dates_inclusive: bool = True
    server_timezone: str = "UTC"
    latency: float = 0.0
    next_host: str | None = None
    #: Query parameters the server acts as if it never got (e.g. ``page``, ``status``).
    ignored_params: frozenset[str] = frozenset()
    #: Awaited first thing for every request: tests hold, order or change answers with it.
    gate: Callable[[httpx.URL], Awaitable[None]] | None = None
    #: Served, one per request and in order, before any normal answer.
    faults: deque[Fault] = field(default_factory=deque)
    #: While set, every answer goes out one byte per ``trickle`` seconds (a stuck Mindo).
    trickle: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    """What reached the fake; header names are lower-cased."""

    method: str
    url: str
    headers: Mapping[str, str]


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    #: Seconds between bytes; 0 sends the body at once.
    trickle: float = 0.0

    async def chunks(self) -> AsyncIterator[bytes]:
        for index in range(len(self.body)):
            await asyncio.sleep(self.trickle)
            yield self.body[index : index + 1]


def _json(status: int, body: Any) -> _Answer:
    return _Answer(status, msgspec.json.encode(body))


class FakeMindoApi:
    """Serves ``dataset`` to requests carrying ``api_key``; records the requests it gets.

    ``requests`` keeps the latest ``max_recorded`` (oldest dropped first). With a
    ``clock``, the demo dataset is built again whenever the clock's local date changes.
    """

    def __init__(
        self,
        dataset: DemoDataset,
        *,
        api_key: str,
        behaviour: FakeBehaviour | None = None,
        expired_api_key: str | None = None,
        clock: Callable[[], datetime] | None = None,
        max_recorded: int = 10_000,
    ) -> None:
        self.behaviour = behaviour or FakeBehaviour()
        self.requests: list[RecordedRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._api_key = api_key
        self._expired_api_key = expired_api_key
        self._clock = clock
        self._max_recorded = max_recorded
        self.dataset = dataset

    @property
    def dataset(self) -> DemoDataset:
        return self._dataset

    @dataset.setter
    def dataset(self, dataset: DemoDataset) -> None:
        self._dataset = dataset
        self._sends = {send.id: send for send in dataset.sends}
        self._messages: OrderedDict[str, tuple[Message, ...]] = OrderedDict()
        # What a list read with given filters holds (pages of one read share it), and each
        # send's JSON: a big dataset is served a page at a time, and a slow fake would
        # add its own time to every benchmark's latency.
        self._lists: dict[tuple[object, ...], list[BulkSend]] = {}
        self._encoded: dict[int, msgspec.Raw] = {}  # by id(send): ids may repeat in tests

    def put(self, *sends: BulkSend) -> None:
        """New sends, or sends moving on (replacing the one with the same id): tests and
        benchmarks change the account between two polls with this."""
        kept = {send.id: send for send in self.dataset.sends}
        kept.update((send.id, send) for send in sends)
        ordered = sorted(kept.values(), key=lambda s: (s.created_at, s.id), reverse=True)
        self.dataset = replace(self.dataset, sends=tuple(ordered))

    def __repr__(self) -> str:
        return f"FakeMindoApi(sends={len(self.dataset.sends)}, behaviour={self.behaviour!r})"

    @property
    def api_key(self) -> str:
        """The key this account answers to (a fake's: never a real secret)."""
        return self._api_key

    def _refresh(self) -> None:
        """A new day in the demo company's zone: the dataset is built again around now."""
        if self._clock is None:
            return
        now = self._clock()
        zone = ZoneInfo(self.dataset.business_info.timezone or "UTC")
        if now.astimezone(zone).date() != self.dataset.now.astimezone(zone).date():
            self.dataset = build_demo_dataset(now, seed=self.dataset.seed)

    def _record(self, method: str, url: httpx.URL, headers: Mapping[str, str]) -> None:
        self.requests.append(
            RecordedRequest(method, str(url), {k.lower(): v for k, v in headers.items()})
        )
        if len(self.requests) > self._max_recorded:
            del self.requests[: len(self.requests) - self._max_recorded]

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """For ``httpx.MockTransport``."""
        answer = await self.answer(request.method, request.url, request.headers)
        if answer.trickle:
            return httpx.Response(
                answer.status, headers=dict(answer.headers), content=answer.chunks()
            )
        return httpx.Response(answer.status, headers=dict(answer.headers), content=answer.body)

    def web_app(self) -> web.Application:
        from aiohttp import web

        async def route(request: web.Request) -> web.StreamResponse:
            answer = await self.answer(request.method, httpx.URL(str(request.url)), request.headers)
            if not answer.trickle:
                return web.Response(status=answer.status, body=answer.body, headers=answer.headers)
            stream = web.StreamResponse(status=answer.status, headers=answer.headers)
            stream.content_length = len(answer.body)
            await stream.prepare(request)
            async for chunk in answer.chunks():
                await stream.write(chunk)
            await stream.write_eof()
            return stream

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", route)
        return app

    async def answer(self, method: str, url: httpx.URL, headers: Mapping[str, str]) -> _Answer:
        self._record(method, url, headers)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.behaviour.gate is not None:
                await self.behaviour.gate(url)
            arrived = asyncio.get_running_loop().time()
            fault = self.behaviour.faults.popleft() if self.behaviour.faults else Fault()
            await asyncio.sleep(fault.delay)
            answer = self._answer(method, url, headers, fault)
            # The latency is the whole wait for an answer, the fake's own work included:
            # eight answers due together are not each made late by the others' work.
            remaining = self.behaviour.latency - (asyncio.get_running_loop().time() - arrived)
            if remaining > 0:
                await asyncio.sleep(remaining)
            return answer
        finally:
            self.in_flight -= 1

    def _answer(
        self, method: str, url: httpx.URL, headers: Mapping[str, str], fault: Fault
    ) -> _Answer:
        if fault.status is not None:
            return _Answer(fault.status, fault.body.encode(), fault.headers, fault.trickle)
        self._refresh()
        for name in self.behaviour.ignored_params:
            url = url.copy_remove_param(name)
        answer = self._route(method, url, headers)
        if fault.rewrite is not None:
            answer = _rewritten(answer, fault.rewrite)
        trickle = fault.trickle or self.behaviour.trickle
        return replace(answer, trickle=trickle) if trickle else answer

    def _route(self, method: str, url: httpx.URL, headers: Mapping[str, str]) -> _Answer:
        if method != "GET":
            return _json(405, {"detail": f'Método "{method}" no permitido.'})
        key = headers.get("x-api-key")
        if key is not None and key == self._expired_api_key:
            return _json(401, {"detail": _EXPIRED})
        if key != self._api_key:
            return _json(401, {"detail": _NO_KEY})
        match url.path.removeprefix("/api/v1/").strip("/").split("/"):
            case ["business-info"]:
                return _json(200, self.dataset.business_info.to_api())
            case ["business-accounts"]:
                return _json(200, self.dataset.business_accounts.to_api())
            case ["meta-templates", "bulk-sends"]:
                return self._list(url)
            case ["meta-templates", "bulk-sends", send_id]:
                return self._with_send(
                    send_id, lambda s: _json(200, self.dataset.detail(s).to_api())
                )
            case ["meta-templates", "bulk-sends", send_id, "messages"]:
                return self._with_send(send_id, lambda s: self._messages_of(s, url))
        return _json(404, {"detail": _NOT_FOUND})

    def _with_send(self, send_id: str, answer: Callable[[BulkSend], _Answer]) -> _Answer:
        if send_id in self.dataset.foreign_send_ids:
            return _json(403, {"detail": _FORBIDDEN})
        send = self._sends.get(send_id)
        return answer(send) if send else _json(404, {"detail": _NOT_FOUND})

    def _list(self, url: httpx.URL) -> _Answer:
        params, errors = url.params, {}
        status = params.get("status")
        if status and status not in Status.__members__:
            errors["status"] = [_invalid_choice(status)]
        template = params.get("template")
        if template and not template.isdigit():
            errors["template"] = ["Enter a whole number."]
        bounds = {}
        for name in ("created_after", "created_before"):
            if value := params.get(name):
                try:
                    bounds[name] = date.fromisoformat(value)
                except ValueError:
                    errors[name] = ["Enter a valid date."]
        if errors:
            return _json(400, errors)
        after, before = bounds.get("created_after"), bounds.get("created_before")
        return self._paginate(url, self._filtered(status, template, after, before), self._json_of)

    def _json_of(self, send: BulkSend) -> msgspec.Raw:
        encoded = self._encoded.get(id(send))  # the dataset keeps every send alive
        if encoded is None:
            encoded = msgspec.Raw(msgspec.json.encode(api_shape(send)))
            self._encoded[id(send)] = encoded
        return encoded

    def _filtered(
        self, status: str | None, template: str | None, after: date | None, before: date | None
    ) -> list[BulkSend]:
        """The sends a list read with these filters holds (kept until the dataset changes:
        a big dataset is read a page at a time, and filtering it for each page is slow)."""
        behaviour = self.behaviour
        key = (
            status,
            template,
            after,
            before,
            behaviour.server_timezone,
            behaviour.dates_inclusive,
        )
        if key not in self._lists:
            if len(self._lists) > _LIST_CACHE:
                self._lists.clear()
            zone = ZoneInfo(behaviour.server_timezone)
            self._lists[key] = [
                send
                for send in self.dataset.sends
                if (not status or send.status == status)
                and (not template or send.template.id == int(template))
                and self._in_dates(send.created_at.astimezone(zone).date(), after, before)
            ]
        return self._lists[key]

    def _in_dates(self, day: date, after: date | None, before: date | None) -> bool:
        """``day`` is read in the server's zone; the bounds may be inclusive or not."""
        if self.behaviour.dates_inclusive:
            return (after is None or day >= after) and (before is None or day <= before)
        return (after is None or day > after) and (before is None or day < before)

    def _messages_of(self, send: BulkSend, url: httpx.URL) -> _Answer:
        status = url.params.get("status")
        if status and status not in _MESSAGE_STATUSES:
            return _json(400, {"status": [_invalid_choice(status)]})
        if send.id not in self._messages:
            self._messages[send.id] = self.dataset.messages(send)
            if len(self._messages) > _MESSAGE_CACHE:
                self._messages.popitem(last=False)
        self._messages.move_to_end(send.id)
        messages = [m for m in self._messages[send.id] if not status or m.status == status]
        return self._paginate(url, messages, Message.to_api)

    def _paginate(self, url: httpx.URL, items: Sequence[T], to_api: Callable[[T], Any]) -> _Answer:
        try:
            size = int(url.params.get("page_size", ""))
        except ValueError:
            size = _DEFAULT_PAGE_SIZE  # DRF ignores a page_size it cannot read
        size = size if size > 0 else _DEFAULT_PAGE_SIZE
        limit = self.behaviour.reject_page_size_over
        if limit is not None and size > limit:
            return _json(
                400, {"page_size": [f"Ensure this value is less than or equal to {limit}."]}
            )
        size = min(size, self.behaviour.page_size_cap)
        pages = max(1, math.ceil(len(items) / size))
        page = url.params.get("page", "1")
        if not page.isdigit() or not 1 <= int(page) <= pages:
            return _json(404, {"detail": _INVALID_PAGE})
        number = int(page)
        return _json(
            200,
            {
                "count": len(items),
                "next": self._link(url, number + 1) if number < pages else None,
                "previous": self._link(url, number - 1) if number > 1 else None,
                "results": [to_api(item) for item in items[(number - 1) * size : number * size]],
            },
        )

    def _link(self, url: httpx.URL, page: int) -> str:
        link = url.copy_set_param("page", str(page))
        if self.behaviour.next_host:
            foreign = httpx.URL(self.behaviour.next_host)
            link = link.copy_with(scheme=foreign.scheme, host=foreign.host, port=foreign.port)
        return str(link)


def _rewritten(answer: _Answer, rewrite: Callable[[dict[str, Any]], dict[str, Any]]) -> _Answer:
    """A list answer with ``rewrite`` applied to each item (other answers as they are)."""
    data = json.loads(answer.body)
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        return answer
    data["results"] = [rewrite(dict(item)) for item in data["results"]]
    return replace(answer, body=json.dumps(data, ensure_ascii=False).encode())


def _invalid_choice(value: str) -> str:
    return f"Select a valid choice. {value} is not one of the available choices."


class Servable(Protocol):
    def web_app(self) -> web.Application: ...


@asynccontextmanager
async def serve(api: Servable, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Run ``api`` on a real loopback socket; yields its base URL (``port=0``: any free port)."""
    from aiohttp import web

    runner = web.AppRunner(
        api.web_app(), handler_cancellation=True, access_log=None, shutdown_timeout=1.0
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_port = runner.addresses[0][1]
        yield f"http://{host}:{bound_port}"
    finally:
        await runner.cleanup()


def run_demo_server(port: int, host: str = "127.0.0.1") -> None:
    """Blocking: the demo dataset (as of now) over HTTP, for ``bulksends demo-api``."""
    from aiohttp import web

    def clock() -> datetime:
        return datetime.now(UTC)

    api = FakeMindoApi(build_demo_dataset(clock()), api_key=DEMO_API_KEY, clock=clock)
    web.run_app(api.web_app(), host=host, port=port, print=None, access_log=None)
