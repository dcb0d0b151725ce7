"""A fake Mindo over real HTTP on 127.0.0.1 whose quirks and faults are switches.

``bot/demo/api.py`` imitates Mindo as documented; this one imitates a Mindo that bends the
documentation the ways real servers do, one switch each (``Quirks``), and fails on cue
(``Fault``, each served once, to the request it matches): filters ignored or read in
another zone, pages that disagree with each other, answers that are not JSON, counts as
text, timestamps with offsets, invariants broken. Its account is a short list of sends
written as raw JSON (``raw_send``), so a test can break any field of any record and
compute the exact answer itself, without the bot's code.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

JSON = dict[str, Any]

NO_KEY = "Este endpoint requiere autenticacion con API Key (header X-API-Key)"
FORBIDDEN = "API Key no tiene acceso a este recurso"
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>Bad Gateway</h1><p>nginx</p></body></html>"
)


def raw_send(
    send_id: str,
    created_at: str,
    *,
    status: str = "COMPLETED",
    template: tuple[int, str, str] = (45, "welcome_message", "es"),
    recipients: int = 100,
    sent: int | None = None,
    delivered: int | None = None,
    read: int | None = None,
    failed: int = 0,
    pending: int = 0,
    completed_at: str | None = "auto",
) -> JSON:
    """One send as the list endpoint writes it; unset counts follow from the others."""
    sent = recipients - failed - pending if sent is None else sent
    delivered = sent * 9 // 10 if delivered is None else delivered
    read = delivered // 2 if read is None else read
    finished = status not in ("QUEUED", "PROCESSING")
    template_id, name, language = template
    return {
        "id": send_id,
        "status": status,
        "template": {
            "id": template_id,
            "template_name": name,
            "language": language,
            "status": "APPROVED",
        },
        "phone_number": {
            "id": 123,
            "display_phone_number": "+54 9 223 675-0780",
            "verified_name": "Mindo Software",
        },
        "total_recipients": recipients,
        "sent_count": sent,
        "delivered_count": delivered,
        "read_count": read,
        "failed_count": failed,
        "pending_count": pending,
        "progress_percentage": 100.0 if finished else 50.0,
        "created_at": created_at,
        "completed_at": (created_at if finished else None)
        if completed_at == "auto"
        else completed_at,
    }


def created(send: Mapping[str, Any]) -> datetime:
    """When a raw send was created, as an aware UTC instant (offsets and ``Z`` alike)."""
    moment = datetime.fromisoformat(str(send["created_at"]))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass
class Fault:
    """One answer out of the ordinary, served once to the first request it matches.

    ``path``: requests whose path holds it (the bulk-send list by default); ``page``: only
    that page (None: any). Then, in order:
    ``hang`` seconds of silence before answering; ``reset`` closes the connection with no
    answer; ``status``/``headers``/``body`` answer that instead of the real page;
    ``cut`` sends only the first ``cut`` bytes of the real page, announcing it whole
    (``cut_quietly``: announcing only what is sent, a well-formed but truncated body).
    ``retry_at``: a ``Retry-After`` that many seconds on, as an HTTP date (beside the
    answer's own ``Date``).
    """

    page: int | None = None
    path: str = "/meta-templates/bulk-sends/"
    hang: float = 0.0
    reset: bool = False
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str | None = None
    cut: int | None = None
    cut_quietly: bool = False
    retry_at: int | None = None


@dataclass
class Quirks:
    """How this server bends the documentation. The defaults are the documented API with
    inclusive dates read in UTC."""

    #: Query parameters acted on as if never sent (``status``, ``template``,
    #: ``created_after``, ``created_before``, ``page_size``).
    ignored: frozenset[str] = frozenset()
    #: The zone a ``YYYY-MM-DD`` filter is read in, and whether its bounds are exclusive.
    filter_zone: str = "UTC"
    exclusive_dates: bool = False
    #: The largest page served, whatever ``page_size`` asks.
    page_size_cap: int = 1000
    #: Added to ``count`` on pages from ``count_skew_from`` on (1: every page).
    count_skew: int = 0
    count_skew_from: int = 1
    #: Each page after the first starts this many items before the previous one ended.
    overlap: int = 0
    #: These pages hold one item fewer; the pages after each start one item earlier.
    short_pages: frozenset[int] = frozenset()
    #: The last page still links a next one, which answers 200 with no results.
    next_past_the_end: bool = False
    #: ``next`` is always null, however many pages there are.
    never_next: bool = False
    #: Every answer gzip-compressed (``Content-Encoding: gzip``).
    gzip: bool = False
    #: The Content-Type of a successful answer.
    content_type: str = "application/json"
    #: The body's encoding (its Content-Type should say so), and a byte-order mark first.
    encoding: str = "utf-8"
    bom: bool = False
    #: Applied to each send of a list page (and to a send's detail) as served.
    rewrite: Callable[[JSON], JSON] | None = None
    #: Applied to each list page as served (renamed ``count``, say).
    rewrite_page: Callable[[JSON], JSON] | None = None


class QuirkyMindo:
    """Serves ``sends`` (raw JSON, any order) to requests carrying ``api_key``."""

    def __init__(
        self,
        sends: Sequence[JSON],
        *,
        api_key: str,
        timezone: str,
        quirks: Quirks | None = None,
    ) -> None:
        self.sends = sorted(sends, key=lambda s: (created(s), str(s["id"])), reverse=True)
        self.api_key = api_key
        self.timezone = timezone
        self.quirks = quirks or Quirks()
        self.faults: list[Fault] = []
        self.forbidden = False
        #: Every request's path and query, in arrival order.
        self.requests: list[str] = []

    # --- what a request gets --------------------------------------------------------

    async def route(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path_qs)
        fault = self._fault(request.path, _page_number(request.query.get("page", "1")))
        if fault is not None:
            if fault.hang:
                await asyncio.sleep(fault.hang)
            if fault.reset:
                assert request.transport is not None
                request.transport.abort()
                return web.Response(status=500)
            headers = dict(fault.headers)
            if fault.retry_at is not None:
                now = datetime.now(UTC).replace(microsecond=0)
                headers["Date"] = format_datetime(now, usegmt=True)
                later = now + timedelta(seconds=fault.retry_at)
                headers["Retry-After"] = format_datetime(later, usegmt=True)
            if fault.status is not None:
                return web.Response(status=fault.status, text=fault.body or "", headers=headers)
            if fault.body is not None:
                return web.Response(status=200, text=fault.body, headers=headers)
        status, data = self._answer(request)
        body = json.dumps(data, ensure_ascii=False).encode(self.quirks.encoding)
        body = (b"\xef\xbb\xbf" if self.quirks.bom else b"") + body
        if fault is not None and fault.cut is not None:
            return await _cut(request, status, body[: fault.cut], len(body), fault.cut_quietly)
        headers = {"Content-Type": self.quirks.content_type}
        if self.quirks.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return web.Response(status=status, body=body, headers=headers)

    def _fault(self, path: str, page: int | None) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.path in path and fault.page in (None, page):
                return self.faults.pop(index)
        return None

    def _answer(self, request: web.Request) -> tuple[int, Any]:
        if request.headers.get("X-API-Key") != self.api_key:
            return 401, {"detail": NO_KEY}
        if self.forbidden:
            return 403, {"detail": FORBIDDEN}
        parts = request.path.removeprefix("/api/v1/").strip("/").split("/")
        match parts:
            case ["business-info"]:
                return 200, {"id": 7, "name": "Quirks SA", "timezone": self.timezone}
            case ["business-accounts"]:
                return 200, self._business_accounts()
            case ["meta-templates", "bulk-sends"]:
                return self._list(request)
            case ["meta-templates", "bulk-sends", send_id]:
                found = [s for s in self.sends if str(s["id"]) == send_id]
                if not found:
                    return 404, {"detail": "No encontrado."}
                return 200, self._served(found[0])
            case ["meta-templates", "bulk-sends", send_id, "messages"]:
                found = [s for s in self.sends if str(s["id"]) == send_id]
                if not found:
                    return 404, {"detail": "No encontrado."}
                return self._messages(found[0], request)
        return 404, {"detail": "No encontrado."}

    def _business_accounts(self) -> JSON:
        templates = {
            (s["template"]["template_name"], s["template"]["language"]): None for s in self.sends
        }
        return {
            "companyName": "Quirks SA",
            "apiKeyName": "tests",
            "businessAccounts": [
                {
                    "businessAccountId": "1",
                    "businessName": "Quirks SA",
                    "phoneNumbers": [],
                    "templates": [
                        {"name": name, "language": language, "category": "MARKETING"}
                        for name, language in templates
                    ],
                }
            ],
        }

    def _served(self, send: JSON) -> JSON:
        rewrite = self.quirks.rewrite
        return rewrite(json.loads(json.dumps(send))) if rewrite else send

    # --- the list ---------------------------------------------------------------------

    def _list(self, request: web.Request) -> tuple[int, Any]:
        quirks = self.quirks
        query = {k: v for k, v in request.query.items() if k not in quirks.ignored}
        matching = [send for send in self.sends if self._matches(send, query)]
        try:
            asked = int(query.get("page_size", "20"))
        except ValueError:
            asked = 20
        size = max(1, min(asked if asked > 0 else 20, quirks.page_size_cap))
        number = _page_number(request.query.get("page", "1"))
        pages = self._pages(len(matching), size)
        if number is None or number < 1:
            return 404, {"detail": "Página inválida."}
        past_the_end = number == len(pages) + 1 and quirks.next_past_the_end
        if number > len(pages) and not past_the_end:
            return 404, {"detail": "Página inválida."}
        start, end = (0, 0) if past_the_end else pages[number - 1]
        has_next = number < len(pages) or (number == len(pages) and quirks.next_past_the_end)
        count = len(matching) + (quirks.count_skew if number >= quirks.count_skew_from else 0)
        page: JSON = {
            "count": count,
            "next": _link(request, number + 1) if has_next and not quirks.never_next else None,
            "previous": _link(request, number - 1) if number > 1 else None,
            "results": [self._served(send) for send in matching[start:end]],
        }
        return 200, quirks.rewrite_page(page) if quirks.rewrite_page else page

    def _messages(self, send: JSON, request: web.Request) -> tuple[int, Any]:
        """The send's messages, its failed ones spread evenly among the read ones; the
        status filter honoured unless ``status`` is ignored."""
        messages = _messages_of(send)
        status = None if "status" in self.quirks.ignored else request.query.get("status")
        kept = [m for m in messages if status is None or m["status"] == status]
        try:
            size = max(1, min(int(request.query.get("page_size", "20")), self.quirks.page_size_cap))
        except ValueError:
            size = 20
        number = _page_number(request.query.get("page", "1")) or 0
        last = max(1, -(-len(kept) // size))
        if not 1 <= number <= last:
            return 404, {"detail": "Página inválida."}
        return 200, {
            "count": len(kept),
            "next": _link(request, number + 1) if number < last else None,
            "previous": _link(request, number - 1) if number > 1 else None,
            "results": kept[(number - 1) * size : number * size],
        }

    def _pages(self, total: int, size: int) -> list[tuple[int, int]]:
        """Each page's slice of the list, as this server cuts it."""
        quirks = self.quirks
        pages: list[tuple[int, int]] = []
        start = 0
        while start < total or not pages:
            number = len(pages) + 1
            end = min(total, start + size - (1 if number in quirks.short_pages else 0))
            pages.append((start, end))
            if end >= total:
                break
            start = max(end - quirks.overlap, start + 1)
        return pages

    def _matches(self, send: JSON, query: Mapping[str, str]) -> bool:
        if "status" in query and send["status"] != query["status"]:
            return False
        if "template" in query and str(send["template"]["id"]) != query["template"]:
            return False
        day = created(send).astimezone(ZoneInfo(self.quirks.filter_zone)).date()
        exclusive = self.quirks.exclusive_dates
        if after := query.get("created_after"):
            bound = date.fromisoformat(after)
            if day < bound or (exclusive and day == bound):
                return False
        if before := query.get("created_before"):
            bound = date.fromisoformat(before)
            if day > bound or (exclusive and day == bound):
                return False
        return True

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.route)
        return app


