"""``bulksends check``: every setting ``run`` would refuse, then each thing tried for real.

First every problem the settings have (all of them, as ``run`` would name the first),
then what can only be known by asking: Slack signs the bot token in (and, in Socket
Mode, the app-level token), or knows the client id and secret of an app installed in
many workspaces; Mindo answers one request with the key; the database can be reached and
written to, and BULKSENDS_SECRET_KEY opens what is stored in it. A thing whose settings
are wrong is not tried. One line per finding; no secret is ever shown, not even in part.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import aiohttp
import httpx

from bot.app import open_account
from bot.cli.common import Console, mindo_error_text
from bot.locale.translate import Translator
from bot.mindo.errors import MindoError
from bot.service.questions import Clock
from bot.settings import (
    ConfigError,
    DistributionSettings,
    MindoSettings,
    SlackSettings,
    app_settings_problems,
    load_distribution_settings,
    load_mindo_settings,
    load_slack_settings,
    store_target,
)
from bot.slack.app import build_web_client
from bot.slack.auth import (
    REQUIRED_SCOPES,
    verify_app_token,
    verify_bot_token,
    verify_client_credentials,
)
from bot.slack.web_api import WEB_API_TIMEOUT, web_api_session
from bot.store.backends import StoreError
from bot.store.probe import DatabaseProbe, probe_database
from bot.store.sealing import SealError, SecretBox

T = TypeVar("T")

_DISTRIBUTION_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "BULKSENDS_SECRET_KEY")


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def _quietly(read: Callable[[], T]) -> T | None:
    """What ``read`` returns, or None when its settings have a problem (already listed)."""
    try:
        return read()
    except ConfigError:
        return None


async def run_checks(
    console: Console,
    *,
    http: bool,
    demo: bool,
    clock: Clock = lambda: datetime.now(UTC),
    mindo_transport: httpx.AsyncBaseTransport | None = None,
    slack_timeout: float = WEB_API_TIMEOUT,
) -> list[Finding]:
    """Every finding: the settings' problems, then Slack's, Mindo's and the database's.
    Each call to Slack ends within ``slack_timeout`` seconds, answered or not."""
    env, tr = console.env, console.tr
    findings = [
        Finding(False, problem.text(tr))
        for problem in app_settings_problems(env, http=http, demo=demo)
    ]
    distributed = any(env.get(name, "").strip() for name in _DISTRIBUTION_VARIABLES)
    distribution = _quietly(lambda: load_distribution_settings(env))
    slack = _quietly(lambda: load_slack_settings(env, http=http, distributed=distributed))
    if slack is not None:
        async with web_api_session(slack_timeout) as session:
            if not distributed:
                findings += await check_slack(slack, session, tr)
            elif distribution is not None:
                findings += await check_client(slack, distribution, session, tr)
    if not distributed:
        mindo = _quietly(lambda: load_mindo_settings(env))
        if mindo is not None and not (mindo.demo and not demo):
            findings.append(
                await check_mindo(mindo, tr, demo=demo, clock=clock, transport=mindo_transport)
            )
    target = _quietly(lambda: store_target(env))
    if target is not None:
        findings += await check_database(target, distribution if distributed else None, tr)
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
        findings.append(_signing_secret_set(tr))
    return findings


async def check_client(
    settings: SlackSettings,
    distribution: DistributionSettings,
    session: aiohttp.ClientSession,
    tr: Translator,
) -> list[Finding]:
    """An app installed in many workspaces: Slack knows its client id and secret."""
    client = build_web_client(settings, session=session)
    try:
        await verify_client_credentials(client, distribution.client_id, distribution.client_secret)
    except ConfigError as error:
        return [Finding(False, error.text(tr))]
    return [
        Finding(
            True,
            tr._(
                "Slack: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are the app's; workspaces "
                "install it at https://YOUR-HOST/slack/install."
            ),
        ),
        _signing_secret_set(tr),
    ]


def _signing_secret_set(tr: Translator) -> Finding:
    return Finding(
        True,
        tr._(
            "SLACK_SIGNING_SECRET is set (Slack proves each request with it; "
            "the first /bulksends will tell if it is the right one)."
        ),
    )


async def check_mindo(
    settings: MindoSettings,
    tr: Translator,
    *,
    demo: bool,
    clock: Clock,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Finding:
    if settings.demo:
        return Finding(True, tr._("Mindo: no MINDO_API_KEY, so answers use demo data (--demo)."))
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


async def check_database(
    target: str | Path, distribution: DistributionSettings | None, tr: Translator
) -> list[Finding]:
    """The database, looked at without changing it; with distribution, the stored secrets."""
    client_id = distribution.client_id if distribution else None
    try:
        probe = await asyncio.to_thread(probe_database, target, client_id=client_id)
    except StoreError as error:
        return [Finding(False, tr._("Database: {reason}", reason=error.text(tr)))]
    findings = [Finding(True, _database_words(probe, tr))]
    if distribution is None:
        return findings
    box = SecretBox(distribution.secret_key, distribution.old_secret_keys)
    try:
        for sealed in probe.sealed:
            box.open(sealed)
    except SealError:
        findings.append(
            Finding(
                False,
                tr._(
                    "BULKSENDS_SECRET_KEY does not open the tokens and Mindo keys stored in the "
                    "database: it was changed, or the database is another app's. Put the key "
                    "they were sealed with in BULKSENDS_SECRET_KEY_OLD."
                ),
            )
        )
    findings.append(
        Finding(
            True,
            tr.ngettext(
                "Workspaces: {n} installed, {connected} connected to Mindo.",
                "Workspaces: {n} installed, {connected} connected to Mindo.",
                probe.installed,
                connected=probe.connected,
            ),
        )
    )
    return findings


def _database_words(probe: DatabaseProbe, tr: Translator) -> str:
    if not probe.exists:
        return tr._("Database: {where}, created at start.", where=probe.where.text(tr))
    if probe.schema < probe.latest:
        return tr._(
            "Database: {where} (brought up to date at start: step {schema} of {latest}).",
            where=probe.where.text(tr),
            schema=probe.schema,
            latest=probe.latest,
        )
    return tr._("Database: {where}.", where=probe.where.text(tr))
