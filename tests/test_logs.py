"""The app's log lines: JSON, no secrets, and nothing quoted from Slack's requests."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import configure_logging
from bot.settings import Secret
from bot.slack.http import UNSIGNED
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import slash_command
from tests.slack.harness import MINDO_KEY, SIGNING_SECRET, running_app


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """Logging as ``bulksends run`` sets it up, at DEBUG, restored afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging("DEBUG", [Secret(SIGNING_SECRET), Secret(MINDO_KEY)], stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


async def test_a_refused_signature_is_logged_without_quoting_the_request(
    slack: FakeSlackApi, output: io.StringIO
) -> None:
    async with running_app(slack) as app:  # built after logging is set up, as in `run`
        url = app.slack.response_url()
        request = slash_command("failed secretword", user="UX", channel="C1", response_url=url)
        status, _ = await app.send(request, secret="not-the-signing-secret")
        assert status == 401
        answer = await app.answer(await app.command("failed last week"))
        assert "Failed" in answer["text"]
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    refused = [line for line in lines if line["message"].startswith(UNSIGNED.split(":")[0])]
    assert len(refused) == 1 and refused[0]["level"] == "warning"
    assert refused[0]["message"].endswith("(check SLACK_SIGNING_SECRET)")
    text = output.getvalue()
    assert "secretword" not in text and "/response/" not in text
    assert "verification" not in text and slack.bot_token not in text
    assert not [line for line in lines if line["logger"].startswith("slack_bolt")][1:]
    assert any(line["message"] == "command answered" for line in lines)
    assert not [line for line in lines if line["logger"].startswith(("httpx", "httpcore"))]
