"""The `bulksends` command line: the edge where library errors become plain words.

Exit codes: 0 answered, 1 unexpected failure, 2 bad input (question, flags or
settings), 3 Mindo could not answer. Heavy modules are imported inside the
commands so that `bulksends --help` and `bulksends parse` start quickly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO
from zoneinfo import ZoneInfo

from bot.config import ConfigError, check_timezone, default_timezone, load_mindo_settings

if TYPE_CHECKING:
    from bot.locale.languages import Language
    from bot.service.questions import Answer, Asker

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_MINDO = 3

#: Sub-commands contributed by other packages (Slack app, digest): each adds its parsers.
PLUGINS: tuple[str, ...] = ("bot.slack.cli", "bot.digest.cli")


class UsageError(Exception):
    """Bad input at the command line; the message is shown as is (exit 2)."""


def parse_now(raw: str | None, tz: str | None) -> Callable[[], datetime]:
    """--now fixes the clock; a time without an offset is read in ``tz`` (else UTC)."""
    if raw is None:
        return lambda: datetime.now(UTC)
    text = raw.strip()
    if text[-1:] in ("z", "Z"):
        text = text[:-1] + "+00:00"
    try:
        fixed = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--now must be an ISO 8601 time like 2026-11-27T09:30:00-03:00, got {raw!r}."
        ) from None
    if fixed.tzinfo is None:
        fixed = fixed.replace(tzinfo=ZoneInfo(tz) if tz else UTC)
    if not 2000 <= fixed.astimezone(UTC).year <= 2100:
        raise UsageError(f"--now must be a time between the years 2000 and 2100, got {raw!r}.")
    return lambda: fixed


_LANGUAGES: dict[str, Language] = {"en": "en", "es": "es", "pt": "pt"}


def locale_language() -> Language | None:
    """The terminal's language (LC_ALL, LC_MESSAGES, LANG), for questions whose words
    do not decide it ("esta semana" is Spanish and Portuguese)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return _LANGUAGES.get(value[:2].lower())
    return None


def _explicit_timezone(raw: str | None) -> str | None:
    if raw is not None:
        try:
            return check_timezone("--tz", raw)
        except ConfigError as error:
            raise UsageError(str(error)) from None
    return default_timezone()


def _add_question_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text", nargs="*", help='the question, e.g. "failed last week" (quotes optional)'
    )
    parser.add_argument(
        "--now", metavar="ISO8601", help="pretend it is this time (reproducible answers)"
    )
    parser.add_argument(
        "--tz",
        metavar="IANA",
        help="time zone the dates are read in (default: BULKSENDS_TZ, "
        "then the company's zone for ask, then UTC)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulksends",
        description="Ask about Mindo WhatsApp bulk sends in plain words "
        "(English, Spanish or Portuguese).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    parse = commands.add_parser(
        "parse",
        help="show how a question is understood, as JSON",
        description="Print how a question is understood, as JSON (no Mindo request).",
    )
    _add_question_arguments(parse)
    parse.set_defaults(handler=cmd_parse)

    ask = commands.add_parser(
        "ask",
        help="answer a question from Mindo (demo data when MINDO_API_KEY is unset)",
        description="Answer a question with exact numbers from the Mindo API "
        "(the embedded demo data when MINDO_API_KEY is unset).",
    )
    _add_question_arguments(ask)
    ask.add_argument(
        "--format",
        choices=("text", "json", "blocks"),
        default="text",
        help="text: a terminal summary (default); json: totals and every send; "
        "blocks: the Slack message",
    )
    ask.set_defaults(handler=cmd_ask)

    demo = commands.add_parser(
        "demo-api",
        help="serve the demo Mindo API on a local port",
        description="Serve the demo Mindo API (realistic data, auth, filters, pagination) "
        "for trying other tools against it.",
    )
    demo.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    demo.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    demo.set_defaults(handler=cmd_demo_api)

    for module_name in PLUGINS:
        _load_plugin(module_name, commands)
    return parser


def _load_plugin(module_name: str, commands: Any) -> None:
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name is not None and module_name.startswith(error.name):
            return  # that feature is not part of this build
        raise
    module.add_commands(commands)


def _question(args: argparse.Namespace) -> str:
    return " ".join(args.text)


def cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.query.model import BulkSendQuery, QueryError
    from bot.query.parser import parse_query

    tz = _explicit_timezone(args.tz) or "UTC"
    clock = parse_now(args.now, tz)
    try:
        parsed = parse_query(_question(args), now=clock(), tz=tz, user_language=locale_language())
    except QueryError as error:
        _write_json(out, {"error": error.message, "unrecognized": list(error.unrecognized)})
        return EXIT_BAD_INPUT
    if isinstance(parsed, BulkSendQuery):
        _write_json(out, parsed.to_json())
    else:
        _write_json(out, {"help": True, "language": parsed.language})
    return EXIT_OK


def cmd_ask(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    tz = _explicit_timezone(args.tz)
    clock = parse_now(args.now, tz)
    settings = load_mindo_settings()
    return asyncio.run(_ask(_question(args), tz, args.format, settings, clock, out, err))


async def _resolve_timezone(asker: Asker, tz: str | None) -> str:
    from bot.mindo.errors import MindoError

    if tz is not None:
        return tz
    try:
        return await asker.company_timezone() or "UTC"
    except MindoError:
        return "UTC"


async def _ask(
    text: str,
    tz: str | None,
    fmt: str,
    settings: Any,
    clock: Callable[[], datetime],
    out: TextIO,
    err: TextIO,
) -> int:
    from bot.mindo.errors import MindoError
    from bot.query.model import HelpRequest, QueryError
    from bot.wiring import open_asker

    async with open_asker(settings, clock) as asker:
        try:
            zone = await _resolve_timezone(asker, tz)
            parsed = await asker.parse(text, zone, fallback_language=locale_language())
            if isinstance(parsed, HelpRequest):
                return _print_help(parsed.language, asker.demo, fmt, out)
            answer = await asker.answer(parsed)
        except QueryError as error:
            err.write(_plain(error.message) + "\n")
            return EXIT_BAD_INPUT
        except MindoError as error:
            err.write(error.user_message + "\n")
            return EXIT_MINDO
    _print_answer(answer, fmt, out)
    return EXIT_OK


def _print_help(language: Any, demo: bool, fmt: str, out: TextIO) -> int:
    from bot.message import build_help_message
    from bot.terminal import render_help

    if fmt == "text":
        out.write(render_help(language))
    else:
        _write_json(out, build_help_message(language, demo=demo).to_dict())
    return EXIT_OK


def _print_answer(answer: Answer, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        from bot.terminal import answer_to_json

        _write_json(out, answer_to_json(answer))
    elif fmt == "blocks":
        from bot.message import build_summary_message

        message = build_summary_message(
            answer.query, answer.report, demo=answer.demo, today=answer.today
        )
        _write_json(out, message.to_dict())
    else:
        from bot.terminal import render_answer, use_colour

        out.write(render_answer(answer, colour=use_colour(out)))


def _plain(text: str) -> str:
    """A sentence written for Slack, for a terminal: `code` in quotes, no *bold* marks."""
    return text.replace("`", '"').replace("*", "")


def cmd_demo_api(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.demo.api import DEMO_API_KEY, run_demo_server

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, got {args.port}.")
    out.write(
        f"Demo Mindo API on http://{args.host}:{args.port}/api/v1/ "
        f"(X-API-Key: {DEMO_API_KEY}). Ctrl-C stops it.\n"
    )
    out.flush()
    try:
        run_demo_server(args.port, host=args.host)
    except KeyboardInterrupt:
        pass
    except OSError as error:
        raise UsageError(
            f"Could not listen on {args.host}:{args.port}: {error.strerror}."
        ) from None
    return EXIT_OK


def _write_json(out: TextIO, data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def configure_logging() -> None:
    """One line per record on stderr, at BULKSENDS_LOG_LEVEL (default WARNING)."""
    level = (os.environ.get("BULKSENDS_LOG_LEVEL") or "WARNING").strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(
            f"BULKSENDS_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {level!r}."
        )
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        configure_logging()
        result: int = args.handler(args, out, err)
        return result
    except (UsageError, ConfigError) as error:
        err.write(f"{error}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception:
        if os.environ.get("BULKSENDS_DEBUG"):
            raise
        logging.getLogger("bulksends").debug("unexpected failure", exc_info=True)
        err.write(
            "Something went wrong on our side; nothing was changed. Try again, or run with "
            "BULKSENDS_DEBUG=1 to see the details.\n"
        )
        return EXIT_INTERNAL
