"""Every question shape answered with exact numbers, in three languages, against the fake
Mindo API: a well-behaved one, one with every quirk the contract warns of (filters and
dates ignored or read in another zone, tiny pages), and one whose list changes while read.

The expected numbers come from the dataset itself, recounted the plainest way: each send's
local date in the asker's zone, its status, template and sender.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.demo.api import FakeBehaviour, FakeMindoApi
from bot.demo.data import DemoDataset, build_demo_dataset
from bot.domain.dates import DateRange, week_start
from bot.domain.sends import BulkSend
from bot.groups import metric_value, phone_digits
from bot.mindo.client import MindoClient
from bot.query.model import BulkSendQuery, GroupBy, Metric, Order
from bot.report import Totals
from bot.service.account import Account
from tests.factories import BLACK_FRIDAY_NOON, BUENOS_AIRES

KEY = "mindo_test_shapes_000000000000"
ZONE = BUENOS_AIRES

#: One question per shape, as people write it in each language.
QUESTIONS: dict[str, tuple[str, str, str]] = {
    "count": (
        "how many failed last week",
        "cuántos fallaron la semana pasada",
        "quantos falharam semana passada",
    ),
    "metric": (
        "read rate of welcome_message in october",
        "tasa de lectura de welcome_message en octubre",
        "taxa de leitura de welcome_message em outubro",
    ),
    "comparison": (
        "read rate this month vs last month",
        "tasa de lectura este mes contra el mes pasado",
        "taxa de leitura este mês comparado com o mês passado",
    ),
    "ranking": (
        "top 3 templates by failures this month",
        "las 3 plantillas con más fallos este mes",
        "os 3 modelos com mais falhas este mês",
    ),
    "trend": (
        "delivery rate per day last 30 days",
        "tasa de entrega por día últimos 30 días",
        "taxa de entrega por dia últimos 30 dias",
    ),
    "weekly": (
        "weekly trend of failures this year",
        "tendencia semanal de fallidos este año",
        "tendência semanal de falhas este ano",
    ),
    "senders": ("by sender this month", "por número este mes", "por número este mês"),
    "statuses": ("by status this month", "por estado este mes", "por status este mês"),
    "languages": (
        "bulk sends by language last month",
        "por idioma el mes pasado",
        "por idioma mês passado",
    ),
    "sender": (
        "from +54 9 11 5263-0780 this month",
        "desde el +54 9 11 5263-0780 este mes",
        "do número +54 9 11 5263-0780 este mês",
    ),
}
CASES = [
    pytest.param(shape, language, text, id=f"{shape}-{language}")
    for shape, texts in QUESTIONS.items()
    for language, text in zip(("en", "es", "pt"), texts, strict=True)
]

QUIRKY = FakeBehaviour(
    page_size_cap=7,
    dates_inclusive=False,
    server_timezone="Asia/Tokyo",
    ignored_params=frozenset({"status", "created_after", "created_before", "template"}),
)


@pytest.fixture(scope="module")
def data() -> DemoDataset:
    return build_demo_dataset(BLACK_FRIDAY_NOON)


def account_on(api: FakeMindoApi) -> Account:
    client = MindoClient("https://mindo.test", KEY, transport=httpx.MockTransport(api.handle))
    return Account(client, demo=False, clock=lambda: BLACK_FRIDAY_NOON)


async def ask(account: Account, text: str) -> tuple[BulkSendQuery, Any]:
    parsed = await account.parse(text, ZONE)
    assert isinstance(parsed, BulkSendQuery), parsed
    return parsed, await account.answer(parsed)


# --- The plainest recount ------------------------------------------------------------------


def local_day(send: BulkSend) -> date:
    return send.created_at.astimezone(ZoneInfo(ZONE)).date()


def matching(data: DemoDataset, query: BulkSendQuery, span: DateRange) -> list[BulkSend]:
    return [
        s
        for s in data.sends
        if span.contains(local_day(s))
        and (not query.statuses or s.status in query.statuses)
        and (query.template is None or s.template.name == query.template)
        and (
            query.phone_number is None
            or phone_digits(s.phone_number.display_phone_number) == query.phone_number
        )
    ]


def recount_groups(sends: list[BulkSend], by: GroupBy, span: DateRange) -> dict[str, Totals]:
    key: Callable[[BulkSend], str]
    if by is GroupBy.TEMPLATE:
        key = lambda s: f"{s.template.name}/{s.template.language}"  # noqa: E731
    elif by is GroupBy.STATUS:
        key = lambda s: s.status.value  # noqa: E731
    elif by is GroupBy.LANGUAGE:
        key = lambda s: s.template.language  # noqa: E731
    elif by is GroupBy.PHONE_NUMBER:
        key = lambda s: phone_digits(s.phone_number.display_phone_number)  # noqa: E731
    elif by is GroupBy.DAY:
        key = lambda s: local_day(s).isoformat()  # noqa: E731
    else:
        assert by is GroupBy.WEEK and span.start is not None
        start = span.start
        key = lambda s: max(week_start(local_day(s)), start).isoformat()  # noqa: E731
    grouped: dict[str, list[BulkSend]] = defaultdict(list)
    for send in sends:
        grouped[key(send)].append(send)
    return {k: Totals.of(v) for k, v in grouped.items()}


def group_key(group: Any, by: GroupBy) -> str:
    return f"{group.key}/{group.language}" if by is GroupBy.TEMPLATE else str(group.key)


def check(data: DemoDataset, query: BulkSendQuery, answer: Any) -> None:
    """Every number of the answer against the recount."""
    sends = matching(data, query, query.range)
    assert sends, "a test question should have sends to count"
    assert answer.report.totals == Totals.of(sends)
    assert {s.id for s in answer.report.sends} == {s.id for s in sends}
    if query.group_by is not None:
        expected = recount_groups(sends, query.group_by, query.range)
        got = {group_key(g, query.group_by): g.totals for g in answer.groups}
        if query.top is None:
            assert {k: v for k, v in got.items() if v.bulk_sends} == expected
            if query.group_by in (GroupBy.DAY, GroupBy.WEEK):
                keys = [g.key for g in answer.groups]
                assert keys == sorted(keys)
                assert all(t.bulk_sends == 0 for k, t in got.items() if k not in expected)
        else:
            metric = query.metric or Metric.RECIPIENTS
            assert len(answer.groups) == min(query.top.n, len(expected))
            for key, totals in got.items():
                assert expected[key] == totals
            sign = -1 if query.top.order is Order.DESC else 1
            values = [sign * (metric_value(g.totals, metric) or 0) for g in answer.groups]
            assert values == sorted(values)
            best = sign * min(sign * (metric_value(t, metric) or 0) for t in expected.values())
            assert metric_value(answer.groups[0].totals, metric) == best
    if query.compare_to is not None:
        other = matching(data, query, query.compare_to)
        assert answer.comparison.range == query.compare_to
        assert answer.comparison.report.totals == Totals.of(other)


@pytest.mark.parametrize(("shape", "language", "text"), CASES)
@pytest.mark.parametrize("quirks", [False, True], ids=["plain-api", "quirky-api"])
async def test_every_shape_is_exact(
    data: DemoDataset, shape: str, language: str, text: str, quirks: bool
) -> None:
    api = FakeMindoApi(data, api_key=KEY, behaviour=replace(QUIRKY) if quirks else None)
    query, answer = await ask(account_on(api), text)
    assert query.language == language
    check(data, query, answer)


async def test_both_ranges_of_a_comparison_are_read_at_once(data: DemoDataset) -> None:
    # Two first pages in flight together, or the gate never opens.
    arrived: list[str] = []
    both = asyncio.Event()

    async def together(url: httpx.URL) -> None:
        if "bulk-sends" in str(url) and url.params.get("page", "1") == "1" and not both.is_set():
            arrived.append(str(url))
            if len(arrived) == 2:
                both.set()
            await asyncio.wait_for(both.wait(), 5)

    api = FakeMindoApi(data, api_key=KEY, behaviour=FakeBehaviour(gate=together))
    account = account_on(api)
    await account.company_timezone()
    query, answer = await ask(account, "this month vs last month")
    assert both.is_set()
    check(data, query, answer)


async def test_a_list_that_changes_while_read_still_gives_exact_groups(data: DemoDataset) -> None:
    # The newest send arrives once the first page has gone out: the client reads again,
    # and the breakdown counts the list as it then is.
    before = replace(data, sends=data.sends[1:])
    api = FakeMindoApi(before, api_key=KEY, behaviour=FakeBehaviour(page_size_cap=10))

    async def arrive(url: httpx.URL) -> None:
        if url.params.get("page") == "2" and api.dataset is before:
            api.dataset = data

    api.behaviour.gate = arrive
    query, answer = await ask(account_on(api), "by status last 7 days")
    check(data, query, answer)
    assert answer.report.totals.bulk_sends == len(matching(data, query, query.range))


async def test_one_send_is_answered_with_its_details(data: DemoDataset) -> None:
    send = data.sends[10]
    query, answer = await ask(account_on(FakeMindoApi(data, api_key=KEY)), send.id)
    assert query.send_id == send.id
    assert answer.send is not None and answer.send.detail.send == send
    assert answer.report.sends == (send,)
    assert answer.groups is None and answer.comparison is None
