"""``bulksends digest``: print a digest as Slack JSON, or post it to a channel now.

Works with no configuration (the demo data when MINDO_API_KEY is unset), so
``bulksends digest --dry-run`` shows what a digest looks like. Posting with
``--channel`` is a one-off: it is not recorded as the day's digest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import date, datetime
from typing import Any, TextIO

from bot.settings import ConfigError, check_timezone, default_timezone

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_MINDO = 3
#: Not 1: that is the CLI's "something went wrong on our side".
EXIT_SLACK = 4


def add_commands(commands: Any) -> None:
    """Add ``digest`` to the CLI's sub-parsers."""
    digest = commands.add_parser(
        "digest",
        help="print the daily digest as Slack JSON (--dry-run) or post it (--channel)",
        description="Build the daily digest (yesterday's bulk sends, compared with the day "
        "before and the previous 7 days) and print it as Slack JSON, or post it to a channel "
        "now. Without MINDO_API_KEY it uses the demo data.",
    )
    action = digest.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--dry-run", action="store_true", help='print the message as JSON ({"text", "blocks"})'
    )
    action.add_argument(
        "--channel",
        metavar="CHANNEL_ID",
        help="post it to this channel now (needs SLACK_BOT_TOKEN; not counted as the day's digest)",
    )
    digest.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the day to report on (default: yesterday)"
    )
    digest.add_argument(
        "--tz",
        metavar="IANA",
        help="the digest's time zone (default: BULKSENDS_TZ, then the company's, then UTC)",
    )
    digest.add_argument(
        "--now",
        metavar="ISO8601",
        help="pretend it is this time (reproducible output; without an offset, in --tz, else UTC)",
    )
    digest.add_argument("--language", choices=("en", "es", "pt"), default="en", help="default: en")
    digest.set_defaults(handler=cmd_digest)


def cmd_digest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.cli import parse_now

    tz = check_timezone("--tz", args.tz) if args.tz else default_timezone()
    now = parse_now(args.now, tz)()
    day = _date(args.date)
    return asyncio.run(_digest(args, now, tz, day, out, err))


async def _digest(
    args: argparse.Namespace,
    now: datetime,
    tz: str | None,
    day: date | None,
    out: TextIO,
    err: TextIO,
) -> int:
    from bot.digest.runner import build_now
    from bot.message.digest_replies import report_day
    from bot.mindo.errors import MindoError
    from bot.service.digest import MindoDigestSource
    from bot.settings import load_mindo_settings
    from bot.wiring import make_mindo_client

    settings = load_mindo_settings()
    poster = _poster() if args.channel else None
    async with make_mindo_client(settings, lambda: now) as client:
        try:
            zone = tz or await _company_timezone(client)
            message = await build_now(
                MindoDigestSource(client),
                timezone=zone,
                report_date=day or report_day(now, zone),
                language=args.language,
                demo=settings.demo,
                now=now,
            )
        except MindoError as error:
            err.write(error.user_message + "\n")
            return EXIT_MINDO
    if poster is None:
        out.write(json.dumps(message.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    return await _post(poster, args.channel, message, out, err)


async def _company_timezone(client: Any) -> str:
    """The company's zone, like ``ask``: UTC when Mindo cannot say or names no IANA zone."""
    from bot.mindo.errors import MindoError
    from bot.timezones import find_zone

    try:
        info = await client.get_business_info()
    except MindoError:
        return "UTC"
    return (find_zone(info.timezone) if info.timezone else None) or "UTC"


async def _post(poster: Any, channel: str, message: Any, out: TextIO, err: TextIO) -> int:
    from bot.digest.poster import PostError

    try:
        ts = await poster.post(channel, message, key=f"manual/{channel}")
    except PostError as error:
        err.write(f"Slack refused the digest for {channel}: {_why(error.code)}\n")
        return EXIT_SLACK
    out.write(f"Posted the digest to {channel} (ts {ts}).\n")
    return EXIT_OK


_ADVICE = {
    "invalid_auth": "SLACK_BOT_TOKEN was not accepted; copy the Bot User OAuth Token again.",
    "not_authed": "SLACK_BOT_TOKEN was not accepted; copy the Bot User OAuth Token again.",
    "token_revoked": "SLACK_BOT_TOKEN was revoked; reinstall the app and copy the new token.",
    "missing_scope": "the app lacks a permission; reinstall it from manifest.yml.",
}


def _why(code: str) -> str:
    """Slack's error code in plain words (the channel problems as the DM says them)."""
    from bot.digest.i18n import t

    if code in ("channel_not_found", "not_in_channel", "is_archived"):
        fix = "Invite the app there with /invite @bulksends, or pick another channel."
        return f"{t('en', code)} {fix} ({code})"
    return f"{_ADVICE.get(code, 'Slack said so; try again later.')} ({code})"


def _poster() -> Any:
    """The app's own Web API client (``build_web_client``), from the same settings."""
    from bot.digest.poster import SlackDigestPoster
    from bot.settings import load_slack_settings
    from bot.slack.app import build_web_client

    try:
        settings = load_slack_settings(web_api_only=True)
    except ConfigError as error:
        raise ConfigError(f"{error} To print the digest instead, use --dry-run.") from None
    return SlackDigestPoster(build_web_client(settings))


def _date(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ConfigError(f"--date must be YYYY-MM-DD like 2026-11-26, got {raw!r}.") from None
