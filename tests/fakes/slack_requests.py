"""What Slack sends the app in HTTP mode: signed slash commands, block actions and events.

Bodies are shaped like Slack's (form-encoded commands, ``payload=`` JSON for actions, JSON
events) and signed with the signing secret exactly as Slack signs them, so the app's own
request verification is what lets them in.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

TEAM_ID = "T0FAKE"
APP_ID = "A0FAKE"
FORM = "application/x-www-form-urlencoded"


def signed_headers(body: bytes, content_type: str, secret: str) -> dict[str, str]:
    """Headers signing ``body`` as Slack would, over the bytes themselves (any bytes)."""
    stamp = str(int(time.time()))
    base = b"v0:" + stamp.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
    }


@dataclass(frozen=True)
class SlackRequest:
    body: bytes
    content_type: str

    def headers(self, secret: str, *, timestamp: int | None = None) -> dict[str, str]:
        """Signed headers; pass an old ``timestamp`` to imitate a replayed request."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret).generate_signature(
            timestamp=stamp, body=self.body.decode()
        )
        assert signature is not None
        return {
            "Content-Type": self.content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
        }


def command_payload(
    text: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    command: str = "/bulksends",
) -> dict[str, str]:
    """A slash command's fields (form-encoded over HTTP, a JSON object over Socket Mode)."""
    return {
        "token": "deprecated-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "fake",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "response_url": response_url,
        "trigger_id": f"trigger.{user}",
    }


def slash_command(
    text: str, *, user: str, channel: str, response_url: str, command: str = "/bulksends"
) -> SlackRequest:
    fields = command_payload(
        text, user=user, channel=channel, response_url=response_url, command=command
    )
    return SlackRequest(urlencode(fields).encode(), FORM)


def home_action_payload(action_id: str, value: str, *, user: str) -> dict[str, Any]:
    """A button on the Home tab clicked: a view, not a message; no channel, no response_url."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "container": {"type": "view", "view_id": "VHOME"},
        "trigger_id": f"trigger.{user}",
        "view": {"id": "VHOME", "type": "home", "hash": "h0"},
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "action_ts": "1700000000.000200",
            }
        ],
    }


def action_payload(
    action_id: str,
    value: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    ephemeral: bool = True,
) -> dict[str, Any]:
    """A button click (``payload=`` JSON over HTTP, a JSON object over Socket Mode)."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000100",
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": f"trigger.{user}",
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
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


def block_action(
    action_id: str, value: str, *, user: str, channel: str, response_url: str
) -> SlackRequest:
    payload = action_payload(
        action_id, value, user=user, channel=channel, response_url=response_url
    )
    return SlackRequest(urlencode({"payload": json.dumps(payload)}).encode(), FORM)


def event(inner: dict[str, Any]) -> SlackRequest:
    envelope = {
        "token": "deprecated-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": inner,
        "type": "event_callback",
        "event_id": "Ev0FAKE",
        "event_time": 1700000000,
    }
    return SlackRequest(json.dumps(envelope).encode(), "application/json")


def home_opened(user: str, *, tab: str = "home") -> SlackRequest:
    return event(
        {"type": "app_home_opened", "user": user, "channel": "D0FAKE", "tab": tab, "event_ts": "1"}
    )
