"""The one routine that fits a message inside Slack's limits, whatever the data.

Slack refuses a message for more than its documented limits: past 50 blocks, past a
field's 2,000 characters, and in practice from about 13,000 characters of blocks JSON
(see ``limits``). Each builder knows what it can leave out (fewer templates, shorter
names, no buttons) and offers its layouts from the richest to the plainest; ``fit``
builds them in that order and keeps the first whose blocks fit the ``Room``. Builders
make their plainest layout fit any data (their tests feed them absurd volumes).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from bot.message import limits
from bot.message.charts import BLOCK_TYPE as CHART
from bot.message.charts import MAX_CHARTS_PER_MESSAGE
from bot.message.tables import BLOCK_TYPE as TABLE
from bot.message.tables import MAX_TABLES_PER_MESSAGE

Layout = TypeVar("Layout")


@dataclass(frozen=True)
class Room:
    """How much a message (or a view) may hold."""

    blocks: int
    #: Characters of blocks JSON, measured ASCII-escaped (the generous way).
    json: int


#: A message as Slack takes it.
MESSAGE = Room(blocks=limits.MAX_BLOCKS, json=limits.MAX_BLOCKS_JSON)
#: A message as builders make it: room left for a line on top ("Shared by …", a preview note).
BUILT = Room(blocks=limits.MAX_BLOCKS - 1, json=limits.BUILT_BLOCKS_JSON)
#: The Home tab.
HOME = Room(blocks=limits.MAX_VIEW_BLOCKS, json=limits.MAX_VIEW_JSON)


def blocks_json_length(blocks: list[dict[str, Any]]) -> int:
    """How big the blocks are on the wire, measured the generous way (ASCII-escaped JSON)."""
    return len(json.dumps(blocks))


def check_blocks(blocks: list[dict[str, Any]], room: Room = MESSAGE) -> None:
    """Raise ``SlackObjectFormationError`` for what slack_sdk does not check itself."""
    if len(blocks) > room.blocks:
        raise SlackObjectFormationError(f"a message cannot have more than {room.blocks} blocks")
    for kind, most in ((TABLE, MAX_TABLES_PER_MESSAGE), (CHART, MAX_CHARTS_PER_MESSAGE)):
        if sum(block.get("type") == kind for block in blocks) > most:
            raise SlackObjectFormationError(f"a message cannot have more than {most} {kind} blocks")
    for block in blocks:
        for item in block.get("fields") or ():
            if len(item["text"]) > limits.MAX_FIELD_TEXT:
                raise SlackObjectFormationError(
                    f"section fields cannot exceed {limits.MAX_FIELD_TEXT} characters"
                )
    size = blocks_json_length(blocks)
    if size > room.json:
        raise SlackObjectFormationError(
            f"blocks are {size} characters of JSON; keep them under {room.json}"
        )


def fits(blocks: Iterable[Block], room: Room) -> bool:
    """Every block valid (slack_sdk's own checks) and the whole inside ``room``."""
    try:
        check_blocks([block.to_dict() for block in blocks], room)
    except SlackObjectFormationError:
        return False
    return True


def fit(
    layouts: Sequence[Layout], build: Callable[[Layout], Sequence[Block]], room: Room = BUILT
) -> list[Block]:
    """The blocks of the first layout that fits ``room``; the plainest layout's otherwise."""
    if not layouts:
        raise ValueError("fit needs at least one layout")
    blocks: list[Block] = []
    for layout in layouts:
        blocks = list(build(layout))
        if fits(blocks, room):
            break
    return blocks
