"""``bulksends``: the parser, the language it speaks, and the one place errors become words.

Every command prints in ``--lang`` (else the terminal's language, else English), its
help and its errors included; answers to questions may follow the question's language
when neither names one. Exit codes are ``ExitCode``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TextIO

from bot.cli import demo, digest, questions, slack, workspaces
from bot.cli.common import Console, ExitCode, console_language
from bot.cli.parsing import argparse_speaks, parser_class
from bot.locale.languages import LANGUAGES
from bot.locale.translate import N_
from bot.logs import configure_logging
from bot.message.words import spoken_languages
from bot.settings import ConfigError, log_level, secrets_in
from bot.store.errors import StoreError

logger = logging.getLogger("bulksends")


def build_parser(console: Console) -> argparse.ArgumentParser:
    translated = parser_class(console)
    common = translated(add_help=False)
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=N_("the language to answer in (default: the terminal's, LANG)"),
    )
    parser = translated(
        prog="bulksends",
        parents=[common],
        description=console.tr._(
            "Ask about Mindo WhatsApp bulk sends in plain words ({languages}).",
            languages=spoken_languages(console.tr),
        ),
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=translated
    )
    for module in (questions, slack, workspaces, digest, demo):
        module.add_commands(commands, common)
    return parser


def _lang_flag(argv: Sequence[str]) -> str | None:
    """--lang read before the parser is built, so that its help is in that language."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


def _log_level(args: argparse.Namespace, env: Mapping[str, str]) -> str:
    """BULKSENDS_LOG_LEVEL; a bad one stops any command but ``check``, which lists it."""
    default = getattr(args, "log_level", "WARNING")
    try:
        return log_level(env, default=default)
    except ConfigError:
        if getattr(args, "lists_settings", False):
            return "WARNING"
        raise


def run() -> int:
    """The ``bulksends`` command (and ``python -m bot``): ``main`` in a process of its own.

    What start-up built (modules, classes, functions) lives as long as the process, so it
    is frozen out of the garbage collector's full passes: an answer of 100,000 sends
    triggers several, and each would walk it all again (~10% of that answer's CPU).
    """
    gc.freeze()
    return main()


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> int:
    """``bulksends`` with these arguments, streams and environment; ``sleep`` waits between
    Mindo's retries (tests make it instant)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    env = os.environ if env is None else env
    console = Console(
        out or sys.stdout,
        err or sys.stderr,
        env,
        console_language(_lang_flag(argv), env),
        sleep,
    )
    tr = console.tr
    try:
        with argparse_speaks(tr):
            args = build_parser(console).parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error argparse already printed
        return stop.code if isinstance(stop.code, int) else ExitCode.BAD_INPUT
    try:
        configure_logging(_log_level(args, env), secrets_in(env), console.err)
        return int(args.handler(args, console))
    except ConfigError as error:
        console.complain(error.text(tr))
        return ExitCode.BAD_INPUT
    except StoreError as error:
        console.complain(tr._("The database cannot be used: {reason}", reason=error.text(tr)))
        return ExitCode.BAD_INPUT
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Exception:
        if env.get("BULKSENDS_DEBUG"):
            raise
        logger.debug("unexpected failure", exc_info=True)
        console.complain(
            tr._(
                "Something went wrong on our side; nothing was changed. Try again, or run with "
                "BULKSENDS_DEBUG=1 to see the details."
            )
        )
        return ExitCode.INTERNAL
