"""The error hierarchy: one base, a kind per failure, words a person can act on."""

from __future__ import annotations

import pytest

from bot.mindo.errors import (
    AuthenticationError,
    BadRequestError,
    MindoError,
    MindoUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    UnreadableResponseError,
)

URL = "https://api.mindosoftware.com/api/v1/business-info/"


@pytest.mark.parametrize(
    ("error_type", "kind"),
    [
        (AuthenticationError, "mindo_auth"),
        (PermissionDeniedError, "mindo_forbidden"),
        (NotFoundError, "mindo_not_found"),
        (BadRequestError, "mindo_bad_request"),
        (MindoUnavailableError, "mindo_unavailable"),
        (UnreadableResponseError, "mindo_unreadable"),
    ],
)
def test_each_error_is_a_mindo_error_with_its_own_kind_and_words(
    error_type: type[MindoError], kind: str
) -> None:
    error = error_type("technical detail", method="GET", url=URL)
    assert isinstance(error, MindoError)
    assert error.kind == kind
    assert error.user_message and "technical detail" not in error.user_message
    assert str(error) == f"technical detail (GET {URL})"


def test_str_names_the_status_when_there_is_one() -> None:
    error = NotFoundError("No encontrado.", status_code=404, method="GET", url=URL)
    assert str(error).endswith("business-info/ → 404)")


def test_expired_keys_get_their_own_advice() -> None:
    expired = AuthenticationError("API Key expirada", method="GET", url=URL)
    unknown = AuthenticationError("Este endpoint requiere autenticacion", method="GET", url=URL)
    assert expired.expired and not unknown.expired
    assert expired.user_message != unknown.user_message


def test_bad_request_names_the_fields_mindo_objected_to() -> None:
    error = BadRequestError(
        "status: Select a valid choice.",
        field_errors={"status": ["Select a valid choice."]},
        method="GET",
        url=URL,
    )
    assert error.field_errors == {"status": ["Select a valid choice."]}
    assert error.user_message.endswith("Mindo objected to: status.")
    assert BadRequestError("HTTP 400", method="GET", url=URL).field_errors == {}
