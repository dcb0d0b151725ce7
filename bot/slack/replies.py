"""Acknowledging and answering Slack, and noticing when Slack refuses an answer.

Bolt's ``respond()`` returns the response_url's answer instead of raising, so a refused
message would vanish silently; ``send_response`` turns a refusal into
``ResponseUrlError`` for the app's one error handler.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal, TypeVar

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.message.slack import SlackMessage

T = TypeVar("T")
ResponseType = Literal["ephemeral", "in_channel"]
Ack = Callable[..., Awaitable[None]]

#: Bolt's asyncio runner looks for the ack every 10 ms, and if the listener fails before
#: it has looked, the runner forgets the ack (slack_bolt/listener/asyncio_runner.py) and
#: Slack gets nothing. Waiting a little longer than one look makes the ack always seen.
_BOLT_ACK_POLL = 0.011


def acknowledging(ack: AsyncAck) -> Ack:
    """``ack`` that returns only once Bolt has surely sent the acknowledgement on its way."""

    async def acknowledge(*args: Any, **kwargs: Any) -> None:
        await ack(*args, **kwargs)
        await asyncio.sleep(_BOLT_ACK_POLL)

    return acknowledge


class ResponseUrlError(Exception):
    """Slack refused a message posted to a response_url (``reason`` is Slack's word)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"response_url refused the message: {status} {reason}")
        self.status = status
        self.reason = reason


def ephemeral(message: SlackMessage) -> dict[str, Any]:
    """The keyword arguments for ``ack()``: the message, seen only by the asker."""
    return {**message.to_dict(), "response_type": "ephemeral"}


async def send_response(
    respond: AsyncRespond,
    message: SlackMessage,
    *,
    replace_original: bool = False,
    response_type: ResponseType = "ephemeral",
) -> None:
    response = await respond(
        **message.to_dict(), response_type=response_type, replace_original=replace_original
    )
    if response.status_code != 200:
        raise ResponseUrlError(response.status_code, str(response.body or "").strip()[:100])


async def sooner_or_announced(
    work: Coroutine[Any, Any, T], *, wait: float, announce: Callable[[], Awaitable[None]]
) -> tuple[T, bool]:
    """``work``'s result, and whether ``announce()`` ran: it runs once ``work`` has taken
    ``wait`` seconds without finishing (a quick answer needs no "Looking up…" before it).
    ``work``'s errors are raised as they are; it is cancelled if this is."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=wait)
        announced = not done
        if announced:
            await announce()
        return await task, announced
    finally:
        if not task.done():
            task.cancel()
