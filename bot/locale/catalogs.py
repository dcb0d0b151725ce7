"""Keeping the translation catalogs in step with the code (a developer's tool).

``uv run python -m bot.locale.catalogs update`` extracts every sentence marked in
``bot/`` (``_``, ``ngettext``, ``pgettext``, ``npgettext``, ``N_``) and merges it into each
language's ``.po``: new sentences arrive untranslated, sentences gone from the code are
dropped. ``check`` lists what is missing (untranslated sentences, placeholders a
translation lost or invented) and exits 1 if anything is. The files are written
sorted and without source locations, so that two changes touching different sentences
merge cleanly.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.locale.languages import DEFAULT_LANGUAGE, LANGUAGES, Language
from bot.locale.translate import CATALOG_DIR, DOMAIN

PACKAGE_DIR = CATALOG_DIR.parent
_METHOD_MAP = [("**.py", "python")]
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}(?!\})")
#: argparse's sentences (bot/cli/parsing.py) are filled by ``%`` after translation.
_PRINTF = re.compile(r"%(?:\([A-Za-z_]+\))?[sr]")


def po_path(language: Language) -> Path:
    return CATALOG_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translated_languages() -> tuple[Language, ...]:
    """Every language but English, whose sentences are the code's own."""
    return tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)


def extract(root: Path = PACKAGE_DIR) -> Catalog:
    """Every marked sentence under ``root``, as a template catalog."""
    template = Catalog(domain=DOMAIN, fuzzy=False)
    found = extract_from_dir(
        str(root), method_map=_METHOD_MAP, keywords=DEFAULT_KEYWORDS, strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            None,
            locations=[(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def read_catalog(language: Language) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def write_catalog(catalog: Catalog, path: Path) -> None:
    buffer = BytesIO()
    write_po(
        buffer,
        catalog,
        no_location=True,
        sort_output=True,
        ignore_obsolete=True,
        include_previous=False,
        width=100,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def update(languages: Iterable[Language] | None = None) -> None:
    template = extract()
    for language in languages or translated_languages():
        path = po_path(language)
        if path.exists():
            catalog = read_catalog(language)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="bulksends", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        write_catalog(catalog, path)


@dataclass(frozen=True)
class Problem:
    language: Language
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.language}: {self.what}: {self.msgid!r}"


def placeholders(text: str) -> set[str]:
    """``{name}`` placeholders by name, and argparse's ``%(name)s`` / ``%s`` as written."""
    return set(_PLACEHOLDER.findall(text)) | set(_PRINTF.findall(text))


def _ids(message: Message) -> tuple[str, ...]:
    ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
    return tuple(str(i) for i in ids)


def _strings(message: Message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return tuple(s or "" for s in strings)


def problems(language: Language, template: Catalog | None = None) -> Iterator[Problem]:
    """What keeps ``language``'s catalog from covering the code."""
    template = template if template is not None else extract()
    catalog = read_catalog(language)
    for wanted in template:
        if not wanted.id:
            continue
        key = _ids(wanted)[0]
        found = catalog.get(wanted.id, context=wanted.context)
        if found is None:
            yield Problem(language, key, "not in the catalog (run `update`)")
            continue
        strings = _strings(found)
        if found.fuzzy or not all(strings):
            yield Problem(language, key, "not translated")
            continue
        expected = set().union(*(placeholders(i) for i in _ids(wanted)))
        for string in strings:
            got = placeholders(string)
            if got - expected or (expected - {"n"}) - got:
                yield Problem(language, key, f"placeholders {sorted(got)} ≠ {sorted(expected)}")
                break


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
        return 0
    if command == "check":
        template = extract()
        found = [p for language in translated_languages() for p in problems(language, template)]
        for problem in found:
            print(problem)
        return 1 if found else 0
    print("usage: python -m bot.locale.catalogs update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
