"""What a question means once parsed: plain frozen data, no behaviour beyond formatting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.dates import DateRange
from bot.domain.sends import STATUS_ORDER, Status
from bot.locale.languages import Language
from bot.query.periods import Period


@dataclass(frozen=True)
class BulkSendQuery:
    """A parsed question. ``statuses`` empty means every status."""

    statuses: frozenset[Status]
    range: DateRange
    template: str | None
    timezone: str
    default_range: bool
    #: The language to answer in (bot/locale/choice.py reply_language).
    language: Language = "en"
    #: The language the words are written in; None when they do not decide it.
    written_in: Language | None = None
    #: How the period was asked (last week, the last 3 months, since…; see
    #: bot/query/periods.py), so answers can name it in words; None when no period was
    #: asked, or the question was not typed (a digest, the Home tab).
    period: Period | None = None

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


class QueryError(Exception):
    """The only exception the parser raises: the text could not be understood.

    ``message`` is a friendly sentence for the user; ``unrecognized`` lists the words
    (as the user typed them) that were not understood, if that is the reason. A plain
    exception, not a frozen dataclass: Python must be able to set its traceback.
    """

    def __init__(
        self, message: str, unrecognized: tuple[str, ...] = (), language: Language = "en"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.unrecognized = tuple(unrecognized)
        self.language: Language = language

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"QueryError({self.message!r}, {self.unrecognized!r}, {self.language!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, QueryError) and (
            self.message,
            self.unrecognized,
            self.language,
        ) == (other.message, other.unrecognized, other.language)

    __hash__ = Exception.__hash__
