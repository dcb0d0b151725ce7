"""HTTP mode's server: Slack's signature first, on the raw bytes, before anything reads them.

Bolt parses a body before it checks the signature, so unsigned garbage (bytes that are
not UTF-8, a JSON array, ``payload=`` that is not JSON) used to end in HTTP 500 and a
traceback, and ``X-Slack-Request-Timestamp: abc`` got through. Here, in this order:

1. the signature (HMAC-SHA256 of ``v0:<timestamp>:<raw body>`` with the signing secret,
   the timestamp within five minutes): anything else is **401** and one short log line
   that quotes nothing from the request;
2. the body, read as Bolt will read it, and held to its kind's schema
   (``bot.slack.payloads``): a signed body that does not fit is **400** and one line;
3. a retry (``X-Slack-Retry-Num``) of a request already taken is acknowledged once more
   with an empty 200 and not answered again;
4. Bolt, with what is now known to be a well-formed request from Slack.

``GET /healthz`` reports whether the road to Mindo is moving (503 when it is stuck).

A distributed app also serves Bolt's OAuth flow: ``GET /slack/install`` (the "Add to
Slack" page) and ``GET /slack/oauth_redirect`` (where Slack sends the browser back). They
are a browser's requests, not Slack's, so nothing signs them; Bolt checks the state it
issued (in the shared store and the browser's cookie) instead. Only GETs reach them, and
every POST still goes through the signature first.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import parse_body

from bot.locale.translate import N_
from bot.mindo.health import PathHealth
from bot.settings import ConfigError
from bot.slack.payloads import PayloadError, payload_kind

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
#: Slack refuses requests older than this, and so do we (replayed requests).
TOLERANCE_SECONDS = 300
#: The largest body Slack sends is a modal's state; a megabyte is far more.
MAX_BODY = 1024 * 1024
#: How long a request is remembered for recognising Slack's retries of it.
RETRY_MEMORY_SECONDS = 600.0
RETRY_MEMORY_ENTRIES = 10_000

UNSIGNED = "refused a request without a valid Slack signature (401): {why}"
MALFORMED = "refused a signed request that is not a Slack payload (400): {why}"

_SIGNATURE_PREFIX = "v0="


class SignatureCheck:
    """Slack's request signing, checked on the bytes as they arrived."""

    def __init__(self, secret: str, *, clock: Callable[[], float] = time.time) -> None:
        self._key = secret.encode()
        self._clock = clock

    def problem(self, headers: Mapping[str, str], raw: bytes) -> str | None:
        """Why the request is not Slack's, in a few words; None when it is."""
        stamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not stamp or not signature:
            return "no signature headers"
        if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
            return "the timestamp is not a number"
        if abs(self._clock() - int(stamp)) > TOLERANCE_SECONDS:
            return "the timestamp is more than five minutes away"
        expected = hmac.new(self._key, b"v0:" + stamp.encode() + b":" + raw, hashlib.sha256)
        given = signature.encode("ascii", "replace")
        if not hmac.compare_digest(given, (_SIGNATURE_PREFIX + expected.hexdigest()).encode()):
            return "the signature does not match (check SLACK_SIGNING_SECRET)"
        return None


