"""What every builder returns: typed Block Kit blocks plus the fallback text, validated on output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from bot.message import limits
from bot.message.fit import blocks_json_length, check_blocks

__all__ = ["SlackMessage", "blocks_json_length"]


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
        if not self.text.strip():
            raise SlackObjectFormationError("fallback text must not be empty")
        if len(self.text) > limits.MAX_FALLBACK_TEXT:
            raise SlackObjectFormationError(
                f"fallback text cannot exceed {limits.MAX_FALLBACK_TEXT} characters"
            )
        check_blocks(blocks)
        return {"text": self.text, "blocks": blocks}
