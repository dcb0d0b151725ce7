"""The app as the composition root runs it: Socket Mode against the fake's WebSocket, HTTP,
features, shutdown, and plain words when it cannot start."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import httpx
import pytest
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import run_app
from bot.demo.api import FakeBehaviour, FakeMindoApi
from bot.demo.data import build_demo_dataset
from bot.message import actions
from bot.settings import AppSettings, ConfigError
from bot.slack.http import HEALTH_PATH, serve_http
from bot.slack.services import AppServices, CommandCall
from tests.factories import WEDNESDAY_LUNCHTIME
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import action_payload, command_payload, slash_command
from tests.slack.conftest import ENGLISH, MEMBER
from tests.slack.harness import (
    MINDO_KEY,
    SIGNING_SECRET,
    app_settings,
    buttons,
    clock,
    eventually,
    text_of,
)
from tests.slack.harness import running_app as harness_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def running(settings: AppSettings, **options: Any) -> AsyncIterator[asyncio.Event]:
    stop = asyncio.Event()
    options.setdefault("features", [])
    task = asyncio.create_task(
        run_app(settings, clock=clock, stop=stop, handle_signals=False, **options)
    )
    try:
        yield stop
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


async def test_socket_mode_acks_over_the_websocket_and_answers(slack: FakeSlackApi) -> None:
    async with running(app_settings(slack, mode="socket", demo=True)):
        await eventually(lambda: slack.socket_connections == 1)
        assert {call.auth for call in slack.calls_to("apps.connections.open")} == {"app"}
        url = slack.response_url()
        ack = await deliver(
            slack,
            "slash_commands",
            command_payload("last 30 days", user=ENGLISH, channel=MEMBER, response_url=url),
        )
        assert not ack.get("payload")  # acknowledged with nothing to show: the answer follows
        answer = await slack.wait_for_response(url)
        assert "Demo data" in text_of(answer)

        click_url = slack.response_url()
        next_page = buttons(answer)[actions.PAGE_NEXT][0]
        payload = action_payload(
            actions.PAGE_NEXT, next_page, user=ENGLISH, channel=MEMBER, response_url=click_url
        )
        assert "payload" not in await deliver(slack, "interactive", payload)
        assert "11–20 of" in text_of(await slack.wait_for_response(click_url))
    await eventually(lambda: slack.socket_connections == 0)


async def deliver(slack: FakeSlackApi, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Send an envelope over the app's WebSocket; returns the app's ack for it."""
    envelope_id = await slack.send_envelope(kind, payload)

    def acks() -> list[dict[str, Any]]:
        return [a for a in slack.socket_acks if a.get("envelope_id") == envelope_id]

    await slack.wait_for(lambda: bool(acks()))
    (ack,) = acks()
    return ack


async def test_http_mode_serves_slack_and_a_health_check_then_stops_cleanly(
    slack: FakeSlackApi,
) -> None:
    port = free_port()
    slow_mindo = FakeMindoApi(
        build_demo_dataset(WEDNESDAY_LUNCHTIME),
        api_key=MINDO_KEY,
        behaviour=FakeBehaviour(latency=0.3),
    )
    transport = httpx.MockTransport(slow_mindo.handle)
    app_url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:
        async with running(
            app_settings(slack),  # Mindo at mindo.invalid: only reached through the transport
            host="127.0.0.1",
            port=port,
            mindo_transport=transport,
        ) as stop:
            await eventually(lambda: slack.calls_to("auth.test") != [])
            async with _retrying(session, f"{app_url}{HEALTH_PATH}") as health:
                report = await health.json()
                assert (health.status, report["ok"], report["mindo"]["ok"]) == (200, True, True)
            url = slack.response_url()
            request = slash_command(
                "failed last week", user=ENGLISH, channel=MEMBER, response_url=url
            )
            async with session.post(
                f"{app_url}/slack/events",
                data=request.body,
                headers=request.headers(SIGNING_SECRET),
            ) as acked:
                assert acked.status == 200
            stop.set()  # while the answer is still on its way from a slow Mindo
        assert len(slack.posted_to(url)) == 1  # it was delivered before run_app returned
        with pytest.raises(aiohttp.ClientConnectionError):
            await session.get(f"{app_url}{HEALTH_PATH}")


@asynccontextmanager
async def _retrying(
    session: aiohttp.ClientSession, url: str
) -> AsyncIterator[aiohttp.ClientResponse]:
    for _ in range(200):
        try:
            response = await session.get(url)
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.02)
            continue
        async with response:
            yield response
        return
    raise AssertionError(f"{url} never answered")


