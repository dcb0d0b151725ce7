import pytest

from bot.settings import (
    DEFAULT_MINDO_API_URL,
    ConfigError,
    Secret,
    app_settings_problems,
    default_timezone,
    load_app_settings,
    load_mindo_settings,
)
from tests.test_settings_distribution import DISTRIBUTED


def test_defaults_without_key_mean_demo() -> None:
    settings = load_mindo_settings({})
    assert settings.api_url == DEFAULT_MINDO_API_URL
    assert settings.api_key is None
    assert settings.demo
    assert (settings.max_concurrency, settings.page_size) == (8, 100)


def test_key_is_wrapped_and_never_shown() -> None:
    settings = load_mindo_settings({"MINDO_API_KEY": "mindo_0123456789abcdef01234567"})
    assert not settings.demo
    assert settings.api_key is not None
    assert settings.api_key.reveal() == "mindo_0123456789abcdef01234567"
    for shown in (repr(settings), str(settings), f"{settings.api_key}"):
        assert "0123456789abcdef" not in shown


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"MINDO_API_URL": "ftp://x"}, "MINDO_API_URL"),
        ({"MINDO_API_URL": "not a url"}, "MINDO_API_URL"),
        ({"MINDO_MAX_CONCURRENCY": "eight"}, "MINDO_MAX_CONCURRENCY"),
        ({"MINDO_MAX_CONCURRENCY": "0"}, "MINDO_MAX_CONCURRENCY"),
        ({"MINDO_PAGE_SIZE": "5000"}, "MINDO_PAGE_SIZE"),
        ({"MINDO_API_KEY": "mindo_abc def"}, "MINDO_API_KEY"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(ConfigError, match=names) as caught:
        load_mindo_settings(env)
    assert "abc def" not in str(caught.value)


def test_url_trailing_slash_is_trimmed() -> None:
    assert load_mindo_settings({"MINDO_API_URL": "http://127.0.0.1:9/"}).api_url == (
        "http://127.0.0.1:9"
    )


def test_timezone_setting() -> None:
    assert default_timezone({}) is None
    assert default_timezone({"BULKSENDS_TZ": "Asia/Tokyo"}) == "Asia/Tokyo"
    with pytest.raises(ConfigError, match="BULKSENDS_TZ"):
        default_timezone({"BULKSENDS_TZ": "Mars/Olympus"})


def test_secret_equality_without_exposure() -> None:
    assert Secret("a") == Secret("a")
    assert Secret("a") != Secret("b")
    assert not Secret("")


def test_alert_settings() -> None:
    base = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "MINDO_API_KEY": "k"}
    settings = load_app_settings(base, http=True, demo=False)
    assert (settings.alerts_channel, settings.alert_poll) == (None, 60.0)
    chosen = {**base, "ALERTS_CHANNEL": "#C012ABCDEF", "BULKSENDS_ALERT_POLL_S": "15"}
    settings = load_app_settings(chosen, http=True, demo=False)
    assert (settings.alerts_channel, settings.alert_poll) == ("C012ABCDEF", 15.0)
    wrong = {**base, "ALERTS_CHANNEL": "ops", "BULKSENDS_ALERT_POLL_S": "0.5"}
    named = [str(p).split(" ")[0] for p in app_settings_problems(wrong, http=True, demo=False)]
    assert named == ["ALERTS_CHANNEL", "BULKSENDS_ALERT_POLL_S"]
    distributed = {**DISTRIBUTED, "ALERTS_CHANNEL": "C012ABCDEF"}
    problems = [str(p) for p in app_settings_problems(distributed, http=True, demo=False)]
    assert problems == [
        "ALERTS_CHANNEL names a channel of one workspace; with SLACK_CLIENT_ID each workspace "
        "turns alerts on with /bulksends alerts: unset ALERTS_CHANNEL."
    ]
