"""SlackDigestPoster against the local fake Slack: posts, refusals, pacing, finding a post."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from bot.channel.posting import PostError
from bot.digest.poster import DIGEST_SCOPES, METADATA_EVENT, SlackDigestPoster
from tests.factories import SleepRecorder, make_message
from tests.fakes.slack_api import FakeSlackApi, serve_slack


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    fake.channels.update({"CMEMBER": "member", "GPRIVATE": "private", "CARCHIVED": "archived"})
    fake.channels["UBOSS"] = "member"  # a DM to a user id
    async with serve_slack(fake):
        yield fake
    assert fake.problems == []


def poster_for(slack: FakeSlackApi, pace: SleepRecorder) -> SlackDigestPoster:
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    return SlackDigestPoster(client, monotonic=pace.monotonic, sleep=pace.sleep)


async def test_posts_with_a_key_slack_can_show_later(slack: FakeSlackApi) -> None:
    poster = poster_for(slack, SleepRecorder())
    ts = await poster.post("CMEMBER", make_message(), key="CMEMBER/2026-11-27")
    assert ts.endswith(".000100")
    [call] = slack.calls_to("chat.postMessage")
    metadata = call.args["metadata"]
    if isinstance(metadata, str):
        import json

        metadata = json.loads(metadata)
    assert metadata == {
        "event_type": METADATA_EVENT,
        "event_payload": {"key": "CMEMBER/2026-11-27"},
    }
    assert call.args["text"] == "digest"


@pytest.mark.parametrize(
    ("channel", "code"), [("GPRIVATE", "channel_not_found"), ("CARCHIVED", "is_archived")]
)
async def test_channel_problems_are_permanent(slack: FakeSlackApi, channel: str, code: str) -> None:
    with pytest.raises(PostError) as caught:
        await poster_for(slack, SleepRecorder()).post(channel, make_message(), key="k")
    assert caught.value.code == code
    assert caught.value.permanent and caught.value.channel_problem
    assert not caught.value.maybe_posted


async def test_slack_trouble_is_worth_a_retry(slack: FakeSlackApi) -> None:
    slack.fail_next("chat.postMessage", "internal_error")
    with pytest.raises(PostError) as caught:
        await poster_for(slack, SleepRecorder()).post("CMEMBER", make_message(), key="k")
    assert caught.value.code == "internal_error" and not caught.value.permanent


async def test_posts_to_one_channel_are_a_second_apart(slack: FakeSlackApi) -> None:
    pace = SleepRecorder()
    poster = poster_for(slack, pace)
    await poster.post("CMEMBER", make_message(), key="a")
    await poster.notify("UBOSS", make_message())  # another conversation: no wait
    assert pace.delays == []
    pace.now += 0.25
    await poster.post("CMEMBER", make_message(), key="b")
    assert pace.delays == [pytest.approx(0.75)]


@pytest.fixture
async def history() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """conversations.history alone (the shared fake does not serve it)."""
    messages: list[dict[str, Any]] = []

    async def handle(request: web.Request) -> web.Response:
        if not messages:
            return web.json_response({"ok": False, "error": "missing_scope"})
        return web.json_response({"ok": True, "messages": messages})

    app = web.Application()
    app.router.add_route("*", "/api/conversations.history", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/api/", messages
    await runner.cleanup()


async def test_finds_an_earlier_post_by_its_key(history: tuple[str, list[dict[str, Any]]]) -> None:
    url, messages = history
    poster = SlackDigestPoster(AsyncWebClient(token="xoxb-test", base_url=url))
    since = datetime(2026, 11, 27, 12, tzinfo=UTC)
    assert await poster.find_posted("C1", "C1/2026-11-27", since) is None  # cannot tell
    messages += [
        {
            "ts": "1.1",
            "metadata": {"event_type": METADATA_EVENT, "event_payload": {"key": "other"}},
        },
        {"ts": "2.2", "text": "someone else"},
        {
            "ts": "3.3",
            "metadata": {"event_type": METADATA_EVENT, "event_payload": {"key": "C1/2026-11-27"}},
        },
    ]
    assert await poster.find_posted("C1", "C1/2026-11-27", since) == "3.3"
    assert await poster.find_posted("C1", "C1/2026-11-28", since) is None


def test_the_manifest_grants_what_the_digest_needs() -> None:
    """History scopes to find a crashed post; an escaped command instead of channels:read."""
    manifest = yaml.safe_load((Path(__file__).parents[2] / "manifest.yml").read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes >= DIGEST_SCOPES
    assert not scopes & {"channels:read", "groups:read"}
    (command,) = manifest["features"]["slash_commands"]
    assert command["should_escape"] is True
