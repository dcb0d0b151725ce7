"""The one routine that fits a message inside Slack's limits."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from bot.message import limits
from bot.message.fit import BUILT, MESSAGE, Room, blocks_json_length, check_blocks, fit, fits


def paragraphs(count: int, size: int) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text="x" * size)) for _ in range(count)]


def json_of(blocks: Sequence[Block]) -> int:
    return blocks_json_length([b.to_dict() for b in blocks])


def test_the_first_layout_that_fits_is_kept() -> None:
    built: list[int] = []

    def build(count: int) -> list[Block]:
        built.append(count)
        return paragraphs(count, 10)

    blocks = fit((80, 60, 40, 20), build)
    assert len(blocks) == 40  # 80 and 60 are past the 49 blocks a built message may have
    assert built == [80, 60, 40]  # plainer layouts are not even built


def test_the_plainest_layout_is_returned_when_none_fits() -> None:
    blocks = fit((200, 100), lambda count: paragraphs(count, 10))
    assert len(blocks) == 100
    with pytest.raises(ValueError):
        fit((), lambda count: paragraphs(1, 1))


def test_the_json_budget_is_exact() -> None:
    blocks = paragraphs(1, 100)
    size = json_of(blocks)
    assert fits(blocks, Room(blocks=1, json=size))
    assert not fits(blocks, Room(blocks=1, json=size - 1))


def test_a_block_slack_sdk_refuses_does_not_fit() -> None:
    too_long = paragraphs(1, limits.MAX_SECTION_TEXT + 1)
    assert not fits(too_long, MESSAGE)
    assert fits(paragraphs(1, limits.MAX_SECTION_TEXT), MESSAGE)


def test_a_field_one_character_over_is_refused() -> None:
    over = SectionBlock(fields=[MarkdownTextObject(text="x" * (limits.MAX_FIELD_TEXT + 1))])
    at = SectionBlock(fields=[MarkdownTextObject(text="x" * limits.MAX_FIELD_TEXT)])
    assert not fits([over], MESSAGE) and fits([at], MESSAGE)
    with pytest.raises(SlackObjectFormationError):
        check_blocks([over.to_dict()])


def test_escaped_characters_are_counted_as_slack_receives_them() -> None:
    ascii_blocks = paragraphs(1, 100)
    accented = [SectionBlock(text=MarkdownTextObject(text="ñ" * 100))]
    # "ñ" travels as \u00f1: six characters, not one.
    assert json_of(accented) == json_of(ascii_blocks) + 500
    assert json_of(accented) == len(json.dumps([b.to_dict() for b in accented]))


def test_a_built_message_leaves_room_for_one_more_line() -> None:
    assert BUILT.blocks == MESSAGE.blocks - 1
    assert BUILT.json < MESSAGE.json
