"""Every setting, read from the environment and checked here, once, at the edge.

Each problem is a ``ConfigError`` naming the variable, in words a person can act on;
its sentence is translated where it is shown (``ConfigError.text``). Secrets are wrapped
in ``Secret`` so that no repr, log line or exception can show them.

``load_app_settings`` stops at the first problem (``bulksends run``); ``app_settings_problems``
reads the same variables by the same rules and returns every problem (``bulksends check``):
each reader takes a ``Problems`` that either raises or notes the error and goes on.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from bot.domain.slack_ids import CHANNEL_ID, USER_ID
from bot.locale.translate import N_, PhrasedError, Translator
from bot.timezones import find_zone

Env = Mapping[str, str]

DEFAULT_MINDO_API_URL = "https://api.mindosoftware.com"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DB_PATH = "./bulksends.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

T = TypeVar("T")


class ConfigError(PhrasedError):
    """A setting is missing or malformed; the sentence names the variable.

    ``template`` is the English sentence (marked for translation) and ``values`` fill it:
    ``str(error)`` is English, ``error.text(tr)`` the reader's language.
    """


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


@dataclass
class Problems:
    """Where readers put what is wrong: raised at once (``strict``), or noted to list later."""

    strict: bool = True
    errors: list[ConfigError] = field(default_factory=list)

    def take(self, read: Callable[[], T], fallback: T) -> T:
        """``read()``, or (not strict) ``fallback`` after noting its ConfigError."""
        try:
            return read()
        except ConfigError as error:
            if self.strict:
                raise
            self.errors.append(error)
            return fallback

    def add(self, error: ConfigError) -> None:
        if self.strict:
            raise error
        self.errors.append(error)


def _environ(env: Env | None) -> Env:
    return os.environ if env is None else env


def _get(env: Env, name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def int_setting(env: Env, name: str, default: int, low: int, high: int) -> int:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(
            N_("{name} must be a whole number, got {raw}."), name=name, raw=repr(raw)
        ) from None
    if not low <= value <= high:
        raise ConfigError(
            N_("{name} must be between {low} and {high}, got {value}."),
            name=name,
            low=low,
            high=high,
            value=value,
        )
    return value


def seconds_setting(env: Env, name: str, default: float, low: float, high: float) -> float:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(
            N_("{name} must be a number of seconds, got {raw}."), name=name, raw=repr(raw)
        ) from None
    if not low <= value <= high:
        raise ConfigError(
            N_("{name} must be between {low} and {high} seconds, got {raw}."),
            name=name,
            low=f"{low:g}",
            high=f"{high:g}",
            raw=raw,
        )
    return value


def check_url(name: str, raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            N_("{name} must be an http(s) URL like https://api.example.com, got {raw}."),
            name=name,
            raw=repr(raw),
        )
    return raw.rstrip("/")


def check_timezone(name: str, raw: str) -> str:
    """The canonical IANA name for ``raw`` (any case), or ConfigError naming the setting."""
    zone = find_zone(raw)
    if zone is None:
        raise ConfigError(
            N_("{name} must be an IANA time zone like America/Argentina/Buenos_Aires, got {raw}."),
            name=name,
            raw=repr(raw),
        )
    return zone


def _no_blanks(name: str, raw: str) -> None:
    if any(c.isspace() for c in raw) or not raw.isprintable():
        raise ConfigError(
            N_("{name} has spaces or invisible characters; paste it again."), name=name
        )


# --- Mindo ---------------------------------------------------------------------------


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


def load_mindo_settings(
    env: Env | None = None, *, problems: Problems | None = None
) -> MindoSettings:
    env, found = _environ(env), problems or Problems()
    key = _get(env, "MINDO_API_KEY")
    if key is not None:
        found.take(lambda: _no_blanks("MINDO_API_KEY", key), None)
    url = _get(env, "MINDO_API_URL") or DEFAULT_MINDO_API_URL
    return MindoSettings(
        api_url=found.take(lambda: check_url("MINDO_API_URL", url), DEFAULT_MINDO_API_URL),
        api_key=Secret(key) if key else None,
        max_concurrency=found.take(lambda: int_setting(env, "MINDO_MAX_CONCURRENCY", 8, 1, 32), 8),
        page_size=found.take(lambda: int_setting(env, "MINDO_PAGE_SIZE", 100, 1, 1000), 100),
        request_deadline=found.take(
            lambda: seconds_setting(env, "MINDO_REQUEST_DEADLINE", 20.0, 0.1, 600.0), 20.0
        ),
        question_budget=found.take(
            lambda: seconds_setting(env, "MINDO_QUESTION_BUDGET", 45.0, 0.1, 3600.0), 45.0
        ),
    )


# --- Slack ---------------------------------------------------------------------------

Mode = Literal["socket", "http"]

#: Token prefixes, to say what was pasted by mistake without showing any of it.
_TOKEN_KINDS = {
    "xoxb-": N_("a bot token (xoxb-)"),
    "xoxp-": N_("a user token (xoxp-)"),
    "xapp-": N_("an app-level token (xapp-)"),
    "xoxe": N_("a refresh token (xoxe)"),
}
_NOT_A_TOKEN = N_("something that is not a Slack token")
#: What each token setting must hold, and where in the app's settings it is found.
_BOT_TOKEN = ("SLACK_BOT_TOKEN", "xoxb-", N_("the bot token (xoxb-)"))
_APP_TOKEN = ("SLACK_APP_TOKEN", "xapp-", N_("an app-level token (xapp-)"))


def _token_kind(raw: str) -> str:
    """What a token is, by its prefix alone (nothing else of it is ever shown)."""
    return next((k for p, k in _TOKEN_KINDS.items() if raw.startswith(p)), _NOT_A_TOKEN)


@dataclass(frozen=True)
class SlackSettings:
    mode: Mode
    #: None when the app is distributed: each workspace's token comes from its install.
    bot_token: Secret | None
    signing_secret: Secret | None
    app_token: Secret | None
    #: Web API base URL with a trailing slash (slack-sdk appends the method name).
    api_url: str


class WrongTokenError(ConfigError):
    """A token of another kind was pasted: the kinds named are translated too."""

    def text(self, tr: Translator) -> str:
        kinds = ("kind", "wanted", "other_kind")
        values = {k: tr._(str(v)) if k in kinds else v for k, v in self.values.items()}
        return tr._(self.template, **values)


def _token(env: Env, setting: tuple[str, str, str], where: str) -> Secret | None:
    name, prefix, wanted = setting
    raw = _get(env, name)
    if raw is None:
        return None
    _no_blanks(name, raw)
    if not raw.startswith(prefix):
        raise WrongTokenError(
            N_("{name} holds {kind}, but it must hold {wanted}: {where}."),
            name=name,
            kind=_token_kind(raw),
            wanted=wanted,
            where=where,
        )
    return Secret(raw)


def _swapped_tokens(env: Env) -> ConfigError | None:
    """The bot token and the app-level token each in the other's setting: one problem."""
    bot, app = _get(env, _BOT_TOKEN[0]), _get(env, _APP_TOKEN[0])
    if (
        bot is None
        or app is None
        or not (bot.startswith(_APP_TOKEN[1]) and app.startswith(_BOT_TOKEN[1]))
    ):
        return None
    return WrongTokenError(
        N_(
            "{name} and {other} look swapped: {name} holds {kind} and {other} {other_kind}. "
            "Exchange their values."
        ),
        name=_BOT_TOKEN[0],
        other=_APP_TOKEN[0],
        kind=_token_kind(bot),
        other_kind=_token_kind(app),
    )


