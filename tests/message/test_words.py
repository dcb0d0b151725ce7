"""Words several messages share: every status named, buttons that fit, enough examples."""

from __future__ import annotations

import pytest

from bot.domain.sends import STATUS_ORDER
from bot.locale.languages import LANGUAGES, Language
from bot.locale.translate import translator
from bot.message import limits
from bot.message.words import STATUS_EMOJI, examples, status_adjective, status_label


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_status_has_its_own_label_and_adjective(language: Language) -> None:
    tr = translator(language)
    for words in (status_label, status_adjective):
        named = [words(status, tr) for status in STATUS_ORDER]
        assert all(name.strip() for name in named)
        assert len(set(named)) == len(STATUS_ORDER)
    assert set(STATUS_EMOJI) == set(STATUS_ORDER)


@pytest.mark.parametrize("language", LANGUAGES)
def test_button_labels_fit(language: Language) -> None:
    tr = translator(language)
    for label in ("Share in channel", "Only problems", "Previous", "Next", "Details"):
        assert len(tr._(label)) <= limits.MAX_BUTTON_TEXT


@pytest.mark.parametrize("language", LANGUAGES)
def test_six_to_eight_examples_per_language(language: Language) -> None:
    assert 6 <= len(examples(translator(language))) <= 8
