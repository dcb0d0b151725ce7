"""Failure reasons in plain words: every code Meta documents, in every language."""

from __future__ import annotations

import pytest

from bot.domain.meta_errors import KNOWN_CODES
from bot.locale.languages import LANGUAGES, Language
from bot.locale.translate import translator
from bot.message.reasons import explain, reason_block, reason_line
from bot.report import FailureReason
from tests.message.test_no_english import english_words

EN = translator("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_known_code_is_explained_with_what_to_do(language: Language) -> None:
    tr = translator(language)
    for code in sorted(KNOWN_CODES):
        said = explain(FailureReason(f"(#{code}) Something", 3, code), tr)
        assert said.title and said.advice, code
        assert said.code == f"#{code}" and said.original == f"(#{code}) Something"
        if language != "en":
            english = explain(FailureReason(None, 1, code), EN)
            assert (said.title, said.advice) != (english.title, english.advice), code
            shown = f"{said.title} {said.advice}"
            assert english_words(shown, set(), language) == set(), shown


def test_the_issues_examples_read_as_it_asks() -> None:
    waited = explain(FailureReason("(#131047) Re-engagement message", 4, 131047), EN)
    assert waited.title == (
        "The recipient hasn't replied in 24 hours: only approved templates can reach them"
    )
    limited = explain(FailureReason("(#131049) healthy ecosystem", 2, 131049), EN)
    assert limited.title == "Meta is limiting marketing messages to this person"
    assert limited.advice == "Try again later, or send them fewer marketing messages."


def test_an_unknown_code_keeps_metas_own_words_and_a_missing_text_says_so() -> None:
    unknown = explain(FailureReason("(#139999) Brand new *thing*", 5, 139999), EN)
    assert unknown.title == "(#139999) Brand new \u200d*\u200dthing\u200d*\u200d"
    assert unknown.advice is None and unknown.original is None and unknown.code == "#139999"
    assert reason_line(FailureReason("(#139999) Brand new", 5, 139999), EN) == (
        "• *(#139999) Brand new* — 5"
    )
    nothing = explain(FailureReason(None, 2), translator("es"))
    assert nothing.title == "(sin motivo indicado)" and nothing.advice is None


def test_a_reason_block_says_what_to_do_and_quotes_meta() -> None:
    reason = FailureReason("(#131026) Message undeliverable <!here>", 1234, 131026)
    block = reason_block(reason, translator("pt"))
    assert block.splitlines() == [
        "• *O número não está no WhatsApp ou não pode receber esta mensagem* (#131026) — 1.234",
        "   Confira o número. Ele também pode usar um WhatsApp antigo, não ter aceitado os "
        "termos do WhatsApp ou ter bloqueado você: se continuar falhando, tire-o da sua lista.",
        "   _Nas palavras da Meta: (#131026) Message undeliverable &lt;!here&gt;_",
    ]
    assert "Nas palavras" not in reason_block(reason, translator("pt"), original=False)


def test_metas_words_are_cut_to_the_limit() -> None:
    said = explain(FailureReason("(#131026) " + "x" * 5000, 1, 131026), EN, limit=60)
    assert said.original is not None and len(said.original) <= 60
    assert said.original.endswith("…")
