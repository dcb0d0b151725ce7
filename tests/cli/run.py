"""The real ``bulksends`` command, run in this process with its own streams and environment.

``env`` is the whole environment the command sees: nothing leaks in from the machine's
(its Slack or Mindo settings, its LANG), so a test says everything it depends on.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from bot.cli.main import main


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit code and everything it printed."""

    code: int
    out: str
    err: str


def bulksends(*argv: str, env: Mapping[str, str] | None = None) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, dict(env or {}))
    return Ran(code, out.getvalue(), err.getvalue())