#: Meta's words for a failed message, by turns.
FAILURES = (
    "(#131026) Message undeliverable.",
    "(#131049) This message was not delivered to maintain healthy ecosystem engagement.",
)


def _messages_of(send: JSON) -> list[JSON]:
    """One message per recipient: ``failed_count`` failed, spread evenly, the rest read."""
    total, failed = int(send["total_recipients"]), int(send["failed_count"])
    step = total // failed if failed else 0
    messages = []
    for n in range(total):
        fails = bool(step) and n % step == step - 1 and n // step < failed
        messages.append(
            {
                "id": n + 1,
                "recipient_phone": f"+54911{n:08d}",
                "status": "failed" if fails else "read",
                "meta_message_id": f"wamid.{n}",
                "variables_used": {},
                "sent_at": send["created_at"],
                "delivered_at": None if fails else send["created_at"],
                "read_at": None if fails else send["created_at"],
                "error_message": FAILURES[(n // step) % 2] if fails else None,
            }
        )
    return messages


def _page_number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _link(request: web.Request, page: int) -> str:
    return str(request.url.update_query(page=str(page)))


async def _cut(
    request: web.Request, status: int, sent: bytes, whole: int, quietly: bool
) -> web.StreamResponse:
    """``sent`` and no more: a connection closed early, or (``quietly``) a body that ends
    where it was cut although the HTTP exchange itself is complete."""
    length = len(sent) if quietly else whole
    stream = web.StreamResponse(
        status=status, headers={"Content-Type": "application/json", "Content-Length": str(length)}
    )
    await stream.prepare(request)
    await stream.write(sent)
    if quietly:
        await stream.write_eof()
        return stream
    assert request.transport is not None
    request.transport.close()
    return stream


@asynccontextmanager
async def serving(api: QuirkyMindo) -> AsyncIterator[str]:
    """``api`` on a free loopback port; yields its base URL."""
    runner = web.AppRunner(
        api.web_app(), access_log=None, handler_cancellation=True, shutdown_timeout=0.5
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()
