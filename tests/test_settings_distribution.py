"""Distribution settings ("Add to Slack"), and every problem at once for `bulksends check`."""

from __future__ import annotations

import pytest

from bot.settings import (
    ConfigError,
    Secret,
    app_settings_problems,
    load_app_settings,
    load_distribution_settings,
)
from bot.store.sealing import new_secret_key

KEY = new_secret_key()
DISTRIBUTED = {
    "SLACK_CLIENT_ID": "1234567890.0987654321",
    "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
    "BULKSENDS_SECRET_KEY": KEY,
    "SLACK_SIGNING_SECRET": "signing0secret",
    "BULKSENDS_DB": "/tmp/bulksends-test.db",
}


def test_without_the_three_variables_the_app_serves_one_workspace() -> None:
    assert load_distribution_settings({}) is None
    single = load_app_settings(
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "MINDO_API_KEY": "k"},
        http=False,
        demo=False,
    )
    assert not single.distributed and single.slack.bot_token == Secret("xoxb-1")


def test_the_three_variables_turn_distribution_on() -> None:
    old = new_secret_key()
    settings = load_app_settings(
        {**DISTRIBUTED, "BULKSENDS_SECRET_KEY_OLD": old, "SLACK_REDIRECT_URI": "https://x.io/r"},
        http=True,
        demo=False,
    )
    assert settings.distribution is not None and settings.distributed
    assert settings.distribution.client_id == "1234567890.0987654321"
    assert settings.distribution.secret_key == Secret(KEY)
    assert settings.distribution.old_secret_keys == (Secret(old),)
    assert settings.distribution.redirect_uri == "https://x.io/r"
    assert settings.slack.bot_token is None and settings.mindo.api_key is None
    assert KEY not in repr(settings) and "0123456789abcdef" not in repr(settings)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_ID": "", "SLACK_CLIENT_SECRET": ""}, "BULKSENDS_SECRET_KEY set but not"),
        ({"SLACK_CLIENT_ID": "my-app"}, "SLACK_CLIENT_ID must be the Client ID"),
        ({"BULKSENDS_SECRET_KEY": "hunter2"}, "BULKSENDS_SECRET_KEY must be a key"),
        ({"BULKSENDS_SECRET_KEY_OLD": "x" * 44}, "BULKSENDS_SECRET_KEY_OLD must be a key"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "unset SLACK_BOT_TOKEN"),
        ({"MINDO_API_KEY": "mindo_1"}, "unset MINDO_API_KEY"),
        ({"DIGEST_CHANNEL": "C012ABCDEF"}, "unset DIGEST_CHANNEL"),
        ({"BULKSENDS_DB": ":memory:"}, "BULKSENDS_DB is :memory:"),
    ],
)
def test_distribution_mistakes_are_named(change: dict[str, str], named: str) -> None:
    env = {k: v for k, v in {**DISTRIBUTED, **change}.items() if v}
    with pytest.raises(ConfigError, match=named) as caught:
        load_app_settings(env, http=True, demo=False)
    text = str(caught.value)
    assert "hunter2" not in text and "xoxb-1" not in text and "mindo_1" not in text


def test_distribution_needs_http_and_real_data() -> None:
    problems = app_settings_problems(DISTRIBUTED, http=False, demo=True)
    texts = [str(p) for p in problems]
    assert any("start with --http" in t for t in texts)
    assert any(t.startswith("--demo serves one workspace") for t in texts)


def test_every_problem_is_listed_at_once_and_no_secret_shown() -> None:
    env = {
        "SLACK_BOT_TOKEN": "xapp-wrong-kind-of-token",
        "SLACK_SIGNING_SECRET": "sig nature",
        "MINDO_API_KEY": "mindo secret",
        "MINDO_MAX_CONCURRENCY": "lots",
        "MINDO_PAGE_SIZE": "0",
        "BULKSENDS_ADMINS": "bob",
        "DIGEST_CHANNEL": "#general",
        "DIGEST_TIME": "25:00",
        "DIGEST_TZ": "Mars/Olympus",
        "DATABASE_URL": "mysql://x",
        "BULKSENDS_LOG_LEVEL": "LOUD",
    }
    problems = app_settings_problems(env, http=True, demo=False)
    named = [str(p).split(" ")[0] for p in problems]
    assert named == [
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "MINDO_API_KEY",
        "MINDO_MAX_CONCURRENCY",
        "MINDO_PAGE_SIZE",
        "DATABASE_URL",
        "BULKSENDS_ADMINS",
        "DIGEST_CHANNEL",
        "DIGEST_TIME",
        "DIGEST_TZ",
        "BULKSENDS_LOG_LEVEL",
    ]
    everything = " ".join(str(p) for p in problems)
    for secret in ("xapp-wrong-kind-of-token", "sig nature", "mindo secret"):
        assert secret not in everything
    with pytest.raises(ConfigError, match=r"^SLACK_BOT_TOKEN"):  # run stops at the first
        load_app_settings(env, http=True, demo=False)


def test_good_settings_have_no_problems() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "MINDO_API_KEY": "k"}
    assert app_settings_problems(env, http=True, demo=False) == []
    assert app_settings_problems(DISTRIBUTED, http=True, demo=False) == []
