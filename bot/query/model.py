"""What a question means once parsed: plain frozen data, no behaviour beyond formatting."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.domain.dates import DateRange
from bot.domain.sends import STATUS_ORDER, Status
from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.query.periods import Period
from bot.query.problems import Problem


class Metric(StrEnum):
    """The number a question is about (the contract's ``metric``)."""

    BULK_SENDS = "bulk_sends"
    RECIPIENTS = "recipients"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    PENDING = "pending"
    DELIVERY_RATE = "delivery_rate"
    READ_RATE = "read_rate"
    FAILURE_RATE = "failure_rate"

    @property
    def higher_is_better(self) -> bool:
        """A failure or a pending message is bad; everything else is better when higher."""
        return self not in (Metric.FAILED, Metric.PENDING, Metric.FAILURE_RATE)

    @property
    def better(self) -> int:
        """Which way a change of this number is better, the one definition answers, the
        digest and the Home tab mark changes by: 1 up (more delivered or read, a higher
        delivery or read rate), -1 down (fewer failed or pending, a lower failure rate), 0
        neither (how much was sent: bulk sends, recipients, sent are the company's choice)."""
        if self in (Metric.BULK_SENDS, Metric.RECIPIENTS, Metric.SENT):
            return 0
        return 1 if self.higher_is_better else -1


class GroupBy(StrEnum):
    """A breakdown (the contract's ``group_by``)."""

    TEMPLATE = "template"
    PHONE_NUMBER = "phone_number"
    STATUS = "status"
    LANGUAGE = "language"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Order(StrEnum):
    DESC = "desc"  # largest first
    ASC = "asc"


@dataclass(frozen=True)
class Top:
    """A ranking of the groups: the first ``n`` in ``order`` of the query's metric."""

    n: int
    order: Order = Order.DESC

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "order": self.order.value}


@dataclass(frozen=True)
class BulkSendQuery:
    """A parsed question. ``statuses`` empty means every status.

    Beyond a plain summary a question may have a shape (docs/query-language.md,
    "Question shapes"): a ``metric``, a breakdown (``group_by``), a ranking (``top``), a
    second range to compare with (``compare_to``), one sender (``phone_number``, digits
    with the country code) or one send (``send_id``). A plain question leaves them None.
    """

    statuses: frozenset[Status]
    range: DateRange
    template: str | None
    timezone: str
    default_range: bool
    #: The language to answer in (bot/locale/choice.py reply_language).
    language: Language = DEFAULT_LANGUAGE
    #: The language the words are written in; None when they do not decide it.
    written_in: Language | None = None
    #: How the period was asked (last week, the last 3 months, since…; see
    #: bot/query/periods.py), so answers can name it in words; None when no period was
    #: asked, or the question was not typed (a digest, the Home tab).
    period: Period | None = None
    metric: Metric | None = None
    group_by: GroupBy | None = None
    compare_to: DateRange | None = None
    top: Top | None = None
    phone_number: str | None = None
    send_id: str | None = None

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
            "metric": self.metric.value if self.metric else None,
            "group_by": self.group_by.value if self.group_by else None,
            "compare_to": _range_json(self.compare_to),
            "top": self.top.to_json() if self.top else None,
            "phone_number": self.phone_number,
            "send_id": self.send_id,
            "language": self.language,
            "written_in": self.written_in,
        }


def _range_json(span: DateRange | None) -> dict[str, str | None] | None:
    if span is None:
        return None
    return {"start": span.start.isoformat() if span.start else None, "end": span.end.isoformat()}


class SmallTalk(StrEnum):
    """Words that ask nothing about bulk sends, said alone."""

    GREETING = "greeting"  # hi, hola, oi, tudo bem?
    THANKS = "thanks"  # thanks, gracias, valeu


@dataclass(frozen=True)
class HelpRequest:
    """The user asked for help (help / ayuda / ajuda), typed nothing, or only greeted or
    thanked (``small_talk``): answered with what to ask, never with a report."""

    language: Language = DEFAULT_LANGUAGE
    small_talk: SmallTalk | None = None


ParsedRequest = BulkSendQuery | HelpRequest


class QueryError(Exception):
    """The only exception the parser raises: the text could not be understood.

    ``message`` is a friendly sentence for the user; ``unrecognized`` lists the words
    (as the user typed them) that were not understood, if that is the reason. A plain
    exception, not a frozen dataclass: Python must be able to set its traceback.
    """

    def __init__(
        self,
        message: str,
        unrecognized: tuple[str, ...] = (),
        language: Language = DEFAULT_LANGUAGE,
        problem: Problem | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.unrecognized = tuple(unrecognized)
        self.language: Language = language
        #: Why, as a typed value (the message is for people).
        self.problem = problem

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
