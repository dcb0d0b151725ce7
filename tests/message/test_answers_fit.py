"""Shaped answers stay inside Slack's limits whatever the data: hundreds of templates, a
year of days, names thousands of characters long. Rows that do not fit are counted, never
dropped silently."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from bot.message import limits
from bot.message.answer import build_answer_message
from bot.message.newer import CHART, TABLE
from bot.query.model import BulkSendQuery, GroupBy, Metric, Order, Top
from bot.service.questions import answer_from
from tests.factories import FRIDAY_NOON, make_query, make_send, many_sends

TODAY = date(2026, 11, 20)


def build(query: BulkSendQuery, sends: list[Any], **options: Any) -> dict[str, Any]:
    found = answer_from(query, sends, demo=False, today=TODAY)
    out: dict[str, Any] = build_answer_message(found, now=FRIDAY_NOON, **options).to_dict()
    assert len(json.dumps(out["blocks"])) <= limits.BUILT_BLOCKS_JSON
    return out


def year(group_by: GroupBy) -> BulkSendQuery:
    asked = make_query(start=date(2025, 11, 21), end=TODAY, period=None)
    return replace(asked, group_by=group_by, metric=Metric.RECIPIENTS)


def shown(out: dict[str, Any]) -> str:
    return json.dumps(out, ensure_ascii=False)


@pytest.mark.parametrize("refused", [frozenset(), frozenset({TABLE, CHART})])
def test_three_hundred_templates(refused: frozenset[str]) -> None:
    asked = replace(make_query(start=None), group_by=GroupBy.TEMPLATE)
    out = build(asked, many_sends(900, templates=300), refused=refused)
    types = [b["type"] for b in out["blocks"]]
    assert "table" not in types  # 300 rows are more than a table block holds
    assert "more rows" in shown(out)


def test_a_year_by_day_lists_what_fits_and_counts_the_rest() -> None:
    out = build(year(GroupBy.DAY), many_sends(50))
    text = shown(out)
    assert "Nov 21" in text  # the first day is listed
    assert "more rows" in text


def test_a_year_by_week_is_a_table_and_a_chart_by_month() -> None:
    out = build(year(GroupBy.WEEK), many_sends(50))
    types = [b["type"] for b in out["blocks"]]
    assert "table" in types
    [chart] = [b for b in out["blocks"] if b["type"] == "data_visualization"]
    assert chart["title"] == "Recipients per month"
    assert len(chart["chart"]["axis_config"]["categories"]) == 13  # Nov 2025 to Nov 2026


def test_names_thousands_of_characters_long() -> None:
    sends = [make_send(i, template=f"{'x' * 3000}_{i}", recipients=10 + i) for i in range(30)]
    asked = replace(
        make_query(start=None),
        group_by=GroupBy.TEMPLATE,
        top=Top(30, Order.DESC),
        metric=Metric.RECIPIENTS,
    )
    out = build(asked, sends)
    assert "x" * 40 in shown(out)


def test_a_hundred_groups_ranked() -> None:
    asked = replace(
        make_query(start=None),
        group_by=GroupBy.TEMPLATE,
        top=Top(100, Order.ASC),
        metric=Metric.FAILED,
    )
    out = build(asked, many_sends(400, templates=120))
    assert shown(out).count("campaign_") >= 20
