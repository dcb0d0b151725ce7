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
     │    └── GarbledResponseError  not JSON at all (cut short, HTML): asked again
     └── MindoSettingsError       the URL or key cannot even be sent (no retry helps)

No error carries words for people: each has a typed ``kind`` (``MindoErrorKind``) and
the facts a message needs (``expired``, ``wrong_address``, ``retry_after``,
``unreachable_host``, ``budget``, ``field_errors``, ``unknown_status``, ``broken_send``);
``bot.message.errors``
words them in the reader's language. ``str()`` is for logs. The API key travels only in
the ``X-API-Key`` header, so ``url`` never holds it; server text may echo it, so every
error takes the key as ``secret`` and scrubs it from all it keeps (message, url,
field names and messages) before storing anything. The key itself is not kept.
"""

from __future__ import annotations

from enum import Enum
from typing import Required, TypedDict, Unpack

#: What replaces the key wherever server text echoed it.
REDACTED = "***"
#: How much of the server's own words a log message keeps.
_MESSAGE_LIMIT = 500
#: How much of a status Mindo named is kept.
_STATUS_LIMIT = 40


class MindoErrorKind(Enum):
    """What went wrong, as the people told about it need to know it.

    The values are stable names for logs and stored run errors.
    """

    AUTH = "mindo_auth"
    FORBIDDEN = "mindo_forbidden"
    NOT_FOUND = "mindo_not_found"
    BAD_REQUEST = "mindo_bad_request"
    UNAVAILABLE = "mindo_unavailable"
    UNREADABLE = "mindo_unreadable"
    #: The bot's own settings (MINDO_API_URL, MINDO_API_KEY) cannot work.
    SETTINGS = "mindo_settings"


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
    """Base of every Mindo failure; ``str()`` is for logs, ``kind`` says what to tell people."""

    #: Set per instance where one class covers two situations (a 404 that means "wrong
    #: MINDO_API_URL").
    kind: MindoErrorKind = MindoErrorKind.UNAVAILABLE

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


class AuthenticationError(MindoError):
    kind = MindoErrorKind.AUTH

    @property
    def expired(self) -> bool:
        """Mindo said the key has expired (in its Spanish, or in English)."""
        return "expirad" in self.message.lower() or "expired" in self.message.lower()


class PermissionDeniedError(MindoError):
    kind = MindoErrorKind.FORBIDDEN


class NotFoundError(MindoError):
    """404. ``wrong_address``: it came from a path that always exists on the real API."""

    kind = MindoErrorKind.NOT_FOUND

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
            self.kind = MindoErrorKind.SETTINGS


class BadRequestError(MindoError):
    kind = MindoErrorKind.BAD_REQUEST

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


class MindoUnavailableError(MindoError):
    """Mindo is down, slow or rate-limiting us, and retrying did not help.

    ``retry_after``: the seconds Mindo asked us to wait, as it said them (not capped).
    """

    kind = MindoErrorKind.UNAVAILABLE

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


class ListChangedError(MindoUnavailableError):
    """Sends kept arriving, finishing or vanishing while the pages were read, every time."""


class MindoTooSlowError(MindoUnavailableError):
    """The question's time budget ran out: whatever was still being read was cancelled."""

    def __init__(self, budget: float, *, secret: str | None = None, **where: Unpack[Where]) -> None:
        super().__init__(f"no answer within the {budget:g} s budget", secret=secret, **where)
        self.budget = budget


class UnreadableResponseError(MindoError):
    """``unknown_status``: a status Mindo reported that this version has no word for;
    ``broken_send``: the send whose numbers break the API's own arithmetic (which rule is
    in ``str()``, for logs)."""

    kind = MindoErrorKind.UNREADABLE

    def __init__(
        self,
        message: str,
        *,
        secret: str | None = None,
        unknown_status: str | None = None,
        broken_send: str | None = None,
        **where: Unpack[Where],
    ) -> None:
        super().__init__(message, secret=secret, **where)
        self.unknown_status = (
            _shorten(_scrub(unknown_status, secret), _STATUS_LIMIT) if unknown_status else None
        )
        self.broken_send = (
            _shorten(_scrub(broken_send, secret), _STATUS_LIMIT) if broken_send else None
        )


class GarbledResponseError(UnreadableResponseError):
    """A body that is not JSON at all: cut short, or a proxy's HTML page with a 200. Such
    answers pass, so the request is sent again (an answer in the wrong shape is not)."""


class MindoSettingsError(MindoError):
    """The request could not be sent as configured (a URL scheme or key httpx refuses)."""

    kind = MindoErrorKind.SETTINGS
