"""The network transport: aiohttp underneath, httpx's behaviour where the client can tell."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from aiohttp import web

from bot.mindo.transport import AiohttpTransport


@asynccontextmanager
async def serving(
    handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def transport() -> AsyncIterator[AiohttpTransport]:
    sender = AiohttpTransport(max_connections=2, timeout=5.0)
    try:
        yield sender
    finally:
        await sender.aclose()


async def get(sender: AiohttpTransport, url: str, **headers: str) -> httpx.Response:
    response = await sender.handle_async_request(httpx.Request("GET", url, headers=headers))
    await response.aread()
    return response


async def test_an_answer_arrives_whole_with_its_status_headers_and_request() -> None:
    seen: list[tuple[str, str | None]] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append((request.path_qs, request.headers.get("X-API-Key")))
        return web.json_response({"ok": True}, status=201, headers={"X-Thing": "1"})

    async with serving(handler) as url, transport() as sender:
        response = await get(sender, f"{url}/api/v1/x/?page=2&q=a%20b", **{"X-API-Key": "k"})

    assert response.status_code == 201
    assert response.json() == {"ok": True}
    assert response.headers["x-thing"] == "1"
    assert response.reason_phrase == "Created"
    assert response.request.url.path == "/api/v1/x/"
    assert seen == [("/api/v1/x/?page=2&q=a%20b", "k")]


async def test_a_compressed_answer_is_handed_on_decoded() -> None:
    async def handler(request: web.Request) -> web.Response:
        response = web.json_response({"results": ["x" * 5000]})
        response.enable_compression()
        return response

    async with serving(handler) as url, transport() as sender:
        response = await get(sender, url + "/", **{"Accept-Encoding": "gzip"})

    assert "content-encoding" not in response.headers
    assert response.json() == {"results": ["x" * 5000]}


async def test_redirects_are_never_followed_so_the_key_stays_home() -> None:
    elsewhere: list[str] = []

    async def thief(request: web.Request) -> web.Response:
        elsewhere.append(request.headers.get("X-API-Key", ""))
        return web.json_response({})

    async with serving(thief) as foreign, transport() as sender:

        async def handler(request: web.Request) -> web.Response:
            raise web.HTTPFound(foreign + "/steal")

        async with serving(handler) as url:
            response = await get(sender, url + "/", **{"X-API-Key": "k"})

    assert response.status_code == 302
    assert elsewhere == []


async def test_failures_are_httpx_exceptions_that_name_only_their_kind() -> None:
    with socket.socket() as probe:  # a port nothing listens on once this closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with transport() as sender:
        with pytest.raises(httpx.ConnectError) as refused:
            await get(sender, f"http://127.0.0.1:{port}/", **{"X-API-Key": "secret-key"})
        with pytest.raises(httpx.UnsupportedProtocol):
            await get(sender, "ftp://127.0.0.1/")
    assert "secret-key" not in str(refused.value)
    assert refused.value.request.url.port == port


async def test_a_read_that_stalls_past_the_timeout_is_a_read_timeout() -> None:
    never = asyncio.Event()

    async def handler(request: web.Request) -> web.StreamResponse:
        stream = web.StreamResponse()
        await stream.prepare(request)
        await stream.write(b"{")
        await never.wait()
        return stream

    sender = AiohttpTransport(max_connections=1, timeout=0.05)
    async with serving(handler) as url:
        try:
            with pytest.raises(httpx.ReadTimeout):
                await get(sender, url + "/")
        finally:
            await sender.aclose()


async def test_a_body_cut_short_is_a_protocol_error_to_retry() -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        stream = web.StreamResponse(headers={"Content-Length": "100"})
        await stream.prepare(request)
        await stream.write(b'{"count":')
        assert request.transport is not None
        request.transport.close()
        return stream

    async with serving(handler) as url, transport() as sender:
        with pytest.raises(httpx.RemoteProtocolError):
            await get(sender, url + "/")


async def test_the_environments_proxy_is_used_unless_no_proxy_names_the_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    through: list[str] = []

    async def proxy(request: web.Request) -> web.Response:
        through.append(str(request.url))
        return web.json_response({"via": "proxy"})

    async with serving(proxy) as proxy_url:
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        monkeypatch.setenv("NO_PROXY", "direct.invalid")
        async with transport() as sender:
            response = await get(sender, "http://mindo.invalid/api/v1/x/")
            assert response.json() == {"via": "proxy"}
            with pytest.raises(httpx.ConnectError):
                await get(sender, "http://direct.invalid/api/v1/x/")

    assert len(through) == 1 and through[0].endswith("/api/v1/x/")


async def test_closing_while_requests_are_in_flight_never_says_session_is_closed() -> None:
    """Closing aborts the requests in flight; a request made while the pool is closing (a
    retry of one of them, or another question's) or after it closed is an httpx error the
    requester knows, never aiohttp's bare "Session is closed", and opens no new pool."""
    arrived, never = asyncio.Event(), asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        arrived.set()
        await never.wait()
        return web.json_response({})

    async with serving(handler) as url:
        sender = AiohttpTransport(max_connections=2, timeout=5.0)
        in_flight = asyncio.create_task(get(sender, url + "/"))
        await arrived.wait()
        closing = asyncio.create_task(sender.aclose())
        await asyncio.sleep(0)  # the pool is closing: its open connection is being shut
        with pytest.raises(httpx.TransportError):
            await get(sender, url + "/")
        await closing
        with pytest.raises(httpx.TransportError):
            await in_flight
        with pytest.raises(httpx.TransportError):
            await get(sender, url + "/")
        assert sender._session is None  # nothing reopened behind the owner's back
