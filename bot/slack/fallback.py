"""Posting a message with newer blocks (tables, charts) where Slack may refuse them.

A workspace that does not take a block kind answers ``invalid_blocks`` for the whole
message. ``post_with_fallback`` then sends the same answer again at once, built without
that kind, and ``BlockSupport`` remembers the refusal for the workspace so that its next
messages go out plain the first time: nobody waits twice, nobody waits on a retry later.

Which kind Slack refused is read from its detail messages when it names a block
(``[json-pointer:/blocks/3/...]``); otherwise every newer kind in the message is taken
as refused. The memory lives as long as the process: a restart tries the newer blocks
again, which is what is wanted once Slack has rolled them out.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TypeVar

from bot.domain.workspaces import WorkspaceRef
from bot.message.newer import NEWER_KINDS, Refused, kinds_in
from bot.message.slack import SlackMessage
from bot.slack.replies import ResponseUrlError
from bot.slack.web_api import SlackCallError, slack_error_code

logger = logging.getLogger(__name__)

#: Slack's words for "these blocks are not acceptable".
REFUSAL_CODES = frozenset({"invalid_blocks", "invalid_blocks_format"})

_POINTER = re.compile(r"/blocks/(\d+)")

T = TypeVar("T")


class BlockSupport:
    """The newer block kinds each workspace refused, kept in memory under the workspace's
    id (``services.workspace``: a self-hosted app's one workspace is ``""``), the key every
    per-workspace thing is kept under, so that answers, Home and digests share one memory."""

    def __init__(self) -> None:
        self._refused: dict[str, Refused] = {}

    def refused(self, workspace: WorkspaceRef) -> Refused:
        return self._refused.get(workspace.id, frozenset())

    def refuse(self, workspace: WorkspaceRef, kinds: Iterable[str]) -> None:
        known = self.refused(workspace)
        new = (frozenset(kinds) & NEWER_KINDS) - known
        if new:
            self._refused[workspace.id] = known | new
            logger.warning(
                "Slack refused %s blocks in workspace %s: sending them plain from now on",
                ", ".join(sorted(new)),
                workspace.id or "-",
            )

    def forget(self, workspace: WorkspaceRef) -> None:
        """A workspace that left: if it comes back, its Slack may take them by then."""
        self._refused.pop(workspace.id, None)


def refusal_details(error: BaseException) -> tuple[str, ...] | None:
    """Slack's detail messages when ``error`` is Slack refusing a message's blocks
    (empty when it gave none); None when it is any other failure."""
    if isinstance(error, SlackCallError):
        return error.details if error.code in REFUSAL_CODES else None
    if isinstance(error, ResponseUrlError):
        reason = error.reason
        if any(code in reason for code in REFUSAL_CODES):
            return (reason,)
        return None
    if slack_error_code(error) not in REFUSAL_CODES:
        return None
    data = getattr(getattr(error, "response", None), "data", None)
    metadata = data.get("response_metadata") if isinstance(data, Mapping) else None
    messages = metadata.get("messages") if isinstance(metadata, Mapping) else None
    if not isinstance(messages, list):
        return ()
    return tuple(m for m in messages if isinstance(m, str))


def blamed_kinds(details: Iterable[str], message: SlackMessage) -> frozenset[str]:
    """The newer kinds Slack's details point at (``/blocks/N``); all the message's newer
    kinds when they point at none of them."""
    used = kinds_in(message.blocks)
    pointed: set[str] = set()
    for detail in details:
        for match in _POINTER.finditer(detail):
            index = int(match.group(1))
            if index < len(message.blocks):
                pointed.add(message.blocks[index].type or "")
    named = frozenset(pointed) & used
    return named or used


async def post_with_fallback(
    build: Callable[[Refused], SlackMessage],
    post: Callable[[SlackMessage], Awaitable[T]],
    *,
    support: BlockSupport,
    workspace: WorkspaceRef,
) -> T:
    """``post(build(refused))``; if Slack refuses the message's newer blocks, remember
    which for ``workspace`` and post ``build`` without them at once, as often as Slack
    names another kind (it names the first block it refuses). Other failures raise."""
    while True:
        refused = support.refused(workspace)
        message = build(refused)
        try:
            return await post(message)
        except Exception as error:
            details = refusal_details(error)
            blamed = blamed_kinds(details or (), message)
            if details is None or not blamed - refused:
                raise
            support.refuse(workspace, blamed)
