"""The real entry points as a person starts them, one process each: ``python -m bot ask``,
``demo-api`` serving on a port, and ``run --http`` until SIGTERM. Everything else about
the commands is tested in-process (tests/cli/run.py)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import httpx

from tests.app_process import until_listening
from tests.factories import BLACK_FRIDAY_NOON
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import slash_command
from tests.slack.conftest import ENGLISH, MEMBER
from tests.slack.harness import SIGNING_SECRET, text_of

ROOT = Path(__file__).resolve().parents[2]


def environment(**settings: str) -> dict[str, str]:
    """This machine's environment without any real Slack, Mindo or digest settings, plus
    ``settings`` (a process needs PATH and the like)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "MINDO_", "DIGEST_", "BULKSENDS_"))
    }
    return {**env, "NO_COLOR": "1", **settings}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_python_m_bot_answers_a_question_on_demo_data() -> None:
    now = BLACK_FRIDAY_NOON.isoformat()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "failed last week", "--now", now],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "demo data" in result.stdout and "last week" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour


def test_demo_api_serves_on_a_port() -> None:
    port = free_port()
    with subprocess.Popen(
        [sys.executable, "-m", "bot", "demo-api", "--port", str(port)],
        env=environment(),
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as process:
        try:
            assert process.stdout is not None
            banner = process.stdout.readline()
            key = re.search(r"X-API-Key: (\S+?)\)", banner)
            assert key, banner
            url = f"http://127.0.0.1:{port}/api/v1/meta-templates/bulk-sends/?page_size=5"
            deadline = time.monotonic() + 15
            while True:
                try:
                    response = httpx.get(url, headers={"X-API-Key": key.group(1)})
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
            assert response.status_code == 200
            assert len(response.json()["results"]) == 5
            assert httpx.get(url).status_code == 401
        finally:
            process.terminate()


async def test_run_serves_http_until_sigterm_then_stops_cleanly(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    env = environment(
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        BULKSENDS_DB=str(tmp_path / "bulksends.db"),
        BULKSENDS_LOG_LEVEL="INFO",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--http",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--demo",
        env=env,
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    try:
        lines = await until_listening(process)
        url = lines[-1]["url"]
        assert lines[-1]["mode"] == "http" and lines[-1]["demo"] is True
        response_url = slack.response_url()
        request = slash_command(
            "failed last week", user=ENGLISH, channel=MEMBER, response_url=response_url
        )
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{url}/healthz") as health:
                assert health.status == 200
            async with session.post(
                f"{url}/slack/events", data=request.body, headers=request.headers(SIGNING_SECRET)
            ) as ack:
                assert ack.status == 200
        assert "Demo data" in text_of(await slack.wait_for_response(response_url))
    finally:
        process.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    lines += [json.loads(line) for line in rest.decode().splitlines()]
    messages = [line["message"] for line in lines]
    assert messages[-1] == "stopped"
    assert "stopping: finishing answers under way" in messages
    assert any(line["message"] == "command answered" for line in lines)
    everything = json.dumps(lines)
    assert slack.bot_token not in everything and SIGNING_SECRET not in everything
