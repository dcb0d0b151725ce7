"""Only a greeting or a thanks: a hello, never a report (which is what a question of
fillers reads as: every send of the last 7 days); and what "nothing typed" is."""

from __future__ import annotations

import pytest

from bot.locale.languages import LANGUAGES, Language
from bot.locale.words import word_pack
from bot.query.lexer import lex
from bot.query.model import BulkSendQuery, HelpRequest, SmallTalk
from bot.query.parser import parse_query
from bot.query.small_talk import says_nothing
from bot.query.vocabulary import Kind
from tests.factories import MONDAY

HELLO, THANKS = SmallTalk.GREETING, SmallTalk.THANKS


def parse(text: str, user: str | None = None) -> BulkSendQuery | HelpRequest:
    return parse_query(text, now=MONDAY, tz="UTC", user_language=user)


@pytest.mark.parametrize(
    ("text", "talk", "language"),
    [
        ("hi", HELLO, "en"),
        ("Hello there!", HELLO, "en"),
        ("hey team 👋", HELLO, "en"),
        ("good morning everyone", HELLO, "en"),
        ("thanks", THANKS, "en"),
        ("thank you!", THANKS, "en"),
        ("ok thanks", THANKS, "en"),
        ("hola", HELLO, "es"),
        ("hola equipo", HELLO, "es"),
        ("buenos días", HELLO, "es"),
        ("¿qué tal?", HELLO, "es"),
        ("gracias", THANKS, "es"),
        ("¡muchas gracias!", THANKS, "es"),
        ("oi", HELLO, "pt"),
        ("oi, tudo bem?", HELLO, "pt"),
        ("bom dia pessoal", HELLO, "pt"),
        ("valeu", THANKS, "pt"),
        ("muito obrigada :pray:", THANKS, "pt"),
    ],
)
def test_a_greeting_or_thanks_alone_gets_a_hello(
    text: str, talk: SmallTalk, language: Language
) -> None:
    assert parse(text) == HelpRequest(language, small_talk=talk)


def test_the_askers_own_language_comes_first() -> None:
    assert parse("hola", user="pt-BR") == HelpRequest("pt", small_talk=HELLO)


@pytest.mark.parametrize(
    ("text", "nothing"),
    [("", True), ("  ", True), (":eyes: 👀", True), ("?!", True), ("hi", False), ("x", False)],
)
def test_nothing_typed(text: str, nothing: bool) -> None:
    assert says_nothing(text) is nothing


@pytest.mark.parametrize(
    "text",
    [
        "hi team, failed yesterday?",
        "thanks! failed last week?",
        "gracias! parciales de la semana pasada",
        "oi, tudo bem? teve alguma falha hoje?",
        "show me everything",  # fillers, but no greeting: a question (the last 7 days)
        "ok",
    ],
)
def test_a_greeting_inside_a_question_is_still_filler(text: str) -> None:
    assert isinstance(parse(text), BulkSendQuery)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_greeting_and_thanks_is_read_as_one_filler(language: Language) -> None:
    """So that a question with one in it reads as before, and alone it is small talk."""
    pack = word_pack(language)
    for key in ("greetings", "thanks", "with_greetings"):
        for phrase in pack.words("words", key):
            assert [lexeme.kind for lexeme in lex(phrase)] == [Kind.FILLER], (key, phrase)