class RetryMemory:
    """The requests taken lately, so that Slack's retries of one are answered once."""

    def __init__(self, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._monotonic = monotonic

    def first_time(self, key: str) -> bool:
        """True the first time ``key`` is seen (within the memory's span), False after."""
        now = self._monotonic()
        while self._seen and (
            len(self._seen) >= RETRY_MEMORY_ENTRIES
            or next(iter(self._seen.values())) < now - RETRY_MEMORY_SECONDS
        ):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


def read_body(raw: bytes, content_type: str | None) -> dict[str, Any]:
    """The body as Bolt will read it, or PayloadError: so Bolt can never fail reading it."""
    try:
        text = raw.decode("utf-8")
        body = parse_body(text, content_type)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PayloadError("the body is not UTF-8 JSON or form data") from None
    if not isinstance(body, dict):
        raise PayloadError("the body is not an object")
    return body


def request_key(raw: bytes, body: Mapping[str, Any]) -> str:
    """What a retry shares with the request it repeats: the event id, or the very bytes."""
    event_id = body.get("event_id")
    if isinstance(event_id, str) and event_id:
        return f"event:{event_id}"
    return "body:" + hashlib.sha256(raw).hexdigest()


def slack_handler(
    app: AsyncApp, check: SignatureCheck, memory: RetryMemory
) -> Callable[[web.Request], Any]:
    async def slack_events(request: web.Request) -> web.StreamResponse:
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            logger.warning(UNSIGNED.format(why="the body is too large"))
            return web.Response(status=413, text="too large")
        why = check.problem(request.headers, raw)
        if why is not None:
            logger.warning(UNSIGNED.format(why=why))
            return web.Response(status=401, text="invalid signature")
        try:
            body = read_body(raw, request.content_type)
            kind = payload_kind(body)
        except PayloadError as error:
            logger.warning(MALFORMED.format(why=error))
            return web.Response(status=400, text="malformed payload")
        retry = request.headers.get("X-Slack-Retry-Num")
        if not memory.first_time(request_key(raw, body)) and retry is not None:
            logger.info("Slack retried a request already taken (%s, retry %s)", kind, retry[:4])
            return web.Response(status=200, headers={"X-Slack-No-Retry": "1"})
        bolt_request = AsyncBoltRequest(
            body=raw.decode("utf-8"),
            query=request.query_string,
            headers=dict(request.headers),
        )
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    return slack_events


def oauth_handler(
    flow: AsyncOAuthFlow, step: Callable[[AsyncOAuthFlow, AsyncBoltRequest], Any]
) -> Callable[[web.Request], Any]:
    """One step of Bolt's OAuth flow (the install page, or the redirect back from Slack)."""

    async def oauth_step(request: web.Request) -> web.StreamResponse:
        bolt_request = AsyncBoltRequest(
            body="", query=request.query_string, headers=dict(request.headers)
        )
        try:
            response = await step(flow, bolt_request)
        except Exception:
            logger.exception("the Slack install step %s failed", request.path)
            return web.Response(status=500, text="The install could not be completed.")
        return await to_aiohttp_response(response)

    return oauth_step


def health_handler(
    mindo: Callable[[], PathHealth | None] | None,
) -> Callable[[web.Request], Any]:
    async def health(request: web.Request) -> web.Response:
        path = mindo() if mindo is not None else None
        if path is None:
            return web.json_response({"ok": True})
        return web.json_response(
            {"ok": not path.stuck, "mindo": path.to_json()}, status=503 if path.stuck else 200
        )

    return health


@asynccontextmanager
async def serve_http(
    app: AsyncApp,
    *,
    signing_secret: str,
    host: str,
    port: int,
    mindo_health: Callable[[], PathHealth | None] | None = None,
    clock: Callable[[], float] = time.time,
    oauth_flow: AsyncOAuthFlow | None = None,
) -> AsyncIterator[str]:
    """Serve Slack's requests and the health check until the block ends; yields the URL.

    With ``oauth_flow`` (a distributed app), the install page and the redirect too."""
    if not signing_secret:
        raise ConfigError(N_("HTTP mode needs SLACK_SIGNING_SECRET to check Slack's requests."))
    web_app = web.Application(client_max_size=MAX_BODY)
    check = SignatureCheck(signing_secret, clock=clock)
    web_app.router.add_post(EVENTS_PATH, slack_handler(app, check, RetryMemory()))
    web_app.router.add_get(HEALTH_PATH, health_handler(mindo_health))
    if oauth_flow is not None:
        web_app.router.add_get(
            oauth_flow.install_path, oauth_handler(oauth_flow, AsyncOAuthFlow.handle_installation)
        )
        web_app.router.add_get(
            oauth_flow.redirect_uri_path, oauth_handler(oauth_flow, AsyncOAuthFlow.handle_callback)
        )
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        raise ConfigError(
            N_(
                "Cannot listen on {host}:{port} ({reason}): another program may be using that "
                "port; choose another with --port."
            ),
            host=host,
            port=port,
            reason=error.strerror or str(error),
        ) from None
    bound = runner.addresses[0]
    try:
        yield f"http://{host}:{bound[1]}"
    finally:
        await runner.cleanup()
