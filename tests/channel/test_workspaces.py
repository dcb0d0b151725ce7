"""Serving every workspace: each one's lines name it, and one waiting is said quietly."""

from __future__ import annotations

import io
import json
import logging

from bot.channel.workspaces import each_workspace
from bot.logs import JsonFormatter

work_log = logging.getLogger("tests.channel.work")


async def test_each_workspaces_lines_name_it_and_one_without_its_parts_waits_at_debug() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    saved = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)

    async def resolve(team: str) -> str | None:
        return None if team == "T0WAITS" else f"parts of {team}"

    async def work(team: str, parts: str) -> str:
        work_log.info("working")
        if team == "T0BREAKS":
            raise RuntimeError("broken\nover two lines")
        return parts

    try:
        done = await each_workspace(
            ["T0ACME", "T0WAITS", "T0BREAKS"], resolve, work, at_once=2, what="alerts"
        )
    finally:
        root.removeHandler(handler)
        root.setLevel(saved)
    assert done == {"T0ACME": "parts of T0ACME"}
    lines = [json.loads(raw) for raw in stream.getvalue().splitlines()]
    assert [(line["level"], line["team"]) for line in lines if line["message"] == "working"] == [
        ("info", "T0ACME"),
        ("info", "T0BREAKS"),
    ]
    [waits] = [line for line in lines if "wait" in line["message"]]
    assert (waits["level"], waits["team"]) == ("debug", "T0WAITS")
    [failed] = [line for line in lines if "failed" in line["message"]]
    assert failed["team"] == "T0BREAKS" and "over two lines" in failed["traceback"]
