"""Calling Slack's Web API safely: one session with a real timeout, errors read defensively.

slack-sdk gives every call a 30 s timeout, but only on sessions it makes itself: a shared
``aiohttp`` session keeps aiohttp's own 5-minute default, and a Share whose Slack call
never answered kept its user waiting that long. ``web_api_session`` puts the timeout back.

A refused call's ``SlackApiError.response`` is usually a ``SlackResponse`` holding Slack's
JSON, but an HTTP 500 with an HTML page gives a ``str`` body or even the raw aiohttp
response, and ``error.response.get("error")`` then raises inside the error path itself.
``slack_error_code`` is the one reader of those errors: it always returns a short code.
"""

from __future__ import annotations

from collections.abc import Mapping

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

#: Seconds one Web API call may take (slack-sdk's own default).
WEB_API_TIMEOUT = 30.0
#: Slack's codes are short snake_case words; anything longer is not one.
_CODE_LIMIT = 60
#: Codes worth trying again later: Slack was busy or broken, not refusing.
TRANSIENT_CODES = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


class SlackCallError(Exception):
    """A Slack call that failed, read once by whoever made it: Slack's code (or the
    caller's own, ``timeout``…) and, when Slack refused a message's blocks, its details."""

    def __init__(self, code: str, *, details: tuple[str, ...] = ()) -> None:
        super().__init__(code)
        self.code = code
        #: Slack's detail messages about a refused message (which block it blamed).
        self.details = details


def web_api_session(timeout: float = WEB_API_TIMEOUT) -> aiohttp.ClientSession:
    """The session the app's Web API client shares: every call ends within ``timeout``."""
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout))


def slack_error_code(error: BaseException) -> str:
    """Slack's error code (``channel_not_found``…), else ``http_<status>``, else the type.

    Never raises, whatever the response holds.
    """
    response = getattr(error, "response", None)
    data = getattr(response, "data", None)
    if isinstance(data, Mapping):
        code = data.get("error")
        if isinstance(code, str) and code.strip() and len(code) <= _CODE_LIMIT:
            return code.strip()
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    if isinstance(status, int) and not isinstance(status, bool):
        return f"http_{status}"
    return type(error).__name__


def retry_after(error: BaseException) -> float | None:
    """The seconds a 429's ``Retry-After`` asks for, if the error carries one."""
    headers = getattr(getattr(error, "response", None), "headers", None)
    if not isinstance(headers, Mapping):
        return None
    raw = headers.get("Retry-After") or headers.get("retry-after")
    try:
        seconds = float(raw) if isinstance(raw, str | int | float) else None
    except ValueError:
        return None
    return None if seconds is None or not 0 <= seconds < 86_400 else seconds


def single_attempt(client: AsyncWebClient) -> AsyncWebClient:
    """The same client (token, address, session, timeout) without its retry handlers:
    every call is one request, so its caller decides, call by call, what comes next."""
    return AsyncWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        session=client.session,
        retry_handlers=[],
    )


def is_transient(code: str) -> bool:
    """Slack busy or failing (its own word, or an HTTP 429 / 5xx): worth a later try."""
    if code in TRANSIENT_CODES:
        return True
    if code.startswith("http_") and code[5:].isdigit():
        status = int(code[5:])
        return status == 429 or status >= 500
    return False


async def hidden_from_app(client: AsyncWebClient, channel_id: str) -> bool:
    """Whether Slack says the channel does not exist for the app: a private channel it has
    not been invited to (or one that is gone), where every post would fail. Asked with
    ``conversations.history`` (the history scopes the app already has), one message long.

    Anything else says nothing against posting: a public channel the app has not joined
    (``not_in_channel``: ``chat:write.public`` posts there), a missing scope on an older
    install, Slack slow or down; the post itself then says what is wrong.
    """
    try:
        await client.conversations_history(channel=channel_id, limit=1)
    except SlackApiError as error:
        return slack_error_code(error) == "channel_not_found"
    except (aiohttp.ClientError, TimeoutError):
        return False
    return False
