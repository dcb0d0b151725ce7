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

from bot.config import Secret

REDACTED = "********"

#: Libraries whose INFO lines are noise for operators (per-request chatter).
_QUIET = ("slack_bolt", "slack_sdk", "aiohttp.access", "httpx")


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
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    return handler
