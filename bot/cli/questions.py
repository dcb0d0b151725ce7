"""``bulksends parse`` and ``bulksends ask``: a question, understood or answered.

The answer's language follows the one rule (``bot.locale.choice.reply_language``): ``--lang``
or the terminal's language, else the question's own, else (``ask``) the company's, else
English. ``parse`` asks Mindo nothing, so it knows no company's language.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import datetime

from bot.app import open_account
from bot.cli.common import (
    Console,
    ExitCode,
    Subparsers,
    explicit_timezone,
    mindo_error_text,
    mindo_exit_code,
    parse_now,
    plain,
)
from bot.locale.translate import N_
from bot.message import build_help_message
from bot.message.answer import build_answer_message
from bot.mindo.errors import MindoError
from bot.query.model import BulkSendQuery, HelpRequest, ParsedRequest, QueryError
from bot.query.parser import parse_query
from bot.service.account import Account
from bot.service.questions import Answer
from bot.settings import MindoSettings, load_mindo_settings
from bot.terminal import answer_to_json, render_answer, render_help


def add_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    parse = commands.add_parser(
        "parse",
        parents=[common],
        help=N_("show how a question is understood, as JSON"),
        description=N_("Print how a question is understood, as JSON (no Mindo request)."),
    )
    _question_arguments(parse)
    parse.set_defaults(handler=cmd_parse)

    ask = commands.add_parser(
        "ask",
        parents=[common],
        help=N_("answer a question from Mindo (demo data when MINDO_API_KEY is unset)"),
        description=N_(
            "Answer a question with exact numbers from the Mindo API "
            "(the embedded demo data when MINDO_API_KEY is unset)."
        ),
    )
    _question_arguments(ask)
    ask.add_argument(
        "--format",
        choices=("text", "json", "blocks"),
        default="text",
        help=N_(
            "text: a terminal summary (default); json: totals and every send; "
            "blocks: the Slack message"
        ),
    )
    ask.set_defaults(handler=cmd_ask)


def _question_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text", nargs="*", help=N_('the question, e.g. "failed last week" (quotes optional)')
    )
    parser.add_argument(
        "--now", metavar="ISO8601", help=N_("pretend it is this time (reproducible answers)")
    )
    parser.add_argument(
        "--tz",
        metavar="IANA",
        help=N_(
            "time zone the dates are read in (default: BULKSENDS_TZ, "
            "then the company's zone for ask, then UTC)"
        ),
    )


def cmd_parse(args: argparse.Namespace, console: Console) -> ExitCode:
    tz = explicit_timezone(args.tz, console.env) or "UTC"
    clock = parse_now(args.now, tz)
    try:
        parsed = parse_query(
            " ".join(args.text), now=clock(), tz=tz, user_language=console.preferred
        )
    except QueryError as error:
        console.write_json({"error": error.message, "unrecognized": list(error.unrecognized)})
        return ExitCode.BAD_INPUT
    if isinstance(parsed, BulkSendQuery):
        console.write_json(parsed.to_json())
    else:
        console.write_json({"help": True, "language": parsed.language})
    return ExitCode.OK


def cmd_ask(args: argparse.Namespace, console: Console) -> ExitCode:
    tz = explicit_timezone(args.tz, console.env)
    clock = parse_now(args.now, tz)
    settings = load_mindo_settings(console.env)
    return asyncio.run(_ask(" ".join(args.text), tz, args.format, settings, clock, console))


async def _ask(
    text: str,
    tz: str | None,
    fmt: str,
    settings: MindoSettings,
    clock: Callable[[], datetime],
    console: Console,
) -> ExitCode:
    async with open_account(settings, clock, sleep=console.sleep) as account:
        try:
            parsed = await _parse(account, text, tz, console)
            if isinstance(parsed, HelpRequest):
                _print_help(parsed, account.demo, fmt, console)
                return ExitCode.OK
            answer = await account.answer(parsed)
        except QueryError as error:
            console.complain(plain(error.message))
            return ExitCode.BAD_INPUT
        except MindoError as error:
            console.complain(mindo_error_text(error, console.tr))
            return mindo_exit_code(error)
    _print_answer(answer, fmt, console, clock())
    return ExitCode.OK


async def _parse(account: Account, text: str, tz: str | None, console: Console) -> ParsedRequest:
    zone = await account.timezone(tz)
    return await account.parse(text, zone, user_language=console.preferred)


def _print_help(request: HelpRequest, demo: bool, fmt: str, console: Console) -> None:
    if fmt == "text":
        console.out.write(render_help(request.language))
    else:
        console.write_json(build_help_message(request.language, demo=demo).to_dict())


def _print_answer(answer: Answer, fmt: str, console: Console, now: datetime) -> None:
    if fmt == "json":
        console.write_json(answer_to_json(answer))
    elif fmt == "blocks":
        console.write_json(build_answer_message(answer, now=now).to_dict())
    else:
        console.out.write(render_answer(answer, colour=console.colour))
