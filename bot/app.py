"""The composition root: settings → clients → services → features, built in one place.

Every entry point builds the app here and nowhere else: ``bulksends run`` and ``check``,
the CLI's questions and digest, the benchmarks and the tests' harness. Side effects come
in as arguments (the clock, the Mindo transport, the Slack Web API's address), so tests
and demos swap the network without patching anything.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

import httpx

from bot.logs import working_for
from bot.mindo.client import READ_TIMEOUT, MindoClient
from bot.mindo.errors import MindoError
from bot.mindo.transport import AiohttpTransport
from bot.service.account import Account
from bot.service.questions import Clock
from bot.settings import AppSettings, MindoSettings, Secret

# Slack, the stores and the features are imported where the app is built, not here:
# `bulksends ask` opens an account and nothing else, and Python would spend most of its
# start loading Bolt, SQLAlchemy and aiohttp's server for it (`python -X importtime`).
if TYPE_CHECKING:
    import aiohttp
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.mindo.health import PathHealth
    from bot.slack.distribution import Distribution
    from bot.slack.services import AppServices

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

#: Where demo requests pretend to go; they never leave the process.
DEMO_BASE_URL = "https://demo.mindo.invalid"

#: A feature plugs into the running app for its lifetime: it registers its listeners,
#: sub-commands and Home sections on entry, runs any background work, and stops on exit.
Feature = Callable[
    ["AsyncApp", "AppServices", "AsyncWebClient"], AbstractAsyncContextManager[object]
]


def demo_transport(clock: Clock) -> httpx.MockTransport:
    """The demo Mindo API in-process, its data generated relative to the clock (daily anew)."""
    from bot.demo.api import DEMO_API_KEY, FakeMindoApi
    from bot.demo.data import build_demo_dataset

    api = FakeMindoApi(build_demo_dataset(clock()), api_key=DEMO_API_KEY, clock=clock)
    return httpx.MockTransport(api.handle)


def make_mindo_client(
    settings: MindoSettings,
    clock: Clock,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    sleep: Sleep | None = None,
) -> MindoClient:
    """The real API, or the embedded demo when there is no key. ``sleep`` waits between
    retries (tests make it instant)."""
    if settings.api_key is None:
        from bot.demo.api import DEMO_API_KEY

        base_url, key = DEMO_BASE_URL, DEMO_API_KEY
        transport = transport or demo_transport(clock)
    else:
        base_url, key = settings.api_url, settings.api_key.reveal()
    return MindoClient(
        base_url,
        key,
        transport=transport,
        max_concurrency=settings.max_concurrency,
        page_size=settings.page_size,
        deadline=settings.request_deadline,
        budget=settings.question_budget,
        sleep=sleep or asyncio.sleep,
    )


@asynccontextmanager
async def open_account(
    settings: MindoSettings,
    clock: Clock,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    sleep: Sleep | None = None,
) -> AsyncIterator[Account]:
    """The Mindo account the settings name, open for the duration."""
    async with make_mindo_client(settings, clock, transport=transport, sleep=sleep) as client:
        yield Account(client, demo=settings.demo, clock=clock)


def default_features(settings: AppSettings) -> list[Feature]:
    """What ``bulksends run`` plugs into the Slack app: Share's ledger, the daily digest
    and alerts."""
    from bot.alerts.poll import AlertPolicy
    from bot.alerts.slack import alerts_feature
    from bot.digest.slack import digest_feature
    from bot.slack.share import share_feature

    return [
        partial(share_feature, store_target=settings.store_target),
        partial(
            digest_feature,
            store_target=settings.store_target,
            admins=settings.admins,
            env_digest=settings.env_digest,
        ),
        partial(
            alerts_feature,
            store_target=settings.store_target,
            admins=settings.admins,
            alerts_channel=settings.alerts_channel,
            policy=AlertPolicy(interval=settings.alert_poll),
        ),
    ]


@dataclass(frozen=True)
class Running:
    """The app while it runs: what tests and benchmarks may look at."""

    services: AppServices
    app: AsyncApp
    client: AsyncWebClient
    url: str | None
    #: The stores and accounts of a distributed app (None when it serves one workspace).
    distribution: Distribution | None = None


class SharedTransport(httpx.AsyncBaseTransport):
    """A transport every workspace's client uses (tests' and demos' in-process Mindo);
    closing a client leaves it open (its owner closes it once, at the end)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Left open: other workspaces' clients still use it."""


def workspace_transports(
    settings: MindoSettings, shared: httpx.AsyncBaseTransport | None
) -> Callable[[], httpx.AsyncBaseTransport]:
    """Each workspace's own small connection pool to Mindo (as many connections as its
    client has slots), all sharing one TLS context: a pool shared by every workspace spends
    its time matching hundreds of queued requests to connections. ``shared``: one
    in-process transport for all (tests, demos)."""
    if shared is not None:
        return lambda: SharedTransport(shared)
    timeout = min(READ_TIMEOUT, settings.request_deadline)
    # AiohttpTransport makes the process's one TLS context at the first HTTPS request.
    return lambda: AiohttpTransport(max_connections=settings.max_concurrency, timeout=timeout)


def workspace_account(
    settings: MindoSettings,
    clock: Clock,
    transports: Callable[[], httpx.AsyncBaseTransport],
    sleep: Sleep | None,
    key: Secret,
) -> Account:
    """The account a workspace's key opens: its own client (slots, budget, caches)."""
    keyed = replace(settings, api_key=key)
    client = make_mindo_client(keyed, clock, transport=transports(), sleep=sleep)
    return Account(client, demo=False, clock=clock)


