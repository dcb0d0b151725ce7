"""Settings from the environment, checked once at the edge.

Every problem is a ``ConfigError`` naming the variable, so the CLI can print one
clear line instead of a traceback. Secrets are wrapped in ``Secret`` so that no
repr, log line or exception can show them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.timezones import find_zone

DEFAULT_MINDO_API_URL = "https://api.mindosoftware.com"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Secret:
    """A string that never shows itself in repr/str/format."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class MindoSettings:
    api_url: str
    api_key: Secret | None
    max_concurrency: int
    page_size: int
    #: Seconds one request may take, whole answer included (MINDO_REQUEST_DEADLINE).
    request_deadline: float = 20.0
    #: Seconds one question may take before the user is told (MINDO_QUESTION_BUDGET).
    question_budget: float = 45.0

    @property
    def demo(self) -> bool:
        """Without a key the bot answers from the embedded demo data."""
        return self.api_key is None


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _int_setting(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}.")
    return value


def _seconds_setting(
    env: Mapping[str, str], name: str, default: float, low: float, high: float
) -> float:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}.") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g} seconds, got {raw}.")
    return value


def check_url(name: str, raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{name} must be an http(s) URL like https://api.example.com, got {raw!r}."
        )
    return raw.rstrip("/")


def check_timezone(name: str, raw: str) -> str:
    """The canonical IANA name for ``raw`` (any case), or ConfigError naming the setting."""
    zone = find_zone(raw)
    if zone is None:
        raise ConfigError(
            f"{name} must be an IANA time zone like America/Argentina/Buenos_Aires, got {raw!r}."
        )
    return zone


def load_mindo_settings(env: Mapping[str, str] | None = None) -> MindoSettings:
    env = os.environ if env is None else env
    key = _get(env, "MINDO_API_KEY")
    if key is not None and (any(c.isspace() for c in key) or not key.isprintable()):
        raise ConfigError("MINDO_API_KEY has spaces or invisible characters; paste it again.")
    return MindoSettings(
        api_url=check_url("MINDO_API_URL", _get(env, "MINDO_API_URL") or DEFAULT_MINDO_API_URL),
        api_key=Secret(key) if key else None,
        max_concurrency=_int_setting(env, "MINDO_MAX_CONCURRENCY", 8, 1, 32),
        page_size=_int_setting(env, "MINDO_PAGE_SIZE", 100, 1, 1000),
        request_deadline=_seconds_setting(env, "MINDO_REQUEST_DEADLINE", 20.0, 0.1, 600.0),
        question_budget=_seconds_setting(env, "MINDO_QUESTION_BUDGET", 45.0, 0.1, 3600.0),
    )


def default_timezone(env: Mapping[str, str] | None = None) -> str | None:
    """BULKSENDS_TZ, the CLI's zone when --tz is not given (None: ask Mindo, then UTC)."""
    env = os.environ if env is None else env
    raw = _get(env, "BULKSENDS_TZ")
    return None if raw is None else check_timezone("BULKSENDS_TZ", raw)
