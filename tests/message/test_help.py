from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.locale.languages import Language
from bot.locale.translate import translator
from bot.message import build_help_message, limits
from bot.message.words import examples
from bot.query.model import BulkSendQuery

LANGUAGES: tuple[Language, ...] = ("en", "es", "pt")


def all_text(language: Language, demo: bool = False) -> str:
    return json.dumps(build_help_message(language, demo=demo).to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("demo", [False, True])
def test_help_is_valid_and_small(language: Language, demo: bool) -> None:
    out = build_help_message(language, demo=demo).to_dict()
    assert len(json.dumps(out["blocks"])) < limits.MAX_BLOCKS_JSON
    assert out["text"].startswith("📊 ")
    assert [b["type"] for b in out["blocks"]][:2] == ["header", "section"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            ["`/bulksends failed last week`", "`problems` = `failed` + `partial`", "`since nov 3`"],
        ),
        (
            "es",
            [
                "`/bulksends fallidos la semana pasada`",
                "`con problemas`",
                "`hasta el 31 de octubre`",
            ],
        ),
        (
            "pt",
            [
                "`/bulksends falharam semana passada`",
                "`com problemas`",
                "`depois de 3 de novembro`",
            ],
        ),
    ],
)
def test_help_speaks_the_askers_language(language: Language, words: list[str]) -> None:
    text = all_text(language)
    for word in words:
        assert word in text
    for example in examples(translator(language)):
        assert f"`/bulksends {example}`" in text


def test_demo_badge_only_in_demo() -> None:
    assert "Demo data" in all_text("en", demo=True)
    assert "Demo data" not in all_text("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_examples_are_questions_the_parser_understands(language: Language) -> None:
    parser = pytest.importorskip("bot.query.parser")
    now = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    for example in examples(translator(language)):
        parsed = parser.parse_query(example, now=now, tz="UTC", known_templates=["welcome_message"])
        assert isinstance(parsed, BulkSendQuery), example
        assert parsed.language == language, example
