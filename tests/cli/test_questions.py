"""The command-line contract, through the real command in a fresh process."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.cli.common import Console
from bot.cli.main import build_parser
from bot.demo.api import FakeMindoApi, serve
from bot.demo.data import build_demo_dataset

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-27T15:00:00Z"
KEY = "mindo_test_0123456789abcdef0123"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MINDO_", "SLACK_"))}
    clean.pop("BULKSENDS_TZ", None)
    clean["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_parse_prints_the_contract() -> None:
    result = run("parse", "failed or partial last week", "--now", NOW, "--tz", "Asia/Tokyo")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "statuses": ["PARTIAL", "FAILED"],
        "start": "2026-11-16",
        "end": "2026-11-22",
        "template": None,
        "timezone": "Asia/Tokyo",
        "default_range": False,
    }


def test_parse_without_quotes_and_default_range() -> None:
    result = run("parse", "order_confirmation_v2", "--now", NOW, "--tz", "UTC")
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert parsed["template"] == "order_confirmation_v2"
    assert (parsed["start"], parsed["end"], parsed["default_range"]) == (
        "2026-11-21",
        "2026-11-27",
        True,
    )


def test_parse_reads_bulksends_tz_when_no_flag() -> None:
    # 02:30 UTC on the 28th is still the 27th in Buenos Aires.
    result = run(
        "parse",
        "today",
        "--now",
        "2026-11-28T02:30:00Z",
        env={"BULKSENDS_TZ": "America/Argentina/Buenos_Aires"},
    )
    assert json.loads(result.stdout)["end"] == "2026-11-27"


def test_parse_unknown_words_exit_2_with_json() -> None:
    result = run("parse", "faild lsat wek", "--now", NOW)
    assert result.returncode == 2
    body = json.loads(result.stdout)
    assert set(body) == {"error", "unrecognized"}
    assert body["unrecognized"] == ["faild", "lsat", "wek"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("parse", "today", "--now", "yesterday-ish"), "--now"),
        (("parse", "today", "--tz", "Mars/Base"), "--tz"),
        (("ask", "today", "--tz", "Nowhere/City"), "--tz"),
    ],
)
def test_bad_flags_are_plain_words(args: tuple[str, ...], needle: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def _ask_json(*args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    result = run("ask", *args, "--now", NOW, "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_ask_json_on_demo_data_is_exact() -> None:
    data = _ask_json("last 30 days", "--tz", "America/Argentina/Buenos_Aires")
    assert set(data) == {"query", "totals", "by_status", "by_template", "bulk_sends"}
    zone = ZoneInfo("America/Argentina/Buenos_Aires")
    dataset = build_demo_dataset(datetime.fromisoformat(NOW))
    expected = [
        s
        for s in dataset.sends
        if date(2026, 10, 29) <= s.created_at.astimezone(zone).date() <= date(2026, 11, 27)
    ]
    sends = data["bulk_sends"]
    assert isinstance(sends, list)
    assert [s["id"] for s in sends] == [s.id for s in expected]
    totals = data["totals"]
    assert totals == {
        "bulk_sends": len(expected),
        "recipients": sum(s.total_recipients for s in expected),
        "sent": sum(s.sent_count for s in expected),
        "delivered": sum(s.delivered_count for s in expected),
        "read": sum(s.read_count for s in expected),
        "failed": sum(s.failed_count for s in expected),
        "pending": sum(s.pending_count for s in expected),
    }
    by_status = data["by_status"]
    assert isinstance(by_status, dict)
    assert sum(by_status.values()) == len(expected)
    assert sends[0] == expected[0].to_api()


def test_ask_uses_company_zone_without_tz() -> None:
    query = _ask_json("today")["query"]
    assert isinstance(query, dict)
    assert query["timezone"] == "America/Argentina/Buenos_Aires"


def test_ask_blocks_is_the_slack_message() -> None:
    result = run("ask", "failed last week", "--now", NOW, "--format", "blocks")
    assert result.returncode == 0, result.stderr
    message = json.loads(result.stdout)
    assert set(message) == {"text", "blocks"}
    assert message["text"]
    assert 0 < len(message["blocks"]) <= 50
    assert "demo" in result.stdout.lower()


def test_ask_text_is_a_readable_summary() -> None:
    result = run("ask", "failed last week", "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert "demo data" in result.stdout
    assert "last week" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert re.search(r"bulk sends\s+recipients", result.stdout)


def test_ask_help_in_the_users_language() -> None:
    result = run("ask", "ayuda", "--now", NOW)
    assert result.returncode == 0
    assert "fallidos" in result.stdout


@pytest.mark.parametrize(("lang", "word"), [("pt_BR.UTF-8", "Envios"), ("es_AR.UTF-8", "Envíos")])
def test_shared_spanish_portuguese_words_follow_the_terminal_language(lang: str, word: str) -> None:
    result = run(
        "ask", "esta semana", "--now", NOW, "--format", "blocks", env={"LANG": lang, "LC_ALL": ""}
    )
    assert result.returncode == 0, result.stderr
    assert word in json.loads(result.stdout)["blocks"][0]["text"]["text"]


def test_ask_unknown_words_exit_2_on_stderr() -> None:
    result = run("ask", "fialed yesterday", "--now", NOW)
    assert result.returncode == 2
    assert "fialed" in result.stderr
    assert "*" not in result.stderr and "`" not in result.stderr  # Slack marks, not for a terminal
    assert result.stdout == ""


@pytest.fixture()
def mindo_url() -> Iterator[str]:
    """A real local Mindo API on a loopback port, for the duration of one test."""
    api = FakeMindoApi(build_demo_dataset(datetime.fromisoformat(NOW)), api_key=KEY)
    ready: list[str] = []
    stop = asyncio.Event()

    async def main() -> None:
        async with serve(api) as url:
            ready.append(url)
            while not stop.is_set():
                await asyncio.sleep(0.02)

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not ready and time.monotonic() < deadline:
        time.sleep(0.01)
    yield ready[0]
    loop.call_soon_threadsafe(stop.set)
    thread.join(5)


def test_ask_a_real_server_with_a_key(mindo_url: str) -> None:
    env = {"MINDO_API_URL": mindo_url, "MINDO_API_KEY": KEY, "MINDO_PAGE_SIZE": "7"}
    data = _ask_json("last 30 days", "--tz", "UTC", env=env)
    demo = _ask_json("last 30 days", "--tz", "UTC")
    assert data["totals"] == demo["totals"]
    result = run("ask", "last 30 days", "--now", NOW, env=env)
    assert "demo data" not in result.stdout


def test_a_rejected_key_is_exit_3_and_never_echoed(mindo_url: str) -> None:
    wrong = "mindo_wrong_key_ffffffffffffffff"
    result = run(
        "ask", "failed", "--now", NOW, env={"MINDO_API_URL": mindo_url, "MINDO_API_KEY": wrong}
    )
    assert result.returncode == 3
    assert "key" in result.stderr.lower()
    assert wrong not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_mindo_down_is_exit_3() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"MINDO_API_URL": f"http://127.0.0.1:{port}", "MINDO_API_KEY": KEY}
    result = run("ask", "failed", "--now", NOW, "--tz", "UTC", env=env)
    assert result.returncode == 3
    assert f"Could not reach Mindo at 127.0.0.1:{port}" in result.stderr
    assert "MINDO_API_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_setting_names_the_variable() -> None:
    result = run("ask", "failed", env={"MINDO_API_URL": "api.mindo.com"})
    assert result.returncode == 2
    assert "MINDO_API_URL" in result.stderr


def test_demo_api_serves_on_a_port() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo-api", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
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
        process.wait(10)


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    parser = build_parser(Console(io.StringIO(), io.StringIO(), {}, None))
    subparsers = next(a for a in parser._actions if a.dest == "command")
    choices = getattr(subparsers, "choices", {})
    assert {"parse", "ask", "demo-api"} <= set(choices)
    for name, sub in choices.items():
        assert sub.description, name
        assert f"bulksends {name}" in readme, name


def test_now_without_offset_is_read_in_the_time_zone() -> None:
    result = run("parse", "today", "--now", "2026-11-27T23:30:00", "--tz", "UTC")
    assert json.loads(result.stdout)["end"] == "2026-11-27"
    tokyo = run("parse", "today", "--now", "2026-11-27T23:30:00", "--tz", "Asia/Tokyo")
    assert json.loads(tokyo.stdout)["end"] == "2026-11-27"
    offset = run("parse", "today", "--now", "2026-11-27T23:30:00z", "--tz", "Asia/Tokyo")
    assert json.loads(offset.stdout)["end"] == "2026-11-28"


def test_time_zone_names_in_any_case() -> None:
    result = run("parse", "today", "--now", NOW, "--tz", "europe/madrid")
    assert json.loads(result.stdout)["timezone"] == "Europe/Madrid"
    assert json.loads(run("parse", "today", "--tz", "utc").stdout)["timezone"] == "UTC"


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
def test_absurd_clocks_are_bad_input(now: str) -> None:
    for command in ("parse", "ask"):
        result = run(command, "today", "--now", now, "--tz", "Asia/Tokyo")
        assert result.returncode == 2, result.stderr
        assert "--now" in result.stderr


def test_bad_log_level_names_the_variable() -> None:
    result = run("ask", "failed", env={"BULKSENDS_LOG_LEVEL": "bogus"})
    assert result.returncode == 2
    assert "BULKSENDS_LOG_LEVEL" in result.stderr
    assert "Traceback" not in result.stderr
