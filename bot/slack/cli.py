"""``bulksends run`` and ``bulksends check``, added to the main CLI by ``add_commands``.

Settings problems surface as ``ConfigError`` (one line naming the variable, exit 2 in
``bot.cli.main``); everything heavy is imported inside the commands.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.settings import ConfigError, load_mindo_settings

EXIT_OK = 0
EXIT_PROBLEMS = 2


def add_commands(commands: Any) -> None:
    """Add ``run`` and ``check`` to the CLI's sub-parsers."""
    run = commands.add_parser(
        "run",
        help="start the Slack app (Socket Mode; HTTP with --http)",
        description="Start the Slack app: Socket Mode when SLACK_APP_TOKEN is set (no public "
        "URL needed), or HTTP with --http, serving POST /slack/events and GET /healthz. "
        "Stops cleanly on SIGTERM or Ctrl-C.",
    )
    _mode_arguments(run)
    run.add_argument("--port", type=int, default=3000, help="HTTP mode port (default 3000)")
    run.add_argument("--host", default="0.0.0.0", help="HTTP mode address (default 0.0.0.0)")
    run.set_defaults(handler=cmd_run)

    check = commands.add_parser(
        "check",
        help="check the Slack and Mindo settings for real",
        description="Sign in to Slack (auth.test, and Socket Mode with the app-level token) "
        "and make one Mindo request, then say in plain words what is wrong, if anything.",
    )
    _mode_arguments(check)
    check.set_defaults(handler=cmd_check)


def _mode_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http",
        action="store_true",
        help="HTTP mode (needs SLACK_SIGNING_SECRET and a public URL) instead of Socket Mode",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="answer from the embedded demo data (allowed without MINDO_API_KEY)",
    )


def cmd_run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.digest.slack import digest_feature
    from bot.settings import load_slack_settings
    from bot.slack.logs import configure_logging
    from bot.slack.runner import run_app

    if not 0 <= args.port < 65536:
        raise ConfigError(f"--port must be between 0 and 65535, got {args.port}.")
    slack = load_slack_settings(http=args.http)
    mindo = load_mindo_settings()
    if mindo.demo and not args.demo:
        raise ConfigError(
            "MINDO_API_KEY is not set: set it to your Mindo API key, or start with --demo "
            "to try the app on demo data."
        )
    if args.demo:
        mindo = dataclasses.replace(mindo, api_key=None)
    level = os.environ.get("BULKSENDS_LOG_LEVEL", "INFO")
    configure_logging(
        level, [slack.bot_token, slack.app_token, slack.signing_secret, mindo.api_key], err
    )
    asyncio.run(
        run_app(
            slack,
            mindo,
            clock=lambda: datetime.now(UTC),
            host=args.host,
            port=args.port,
            features=[digest_feature],
        )
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.slack.check import run_checks

    findings = asyncio.run(
        run_checks(os.environ, http=args.http, demo=args.demo, clock=lambda: datetime.now(UTC))
    )
    for finding in findings:
        out.write(f"{'✓' if finding.ok else '✗'} {finding.text}\n")
    problems = sum(not f.ok for f in findings)
    if problems:
        out.write(f"{problems} problem{'s' if problems > 1 else ''} to fix.\n")
        return EXIT_PROBLEMS
    command = "bulksends run" + (" --http" if args.http else "") + (" --demo" if args.demo else "")
    out.write(f"All good: start the app with `{command}`.\n")
    return EXIT_OK
