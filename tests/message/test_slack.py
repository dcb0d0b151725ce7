"""SlackMessage.to_dict: each limit at its value passes, one character (or item) over fails."""

from __future__ import annotations

import json

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.message import limits
from bot.message.slack import SlackMessage, blocks_json_length


def message(*blocks: Block, text: str = "fallback") -> SlackMessage:
    return SlackMessage(text=text, blocks=blocks)


def section(length: int) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text="x" * length))


def fields(count: int, length: int = 1) -> SectionBlock:
    return SectionBlock(fields=[MarkdownTextObject(text="x" * length) for _ in range(count)])


def header(length: int) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text="x" * length))


def context(count: int) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text="x") for _ in range(count)])


def button(text: int = 1, value: int = 1) -> ActionsBlock:
    return ActionsBlock(
        elements=[ButtonElement(text="x" * text, action_id="share", value="v" * value)]
    )


def sized(total: int) -> list[Block]:
    """Sections whose blocks JSON is exactly ``total`` characters."""
    blocks: list[Block] = [section(2000) for _ in range(total // 2100)]
    blocks.append(section(1))
    missing = total - blocks_json_length([b.to_dict() for b in blocks])
    blocks[-1] = section(1 + missing)
    return blocks


AT_LIMIT = [
    ("section text", [section(limits.MAX_SECTION_TEXT)]),
    ("fields", [fields(limits.MAX_FIELDS)]),
    ("field text", [fields(1, limits.MAX_FIELD_TEXT)]),
    ("header", [header(limits.MAX_HEADER_TEXT)]),
    ("context", [context(limits.MAX_CONTEXT_ELEMENTS)]),
    ("button text", [button(text=limits.MAX_BUTTON_TEXT)]),
    ("button value", [button(value=limits.MAX_BUTTON_VALUE)]),
    ("blocks", [DividerBlock() for _ in range(limits.MAX_BLOCKS)]),
    ("json", sized(limits.MAX_BLOCKS_JSON)),
]
OVER_LIMIT = [
    ("section text", [section(limits.MAX_SECTION_TEXT + 1)]),
    ("fields", [fields(limits.MAX_FIELDS + 1)]),
    ("field text", [fields(1, limits.MAX_FIELD_TEXT + 1)]),
    ("header", [header(limits.MAX_HEADER_TEXT + 1)]),
    ("context", [context(limits.MAX_CONTEXT_ELEMENTS + 1)]),
    ("button text", [button(text=limits.MAX_BUTTON_TEXT + 1)]),
    ("button value", [button(value=limits.MAX_BUTTON_VALUE + 1)]),
    ("blocks", [DividerBlock() for _ in range(limits.MAX_BLOCKS + 1)]),
    ("json", sized(limits.MAX_BLOCKS_JSON + 1)),
]


@pytest.mark.parametrize(("limit", "blocks"), AT_LIMIT, ids=[name for name, _ in AT_LIMIT])
def test_at_the_limit_passes(limit: str, blocks: list[Block]) -> None:
    out = message(*blocks).to_dict()
    assert len(out["blocks"]) == len(blocks)


@pytest.mark.parametrize(("limit", "blocks"), OVER_LIMIT, ids=[name for name, _ in OVER_LIMIT])
def test_one_over_the_limit_fails(limit: str, blocks: list[Block]) -> None:
    with pytest.raises(SlackObjectFormationError):
        message(*blocks).to_dict()


def test_the_json_helper_builds_exact_sizes() -> None:
    for total in (limits.MAX_BLOCKS_JSON, limits.MAX_BLOCKS_JSON + 1):
        assert len(json.dumps([b.to_dict() for b in sized(total)])) == total


def test_fallback_text_limits() -> None:
    assert message(DividerBlock(), text="x" * limits.MAX_FALLBACK_TEXT).to_dict()
    with pytest.raises(SlackObjectFormationError):
        message(DividerBlock(), text="x" * (limits.MAX_FALLBACK_TEXT + 1)).to_dict()
    with pytest.raises(SlackObjectFormationError):
        message(DividerBlock(), text="  ").to_dict()


def test_to_dict_shape() -> None:
    assert message(DividerBlock(), text="hello").to_dict() == {
        "text": "hello",
        "blocks": [{"type": "divider"}],
    }
