from __future__ import annotations

import json

import pytest

from bot.locale.languages import Language
from bot.message import (
    ERROR_KINDS,
    ErrorKind,
    Trouble,
    build_error_message,
    build_query_error_message,
    limits,
)
from bot.mindo.errors import MindoErrorKind
from bot.query.model import QueryError

LANGUAGES: tuple[Language, ...] = ("en", "es", "pt")


@pytest.mark.parametrize("kind", ERROR_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_in_every_language(kind: ErrorKind, language: Language) -> None:
    out = build_error_message(kind, language).to_dict()
    assert len(json.dumps(out["blocks"])) < limits.MAX_BLOCKS_JSON
    title, _, body = out["blocks"][0]["text"]["text"].partition("\n")
    assert title.startswith("*") and body
    assert out["text"].startswith(title.strip("*"))


def test_kinds_say_different_things() -> None:
    for language in LANGUAGES:
        texts = {build_error_message(kind, language).text for kind in ERROR_KINDS}
        assert len(texts) == len(ERROR_KINDS)


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (MindoErrorKind.AUTH, "MINDO_API_KEY"),
        (MindoErrorKind.UNAVAILABLE, "Nothing was lost"),
        (Trouble.INTERNAL, "Nothing was lost"),
        (Trouble.TOO_LONG, "shorter"),
    ],
)
def test_says_what_to_do_next(kind: ErrorKind, words: str) -> None:
    assert words in build_error_message(kind).text


def test_localised() -> None:
    assert build_error_message(MindoErrorKind.UNAVAILABLE, "es").text.startswith(
        "⏳ Mindo no responde"
    )
    assert build_error_message(MindoErrorKind.UNAVAILABLE, "pt").text.startswith("⏳ A Mindo não")


def test_query_error_keeps_the_parsers_sentence_and_its_examples() -> None:
    error = QueryError("I didn't understand *lsat*. Try: `failed last week`.", ("lsat",), "en")
    out = build_query_error_message(error).to_dict()
    blocks = out["blocks"]
    assert blocks[0]["text"]["text"] == (
        "*🤔 I didn't quite get that*\nI didn't understand *lsat*. Try: `failed last week`."
    )
    assert len(blocks) == 2  # no second "Try:" under the parser's own
    assert "help" in blocks[1]["elements"][0]["text"]
    assert "lsat" in out["text"]


def test_query_error_without_examples_gets_some() -> None:
    error = QueryError("That range starts after it ends.", (), "en")
    blocks = build_query_error_message(error).to_dict()["blocks"]
    assert blocks[1]["text"]["text"] == (
        "*Try:* `failed last week` · `partial yesterday` · `problems this month`"
    )


def test_query_error_names_words_the_sentence_left_out() -> None:
    error = QueryError("No entendí la pregunta.", ("lsat", "<!here>"), "es")
    out = build_query_error_message(error).to_dict()
    named = out["blocks"][1]["elements"][0]
    assert named == {
        "type": "plain_text",
        "text": "Palabras que no entendí: lsat, &lt;!here&gt;",
        "emoji": False,
    }
    assert "`fallidos la semana pasada`" in out["blocks"][2]["text"]["text"]


def test_query_error_cannot_ping_or_overflow() -> None:
    error = QueryError("I didn't understand <!channel> " + "&" * 3000, ("<!channel>",), "en")
    out = build_query_error_message(error).to_dict()
    dumped = json.dumps(out)
    assert "<!channel>" not in dumped
    assert len(out["blocks"][0]["text"]["text"]) <= limits.MAX_SECTION_TEXT
