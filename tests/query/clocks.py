"""Clocks and a helper shared by the parser tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.query.model import BulkSendQuery
from bot.query.parser import parse_query

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # today is Monday 2026-11-23
MONTH_END = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)  # Tuesday 2026-03-31
NEW_YEAR = datetime(2027, 1, 2, 15, 0, tzinfo=UTC)  # Saturday 2027-01-02
# Already Saturday 28 in UTC, still Friday 2026-11-27 in Buenos Aires.
LATE_EVENING = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)
BUENOS_AIRES = "America/Argentina/Buenos_Aires"
# Still Friday 27 in UTC, already Saturday 2026-11-28 in Tokyo.
TOKYO_MORNING = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
TOKYO = "Asia/Tokyo"


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