@asynccontextmanager
async def running_app(
    settings: AppSettings,
    *,
    clock: Clock,
    host: str = "0.0.0.0",
    port: int = 3000,
    features: Sequence[Feature] | None = None,
    mindo_transport: httpx.AsyncBaseTransport | None = None,
    mindo_sleep: Sleep | None = None,
    grace: float = 10.0,
) -> AsyncIterator[Running]:
    """The Slack app connected (Socket Mode) or listening (HTTP) for the duration.

    Serving one workspace, it signs in with the environment's bot token and opens the
    environment's Mindo account; distributed, it opens the installation and key stores
    and builds each workspace's account when first asked. On exit it stops taking
    requests, gives answers under way ``grace`` seconds to reach Slack, stops the
    features, then closes the Mindo clients, the stores and the HTTP session.
    """
    from bot.service.accounts import OneAccount
    from bot.slack.app import build_app, build_services, build_web_client
    from bot.slack.auth import verify_bot_token
    from bot.slack.distribution import open_distribution
    from bot.slack.http import serve_http
    from bot.slack.listeners import events
    from bot.slack.runner import socket_mode, warm_up_app
    from bot.slack.web_api import web_api_session

    warm_up_app()
    slack = settings.slack
    async with web_api_session() as session, AsyncExitStack() as stack:
        client = build_web_client(slack, session=session)
        distribution: Distribution | None = None
        warming: asyncio.Task[None] | None = None
        if settings.distribution is None:
            identity = await verify_bot_token(client)
            # Every line of the one workspace's work names it, features' included.
            stack.enter_context(working_for(identity.team_id))
            account = await stack.enter_async_context(
                open_account(settings.mindo, clock, transport=mindo_transport, sleep=mindo_sleep)
            )
            services = build_services(OneAccount(account), client, clock)
            app = build_app(slack, services, client)
            events.register_leaving(app)
            warming = asyncio.create_task(_learn_company_timezone(account))
            fields: dict[str, object] = {
                "mode": slack.mode,
                "demo": account.demo,
                "team": identity.team_id,
                "team_name": identity.team,
                "bot": identity.user,
            }
            health: Callable[[], PathHealth | None] = account.health
        else:
            transports = workspace_transports(settings.mindo, mindo_transport)
            opener = partial(workspace_account, settings.mindo, clock, transports, mindo_sleep)
            distribution = await stack.enter_async_context(
                open_distribution(settings, opener, clock=clock)
            )
            stack.push_async_callback(distribution.accounts.aclose)
            services = build_services(
                distribution.accounts,
                client,
                clock,
                distributed=True,
                bot_client=distribution.bot_clients(slack.api_url, session, bot_web_client),
            )
            app = build_app(
                slack,
                services,
                client,
                bolt_options=distribution.bolt_options(),
                first=[distribution.register_first],
            )
            distribution.register(app, services)
            installed = await distribution.installations.list_workspaces()
            fields = {"mode": slack.mode, "distributed": True, "workspaces": len(installed)}
            health = distribution.accounts.health
        for feature in default_features(settings) if features is None else features:
            await stack.enter_async_context(feature(app, services, client))
        try:
            if slack.mode == "http":
                secret = slack.signing_secret.reveal() if slack.signing_secret else ""
                async with serve_http(
                    app,
                    signing_secret=secret,
                    host=host,
                    port=port,
                    mindo_health=health,
                    oauth_flow=app.oauth_flow,
                ) as url:
                    logger.info("listening", extra={"fields": {**fields, "url": url}})
                    yield Running(services, app, client, url, distribution)
            else:
                async with socket_mode(app, slack):
                    logger.info("connected", extra={"fields": fields})
                    yield Running(services, app, client, None)
            logger.info("stopping: finishing answers under way")
        finally:
            if warming is not None:
                warming.cancel()
            if not await services.in_flight.idle(grace):
                logger.warning(
                    "stopping with %d answers unfinished after %.0f s",
                    services.in_flight.count,
                    grace,
                )


def bot_web_client(*, token: str, base_url: str, session: aiohttp.ClientSession) -> AsyncWebClient:
    """A workspace's bot client for work outside requests (posting digests)."""
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.slack.app import retry_handlers

    return AsyncWebClient(
        token=token, base_url=base_url, session=session, retry_handlers=retry_handlers()
    )


async def run_app(
    settings: AppSettings,
    *,
    clock: Clock,
    host: str = "0.0.0.0",
    port: int = 3000,
    stop: asyncio.Event | None = None,
    handle_signals: bool = True,
    grace: float = 10.0,
    features: Sequence[Feature] | None = None,
    mindo_transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """Run until ``stop`` is set (or SIGTERM/SIGINT arrives), then shut down cleanly."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    if handle_signals:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
    try:
        async with running_app(
            settings,
            clock=clock,
            host=host,
            port=port,
            features=features,
            mindo_transport=mindo_transport,
            grace=grace,
        ):
            await stop.wait()
    finally:
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
    logger.info("stopped")


async def _learn_company_timezone(account: Account) -> None:
    """Ask once at start, so a first user without a zone does not wait for Mindo."""
    try:
        await account.company_timezone()
    except MindoError as error:
        logger.warning("company time zone unavailable at start: %s", error)
