"""Question shapes: the number asked for, a breakdown, a ranking, a comparison, a trend,
one sender or one send (docs/query-language.md, "Question shapes").

Read before dates, statuses and templates: shape words are found in the word packs
(``bot/query/shape_words.py``) as runs of whole lexemes, longest first, and bound to their
neighbours (``bot/query/shape_reading.py``, over ``bot/query/shape_cursor.py``). Send ids and phone numbers are found here,
and so is a number sends went *to* ("to +54 9 …"), which no answer gives: only the
numbers sends go out from are senders.
"""

from __future__ import annotations

from bot.query.lexer import Lexeme
from bot.query.shape_cursor import ShapeReading
from bot.query.shape_reading import Binder
from bot.query.shape_words import PHONE_WORDS, RECIPIENT_WORDS, find_items
from bot.query.vocabulary import CONNECTORS, Kind, Prep

__all__ = ["ShapeReading", "read_shapes"]


def read_shapes(lexemes: list[Lexeme]) -> ShapeReading:
    """Find and bind the shape words of a question (see the module's docstring)."""
    items = find_items(lexemes)
    found = ShapeReading()
    for lexeme_index, lexeme in enumerate(lexemes):
        if lexeme.kind is Kind.SEND_ID:
            found.send_ids.setdefault(lexeme.norm, lexeme.text)
            found.used.add(lexeme_index)
        elif lexeme.kind is Kind.PHONE:
            found.phones.setdefault(lexeme.norm, lexeme.text)
            found.used.add(lexeme_index)
    Binder(lexemes, items, found).read()
    for i in _phone_starts(lexemes, found):
        _before_phone(lexemes, i, found)
    return found


def _phone_starts(lexemes: list[Lexeme], found: ShapeReading) -> list[int]:
    """Where each phone number starts: its phone word ("número …") or the number itself."""

    def worded(i: int) -> bool:  # "número 549…", "número +54 9 …": the word, then the number
        return lexemes[i].norm in PHONE_WORDS and i + 1 in found.used

    return [
        i
        for i in sorted(found.used)
        if worded(i) or (lexemes[i].kind is Kind.PHONE and not (i > 0 and worded(i - 1)))
    ]


def _before_phone(lexemes: list[Lexeme], i: int, found: ShapeReading) -> None:
    """ "from +54 9 …", "desde el número …": the preposition belongs to the sender.
    "to +54 9 …", "al número …", "para o +55 …": a number sends went to, refused."""
    j = i - 1
    while j >= 0 and j not in found.used:
        lexeme = lexemes[j]
        if lexeme.norm in RECIPIENT_WORDS:
            found.recipient = lexeme.text
            return
        if lexeme.kind is Kind.PREP and lexeme.tag in (Prep.FROM, Prep.SINCE):
            found.used.add(j)
            return
        if lexeme.kind is not Kind.FILLER and lexeme.norm not in CONNECTORS.articles:
            return
        j -= 1
