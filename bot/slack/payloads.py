"""What Slack may send the app, one schema per kind of payload, checked before any listener.

Slack's signature proves who sent a request, not that its body has the shape listeners
read: ``actions: []``, an ``event`` that is a string, or a user id of 5,000 characters
once reached Bolt's matchers and our listeners and ended in HTTP 500. Every payload is
read here first, by its kind (slash command, block action, view submission or closing,
event, URL check); one that does not fit is refused whole with ``PayloadError`` (HTTP
400), and listeners may then rely on what the schema promises.

Button values are read by ``read_view_state``: the codec's own checks plus dates that a
calendar can hold with room to spare (a year-1 range used to overflow deep inside).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from bot.domain.slack_ids import CONVERSATION_ID, SENDER_ID, TEAM_ID
from bot.query.codec import StateError, ViewState, decode_state

#: The dates a button's range may hold; anything else is not a button this app wrote.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)

_URL = re.compile(r"^https?://[^\s]{1,2000}$")
#: Slack's own limits, with room: a button value holds 2,000 characters.
_SHORT = 256
_VALUE = 2000
_TEXT = 12_000

INTERACTIVE = frozenset(
    {"block_actions", "view_submission", "view_closed", "shortcut", "message_action"}
)


class PayloadError(ValueError):
    """A signed body that is not a payload this app can read; ``str()`` says what is wrong
    without quoting the body."""


def payload_kind(body: Any) -> str:
    """The payload's kind (``command``, ``block_actions``, ``event:app_home_opened``…).

    Raises PayloadError when the body does not fit its kind's schema.
    """
    if not isinstance(body, Mapping):
        raise PayloadError("the body is not an object")
    if "command" in body:
        _check_command(body)
        return "command"
    kind = body.get("type")
    if kind == "url_verification":
        _text(body, "challenge", _SHORT)
        return "url_verification"
    if kind == "event_callback":
        return "event:" + _check_event(body)
    if kind == "app_rate_limited":
        return "app_rate_limited"
    if kind in INTERACTIVE:
        _user_object(body)
        CHECKS.get(kind, _nothing_more)(body)
        return str(kind)
    raise PayloadError(f"unknown payload type {_quote(kind)}")


def read_view_state(value: Any) -> ViewState:
    """A button's value as the question it carries; StateError if this app did not write it."""
    if not isinstance(value, str):
        raise StateError("a button without a value")
    state = decode_state(value)
    span = state.query.range
    for day in (span.start, span.end):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise StateError("a button whose dates no calendar question has")
    return state


def _check_command(body: Mapping[str, Any]) -> None:
    _text(body, "command", 64, pattern=re.compile(r"^/\S+$"))
    _text(body, "text", _TEXT, required=False)
    _text(body, "user_id", _SHORT, pattern=SENDER_ID)
    _text(body, "channel_id", _SHORT, pattern=CONVERSATION_ID)
    _text(body, "team_id", _SHORT, pattern=TEAM_ID, required=False)
    _text(body, "response_url", _VALUE, pattern=_URL)
    _text(body, "trigger_id", _SHORT)
    _text(body, "channel_name", _SHORT, required=False)


def _check_event(body: Mapping[str, Any]) -> str:
    _text(body, "event_id", _SHORT, required=False)
    event = body.get("event")
    if not isinstance(event, Mapping):
        raise PayloadError("the event is not an object")
    kind = _text(event, "type", 64)
    if kind == "app_home_opened":
        _text(event, "user", _SHORT, pattern=SENDER_ID)
        _text(event, "tab", 32, required=False)
    return kind


def _check_block_actions(body: Mapping[str, Any]) -> None:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        raise PayloadError("block_actions without actions")
    if len(actions) > 25:
        raise PayloadError("block_actions with too many actions")
    for action in actions:
        if not isinstance(action, Mapping):
            raise PayloadError("an action is not an object")
        _text(action, "action_id", _SHORT)
        # A value too long for a button is the listener's to call stale, in words.
        _text(action, "value", _TEXT, required=False)
    _text(body, "response_url", _VALUE, pattern=_URL, required=False)
    _text(body, "trigger_id", _SHORT, required=False)
    channel = body.get("channel")
    if channel is not None:
        if not isinstance(channel, Mapping):
            raise PayloadError("the channel is not an object")
        _text(channel, "id", _SHORT, pattern=CONVERSATION_ID)


def _check_view(body: Mapping[str, Any]) -> None:
    view = body.get("view")
    if not isinstance(view, Mapping):
        raise PayloadError("the view is not an object")
    _text(view, "callback_id", _SHORT, required=False)
    _text(view, "private_metadata", 3000, required=False)
    state = view.get("state", {})
    values = state.get("values", {}) if isinstance(state, Mapping) else None
    if not isinstance(values, Mapping) or not all(
        isinstance(block, Mapping) and all(isinstance(v, Mapping) for v in block.values())
        for block in values.values()
    ):
        raise PayloadError("the view's state is not blocks of values")


def _nothing_more(body: Mapping[str, Any]) -> None:
    """Kinds the app does not serve: the user is all Bolt reads before it says so."""


CHECKS: dict[str, Callable[[Mapping[str, Any]], None]] = {
    "block_actions": _check_block_actions,
    "view_submission": _check_view,
    "view_closed": _check_view,
}


def _user_object(body: Mapping[str, Any]) -> None:
    user = body.get("user")
    if not isinstance(user, Mapping):
        raise PayloadError("the user is not an object")
    _text(user, "id", _SHORT, pattern=SENDER_ID)


def _text(
    where: Mapping[str, Any],
    key: str,
    limit: int,
    *,
    pattern: re.Pattern[str] | None = None,
    required: bool = True,
) -> str:
    value = where.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise PayloadError(f"{key} is {'missing' if value is None else 'not text'}")
    if len(value) > limit:
        raise PayloadError(f"{key} is {len(value)} characters long")
    if pattern is not None and not pattern.match(value):
        raise PayloadError(f"{key} is not in Slack's form")
    return value


def _quote(value: Any) -> str:
    return repr(value)[:40] if isinstance(value, str) else type(value).__name__
