"""Secrets at rest: each workspace's Mindo key and Slack tokens, sealed before they are stored.

Sealing is ``cryptography``'s Fernet (AES-128 in CBC mode with an HMAC-SHA256 over it, a
fresh IV each time), keyed by ``BULKSENDS_SECRET_KEY``. Keys rotate through a MultiFernet:
values sealed under ``BULKSENDS_SECRET_KEY_OLD`` still open, every new value is sealed
under the new key, and ``reseal`` moves an old value over (the stores do it at start-up,
so the old key can be dropped after one restart).

Nothing here ever puts a secret, sealed or not, into an exception or a log line.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.locale.translate import N_
from bot.settings import Secret
from bot.store.errors import StoreError


class SealError(StoreError):
    """A stored value opens with none of the keys given (wrong key, or not ours)."""


_NO_KEY_OPENS = N_(
    "a token or Mindo key stored in it opens with neither BULKSENDS_SECRET_KEY nor "
    "BULKSENDS_SECRET_KEY_OLD: put the key it was sealed with in BULKSENDS_SECRET_KEY_OLD."
)


class SecretBox:
    """Seals and opens short secrets with the app's key (and, while rotating, older ones)."""

    def __init__(self, key: Secret, old: Sequence[Secret] = ()) -> None:
        self._primary = Fernet(key.reveal().encode())
        self._all = MultiFernet([self._primary, *(Fernet(k.reveal().encode()) for k in old)])

    def __repr__(self) -> str:
        return "SecretBox(********)"

    def seal(self, plain: str) -> str:
        return self._all.encrypt(plain.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._all.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, UnicodeError):
            raise SealError(_NO_KEY_OPENS) from None

    def reseal(self, sealed: str) -> str | None:
        """``sealed`` under the current key if it was sealed under an old one; else None."""
        try:
            self._primary.decrypt(sealed.encode("ascii"))
        except InvalidToken:
            pass
        else:
            return None
        try:
            return self._all.rotate(sealed.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise SealError(_NO_KEY_OPENS) from None


def new_secret_key() -> str:
    """A fresh key for BULKSENDS_SECRET_KEY (44 characters of URL-safe base64)."""
    return Fernet.generate_key().decode("ascii")
