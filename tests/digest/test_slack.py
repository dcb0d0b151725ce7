"""`/bulksends digest …`, the form and the Home tab, end to end through the real app in
HTTP mode, a fake Slack and a fake Mindo (the harness pieces of tests/slack): that the
feature is plugged in, and what only the whole path shows (acks and form errors in the
HTTP answer, the form closing at once, start-up). What each handler decides is tested by
calling ``DigestCommands`` directly (tests/digest/test_commands.py)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.digest.slack import digest_feature
from bot.settings import ConfigError, load_admins, load_env_digest
from bot.slack.http import EVENTS_PATH
from bot.store.backends import StoreError
from bot.store.digests import DigestStore, open_store
from tests.digest.fakes import FakePoster
from tests.factories import BUENOS_AIRES
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.slack_requests import FORM, SlackRequest, home_opened, slash_command
from tests.slack.harness import SIGNING_SECRET, clock, running_app

ADMIN = "UADMIN"  # a workspace admin whose own zone is not the company's
OWNER = "UOWNER"
MEMBER_USER = "UMEMBER"
LISTED = "ULISTED"  # in BULKSENDS_ADMINS
CHANNEL = "CMEMBER"


@dataclass
class App:
    slack: FakeSlackApi
    url: str
    session: aiohttp.ClientSession
    db: str

    async def command(
        self, text: str, *, user: str = ADMIN, channel: str = CHANNEL, word: str = "digest"
    ) -> tuple[dict[str, Any] | None, str]:
        response_url = self.slack.response_url()
        request = slash_command(
            f"{word} {text}".strip(), user=user, channel=channel, response_url=response_url
        )
        status, body = await self.send(request)
        assert status == 200
        return (json.loads(body) if body else None), response_url

    async def send(self, request: SlackRequest) -> tuple[int, str]:
        async with self.session.post(
            self.url + EVENTS_PATH, data=request.body, headers=request.headers(SIGNING_SECRET)
        ) as response:
            return response.status, await response.text()

    @asynccontextmanager
    async def store(self) -> AsyncIterator[DigestStore]:
        opened = await open_store(self.db)
        try:
            yield opened
        finally:
            await opened.close()


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    fake.add_user(ADMIN, locale="es-LA", tz="America/Mexico_City", is_admin=True)
    fake.add_user(OWNER, locale="en-US", tz="Europe/Madrid", is_owner=True)
    fake.add_user(MEMBER_USER, locale="pt-BR", tz="America/Sao_Paulo")
    fake.add_user(LISTED, locale="en-US", tz="America/New_York")
    fake.channels.update({CHANNEL: "member", ADMIN: "member"})
    async with serve_slack(fake):
        yield fake
    assert fake.problems == [], fake.problems


@asynccontextmanager
async def running(slack: FakeSlackApi, tmp_path: Path, **env: str) -> AsyncIterator[App]:
    """The app with the digest feature, as the composition root builds it."""
    db = env.pop("BULKSENDS_DB", str(tmp_path / "digests.db"))
    environment = {"BULKSENDS_ADMINS": LISTED, **env}
    feature = partial(
        digest_feature,
        store_target=db,
        admins=load_admins(environment),
        env_digest=load_env_digest(environment),
        poster=FakePoster(clock),
    )
    async with running_app(slack, features=[feature]) as harness:
        yield App(slack, harness.url, harness.session, db)


@pytest.fixture
async def app(slack: FakeSlackApi, tmp_path: Path) -> AsyncIterator[App]:
    async with running(slack, tmp_path) as started:
        yield started


async def test_an_admin_sets_one_up_here_in_the_company_zone(app: App) -> None:
    ack, response_url = await app.command("aquí a las 8:30 de lunes a viernes")
    assert ack is None or not ack.get("text")
    answer = await app.slack.wait_for_response(response_url)
    assert answer["text"].startswith(
        "✅ Resumen diario para <#CMEMBER>: de lunes a viernes a las 8:30"
    )
    assert "(hora de Buenos Aires)" in answer["text"]  # not the raw IANA id
    async with app.store() as store:
        digest = await store.get_digest(CHANNEL)
    assert digest is not None
    assert (digest.schedule.hour, digest.schedule.minute) == (8, 30)
    assert digest.schedule.timezone == BUENOS_AIRES  # the company's, not the admin's Mexico City
    assert digest.created_by == ADMIN and digest.language == "es"


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("daily digest", "here at 9:00"),
        ("resumen diario", "aquí a las 9:00"),
        ("Resumen Diario", "aquí 9:00"),  # "resumen del día" is a question (5145fc5)
        ("resumo diário", "aqui às 9:00"),
        ("resumo diario", "aqui 9:00"),
    ],
)
async def test_the_digest_is_called_by_its_name_in_each_language(
    app: App, word: str, text: str
) -> None:
    """ "/bulksends resumen diario aquí …" is the digest's command (it was read as a
    question: a 7-day report by day, or "digest" named back as not understood). The
    admin's Slack is in Spanish: so is the answer, whatever words were typed."""
    _, response_url = await app.command(text, word=word)
    answer = await app.slack.wait_for_response(response_url)
    assert answer["text"].startswith("✅ Resumen diario para <#CMEMBER>: todos los días a las 9:00")


