"""Secrets at rest: sealed values open with the key (or an old one while rotating), never
with another, and no error shows a secret."""

from __future__ import annotations

import pytest

from bot.settings import Secret
from bot.store.sealing import SealError, SecretBox, new_secret_key

OLD, NEW, OTHER = new_secret_key(), new_secret_key(), new_secret_key()
TOKEN = "xoxb-1234-5678-secretsecretsecret"


def test_a_sealed_value_opens_only_with_its_key() -> None:
    box = SecretBox(Secret(NEW))
    sealed = box.seal(TOKEN)
    assert TOKEN not in sealed and "secret" not in sealed
    assert box.seal(TOKEN) != sealed  # a fresh IV each time
    assert box.open(sealed) == TOKEN
    with pytest.raises(SealError) as caught:
        SecretBox(Secret(OTHER)).open(sealed)
    assert TOKEN not in str(caught.value) and sealed not in str(caught.value)
    with pytest.raises(SealError):
        box.open("not a sealed value")
    assert "secret" not in repr(box) and NEW not in repr(box)


def test_rotation_opens_old_values_and_moves_them_to_the_new_key() -> None:
    sealed_long_ago = SecretBox(Secret(OLD)).seal(TOKEN)
    rotating = SecretBox(Secret(NEW), [Secret(OLD)])
    assert rotating.open(sealed_long_ago) == TOKEN
    resealed = rotating.reseal(sealed_long_ago)
    assert resealed is not None
    assert SecretBox(Secret(NEW)).open(resealed) == TOKEN  # the old key can go now
    assert rotating.reseal(resealed) is None  # already under the new key
    with pytest.raises(SealError):
        SecretBox(Secret(NEW)).open(sealed_long_ago)
    with pytest.raises(SealError):
        rotating.reseal(SecretBox(Secret(OTHER)).seal(TOKEN))


def test_new_keys_are_fernet_keys() -> None:
    key = new_secret_key()
    assert len(key) == 44 and key != new_secret_key()
