"""What can go wrong when asking Mindo, as one small hierarchy.

    MindoError                    base; carries the request's ``method`` and ``url``
     ├── AuthenticationError      401: the key is missing, unknown or expired
     ├── PermissionDeniedError    403: the key may not see this resource
     ├── NotFoundError            404: unknown id
     ├── BadRequestError          400: Mindo refused a query value (``field_errors``)
     ├── MindoUnavailableError    429, 5xx, timeouts, connection errors, after retries
     └── UnreadableResponseError  a body that is not JSON or not the documented shape

Every error has ``user_message`` (plain English the CLI and Slack can show) and
``kind`` (the key message builders localise). The API key travels only in the
``X-API-Key`` header, so ``url`` never holds it, and the client scrubs it from any
server text before building a message: no message, repr or log line contains it.
"""

from __future__ import annotations

from typing import ClassVar


class MindoError(Exception):
    """Base of every Mindo failure; ``str()`` is for logs, ``user_message`` for people."""

    kind: ClassVar[str] = "mindo_unavailable"
    default_user_message: ClassVar[str] = "Something went wrong while asking Mindo."

    def __init__(
        self, message: str, *, method: str, url: str, status_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url
        self.status_code = status_code

    def __str__(self) -> str:
        status = f" → {self.status_code}" if self.status_code is not None else ""
        return f"{self.message} ({self.method} {self.url}{status})"

    @property
    def user_message(self) -> str:
        return self.default_user_message


class AuthenticationError(MindoError):
    kind = "mindo_auth"
    default_user_message = (
        "Mindo rejected the API key. Check MINDO_API_KEY: it may be mistyped, revoked or expired."
    )

    @property
    def expired(self) -> bool:
        return "expirad" in self.message.lower() or "expired" in self.message.lower()

    @property
    def user_message(self) -> str:
        if self.expired:
            return (
                "The Mindo API key has expired. Create a new one in Mindo and update MINDO_API_KEY."
            )
        return self.default_user_message


class PermissionDeniedError(MindoError):
    kind = "mindo_forbidden"
    default_user_message = (
        "The Mindo API key has no access to this. It may belong to another company account."
    )


class NotFoundError(MindoError):
    kind = "mindo_not_found"
    default_user_message = (
        "Mindo has no such bulk send (it may have been deleted, or the id is wrong)."
    )


class BadRequestError(MindoError):
    kind = "mindo_bad_request"
    default_user_message = "Mindo did not accept the question's filters."

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        status_code: int | None = None,
        field_errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url, status_code=status_code)
        self.field_errors: dict[str, list[str]] = field_errors or {}

    @property
    def user_message(self) -> str:
        fields = ", ".join(sorted(self.field_errors))
        if not fields or fields == "detail":
            return self.default_user_message
        return f"{self.default_user_message} Mindo objected to: {fields}."


class MindoUnavailableError(MindoError):
    """Mindo is down, slow or rate-limiting us, and retrying did not help."""

    kind = "mindo_unavailable"
    default_user_message = (
        "Mindo is not answering right now (it is busy or down). Nothing was changed; "
        "try again in a few minutes."
    )

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        status_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url, status_code=status_code)
        self.retry_after = retry_after


class UnreadableResponseError(MindoError):
    kind = "mindo_unreadable"
    default_user_message = (
        "Mindo answered with something the bot cannot read. Try again later; if it keeps "
        "happening, the Mindo API may have changed."
    )
