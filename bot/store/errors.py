"""The store's errors, apart from its backends: the CLI catches them on every command,
and the backends load psycopg, which only a command that opens a database needs."""


class StoreError(Exception):
    """The database could not be reached or used; the message never holds a password."""


class StoreChangedError(StoreError):
    """The database was deleted or replaced while the app was using it."""
