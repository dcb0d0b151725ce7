"""SlackAlertPoster against the local fake Slack: posts and thread replies carrying their
key, updates in place, finding an earlier post (in the channel or its thread), refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.alerts.poster import ALERT_EVENT, SlackAlertPoster
from bot.channel.posting import PostError
from tests.factories import SleepRecorder, make_message
from tests.fakes.slack_api import FakeSlackApi, serve_slack


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    fake.channels.update({"CMEMBER": "member", "CARCHIVED": "archived"})
    async with serve_slack(fake):
        yield fake
    assert fake.problems == []


def poster_for(slack: FakeSlackApi) -> SlackAlertPoster:
    pace = SleepRecorder()
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    return SlackAlertPoster(client, monotonic=pace.monotonic, sleep=pace.sleep)


async def test_a_post_and_a_reply_are_found_again_by_their_key(slack: FakeSlackApi) -> None:
    poster = poster_for(slack)
    since = datetime.now(UTC)
    parent = await poster.post("CMEMBER", make_message("alert"), key="CMEMBER/send-1/failed")
    reply = await poster.post(
        "CMEMBER", make_message("follow-up"), key="CMEMBER/send-1/finished", thread_ts=parent
    )
    first, second = slack.calls_to("chat.postMessage")
    assert first.args["metadata"]["event_type"] == ALERT_EVENT
    assert second.args["thread_ts"] == parent
    assert await poster.find_posted("CMEMBER", "CMEMBER/send-1/failed", since) == parent
    assert (
        await poster.find_posted("CMEMBER", "CMEMBER/send-1/finished", since, thread_ts=parent)
        == reply
    )
    # A reply is not in the channel's history, nor a message from before the claim.
    assert await poster.find_posted("CMEMBER", "CMEMBER/send-1/finished", since) is None
    later = since + timedelta(hours=1)
    assert await poster.find_posted("CMEMBER", "CMEMBER/send-1/failed", later) is None


async def test_an_update_replaces_the_message(slack: FakeSlackApi) -> None:
    poster = poster_for(slack)
    ts = await poster.post("CMEMBER", make_message("before"), key="k")
    await poster.update("CMEMBER", ts, make_message("after"))
    [call] = slack.calls_to("chat.update")
    assert (call.args["ts"], call.args["text"]) == (ts, "after")


async def test_refusals_say_what_they_are(slack: FakeSlackApi) -> None:
    poster = poster_for(slack)
    with pytest.raises(PostError) as archived:
        await poster.post("CARCHIVED", make_message(), key="k")
    assert archived.value.permanent and archived.value.channel_problem
    slack.fail_next("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "30"})
    with pytest.raises(PostError) as limited:
        await poster.post("CMEMBER", make_message(), key="k")
    assert not limited.value.permanent and limited.value.retry_after == 30.0
    slack.fail_with_html("chat.update")
    with pytest.raises(PostError) as broken:
        await poster.update("CMEMBER", "1.000100", make_message())
    assert not broken.value.permanent and broken.value.maybe_posted
