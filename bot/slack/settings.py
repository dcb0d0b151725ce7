"""Slack settings from the environment, checked once before the app starts.

Socket Mode needs the bot token and an app-level token; HTTP mode needs the bot token
and the signing secret. Every problem is one ``ConfigError`` naming the variable and
saying where in the Slack app's pages to find the right value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.config import ConfigError, Secret, check_url

Mode = Literal["socket", "http"]

DEFAULT_API_URL = "https://slack.com/api/"

#: Token prefixes, to say what was pasted by mistake without showing any of it.
_TOKEN_KINDS = {
    "xoxb-": "a bot token (xoxb-)",
    "xoxp-": "a user token (xoxp-)",
    "xapp-": "an app-level token (xapp-)",
    "xoxe": "a refresh token (xoxe)",
}


@dataclass(frozen=True)
class SlackSettings:
    mode: Mode
    bot_token: Secret
    signing_secret: Secret | None
    app_token: Secret | None
    #: Web API base URL with a trailing slash (slack-sdk appends the method name).
    api_url: str


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _token(env: Mapping[str, str], name: str, prefix: str, where: str) -> Secret | None:
    raw = _get(env, name)
    if raw is None:
        return None
    if any(c.isspace() for c in raw) or not raw.isprintable():
        raise ConfigError(f"{name} has spaces or invisible characters; paste it again.")
    if not raw.startswith(prefix):
        kind = next((k for p, k in _TOKEN_KINDS.items() if raw.startswith(p)), "not a Slack token")
        raise ConfigError(
            f"{name} must start with {prefix!r} (it is the token under {where}); "
            f"the value set looks like {kind}."
        )
    return Secret(raw)


def load_slack_settings(
    env: Mapping[str, str] | None = None, *, http: bool = False, web_api_only: bool = False
) -> SlackSettings:
    """Read the Slack variables; ``http`` chooses HTTP mode instead of Socket Mode.

    ``web_api_only``: only Web API calls will be made (the CLI posting a digest), so
    neither mode's own credential (app token, signing secret) is required.
    """
    env = os.environ if env is None else env
    bot_token = _token(
        env, "SLACK_BOT_TOKEN", "xoxb-", "OAuth & Permissions → Bot User OAuth Token"
    )
    if bot_token is None:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from "
            "OAuth & Permissions in your Slack app's settings."
        )
    app_token = _token(env, "SLACK_APP_TOKEN", "xapp-", "Basic Information → App-Level Tokens")
    secret = _get(env, "SLACK_SIGNING_SECRET")
    if secret is not None and (any(c.isspace() for c in secret) or not secret.isprintable()):
        raise ConfigError(
            "SLACK_SIGNING_SECRET has spaces or invisible characters; paste it again."
        )
    if http and secret is None and not web_api_only:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs it to check that requests come "
            "from Slack (Basic Information → App Credentials → Signing Secret)."
        )
    if not http and app_token is None and not web_api_only:
        raise ConfigError(
            "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) with "
            "connections:write (Basic Information → App-Level Tokens), or run with --http."
        )
    raw_url = _get(env, "SLACK_API_URL")
    api_url = DEFAULT_API_URL if raw_url is None else check_url("SLACK_API_URL", raw_url) + "/"
    return SlackSettings(
        mode="http" if http else "socket",
        bot_token=bot_token,
        signing_secret=Secret(secret) if secret else None,
        app_token=app_token,
        api_url=api_url,
    )
