"""The question shapes' per-send work on 100,000 sends: every grouping, a ranking, and the
answer as JSON and as a Slack message, in milliseconds (best of a few runs).

A year of sends over 40 templates and 5 senders, every status, made in memory (no
network: the fetch has its own benchmark). Plain script:

    uv run python benchmarks/bench_groups.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.domain.dates import DateRange
from bot.domain.sends import Status
from bot.groups import group_sends, rank
from bot.message.answer import build_answer_message
from bot.query.model import GroupBy, Metric, Order, Top
from bot.report import summarise
from bot.service.questions import answer_from
from bot.terminal import answer_to_json
from tests.factories import make_query, make_send

SENDS = 100_000
ZONE = "America/Argentina/Buenos_Aires"
SPAN = DateRange(date(2026, 1, 1), date(2026, 12, 31))


def best_ms(work: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def main() -> None:
    rng = random.Random(7)
    start = datetime(2026, 1, 1, 3, tzinfo=UTC)
    statuses = list(Status)
    sends = [
        make_send(
            f"s{i}",
            start + timedelta(minutes=rng.randrange(364 * 24 * 60)),
            status=statuses[i % len(statuses)],
            template=f"campaign_{rng.randrange(40):02d}",
            phone=f"+54 9 11 {rng.randrange(5)}000-0000",
            recipients=100,
            sent=90,
            delivered=80,
            read=40,
            failed=10,
            pending=0,
        )
        for i in range(SENDS)
    ]
    report = summarise(sends)
    print(f"{SENDS:,} sends, {ZONE}")
    print(f"  summarise          {best_ms(lambda: summarise(sends)):7.0f} ms")
    for by in GroupBy:

        def grouping(by: GroupBy = by) -> object:
            return group_sends(report.sends, by, timezone=ZONE, span=SPAN)

        print(f"  by {by.value:<15} {best_ms(grouping):7.0f} ms")
    groups = group_sends(report.sends, GroupBy.TEMPLATE, timezone=ZONE, span=SPAN)
    ms = best_ms(lambda: rank(groups, Metric.FAILURE_RATE, Top(5, Order.DESC)))
    print(f"  rank 40 templates  {ms:7.2f} ms")
    query = replace(
        make_query(start=SPAN.start, end=SPAN.end, timezone=ZONE, period=None),
        group_by=GroupBy.WEEK,
        metric=Metric.DELIVERY_RATE,
    )
    found = answer_from(query, report.sends, demo=False, today=SPAN.end)
    now = datetime(2026, 12, 31, 15, tzinfo=UTC)
    print(
        f"  answer (by week)   {best_ms(lambda: answer_from(query, report.sends, demo=False, today=SPAN.end)):7.0f} ms"
    )
    print(
        f"  Slack message      {best_ms(lambda: build_answer_message(found, now=now).to_dict()):7.0f} ms"
    )
    print(f"  JSON (dict)        {best_ms(lambda: answer_to_json(found)):7.0f} ms")


if __name__ == "__main__":
    main()
