"""Slack answering with an HTML error page (HTTP 500) on every path that reads its errors,
and a Web API call that never answers: the user is told, nothing crashes in the error path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.message import actions
from bot.settings import ConfigError
from bot.slack.app import retry_handlers
from bot.slack.auth import verify_bot_token
from bot.slack.users import UNKNOWN_USER, UserDirectory
from bot.slack.web_api import is_transient, slack_error_code, web_api_session
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import ENGLISH
from tests.slack.harness import Harness, buttons, running_app, text_of

#: How many HTTP answers one failed call takes: slack-sdk's retry handlers try a 5xx twice
#: more, except when a body claiming to be JSON is not, which it raises at once.
CONTENT_TYPES = [("text/plain", 3), ("application/json", 1)]


@pytest.fixture
async def app(slack: FakeSlackApi) -> AsyncIterator[Harness]:
    async with running_app(slack) as harness:
        yield harness


def _response(data: Any, status: int = 500) -> AsyncSlackResponse:
    client = AsyncWebClient(token="xoxb-x")
    return AsyncSlackResponse(
        client=client,
        http_verb="POST",
        api_url="https://slack.invalid/api/x",
        req_args={},
        data=data,
        headers={},
        status_code=status,
    )


def _client(slack: FakeSlackApi) -> AsyncWebClient:
    """As the app builds it: with the app's retry handlers."""
    return AsyncWebClient(
        token=slack.bot_token, base_url=slack.api_url, retry_handlers=retry_handlers()
    )


class _RawResponse:
    """What slack-sdk puts in a SlackApiError when the body claims JSON but is HTML."""

    status = 502


@pytest.mark.parametrize(
    ("response", "code"),
    [
        (_response({"ok": False, "error": "channel_not_found"}, 200), "channel_not_found"),
        (_response("<html>oops</html>"), "http_500"),
        (_response({"ok": False, "error": 42}), "http_500"),
        (_response({"ok": False, "error": "x" * 500}), "http_500"),
        (_RawResponse(), "http_502"),
        (None, "SlackApiError"),
    ],
    ids=["slack-json", "html-text", "code-not-text", "code-too-long", "raw", "none"],
)
def test_every_slack_error_is_read_without_raising(response: Any, code: str) -> None:
    assert slack_error_code(SlackApiError("refused", response)) == code  # type: ignore[no-untyped-call]


def test_http_429_and_5xx_are_worth_trying_again_other_refusals_not() -> None:
    assert is_transient("ratelimited") and is_transient("http_500") and is_transient("http_429")
    assert not is_transient("channel_not_found") and not is_transient("http_404")
    assert not is_transient("http_")


@pytest.mark.parametrize(("content_type", "calls"), CONTENT_TYPES)
async def test_a_share_slack_fails_with_an_html_page_is_told_to_the_user(
    app: Harness, content_type: str, calls: int
) -> None:
    answer = await app.answer(await app.command("failed last week"))
    app.slack.fail_with_html("chat.postMessage", times=calls, content_type=content_type)
    told = await app.answer(await app.click(actions.SHARE, buttons(answer)[actions.SHARE][0]))
    assert "Slack didn't accept my answer" in text_of(told)


@pytest.mark.parametrize(("content_type", "calls"), CONTENT_TYPES[1:])  # the quick one
async def test_a_home_tab_slack_fails_with_an_html_page_gets_the_error_view(
    app: Harness, content_type: str, calls: int
) -> None:
    app.slack.fail_with_html("views.publish", times=calls, content_type=content_type)
    assert await app.open_home(ENGLISH) == 200
    wanted = calls + 1
    await app.slack.wait_for(lambda: len(app.slack.calls_to("views.publish")) == wanted)
    shown = app.slack.calls_to("views.publish")[-1].args["view"]
    assert "Slack didn't accept my answer" in text_of(shown)


@pytest.mark.parametrize(("content_type", "calls"), CONTENT_TYPES[1:])  # the quick one
async def test_a_failed_users_info_with_an_html_page_is_remembered(
    slack: FakeSlackApi, content_type: str, calls: int
) -> None:
    slack.fail_with_html("users.info", times=calls, content_type=content_type)
    directory = UserDirectory(_client(slack))
    assert await directory.profile(ENGLISH) == UNKNOWN_USER
    assert await directory.profile(ENGLISH) == UNKNOWN_USER
    assert len(slack.calls_to("users.info")) == calls


@pytest.mark.parametrize(("content_type", "calls"), CONTENT_TYPES[1:])  # the quick one
async def test_auth_test_failing_with_an_html_page_is_said_plainly(
    slack: FakeSlackApi, content_type: str, calls: int
) -> None:
    slack.fail_with_html("auth.test", times=calls, content_type=content_type)
    client = _client(slack)
    with pytest.raises(ConfigError) as raised:
        await verify_bot_token(client)
    assert str(raised.value) == (
        "Slack is not answering properly right now (http_500), so SLACK_BOT_TOKEN could not "
        "be checked; try again in a few minutes."
    )


async def test_the_shared_session_ends_a_call_that_never_answers(slack: FakeSlackApi) -> None:
    slack.delays["chat.postMessage"] = 5.0
    async with web_api_session(timeout=0.3) as session:
        client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url, session=session)
        with pytest.raises((TimeoutError, aiohttp.ServerTimeoutError)):
            await client.chat_postMessage(channel="CMEMBER", text="hello")


async def test_the_shared_session_has_slack_sdks_own_timeout() -> None:
    async with web_api_session() as session:
        assert session.timeout.total == 30.0