def load_slack_settings(
    env: Env | None = None,
    *,
    http: bool = False,
    web_api_only: bool = False,
    distributed: bool = False,
    problems: Problems | None = None,
) -> SlackSettings:
    """Read the Slack variables; ``http`` chooses HTTP mode instead of Socket Mode.

    ``web_api_only``: only Web API calls will be made (the CLI posting a digest), so
    neither mode's own credential (app token, signing secret) is required.
    ``distributed``: the app is installed with "Add to Slack" (``DistributionSettings``),
    so there is no bot token of its own; one set would be a mistake.
    """
    env, found = _environ(env), problems or Problems()
    bot_token: Secret | None = None
    swapped = None if distributed else _swapped_tokens(env)
    if distributed and _get(env, "SLACK_BOT_TOKEN") is not None:
        found.add(
            ConfigError(
                N_(
                    "SLACK_BOT_TOKEN is set, but with SLACK_CLIENT_ID the app is installed in "
                    "each workspace with Add to Slack and uses that workspace's token: unset "
                    "SLACK_BOT_TOKEN (or unset SLACK_CLIENT_ID to serve one workspace)."
                )
            )
        )
    elif _get(env, "SLACK_BOT_TOKEN") is None and not distributed:
        found.add(
            ConfigError(
                N_(
                    "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from "
                    "OAuth & Permissions in your Slack app's settings."
                )
            )
        )
    elif swapped is not None:
        found.add(swapped)
    elif not distributed:
        bot_token = found.take(
            lambda: _token(env, _BOT_TOKEN, "OAuth & Permissions → Bot User OAuth Token"),
            None,
        )
    app_token = (
        None
        if swapped is not None
        else found.take(
            lambda: _token(env, _APP_TOKEN, "Basic Information → App-Level Tokens"), None
        )
    )
    secret = _get(env, "SLACK_SIGNING_SECRET")
    if secret is not None:
        found.take(lambda: _no_blanks("SLACK_SIGNING_SECRET", secret), None)
    if http and secret is None and not web_api_only:
        found.add(
            ConfigError(
                N_(
                    "SLACK_SIGNING_SECRET is not set: HTTP mode needs it to check that requests "
                    "come from Slack (Basic Information → App Credentials → Signing Secret)."
                )
            )
        )
    app_token_set = _get(env, _APP_TOKEN[0]) is not None  # a wrong one is named above
    if not http and not app_token_set and not web_api_only and not distributed:
        found.add(
            ConfigError(
                N_(
                    "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) "
                    "with connections:write (Basic Information → App-Level Tokens), or run "
                    "with --http."
                )
            )
        )
    raw_url = _get(env, "SLACK_API_URL")
    api_url = (
        DEFAULT_SLACK_API_URL
        if raw_url is None
        else found.take(lambda: check_url("SLACK_API_URL", raw_url), DEFAULT_SLACK_API_URL).rstrip(
            "/"
        )
        + "/"
    )
    return SlackSettings(
        mode="http" if http else "socket",
        bot_token=bot_token,
        signing_secret=Secret(secret) if secret else None,
        app_token=app_token,
        api_url=api_url,
    )


