"""``bulksends run`` (the Slack app) and ``bulksends check`` (its settings, tried for real).

``check`` lists every setting ``run`` would refuse, then signs in to Slack (``auth.test``,
and the app-level token in Socket Mode; the client id and secret of an app installed in
many workspaces), makes one Mindo request and looks at the database (``bot.cli.check``),
one line per finding; one failing does not hide the others. The signing secret cannot be
tried from here (only Slack's requests prove it), so it is only checked for being set.
Nothing shows a secret.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

from bot.cli.common import Console, ExitCode, Subparsers, UsageError
from bot.locale.translate import N_
from bot.settings import load_app_settings, mask_secrets, secrets_in


def add_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    run = commands.add_parser(
        "run",
        parents=[common],
        help=N_("start the Slack app (Socket Mode; HTTP with --http)"),
        description=N_(
            "Start the Slack app: Socket Mode when SLACK_APP_TOKEN is set (no public URL "
            "needed), or HTTP with --http, serving POST /slack/events and GET /healthz. "
            "Stops cleanly on SIGTERM or Ctrl-C."
        ),
    )
    _mode_arguments(run)
    run.add_argument("--port", type=int, default=3000, help=N_("HTTP mode port (default 3000)"))
    run.add_argument("--host", default="0.0.0.0", help=N_("HTTP mode address (default 0.0.0.0)"))
    run.set_defaults(handler=cmd_run, log_level="INFO")

    check = commands.add_parser(
        "check",
        parents=[common],
        help=N_("check the settings, Slack, Mindo and the database for real"),
        description=N_(
            "List every setting that run would refuse, then sign in to Slack (auth.test, and "
            "Socket Mode with the app-level token), make one Mindo request and look at the "
            "database, and say in plain words what is wrong, if anything."
        ),
    )
    _mode_arguments(check)
    check.set_defaults(handler=cmd_check, lists_settings=True)


def _mode_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http",
        action="store_true",
        help=N_("HTTP mode (needs SLACK_SIGNING_SECRET and a public URL) instead of Socket Mode"),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=N_("answer from the embedded demo data (allowed without MINDO_API_KEY)"),
    )


def cmd_run(args: argparse.Namespace, console: Console) -> ExitCode:
    if not 0 <= args.port < 65536:
        raise UsageError(N_("--port must be between 0 and 65535, got {port}."), port=args.port)
    from bot.app import run_app

    settings = load_app_settings(console.env, http=args.http, demo=args.demo)
    asyncio.run(run_app(settings, clock=lambda: datetime.now(UTC), host=args.host, port=args.port))
    return ExitCode.OK


def cmd_check(args: argparse.Namespace, console: Console) -> ExitCode:
    from bot.cli.check import run_checks

    findings = asyncio.run(run_checks(console, http=args.http, demo=args.demo))
    secrets = secrets_in(console.env)
    for finding in findings:
        console.say(mask_secrets(f"{'✓' if finding.ok else '✗'} {finding.text}", secrets))
    tr = console.tr
    problems = sum(not f.ok for f in findings)
    if problems:
        console.say(tr.ngettext("{n} problem to fix.", "{n} problems to fix.", problems))
        return ExitCode.BAD_INPUT
    command = "bulksends run" + (" --http" if args.http else "") + (" --demo" if args.demo else "")
    console.say(tr._("All good: start the app with `{command}`.", command=command))
    return ExitCode.OK
