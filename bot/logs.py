"""Structured logs for the running app: one JSON object per line, secrets blotted out.

Listeners log with ``extra={"fields": {...}}``; the formatter lifts those fields to the
top level, so one action (a question answered, a digest run, an alerts poll that did
something) is one line with its ``action``, ``outcome``, ``ms`` and the workspace
(``team``): the workspace whose work is under way (``working_for``, a context variable)
unless the line names its own. A traceback is a field of that line, its newlines escaped
like any other: a line is never split.

Blotting out is a last line of defence: secrets are never logged on purpose, and if a
library ever did, the value would still not reach the output. The values of the secret
settings are blotted out wherever they appear, and so is anything shaped like a Slack
token (``xoxb-``, ``xoxp-``, ``xapp-``, ``xoxe``…: every workspace's, stored ones
included) or a Mindo key (``mindo_`` and a long run of letters and digits).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.settings import Secret

REDACTED = "********"
#: Slack's tokens (bot, user, app-level, refresh, rotated) and Mindo's keys, by their shape.
_SECRET_SHAPES = re.compile(
    r"(?<![\w.-])(?:xox[a-z](?:\.xox[a-z])?-|xapp-)[\w.-]+|(?<![\w.-])mindo_[A-Za-z0-9_-]{16,}"
)
_WORKSPACE: ContextVar[str | None] = ContextVar("log_workspace", default=None)


@contextmanager
def working_for(team: str | None) -> Iterator[None]:
    """Every line logged meanwhile (in this task, and tasks it starts) names ``team``."""
    token = _WORKSPACE.set(team or None)
    try:
        yield
    finally:
        _WORKSPACE.reset(token)


#: Libraries whose INFO lines are noise for operators (per-request chatter).
_QUIET = ("slack_bolt", "slack_sdk", "aiohttp.access", "httpx", "httpcore")
#: Bolt's note of a request with a bad or stale signature, which quotes the whole request
#: (its response_url, the user's words, the legacy verification token).
_SIGNATURE_LOGGER = "slack_bolt.RequestVerification"
SIGNATURE_REFUSED = (
    "refused a request without a valid Slack signature (401): if every request is refused, "
    "check SLACK_SIGNING_SECRET"
)


class LibraryChatter(logging.Filter):
    """Only warnings and errors from the libraries in ``_QUIET``, whatever their loggers say.

    Bolt gives each of its loggers the root logger's level when it creates them, so
    setting the ``slack_bolt`` logger's level is not enough; at DEBUG they log request
    bodies. A refused signature is kept, in words that quote nothing from the request.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or not record.name.startswith(_QUIET):
            return True
        if record.name == _SIGNATURE_LOGGER and "signature" in str(record.msg):
            record.msg, record.args = SIGNATURE_REFUSED, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            return True
        return False


class JsonFormatter(logging.Formatter):
    def __init__(self, secrets: Iterable[Secret | None] = ()) -> None:
        super().__init__()
        # Longest first, so a secret containing another is blotted out whole.
        self._secrets = sorted({s.reveal() for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({k: v for k, v in fields.items() if k not in entry})
        if not entry.get("team") and (team := _WORKSPACE.get()):
            entry["team"] = team
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["traceback"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        return _SECRET_SHAPES.sub(REDACTED, line)


def configure_logging(
    level: str, secrets: Iterable[Secret | None], stream: TextIO | None = None
) -> logging.Handler:
    """Send every log line, as JSON with secrets blotted out, to ``stream`` (stderr)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(secrets))
    handler.addFilter(LibraryChatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    return handler
