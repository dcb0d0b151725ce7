"""No words for people are left outside the Translator in the builders and the terminal.

Every string literal in ``bot/message`` and ``bot/terminal.py`` that holds a word (two
letters in a row) must be an argument of ``_`` / ``ngettext`` / ``pgettext`` /
``npgettext`` / ``N_``, or stand where text is not for people: a docstring, an
exception raised for developers, a ``match`` pattern, a comparison, a subscript or a
``get``, a dict key, a type annotation, ``__all__``, Block Kit ids and types. What is
left must be listed in ``NOT_WORDS`` below: ids, codes and formats, on purpose.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = sorted([*(ROOT / "bot" / "message").glob("*.py"), ROOT / "bot" / "terminal.py"])

TRANSLATOR_CALLS = frozenset({"_", "ngettext", "pgettext", "npgettext", "N_"})
#: Keyword arguments that carry identifiers or options, not text.
ID_KEYWORDS = frozenset(
    {"type", "action_id", "block_id", "callback_id", "value", "include", "style"}
)
_WORD = re.compile(r"[A-Za-z]{2,}")

#: Literals that hold letters but are no one's words: ids, codes, formats, commands.
NOT_WORDS: dict[str, frozenset[str]] = {
    # Button action ids.
    "actions.py": frozenset(
        {"share", "only_problems", "page_prev", "page_next", "details", "ask"}
        | {"alert_mute_template", "alert_mute_alerts", r"^ask(:\d+)?$"}
    ),
    # The form's callback, block and option ids; Slack's conversation types.
    "digest_form.py": frozenset(
        {"digest_editor", "time", "days", "options", "enabled", "skip_empty", "wide"}
    ),
    # Block and action ids.
    "channel_form.py": frozenset({"value", "channel", "tz", "language"}),
    # Babel's pattern and width names; Meta's tier codes.
    "digest.py": frozenset({"short", r"TIER_(\d+K?|UNLIMITED)"}),
    "daily_chart.py": frozenset({"MMMd"}),
    # The alerts form's callback, block and option ids; Slack's conversation types.
    "alerts_form.py": frozenset(
        {"alerts_editor", "enabled", "options", "threshold", "stuck"}
        | {"templates", "quiet_start", "quiet_end"}
    ),
    # Babel's pattern and format names.
    "alerts.py": frozenset({"short", "long"}),
    "alert_replies.py": frozenset({"short", "• `/bulksends "}),
    "home.py": frozenset({"MMMEd", "short"}),
    "moments.py": frozenset({"short"}),
    "digest_replies.py": frozenset({"abbreviated", "short", "• `/bulksends "}),
    # The chart block's JSON fields and chart types (Slack's names).
    "charts.py": frozenset(
        {"data_visualization", "type", "title", "chart", "block_id", "series", "axis_config"}
        | {"name", "data", "label", "value", "categories", "x_label", "y_label", "segments"}
        | {"line", "bar", "area", "pie"}
    ),
    # The connect form's ids; the app's and Mindo's names, the same in every language.
    "connect.py": frozenset(
        {"mindo_connect", "mindo_disconnect", "mindo_connect_form", "mindo_key", "key"}
        | {"bulksends", "Mindo"}
    ),
    # Babel's date skeletons.
    "phrases.py": frozenset({"MMMd", "yMMM"}),
    # The table block's type and Slack's column alignments.
    "tables.py": frozenset({"table", "left", "right", "center"}),
    # The language of last resort.
    "errors.py": frozenset({"en"}),
    # The command's name, the same in every language.
    "help.py": frozenset({"• `/bulksends ", "/bulksends "}),
    # HTML entities Slack wants.
    "text.py": frozenset({"&amp;", "&lt;", "&gt;"}),
    # A TypeVar's name.
    "fit.py": frozenset({"Layout"}),
    # The message's keys for chat.postMessage.
    "slack.py": frozenset({"text", "blocks"}),
    # The CLI's command and Slack's.
    "terminal.py": frozenset({"/bulksends", "bulksends ask", '  bulksends ask "'}),
}


def stray_literals(source: str) -> list[tuple[int, str]]:
    """String literals holding words that no translator call and no exempt place covers."""
    tree = ast.parse(source)
    exempt: set[int] = set()

    def exempt_all(node: ast.AST) -> None:
        exempt.update(id(sub) for sub in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            exempt_all(node)  # docstrings, of modules, classes, functions and attributes
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in TRANSLATOR_CALLS:
                for argument in node.args:
                    exempt_all(argument)
            elif name == "JsonValidator":  # slack_sdk's limit messages, for developers
                exempt_all(node)
            elif name in ("get", "getattr"):  # a key or an attribute looked up
                for argument in node.args[:2]:
                    exempt_all(argument)
            for keyword in node.keywords:
                if keyword.arg in ID_KEYWORDS:
                    exempt_all(keyword.value)
        elif isinstance(node, ast.Raise | ast.Compare):
            exempt_all(node)
        elif isinstance(node, ast.match_case):
            exempt_all(node.pattern)
        elif isinstance(node, ast.Subscript):
            exempt_all(node.slice)
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                if key is not None:
                    exempt_all(key)
        elif isinstance(node, ast.AnnAssign | ast.arg):
            if node.annotation is not None:
                exempt_all(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            exempt_all(node.returns)
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            exempt_all(node)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in exempt
        and _WORD.search(node.value)
    ]


@pytest.mark.parametrize("path", SCANNED, ids=lambda path: path.name)
def test_no_words_outside_the_translator(path: Path) -> None:
    allowed = NOT_WORDS.get(path.name, frozenset())
    stray = [(line, text) for line, text in stray_literals(path.read_text()) if text not in allowed]
    assert stray == [], f"{path.name}: translate these, or list them in NOT_WORDS if not words"


def test_the_guard_finds_words_outside_the_translator() -> None:
    source = '''
def build(tr):
    """A docstring is fine."""
    SectionBlock(text=f"*Recipients* {n}")
    ButtonElement(text=plain("Share"), action_id="share")
    ok = tr._("Details · {name}", name=n) + tr.pgettext("status", "Failed")
    raise ValueError("for developers")
'''
    assert stray_literals(source) == [(4, "*Recipients* "), (5, "Share")]
