"""Helpers shared by the parser tests (their moments are in tests/factories.py)."""

from __future__ import annotations

from datetime import datetime

from bot.query.model import BulkSendQuery
from bot.query.parser import parse_query
from tests.factories import MONDAY


def ask(
    text: str,
    now: datetime = MONDAY,
    tz: str = "UTC",
    known_templates: tuple[str, ...] = (),
    week_start: int = 0,
) -> BulkSendQuery:
    result = parse_query(
        text, now=now, tz=tz, known_templates=known_templates, week_start=week_start
    )
    assert isinstance(result, BulkSendQuery)
    return result


def span(text: str, now: datetime = MONDAY, tz: str = "UTC") -> tuple[str | None, str]:
    """The range asked for, as ISO dates: (start or None, end)."""
    found = ask(text, now, tz).range
    return (found.start.isoformat() if found.start else None, found.end.isoformat())
