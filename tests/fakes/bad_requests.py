"""Requests no app should trust, for the HTTP edge's tests and the chaos test.

``GARBAGE`` bodies are sent unsigned under every one of ``BAD_HEADERS`` (expect 401) and
signed (expect 400); ``MALFORMED_PAYLOADS`` are signed bodies that break their kind's
schema (expect 400). None may ever get a 500.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from tests.fakes.slack_requests import FORM, action_payload, slash_command

JSON = "application/json"
USER = "UENGLISH"
CHANNEL = "CMEMBER"
ACTION = "page_next"

GARBAGE: list[tuple[str, bytes, str]] = [
    ("not UTF-8", b"\xff\xfe\x00garbage\x80", FORM),
    ("a JSON array", b"[1, 2, 3]", JSON),
    ("payload= not JSON", b"payload=%7Bnot+json", FORM),
    ("payload= a list", b"payload=%5B%5D", FORM),
    ("JSON a string", b'"hello"', JSON),
    ("deep nesting", b"[" * 5000 + b"]" * 5000, JSON),
    ("empty", b"", FORM),
    ("a truncated object", b'{"type": "event_callback", "event": ', JSON),
    ("form without payload", b"user_id=U1&text=hi", FORM),
    ("NUL bytes", b"\x00" * 64, FORM),
    ("a huge body", b"a=" + b"x" * 200_000, FORM),
    ("JSON null", b"null", JSON),
]

BAD_HEADERS: list[tuple[str, dict[str, str]]] = [
    ("no headers", {}),
    ("timestamp abc", {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
    ("timestamp 1e9", {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=00"}),
    ("negative timestamp", {"X-Slack-Request-Timestamp": "-5", "X-Slack-Signature": "v0=0"}),
    ("a day old", {"X-Slack-Request-Timestamp": str(int(time.time()) - 86400)}),
    ("signature only", {"X-Slack-Signature": "v0=" + "0" * 64}),
    ("wrong signature", {"X-Slack-Request-Timestamp": str(int(time.time()))}),
    ("non-ASCII signature", {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=ñ"}),
]


def _interactive(payload: object) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def _click(**changes: object) -> dict[str, object]:
    payload = action_payload(
        ACTION, "x", user=USER, channel=CHANNEL, response_url="http://x/response/1"
    )
    return {**payload, **changes}


MALFORMED_PAYLOADS: list[tuple[str, bytes, str]] = [
    ("actions []", _interactive(_click(actions=[])), FORM),
    ("actions {}", _interactive(_click(actions={})), FORM),
    ("an action that is a string", _interactive(_click(actions=["next"])), FORM),
    ("a user that is a string", _interactive(_click(user="U1")), FORM),
    ("a 5,000-character user id", _interactive(_click(user={"id": "U" + "A" * 5000})), FORM),
    ("a channel that is a list", _interactive(_click(channel=[])), FORM),
    ("an unknown type", _interactive(_click(type="something_else")), FORM),
    (
        "event a string",
        json.dumps({"type": "event_callback", "event": "app_home_opened"}).encode(),
        JSON,
    ),
    (
        "home opened by nobody",
        json.dumps({"type": "event_callback", "event": {"type": "app_home_opened"}}).encode(),
        JSON,
    ),
    (
        "a view whose state is a list",
        _interactive(
            {"type": "view_submission", "user": {"id": USER}, "view": {"state": {"values": []}}}
        ),
        FORM,
    ),
    ("a command without a user", urlencode({"command": "/bulksends", "text": "x"}).encode(), FORM),
    (
        "a command from a channel id of 5,000 characters",
        slash_command("x", user=USER, channel="C" + "1" * 5000, response_url="http://x").body,
        FORM,
    ),
    (
        "a command whose response_url is not a URL",
        slash_command("x", user=USER, channel=CHANNEL, response_url="javascript:1").body,
        FORM,
    ),
]
