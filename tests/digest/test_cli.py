"""`bulksends digest` as a newcomer runs it: real command, exit codes, exact output shape."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli import main

NOW = "2026-11-27T12:00:00Z"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MINDO_API_KEY", "BULKSENDS_TZ", "SLACK_BOT_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)


def test_dry_run_prints_the_message_as_json_on_demo_data() -> None:
    code, out, err = run("digest", "--dry-run", "--now", NOW)
    assert (code, err) == (0, "")
    message = json.loads(out)
    assert set(message) == {"text", "blocks"}
    assert message["text"].startswith("Daily digest for Nov 26, 2026:")
    assert message["blocks"][0]["text"]["text"] == "📬 Daily digest · Nov 26, 2026"
    assert "Demo data" in out
    assert len(message["blocks"]) <= 50


def test_date_tz_and_language_are_honoured_and_reproducible() -> None:
    argv = (
        "digest",
        "--dry-run",
        "--now",
        NOW,
        "--date",
        "2026-11-20",
        "--tz",
        "Europe/Madrid",
        "--language",
        "es",
    )
    code, out, _ = run(*argv)
    assert code == 0
    message = json.loads(out)
    assert message["text"].startswith("Resumen diario del 20 nov 2026:")
    assert "(Europe/Madrid)" in out
    assert run(*argv)[1] == out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("digest", "--dry-run", "--date", "2026-13-01"), "--date must be YYYY-MM-DD"),
        (("digest", "--dry-run", "--tz", "Mars/Base"), "--tz must be an IANA time zone"),
        (("digest", "--dry-run", "--now", "yesterday"), "--now must be ISO 8601"),
        (("digest", "--channel", "C123"), "SLACK_BOT_TOKEN must be"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(argv: tuple[str, ...], needle: str) -> None:
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert needle in err and err.count("\n") == 1


def test_dry_run_or_channel_is_required() -> None:
    with pytest.raises(SystemExit) as caught:
        run("digest")
    assert caught.value.code == 2
