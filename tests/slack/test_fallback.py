"""A workspace that refuses tables or charts gets the same answer plain, at once, and from
then on plain the first time; other workspaces keep them. Against the fake Slack."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.workspaces import SINGLE_WORKSPACE, WorkspaceRef
from bot.message.blocks import section
from bot.message.charts import ChartType, Series, xy_chart
from bot.message.newer import CHART, TABLE, Refused, or_stand_in
from bot.message.slack import SlackMessage
from bot.message.tables import Column, table_block
from bot.slack.fallback import BlockSupport, blamed_kinds, post_with_fallback, refusal_details
from bot.slack.replies import ResponseUrlError, send_response
from bot.slack.web_api import SlackCallError
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import MEMBER

TEAM = WorkspaceRef("T0FAKE", "T0FAKE")
OTHER_TEAM = WorkspaceRef("T0OTHER", "T0OTHER")


class Builds:
    """A builder with a table and a chart, recording what it was asked to leave out."""

    def __init__(self) -> None:
        self.refused: list[Refused] = []

    def __call__(self, refused: Refused) -> SlackMessage:
        self.refused.append(refused)
        table = table_block([Column("Day")], [["Nov 1"]])
        chart = xy_chart(ChartType.LINE, "Sends per day", ["Nov 1"], [Series("Sends", [3])])
        blocks: list[Block] = [section("*3 bulk sends yesterday.*")]
        blocks += or_stand_in(table, [section("```Day\nNov 1```")], refused)
        blocks += or_stand_in(chart, [section("Nov 1: 3")], refused)
        return SlackMessage(text="3 bulk sends yesterday. Nov 1: 3", blocks=tuple(blocks))


def _types(message: dict[str, object]) -> list[object]:
    blocks = message["blocks"]
    assert isinstance(blocks, list)
    return [block["type"] for block in blocks]


async def test_a_refused_chart_is_sent_again_without_it_and_remembered(
    slack: FakeSlackApi,
) -> None:
    slack.refused_kinds.add(CHART)
    support, build = BlockSupport(), Builds()
    url = slack.response_url()

    async def respond(message: SlackMessage) -> None:
        await send_response(AsyncRespond(response_url=url), message)

    await post_with_fallback(build, respond, support=support, workspace=TEAM)

    [answer] = slack.posted_to(url)
    assert _types(answer) == ["section", "section", "section"]
    assert answer["text"] == "3 bulk sends yesterday. Nov 1: 3"
    # The response_url says only "invalid_blocks": every newer kind is taken as refused.
    assert support.refused(TEAM) == {CHART, TABLE}
    assert build.refused == [frozenset(), {CHART, TABLE}]
    assert len(slack.refusals) == 1

    url = slack.response_url()
    await post_with_fallback(build, respond, support=support, workspace=TEAM)
    assert build.refused[-1] == {CHART, TABLE}  # plain the first time now
    assert len(slack.refusals) == 1
    assert support.refused(OTHER_TEAM) == frozenset()


async def test_slacks_pointer_blames_only_the_block_it_names(slack: FakeSlackApi) -> None:
    slack.refused_kinds.add(CHART)
    support, build = BlockSupport(), Builds()
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)

    async def post(message: SlackMessage) -> str:
        response = await client.chat_postMessage(channel=MEMBER, **message.to_dict())
        return str(response["ts"])

    await post_with_fallback(build, post, support=support, workspace=TEAM)

    assert support.refused(TEAM) == {CHART}  # the table was fine
    [refused, posted] = slack.calls_to("chat.postMessage")
    assert CHART in str(refused.args["blocks"])
    assert TABLE in str(posted.args["blocks"]) and CHART not in str(posted.args["blocks"])
    assert build.refused == [frozenset(), {CHART}]


async def test_a_workspace_refusing_both_kinds_gets_its_message_after_each_is_named(
    slack: FakeSlackApi,
) -> None:
    # Slack names the first block it refuses: the table, then (in the next try) the chart.
    slack.refused_kinds.update({TABLE, CHART})
    support, build = BlockSupport(), Builds()
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)

    async def post(message: SlackMessage) -> str:
        response = await client.chat_postMessage(channel=MEMBER, **message.to_dict())
        return str(response["ts"])

    assert await post_with_fallback(build, post, support=support, workspace=TEAM)
    assert build.refused == [frozenset(), {TABLE}, {TABLE, CHART}]
    assert support.refused(TEAM) == {TABLE, CHART}
    assert len(slack.calls_to("chat.postMessage")) == 3


async def test_a_posting_error_carrying_slacks_refusal_is_read_as_one() -> None:
    support, build = BlockSupport(), Builds()
    sent: list[SlackMessage] = []

    async def post(message: SlackMessage) -> None:
        if len(sent) == 0:
            sent.append(message)
            raise SlackCallError("invalid_blocks", details=("[json-pointer:/blocks/2/type]",))
        sent.append(message)

    await post_with_fallback(build, post, support=support, workspace=TEAM)
    assert build.refused == [frozenset(), {CHART}]
    with pytest.raises(SlackCallError):
        await post_with_fallback(
            build, _raise(SlackCallError("channel_not_found")), support=support, workspace=TEAM
        )


def _raise(error: Exception) -> Callable[[SlackMessage], Awaitable[None]]:
    async def post(message: SlackMessage) -> None:
        raise error

    return post


async def test_other_failures_are_not_taken_for_a_refusal(slack: FakeSlackApi) -> None:
    support, build = BlockSupport(), Builds()
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    slack.fail_next("chat.postMessage", "channel_not_found")

    async def post(message: SlackMessage) -> None:
        await client.chat_postMessage(channel=MEMBER, **message.to_dict())

    with pytest.raises(SlackApiError):
        await post_with_fallback(build, post, support=support, workspace=TEAM)
    assert support.refused(TEAM) == frozenset()
    assert len(build.refused) == 1


async def test_a_plain_message_refused_is_an_error_not_a_retry() -> None:
    support, calls = BlockSupport(), []

    async def post(message: SlackMessage) -> None:
        calls.append(message)
        raise ResponseUrlError(400, "invalid_blocks")

    with pytest.raises(ResponseUrlError):
        await post_with_fallback(
            lambda refused: SlackMessage(text="x", blocks=(section("x"),)),
            post,
            support=support,
            workspace=TEAM,
        )
    assert len(calls) == 1


def test_reading_refusals() -> None:
    assert refusal_details(ResponseUrlError(400, "invalid_blocks")) == ("invalid_blocks",)
    assert refusal_details(ResponseUrlError(404, "used_url")) is None
    assert refusal_details(ValueError("nothing to do with Slack")) is None
    message = Builds()(frozenset())
    assert blamed_kinds(["[ERROR] bad [json-pointer:/blocks/2/type]"], message) == {CHART}
    assert blamed_kinds(["[ERROR] bad [json-pointer:/blocks/0/text]"], message) == {CHART, TABLE}
    assert blamed_kinds(["[json-pointer:/blocks/99]"], message) == {CHART, TABLE}


def test_only_newer_kinds_are_remembered_and_a_workspace_that_left_is_forgotten() -> None:
    support = BlockSupport()
    support.refuse(SINGLE_WORKSPACE, [TABLE, "section"])
    assert support.refused(WorkspaceRef("")) == {TABLE}
    support.refuse(TEAM, [CHART])
    support.forget(SINGLE_WORKSPACE)
    assert support.refused(SINGLE_WORKSPACE) == frozenset()
    assert support.refused(TEAM) == {CHART}
