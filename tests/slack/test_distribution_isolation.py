"""Many workspaces on one running app: each sees only its own Mindo account's data, side by
side and under concurrency; digests post with their own workspace's token and data; a
workspace that leaves takes its installation, key and digests with it; and the secret
key can be rotated under running data."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.digest.every_workspace import DigestPasses
from bot.digest.runner import DigestRunner, Result, RunPolicy
from bot.digest.slack import digest_feature
from bot.domain.workspaces import WorkspaceRef
from bot.message.answer import build_answer_message
from bot.mindo.client import MindoClient
from bot.service.account import Account
from bot.slack.services import AppServices
from bot.store.digests import open_store
from bot.store.installations import sqlalchemy_url
from bot.store.sealing import new_secret_key
from tests.factories import make_digest
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.workspace_requests import From, command, tokens_revoked, uninstalled
from tests.slack.distributed import (
    SECRET_KEY,
    Company,
    Distributed,
    add_people,
    company,
    distributed_app,
)
from tests.slack.harness import clock

ACME = company("TACME", "Acme Corp", seed=7, zone="America/Argentina/Buenos_Aires")
GLOBEX = company("TGLOBEX", "Globex S.A.", seed=11, zone="America/Mexico_City", language="es")
ORG = company(
    "TORGONE", "Initech Group", seed=13, zone="America/Sao_Paulo", language="pt", org="EORG"
)
ORG = replace(ORG, where=From("TORGONE", enterprise="EORG", org_wide=True))
ORG_OTHER_TEAM = From("TORGTWO", enterprise="EORG", org_wide=True)
ORG_OTHER_USER = "UORGTWOUSER"

QUESTIONS = {
    ACME.team: ("failed last week", "partial this month", "last 30 days"),
    GLOBEX.team: ("fallidos la semana pasada", "parciales este mes", "últimos 30 días"),
}


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    add_people(fake, ACME, GLOBEX, ORG)
    fake.add_user(
        ORG_OTHER_USER, team="TORGTWO", enterprise="EORG", tz="America/Sao_Paulo", locale="pt-BR"
    )
    fake.channels.update({"CMEMBER": "member", "CGLOBEX": "member"})
    async with serve_slack(fake):
        yield fake
    assert fake.problems == [], fake.problems


async def expected_answer(one: Company, text: str) -> dict[str, Any]:
    """The answer the company's own Mindo account gives, built apart from the app."""
    transport = httpx.MockTransport(one.mindo.handle)
    async with MindoClient("https://mindo.test", one.mindo.api_key, transport=transport) as client:
        account = Account(client, demo=False, clock=clock)
        zone = one.mindo.dataset.business_info.timezone or "UTC"
        parsed = await account.parse(text, zone, user_language=one.language)  # type: ignore[arg-type]
        answer = await account.answer(parsed)  # type: ignore[arg-type]
    message = build_answer_message(answer, now=clock())
    return message.to_dict()


async def ready(app: Distributed, *companies: Company) -> None:
    for one in companies:
        await app.install(one)
        assert (await app.connect(one))[1] == ""


