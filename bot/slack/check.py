"""``bulksends check``: try the configuration for real and say what is wrong in plain words.

Slack: ``auth.test`` with the bot token (and the scopes it was granted), and in Socket Mode
``apps.connections.open`` with the app-level token. Mindo: one ``business-info`` request.
The signing secret cannot be tried from here (only Slack's requests prove it), so it is
only checked for being set. Each finding is one line; nothing shows a secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import aiohttp
import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import ConfigError, MindoSettings, Secret, load_mindo_settings
from bot.mindo.errors import MindoError
from bot.service.questions import Clock
from bot.slack.app import build_web_client
from bot.slack.settings import SlackSettings, load_slack_settings
from bot.slack.web_api import is_transient, slack_error_code
from bot.wiring import open_asker

#: The bot scopes the features need (manifest.yml asks for exactly these): the command,
#: answers and shares, each user's zone and language, and the digest's look back at its
#: own posts after a crash (public and private channels).
REQUIRED_SCOPES = frozenset(
    {
        "commands",
        "chat:write",
        "chat:write.public",
        "users:read",
        "channels:history",
        "groups:history",
    }
)

_TOKEN_REJECTED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


@dataclass(frozen=True)
class BotIdentity:
    team: str
    user: str
    scopes: frozenset[str] | None


async def verify_bot_token(client: AsyncWebClient) -> BotIdentity:
    """Who the bot token signs in as; a ``ConfigError`` in plain words if it cannot."""
    try:
        response = await client.auth_test()
    except SlackApiError as error:
        code = _code(error)
        if code in _TOKEN_REJECTED:
            raise ConfigError(
                f"Slack rejected SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token "
                "(xoxb-…) again from OAuth & Permissions, and reinstall the app if it was revoked."
            ) from None
        if is_transient(code):
            raise ConfigError(
                f"Slack is not answering properly right now ({code}), so SLACK_BOT_TOKEN "
                "could not be checked; try again in a few minutes."
            ) from None
        raise ConfigError(f"Slack refused to check SLACK_BOT_TOKEN ({code}).") from None
    except (aiohttp.ClientError, TimeoutError) as error:
        raise ConfigError(_unreachable(client.base_url, error)) from None
    header = response.headers.get("x-oauth-scopes") or response.headers.get("X-OAuth-Scopes")
    scopes = frozenset(s.strip() for s in header.split(",")) if header else None
    return BotIdentity(
        team=str(response.get("team", "")), user=str(response.get("user", "")), scopes=scopes
    )


async def verify_app_token(client: AsyncWebClient, app_token: Secret) -> None:
    """That Socket Mode can connect with the app-level token; a ``ConfigError`` if not.

    Worth asking first: slack-sdk's Socket Mode client retries a refused connection forever.
    """
    try:
        await client.apps_connections_open(app_token=app_token.reveal())
    except SlackApiError as error:
        code = _code(error)
        if code in _TOKEN_REJECTED:
            raise ConfigError(
                f"Slack rejected SLACK_APP_TOKEN ({code}): create an app-level token with "
                "connections:write under Basic Information → App-Level Tokens."
            ) from None
        raise ConfigError(
            f"Slack refused a Socket Mode connection ({code}): turn on Socket Mode in the "
            "app's settings and give the app-level token the connections:write scope."
        ) from None
    except (aiohttp.ClientError, TimeoutError) as error:
        raise ConfigError(_unreachable(client.base_url, error)) from None


def _unreachable(api_url: str, error: Exception) -> str:
    return (
        f"Could not reach Slack at {api_url} ({type(error).__name__}): check the "
        "network, and SLACK_API_URL if it is set."
    )


async def check_slack(settings: SlackSettings, client: AsyncWebClient) -> list[Finding]:
    try:
        identity = await verify_bot_token(client)
    except ConfigError as error:
        return [Finding(False, str(error))]
    findings = [Finding(True, f"Slack: signed in as @{identity.user} in {identity.team}.")]
    missing = REQUIRED_SCOPES - identity.scopes if identity.scopes is not None else frozenset()
    if missing:
        findings.append(
            Finding(
                False,
                f"The bot token lacks the scopes {', '.join(sorted(missing))}: add them under "
                "OAuth & Permissions (or create the app again from manifest.yml) and reinstall.",
            )
        )
    if settings.mode == "socket":
        findings.append(await _check_app_token(settings, client))
    else:
        findings.append(
            Finding(
                True,
                "SLACK_SIGNING_SECRET is set (Slack proves each request with it; "
                "the first /bulksends will tell if it is the right one).",
            )
        )
    return findings


async def _check_app_token(settings: SlackSettings, client: AsyncWebClient) -> Finding:
    assert settings.app_token is not None
    try:
        await verify_app_token(client, settings.app_token)
    except ConfigError as error:
        return Finding(False, str(error))
    return Finding(True, "Socket Mode: the app-level token can open connections.")


async def check_mindo(
    settings: MindoSettings,
    *,
    demo: bool,
    clock: Clock,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Finding:
    if settings.demo:
        if demo:
            return Finding(True, "Mindo: no MINDO_API_KEY, so answers use demo data (--demo).")
        return Finding(
            False,
            "MINDO_API_KEY is not set: set it to your Mindo API key, or add --demo to try "
            "the app on demo data.",
        )
    async with open_asker(settings, clock, transport=transport) as asker:
        try:
            info = await asker.client.get_business_info()
        except MindoError as error:
            return Finding(False, f"Mindo: {error.user_message}")
    zone = f" (time zone {info.timezone})" if info.timezone else ""
    return Finding(True, f"Mindo: the API key works for {info.name}{zone}.")


async def run_checks(
    env: Mapping[str, str],
    *,
    http: bool,
    demo: bool,
    clock: Clock,
    mindo_transport: httpx.AsyncBaseTransport | None = None,
) -> list[Finding]:
    """Every finding, Slack's then Mindo's; one failing does not hide the others."""
    findings: list[Finding] = []
    try:
        slack = load_slack_settings(env, http=http)
    except ConfigError as error:
        findings.append(Finding(False, str(error)))
    else:
        async with aiohttp.ClientSession() as session:
            findings += await check_slack(slack, build_web_client(slack, session=session))
    try:
        mindo = load_mindo_settings(env)
    except ConfigError as error:
        findings.append(Finding(False, str(error)))
    else:
        findings.append(await check_mindo(mindo, demo=demo, clock=clock, transport=mindo_transport))
    return findings


def _code(error: SlackApiError) -> str:
    return slack_error_code(error)
