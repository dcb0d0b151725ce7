"""What every builder returns: typed Block Kit blocks plus the fallback text, validated on output."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from bot.message import limits


def blocks_json_length(blocks: list[dict[str, Any]]) -> int:
    """How big the blocks are on the wire, measured the generous way (ASCII-escaped JSON)."""
    return len(json.dumps(blocks))


@dataclass(frozen=True)
class SlackMessage:
    #: Plain words for notifications and screen readers; always sent alongside the blocks.
    text: str
    blocks: tuple[Block, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``chat.postMessage`` / ``respond`` arguments; raises if any limit is broken.

        slack_sdk checks each block's own limits; this adds the message-wide ones and the
        per-field length it does not check.
        """
        blocks = [block.to_dict() for block in self.blocks]
        _check(self.text, blocks)
        return {"text": self.text, "blocks": blocks}


def _check(text: str, blocks: list[dict[str, Any]]) -> None:
    if not text.strip():
        raise SlackObjectFormationError("fallback text must not be empty")
    if len(text) > limits.MAX_FALLBACK_TEXT:
        raise SlackObjectFormationError(
            f"fallback text cannot exceed {limits.MAX_FALLBACK_TEXT} characters"
        )
    if len(blocks) > limits.MAX_BLOCKS:
        raise SlackObjectFormationError(
            f"a message cannot have more than {limits.MAX_BLOCKS} blocks"
        )
    for block in blocks:
        for field in block.get("fields") or ():
            if len(field["text"]) > limits.MAX_FIELD_TEXT:
                raise SlackObjectFormationError(
                    f"section fields cannot exceed {limits.MAX_FIELD_TEXT} characters"
                )
    size = blocks_json_length(blocks)
    if size > limits.MAX_BLOCKS_JSON:
        raise SlackObjectFormationError(
            f"blocks are {size} characters of JSON; keep them under {limits.MAX_BLOCKS_JSON}"
        )
