"""Running ``bulksends run`` as its own process in a test: reading its log until it listens."""

from __future__ import annotations

import asyncio
import json
from typing import Any


async def until_listening(process: asyncio.subprocess.Process) -> list[dict[str, Any]]:
    """The app's JSON log lines (stderr) up to and including "listening", its last one."""
    assert process.stderr is not None
    lines: list[dict[str, Any]] = []
    while not lines or lines[-1]["message"] != "listening":
        raw = await asyncio.wait_for(process.stderr.readline(), 30)
        assert raw, "the app stopped before listening"
        lines.append(json.loads(raw))
    return lines