async def test_others_are_told_who_can(app: App) -> None:
    ack, _ = await app.command("aqui às 9", user=MEMBER_USER)
    assert ack is not None
    assert ack["text"].startswith("🔒 Só administradores e proprietários")
    assert f"<@{LISTED}>" in ack["text"]
    async with app.store() as store:
        assert await store.list_digests() == ()


async def test_the_form_opens_and_saves(app: App) -> None:
    await app.command("edit", user=OWNER)
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("views.open")))
    view = app.slack.calls_to("views.open")[0].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "digest_editor"
    state = {
        "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL}},
        "time": {"value": {"type": "timepicker", "selected_time": "07:15"}},
        "days": {
            "value": {"type": "checkboxes", "selected_options": [{"value": "5"}, {"value": "6"}]}
        },
        "tz": {"value": {"type": "plain_text_input", "value": "europe/madrid"}},
        "language": {"value": {"type": "static_select", "selected_option": {"value": "pt"}}},
        "options": {"value": {"type": "checkboxes", "selected_options": [{"value": "enabled"}]}},
    }
    status, body = await app.send(view_submission(OWNER, view, state))
    assert status == 200 and not body
    await app.slack.wait_for(
        lambda: any(c.args.get("channel") == OWNER for c in app.slack.calls_to("chat.postMessage"))
    )  # the form closes at once; the confirmation follows the save
    async with app.store() as store:
        digest = await store.get_digest(CHANNEL)
    assert digest is not None
    assert (digest.schedule.hour, digest.schedule.minute, digest.schedule.days) == (
        7,
        15,
        frozenset({5, 6}),
    )
    assert digest.schedule.timezone == "Europe/Madrid"


async def _editor(app: App) -> dict[str, Any]:
    await app.command("edit", user=OWNER)
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("views.open")))
    view = app.slack.calls_to("views.open")[0].args["view"]
    return json.loads(view) if isinstance(view, str) else dict(view)


GOOD_STATE: dict[str, Any] = {
    "channel": {"value": {"selected_conversation": CHANNEL}},
    "time": {"value": {"selected_time": "07:15"}},
    "days": {"value": {"selected_options": [{"value": "5"}]}},
    "tz": {"value": {"value": "UTC"}},
    "language": {"value": {"selected_option": {"value": "es"}}},
}


