"""Tables: Slack's ``table`` block (slack_sdk's ``TableBlock``) with its limits checked, and
the same table as monospaced text for where a table block cannot go.

slack_sdk checks only that a table has rows; ``Table`` adds Slack's documented limits
(https://docs.slack.dev/reference/block-kit/blocks/table-block): at most 100 rows of at
most 20 cells, every row as long as the header, cells never empty. A message holds one
table at most (``bot.message.fit`` counts them).

``table_text`` draws the same rows for a code block (a workspace that refuses tables, the
fallback text, a terminal), aligned by display width.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from slack_sdk.models.basic_objects import JsonValidator
from slack_sdk.models.blocks import RawTextObject, TableBlock, TableBlockColumnSettings

from bot.message.text import escape, one_line

BLOCK_TYPE = "table"
#: Rows in one table block, the header included.
MAX_ROWS = 100
#: Cells in one row; column settings.
MAX_COLUMNS = 20
#: Tables in one message.
MAX_TABLES_PER_MESSAGE = 1
#: What an empty cell shows (Slack refuses empty text).
EMPTY_CELL = "—"


class Align(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True)
class Column:
    header: str
    align: Align = Align.LEFT


class Table(TableBlock):
    """A ``TableBlock`` that checks Slack's limits when serialised."""

    @JsonValidator(f"a table has 1 to {MAX_ROWS} rows")
    def _validate_row_count(self) -> bool:
        return self.rows is not None and 1 <= len(self.rows) <= MAX_ROWS

    @JsonValidator(f"every row of a table has the same 1 to {MAX_COLUMNS} cells")
    def _validate_row_width(self) -> bool:
        widths = {len(row) for row in self.rows or ()}
        return len(widths) == 1 and 1 <= widths.pop() <= MAX_COLUMNS

    @JsonValidator(f"a table has at most {MAX_COLUMNS} column settings")
    def _validate_settings(self) -> bool:
        return self.column_settings is None or len(self.column_settings) <= MAX_COLUMNS


def _cell(text: str) -> RawTextObject:
    return RawTextObject(text=text if text.strip() else EMPTY_CELL)


def table_block(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> Table:
    """A header row and ``rows``; each cell's text is plain (names from outside included)."""
    header = [_cell(escape(one_line(c.header))) for c in columns]
    body = [[_cell(escape(one_line(text))) for text in row] for row in rows]
    settings = [
        TableBlockColumnSettings(align=str(c.align), is_wrapped=c.align is Align.LEFT)
        for c in columns
    ]
    return Table(rows=[header, *body], column_settings=settings)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table_lines(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> list[str]:
    """The table as aligned lines: header, a rule, then the rows (for a code block)."""
    cells = [[one_line(c.header) for c in columns], *[[one_line(t) for t in row] for row in rows]]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(columns))]

    def line(row: Sequence[str]) -> str:
        parts = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - display_width(text))
            parts.append(pad + text if columns[i].align is Align.RIGHT else text + pad)
        return "  ".join(parts).rstrip()

    return [line(cells[0]), "  ".join("─" * w for w in widths), *(line(r) for r in cells[1:])]


def table_text(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> str:
    """The table for a Slack code block: aligned lines, escaped, no backticks inside."""
    return "\n".join(escape(line).replace("`", "'") for line in table_lines(columns, rows))
