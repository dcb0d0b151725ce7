"""Proving the Slack credentials: ``auth.test`` with the bot token (and the scopes it was
granted), and ``apps.connections.open`` with the app-level token (Socket Mode).

Used at start-up and by ``bulksends check``; each failure is a ``ConfigError`` in plain
words that shows no secret.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.locale.translate import N_
from bot.settings import (
    ConfigError,
    Secret,
)
from bot.slack.web_api import is_transient, slack_error_code

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
class BotIdentity:
    team: str
    user: str
    scopes: frozenset[str] | None
    #: The workspace's id (T…), which log lines name.
    team_id: str = ""


async def verify_bot_token(client: AsyncWebClient) -> BotIdentity:
    """Who the bot token signs in as; a ``ConfigError`` in plain words if it cannot."""
    try:
        response = await client.auth_test()
    except SlackApiError as error:
        code = _code(error)
        if code in _TOKEN_REJECTED:
            raise ConfigError(
                N_(
                    "Slack rejected SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token "
                    "(xoxb-…) again from OAuth & Permissions, and reinstall the app if it was "
                    "revoked."
                ),
                code=code,
            ) from None
        if is_transient(code):
            raise ConfigError(
                N_(
                    "Slack is not answering properly right now ({code}), so SLACK_BOT_TOKEN "
                    "could not be checked; try again in a few minutes."
                ),
                code=code,
            ) from None
        raise ConfigError(
            N_("Slack refused to check SLACK_BOT_TOKEN ({code})."), code=code
        ) from None
    except (aiohttp.ClientError, TimeoutError) as error:
        raise _unreachable(client.base_url, error) from None
    header = response.headers.get("x-oauth-scopes") or response.headers.get("X-OAuth-Scopes")
    scopes = frozenset(s.strip() for s in header.split(",")) if header else None
    return BotIdentity(
        team=str(response.get("team", "")),
        user=str(response.get("user", "")),
        scopes=scopes,
        team_id=str(response.get("team_id", "")),
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
                N_(
                    "Slack rejected SLACK_APP_TOKEN ({code}): create an app-level token with "
                    "connections:write under Basic Information → App-Level Tokens."
                ),
                code=code,
            ) from None
        raise ConfigError(
            N_(
                "Slack refused a Socket Mode connection ({code}): turn on Socket Mode in the "
                "app's settings and give the app-level token the connections:write scope."
            ),
            code=code,
        ) from None
    except (aiohttp.ClientError, TimeoutError) as error:
        raise _unreachable(client.base_url, error) from None


async def verify_client_credentials(
    client: AsyncWebClient, client_id: str, client_secret: Secret
) -> None:
    """That Slack knows SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: trading a made-up code must
    fail for the code (``invalid_code``), not for the credentials."""
    try:
        await client.oauth_v2_access(
            client_id=client_id, client_secret=client_secret.reveal(), code="bulksends-check"
        )
    except SlackApiError as error:
        code = _code(error)
        if code in ("invalid_code", "code_already_used", "invalid_grant_type"):
            return
        if code in ("invalid_client_id", "bad_client_secret", "invalid_client"):
            raise ConfigError(
                N_(
                    "Slack does not know SLACK_CLIENT_ID and SLACK_CLIENT_SECRET together "
                    "({code}): copy both again from Basic Information → App Credentials."
                ),
                code=code,
            ) from None
        raise ConfigError(
            N_("Slack refused to check SLACK_CLIENT_ID and SLACK_CLIENT_SECRET ({code})."),
            code=code,
        ) from None
    except (aiohttp.ClientError, TimeoutError) as error:
        raise _unreachable(client.base_url, error) from None
    raise ConfigError(N_("Slack accepted a made-up install code: is SLACK_API_URL Slack?"))


def _unreachable(api_url: str, error: Exception) -> ConfigError:
    return ConfigError(
        N_(
            "Could not reach Slack at {url} ({reason}): check the network, and SLACK_API_URL "
            "if it is set."
        ),
        url=api_url,
        reason=type(error).__name__,
    )


def _code(error: SlackApiError) -> str:
    return slack_error_code(error)
