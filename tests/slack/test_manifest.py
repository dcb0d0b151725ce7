"""manifest.yml against Slack's published schema (vendored with its MIT licence in data/)."""

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.slack.auth import REQUIRED_SCOPES
from bot.slack.distribution import LEAVING_EVENTS, REDIRECT_PATH
from bot.slack.http import EVENTS_PATH
from bot.slack.listeners.commands import COMMAND

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).parent / "data" / "slack-manifest.schema.1.0.0.json"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text())
    return loaded


def test_manifest_is_valid_for_slack(manifest: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=str)
    assert errors == []


def test_the_schema_catches_a_broken_manifest(manifest: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(manifest))
    broken["features"]["slash_commands"][0]["command"] = "bulksends"  # no leading slash
    broken["display_information"]["colour"] = "#fff"  # no such key
    schema = json.loads(SCHEMA.read_text())
    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(broken))) == 2


def test_manifest_declares_what_the_app_uses(manifest: dict[str, Any]) -> None:
    features, settings = manifest["features"], manifest["settings"]
    (command,) = features["slash_commands"]
    assert command["command"] == COMMAND
    assert command["description"] and command["usage_hint"]
    assert features["bot_user"]["display_name"] == "bulksends"
    assert features["app_home"]["home_tab_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["event_subscriptions"]["bot_events"] == [
        "app_home_opened",
        *LEAVING_EVENTS,
    ]
    assert settings["socket_mode_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == REQUIRED_SCOPES


def test_the_marked_http_and_distribution_changes_make_a_valid_manifest() -> None:
    """What the README says to change for HTTP mode and distribution: every place is marked
    in the file, and the manifest with them filled in is still one Slack takes."""
    text = (ROOT / "manifest.yml").read_text()
    marked = re.findall(r"# (HTTP mode|Distribution): (\w+): (.+)", text)
    assert sorted(key for _, key, _ in marked) == [
        "redirect_urls",
        "request_url",
        "request_url",
        "url",
    ]
    changed = yaml.safe_load(text)
    host = "https://bulksends.example.com"
    changed["settings"]["socket_mode_enabled"] = False
    for _, key, value in marked:
        filled = yaml.safe_load(value.replace("https://YOUR-HOST", host))
        if key == "url":
            changed["features"]["slash_commands"][0]["url"] = filled
            assert filled == host + EVENTS_PATH
        elif key == "redirect_urls":
            changed["oauth_config"]["redirect_urls"] = filled
            assert filled == [host + REDIRECT_PATH]
        else:
            assert filled == host + EVENTS_PATH
    changed["settings"]["event_subscriptions"]["request_url"] = host + EVENTS_PATH
    changed["settings"]["interactivity"]["request_url"] = host + EVENTS_PATH
    schema = json.loads(SCHEMA.read_text())
    assert sorted(jsonschema.Draft7Validator(schema).iter_errors(changed), key=str) == []