# --- Digests and the store -----------------------------------------------------------

_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def load_admins(env: Env | None = None) -> frozenset[str]:
    """BULKSENDS_ADMINS: Slack user ids (U…), separated by commas or spaces."""
    env = _environ(env)
    ids = frozenset(re.split(r"[\s,]+", env.get("BULKSENDS_ADMINS", "").strip())) - {""}
    bad = sorted(i for i in ids if not USER_ID.match(i))
    if bad:
        raise ConfigError(
            N_("BULKSENDS_ADMINS must list Slack user ids like U012ABCDEF, got {ids}."),
            ids=", ".join(bad),
        )
    return ids


@dataclass(frozen=True)
class EnvDigest:
    """The digest DIGEST_CHANNEL / DIGEST_TIME / DIGEST_TZ ask for."""

    channel_id: str
    time: tuple[int, int]
    timezone: str | None


def load_env_digest(
    env: Env | None = None, *, problems: Problems | None = None
) -> EnvDigest | None:
    env, found = _environ(env), problems or Problems()
    channel = env.get("DIGEST_CHANNEL", "").strip().lstrip("#")
    if not channel:
        return None
    if not CHANNEL_ID.match(channel):
        found.add(
            ConfigError(
                N_(
                    "DIGEST_CHANNEL must be a channel id like C012ABCDEF (in Slack: channel "
                    "details → the id at the bottom), got {raw}."
                ),
                raw=repr(channel),
            )
        )
    raw_time = env.get("DIGEST_TIME", "").strip() or "09:00"
    match = _HHMM.match(raw_time)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        found.add(
            ConfigError(N_("DIGEST_TIME must be HH:MM like 09:00, got {raw}."), raw=repr(raw_time))
        )
        match = _HHMM.match("09:00")
    assert match is not None
    raw_tz = env.get("DIGEST_TZ", "").strip()
    zone = found.take(lambda: check_timezone("DIGEST_TZ", raw_tz), None) if raw_tz else None
    return EnvDigest(channel, (int(match.group(1)), int(match.group(2))), zone)


