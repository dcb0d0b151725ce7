"""Greetings and thanks said alone ("hi", "hola equipo", "oi, tudo bem?", "valeu!"): they
ask nothing about bulk sends, so they are answered with a hello and questions to try,
never read as the plainest question there is (every send of the last 7 days).

The words are the packs' ``[words] greetings``, ``thanks`` and ``with_greetings`` (words
that only keep them company: "team", "todos", "pessoal"). Each is also a filler, so a
greeting inside a question ("hi team, failed yesterday?") is read as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from bot.locale.words import word_packs
from bot.query.lexer import Lexeme, lex
from bot.query.model import SmallTalk
from bot.query.text import tokenize
from bot.query.vocabulary import Kind


def says_nothing(text: str) -> bool:
    """No word at all (nothing typed, or only emoji and marks). A question reads it as every
    send of the last 7 days; a person typing a bare ``/bulksends`` wants to know what to
    ask (the Slack command answers it with help)."""
    return not lex(text.strip())


def small_talk(lexemes: Sequence[Lexeme]) -> SmallTalk | None:
    """What the words are, when they are only greetings and thanks (with their company)."""
    greetings, thanks, company = _words()
    if not lexemes or any(lexeme.kind is not Kind.FILLER for lexeme in lexemes):
        return None
    said = {lexeme.norm for lexeme in lexemes}
    if not said <= greetings | thanks | company:
        return None
    if said & thanks:
        return SmallTalk.THANKS
    return SmallTalk.GREETING if said & greetings else None


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Every pack's greetings, thanks and their company, folded as the lexer folds."""
    found: dict[str, set[str]] = {"greetings": set(), "thanks": set(), "with_greetings": set()}
    for pack in word_packs():
        for key, words in found.items():
            words.update(_folded(phrase) for phrase in pack.words("words", key))
    return (
        frozenset(found["greetings"]),
        frozenset(found["thanks"]),
        frozenset(found["with_greetings"]),
    )


def _folded(phrase: str) -> str:
    return " ".join(token.norm for token in tokenize(phrase))
