"""``bulksends parse`` and ``ask``: the command-line contract, in-process through ``main``
(the real entry point as a process: tests/cli/test_processes.py)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import socket
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.api import FakeMindoApi, serve
from bot.demo.data import build_demo_dataset
from bot.domain.sends import Status
from bot.mindo.sends import bulk_send_to_api
from tests.cli.run import Ran, bulksends
from tests.factories import BLACK_FRIDAY_NOON, BUENOS_AIRES

ROOT = Path(__file__).resolve().parents[2]
#: --now for the questions below: Black Friday, noon in Buenos Aires.
NOON = BLACK_FRIDAY_NOON.isoformat()
KEY = "mindo_test_0123456789abcdef0123"


def run(*args: str, env: dict[str, str] | None = None) -> Ran:
    return bulksends(*args, env=env)


def test_parse_prints_the_contract() -> None:
    result = run("parse", "failed or partial last week", "--now", NOON, "--tz", "Asia/Tokyo")
    assert result.code == 0, result.err
    assert json.loads(result.out) == {
        "statuses": ["PARTIAL", "FAILED"],
        "start": "2026-11-16",
        "end": "2026-11-22",
        "template": None,
        "timezone": "Asia/Tokyo",
        "default_range": False,
        "metric": None,
        "group_by": None,
        "compare_to": None,
        "top": None,
        "phone_number": None,
        "send_id": None,
        "language": "en",
        "written_in": "en",
    }


def test_parse_prints_a_questions_shape() -> None:
    result = run(
        "parse", "top 3 templates by read rate this week vs last week", "--now", NOON, "--tz", "UTC"
    )
    assert result.code == 0, result.err
    parsed = json.loads(result.out)
    assert (parsed["metric"], parsed["group_by"], parsed["top"]) == (
        "read_rate",
        "template",
        {"n": 3, "order": "desc"},
    )
    assert parsed["compare_to"] == {"start": "2026-11-16", "end": "2026-11-22"}


def test_parse_without_quotes_and_default_range() -> None:
    result = run("parse", "order_confirmation_v2", "--now", NOON, "--tz", "UTC")
    assert result.code == 0, result.err
    parsed = json.loads(result.out)
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
        env={"BULKSENDS_TZ": BUENOS_AIRES},
    )
    assert json.loads(result.out)["end"] == "2026-11-27"


def test_parse_unknown_words_exit_2_with_json() -> None:
    result = run("parse", "faild lsat wek", "--now", NOON)
    assert result.code == 2
    body = json.loads(result.out)
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
    assert result.code == 2
    assert needle in result.err
    assert "Traceback" not in result.err


def _ask_json(*args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    result = run("ask", *args, "--now", NOON, "--format", "json", env=env)
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_ask_json_on_demo_data_is_exact() -> None:
    data = _ask_json("last 30 days", "--tz", BUENOS_AIRES)
    assert set(data) == {"query", "totals", "by_status", "by_template", "bulk_sends"}
    zone = ZoneInfo(BUENOS_AIRES)
    dataset = build_demo_dataset(BLACK_FRIDAY_NOON)
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
        "pending": sum(s.pending_count for s in expected if s.status is not Status.CANCELLED),
        "not_sent": sum(s.pending_count for s in expected if s.status is Status.CANCELLED),
    }
    by_status = data["by_status"]
    assert isinstance(by_status, dict)
    assert sum(by_status.values()) == len(expected)
    assert sends[0] == bulk_send_to_api(expected[0])


def test_ask_uses_company_zone_without_tz() -> None:
    query = _ask_json("today")["query"]
    assert isinstance(query, dict)
    assert query["timezone"] == BUENOS_AIRES


def test_ask_blocks_is_the_slack_message() -> None:
    result = run("ask", "failed last week", "--now", NOON, "--format", "blocks")
    assert result.code == 0, result.err
    message = json.loads(result.out)
    assert set(message) == {"text", "blocks"}
    assert message["text"]
    assert 0 < len(message["blocks"]) <= 50
    assert "demo" in result.out.lower()


def test_ask_text_is_a_readable_summary() -> None:
    result = run("ask", "failed last week", "--now", NOON)
    assert result.code == 0, result.err
    assert "demo data" in result.out
    assert "last week" in result.out
    assert "\x1b[" not in result.out  # not a terminal: no colour
    assert re.search(r"bulk sends\s+recipients", result.out)


def test_ask_help_in_the_users_language() -> None:
    result = run("ask", "ayuda", "--now", NOON)
    assert result.code == 0
    assert "fallidos" in result.out


@pytest.mark.parametrize(("lang", "word"), [("pt_BR.UTF-8", "Envios"), ("es_AR.UTF-8", "Envíos")])
def test_shared_spanish_portuguese_words_follow_the_terminal_language(lang: str, word: str) -> None:
    result = run(
        "ask", "esta semana", "--now", NOON, "--format", "blocks", env={"LANG": lang, "LC_ALL": ""}
    )
    assert result.code == 0, result.err
    assert word in json.loads(result.out)["blocks"][0]["text"]["text"]


@pytest.mark.parametrize("lang", ["fr_FR.UTF-8", "C", ""])
def test_a_question_of_no_language_is_answered_in_the_companys(lang: str) -> None:
    """No --lang, a terminal in none of our languages and words of none (a template's name):
    the company's language (the demo company writes most of its templates in Spanish)."""
    result = run("ask", "welcome_message", "--now", NOON, "--format", "json", env={"LANG": lang})
    assert result.code == 0, result.err
    assert json.loads(result.out)["query"]["language"] == "es"
    english = run("ask", "welcome_message", "--now", NOON, "--format", "json", "--lang", "en")
    assert json.loads(english.out)["query"]["language"] == "en"


def test_ask_unknown_words_exit_2_on_stderr() -> None:
    result = run("ask", "fialed yesterday", "--now", NOON)
    assert result.code == 2
    assert "fialed" in result.err
    assert "*" not in result.err and "`" not in result.err  # Slack marks, not for a terminal
    assert result.out == ""


@pytest.fixture
async def mindo_url() -> AsyncIterator[str]:
    """A real local Mindo API on a loopback port, for the duration of one test."""
    api = FakeMindoApi(build_demo_dataset(BLACK_FRIDAY_NOON), api_key=KEY)
    async with serve(api) as url:
        yield url


async def in_thread(*args: str, env: dict[str, str] | None = None) -> Ran:
    """The command runs its own event loop: beside this test's, which serves Mindo."""
    return await asyncio.to_thread(run, *args, env=env)


async def test_ask_a_real_server_with_a_key(mindo_url: str) -> None:
    env = {"MINDO_API_URL": mindo_url, "MINDO_API_KEY": KEY, "MINDO_PAGE_SIZE": "7"}
    served = await in_thread(
        "ask", "last 30 days", "--tz", "UTC", "--now", NOON, "--format", "json", env=env
    )
    assert served.code == 0, served.err
    data = json.loads(served.out)
    demo = await asyncio.to_thread(_ask_json, "last 30 days", "--tz", "UTC")
    assert data["totals"] == demo["totals"]
    result = await in_thread("ask", "last 30 days", "--now", NOON, env=env)
    assert result.code == 0, result.err
    assert "demo data" not in result.out


async def test_a_rejected_key_is_a_setting_to_fix_exit_2_and_never_echoed(mindo_url: str) -> None:
    wrong = "mindo_wrong_key_ffffffffffffffff"
    result = await in_thread(
        "ask", "failed", "--now", NOON, env={"MINDO_API_URL": mindo_url, "MINDO_API_KEY": wrong}
    )
    assert result.code == 2
    assert "key" in result.err.lower()
    assert wrong not in result.err + result.out
    assert "Traceback" not in result.err


def test_a_send_id_mindo_does_not_know_is_the_askers_mistake_exit_2() -> None:
    result = run("ask", "send 12345678-aaaa-bbbb-cccc-123456789012", "--format", "json")
    assert result.code == 2, result.err
    assert result.out == ""
    assert "no such bulk send" in result.err


def test_mindo_down_is_exit_3() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"MINDO_API_URL": f"http://127.0.0.1:{port}", "MINDO_API_KEY": KEY}
    result = run("ask", "failed", "--now", NOON, "--tz", "UTC", env=env)
    assert result.code == 3
    assert f"Could not reach Mindo at 127.0.0.1:{port}" in result.err
    assert "MINDO_API_URL" in result.err
    assert "Traceback" not in result.err


