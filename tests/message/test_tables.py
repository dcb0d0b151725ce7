"""Tables: the block's JSON, Slack's limits one over, and the same table as text."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackObjectFormationError

from bot.message import tables
from bot.message.slack import SlackMessage
from bot.message.tables import Align, Column, table_block, table_lines, table_text

COLUMNS = [Column("Template"), Column("Sends", Align.RIGHT)]


def test_a_table_is_a_header_and_rows_of_raw_text() -> None:
    block = table_block(COLUMNS, [["welcome_message", "12"], ["<!channel> & co", ""]])
    assert block.to_dict() == {
        "type": "table",
        "rows": [
            [{"type": "raw_text", "text": "Template"}, {"type": "raw_text", "text": "Sends"}],
            [{"type": "raw_text", "text": "welcome_message"}, {"type": "raw_text", "text": "12"}],
            [
                {"type": "raw_text", "text": "&lt;!channel&gt; &amp; co"},
                {"type": "raw_text", "text": tables.EMPTY_CELL},
            ],
        ],
        "column_settings": [
            {"align": "left", "is_wrapped": True},
            {"align": "right", "is_wrapped": False},
        ],
    }


def test_row_limit() -> None:
    table_block(COLUMNS, [["a", "1"]] * (tables.MAX_ROWS - 1)).to_dict()
    with pytest.raises(SlackObjectFormationError, match="rows"):
        table_block(COLUMNS, [["a", "1"]] * tables.MAX_ROWS).to_dict()


def test_column_limit() -> None:
    def wide(n: int) -> tables.Table:
        return table_block([Column(f"c{i}") for i in range(n)], [["x"] * n])

    wide(tables.MAX_COLUMNS).to_dict()
    with pytest.raises(SlackObjectFormationError):
        wide(tables.MAX_COLUMNS + 1).to_dict()


def test_rows_are_as_wide_as_the_header() -> None:
    with pytest.raises(SlackObjectFormationError, match="same"):
        table_block(COLUMNS, [["only one cell"]]).to_dict()


def test_a_message_holds_one_table() -> None:
    one = table_block(COLUMNS, [["a", "1"]])
    SlackMessage(text="one", blocks=(one,)).to_dict()
    with pytest.raises(SlackObjectFormationError, match="table"):
        SlackMessage(text="two", blocks=(one, table_block(COLUMNS, [["b", "2"]]))).to_dict()


def test_the_same_table_as_aligned_text() -> None:
    rows = [["welcome_message", "1,204"], ["promo", "3"]]
    assert table_lines(COLUMNS, rows) == [
        "Template         Sends",
        "───────────────  ─────",
        "welcome_message  1,204",
        "promo                3",
    ]


def test_text_tables_cannot_close_their_code_block_or_mention_anyone() -> None:
    text = table_text(COLUMNS, [["```<!here>", "1"]])
    assert "```" not in text
    assert "<!here>" not in text
    assert "&lt;!here&gt;" in text


def test_wide_characters_take_two_columns() -> None:
    lines = table_lines(COLUMNS, [["日本", "1"], ["ab", "22"]])
    assert lines[2] == "日本" + " " * 10 + "1"
    assert lines[3] == "ab" + " " * 11 + "22"
