"""Installing the distributed app: Bolt's OAuth flow end to end against the fake Slack, then
an admin connecting Mindo through the form, and who may change or remove the key."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from bot.domain.workspaces import WorkspaceRef
from bot.message.answer import build_answer_message
from bot.message.connect import CONNECT, CONNECT_VIEW, DISCONNECT, KEY_BLOCK
from bot.mindo.client import MindoClient
from bot.service.account import Account
from bot.slack.auth import REQUIRED_SCOPES
from bot.slack.distribution import INSTALL_PATH, REDIRECT_PATH
from bot.slack.http import EVENTS_PATH
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.workspace_requests import click
from tests.slack.distributed import (
    Browser,
    Company,
    Distributed,
    add_people,
    company,
    distributed_app,
    texts,
)
from tests.slack.harness import clock

ACME = company("TACME", "Acme Corp", seed=7, zone="America/Argentina/Buenos_Aires")
GLOBEX = company("TGLOBEX", "Globex S.A.", seed=11, zone="America/Mexico_City", language="es")


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    add_people(fake, ACME, GLOBEX)
    fake.channels["CMEMBER"] = "member"
    async with serve_slack(fake):
        yield fake
    assert fake.problems == [], fake.problems


@pytest.fixture
async def app(slack: FakeSlackApi, tmp_path: Path) -> AsyncIterator[Distributed]:
    async with distributed_app(slack, [ACME, GLOBEX], tmp_path) as started:
        yield started


async def expected_answer(one: Company, text: str) -> dict[str, Any]:
    """The answer the company's own Mindo account gives, built apart from the app."""
    client = MindoClient(
        "https://mindo.test", one.mindo.api_key, transport=httpx.MockTransport(one.mindo.handle)
    )
    async with client:
        account = Account(client, demo=False, clock=clock)
        zone = one.mindo.dataset.business_info.timezone or "UTC"
        parsed = await account.parse(text, zone)
        answer = await account.answer(parsed)  # type: ignore[arg-type]
    message = build_answer_message(answer, now=clock())
    return message.to_dict()


async def test_the_install_page_sends_the_browser_to_slack_with_a_state(app: Distributed) -> None:
    async with app.session.get(app.url + INSTALL_PATH) as response:
        assert response.status == 200
        page = await response.text()
        cookie = response.headers.get("Set-Cookie", "")
    assert "Add to Slack" in page
    link = unescape(next(part for part in page.split('"') if "oauth/v2/authorize" in part))
    assert urlsplit(link).netloc == urlsplit(app.slack.base_url).netloc  # SLACK_API_URL's Slack
    query = parse_qs(urlsplit(link).query)
    assert query["client_id"] == [app.slack.client_id]
    assert set(query["scope"][0].split(",")) == REQUIRED_SCOPES
    assert "user_scope" not in query or query["user_scope"] == [""]
    assert f"slack-app-oauth-state={query['state'][0]}" in cookie


async def test_oauth_end_to_end_stores_the_install_sealed(app: Distributed) -> None:
    await app.install(ACME)
    [exchange] = app.slack.calls_to("oauth.v2.access")
    assert exchange.args["code"] == "code-TACME"
    assert app.running.distribution is not None
    bot = await app.running.distribution.installations.find_workspace_bot(
        WorkspaceRef("TACME", "TACME")
    )
    assert bot is not None and bot.bot_token in app.slack.tokens
    assert app.slack.tokens[bot.bot_token] == "TACME"
    listed = await app.running.distribution.installations.list_workspaces()
    assert [(w.workspace.id, w.name) for w in listed] == [("TACME", "Acme Corp")]


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [("state", "invalid_state"), ("cookie", "invalid_browser"), ("code", "")],
)
async def test_a_tampered_install_stores_nothing(
    app: Distributed, slack: FakeSlackApi, tamper: str, reason: str
) -> None:
    slack.install("code-TACME", "TACME", team_name="Acme Corp")
    page = await app.browser.get(INSTALL_PATH)
    state = page.text.split("state=", 1)[1].split('"', 1)[0].split("&", 1)[0]
    browser = app.browser
    if tamper == "cookie":
        browser = Browser(app.session, app.url)  # another browser: without the cookie
        done = await browser.get(REDIRECT_PATH, code="code-TACME", state=state)
    elif tamper == "state":  # a state the app never issued, cookie and all
        browser.cookies["slack-app-oauth-state"] = "forged"
        done = await browser.get(REDIRECT_PATH, code="code-TACME", state="forged")
    else:
        done = await browser.get(REDIRECT_PATH, code="made-up", state=state)
    assert done.status in (400, 401) and "Something Went Wrong" in done.text
    assert reason in done.text
    assert app.running.distribution is not None
    assert await app.running.distribution.installations.list_workspaces() == ()


async def test_a_state_is_used_once(app: Distributed, slack: FakeSlackApi) -> None:
    slack.install("code-TACME", "TACME", team_name="Acme Corp")
    done, query = await app.browser.install(slack, "code-TACME")
    assert done.status == 200
    assert app.browser.cookies["slack-app-oauth-state"] == "deleted"
    app.browser.cookies["slack-app-oauth-state"] = query["state"][0]  # kept by an attacker
    again = await app.browser.get(REDIRECT_PATH, code="code-TACME", state=query["state"][0])
    assert again.status == 401 and "invalid_state" in again.text


