"""Shaped questions through the command and the buttons: tables and charts where Slack
takes them, the same answer plain at once where it refuses them, remembered after."""

from __future__ import annotations

import json
from typing import Any

from bot.message import actions
from bot.message.newer import CHART, TABLE
from bot.query.codec import decode_state
from bot.query.model import GroupBy, Metric
from tests.slack.harness import buttons
from tests.slack.listeners.driver import Listener


def types(message: dict[str, Any]) -> list[str]:
    return [block["type"] for block in message["blocks"]]


async def test_a_ranking_is_answered_with_its_table_and_chart(listener: Listener) -> None:
    asked = await listener.command("top 3 templates by failures this month")
    answer = asked.answer
    assert answer["blocks"][0]["text"]["text"].startswith("*Worst 3 templates this month by ")
    assert {TABLE, CHART} <= set(types(answer))
    query = decode_state(buttons(answer)[actions.SHARE][0]).query
    assert (query.metric, query.group_by, query.top and query.top.n) == (
        Metric.FAILED,
        GroupBy.TEMPLATE,
        3,
    )


async def test_a_refused_answer_goes_again_plain_at_once_and_the_next_starts_plain(
    listener: Listener,
) -> None:
    # The response_url says only "invalid_blocks": every newer kind is left out from now on.
    refused = await listener.command(
        "delivery rate per day last 14 days", refuse=(400, "invalid_blocks")
    )
    answer = refused.answer
    assert TABLE not in types(answer) and CHART not in types(answer)
    assert ". Delivery rate per day" in answer["blocks"][0]["text"]["text"]
    assert "```Day" in answer["blocks"][2]["text"]["text"]
    assert refused.raised is None
    assert listener.services.block_support.refused(listener.services.workspace) == {TABLE, CHART}

    later = await listener.command("top 3 templates by failures this month")
    assert TABLE not in types(later.answer)  # plain the first time: nobody waits twice


async def test_a_refusal_met_by_an_answer_is_the_workspaces_for_its_home_tab_too(
    listener: Listener,
) -> None:
    # Slack sends the team id with every payload; the refusal is kept under the workspace
    # (a self-hosted app's one), where Home, digests and answers all look for it.
    asked = await listener.command(
        "delivery rate per day last 14 days", refuse=(400, "invalid_blocks")
    )
    assert asked.raised is None
    opened = await listener.open_home(refused_kinds={CHART})
    assert opened.raised is None
    [published] = opened.web.calls_to("views.publish")  # plain the first time
    assert CHART not in json.dumps(published)


async def test_share_posts_again_without_the_chart_slack_named(listener: Listener) -> None:
    asked = await listener.command("by sender this month")
    value = buttons(asked.answer)[actions.SHARE][0]
    shared = await listener.click(actions.SHARE, value, refused_kinds={CHART})
    first, second = shared.web.calls_to("chat.postMessage")
    assert CHART in types(first)
    # Slack's detail named the chart: the table stays.
    assert TABLE in types(second) and CHART not in types(second)
    assert second["blocks"][0]["elements"][0]["text"].startswith("Shared by")
    assert shared.raised is None
    assert listener.services.block_support.refused(listener.services.workspace) == {CHART}
