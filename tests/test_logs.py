"""The app's log lines: JSON, no secrets, and nothing quoted from Slack's requests."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import JsonFormatter, configure_logging, working_for
from bot.settings import SECRET_VARIABLES, Secret, secrets_in
from bot.slack.http import UNSIGNED
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import slash_command
from tests.slack.harness import MINDO_KEY, SIGNING_SECRET, running_app


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """Logging as ``bulksends run`` sets it up, at DEBUG, restored afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging("DEBUG", [Secret(SIGNING_SECRET), Secret(MINDO_KEY)], stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


async def test_a_refused_signature_is_logged_without_quoting_the_request(
    slack: FakeSlackApi, output: io.StringIO
) -> None:
    async with running_app(slack) as app:  # built after logging is set up, as in `run`
        url = app.slack.response_url()
        request = slash_command("failed secretword", user="UX", channel="C1", response_url=url)
        status, _ = await app.send(request, secret="not-the-signing-secret")
        assert status == 401
        answer = await app.answer(await app.command("failed last week"))
        assert "Failed" in answer["text"]
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    refused = [line for line in lines if line["message"].startswith(UNSIGNED.split(":")[0])]
    assert len(refused) == 1 and refused[0]["level"] == "warning"
    assert refused[0]["message"].endswith("(check SLACK_SIGNING_SECRET)")
    text = output.getvalue()
    assert "secretword" not in text and "/response/" not in text
    assert "verification" not in text and slack.bot_token not in text
    assert not [line for line in lines if line["logger"].startswith("slack_bolt")][1:]
    assert any(line["message"] == "command answered" for line in lines)
    assert not [line for line in lines if line["logger"].startswith(("httpx", "httpcore"))]


def test_an_exception_stays_on_its_line_and_every_kind_of_secret_is_blotted_out() -> None:
    """The environment's secrets by value, and any workspace's Slack tokens and Mindo keys
    (stored, so in no setting) by their shape, wherever they appear: message, fields,
    traceback."""
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1111-2222-envbottoken",
        "SLACK_APP_TOKEN": "xapp-1-A111-3333-envapptoken",
        "SLACK_SIGNING_SECRET": "8f14e45fceea167a5a36dedd4bea2543",
        "SLACK_CLIENT_SECRET": "c0ffee00c0ffee00c0ffee00c0ffee00",
        "MINDO_API_KEY": "K3y0fTh3Env1r0nm3nt",
        "BULKSENDS_SECRET_KEY": "fErNeTkEy_0123456789abcdefghijklmnopqrstuvw=",
        "BULKSENDS_SECRET_KEY_OLD": "oLdFeRnEtKeY_0123456789abcdefghijklmnopqrst=",
    }
    assert set(env) == set(SECRET_VARIABLES)
    stored = [
        "xoxb-9999-8888-storedbottoken",
        "xoxp-9999-8888-usertoken",
        "xoxe-1-refreshtokenofaworkspace",
        "xoxe.xoxb-1-rotatedbottoken",
        "mindo_0123456789abcdefABCDEF01",
    ]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(secrets_in(env)))
    logger = logging.getLogger("tests.logs.secrets")
    logger.addHandler(handler)
    logger.propagate = False
    everything = " ".join([*env.values(), *stored])
    try:
        try:
            raise RuntimeError(f"first line\nsecond line {everything}\nthird")
        except RuntimeError:
            logger.exception("failed with %s", everything, extra={"fields": {"seen": stored}})
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert out.count("\n") == 1 and out.endswith("\n")
    line = json.loads(out)
    assert "second line" in line["message"] or "second line" in line["traceback"]
    assert "RuntimeError" in line["traceback"]
    for secret in [*env.values(), *stored]:
        assert secret not in out
    assert "mindo_unavailable" in JsonFormatter().format(
        logging.makeLogRecord({"msg": "alerts: Mindo could not be read (mindo_unavailable)"})
    )


def test_a_line_names_the_workspace_whose_work_is_under_way() -> None:
    def team_of(**fields: object) -> object:
        record = logging.makeLogRecord({"msg": "x", "fields": fields})
        return json.loads(JsonFormatter().format(record)).get("team")

    assert team_of() is None
    with working_for("T0ACME"):
        assert team_of() == "T0ACME"
        assert team_of(team="T0OTHER") == "T0OTHER"  # a line that names its own
    assert team_of() is None
