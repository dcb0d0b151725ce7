"""The real ``bulksends`` command, run in this process with its own streams and environment.

``env`` is the whole environment the command sees: nothing leaks in from the machine's
(its Slack or Mindo settings, its LANG), so a test says everything it depends on.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from bot.cli.main import main


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit code and everything it printed."""

    code: int
    out: str
    err: str


def bulksends(
    *argv: str,
    env: Mapping[str, str] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Ran:
    """``sleep``: what Mindo's retries wait on (a ``SleepRecorder`` makes them instant)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, dict(env or {}), sleep=sleep)
    return Ran(code, out.getvalue(), err.getvalue())
