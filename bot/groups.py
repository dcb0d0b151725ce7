"""A report's sends broken down (by template, sender, status, language, day, week or
month) and ranked: the numbers of the contract's ``groups``.

One pass over the sends, one accumulator per group, nothing allocated per send that can
be avoided: templates are looked up by name then language (no key tuples), senders by
the number as Mindo writes it (its digits are worked out once per sender), and periods by
walking the sends (newest first, as every report holds them) down a list of the periods'
first instants, so no send's local date is ever built. A period is a local day, a
Monday-to-Sunday week or a calendar month in the asker's zone, cut to the range; every
period of the range is listed, empty ones as zeros.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.domain.dates import DateRange, local_date, week_start
from bot.domain.sends import STATUS_ORDER, BulkSend, Status
from bot.query.model import GroupBy, Metric, Order, Top
from bot.report import Totals

#: Groupings that are periods of time.
PERIODS = frozenset({GroupBy.DAY, GroupBy.WEEK, GroupBy.MONTH})

K = TypeVar("K")

# An accumulator's slots (a list of ints: cheaper than an object per group per send).
_SENDS, _RECIPIENTS, _SENT, _DELIVERED, _READ, _FAILED, _PENDING, _NOT_SENT = range(8)


@dataclass(frozen=True)
class Group:
    """One row of a breakdown.

    ``key`` is the template's name, the sender's digits, the status, the language code or
    the period's first day inside the range (ISO); ``language`` is the template's, beside
    its name; ``first``/``last`` are a period's days inside the range.
    """

    key: str
    totals: Totals
    language: str | None = None
    first: date | None = None
    last: date | None = None
    #: A sender's number as Mindo writes it ("+54 9 11 5263-0780") and its verified name:
    #: how people read it (the key is its digits).
    number: str | None = None
    verified_name: str | None = None


def metric_value(totals: Totals, metric: Metric) -> float | None:
    """The number a metric names; None for a rate whose denominator is zero."""
    match metric:
        case Metric.BULK_SENDS:
            return totals.bulk_sends
        case Metric.RECIPIENTS:
            return totals.recipients
        case Metric.SENT:
            return totals.sent
        case Metric.DELIVERED:
            return totals.delivered
        case Metric.READ:
            return totals.read
        case Metric.FAILED:
            return totals.failed
        case Metric.PENDING:
            return totals.pending
        case Metric.DELIVERY_RATE:
            return totals.delivery_rate
        case Metric.READ_RATE:
            return totals.read_rate
        case Metric.FAILURE_RATE:
            return totals.failure_rate


def phone_digits(number: str) -> str:
    """ "+54 9 223 675-0780" → "5492236750780": how a sender is named in questions."""
    return "".join(c for c in number if c.isdigit())


def group_sends(
    sends: Sequence[BulkSend], by: GroupBy, *, timezone: str, span: DateRange
) -> tuple[Group, ...]:
    """The sends by ``by``: periods oldest first (every one of ``span``), anything else by
    recipients, most first, ties by key. ``sends`` are newest first (``Report.sends``)."""
    if by in PERIODS:
        return _by_period(sends, by, timezone, span)
    if by is GroupBy.TEMPLATE:
        groups = _by_template(sends)
    elif by is GroupBy.STATUS:
        groups = _by_key(sends, lambda s: s.status, str)
        order = {str(status): i for i, status in enumerate(STATUS_ORDER)}
        groups.sort(key=lambda g: (-g.totals.recipients, order[g.key]))
        return tuple(groups)
    elif by is GroupBy.LANGUAGE:
        groups = _by_key(sends, lambda s: s.template.language, str)
    else:
        groups = _by_sender(sends)
    groups.sort(key=lambda g: (-g.totals.recipients, g.key, g.language or ""))
    return tuple(groups)


def rank(groups: Sequence[Group], metric: Metric, top: Top) -> tuple[Group, ...]:
    """The first ``top.n`` groups by ``metric`` in ``top.order``: groups whose value is
    undefined (a rate of nothing) last, ties to more recipients, then by key."""
    defined: list[tuple[float, Group]] = []
    undefined: list[Group] = []
    for group in groups:
        value = metric_value(group.totals, metric)
        if value is None:
            undefined.append(group)
        else:
            defined.append((value, group))
    sign = -1 if top.order is Order.DESC else 1
    defined.sort(key=lambda item: (sign * item[0], *_tie(item[1])))
    undefined.sort(key=_tie)
    return tuple([group for _, group in defined] + undefined)[: top.n]


def _tie(group: Group) -> tuple[int, str, str]:
    return (-group.totals.recipients, group.key, group.language or "")


def _new() -> list[int]:
    return [0] * 8


def _add(acc: list[int], send: BulkSend) -> None:
    acc[_SENDS] += 1
    acc[_RECIPIENTS] += send.total_recipients
    acc[_SENT] += send.sent_count
    acc[_DELIVERED] += send.delivered_count
    acc[_READ] += send.read_count
    acc[_FAILED] += send.failed_count
    if send.status is Status.CANCELLED:
        acc[_NOT_SENT] += send.pending_count
    else:
        acc[_PENDING] += send.pending_count


def _totals(acc: list[int]) -> Totals:
    return Totals(*acc)


def _by_template(sends: Sequence[BulkSend]) -> list[Group]:
    names: dict[str, dict[str, list[int]]] = {}
    for send in sends:
        template = send.template
        languages = names.get(template.name)
        if languages is None:
            languages = names[template.name] = {}
        acc = languages.get(template.language)
        if acc is None:
            acc = languages[template.language] = _new()
        _add(acc, send)
    return [
        Group(key=name, language=language, totals=_totals(acc))
        for name, languages in names.items()
        for language, acc in languages.items()
    ]


def _by_key(
    sends: Sequence[BulkSend], key: Callable[[BulkSend], K], name: Callable[[K], str]
) -> list[Group]:
    accs: dict[K, list[int]] = {}
    for send in sends:
        k = key(send)
        acc = accs.get(k)
        if acc is None:
            acc = accs[k] = _new()
        _add(acc, send)
    return [Group(key=name(k), totals=_totals(acc)) for k, acc in accs.items()]


def _by_sender(sends: Sequence[BulkSend]) -> list[Group]:
    """Senders keyed by their digits: one number written two ways is one sender, shown as
    Mindo wrote it in its newest send (with its verified name)."""
    digits_of: dict[str, str] = {}
    merged: dict[str, list[int]] = {}
    shown: dict[str, tuple[str, str]] = {}
    for send in sends:
        phone = send.phone_number
        number = phone.display_phone_number
        digits = digits_of.get(number)
        if digits is None:
            digits = digits_of[number] = phone_digits(number)
        acc = merged.get(digits)
        if acc is None:
            acc = merged[digits] = _new()
            shown[digits] = (number, phone.verified_name)
        _add(acc, send)
    return [
        Group(
            key=digits,
            totals=_totals(acc),
            number=shown[digits][0],
            verified_name=shown[digits][1] or None,
        )
        for digits, acc in merged.items()
    ]


# --- Periods -----------------------------------------------------------------------------


def period_spans(by: GroupBy, span: DateRange, start: date) -> list[tuple[date, date]]:
    """Every period of ``by`` from ``start`` to ``span.end``, each cut to the range."""
    spans = []
    first = start
    while first <= span.end:
        last = min(_period_end(by, first), span.end)
        spans.append((first, last))
        first = last + timedelta(days=1)
    return spans


def _period_end(by: GroupBy, day: date) -> date:
    if by is GroupBy.DAY:
        return day
    if by is GroupBy.WEEK:
        return week_start(day) + timedelta(days=6)
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of a local day (a midnight that does not exist is the moment the
    clocks jump, as ``fold=0`` reads it), in UTC: Mindo's timestamps are UTC, and two
    datetimes with the same ``tzinfo`` compare without asking the zone for its offset."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def _by_period(
    sends: Sequence[BulkSend], by: GroupBy, timezone: str, span: DateRange
) -> tuple[Group, ...]:
    start = span.start
    if start is None:  # "until Friday": the range begins with its first send
        if not sends:
            return ()
        start = local_date(sends[-1].created_at, timezone)
    spans = period_spans(by, span, start)
    zone = ZoneInfo(timezone)
    starts = [_midnight(first, zone) for first, _ in spans]
    after = _midnight(span.end + timedelta(days=1), zone)
    accs = [_new() for _ in spans]
    if sends and sends[0].created_at >= after:
        raise ValueError(f"send {sends[0].id} falls outside {span}")
    index = len(spans) - 1
    previous = after
    for send in sends:
        moment = send.created_at
        if moment > previous:
            raise ValueError("sends must be newest first to be grouped by period")
        while moment < starts[index]:
            index -= 1
            if index < 0:
                raise ValueError(f"send {send.id} falls outside {span}")
        _add(accs[index], send)
        previous = moment
    return tuple(
        Group(key=first.isoformat(), totals=_totals(acc), first=first, last=last)
        for (first, last), acc in zip(spans, accs, strict=True)
    )
