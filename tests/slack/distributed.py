"""A distributed app ("Add to Slack") on a loopback port, between a fake Slack that knows
several workspaces and fake Mindo accounts, one per workspace, behind one address.

Workspaces are installed the way a person installs them (the install page, Slack's
redirect back with a code) and connected to Mindo through the form; requests then reach
the app signed, from their own workspace. Nothing is patched.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp

import bot.app
from bot.app import Feature
from bot.demo.accounts import FakeMindoAccounts, company_dataset
from bot.demo.api import FakeMindoApi, serve
from bot.message.connect import CONNECT_VIEW, KEY_ACTION, KEY_BLOCK
from bot.settings import AppSettings, load_app_settings
from bot.slack.distribution import INSTALL_PATH, REDIRECT_PATH
from bot.slack.http import EVENTS_PATH
from bot.store.sealing import new_secret_key
from tests.factories import WEDNESDAY_LUNCHTIME as NOW
from tests.factories import no_wait
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import SlackRequest
from tests.fakes.workspace_requests import From, command, home_opened, submit
from tests.slack.harness import SIGNING_SECRET, clock

SECRET_KEY = new_secret_key()


@dataclass(frozen=True)
class Company:
    """A fake workspace and the Mindo account its admin connects."""

    where: From
    name: str
    admin: str
    member: str
    mindo: FakeMindoApi
    language: str = "en"

    @property
    def team(self) -> str:
        return self.where.team


def company(
    team: str, name: str, *, seed: int, zone: str, language: str = "en", org: str | None = None
) -> Company:
    key = f"mindo_{team.lower()}_key_0000{seed:04d}"
    dataset = company_dataset(NOW, seed=seed, name=name, timezone=zone)
    return Company(
        where=From(team, enterprise=org),
        name=name,
        admin=f"UADMIN{team[1:]}",
        member=f"UMEMBER{team[1:]}",
        mindo=FakeMindoApi(dataset, api_key=key),
        language=language,
    )


def add_people(slack: FakeSlackApi, *companies: Company) -> None:
    locales = {"en": "en-US", "es": "es-LA", "pt": "pt-BR"}
    for one in companies:
        zone = one.mindo.dataset.business_info.timezone
        locale = locales[one.language]
        enterprise = one.where.enterprise
        for user, admin in ((one.admin, True), (one.member, False)):
            slack.add_user(
                user, team=one.team, tz=zone, locale=locale, is_admin=admin, enterprise=enterprise
            )
            slack.channels[user] = "member"  # their direct messages with the app


def distributed_settings(
    slack: FakeSlackApi,
    *,
    mindo_url: str,
    db: str,
    secret_key: str = SECRET_KEY,
    old_keys: Sequence[str] = (),
) -> AppSettings:
    """What ``bulksends run --http`` reads when SLACK_CLIENT_ID & co. are set."""
    environment = {
        "SLACK_CLIENT_ID": slack.client_id,
        "SLACK_CLIENT_SECRET": slack.client_secret,
        "BULKSENDS_SECRET_KEY": secret_key,
        "BULKSENDS_SECRET_KEY_OLD": ",".join(old_keys),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "MINDO_API_URL": mindo_url,
        "BULKSENDS_DB": db,
    }
    return load_app_settings(environment, http=True, demo=False)


@dataclass
class Page:
    status: int
    text: str


class Browser:
    """What a person's browser does during an install: pages, the state cookie (sent back
    by hand: Bolt marks it Secure, and the test server is plain HTTP), Slack's redirect."""

    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base
        self.cookies: dict[str, str] = {}

    async def get(self, path: str, **params: str) -> Page:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Cookie": cookie} if cookie else {}
        async with self.session.get(self.base + path, params=params, headers=headers) as response:
            for raw in response.headers.getall("Set-Cookie", []):
                name, _, rest = raw.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return Page(response.status, await response.text())

    async def install(self, slack: FakeSlackApi, code: str) -> tuple[Page, dict[str, list[str]]]:
        """Open the install page, "approve" on Slack, come back with the code."""
        page = await self.get(INSTALL_PATH)
        assert page.status == 200, page
        found = re.search(r'href="([^"]+oauth/v2/authorize[^"]*)"', page.text)
        assert found is not None, page
        query = parse_qs(urlsplit(unescape(found[1])).query)
        done = await self.get(REDIRECT_PATH, code=code, state=query["state"][0])
        return done, query


