import pytest

from bot.settings import DEFAULT_SLACK_API_URL, ConfigError, load_slack_settings

BOT = "xoxb-1111-2222-abcdefabcdef"
APP = "xapp-1-A111-2222-abcdefabcdef"
SECRET = "8f14e45fceea167a5a36dedd4bea2543"


def test_socket_mode_needs_the_bot_and_app_tokens() -> None:
    settings = load_slack_settings({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP})
    assert settings.mode == "socket"
    assert settings.bot_token is not None and settings.bot_token.reveal() == BOT
    assert settings.app_token is not None and settings.app_token.reveal() == APP
    assert settings.signing_secret is None
    assert settings.api_url == DEFAULT_SLACK_API_URL


def test_http_mode_needs_the_signing_secret_not_the_app_token() -> None:
    settings = load_slack_settings(
        {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET}, http=True
    )
    assert settings.mode == "http"
    assert settings.signing_secret is not None and settings.signing_secret.reveal() == SECRET


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://slack-gov.com/api/", "https://slack-gov.com/api/"),
        ("http://127.0.0.1:8123/api", "http://127.0.0.1:8123/api/"),
    ],
)
def test_api_url_always_ends_with_a_slash(url: str, expected: str) -> None:
    env = {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_API_URL": url}
    assert load_slack_settings(env).api_url == expected


@pytest.mark.parametrize(
    ("env", "http", "variable"),
    [
        ({"SLACK_APP_TOKEN": APP}, False, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": BOT}, False, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": BOT}, True, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": APP, "SLACK_APP_TOKEN": APP}, False, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": BOT}, False, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-12 34", "SLACK_APP_TOKEN": APP}, False, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": "ab\tcd"}, True, "SLACK_SIGNING_SECRET"),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_API_URL": "slack"},
            False,
            "SLACK_API_URL",
        ),
    ],
)
def test_each_problem_is_one_line_naming_the_variable(
    env: dict[str, str], http: bool, variable: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_slack_settings(env, http=http)
    message = str(raised.value)
    assert message.startswith(variable)
    assert "\n" not in message


def test_a_token_in_the_wrong_variable_is_named_but_never_shown() -> None:
    with pytest.raises(ConfigError) as raised:
        load_slack_settings({"SLACK_BOT_TOKEN": APP, "SLACK_APP_TOKEN": APP})
    assert "app-level token" in str(raised.value)
    assert APP not in str(raised.value)
    assert "A111" not in str(raised.value)


def test_settings_never_show_secrets() -> None:
    settings = load_slack_settings(
        {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_SIGNING_SECRET": SECRET}
    )
    shown = repr(settings) + str(settings)
    for secret in (BOT, APP, SECRET):
        assert secret not in shown


def test_web_api_only_needs_just_the_bot_token() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_API_URL": "http://127.0.0.1:9/api"}
    settings = load_slack_settings(env, web_api_only=True)
    assert settings.api_url == "http://127.0.0.1:9/api/"
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        load_slack_settings({}, web_api_only=True)
