"""IANA time-zone names as people type them: any case, UTC spelled a few ways."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones


@cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def find_zone(text: str) -> str | None:
    """The IANA name for ``text`` whatever its case ("europe/madrid" → "Europe/Madrid")."""
    key = text.strip().lower()
    if key in ("utc", "gmt", "z"):
        return "UTC"
    return _zone_names().get(key)