#: Seconds between two polls of one Mindo account for alerts, and the range allowed.
DEFAULT_ALERT_POLL = 60.0
ALERT_POLL_RANGE = (1.0, 3600.0)


def load_alert_poll(env: Env | None = None) -> float:
    """BULKSENDS_ALERT_POLL_S: how often alerts read each Mindo account (seconds)."""
    low, high = ALERT_POLL_RANGE
    return seconds_setting(_environ(env), "BULKSENDS_ALERT_POLL_S", DEFAULT_ALERT_POLL, low, high)


def load_alerts_channel(env: Env | None = None) -> str | None:
    """ALERTS_CHANNEL: a channel id whose alerts are turned on at start, with the defaults."""
    channel = _environ(env).get("ALERTS_CHANNEL", "").strip().lstrip("#")
    if not channel:
        return None
    if not CHANNEL_ID.match(channel):
        raise ConfigError(
            N_(
                "ALERTS_CHANNEL must be a channel id like C012ABCDEF (in Slack: channel "
                "details → the id at the bottom), got {raw}."
            ),
            raw=repr(channel),
        )
    return channel


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def store_target(env: Env | None = None) -> str:
    """DATABASE_URL when it is a PostgreSQL URL, else BULKSENDS_DB (a SQLite path)."""
    env = _environ(env)
    url = env.get("DATABASE_URL", "").strip()
    if url:
        if not is_postgres_url(url):
            raise ConfigError(
                N_(
                    "DATABASE_URL must be a postgresql:// URL (for SQLite set BULKSENDS_DB "
                    "to a file path instead)."
                )
            )
        return url
    return env.get("BULKSENDS_DB", "").strip() or DEFAULT_DB_PATH


# --- Distribution: one app, installed in many workspaces --------------------------------

_CLIENT_ID = re.compile(r"^\d{3,20}\.\d{3,20}$")
#: What a new BULKSENDS_SECRET_KEY is made with (printed in the error that asks for one).
NEW_KEY_COMMAND = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


@dataclass(frozen=True)
class DistributionSettings:
    """ "Add to Slack": Bolt's OAuth flow installs the app, each workspace connects Mindo.

    Set by SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and BULKSENDS_SECRET_KEY together.
    """

    client_id: str
    client_secret: Secret
    #: Seals what is stored (tokens, Mindo keys); the old keys still open older values.
    secret_key: Secret
    old_secret_keys: tuple[Secret, ...] = ()
    #: SLACK_REDIRECT_URI: only needed when the app lists several redirect URLs.
    redirect_uri: str | None = None


