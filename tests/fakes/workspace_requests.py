"""What Slack sends a distributed app: the same requests as ``slack_requests``, from a given
workspace (or an organisation, for org-wide installs), and the forms' submissions."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.fakes.slack_requests import APP_ID, FORM, SlackRequest

_ids = itertools.count(1)


@dataclass(frozen=True)
class From:
    """Where a request comes from: a workspace, and its organisation for org-wide installs."""

    team: str
    enterprise: str | None = None
    org_wide: bool = False

    def fields(self) -> dict[str, Any]:
        return {
            "team_id": self.team,
            "enterprise_id": self.enterprise,
            "is_enterprise_install": "true" if self.org_wide else "false",
        }


def command(text: str, where: From, *, user: str, channel: str, response_url: str) -> SlackRequest:
    fields = {
        "token": "deprecated-verification-token",
        "team_domain": where.team.lower(),
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/bulksends",
        "text": text,
        "api_app_id": APP_ID,
        "response_url": response_url,
        "trigger_id": f"trigger.{user}.{next(_ids)}",
        **{k: v for k, v in where.fields().items() if v is not None},
    }
    return SlackRequest(urlencode(fields).encode(), FORM)


def _interaction(where: From, user: str, payload: dict[str, Any]) -> SlackRequest:
    body = {
        "team": {"id": where.team, "domain": where.team.lower()},
        "enterprise": {"id": where.enterprise} if where.enterprise else None,
        "is_enterprise_install": where.org_wide,
        "user": {"id": user, "username": user.lower(), "team_id": where.team},
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "trigger_id": f"trigger.{user}.{next(_ids)}",
        **payload,
    }
    return SlackRequest(urlencode({"payload": json.dumps(body)}).encode(), FORM)


def click(
    action_id: str,
    value: str,
    where: From,
    *,
    user: str,
    response_url: str | None = None,
    channel: str | None = None,
) -> SlackRequest:
    """A button: in a message (with its response_url) or on the Home tab (without)."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "action_ts": "1700000001.000200",
            }
        ],
    }
    if response_url is not None:
        payload["response_url"] = response_url
        payload["channel"] = {"id": channel or "CMEMBER", "name": "general"}
        payload["container"] = {"type": "message", "message_ts": "1.2", "is_ephemeral": True}
    else:
        payload["container"] = {"type": "view", "view_id": "VHOME"}
        payload["view"] = {"id": "VHOME", "type": "home", "blocks": []}
    return _interaction(where, user, payload)


def submit(
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    where: From,
    *,
    user: str,
    private_metadata: str = "",
    blocks: list[dict[str, Any]] | None = None,
) -> SlackRequest:
    """A form's Submit (``view_submission``) with ``values`` as Slack lays out its state."""
    view = {
        "id": f"V{next(_ids)}",
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "blocks": blocks or [],
        "state": {"values": values},
        "hash": "h",
    }
    return _interaction(where, user, {"type": "view_submission", "view": view})


def event(inner: dict[str, Any], where: From) -> SlackRequest:
    envelope = {
        "token": "deprecated-verification-token",
        "team_id": where.team,
        "enterprise_id": where.enterprise,
        "api_app_id": APP_ID,
        "event": inner,
        "type": "event_callback",
        "event_id": f"Ev{next(_ids):08d}",
        "event_time": 1700000000,
        "authorizations": [
            {
                "enterprise_id": where.enterprise,
                "team_id": None if where.org_wide else where.team,
                "user_id": "UBOT",
                "is_bot": True,
                "is_enterprise_install": where.org_wide,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return SlackRequest(json.dumps(envelope).encode(), "application/json")


def home_opened(user: str, where: From) -> SlackRequest:
    return event(
        {"type": "app_home_opened", "user": user, "channel": "D0FAKE", "tab": "home"}, where
    )


def uninstalled(where: From) -> SlackRequest:
    return event({"type": "app_uninstalled", "event_ts": "1"}, where)


def tokens_revoked(where: From, *, bot: bool = True, users: tuple[str, ...] = ()) -> SlackRequest:
    tokens = {"oauth": list(users), "bot": ["UBOT"] if bot else []}
    return event({"type": "tokens_revoked", "tokens": tokens, "event_ts": "1"}, where)
