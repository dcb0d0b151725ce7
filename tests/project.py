"""The project's own files, read by the tests that hold documents to the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def settings_read() -> set[str]:
    """Every environment variable bot/settings reads (a module, or a package of them)."""
    package = ROOT / "bot" / "settings"
    files = sorted(package.rglob("*.py")) if package.is_dir() else [package.with_suffix(".py")]
    names: set[str] = set()
    for file in files:
        names |= set(re.findall(r'"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"', file.read_text()))
    return names


def markdown_section(text: str, heading: str) -> str:
    """The section under ``heading`` (a whole ``## …`` line), up to the next of its level."""
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n") + 1
    following = re.search(rf"^{re.escape(level)} ", text[start + len(heading) :], re.MULTILINE)
    end = start + len(heading) + following.start() if following else len(text)
    return text[start:end]
