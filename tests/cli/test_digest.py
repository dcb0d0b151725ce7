"""`bulksends digest` as a newcomer runs it: real command, exit codes, exact output shape."""

from __future__ import annotations

import io
import json

import pytest

from tests.cli.run import bulksends
from tests.factories import BLACK_FRIDAY_NINE

#: --now: Black Friday, 9:00 in Buenos Aires, when the morning digests are due.
NINE = BLACK_FRIDAY_NINE.isoformat()


def run(*argv: str) -> tuple[int, str, str]:
    """The command with no settings at all: demo data, no Slack."""
    ran = bulksends(*argv)
    return ran.code, ran.out, ran.err


def test_dry_run_prints_the_message_as_json_on_demo_data() -> None:
    code, out, err = run("digest", "--dry-run", "--now", NINE)
    assert (code, err) == (0, "")
    message = json.loads(out)
    assert set(message) == {"text", "blocks"}
    assert message["text"].startswith("Yesterday, Nov 26, 2026:")
    assert message["blocks"][0]["text"]["text"] == f"*{message['text'].splitlines()[0]}*"
    assert "📬 Daily digest · bulk sends created on Nov 26, 2026" in out
    assert "Demo data" in out
    assert len(message["blocks"]) <= 50


def test_date_tz_and_language_are_honoured_and_reproducible() -> None:
    argv = (
        "digest",
        "--dry-run",
        "--now",
        NINE,
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
    assert message["text"].startswith("20 nov 2026: ")
    assert "(Europe/Madrid)" in out
    assert run(*argv)[1] == out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("digest", "--dry-run", "--date", "2026-13-01"), "--date must be YYYY-MM-DD"),
        (("digest", "--dry-run", "--tz", "Mars/Base"), "--tz must be an IANA time zone"),
        (("digest", "--dry-run", "--now", "yesterday"), "--now must be an ISO 8601"),
        (("digest", "--channel", "C123"), "SLACK_BOT_TOKEN is not set"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(argv: tuple[str, ...], needle: str) -> None:
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert needle in err and err.count("\n") == 1


def test_dry_run_or_channel_is_required() -> None:
    code, out, err = run("digest")
    assert (code, out) == (2, "")
    assert "--dry-run" in err and "--channel" in err


def test_now_without_an_offset_is_read_in_tz() -> None:
    # 01:00 in Buenos Aires is Nov 27 there (yesterday: Nov 26); read as UTC it would be
    # Nov 26 22:00 there, and the digest would be Nov 25's.
    argv = ("digest", "--dry-run", "--now", "2026-11-27T01:00:00")
    code, out, _ = run(*argv, "--tz", "America/Argentina/Buenos_Aires")
    assert code == 0 and json.loads(out)["text"].startswith("Yesterday, Nov 26, 2026:")


def test_now_outside_2000_to_2100_is_refused() -> None:
    code, out, err = run("digest", "--dry-run", "--now", "1999-12-31T00:00:00Z")
    assert code == 2 and out == ""
    assert "between the years 2000 and 2100" in err


async def test_a_slack_refusal_exits_4_not_the_internal_error_1() -> None:
    from bot.cli.common import Console, ExitCode
    from bot.cli.digest import _post
    from bot.digest.poster import PostError
    from bot.message.slack import SlackMessage

    class Refusing:
        async def post(self, channel: str, message: object, *, key: str) -> str:
            raise PostError("channel_not_found", permanent=True)

    out, err = io.StringIO(), io.StringIO()
    console = Console(out, err, {}, None)
    message = SlackMessage(text="hello", blocks=())
    code = await _post(Refusing(), "C1", lambda _: message, console)  # type: ignore[arg-type]
    assert code == ExitCode.SLACK
    assert int(code) == 4
    assert "channel_not_found" in err.getvalue()
    assert "/invite @bulksends" in err.getvalue()  # what to do, not only Slack's code


def test_the_posting_client_is_the_apps_own_making_one_request_per_post() -> None:
    from bot.digest.poster import SlackDigestPoster
    from bot.settings import load_slack_settings
    from bot.slack.app import build_web_client

    env = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_API_URL": "http://127.0.0.1:9/api"}
    client = SlackDigestPoster(
        build_web_client(load_slack_settings(env, web_api_only=True))
    )._client
    assert client.base_url == "http://127.0.0.1:9/api/"
    assert client.token == "xoxb-1-2-abc"
    # No retries inside the client: the runner checks its claim before each attempt.
    assert client.retry_handlers == []