def _secret_key(name: str, raw: str) -> Secret:
    """A Fernet key: 32 bytes in URL-safe base64 (44 characters)."""
    try:
        decoded = base64.urlsafe_b64decode(raw.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        decoded = b""
    if len(raw) != 44 or len(decoded) != 32:
        raise ConfigError(
            N_(
                "{name} must be a key made for it (44 characters of URL-safe base64); make "
                "one with: {command}"
            ),
            name=name,
            command=NEW_KEY_COMMAND,
        )
    return Secret(raw)


def load_distribution_settings(
    env: Env | None = None, *, problems: Problems | None = None
) -> DistributionSettings | None:
    """The three variables together turn distribution on; one or two alone is a mistake."""
    env, found = _environ(env), problems or Problems()
    names = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "BULKSENDS_SECRET_KEY")
    values = {name: _get(env, name) for name in names}
    missing = [name for name, value in values.items() if value is None]
    if len(missing) == len(names):
        return None
    if missing:
        given = [name for name in names if name not in missing]
        found.add(
            ConfigError(
                N_(
                    "{given} set but not {missing}: installing the app in many workspaces "
                    "needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App "
                    "Credentials) and BULKSENDS_SECRET_KEY; for one workspace, unset {given}."
                ),
                given=", ".join(given),
                missing=", ".join(missing),
            )
        )
        return None
    client_id, client_secret, key = (values[name] or "" for name in names)
    if not _CLIENT_ID.match(client_id):
        found.add(
            ConfigError(
                N_(
                    "SLACK_CLIENT_ID must be the Client ID from Basic Information → App "
                    "Credentials, like 1234567890.1234567890, got {raw}."
                ),
                raw=repr(client_id[:40]),
            )
        )
    found.take(lambda: _no_blanks("SLACK_CLIENT_SECRET", client_secret), None)
    secret_key = found.take(lambda: _secret_key("BULKSENDS_SECRET_KEY", key), Secret(""))
    old = [raw for raw in re.split(r"[\s,]+", env.get("BULKSENDS_SECRET_KEY_OLD", "")) if raw]
    old_keys = tuple(
        found.take(partial(_secret_key, "BULKSENDS_SECRET_KEY_OLD", raw), Secret("")) for raw in old
    )
    raw_redirect = _get(env, "SLACK_REDIRECT_URI")
    redirect = (
        None
        if raw_redirect is None
        else found.take(lambda: check_url("SLACK_REDIRECT_URI", raw_redirect), None)
    )
    return DistributionSettings(
        client_id=client_id,
        client_secret=Secret(client_secret),
        secret_key=secret_key,
        old_secret_keys=tuple(k for k in old_keys if k),
        redirect_uri=redirect,
    )


# --- The command line ----------------------------------------------------------------

#: Every variable that holds a secret: logs blot their values out wherever they appear.
SECRET_VARIABLES = (
    "MINDO_API_KEY",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_CLIENT_SECRET",
    "BULKSENDS_SECRET_KEY",
    "BULKSENDS_SECRET_KEY_OLD",
)


def secrets_in(env: Env | None = None) -> list[Secret]:
    env = _environ(env)
    return [Secret(value) for name in SECRET_VARIABLES if (value := _get(env, name))]


#: What a masked secret shows instead.
MASK = "********"
_TOKEN_CHARS = r"\w.-"


def mask_secrets(text: str, secrets: list[Secret]) -> str:
    """``text`` with each secret's whole occurrences replaced by ``MASK``: where it stands
    as a value of its own, never inside a longer word or token that merely contains it."""
    for secret in sorted((s.reveal() for s in secrets if s), key=len, reverse=True):
        pattern = rf"(?<![{_TOKEN_CHARS}]){re.escape(secret)}(?![{_TOKEN_CHARS}])"
        text = re.sub(pattern, MASK, text)
    return text


def default_timezone(env: Env | None = None) -> str | None:
    """BULKSENDS_TZ, the CLI's zone when --tz is not given (None: ask Mindo, then UTC)."""
    raw = _get(_environ(env), "BULKSENDS_TZ")
    return None if raw is None else check_timezone("BULKSENDS_TZ", raw)


def log_level(env: Env | None = None, *, default: str = "WARNING") -> str:
    """BULKSENDS_LOG_LEVEL: INFO for the running app (one line per command), else WARNING."""
    level = (_get(_environ(env), "BULKSENDS_LOG_LEVEL") or default).upper()
    if level not in LOG_LEVELS:
        raise ConfigError(
            N_("BULKSENDS_LOG_LEVEL must be one of {levels}, got {raw}."),
            levels=", ".join(LOG_LEVELS),
            raw=repr(level),
        )
    return level


@dataclass(frozen=True)
class AppSettings:
    """What ``bulksends run`` needs, all checked before anything starts."""

    slack: SlackSettings
    #: The one account (single workspace), or what every workspace's client shares
    #: (distribution: its ``api_key`` is None and each workspace brings its own).
    mindo: MindoSettings
    store_target: str
    admins: frozenset[str]
    env_digest: EnvDigest | None
    log_level: str
    distribution: DistributionSettings | None = None
    #: ALERTS_CHANNEL: alerts turned on there at start (self-hosted only).
    alerts_channel: str | None = None
    #: BULKSENDS_ALERT_POLL_S: seconds between polls of each Mindo account.
    alert_poll: float = DEFAULT_ALERT_POLL

    @property
    def distributed(self) -> bool:
        return self.distribution is not None


