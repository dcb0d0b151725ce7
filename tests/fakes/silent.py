"""A server on 127.0.0.1 that accepts connections, reads what is sent, and never answers:
the Slack (or proxy) that hangs, which only a client's own timeout can end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress


@asynccontextmanager
async def silent_server() -> AsyncIterator[str]:
    """Its base URL (``http://127.0.0.1:PORT/``); the connections it held are closed after."""
    held: set[asyncio.StreamWriter] = set()

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.add(writer)
        with suppress(ConnectionError):
            await reader.read()  # until the client gives up and closes
        writer.close()
        held.discard(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        for writer in list(held):
            writer.close()
        server.close()
        with suppress(TimeoutError):
            await asyncio.wait_for(server.wait_closed(), 5)
