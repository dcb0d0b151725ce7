"""``bulksends digest``: print a digest as Slack JSON, or post it to a channel now.

Works with no configuration (the demo data when MINDO_API_KEY is unset), so
``bulksends digest --dry-run`` shows what a digest looks like. Posting with
``--channel`` is a one-off: it is not recorded as the day's digest.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.app import open_account
from bot.cli.common import (
    Console,
    ExitCode,
    Subparsers,
    UsageError,
    explicit_timezone,
    mindo_error_text,
    parse_now,
)
from bot.locale.languages import LANGUAGES, Language
from bot.locale.translate import N_, Translator
from bot.mindo.errors import MindoError
from bot.settings import ConfigError, load_mindo_settings, load_slack_settings

if TYPE_CHECKING:  # the digest's modules load Slack's SDK and the store: imported when run
    from bot.digest.poster import SlackDigestPoster
    from bot.message.newer import Refused
    from bot.message.slack import SlackMessage


def add_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    digest = commands.add_parser(
        "digest",
        parents=[common],
        help=N_("print the daily digest as Slack JSON (--dry-run) or post it (--channel)"),
        description=N_(
            "Build the daily digest (yesterday's bulk sends, compared with the day before and "
            "the previous 7 days) and print it as Slack JSON, or post it to a channel now. "
            "Without MINDO_API_KEY it uses the demo data."
        ),
    )
    action = digest.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--dry-run", action="store_true", help=N_('print the message as JSON ({"text", "blocks"})')
    )
    action.add_argument(
        "--channel",
        metavar="CHANNEL_ID",
        help=N_(
            "post it to this channel now (needs SLACK_BOT_TOKEN; not counted as the day's digest)"
        ),
    )
    digest.add_argument(
        "--date", metavar="YYYY-MM-DD", help=N_("the day to report on (default: yesterday)")
    )
    digest.add_argument(
        "--tz",
        metavar="IANA",
        help=N_("the digest's time zone (default: BULKSENDS_TZ, then the company's, then UTC)"),
    )
    digest.add_argument(
        "--now",
        metavar="ISO8601",
        help=N_(
            "pretend it is this time (reproducible output; without an offset, in --tz, else UTC)"
        ),
    )
    digest.add_argument(
        "--language",
        choices=LANGUAGES,
        help=N_("the digest's language (default: --lang, else the terminal's, else en)"),
    )
    digest.set_defaults(handler=cmd_digest)


def cmd_digest(args: argparse.Namespace, console: Console) -> ExitCode:
    tz = explicit_timezone(args.tz, console.env)
    now = parse_now(args.now, tz)()
    day = _date(args.date)
    language: Language = args.language or console.language
    return asyncio.run(_digest(args.channel, now, tz, day, language, console))


async def _digest(
    channel: str | None,
    now: datetime,
    tz: str | None,
    day: date | None,
    language: Language,
    console: Console,
) -> ExitCode:
    import aiohttp

    from bot.digest.poster import SlackDigestPoster
    from bot.digest.runner import read_now
    from bot.message.digest import build_digest_message
    from bot.message.digest_replies import report_day
    from bot.slack.app import build_web_client

    settings = load_mindo_settings(console.env)
    if channel is not None:
        try:
            slack = load_slack_settings(console.env, web_api_only=True)
        except ConfigError as error:
            console.complain(
                error.text(console.tr)
                + " "
                + console.tr._("To print the digest instead, use --dry-run.")
            )
            return ExitCode.BAD_INPUT
    async with open_account(settings, lambda: now) as account:
        try:
            zone = await account.timezone(tz)
            data = await read_now(
                account.digest, timezone=zone, report_date=day or report_day(now, zone), now=now
            )
        except MindoError as error:
            console.complain(mindo_error_text(error, console.tr))
            return ExitCode.MINDO

    demo = account.demo

    def build(refused: Refused) -> SlackMessage:
        return build_digest_message(data, language=language, demo=demo, refused=refused)

    if channel is None:
        console.write_json(build(frozenset()).to_dict())
        return ExitCode.OK
    async with aiohttp.ClientSession() as session:
        return await _post(
            SlackDigestPoster(build_web_client(slack, session=session)), channel, build, console
        )


async def _post(
    poster: SlackDigestPoster,
    channel: str,
    build: Callable[[Refused], SlackMessage],
    console: Console,
) -> ExitCode:
    """Post; where Slack refuses the chart or the table, post at once without them."""
    from bot.digest.poster import PostError
    from bot.message.newer import kinds_in
    from bot.slack.fallback import REFUSAL_CODES

    tr = console.tr
    message = build(frozenset())
    try:
        try:
            ts = await poster.post(channel, message, key=f"manual/{channel}")
        except PostError as error:
            if error.code not in REFUSAL_CODES or not kinds_in(message.blocks):
                raise
            plain = build(kinds_in(message.blocks))
            ts = await poster.post(channel, plain, key=f"manual/{channel}")
    except PostError as error:
        console.complain(
            tr._(
                "Slack refused the digest for {channel}: {why} ({code})",
                channel=channel,
                why=_why(error.code, tr),
                code=error.code,
            )
        )
        return ExitCode.SLACK
    console.say(tr._("Posted the digest to {channel} (ts {ts}).", channel=channel, ts=ts))
    return ExitCode.OK


def _why(code: str, tr: Translator) -> str:
    """Slack's error code in plain words, with what to do about it."""
    invite = tr._("Invite the app there with /invite @bulksends, or pick another channel.")
    if code == "channel_not_found":
        return (
            tr._("the channel is gone, or it is private and the app is not in it.") + " " + invite
        )
    if code == "not_in_channel":
        return tr._("the app is not a member of that channel.") + " " + invite
    if code == "is_archived":
        return tr._("the channel is archived.") + " " + invite
    if code in ("invalid_auth", "not_authed"):
        return tr._("SLACK_BOT_TOKEN was not accepted; copy the Bot User OAuth Token again.")
    if code == "token_revoked":
        return tr._("SLACK_BOT_TOKEN was revoked; reinstall the app and copy the new token.")
    if code == "missing_scope":
        return tr._("the app lacks a permission; reinstall it from manifest.yml.")
    return tr._("Slack said so; try again later.")


def _date(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(
            N_("--date must be YYYY-MM-DD like 2026-11-26, got {raw}."), raw=repr(raw)
        ) from None
