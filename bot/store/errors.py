"""The store's errors, apart from its backends: the CLI catches them on every command,
and the backends load psycopg, which only a command that opens a database needs.

Their sentences are for the people who run the app (``bulksends run`` and ``check`` print
them), so they are ``Phrase``s worded at the edge in the reader's language.
"""

from bot.locale.translate import PhrasedError


class StoreError(PhrasedError):
    """The database could not be reached or used: why, in words for people
    (``error.text(tr)``); the sentence never holds a password."""


class StoreChangedError(StoreError):
    """The database was deleted or replaced while the app was using it."""
