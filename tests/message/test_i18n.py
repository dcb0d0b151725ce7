from __future__ import annotations

import string

import pytest

from bot.domain.sends import STATUS_ORDER
from bot.locale.languages import Language
from bot.message import limits
from bot.message.i18n import CATALOG, EXAMPLES, STATUS_ADJECTIVES, STATUS_EMOJI, STATUS_LABELS, t

LANGUAGES: tuple[Language, ...] = ("en", "es", "pt")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_phrase_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = CATALOG[key]
    assert tuple(entry) == LANGUAGES
    assert all(entry[language].strip() for language in LANGUAGES)
    assert placeholders(entry["es"]) == placeholders(entry["en"]) == placeholders(entry["pt"])


def test_status_tables_cover_every_status() -> None:
    for table in (STATUS_LABELS, STATUS_ADJECTIVES):
        assert tuple(table) == STATUS_ORDER
        assert all(tuple(words) == LANGUAGES for words in table.values())
    assert set(STATUS_EMOJI) == set(STATUS_ORDER)


@pytest.mark.parametrize("key", ["share", "only_problems", "previous", "next", "details"])
def test_button_labels_fit(key: str) -> None:
    for language in LANGUAGES:
        assert len(t(language, key)) <= limits.MAX_BUTTON_TEXT


def test_six_to_eight_examples_per_language() -> None:
    for language in LANGUAGES:
        assert 6 <= len(EXAMPLES[language]) <= 8


def test_a_catalog_refuses_a_phrase_missing_a_language() -> None:
    from bot.message.i18n import Catalog

    with pytest.raises(ValueError, match="greeting"):
        Catalog({"greeting": {"en": "Hi", "es": "Hola"}, "bye": {"en": "a", "es": "b", "pt": "c"}})
    assert Catalog({"n": {"en": "{n} sends", "es": "{n} envíos", "pt": "{n} envios"}})(
        "es", "n", n=3
    ) == ("3 envíos")
