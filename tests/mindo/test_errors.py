"""The error hierarchy: one base, a kind per failure, words a person can act on."""

from __future__ import annotations

import pytest

from bot.message.errors import mindo_error_text
from bot.mindo.errors import (
    AuthenticationError,
    BadRequestError,
    ListChangedError,
    MindoError,
    MindoErrorKind,
    MindoSettingsError,
    MindoUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    UnreadableResponseError,
)

URL = "https://api.mindosoftware.com/api/v1/business-info/"


@pytest.mark.parametrize(
    ("error_type", "kind"),
    [
        (AuthenticationError, MindoErrorKind.AUTH),
        (PermissionDeniedError, MindoErrorKind.FORBIDDEN),
        (NotFoundError, MindoErrorKind.NOT_FOUND),
        (BadRequestError, MindoErrorKind.BAD_REQUEST),
        (MindoUnavailableError, MindoErrorKind.UNAVAILABLE),
        (UnreadableResponseError, MindoErrorKind.UNREADABLE),
        (ListChangedError, MindoErrorKind.UNAVAILABLE),
        (MindoSettingsError, MindoErrorKind.SETTINGS),
    ],
)
def test_each_error_is_a_mindo_error_with_its_own_kind_and_words(
    error_type: type[MindoError], kind: MindoErrorKind
) -> None:
    error = error_type("technical detail", method="GET", url=URL)
    assert isinstance(error, MindoError)
    assert error.kind is kind
    assert mindo_error_text(error) and "technical detail" not in mindo_error_text(error)
    assert str(error) == f"technical detail (GET {URL})"


def test_str_names_the_status_when_there_is_one() -> None:
    error = NotFoundError("No encontrado.", status_code=404, method="GET", url=URL)
    assert str(error).endswith("business-info/ → 404)")


def test_expired_keys_get_their_own_advice() -> None:
    expired = AuthenticationError("API Key expirada", method="GET", url=URL)
    unknown = AuthenticationError("Este endpoint requiere autenticacion", method="GET", url=URL)
    assert expired.expired and not unknown.expired
    assert mindo_error_text(expired) != mindo_error_text(unknown)


def test_bad_request_quotes_what_mindo_said() -> None:
    error = BadRequestError(
        "status: Select a valid choice.",
        field_errors={"status": ["Select a valid choice."], "detail": ["Check the filters."]},
        method="GET",
        url=URL,
    )
    assert error.field_errors == {
        "status": ["Select a valid choice."],
        "detail": ["Check the filters."],
    }
    assert mindo_error_text(error) == (
        "Mindo did not accept the question's filters. "
        "Mindo said: status: Select a valid choice.; Check the filters."
    )
    plain = BadRequestError("HTTP 400", method="GET", url=URL)
    assert plain.field_errors == {}
    assert mindo_error_text(plain) == "Mindo did not accept the question's filters."


def test_the_secret_is_scrubbed_from_everything_an_error_keeps() -> None:
    key = "mindo_abcdef0123456789"
    errors: list[MindoError] = [
        BadRequestError(
            f"{key}: bad", field_errors={key: [f"{key} again"]}, method="GET", url=URL, secret=key
        ),
        UnreadableResponseError(
            f"status {key}", unknown_status=f"Unknown {key}", method="GET", url=URL, secret=key
        ),
        NotFoundError(f"no {key}", method="GET", url=f"{URL}?q={key}", secret=key),
    ]
    for error in errors:
        kept = [str(error), repr(error), mindo_error_text(error), error.url, repr(vars(error))]
        assert all(key not in text for text in kept)
        assert "***" in str(error)


def test_a_key_cut_in_half_by_the_length_limit_is_still_scrubbed() -> None:
    key = "mindo_abcdef0123456789"
    text = "x" * 490 + key
    error = MindoUnavailableError(text, method="GET", url=URL, secret=key)
    assert "mindo_abc" not in error.message


def test_not_found_speaks_of_the_send_or_of_the_address() -> None:
    send = NotFoundError("No encontrado.", method="GET", url=URL)
    address = NotFoundError("No encontrado.", method="GET", url=URL, wrong_address=True)
    assert "bulk send" in mindo_error_text(send)
    assert "MINDO_API_URL" in mindo_error_text(address)
    # Slack explains the two differently: a vanished send, or the bot's settings.
    assert (send.kind, address.kind) == (MindoErrorKind.NOT_FOUND, MindoErrorKind.SETTINGS)


def test_a_long_retry_after_is_told_in_minutes() -> None:
    soon = MindoUnavailableError("busy", method="GET", url=URL, retry_after=20)
    later = MindoUnavailableError("busy", method="GET", url=URL, retry_after=900)
    assert mindo_error_text(soon) == mindo_error_text(
        MindoUnavailableError("busy", method="GET", url=URL)
    )
    assert "about 15 minutes" in mindo_error_text(later)


def test_list_changed_is_a_kind_of_unavailable() -> None:
    error = ListChangedError("changed", method="GET", url=URL)
    assert isinstance(error, MindoUnavailableError)
    assert "changed while it was being read" in mindo_error_text(error)
