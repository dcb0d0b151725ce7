"""Alerts on a distributed app: each workspace's account polled with its own key, its alerts
posted with its own token and in its channel's language; a workspace without a key waits;
one that leaves takes its alerts with it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.alerts.every_workspace import AlertPasses
from bot.alerts.poll import AlertPolicy
from bot.alerts.runner import AlertRunner
from bot.alerts.slack import alerts_feature
from bot.domain.sends import Status
from bot.slack.services import AppServices
from bot.store.alerts import AlertStore, open_alert_store
from tests.alerts.fakes import alert_channel, send
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.workspace_requests import uninstalled
from tests.slack.distributed import Company, Distributed, add_people, company, distributed_app
from tests.slack.harness import clock

ACME = company("TACME", "Acme Corp", seed=7, zone="America/Argentina/Buenos_Aires")
GLOBEX = company("TGLOBEX", "Globex S.A.", seed=11, zone="America/Mexico_City", language="es")


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    add_people(fake, ACME, GLOBEX)
    fake.channels.update({"CMEMBER": "member"})
    async with serve_slack(fake):
        yield fake
    assert fake.problems == [], fake.problems


@asynccontextmanager
async def with_alerts(
    slack: FakeSlackApi, tmp_path: Path
) -> AsyncIterator[tuple[Distributed, list[AlertRunner | AlertPasses]]]:
    """The app with the alerts feature (its background polls an hour apart)."""
    runners: list[AlertRunner | AlertPasses] = []
    db = str(tmp_path / "distributed.db")

    @asynccontextmanager
    async def alerts(
        app: AsyncApp, services: AppServices, client: AsyncWebClient
    ) -> AsyncIterator[None]:
        feature = alerts_feature(
            app, services, client, store_target=db, policy=AlertPolicy(interval=3600.0)
        )
        async with feature as runner:
            runners.append(runner)
            yield

    async with distributed_app(slack, [ACME, GLOBEX], tmp_path, features=[alerts], db=db) as app:
        for one in (ACME, GLOBEX):
            await app.install(one)
            assert (await app.connect(one))[1] == ""
        yield app, runners


async def save_channels(db: str, **languages: Any) -> None:
    store = await open_alert_store(db)
    try:
        for team, language in languages.items():
            channel = alert_channel("CMEMBER", since=clock() - timedelta(days=7))
            await store.for_team(team).save_channel(replace(channel, language=language))
    finally:
        await store.close()


def failure(one: Company, template: str) -> None:
    one.mindo.put(
        send(
            900,
            clock() - timedelta(minutes=8),
            status=Status.FAILED,
            failed=25,
            recipients=25,
            template=template,
        )
    )


async def test_each_workspace_is_polled_with_its_key_and_told_with_its_token(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    async with with_alerts(slack, tmp_path) as (app, runners):
        await save_channels(app.db, TACME="en", TGLOBEX="es", TNOKEY="en")
        failure(ACME, "acme_promo")
        failure(GLOBEX, "globex_promo")
        for one in (ACME, GLOBEX):
            one.mindo.requests.clear()
        [passes] = runners
        assert isinstance(passes, AlertPasses)
        reports = await passes.poll()
    assert sorted(reports) == ["TACME", "TGLOBEX"]  # TNOKEY has no Mindo key: it waits
    posts = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "CMEMBER"]
    assert sorted(str(c.team) for c in posts) == ["TACME", "TGLOBEX"]
    by_team = {str(c.team): str(c.args) for c in posts}
    # Each company's own data (its own failure, among the rest of its account's), each
    # in its channel's language.
    assert "acme_promo" in by_team["TACME"] and "globex_promo" not in by_team["TACME"]
    assert "globex_promo" in by_team["TGLOBEX"] and "acme_promo" not in by_team["TGLOBEX"]
    assert "alerts at once" in by_team["TACME"] and "alertas a la vez" in by_team["TGLOBEX"]
    for one in (ACME, GLOBEX):
        keys = {r.headers["x-api-key"] for r in one.mindo.requests}
        assert keys == {one.mindo.api_key}


async def test_a_workspace_that_leaves_takes_its_alerts(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    async with with_alerts(slack, tmp_path) as (app, _):
        await save_channels(app.db, TACME="en", TGLOBEX="es")
        slack.revoke(ACME.team)
        assert (await app.send(uninstalled(ACME.where)))[0] == 200
        store = await open_alert_store(app.db)
        try:
            await _until_gone(store, "TACME")
            assert await store.for_team("TGLOBEX").list_channels() != ()
        finally:
            await store.close()


async def _until_gone(store: AlertStore, team: str) -> None:
    """The clean-up runs after the event is acknowledged: wait for it."""
    for _ in range(500):
        if not await store.for_team(team).list_channels():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the workspace's alerts are still there")
