"""``bulksends run`` (the Slack app) and ``bulksends check`` (its settings, tried for real).

``check`` signs in to Slack (``auth.test``, and the app-level token in Socket Mode) and
makes one Mindo request, then says in plain words what is wrong, one line per finding;
one failing does not hide the others. The signing secret cannot be tried from here (only
Slack's requests prove it), so it is only checked for being set. Nothing shows a secret.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

import aiohttp
import httpx

from bot.app import open_account, run_app
from bot.cli.common import Console, ExitCode, Subparsers, UsageError, mindo_error_text
from bot.locale.translate import N_, Translator
from bot.mindo.errors import MindoError
from bot.service.questions import Clock
from bot.settings import (
    ConfigError,
    MindoSettings,
    SlackSettings,
    load_app_settings,
    load_mindo_settings,
    load_slack_settings,
)
from bot.slack.app import build_web_client
from bot.slack.auth import REQUIRED_SCOPES, verify_app_token, verify_bot_token


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
        help=N_("check the Slack and Mindo settings for real"),
        description=N_(
            "Sign in to Slack (auth.test, and Socket Mode with the app-level token) and make "
            "one Mindo request, then say in plain words what is wrong, if anything."
        ),
    )
    _mode_arguments(check)
    check.set_defaults(handler=cmd_check)


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
    settings = load_app_settings(console.env, http=args.http, demo=args.demo)
    asyncio.run(run_app(settings, clock=lambda: datetime.now(UTC), host=args.host, port=args.port))
    return ExitCode.OK


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def cmd_check(args: argparse.Namespace, console: Console) -> ExitCode:
    findings = asyncio.run(run_checks(console, http=args.http, demo=args.demo))
    for finding in findings:
        console.say(f"{'✓' if finding.ok else '✗'} {finding.text}")
    tr = console.tr
    problems = sum(not f.ok for f in findings)
    if problems:
        console.say(tr.ngettext("{n} problem to fix.", "{n} problems to fix.", problems))
        return ExitCode.BAD_INPUT
    command = "bulksends run" + (" --http" if args.http else "") + (" --demo" if args.demo else "")
    console.say(tr._("All good: start the app with `{command}`.", command=command))
    return ExitCode.OK


async def run_checks(
    console: Console,
    *,
    http: bool,
    demo: bool,
    clock: Clock = lambda: datetime.now(UTC),
    mindo_transport: httpx.AsyncBaseTransport | None = None,
) -> list[Finding]:
    """Every finding, Slack's then Mindo's; one failing does not hide the others."""
    tr = console.tr
    findings: list[Finding] = []
    try:
        slack = load_slack_settings(console.env, http=http)
    except ConfigError as error:
        findings.append(Finding(False, error.text(tr)))
    else:
        async with aiohttp.ClientSession() as session:
            findings += await check_slack(slack, session, tr)
    try:
        mindo = load_mindo_settings(console.env)
    except ConfigError as error:
        findings.append(Finding(False, error.text(tr)))
    else:
        findings.append(
            await check_mindo(mindo, tr, demo=demo, clock=clock, transport=mindo_transport)
        )
    return findings


async def check_slack(
    settings: SlackSettings, session: aiohttp.ClientSession, tr: Translator
) -> list[Finding]:
    client = build_web_client(settings, session=session)
    try:
        identity = await verify_bot_token(client)
    except ConfigError as error:
        return [Finding(False, error.text(tr))]
    findings = [
        Finding(
            True,
            tr._("Slack: signed in as @{user} in {team}.", user=identity.user, team=identity.team),
        )
    ]
    missing = REQUIRED_SCOPES - identity.scopes if identity.scopes is not None else frozenset()
    if missing:
        findings.append(
            Finding(
                False,
                tr._(
                    "The bot token lacks the scopes {scopes}: add them under OAuth & Permissions "
                    "(or create the app again from manifest.yml) and reinstall.",
                    scopes=", ".join(sorted(missing)),
                ),
            )
        )
    if settings.mode == "socket":
        assert settings.app_token is not None
        try:
            await verify_app_token(client, settings.app_token)
        except ConfigError as error:
            findings.append(Finding(False, error.text(tr)))
        else:
            findings.append(
                Finding(True, tr._("Socket Mode: the app-level token can open connections."))
            )
    else:
        findings.append(
            Finding(
                True,
                tr._(
                    "SLACK_SIGNING_SECRET is set (Slack proves each request with it; "
                    "the first /bulksends will tell if it is the right one)."
                ),
            )
        )
    return findings


async def check_mindo(
    settings: MindoSettings,
    tr: Translator,
    *,
    demo: bool,
    clock: Clock,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Finding:
    if settings.demo:
        if demo:
            return Finding(
                True, tr._("Mindo: no MINDO_API_KEY, so answers use demo data (--demo).")
            )
        return Finding(
            False,
            tr._(
                "MINDO_API_KEY is not set: set it to your Mindo API key, or add --demo to try "
                "the app on demo data."
            ),
        )
    async with open_account(settings, clock, transport=transport) as account:
        try:
            info = await account.business_info()
        except MindoError as error:
            return Finding(False, tr._("Mindo: {problem}", problem=mindo_error_text(error, tr)))
    if info.timezone:
        return Finding(
            True,
            tr._(
                "Mindo: the API key works for {company} (time zone {zone}).",
                company=info.name,
                zone=info.timezone,
            ),
        )
    return Finding(True, tr._("Mindo: the API key works for {company}.", company=info.name))
