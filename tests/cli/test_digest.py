"""`bulksends digest` as a newcomer runs it: real command, exit codes, exact output shape."""

from __future__ import annotations

import asyncio
import io
import json

import pytest

from bot.cli.common import Console, ExitCode
from bot.cli.digest import DigestRequest, make_digest
from bot.message.charts import BLOCK_TYPE as CHART
from bot.message.tables import BLOCK_TYPE as TABLE
from tests.cli.run import Ran, bulksends
from tests.factories import BLACK_FRIDAY_NINE
from tests.fakes.silent import silent_server
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import ARCHIVED, MEMBER, PRIVATE

#: --now: Black Friday, 9:00 in Buenos Aires, when the morning digests are due.
NINE = BLACK_FRIDAY_NINE.isoformat()


def run(*argv: str) -> tuple[int, str, str]:
    """The command with no settings at all: demo data, no Slack."""
    ran = bulksends(*argv)
    return ran.code, ran.out, ran.err


def test_dry_run_prints_the_message_as_json_on_demo_data() -> None:
    code, out, err = run("digest", "--dry-run", "--now", NINE, "--language", "en")
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
    assert "(hora de Madrid)" in out
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
    argv = ("digest", "--dry-run", "--now", "2026-11-27T01:00:00", "--language", "en")
    code, out, _ = run(*argv, "--tz", "America/Argentina/Buenos_Aires")
    assert code == 0 and json.loads(out)["text"].startswith("Yesterday, Nov 26, 2026:")


def test_now_outside_2000_to_2100_is_refused() -> None:
    code, out, err = run("digest", "--dry-run", "--now", "1999-12-31T00:00:00Z")
    assert code == 2 and out == ""
    assert "between the years 2000 and 2100" in err


def slack_env(slack: FakeSlackApi, **more: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": slack.bot_token, "SLACK_API_URL": slack.api_url, **more}


async def post(*argv: str, env: dict[str, str]) -> Ran:
    """The command in a thread of its own (it runs its own event loop), the fake Slack
    served meanwhile by this test's."""
    return await asyncio.to_thread(bulksends, "digest", "--now", NINE, *argv, env=env)


async def test_posting_goes_again_at_once_without_the_blocks_slack_refused(
    slack: FakeSlackApi,
) -> None:
    slack.refused_kinds.update({TABLE, CHART})
    ran = await post("--channel", MEMBER, "--language", "en", env=slack_env(slack))
    assert ran.code == 0
    assert ran.out.startswith(f"Posted the digest to {MEMBER} (ts ")
    # Slack names the first block it refuses: the chart, then the table; the log says so.
    assert ran.err.count("Slack refused") == 2 and "Could not" not in ran.err
    *refused, plain = slack.calls_to("chat.postMessage")
    assert len(refused) == 2 and len(slack.refusals) == 2
    assert not {block["type"] for block in plain.args["blocks"]} & {TABLE, CHART}
    assert plain.args["text"].startswith("Yesterday, Nov 26, 2026:")


@pytest.mark.parametrize(
    ("channel", "code", "why"),
    [
        (PRIVATE, "channel_not_found", "the channel is gone, or it is private and I'm not in it."),
        (ARCHIVED, "is_archived", "the channel is archived."),
    ],
)
async def test_a_channel_slack_refuses_exits_4_saying_what_to_do(
    slack: FakeSlackApi, channel: str, code: str, why: str
) -> None:
    ran = await post("--channel", channel, env=slack_env(slack))
    assert (ran.code, ran.out) == (4, "")
    assert ran.err == (
        f"Could not post the digest to {channel}: {why} Invite the app there with "
        f"/invite @bulksends, or pick another channel. ({code})\n"
    )


async def test_a_revoked_token_is_said_in_the_consoles_language(slack: FakeSlackApi) -> None:
    env = slack_env(slack, SLACK_BOT_TOKEN="xoxb-revoked-long-ago")
    ran = await post("--channel", MEMBER, "--lang", "es", env=env)
    assert ran.code == 4
    assert ran.err.startswith(f"No se pudo publicar el resumen en {MEMBER}: ")
    assert ran.err.endswith("(invalid_auth)\n")


async def test_a_slack_that_never_answers_ends_within_the_timeout() -> None:
    out, err = io.StringIO(), io.StringIO()
    async with silent_server() as hanging:
        env = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_API_URL": hanging}
        request = DigestRequest(MEMBER, BLACK_FRIDAY_NINE, None, None, "en")
        # aiohttp's own default would wait 5 minutes for an answer that never comes.
        code = await asyncio.wait_for(
            make_digest(request, Console(out, err, env, None), slack_timeout=0.2), 10
        )
    assert code == ExitCode.SLACK and out.getvalue() == ""
    assert err.getvalue() == (
        f"Could not post the digest to {MEMBER}: Slack didn't answer in time; try again in a "
        "few minutes. (timeout)\n"
    )


def test_the_digest_speaks_the_companys_language_unless_told_and_lang_is_the_consoles() -> None:
    company = json.loads(run("digest", "--dry-run", "--now", NINE)[1])
    assert company["text"].startswith("Ayer, 26 nov 2026:")  # the demo company writes in Spanish
    told = json.loads(run("digest", "--dry-run", "--now", NINE, "--language", "pt")[1])
    assert told["text"].startswith("Ontem, 26 de nov. de 2026:")
    console_only = run("digest", "--dry-run", "--now", NINE, "--lang", "en")[1]
    assert json.loads(console_only) == company
    code, _, err = run("digest", "--dry-run", "--now", "someday", "--lang", "pt")
    assert code == 2 and "--now" in err and "must" not in err  # the error is in Portuguese


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


@pytest.mark.parametrize(
    ("day", "lang", "words"),
    [
        ("2026-11-27", "en", "--date 2026-11-27 is not over yet in America/Argentina/Buenos_Aires"),
        ("2027-01-01", "es", "--date 2027-01-01 todavía no terminó en"),
        ("2027-01-01", "pt", "--date 2027-01-01 ainda não terminou em"),
    ],
)
def test_a_day_not_over_yet_is_refused_in_words(day: str, lang: str, words: str) -> None:
    """Today (Black Friday's morning) or a later day would be numbers still growing
    shown as a whole day's: refused, naming the last whole day."""
    code, out, err = run(
        "--lang",
        lang,
        "digest",
        "--dry-run",
        "--now",
        NINE,
        "--date",
        day,
        "--tz",
        "America/Argentina/Buenos_Aires",
    )
    assert (code, out) == (2, "")
    assert words in err
    assert "2026-11-26" in err
    assert "Traceback" not in err
