"""Newer blocks (tables, charts) and what stands in for them where Slack refuses them.

Some workspaces (an older Enterprise Grid, GovSlack) refuse block kinds Slack added
lately, and Slack says only ``invalid_blocks``. Builders therefore take ``refused``: the
kinds the reader's workspace has refused so far (remembered per workspace by
``bot.slack.fallback``), and put a plainer stand-in in their place: a table becomes
monospaced text, a chart the figures it draws. The answer stays the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from slack_sdk.models.blocks import Block

from bot.message.charts import BLOCK_TYPE as CHART
from bot.message.tables import BLOCK_TYPE as TABLE

__all__ = ["CHART", "NEWER_KINDS", "TABLE", "Refused", "kinds_in", "or_stand_in"]

#: Block kinds Slack added lately: a workspace may refuse them.
NEWER_KINDS: frozenset[str] = frozenset({TABLE, CHART})

#: The newer kinds a workspace refused: builders leave them out.
Refused = frozenset[str]


def kinds_in(blocks: Iterable[Block]) -> frozenset[str]:
    """The newer kinds among ``blocks``."""
    return frozenset(b.type for b in blocks if b.type in NEWER_KINDS)


def or_stand_in(block: Block, stand_in: Sequence[Block], refused: Refused) -> list[Block]:
    """``block``, or ``stand_in`` when its kind is refused."""
    return list(stand_in) if block.type in refused else [block]
