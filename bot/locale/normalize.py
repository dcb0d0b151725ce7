"""One way to read what people type: folded words, Slack's entities and markup.

Both grammars (questions and ``/bulksends digest``) and the word packs go through these
functions, so "Sábado", "sabado" and "ＳＡＢＡＤＯ" are one word everywhere.
"""

from __future__ import annotations

import re
import unicodedata

# Slack's markup for mentions, channels, special commands and links: <@U123|jane>,
# <#C123|general>, <!here>, <https://example.com|the report>.
SLACK_MARKUP = re.compile(r"<([@#!][^<>|\s]*|[a-z][a-z0-9+.-]*:[^<>|\s]*)(?:\|([^<>]*))?>", re.I)
_SPECIAL_MENTIONS = frozenset({"here", "channel", "everyone"})


def fold(word: str) -> str:
    """Case, accents and look-alikes folded: "Sábado", "sabado" and "ＳＡＢＡＤＯ" meet."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def accented(word: str) -> bool:
    """Whether the word was typed with accents (or other marks folding removes)."""
    return not word.isascii() and fold(word) != word.lower()


def composed(text: str) -> str:
    """The text in composed form (NFC), so "Sa\u0301bado" is read as typed: "Sábado"."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def unescape(text: str) -> str:
    """``&``, ``<`` and ``>`` as typed: Slack sends them as entities in commands and events."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def markup_as_shown(target: str, label: str | None) -> str:
    """What a user saw of Slack markup: @jane, #general, @here, the link's text or address.

    ``target`` and ``label`` are ``SLACK_MARKUP``'s two groups.
    """
    label = unescape(label) if label else None
    sigil, name = target[0], target[1:]
    if sigil == "!":
        command = name.split("^", 1)[0].lower()
        if command in _SPECIAL_MENTIONS:
            return f"@{command}"
        return label or name
    if sigil in "@#":
        if label:
            return label if label.startswith(sigil) else f"{sigil}{label}"
        return target
    return label or unescape(target)


# Slack's emoji shortcodes, ":eyes:", ":white_check_mark:", ":+1::skin-tone-2:": at least
# one letter, so a time ("9:30:00") is never one.
_SHORTCODE = re.compile(r":(?:[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*|[+-]1):", re.I)
# Underscores that open or close a word are Slack's italics ("_yesterday_"), not part of a
# name: Meta's template names start and end with a letter or digit.
_ITALICS = re.compile(r"(?<!\w)_+(?=\w)|(?<=\w)_+(?!\w)")
# Emoji that are not "other symbols" themselves: joiners, variation selectors, keycaps,
# tags (flags of regions), skin tones.
_EMOJI_PARTS = frozenset({"\u200d", "\ufe0e", "\ufe0f", "\u20e3"})


def without_decoration(text: str) -> str:
    """The words without Slack's decoration: emoji shortcodes and italics underscores.

    Bold and strike marks (``*``, ``~``) and backticks are punctuation, which separates
    words anyway; emoji characters are dropped where words are read (``is_emoji``).
    """
    return _ITALICS.sub(" ", _SHORTCODE.sub(" ", text))


def is_emoji(character: str) -> bool:
    """A character that only decorates: an emoji or a piece of one (not ``€``, ``±``, ``→``)."""
    if character in _EMOJI_PARTS or "\U000e0020" <= character <= "\U000e007f":
        return True
    return unicodedata.category(character) in ("So", "Sk")
