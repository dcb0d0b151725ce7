"""A self-hosted app (one workspace, tokens in the environment) is the same app as before
distribution: no install pages, no connect prompt, and Slack's word that it was removed is
acknowledged and logged, with nothing to forget."""

from __future__ import annotations

import logging

import pytest

from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import event
from tests.slack.harness import running_app, text_of


async def test_one_workspace_answers_without_any_connecting(slack: FakeSlackApi) -> None:
    async with running_app(slack) as app:
        reply = await app.command("failed last week")
        assert reply.status == 200
        answer = await app.answer(reply)
        assert "Connect Mindo" not in text_of(answer) and "bulk sends" in answer["text"]
        async with app.session.get(app.url + "/slack/install") as page:
            assert page.status == 404


async def test_being_uninstalled_is_acknowledged_and_logged(
    slack: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with running_app(slack) as app:
        status, _ = await app.send(event({"type": "app_uninstalled", "event_ts": "1"}))
        assert status == 200
    assert "the app was uninstalled: SLACK_BOT_TOKEN no longer works" in caplog.text