def load_app_settings(env: Env | None = None, *, http: bool, demo: bool) -> AppSettings:
    """Every setting ``bulksends run`` needs; the first problem is raised."""
    return _read_app_settings(_environ(env), http=http, demo=demo, found=Problems())


def app_settings_problems(env: Env | None = None, *, http: bool, demo: bool) -> list[ConfigError]:
    """Every problem ``load_app_settings`` could raise, all of them, in the same order."""
    found = Problems(strict=False)
    _read_app_settings(_environ(env), http=http, demo=demo, found=found)
    return found.errors


def _read_app_settings(env: Env, *, http: bool, demo: bool, found: Problems) -> AppSettings:
    distribution = load_distribution_settings(env, problems=found)
    distributed = distribution is not None
    slack = load_slack_settings(env, http=http, distributed=distributed, problems=found)
    mindo = load_mindo_settings(env, problems=found)
    target = found.take(lambda: store_target(env), DEFAULT_DB_PATH)
    if distributed:
        _distribution_rules(env, http=http, demo=demo, target=target, found=found)
        mindo = replace(mindo, api_key=None)
    elif mindo.demo and not demo:
        found.add(
            ConfigError(
                N_(
                    "MINDO_API_KEY is not set: set it to your Mindo API key, or start with "
                    "--demo to try the app on demo data."
                )
            )
        )
    if demo:
        mindo = replace(mindo, api_key=None)
    return AppSettings(
        slack=slack,
        mindo=mindo,
        store_target=target,
        admins=found.take(lambda: load_admins(env), frozenset()),
        env_digest=load_env_digest(env, problems=found),
        log_level=found.take(lambda: log_level(env, default="INFO"), "INFO"),
        distribution=distribution,
        alerts_channel=found.take(lambda: load_alerts_channel(env), None),
        alert_poll=found.take(lambda: load_alert_poll(env), DEFAULT_ALERT_POLL),
    )


def _distribution_rules(env: Env, *, http: bool, demo: bool, target: str, found: Problems) -> None:
    """What cannot go with distribution: Socket Mode, one key, demo data, a memory store."""
    if not http:
        found.add(
            ConfigError(
                N_(
                    "Installing the app in many workspaces (SLACK_CLIENT_ID is set) needs HTTP "
                    "mode, for Slack's OAuth redirect: start with --http."
                )
            )
        )
    if _get(env, "MINDO_API_KEY") is not None:
        found.add(
            ConfigError(
                N_(
                    "MINDO_API_KEY is set, but with SLACK_CLIENT_ID each workspace connects its "
                    "own Mindo key in the app's Home tab: unset MINDO_API_KEY."
                )
            )
        )
    if demo:
        found.add(
            ConfigError(
                N_(
                    "--demo serves one workspace; with SLACK_CLIENT_ID each workspace connects "
                    "its own Mindo key instead."
                )
            )
        )
    if _get(env, "DIGEST_CHANNEL") is not None:
        found.add(
            ConfigError(
                N_(
                    "DIGEST_CHANNEL names a channel of one workspace; with SLACK_CLIENT_ID each "
                    "workspace sets its digests with /bulksends digest: unset DIGEST_CHANNEL."
                )
            )
        )
    if _get(env, "ALERTS_CHANNEL") is not None:
        found.add(
            ConfigError(
                N_(
                    "ALERTS_CHANNEL names a channel of one workspace; with SLACK_CLIENT_ID each "
                    "workspace turns alerts on with /bulksends alerts: unset ALERTS_CHANNEL."
                )
            )
        )
    if target.strip() == ":memory:":
        found.add(
            ConfigError(
                N_(
                    "BULKSENDS_DB is :memory:, but installations must outlive the process: "
                    "set BULKSENDS_DB to a file, or DATABASE_URL to PostgreSQL."
                )
            )
        )
