"""Which of a comparison's two periods leads: the later one.

"compare october and november" reads October as the range and November as the one to
compare with (the contract's rule, which ``parse`` and ``ask --format json`` keep), but
people ask it to learn how November did against October: the answer leads with the later
period and measures the change from the earlier one. Pure; Slack and the terminal both
present an answer through ``later_first``.
"""

from __future__ import annotations

from dataclasses import replace

from bot.message.describe import calendar_point
from bot.query.periods import Period, Shape
from bot.service.questions import Answer, Comparison


def later_first(answer: Answer) -> Answer:
    """``answer`` with its two periods swapped when the compared one comes after the range
    (a ranking keeps its range: its groups were ranked there); else ``answer`` itself.

    The new range is named by its dates when the old one was ("in November 2026", never
    "last month" beside "October 2026"), else by the calendar word its dates are."""
    query, other = answer.query, answer.comparison
    if other is None or query.top is not None or query.send_id is not None:
        return answer
    if other.range.start is None or query.range.start is None:
        return answer
    if other.range.start <= query.range.end:
        return answer
    if query.group_by is not None and other.groups is None:
        return answer
    period: Period | None = (
        query.period
        if isinstance(query.period, Shape)
        else calendar_point(other.range, answer.today)
    )
    swapped = replace(
        query, range=other.range, compare_to=query.range, period=period, default_range=False
    )
    groups = other.groups if query.group_by is not None else None
    return replace(
        answer,
        query=swapped,
        report=other.report,
        groups=groups,
        group_count=len(groups) if groups is not None else 0,
        comparison=Comparison(query.range, answer.report, answer.groups),
    )