def test_json_on_stdout_and_one_friendly_line_on_stderr_when_mindo_is_down() -> None:
    """The company's zone and language, read beside the question, fail with it: the
    friendly line says it once, with no log lines of the same failure before it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"MINDO_API_URL": f"http://127.0.0.1:{port}", "MINDO_API_KEY": KEY}
    result = run("ask", "failed", "--now", NOON, "--format", "json", env=env)
    assert result.code == 3
    assert result.out == ""
    assert result.err.splitlines() == [
        f"Could not reach Mindo at 127.0.0.1:{port}. Check the network and MINDO_API_URL, "
        "then try again."
    ]


async def test_a_warning_goes_to_stderr_and_stdout_stays_one_json_document() -> None:
    dataset = build_demo_dataset(BLACK_FRIDAY_NOON)
    odd_zone = dataclasses.replace(dataset.business_info, timezone="GMT-3")
    api = FakeMindoApi(dataclasses.replace(dataset, business_info=odd_zone), api_key=KEY)
    async with serve(api) as url:
        env = {"MINDO_API_URL": url, "MINDO_API_KEY": KEY}
        result = await in_thread("ask", "failed", "--now", NOON, "--format", "json", env=env)
    assert result.code == 0, result.err
    assert json.loads(result.out)["query"]["timezone"] == "UTC"
    assert "is not an IANA zone" in result.err


def test_bad_setting_names_the_variable() -> None:
    result = run("ask", "failed", env={"MINDO_API_URL": "api.mindo.com"})
    assert result.code == 2
    assert "MINDO_API_URL" in result.err


def test_now_without_offset_is_read_in_the_time_zone() -> None:
    result = run("parse", "today", "--now", "2026-11-27T23:30:00", "--tz", "UTC")
    assert json.loads(result.out)["end"] == "2026-11-27"
    tokyo = run("parse", "today", "--now", "2026-11-27T23:30:00", "--tz", "Asia/Tokyo")
    assert json.loads(tokyo.out)["end"] == "2026-11-27"
    offset = run("parse", "today", "--now", "2026-11-27T23:30:00z", "--tz", "Asia/Tokyo")
    assert json.loads(offset.out)["end"] == "2026-11-28"


def test_time_zone_names_in_any_case() -> None:
    result = run("parse", "today", "--now", NOON, "--tz", "europe/madrid")
    assert json.loads(result.out)["timezone"] == "Europe/Madrid"
    assert json.loads(run("parse", "today", "--tz", "utc").out)["timezone"] == "UTC"


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
def test_absurd_clocks_are_bad_input(now: str) -> None:
    for command in ("parse", "ask"):
        result = run(command, "today", "--now", now, "--tz", "Asia/Tokyo")
        assert result.code == 2, result.err
        assert "--now" in result.err


def test_bad_log_level_names_the_variable() -> None:
    result = run("ask", "failed", env={"BULKSENDS_LOG_LEVEL": "bogus"})
    assert result.code == 2
    assert "BULKSENDS_LOG_LEVEL" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("port", ["0", "70000"])
def test_demo_api_refuses_a_port_that_cannot_be(port: str) -> None:
    ran = run("demo-api", "--port", port)
    assert (ran.code, ran.out) == (2, "")
    assert "--port must be between 1 and 65535" in ran.err


def test_demo_api_on_a_port_in_use_says_so() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = run("demo-api", "--port", str(port))
    assert ran.code == 2
    assert f"Could not listen on 127.0.0.1:{port}" in ran.err
    assert "Traceback" not in ran.err


def test_ask_json_adds_groups_exactly_per_the_contract() -> None:
    data = _ask_json("top 3 templates by failures last 30 days", "--tz", BUENOS_AIRES)
    assert set(data) == {"query", "totals", "by_status", "by_template", "bulk_sends", "groups"}
    zone = ZoneInfo(BUENOS_AIRES)
    dataset = build_demo_dataset(BLACK_FRIDAY_NOON)
    failed: dict[tuple[str, str], int] = {}
    for s in dataset.sends:
        if date(2026, 10, 29) <= s.created_at.astimezone(zone).date() <= date(2026, 11, 27):
            key = (s.template.name, s.template.language)
            failed[key] = failed.get(key, 0) + s.failed_count
    groups = data["groups"]
    assert isinstance(groups, list) and len(groups) == 3
    assert [set(g) for g in groups] == [{"key", "language", "totals", "rates"}] * 3
    assert set(groups[0]["rates"]) == {"delivery", "read", "failure"}
    ranked = sorted(failed.items(), key=lambda item: -item[1])[:3]
    assert [((g["key"], g["language"]), g["totals"]["failed"]) for g in groups] == ranked


def test_ask_json_periods_list_every_day_oldest_first() -> None:
    data = _ask_json("recipients per day last 14 days", "--tz", BUENOS_AIRES)
    groups = data["groups"]
    assert isinstance(groups, list)
    assert [g["key"] for g in groups] == [f"2026-11-{d:02d}" for d in range(14, 28)]
    assert all(set(g) == {"key", "totals", "rates"} for g in groups)
    totals = data["totals"]
    assert isinstance(totals, dict)
    assert sum(g["totals"]["recipients"] for g in groups) == totals["recipients"]


def test_ask_json_adds_the_comparison_exactly_per_the_contract() -> None:
    data = _ask_json("this week vs last week", "--tz", BUENOS_AIRES)
    comparison = data["comparison"]
    assert isinstance(comparison, dict)
    assert set(comparison) == {"start", "end", "totals", "rates"}
    assert (comparison["start"], comparison["end"]) == ("2026-11-16", "2026-11-22")
    zone = ZoneInfo(BUENOS_AIRES)
    dataset = build_demo_dataset(BLACK_FRIDAY_NOON)
    before = [
        s
        for s in dataset.sends
        if date(2026, 11, 16) <= s.created_at.astimezone(zone).date() <= date(2026, 11, 22)
    ]
    assert comparison["totals"]["bulk_sends"] == len(before)
    assert comparison["totals"]["failed"] == sum(s.failed_count for s in before)
    assert "groups" not in data


def test_ask_text_shapes_are_tables_and_a_trend_has_a_sparkline() -> None:
    ranked = run("ask", "top 3 templates by failures this month", "--now", NOON)
    assert ranked.code == 0, ranked.err
    first = ranked.out.splitlines()[0]
    assert first.startswith("Worst 3 templates this month by failed messages: ")
    assert re.search(r"#\s+Template\s+Failed messages", ranked.out)
    trend = run("ask", "delivery rate per day last 14 days", "--now", NOON)
    assert trend.code == 0, trend.err
    # A verdict first (the later days against the earlier), then the figures.
    assert re.match(r"(Getting better|Getting worse|Holding steady), comparing ", trend.out)
    assert ". Delivery rate per day in the last 14 days: " in trend.out.splitlines()[0]
    assert re.search(r"Delivery rate  [▁▂▃▄▅▆▇█ ]{14}  \d", trend.out)
    compared = run("ask", "esta semana contra la semana pasada", "--now", NOON, "--lang", "es")
    assert compared.code == 0, compared.err
    assert "Comparado con:" in compared.out
    assert re.search(r"Dato\s+Esta semana\s+La semana pasada\s+Cambio", compared.out)


@pytest.mark.parametrize(
    ("lang", "question", "day", "words"),
    [
        # Nov 15: no send failed, but messages failed inside 2 partial ones.
        ("en", "failed messages nov 15", "nov 15", "No failed bulk sends"),
        ("es", "mensajes fallidos 15 de noviembre", "nov 15", "No hay envíos masivos fallidos"),
        ("pt", "mensagens com falha 15 de novembro", "nov 15", "Não há envios em massa"),
        # Nov 18: two failed sends, and messages failed in another.
        ("en", "failed messages nov 18", "nov 18", "Failed bulk sends"),
    ],
)
def test_failed_messages_inside_other_sends_are_counted_not_answered_none(
    lang: str, question: str, day: str, words: str
) -> None:
    """ "failed messages yesterday" reads as failed sends; messages that failed inside
    partial or running sends are counted in the same sentence, never left as "none"."""
    everything = json.loads(run("ask", day, "--now", NOON, "--format", "json").out)
    elsewhere = [
        s for s in everything["bulk_sends"] if s["status"] != "FAILED" and s["failed_count"]
    ]
    failed = sum(s["failed_count"] for s in elsewhere)
    assert failed > 0
    said = run("--lang", lang, "ask", question, "--now", NOON).out.splitlines()[0]
    n = f"{failed:,}".replace(",", "." if lang != "en" else ",")
    counted = {
        "en": "messages failed in",
        "es": "mensajes fallaron en",
        "pt": "mensagens falharam em",
    }
    assert said.startswith(words), said
    assert f"{n} {counted[lang]}" in said
    assert f" {len(elsewhere)} " in said
