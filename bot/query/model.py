"""What a question means once parsed: plain frozen data, no behaviour beyond formatting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from bot.status import STATUS_ORDER, Status

Language = Literal["en", "es", "pt"]


@dataclass(frozen=True)
class DateRange:
    """Inclusive local dates. ``start`` is None only for "until/before X"."""

    start: date | None
    end: date

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end


@dataclass(frozen=True)
class BulkSendQuery:
    """A parsed question. ``statuses`` empty means every status."""

    statuses: frozenset[Status]
    range: DateRange
    template: str | None
    timezone: str
    default_range: bool
    language: Language = "en"

    @property
    def ordered_statuses(self) -> tuple[Status, ...]:
        return tuple(s for s in STATUS_ORDER if s in self.statuses)

    def to_json(self) -> dict[str, Any]:
        """The `bulksends parse` contract."""
        return {
            "statuses": [s.value for s in self.ordered_statuses],
            "start": self.range.start.isoformat() if self.range.start else None,
            "end": self.range.end.isoformat(),
            "template": self.template,
            "timezone": self.timezone,
            "default_range": self.default_range,
        }


@dataclass(frozen=True)
class HelpRequest:
    """The user asked for help (help / ayuda / ajuda)."""

    language: Language = "en"


ParsedRequest = BulkSendQuery | HelpRequest


@dataclass(frozen=True)
class QueryError(Exception):
    """The only exception the parser raises: the text could not be understood.

    ``message`` is a friendly sentence for the user; ``unrecognized`` lists the words
    (as the user typed them) that were not understood, if that is the reason.
    """

    message: str
    unrecognized: tuple[str, ...] = field(default=())
    language: Language = "en"

    def __str__(self) -> str:
        return self.message