async def test_the_form_closes_at_once_even_while_the_database_is_busy(app: App) -> None:
    view = await _editor(app)
    other = sqlite3.connect(app.db, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another replica writing, for as long as it likes
    try:
        started = time.perf_counter()
        status, body = await asyncio.wait_for(
            app.send(view_submission(OWNER, view, GOOD_STATE)), 2.5
        )
        assert (status, body) == (200, "")
        assert time.perf_counter() - started < 2.5
    finally:
        other.execute("COMMIT")
        other.close()
    await app.slack.wait_for(
        lambda: any(c.args.get("channel") == OWNER for c in app.slack.calls_to("chat.postMessage"))
    )
    async with app.store() as store:
        assert await store.get_digest(CHANNEL) is not None


async def test_the_form_points_at_what_is_wrong(app: App) -> None:
    await app.command("edit", user=OWNER)
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("views.open")))
    view = app.slack.calls_to("views.open")[0].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    state = {
        "channel": {"value": {"selected_conversation": CHANNEL}},
        "time": {"value": {"selected_time": "07:15"}},
        "days": {"value": {"selected_options": []}},
        "tz": {"value": {"value": "Mars/Base"}},
        "language": {"value": {"selected_option": {"value": "pt"}}},
    }
    status, body = await app.send(view_submission(OWNER, view, state))
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors" and set(answer["errors"]) == {"days", "tz"}


async def test_the_home_tab_lists_digests(app: App) -> None:
    _, url = await app.command("here 9:00")
    await app.slack.wait_for_response(url)
    await app.send(home_opened(MEMBER_USER))
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("views.publish")))
    view = app.slack.calls_to("views.publish")[-1].args["view"]
    text = view if isinstance(view, str) else json.dumps(view, ensure_ascii=False)
    assert "<#CMEMBER>" in text


async def test_the_environment_sets_up_one_digest(slack: FakeSlackApi, tmp_path: Path) -> None:
    env = {"DIGEST_CHANNEL": "C0ENVCHAN", "DIGEST_TIME": "07:45"}
    async with running(slack, tmp_path, **env) as started, started.store() as store:
        digest = await store.get_digest("C0ENVCHAN")
    assert digest is not None and digest.created_by == ""
    assert (digest.schedule.hour, digest.schedule.minute) == (7, 45)
    assert digest.schedule.timezone == BUENOS_AIRES


async def test_bad_environment_stops_the_start(slack: FakeSlackApi, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="DIGEST_TIME"):
        async with running(slack, tmp_path, DIGEST_CHANNEL="C0ENVCHAN", DIGEST_TIME="7am"):
            pass


def view_submission(user: str, view: dict[str, Any], state: dict[str, Any]) -> SlackRequest:
    payload = {
        "type": "view_submission",
        "team": {"id": "T0FAKE", "domain": "fake"},
        "user": {"id": user, "team_id": "T0FAKE"},
        "api_app_id": "A0FAKE",
        "token": "deprecated-verification-token",
        "trigger_id": "trigger.submit",
        "view": {**view, "id": "V1", "state": {"values": state}},
    }
    return SlackRequest(urlencode({"payload": json.dumps(payload)}).encode(), FORM)


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("missing-folder/x.db", "cannot be opened (unable to open database file): point BULK"),
        ("not-a-database.db", "cannot be opened (file is not a database): point BULKSENDS_DB"),
    ],
)
async def test_an_unusable_database_stops_the_start_in_plain_words(
    slack: FakeSlackApi, tmp_path: Path, where: str, words: str
) -> None:
    (tmp_path / "not-a-database.db").write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(StoreError) as raised:
        async with running(slack, tmp_path, BULKSENDS_DB=str(tmp_path / where)):
            pass
    assert words in str(raised.value)


async def test_here_in_a_private_channel_the_app_is_not_in_says_to_invite_it(app: App) -> None:
    """Over HTTP against the fake Slack: conversations.history says channel_not_found."""
    _, response_url = await app.command("aquí a las 9:00", channel="GPRIVATE")
    answer = await app.slack.wait_for_response(response_url)
    assert answer["text"].startswith("🔒 No estoy en <#GPRIVATE>")
    async with app.store() as store:
        assert await store.get_digest("GPRIVATE") is None
