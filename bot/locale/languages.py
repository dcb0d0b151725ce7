"""The languages bulksends speaks, declared once.

Adding a language means adding its code here, its catalog
(``bot/locale/<code>/LC_MESSAGES/bulksends.po``, docs/translating.md) and its word pack
(``bot/locale/<code>/words.toml``, docs/word-packs.md): no other code.
"""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["en", "es", "pt"]

#: Every supported language, in the order they are tried and listed.
LANGUAGES: tuple[Language, ...] = get_args(Language)

#: The language of last resort.
DEFAULT_LANGUAGE: Language = "en"


def language_of(code: str | None) -> Language | None:
    """The supported language of a locale code ("es-LA", "pt_BR.UTF-8", "EN"), if any."""
    if not code:
        return None
    head = code.strip().replace("_", "-").split("-", 1)[0].split(".", 1)[0].lower()
    for language in LANGUAGES:
        if head == language:
            return language
    return None
