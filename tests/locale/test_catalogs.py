"""The catalogs cover the code: every sentence found, translated, with its placeholders.

``pybabel``'s extraction (``bot.locale.catalogs.extract``) is the reference for what the
code marks; a sentence it cannot see (a translator call inside an f-string, which
Python 3.11's tokenizer hides from Babel) would show in English forever, so that is
checked too.
"""

from __future__ import annotations

import ast
import gc

import pytest
from babel.messages.catalog import Catalog

from bot.locale.catalogs import (
    PACKAGE_DIR,
    extract,
    placeholders,
    problems,
    read_catalog,
    translated_languages,
)
from bot.locale.languages import Language

_MISSING = "not in the catalog (run `update`)"
# The position of the context and of the sentences in each marking call.
_ARGUMENTS = {
    "_": (None, 0),
    "N_": (None, 0),
    "gettext": (None, 0),
    "ngettext": (None, 0),
    "pgettext": (0, 1),
    "npgettext": (0, 1),
}


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract()


@pytest.mark.parametrize("language", translated_languages())
def test_every_sentence_the_code_marks_is_in_the_catalog(
    language: Language, template: Catalog
) -> None:
    missing = [p.msgid for p in problems(language, template) if p.what == _MISSING]
    assert missing == [], "run `uv run python -m bot.locale.catalogs update`, then translate"


@pytest.mark.parametrize("language", translated_languages())
def test_every_sentence_is_translated_with_the_same_placeholders(
    language: Language, template: Catalog
) -> None:
    wrong = [str(p) for p in problems(language, template) if p.what != _MISSING]
    assert wrong == []


@pytest.mark.parametrize("language", translated_languages())
def test_the_catalogs_keep_no_sentence_the_code_dropped(
    language: Language, template: Catalog
) -> None:
    wanted = {(m.context, _first(m.id)) for m in template if m.id}
    kept = {(m.context, _first(m.id)) for m in read_catalog(language) if m.id}
    assert sorted(kept - wanted, key=str) == []


def test_a_sentence_missing_from_the_catalogs_is_reported(template: Catalog) -> None:
    grown = Catalog()
    for message in template:
        if message.id:
            grown.add(message.id, context=message.context)
    grown.add("A sentence nobody has translated yet")
    for language in translated_languages():
        found = [p.msgid for p in problems(language, grown) if p.what == _MISSING]
        assert found == ["A sentence nobody has translated yet"]


def test_extraction_sees_every_marked_sentence(template: Catalog) -> None:
    """Each marking call with literal sentences, found by reading the code, is extracted."""
    extracted = {(m.context, _first(m.id)) for m in template if m.id}
    unseen = [
        f"{path.relative_to(PACKAGE_DIR.parent)}:{line}: {key[1]!r}"
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        for line, key in _marked(path.read_text())
        if key not in extracted
    ]
    assert unseen == [], "keep marking calls out of f-strings (Babel cannot read inside them)"


def _parse(source: str) -> ast.Module:
    """``ast.parse`` with no garbage collection meanwhile: on CPython 3.11 a collection
    during it can run an earlier test's finalizers and fail with "AST constructor recursion
    depth mismatch" (a SystemError that made this test flaky in the full suite)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return ast.parse(source)
    finally:
        if collecting:
            gc.enable()


def _marked(source: str) -> list[tuple[int, tuple[str | None, str]]]:
    found = []
    for node in ast.walk(_parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in _ARGUMENTS:
            continue
        context_at, message_at = _ARGUMENTS[name]
        message = _literal(node.args, message_at)
        context = _literal(node.args, context_at) if context_at is not None else None
        if message is not None and (context_at is None or context is not None):
            found.append((node.lineno, (context, message)))
    return found


def _literal(args: list[ast.expr], at: int) -> str | None:
    if at < len(args):
        node = args[at]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
    return None


def _first(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def test_the_code_scan_finds_a_sentence_inside_an_f_string() -> None:
    source = 'x = f"*{tr._(\'Top templates\')}*"\ny = tr.pgettext("status", "Failed")\n'
    assert sorted(_marked(source)) == [(1, (None, "Top templates")), (2, ("status", "Failed"))]


def test_argparses_percent_placeholders_are_checked_too() -> None:
    assert placeholders("invalid choice: %(value)r (choose from %(choices)s)") == {
        "%(value)r",
        "%(choices)s",
    }
    assert placeholders("unrecognized arguments: %s") == {"%s"}
    assert placeholders("{n} sends, 100% read") == {"n"}