async def test_a_person_who_cancels_on_slack_gets_a_page_not_a_traceback(app: Distributed) -> None:
    done = await app.browser.get(REDIRECT_PATH, error="access_denied", state="x")
    assert done.status == 200 and "access_denied" in done.text and "Traceback" not in done.text


async def test_until_mindo_is_connected_every_command_says_who_can_connect_it(
    app: Distributed,
) -> None:
    await app.install(ACME)
    await app.install(GLOBEX)
    ack, _ = await app.ack(ACME, "failed last week", user=ACME.member)
    assert ack["text"] == "Ask a workspace admin to connect Mindo in the app's Home tab."
    assert CONNECT not in json.dumps(ack)
    ack, _ = await app.ack(GLOBEX, "fallidos ayer", user=GLOBEX.member)
    assert ack["text"] == (
        "Pídele a un administrador del espacio de trabajo que conecte Mindo en la pestaña "
        "Inicio de la app."
    )
    ack, _ = await app.ack(ACME, "help", user=ACME.admin)
    assert ack["text"].startswith("Connect Mindo first")
    assert json.dumps(ack).count(f'"action_id": "{CONNECT}"') == 1
    home = await app.open_home(ACME, ACME.admin)
    assert CONNECT in json.dumps(home) and "One step left: connect Mindo" in texts(home)
    home = await app.open_home(GLOBEX, GLOBEX.member)
    assert CONNECT not in json.dumps(home)
    assert not app.mindo.by_key[ACME.mindo.api_key].requests  # nobody asked Mindo


async def test_an_admin_connects_with_the_form_and_everyone_can_ask(app: Distributed) -> None:
    await app.install(ACME)
    status, _ = await app.send(click(CONNECT, "connect", ACME.where, user=ACME.admin))
    assert status == 200
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("views.open")))
    form = app.slack.calls_to("views.open")[0]
    assert form.team == "TACME" and CONNECT_VIEW in json.dumps(form.args)

    status, body = await app.connect(ACME, key="mindo_wrong_key_1234")
    assert status == 200
    assert json.loads(body)["errors"][KEY_BLOCK].startswith("Mindo rejected this key")
    status, body = await app.connect(ACME, key="two words")
    assert "spaces or invisible characters" in json.loads(body)["errors"][KEY_BLOCK]
    assert app.running.distribution is not None
    assert await app.running.distribution.connections.get("TACME") is None

    status, body = await app.connect(ACME)
    assert (status, body) == (200, "")
    connection = await app.running.distribution.connections.get("TACME")
    assert connection is not None and connection.company == "Acme Corp"
    assert connection.key_hint == ACME.mindo.api_key[-4:] and connection.connected_by == ACME.admin
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("chat.postMessage")))
    [notice] = app.slack.calls_to("chat.postMessage")
    assert notice.args["channel"] == ACME.admin and "Acme Corp" in notice.args["text"]
    home = app.slack.calls_to("views.publish")[-1]
    assert f"`{ACME.mindo.api_key[-4:]}`" in json.dumps(home.args)
    assert ACME.mindo.api_key not in json.dumps(home.args)

    answer = await app.ask(ACME, "failed last week")
    assert answer["text"] == (await expected_answer(ACME, "failed last week"))["text"]


async def test_only_admins_may_connect_change_or_remove_the_key(app: Distributed) -> None:
    await app.install(ACME)
    await app.send(click(CONNECT, "connect", ACME.where, user=ACME.member))
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("views.open")))
    assert "Only workspace admins" in json.dumps(app.slack.calls_to("views.open")[0].args)
    _, body = await app.connect(ACME)  # as the admin: works
    assert body == ""
    member_home = await app.open_home(ACME, ACME.member)
    assert DISCONNECT not in json.dumps(member_home) and CONNECT not in json.dumps(member_home)
    admin_home = await app.open_home(ACME, ACME.admin)
    assert DISCONNECT in json.dumps(admin_home)

    publishes = len(app.slack.calls_to("views.publish"))
    await app.send(click(DISCONNECT, "disconnect", ACME.where, user=ACME.member))
    await app.slack.wait_for(lambda: len(app.slack.calls_to("views.publish")) > publishes)
    assert app.running.distribution is not None
    assert await app.running.distribution.connections.get("TACME") is not None

    await app.send(click(DISCONNECT, "disconnect", ACME.where, user=ACME.admin))
    await app.slack.wait_for(lambda: len(app.slack.calls_to("views.publish")) > publishes + 1)
    assert await app.running.distribution.connections.get("TACME") is None
    assert CONNECT in json.dumps(app.slack.calls_to("views.publish")[-1].args)
    ack, _ = await app.ack(ACME, "failed last week", user=ACME.member)
    assert ack["text"] == "Ask a workspace admin to connect Mindo in the app's Home tab."


async def test_the_install_pages_are_gets_beside_a_signature_first_events_path(
    app: Distributed,
) -> None:
    """Only GETs reach Bolt's OAuth flow; Slack's POSTs still need the signature first."""
    async with app.session.post(app.url + EVENTS_PATH, data=b"command=/bulksends") as unsigned:
        assert unsigned.status == 401
    for path in (INSTALL_PATH, REDIRECT_PATH):
        async with app.session.post(app.url + path, data=b"x") as posted:
            assert posted.status == 405
    async with app.session.get(app.url + EVENTS_PATH) as fetched:
        assert fetched.status == 405
