"""``bulksends digest``: print a digest as Slack JSON, or post it to a channel now.

Works with no configuration (the demo data when MINDO_API_KEY is unset), so
``bulksends digest --dry-run`` shows what a digest looks like. Posting with
``--channel`` is a one-off: it is not recorded as the day's digest.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from dataclasses import dataclass
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
    mindo_exit_code,
    parse_now,
)
from bot.locale.choice import reply_language
from bot.locale.languages import LANGUAGES, Language
from bot.locale.translate import N_
from bot.mindo.errors import MindoError
from bot.settings import ConfigError, SlackSettings, load_mindo_settings, load_slack_settings

if TYPE_CHECKING:  # the digest's modules load Slack's SDK and the store: imported when run
    from bot.message.newer import Refused
    from bot.message.slack import SlackMessage


def add_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    digest = commands.add_parser(
        "digest",
        parents=[common],
        help=N_("print the daily digest as Slack JSON (--dry-run) or post it (--channel)"),
        description=N_(
            "Build the daily digest (yesterday's bulk sends: the sends that need attention "
            "and why, each number against the average of the 7 days before, the last 14 days "
            "as a chart, the top templates, what is still sending, the numbers' quotas) and "
            "print it as Slack JSON, or post it to a channel now. --language is the digest's "
            "language; --lang only this command's own messages. Without MINDO_API_KEY it "
            "uses the demo data."
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
        help=N_(
            "the digest's language (default: the company's, from its templates, as in Slack; "
            "--lang sets only the language of this command's messages)"
        ),
    )
    digest.set_defaults(handler=cmd_digest)


@dataclass(frozen=True)
class DigestRequest:
    """What ``bulksends digest`` was asked for: which day, when, in which zone and
    language (None: the company's), and where to post it (None: print it)."""

    channel: str | None
    now: datetime
    tz: str | None
    day: date | None
    language: Language | None


def cmd_digest(args: argparse.Namespace, console: Console) -> ExitCode:
    tz = explicit_timezone(args.tz, console.env)
    request = DigestRequest(
        channel=args.channel,
        now=parse_now(args.now, tz)(),
        tz=tz,
        day=_date(args.date),
        language=args.language,
    )
    return asyncio.run(make_digest(request, console))


async def make_digest(
    request: DigestRequest, console: Console, *, slack_timeout: float | None = None
) -> ExitCode:
    """Build the digest, then print it or post it; each call to Slack ends within
    ``slack_timeout`` seconds (default: the app's, ``WEB_API_TIMEOUT``)."""
    from bot.digest.runner import read_now
    from bot.message.digest import build_digest_message
    from bot.message.digest_replies import report_day

    settings = load_mindo_settings(console.env)
    slack = None
    if request.channel is not None:
        try:
            slack = load_slack_settings(console.env, web_api_only=True)
        except ConfigError as error:
            console.complain(
                error.text(console.tr)
                + " "
                + console.tr._("To print the digest instead, use --dry-run.")
            )
            return ExitCode.BAD_INPUT
    now = request.now
    async with open_account(settings, lambda: now) as account:
        try:
            zone = await account.timezone(request.tz)
            last_whole = report_day(now, zone)
            if request.day is not None and request.day > last_whole:
                console.complain(_not_over(request.day, last_whole, zone, console))
                return ExitCode.BAD_INPUT
            data = await read_now(
                account.digest,
                timezone=zone,
                report_date=request.day or last_whole,
                now=now,
            )
            language = request.language or reply_language(company=await account.company_language())
        except MindoError as error:
            console.complain(mindo_error_text(error, console.tr))
            return mindo_exit_code(error)

    demo = account.demo

    def build(refused: Refused) -> SlackMessage:
        return build_digest_message(data, language=language, demo=demo, refused=refused)

    if request.channel is None or slack is None:
        console.write_json(build(frozenset()).to_dict())
        return ExitCode.OK
    return await _post(slack, request.channel, build, console, slack_timeout)


async def _post(
    settings: SlackSettings,
    channel: str,
    build: Callable[[Refused], SlackMessage],
    console: Console,
    timeout: float | None,
) -> ExitCode:
    """Post as the app posts: where Slack refuses the chart or the table, at once without
    them (``post_with_fallback``); a refusal in words, with what to do about it."""
    from bot.channel.posting import PostError
    from bot.digest.poster import SlackDigestPoster
    from bot.domain.refusals import SlackRefusal
    from bot.domain.workspaces import SINGLE_WORKSPACE
    from bot.message.notices import refusal_reason
    from bot.slack.app import build_web_client
    from bot.slack.fallback import BlockSupport, post_with_fallback
    from bot.slack.web_api import WEB_API_TIMEOUT, web_api_session

    tr = console.tr
    async with web_api_session(WEB_API_TIMEOUT if timeout is None else timeout) as session:
        poster = SlackDigestPoster(build_web_client(settings, session=session))
        try:
            ts = await post_with_fallback(
                build,
                lambda message: poster.post(channel, message, key=f"manual/{channel}"),
                support=BlockSupport(),
                workspace=SINGLE_WORKSPACE,
            )
        except PostError as error:
            refusal = SlackRefusal.of(error.code)
            words = [refusal_reason(refusal, console.language)]
            if refusal.channel_problem:
                words.append(
                    tr._("Invite the app there with /invite @bulksends, or pick another channel.")
                )
            console.complain(
                tr._(
                    "Could not post the digest to {channel}: {why} ({code})",
                    channel=channel,
                    why=" ".join(words),
                    code=error.code,
                )
            )
            return ExitCode.SLACK
    console.say(tr._("Posted the digest to {channel} (ts {ts}).", channel=channel, ts=ts))
    return ExitCode.OK


def _not_over(day: date, last_whole: date, zone: str, console: Console) -> str:
    """A digest reports a whole day: today's or a later one would be numbers still
    growing shown as a day's total."""
    return console.tr._(
        "--date {day} is not over yet in {zone}: a digest reports a whole day. "
        "Pick {last} (yesterday) or an earlier day.",
        day=day.isoformat(),
        zone=zone,
        last=last_whole.isoformat(),
    )


def _date(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(
            N_("--date must be YYYY-MM-DD like 2026-11-26, got {raw}."), raw=repr(raw)
        ) from None
