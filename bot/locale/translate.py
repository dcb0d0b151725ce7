"""Text for people, in their language: gettext catalogs read through one small API.

Every sentence shown to a person is written in English in the code, inside a call that
Babel's extractor finds (``pybabel extract``, see docs/translating.md)::

    tr = translator(language)
    tr._("Shared by {user}", user=user_id)
    tr.ngettext("{n} more template", "{n} more templates", count)
    tr.pgettext("status", "Failed")

and translated from ``bot/locale/<language>/LC_MESSAGES/bulksends.po``, read and compiled
in memory the first time a language is needed (a few milliseconds; no compiled files to
keep in step). Placeholders are ``str.format`` names, filled after translation.
Sentences defined away from where they are shown are marked with ``N_`` and translated
at the point of use with ``tr._(text)``; a sentence made below the floor that shows it
(an error's) travels as a ``Phrase``, and an error for people is a ``PhrasedError``,
worded at the edge in the reader's language (``error.text(tr)``).
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.numbers import format_decimal

from bot.locale.languages import DEFAULT_LANGUAGE, Language

DOMAIN = "bulksends"
CATALOG_DIR = Path(__file__).parent


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (translate where shown)."""
    return message


class Translator:
    """One language's sentences; ``str.format`` placeholders are filled after lookup."""

    def __init__(self, language: Language, catalog: gettext.NullTranslations) -> None:
        self.language = language
        self._catalog = catalog

    def _(self, message: str, /, **values: object) -> str:
        text = self._catalog.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The form for ``n`` ("1 send" / "2 sends"); ``{n}`` is always available, written
        the language's way ("1,234" / "1.234")."""
        return self._catalog.ngettext(singular, plural, n).format(**self._count(n), **values)

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """A sentence whose translation depends on where it stands (``context``)."""
        text = self._catalog.pgettext(context, message)
        return text.format(**values) if values else text

    def npgettext(
        self, context: str, singular: str, plural: str, n: int, /, **values: object
    ) -> str:
        text = self._catalog.npgettext(context, singular, plural, n)
        return text.format(**self._count(n), **values)

    def _count(self, n: int) -> dict[str, str]:
        # Babel directly, not ``formats.number``: formats writes sentences through us.
        return {"n": format_decimal(n, locale=self.language)}


def _load(language: Language) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()  # the source strings are English
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = CATALOG_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as gettext would
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def translator(language: Language) -> Translator:
    """The translator for ``language`` (catalogs are read once per process)."""
    return Translator(language, _load(language))


class Phrase:
    """Words for people, in no language yet: an English sentence marked with ``N_`` and
    the values that fill it, some of them phrases too ("the SQLite file {path}").

    ``phrase.text(tr)`` words it in ``tr``'s language where it is shown; ``str(phrase)`` is
    English, for logs.
    """

    __slots__ = ("template", "values")

    def __init__(self, template: str, /, **values: object) -> None:
        self.template = template
        self.values: Mapping[str, object] = values

    def text(self, tr: Translator) -> str:
        return tr._(self.template, **{name: worded(v, tr) for name, v in self.values.items()})

    def __str__(self) -> str:
        return self.text(translator(DEFAULT_LANGUAGE))

    def __repr__(self) -> str:
        return f"Phrase({self.template!r}, {dict(self.values)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.template, dict(self.values)) == (
            other.template,
            dict(other.values),
        )

    __hash__ = None  # type: ignore[assignment]


def worded(value: object, tr: Translator) -> object:
    """A value to fill a sentence with: a phrase in ``tr``'s language, anything else as is."""
    return value.text(tr) if isinstance(value, Phrase) else value


class PhrasedError(Exception):
    """An error whose sentence is meant for people: a ``Phrase``, worded where it is shown
    (``error.text(tr)``, in the reader's language); ``str(error)`` is English, for logs.

    Library floors raise them without knowing the reader; the edges (the CLI, ``check``,
    the Slack listeners) word them.
    """

    def __init__(self, template: str, /, **values: object) -> None:
        self.phrase = Phrase(template, **values)
        super().__init__(str(self.phrase))

    @property
    def template(self) -> str:
        return self.phrase.template

    @property
    def values(self) -> Mapping[str, object]:
        return self.phrase.values

    def text(self, tr: Translator) -> str:
        return self.phrase.text(tr)