async def test_features_plug_in_for_the_apps_lifetime(slack: FakeSlackApi) -> None:
    events: list[str] = []

    @asynccontextmanager
    async def feature(
        app: AsyncApp, services: AppServices, client: AsyncWebClient
    ) -> AsyncIterator[None]:
        async def hello(call: CommandCall) -> None:
            await call.ack(text="hello from a feature")

        services.subcommands.add(hello, "hello")
        events.append("started")
        yield
        events.append("stopped")

    async with running(app_settings(slack, mode="socket", demo=True), features=[feature]):
        await eventually(lambda: slack.socket_connections == 1)
        payload = command_payload(
            "hello", user=ENGLISH, channel=MEMBER, response_url=slack.response_url()
        )
        ack = await deliver(slack, "slash_commands", payload)
        assert events == ["started"]
        assert ack["payload"] == {"text": "hello from a feature"}
    assert events == ["started", "stopped"]


async def test_a_rejected_bot_token_stops_the_start_with_plain_words(slack: FakeSlackApi) -> None:
    wrong = app_settings(slack, mode="socket", demo=True, SLACK_BOT_TOKEN="xoxb-not-the-right-one")
    with pytest.raises(
        ConfigError, match="Slack rejected SLACK_BOT_TOKEN \\(invalid_auth\\)"
    ) as raised:
        await run_app(wrong, clock=clock, handle_signals=False, features=[])
    assert "xoxb-not-the-right-one" not in str(raised.value)
    assert slack.socket_connections == 0


async def test_a_rejected_app_token_stops_the_start_with_plain_words(slack: FakeSlackApi) -> None:
    wrong = app_settings(
        slack, mode="socket", demo=True, SLACK_APP_TOKEN="xapp-1-not-the-right-one"
    )
    with pytest.raises(ConfigError, match="Slack rejected SLACK_APP_TOKEN \\(invalid_auth\\)"):
        await run_app(wrong, clock=clock, handle_signals=False, features=[])


async def test_slack_out_of_reach_at_start_is_said_plainly(slack: FakeSlackApi) -> None:
    nowhere = app_settings(slack, demo=True, SLACK_API_URL="http://127.0.0.1:9/api/")
    with pytest.raises(
        ConfigError, match=re.escape("Could not reach Slack at http://127.0.0.1:9/api/")
    ):
        await run_app(nowhere, clock=clock, handle_signals=False, features=[])


async def test_a_port_in_use_is_said_plainly() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = AsyncApp(
            client=AsyncWebClient(token="xoxb-unused"), request_verification_enabled=False
        )
        with pytest.raises(ConfigError, match=rf"127\.0\.0\.1:{port} .*--port"):
            async with serve_http(app, signing_secret="s", host="127.0.0.1", port=port):
                pass


@pytest.mark.parametrize(
    "change",
    [{"actions": []}, {"actions": {}}, {"user": "UENGLISH"}],
    ids=["actions-empty", "actions-object", "user-string"],
)
async def test_socket_mode_holds_payloads_to_the_same_schemas(
    slack: FakeSlackApi, caplog: pytest.LogCaptureFixture, change: dict[str, Any]
) -> None:
    async with running(app_settings(slack, mode="socket", demo=True)):
        await eventually(lambda: slack.socket_connections == 1)
        payload = action_payload(
            actions.PAGE_NEXT, "x", user=ENGLISH, channel=MEMBER, response_url=slack.response_url()
        )
        ack = await deliver(slack, "interactive", {**payload, **change})
    assert "payload" not in ack
    refused = [r for r in caplog.records if "Socket Mode payload that breaks" in r.getMessage()]
    assert len(refused) == 1
    assert not [r for r in caplog.records if r.levelname == "ERROR" or r.exc_info]


async def test_bolt_is_built_from_the_settings_alone_and_warns_of_nothing(
    slack: FakeSlackApi, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`bulksends run` has SLACK_BOT_TOKEN in its environment: Bolt, handed a client with
    that token, must not read it again and warn that it "will be unused"."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
    caplog.set_level(logging.INFO)
    async with harness_app(slack) as app:
        answer = await app.answer(await app.command("failed last week"))
        assert "Failed" in answer["text"]
    bolt = [r.getMessage() for r in caplog.records if r.name.startswith("slack_bolt")]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], bolt
    assert os.environ["SLACK_BOT_TOKEN"] == slack.bot_token  # hidden only while built
