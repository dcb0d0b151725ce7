"""What can go wrong when asking Mindo, as one small hierarchy.

    MindoError                    base; carries the request's ``method`` and ``url``
     ├── AuthenticationError      401: the key is missing, unknown or expired
     ├── PermissionDeniedError    403: the key may not see this resource
     ├── NotFoundError            404: unknown id, or nothing at MINDO_API_URL
     ├── BadRequestError          400: Mindo refused a query value (``field_errors``)
     ├── MindoUnavailableError    429, 5xx, timeouts, connection errors, after retries
     │    ├── ListChangedError    the list kept changing while its pages were read
     │    └── MindoTooSlowError   a question's time budget ran out (a slow or trickling Mindo)
     ├── UnreadableResponseError  a body that is not JSON or not the documented shape
     └── MindoSettingsError       the URL or key cannot even be sent (no retry helps)

Every error has ``user_message`` (plain English the CLI and Slack can show) and
``kind`` (the key message builders localise). The API key travels only in the
``X-API-Key`` header, so ``url`` never holds it; server text may echo it, so every
error takes the key as ``secret`` and scrubs it from all it keeps (message, url,
field names and messages) before storing anything. The key itself is not kept.
"""

from __future__ import annotations

from typing import ClassVar, Required, TypedDict, Unpack

#: What replaces the key wherever server text echoed it.
REDACTED = "***"
#: How much of the server's own words a log message keeps, and a user message quotes.
_MESSAGE_LIMIT = 500
_QUOTE_LIMIT = 200


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, REDACTED) if secret else text


def _shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters. Scrub first: a cut key would slip through."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Where(TypedDict, total=False):
    """The request an error is about: every error carries it (secrets scrubbed)."""

    method: Required[str]
    url: Required[str]
    status_code: int | None


class MindoError(Exception):
    """Base of every Mindo failure; ``str()`` is for logs, ``user_message`` for people."""

    #: Which localised message explains it (bot.message ERROR_KINDS); set per instance
    #: where one class covers two situations (a 404 that means "wrong MINDO_API_URL").
    kind: str = "mindo_unavailable"
    default_user_message: ClassVar[str] = "Something went wrong while asking Mindo."

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        status_code: int | None = None,
        secret: str | None = None,
    ) -> None:
        self.message = _shorten(_scrub(message, secret), _MESSAGE_LIMIT)
        super().__init__(self.message)
        self.method = method
        self.url = _scrub(url, secret)
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
    """404. ``wrong_address``: it came from a path that always exists on the real API."""

    kind = "mindo_not_found"
    default_user_message = (
        "Mindo has no such bulk send (it may have been deleted, or the id is wrong)."
    )
    wrong_address_message: ClassVar[str] = (
        "Mindo has nothing at the address the bot asked. Check MINDO_API_URL: it should be "
        "the API's root, like https://api.mindosoftware.com."
    )

    def __init__(
        self,
        message: str,
        *,
        secret: str | None = None,
        wrong_address: bool = False,
        **where: Unpack[Where],
    ) -> None:
        super().__init__(message, secret=secret, **where)
        self.wrong_address = wrong_address
        if wrong_address:
            self.kind = MindoSettingsError.kind

    @property
    def user_message(self) -> str:
        return self.wrong_address_message if self.wrong_address else self.default_user_message


class BadRequestError(MindoError):
    kind = "mindo_bad_request"
    default_user_message = "Mindo did not accept the question's filters."

    def __init__(
        self,
        message: str,
        *,
        secret: str | None = None,
        field_errors: dict[str, list[str]] | None = None,
        **where: Unpack[Where],
    ) -> None:
        super().__init__(message, secret=secret, **where)
        self.field_errors: dict[str, list[str]] = {
            _scrub(field, secret): [_scrub(text, secret) for text in texts]
            for field, texts in (field_errors or {}).items()
        }

    @property
    def summary(self) -> str:
        """Mindo's own words, ``field: message; …`` (bare messages where no field is named)."""
        parts = [
            " ".join(texts)
            if field in ("detail", "non_field_errors")
            else f"{field}: " + " ".join(texts)
            for field, texts in self.field_errors.items()
        ]
        return "; ".join(part for part in parts if part.strip())

    @property
    def user_message(self) -> str:
        summary = self.summary
        if not summary:
            return self.default_user_message
        return f"{self.default_user_message} Mindo said: {_shorten(summary, _QUOTE_LIMIT)}"


class MindoUnavailableError(MindoError):
    """Mindo is down, slow or rate-limiting us, and retrying did not help.

    ``retry_after``: the seconds Mindo asked us to wait, as it said them (not capped).
    """

    kind = "mindo_unavailable"
    default_user_message = (
        "Mindo is not answering right now (it is busy or down). Nothing was changed; "
        "try again in a few minutes."
    )

    def __init__(
        self,
        message: str,
        *,
        secret: str | None = None,
        retry_after: float | None = None,
        unreachable_host: str | None = None,
        **where: Unpack[Where],
    ) -> None:
        super().__init__(message, secret=secret, **where)
        self.retry_after = retry_after
        #: Set when no connection could be made at all: more often a wrong address or a
        #: network problem than a busy Mindo, so the message says where it tried.
        self.unreachable_host = unreachable_host

    @property
    def user_message(self) -> str:
        if self.unreachable_host is not None:
            return (
                f"Could not reach Mindo at {self.unreachable_host}. Check the network and "
                "MINDO_API_URL, then try again."
            )
        if self.retry_after is not None and self.retry_after >= 120:
            minutes = round(self.retry_after / 60)
            return (
                f"Mindo asked the bot to wait about {minutes} minutes before asking again. "
                "Nothing was changed; try again then."
            )
        return self.default_user_message


class ListChangedError(MindoUnavailableError):
    """Sends kept arriving, finishing or vanishing while the pages were read, every time."""

    default_user_message = "Mindo's list changed while it was being read; try again in a moment."


class MindoTooSlowError(MindoUnavailableError):
    """The question's time budget ran out: whatever was still being read was cancelled."""

    def __init__(self, budget: float, *, secret: str | None = None, **where: Unpack[Where]) -> None:
        super().__init__(f"no answer within the {budget:g} s budget", secret=secret, **where)
        self.budget = budget

    @property
    def user_message(self) -> str:
        return (
            f"Mindo took longer than {self.budget:g} seconds to answer, so the bot stopped "
            "waiting. Nothing was changed; try again in a few minutes."
        )


class UnreadableResponseError(MindoError):
    """``reason``: a plain sentence about what could not be read, shown before the advice."""

    kind = "mindo_unreadable"
    default_user_message = (
        "Mindo answered with something the bot cannot read. Try again later; if it keeps "
        "happening, the Mindo API may have changed."
    )

    def __init__(
        self,
        message: str,
        *,
        secret: str | None = None,
        reason: str | None = None,
        **where: Unpack[Where],
    ) -> None:
        super().__init__(message, secret=secret, **where)
        self.reason = _shorten(_scrub(reason, secret), _QUOTE_LIMIT) if reason else None

    @property
    def user_message(self) -> str:
        if self.reason is None:
            return self.default_user_message
        return f"{self.reason}. {self.default_user_message}"


class MindoSettingsError(MindoError):
    """The request could not be sent as configured (a URL scheme or key httpx refuses)."""

    kind = "mindo_settings"
    default_user_message = (
        "The bot's Mindo settings cannot be used: check that MINDO_API_URL is an http(s) "
        "address and that MINDO_API_KEY was pasted whole, with nothing around it."
    )