async def test_two_workspaces_side_by_side_under_concurrency(
    slack: FakeSlackApi, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with distributed_app(slack, [ACME, GLOBEX], tmp_path) as app:
        await ready(app, ACME, GLOBEX)
        companies = {ACME.team: ACME, GLOBEX.team: GLOBEX}
        expected = {
            (team, text): await expected_answer(companies[team], text)
            for team, texts in QUESTIONS.items()
            for text in texts
        }
        for own, other in zip(QUESTIONS[ACME.team], QUESTIONS[GLOBEX.team], strict=True):
            assert expected[(ACME.team, own)]["text"] != expected[(GLOBEX.team, other)]["text"]

        asked = [(team, text) for team, texts in QUESTIONS.items() for text in texts] * 3
        answers = await asyncio.gather(*(app.ask(companies[team], text) for team, text in asked))
        for (team, text), answer in zip(asked, answers, strict=True):
            want = expected[(team, text)]
            assert (answer["text"], answer["blocks"]) == (want["text"], want["blocks"]), text

        for one in (ACME, GLOBEX):
            requests = one.mindo.requests
            assert requests and {r.headers["x-api-key"] for r in requests} == {one.mindo.api_key}
        for call in slack.calls_to("users.info"):
            person = slack.users[call.args["user"]]
            assert call.team == person["team_id"]

        acme_home = await app.open_home(ACME, ACME.admin)
        globex_home = await app.open_home(GLOBEX, GLOBEX.admin)
        assert "Acme Corp" in json.dumps(acme_home) and "Globex" not in json.dumps(acme_home)
        assert "Globex S.A." in json.dumps(globex_home) and "Acme" not in json.dumps(globex_home)
        assert acme_home["blocks"][1:3] != globex_home["blocks"][1:3]  # this week's numbers

    logged = caplog.text + json.dumps([getattr(r, "fields", None) for r in caplog.records])
    for secret in (ACME.mindo.api_key, GLOBEX.mindo.api_key, *slack.tokens):
        assert secret not in logged


@asynccontextmanager
async def with_digests(
    slack: FakeSlackApi, companies: list[Company], tmp_path: Path, **kwargs: Any
) -> AsyncIterator[tuple[Distributed, list[DigestRunner | DigestPasses]]]:
    """The app with the digest feature (its background passes an hour apart)."""
    runners: list[DigestRunner | DigestPasses] = []
    db = str(tmp_path / "distributed.db")

    @asynccontextmanager
    async def digests(
        app: AsyncApp, services: AppServices, client: AsyncWebClient
    ) -> AsyncIterator[None]:
        feature = digest_feature(
            app, services, client, store_target=db, policy=RunPolicy(tick=3600.0)
        )
        async with feature as runner:
            runners.append(runner)
            yield

    async with distributed_app(
        slack, companies, tmp_path, features=[digests], db=db, **kwargs
    ) as app:
        yield app, runners


async def save_digests(db: str, *teams: str, language: str = "en") -> None:
    store = await open_store(db)
    try:
        for team in teams:
            digest = make_digest("CMEMBER", hour=9, since=clock() - timedelta(days=7))
            await store.for_team(team).save_digest(replace(digest, language=language))  # type: ignore[arg-type]
    finally:
        await store.close()


async def test_each_workspaces_digest_posts_with_its_own_token_and_data(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    async with with_digests(slack, [ACME, GLOBEX], tmp_path) as (app, runners):
        await ready(app, ACME, GLOBEX)
        await save_digests(app.db, ACME.team, GLOBEX.team, "TNOKEY")
        [passes] = runners
        assert isinstance(passes, DigestPasses)
        assert await passes.due_workspaces() == ["TACME", "TGLOBEX", "TNOKEY"]
        outcomes = await passes.run_due()
        assert sorted(o.run_date.isoformat() for o in outcomes) == ["2026-11-18"] * 2
        assert {o.result for o in outcomes} <= {Result.SENT, Result.SENT_LATE}
        posts = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "CMEMBER"]
        assert sorted(str(c.team) for c in posts) == ["TACME", "TGLOBEX"]
        by_team = {c.team: c.args["text"] for c in posts}
        assert by_team["TACME"] != by_team["TGLOBEX"]
        assert await passes.due_workspaces() == ["TNOKEY"]  # the others are done for today
        assert await passes.run_due() == []


async def test_a_workspace_that_leaves_takes_everything_with_it(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    forgotten: list[str] = []
    async with with_digests(slack, [ACME, GLOBEX], tmp_path) as (app, _):
        # Another feature's clean-up (alerts will register theirs the same way).
        app.running.services.cleanups.append(lambda workspace: _note(forgotten, workspace))
        await ready(app, ACME, GLOBEX)
        await save_digests(app.db, ACME.team, GLOBEX.team)
        distribution = app.running.distribution
        assert distribution is not None
        assert len(distribution.accounts) == 2

        slack.revoke(ACME.team)
        assert (await app.send(uninstalled(ACME.where)))[0] == 200
        await _eventually(lambda: forgotten == ["TACME"])
        assert (
            await distribution.installations.find_workspace_bot(WorkspaceRef("TACME", "TACME"))
            is None
        )
        assert await distribution.connections.get("TACME") is None
        assert [a for a, _ in distribution.accounts.accounts()] == ["TGLOBEX"]
        store = await open_store(app.db)
        try:
            assert await store.for_team("TACME").list_digests() == ()
            assert len(await store.for_team("TGLOBEX").list_digests()) == 1
        finally:
            await store.close()

        await app.send(tokens_revoked(GLOBEX.where, bot=False, users=("UGLOBEXUSER",)))
        await asyncio.sleep(0.05)
        assert await distribution.connections.get("TGLOBEX") is not None
        await app.send(tokens_revoked(GLOBEX.where))
        await _eventually(lambda: forgotten == ["TACME", "TGLOBEX"])
        assert await distribution.installations.list_workspaces() == ()
        assert await distribution.connections.list_all() == ()


async def _note(into: list[str], workspace: WorkspaceRef) -> None:
    into.append(workspace.id)


async def _eventually(ready: Callable[[], bool]) -> None:
    for _ in range(500):
        if ready():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("it never happened")


async def test_the_secret_key_rotates_under_stored_tokens_and_keys(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    db = str(tmp_path / "rotating.db")
    expected = await expected_answer(ACME, "failed last week")
    async with distributed_app(slack, [ACME], tmp_path, db=db) as app:
        await ready(app, ACME)
    newer = new_secret_key()
    async with distributed_app(
        slack, [ACME], tmp_path, db=db, secret_key=newer, old_keys=[SECRET_KEY]
    ) as app:
        assert (await app.ask(ACME, "failed last week"))["text"] == expected["text"]
    async with distributed_app(slack, [ACME], tmp_path, db=db, secret_key=newer) as app:
        assert (await app.ask(ACME, "failed last week"))["text"] == expected["text"]
    engine = sqlalchemy.create_engine(sqlalchemy_url(db))
    with engine.connect() as conn:
        stored = [
            *conn.execute(sqlalchemy.text("SELECT bot_token FROM slack_bots")),
            *conn.execute(sqlalchemy.text("SELECT sealed_key FROM mindo_connections")),
        ]
    engine.dispose()
    assert stored and not any("xoxb" in row[0] or "mindo_" in row[0] for row in stored)


async def test_an_org_wide_install_serves_every_team_of_the_organisation(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    async with distributed_app(slack, [ORG], tmp_path) as app:
        await ready(app, ORG)
        distribution = app.running.distribution
        assert distribution is not None
        [installed] = await distribution.installations.list_workspaces()
        assert installed.workspace == WorkspaceRef("EORG", None, "EORG", True)
        assert (await distribution.connections.get("EORG")) is not None
        url = slack.response_url()
        request = command(
            "falharam semana passada",
            ORG_OTHER_TEAM,
            user=ORG_OTHER_USER,
            channel="CMEMBER",
            response_url=url,
        )
        assert (await app.send(request))[0] == 200
        answer = await slack.wait_for_response(url)
        assert answer["text"] == (await expected_answer(ORG, "falharam semana passada"))["text"]
