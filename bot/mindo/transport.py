"""Mindo over the network: aiohttp's connection pool behind httpx's transport interface.

The client's seam is an ``httpx.AsyncBaseTransport``: tests and demo mode plug in
``httpx.MockTransport``, and nothing above the requester knows which one it talks to.
For the real network this transport sends through an ``aiohttp`` session, the library
the Slack side already uses. httpx's own pool (httpcore) spent about 1 ms of CPU per
request on this machine against aiohttp's 0.1–0.2 ms (1,000 pages of 100 sends over
loopback): at a thousand pages a question, the largest single cost of an answer.

It behaves as httpx's default transport does where the bot can tell: no redirects
followed (a key must never reach another host), proxies and CA bundles from the
environment (``HTTPS_PROXY``, ``NO_PROXY``, ``SSL_CERT_FILE``…), compressed bodies decoded, and
failures raised as httpx's exceptions, which the requester turns into typed errors.
The session is made at the first request and the TLS context (certifi's bundle takes
some 30 ms to load) at the first HTTPS one, so a client built but never used costs
nothing.

Closing is final. It lets go of the session before waiting for its connections to shut,
so that no request can pick up a session that is closing (aiohttp would raise a bare
``RuntimeError("Session is closed")``, which no caller knows: a request aborted by the
close and retried at once by the requester's jittered backoff met it under load). Every
request after that is ``TransportClosedError``, an httpx error, and never opens a new
session that nobody would close.
"""

from __future__ import annotations

import ssl
from functools import cache
from typing import TYPE_CHECKING
from urllib.request import getproxies, proxy_bypass

import httpx

if TYPE_CHECKING:  # aiohttp is loaded at the first request: `ask` on demo data never needs it
    import aiohttp

#: Headers describing the body as sent; the body handed on is already decoded.
_DECODED = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@cache
def _tls_context() -> ssl.SSLContext:
    """httpx's own default: certifi's bundle, or SSL_CERT_FILE / SSL_CERT_DIR when set."""
    return httpx.create_ssl_context()


class TransportClosedError(httpx.NetworkError):
    """A request through a transport that was closed (its client was let go, or the app
    is stopping): nothing is sent."""


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends each request through one aiohttp session, at most ``max_connections`` open.

    ``timeout`` bounds connecting and each wait for bytes, as httpx's ``timeout`` did;
    the requester adds its own total deadline per request.
    """

    def __init__(self, *, max_connections: int, timeout: float) -> None:
        self._max_connections = max_connections
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        self._proxies: dict[tuple[str, str], str | None] = {}

    def _open(self) -> aiohttp.ClientSession:
        import aiohttp

        connector = aiohttp.TCPConnector(limit=self._max_connections)
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(
                total=None, sock_connect=self._timeout, sock_read=self._timeout
            ),
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        return self._session

    def _proxy(self, url: httpx.URL) -> str | None:
        """The proxy the environment names for ``url`` (HTTPS_PROXY, ALL_PROXY… minus
        NO_PROXY), read once per host: aiohttp's own ``trust_env`` also reads ~/.netrc
        in a thread on every request."""
        key = (url.scheme, url.host)
        if key not in self._proxies:
            proxies = getproxies()
            proxy = proxies.get(url.scheme) or proxies.get("all")
            self._proxies[key] = None if proxy is None or proxy_bypass(url.host) else proxy
        return self._proxies[key]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import aiohttp
        from yarl import URL

        if self._closed:
            raise TransportClosedError("the transport is closed", request=request)
        session = self._session or self._open()
        try:
            async with session.request(
                request.method,
                URL(str(request.url), encoded=True),
                headers=[
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
                ],
                data=request.content or None,
                allow_redirects=False,
                proxy=self._proxy(request.url),
                ssl=_tls_context() if request.url.scheme == "https" else True,
            ) as answer:
                body = await answer.read()
        except (aiohttp.ClientError, ValueError) as error:
            failure = _as_httpx(error, request)
        else:
            headers = [(k, v) for k, v in answer.raw_headers if k.lower().decode() not in _DECODED]
            return httpx.Response(
                answer.status,
                headers=headers,
                content=body,
                request=request,
                extensions={"reason_phrase": (answer.reason or "").encode("latin-1")},
            )
        raise failure

    @property
    def closed(self) -> bool:
        return self._closed

    async def aclose(self) -> None:
        """Abort what is in flight and close the pool; later requests are refused."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()


def _as_httpx(error: Exception, request: httpx.Request) -> httpx.RequestError:
    """The httpx exception for what went wrong; only its kind is named (a message could
    quote a header, and the headers hold the key)."""
    import aiohttp
    from aiohttp.http_exceptions import ContentEncodingError

    kind = type(error).__name__
    cause = error.__cause__
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(kind, request=request)
    if isinstance(error, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout(kind, request=request)
    if isinstance(error, aiohttp.ClientConnectorError):
        return httpx.ConnectError(kind, request=request)
    if isinstance(error, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        return httpx.UnsupportedProtocol(kind, request=request)
    if isinstance(error, aiohttp.ClientPayloadError) and isinstance(cause, ContentEncodingError):
        return httpx.DecodingError(kind, request=request)
    if isinstance(error, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError(kind, request=request)
    if isinstance(error, aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError(kind, request=request)
    if isinstance(error, ValueError):  # a header value aiohttp refuses to send
        return httpx.LocalProtocolError(kind, request=request)
    return httpx.NetworkError(kind, request=request)
