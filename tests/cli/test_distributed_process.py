"""A real ``bulksends run --http`` process installed in two workspaces, each connected to its
own Mindo account (with different data): installed through the browser flow, connected
through the form, then asked side by side, many questions at once. Each answer is its
own workspace's; the log shows no token, key or secret."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

from bot.demo.accounts import FakeMindoAccounts, company_dataset
from bot.demo.api import FakeMindoApi, serve
from bot.message.answer import build_answer_message
from bot.message.connect import CONNECT_VIEW, KEY_ACTION, KEY_BLOCK
from bot.mindo.client import MindoClient
from bot.service.account import Account
from bot.store.sealing import new_secret_key
from tests.app_process import until_listening
from tests.cli.test_processes import ROOT, environment
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.workspace_requests import From, command, submit
from tests.slack.distributed import Browser
from tests.slack.harness import SIGNING_SECRET

SECRET_KEY = new_secret_key()


def now() -> datetime:
    return datetime.now(UTC)


class Workspace:
    def __init__(self, team: str, name: str, seed: int, zone: str, language: str) -> None:
        self.where = From(team)
        self.name = name
        self.language = language
        self.admin, self.member = f"UADMIN{team[1:]}", f"UMEMBER{team[1:]}"
        dataset = company_dataset(now(), seed=seed, name=name, timezone=zone)
        self.mindo = FakeMindoApi(dataset, api_key=f"mindo_{team.lower()}_live_{seed:04d}")
        self.zone = zone

    async def expected(self, text: str) -> str:
        """The answer this workspace's own account gives, built apart from the app."""
        transport = httpx.MockTransport(self.mindo.handle)
        async with MindoClient("https://m.test", self.mindo.api_key, transport=transport) as client:
            account = Account(client, demo=False, clock=now)
            parsed = await account.parse(text, self.zone, user_language=self.language)  # type: ignore[arg-type]
            answer = await account.answer(parsed)  # type: ignore[arg-type]
        return build_answer_message(answer, now=now()).text


ACME = Workspace("TACME", "Acme Corp", 7, "America/Argentina/Buenos_Aires", "en")
GLOBEX = Workspace("TGLOBEX", "Globex S.A.", 11, "America/Mexico_City", "es")
QUESTIONS = {
    ACME: ("failed last week", "partial this month", "last 30 days"),
    GLOBEX: ("fallidos la semana pasada", "parciales este mes", "últimos 30 días"),
}


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    locales = {"en": "en-US", "es": "es-LA"}
    for one in QUESTIONS:
        for user, admin in ((one.admin, True), (one.member, False)):
            fake.add_user(
                user, team=one.where.team, tz=one.zone, locale=locales[one.language], is_admin=admin
            )
            fake.channels[user] = "member"
    fake.channels["CMEMBER"] = "member"
    async with serve_slack(fake):
        yield fake
    assert fake.problems == [], fake.problems


async def test_two_workspaces_on_one_real_process(slack: FakeSlackApi, tmp_path: Path) -> None:
    mindo = FakeMindoAccounts(one.mindo for one in QUESTIONS)
    async with serve(mindo) as mindo_url:
        env = environment(
            SLACK_CLIENT_ID=slack.client_id,
            SLACK_CLIENT_SECRET=slack.client_secret,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            BULKSENDS_SECRET_KEY=SECRET_KEY,
            MINDO_API_URL=mindo_url,
            BULKSENDS_DB=str(tmp_path / "bulksends.db"),
            BULKSENDS_LOG_LEVEL="INFO",
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--http",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            env=env,
            cwd=ROOT,
            stderr=asyncio.subprocess.PIPE,
        )
        assert process.stderr is not None
        try:
            lines = await until_listening(process)
            listening = lines[-1]
            assert listening["distributed"] is True and listening["workspaces"] == 0
            await _use(slack, listening["url"])
        finally:
            process.send_signal(signal.SIGTERM)
            _, rest = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    lines += [json.loads(line) for line in rest.decode().splitlines()]
    assert lines[-1]["message"] == "stopped"
    assert sum(line["message"] == "command answered" for line in lines) == 18
    assert sum(line["message"] == "Mindo connected" for line in lines) == 2
    logged = json.dumps(lines)
    for secret in (SECRET_KEY, SIGNING_SECRET, slack.client_secret, *slack.tokens):
        assert secret not in logged
    for one in QUESTIONS:
        assert one.mindo.api_key not in logged


async def _use(slack: FakeSlackApi, url: str) -> None:
    async with aiohttp.ClientSession() as session:
        browser = Browser(session, url)

        async def send(request: Any) -> tuple[int, str]:
            headers = request.headers(SIGNING_SECRET)
            async with session.post(f"{url}/slack/events", data=request.body, headers=headers) as r:
                return r.status, await r.text()

        for one in QUESTIONS:
            code = f"code-{one.where.team}"
            slack.install(code, one.where.team, team_name=one.name, installer=one.admin)
            page, _ = await browser.install(slack, code)
            assert page.status == 200 and "Thank you!" in page.text
            field = {"type": "plain_text_input", "value": one.mindo.api_key}
            form = submit(
                CONNECT_VIEW,
                {KEY_BLOCK: {KEY_ACTION: field}},
                one.where,
                user=one.admin,
                private_metadata=json.dumps({"language": one.language}),
            )
            assert await send(form) == (200, "")

        async def ask(one: Workspace, text: str) -> str:
            response_url = slack.response_url()
            request = command(
                text, one.where, user=one.member, channel="CMEMBER", response_url=response_url
            )
            assert (await send(request))[0] == 200
            return str((await slack.wait_for_response(response_url))["text"])

        asked = [(one, text) for one, texts in QUESTIONS.items() for text in texts] * 3
        # Built before and after: the clock is real, and a day may turn meanwhile.
        before = {(one, text): await one.expected(text) for one, text in set(asked)}
        answers = await asyncio.gather(*(ask(one, text) for one, text in asked))
        expected = {(one, text): await one.expected(text) for one, text in set(asked)}
        for (one, text), answer in zip(asked, answers, strict=True):
            assert answer in (before[(one, text)], expected[(one, text)]), (one.name, text)
        assert (
            expected[(ACME, "failed last week")] != expected[(GLOBEX, "fallidos la semana pasada")]
        )
