"""Socket Mode's edge: each envelope's payload held to its kind's schema before Bolt sees it.

Over Socket Mode nothing needs signing (the app's own WebSocket proves the sender), but the
payload's shape is as unchecked as over HTTP, and Bolt reads it before any middleware of
ours could: ``actions: []`` fails inside Bolt's argument building. ``CheckedSocketModeHandler``
acknowledges a malformed envelope with nothing and one log line, and hands the rest on.
"""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.slack.payloads import PayloadError, payload_kind

logger = logging.getLogger(__name__)

MALFORMED = "refused a Socket Mode payload that breaks its schema: {why}"


class CheckedSocketModeHandler(AsyncSocketModeHandler):
    async def handle(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        try:
            payload_kind(req.payload)
        except PayloadError as error:
            logger.warning(MALFORMED.format(why=error))
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        await super().handle(client, req)  # type: ignore[arg-type]
