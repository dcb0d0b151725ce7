"""The word packs: complete in every language, checked on loading, and only data."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from bot.locale.languages import LANGUAGES, Language
from bot.locale.words import (
    MONTHS,
    SCHEMA,
    UNITS,
    WEEKDAYS,
    WordPackError,
    expand,
    load_pack,
    word_pack,
)

# What every language must have words for; the other keys are optional ("pasado").
REQUIRED = {
    "statuses": SCHEMA["statuses"],
    "units": frozenset(UNITS),
    "prepositions": frozenset({"since", "until", "before", "after", "between", "in"}),
    "connectors": frozenset({"last", "this", "to", "and", "articles"}),
    "words": frozenset({"help", "template", "negations", "fillers", "ordinal_suffixes"}),
    "digest": SCHEMA["digest"] - {"fillers"},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_words_it_needs(language: Language) -> None:
    pack = word_pack(language)
    for section, keys in REQUIRED.items():
        missing = {key for key in keys if not pack.words(section, key)}
        assert not missing, f"{language}: {section} lacks {sorted(missing)}"
    months = {m for s in ("months", "months_in_context") for m in pack.section(s)}
    assert months == set(MONTHS)
    weekdays = {d for s in ("weekdays", "weekdays_in_context") for d in pack.section(s)}
    assert weekdays == set(WEEKDAYS)
    assert set(pack.section("numbers")) == {str(n) for n in range(1, 13)}


@pytest.mark.parametrize(
    ("phrase", "spellings"),
    [
        (
            "send me (a) preview (now)",
            {
                "send me a preview now",
                "send me preview now",
                "send me a preview",
                "send me preview",
            },
        ),
        ("(los) días vacíos", {"los días vacíos", "días vacíos"}),
        ("today", {"today"}),
    ],
)
def test_optional_words_are_expanded(phrase: str, spellings: set[str]) -> None:
    assert set(expand(phrase)) == spellings


@pytest.mark.parametrize(
    ("toml", "complaint"),
    [
        ("[statuses]\nfaild = ['x']\n", "unknown key statuses.faild"),
        ("[status]\nfailed = ['x']\n", "unknown section [status]"),
        ("[statuses]\nfailed = 'x'\n", "statuses.failed must be a list"),
        ("[statuses]\nfailed = ['']\n", "statuses.failed must be a list"),
        ("statuses = 1\n", "[statuses] must be a table"),
        ("[statuses\n", "words.toml"),
    ],
)
def test_a_pack_that_breaks_the_schema_is_refused(
    tmp_path: Path, toml: str, complaint: str
) -> None:
    path = tmp_path / "words.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(WordPackError, match=complaint.replace("[", r"\[").replace(".", r"\.")):
        load_pack(path, "en")


def test_a_new_language_is_only_data(tmp_path: Path) -> None:
    """A French pack builds into the question lexicon with no code change."""
    from bot.query.vocabulary import Kind, _build

    path = tmp_path / "words.toml"
    path.write_text(
        "[statuses]\nfailed = ['échoués', 'en échec']\n"
        "[periods]\nyesterday = ['hier']\n"
        "[months]\nmarch = ['mars']\n",
        encoding="utf-8",
    )
    french = load_pack(path, cast(Language, "fr"))
    lexicon, spellings = _build([*(word_pack(language) for language in LANGUAGES), french])
    assert lexicon[("echoues",)].kind is Kind.STATUS
    assert lexicon[("en", "echec")].langs == {"fr"}
    assert spellings[("hier",)] == {"hier": {"fr"}}
    assert "fr" in lexicon[("mars",)].langs