@dataclass
class Distributed:
    slack: FakeSlackApi
    mindo: FakeMindoAccounts
    running: bot.app.Running
    session: aiohttp.ClientSession
    browser: Browser
    db: str

    @property
    def url(self) -> str:
        assert self.running.url is not None
        return self.running.url

    async def send(self, request: SlackRequest) -> tuple[int, str]:
        async with self.session.post(
            self.url + EVENTS_PATH, data=request.body, headers=request.headers(SIGNING_SECRET)
        ) as response:
            return response.status, await response.text()

    async def install(self, one: Company) -> None:
        self.slack.install(
            f"code-{one.team}",
            one.team,
            team_name=one.name,
            enterprise_id=one.where.enterprise,
            org_wide=one.where.org_wide,
            installer=one.admin,
        )
        page, _ = await self.browser.install(self.slack, f"code-{one.team}")
        assert page.status == 200 and "Thank you!" in page.text, page

    async def connect(self, one: Company, key: str | None = None) -> tuple[int, str]:
        """The admin submits the form with the key (the company's own by default)."""
        values = {
            KEY_BLOCK: {KEY_ACTION: {"type": "plain_text_input", "value": key or one.mindo.api_key}}
        }
        request = submit(
            CONNECT_VIEW,
            values,
            one.where,
            user=one.admin,
            private_metadata=json.dumps({"language": one.language}),
        )
        return await self.send(request)

    async def ask(self, one: Company, text: str, *, user: str | None = None) -> dict[str, Any]:
        """A question from someone in ``one``; returns the answer posted to its response_url."""
        url = self.slack.response_url()
        status, _ = await self.send(
            command(text, one.where, user=user or one.member, channel="CMEMBER", response_url=url)
        )
        assert status == 200
        return await self.slack.wait_for_response(url)

    async def ack(self, one: Company, text: str, *, user: str) -> tuple[dict[str, Any], str]:
        """A command's acknowledgement (what Slack shows at once) and its response_url."""
        url = self.slack.response_url()
        status, body = await self.send(
            command(text, one.where, user=user, channel="CMEMBER", response_url=url)
        )
        assert status == 200
        return (json.loads(body) if body else {}), url

    async def open_home(self, one: Company, user: str) -> dict[str, Any]:
        """The Home tab published for ``user`` after they open it."""
        before = len(self.slack.calls_to("views.publish"))

        def mine() -> list[Any]:
            later = self.slack.calls_to("views.publish")[before:]
            return [call for call in later if call.args.get("user_id") == user]

        status, _ = await self.send(home_opened(user, one.where))
        assert status == 200
        await self.slack.wait_for(lambda: bool(mine()))
        published = mine()[0]
        assert published.team == (one.where.enterprise if one.where.org_wide else one.team)
        view = published.args["view"]
        parsed: dict[str, Any] = json.loads(view) if isinstance(view, str) else view
        return parsed


@asynccontextmanager
async def distributed_app(
    slack: FakeSlackApi,
    companies: Sequence[Company],
    tmp_path: Path,
    *,
    features: Sequence[Feature] = (),
    db: str | None = None,
    secret_key: str = SECRET_KEY,
    old_keys: Sequence[str] = (),
) -> AsyncIterator[Distributed]:
    mindo = FakeMindoAccounts(one.mindo for one in companies)
    target = db or str(tmp_path / "distributed.db")
    async with serve(mindo) as mindo_url, aiohttp.ClientSession() as session:
        settings = distributed_settings(
            slack, mindo_url=mindo_url, db=target, secret_key=secret_key, old_keys=old_keys
        )
        async with bot.app.running_app(
            settings,
            clock=clock,
            host="127.0.0.1",
            port=0,
            features=features,
            mindo_sleep=no_wait,
            grace=1.0,
        ) as running:
            assert running.url is not None
            yield Distributed(slack, mindo, running, session, Browser(session, running.url), target)


def texts(message: dict[str, Any] | None) -> str:
    return json.dumps(message, ensure_ascii=False)
