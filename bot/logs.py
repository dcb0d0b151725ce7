"""Structured logs for the running app: one JSON object per line, secrets blotted out.

Listeners log with ``extra={"fields": {...}}``; the formatter lifts those fields to the
top level, so one command is one line with user, channel, query, pages and milliseconds.
Blotting out is a last line of defence: secrets are never logged on purpose, and if a
library ever did, the value would still not reach the output.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.settings import Secret

REDACTED = "********"

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
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        return line


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
