"""Retries: 429/5xx/timeouts/connection errors are retried with the injected sleep, within
attempts and a time budget; 4xx, broken settings and long Retry-Afters are not."""

from __future__ import annotations

import asyncio
import socket
from email.utils import format_datetime

import pytest
from aiohttp import web

from bot.demo.api import FakeBehaviour, FakeMindoApi, Fault
from bot.demo.data import DemoDataset
from bot.message.errors import mindo_error_text
from bot.mindo.client import MindoClient
from bot.mindo.errors import (
    AuthenticationError,
    MindoErrorKind,
    MindoSettingsError,
    MindoUnavailableError,
    UnreadableResponseError,
)
from bot.mindo.requester import RETRY_AFTER_CAP
from tests.factories import MARCH_TUESDAY_NOON, SleepRecorder
from tests.mindo.conftest import KEY, connected


def _api(dataset: DemoDataset, *faults: Fault) -> FakeMindoApi:
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour())
    api.behaviour.faults.extend(faults)
    return api


@pytest.mark.parametrize(
    ("headers", "expected_wait"),
    [
        ({"Retry-After": "7"}, 7.0),
        (
            {
                "Date": format_datetime(MARCH_TUESDAY_NOON, usegmt=True),
                "Retry-After": format_datetime(MARCH_TUESDAY_NOON.replace(second=12), usegmt=True),
            },
            12.0,
        ),
        ({"Retry-After": str(RETRY_AFTER_CAP)}, RETRY_AFTER_CAP),
    ],
    ids=["seconds", "http-date", "at-the-cap"],
)
async def test_429_waits_as_long_as_retry_after_says(
    dataset: DemoDataset, sleeps: SleepRecorder, headers: dict[str, str], expected_wait: float
) -> None:
    api = _api(dataset, Fault(429, headers=headers, body='{"detail": "Too many requests."}'))
    async with connected(api, sleeps) as client:
        info = await client.get_business_info()

    assert info == dataset.business_info
    assert sleeps.delays == [expected_wait]
    assert len(api.requests) == 2


async def test_a_502_is_retried_after_a_short_backoff(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _api(dataset, Fault(502, body="<html>Bad Gateway</html>"))
    async with connected(api, sleeps) as client:
        result = await client.list_bulk_sends()

    assert result.sends == dataset.sends
    assert result.requests == result.pages + 1
    assert len(sleeps.delays) == 1
    assert 0 <= sleeps.delays[0] <= 8


async def test_a_read_timeout_is_retried(dataset: DemoDataset, sleeps: SleepRecorder) -> None:
    api = _api(dataset, Fault(delay=2.0))
    async with connected(api, sleeps, timeout=0.2) as client:
        accounts = await client.get_business_accounts()

    assert accounts == dataset.business_accounts
    assert len(api.requests) == 2
    assert len(sleeps.delays) == 1


async def test_unavailable_once_the_attempts_run_out(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _api(dataset, *[Fault(503)] * 3, Fault(200, body="{}"))
    async with connected(api, sleeps, max_attempts=3) as client:
        with pytest.raises(MindoUnavailableError) as caught:
            await client.get_business_info()

    assert caught.value.status_code == 503
    assert len(api.requests) == 3
    assert len(sleeps.delays) == 2
    assert len(api.behaviour.faults) == 1


async def test_a_connection_refused_ends_as_unavailable(sleeps: SleepRecorder) -> None:
    with socket.socket() as probe:  # a port nothing listens on once this closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with MindoClient(f"http://127.0.0.1:{port}", KEY, sleep=sleeps, max_attempts=2) as client:
        with pytest.raises(MindoUnavailableError) as caught:
            await client.get_business_info()

    assert caught.value.status_code is None
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert len(sleeps.delays) == 1


async def test_a_later_page_that_keeps_failing_fails_the_whole_fetch(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # Page 1 is answered normally (Fault() passes through); every later request fails.
    api = _api(dataset, Fault(), *[Fault(500)] * 50)
    api.behaviour.page_size_cap = 50
    async with connected(api, sleeps, max_attempts=2) as client:
        with pytest.raises(MindoUnavailableError) as caught:
            await client.list_bulk_sends()

    assert caught.value.status_code == 500
    assert "page=1&" in api.requests[0].url


async def test_client_errors_are_not_retried(dataset: DemoDataset, sleeps: SleepRecorder) -> None:
    api = _api(dataset)
    async with connected(api, sleeps, key="mindo_wrong") as client:
        with pytest.raises(AuthenticationError):
            await client.list_bulk_sends()

    assert len(api.requests) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("status", [429, 503])
async def test_a_retry_after_beyond_the_cap_fails_at_once_with_the_servers_figure(
    dataset: DemoDataset, sleeps: SleepRecorder, status: int
) -> None:
    api = _api(dataset, Fault(status, headers={"Retry-After": "3600"}))
    # A budget that would allow the wait: the cap alone must refuse it.
    async with connected(api, sleeps, retry_budget=10_000) as client:
        with pytest.raises(MindoUnavailableError) as caught:
            await client.get_business_info()

    assert caught.value.retry_after == 3600
    assert "60 minutes" in mindo_error_text(caught.value)
    assert len(api.requests) == 1
    assert sleeps.delays == []


async def test_retries_stop_when_the_time_budget_would_run_out(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    # Each answer asks for 20 s: a third wait would end 60 s in, past the 50 s budget.
    busy = Fault(503, headers={"Retry-After": "20"})
    api = _api(dataset, *[busy] * 9)
    async with connected(api, sleeps, max_attempts=10, retry_budget=50) as client:
        with pytest.raises(MindoUnavailableError):
            await client.get_business_info()

    assert sleeps.delays == [20.0, 20.0]
    assert len(api.requests) == 3


async def test_after_a_429_the_clients_other_requests_wait_too(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _api(dataset, Fault(429, headers={"Retry-After": "5"}))
    async with connected(api, sleeps, max_attempts=1) as client:
        with pytest.raises(MindoUnavailableError):
            await client.get_business_info()
        accounts = await client.get_business_accounts()

    assert accounts == dataset.business_accounts
    assert sleeps.delays == [5.0]


async def test_a_corrupt_compressed_body_is_unreadable_not_a_crash(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    gzip = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    api = _api(dataset, *[Fault(200, headers=gzip, body="this is not gzip")] * 4)
    async with connected(api, sleeps, max_attempts=4) as client:
        with pytest.raises(UnreadableResponseError) as caught:
            await client.get_business_info()

    assert "DecodingError" in caught.value.message
    assert len(api.requests) == 4  # garbled on the way may pass: asked again


async def test_a_url_httpx_cannot_send_to_is_a_settings_error_at_once(
    sleeps: SleepRecorder,
) -> None:
    async with MindoClient("ftp://mindo.test", KEY, sleep=sleeps) as client:
        with pytest.raises(MindoSettingsError) as caught:
            await client.get_business_info()

    assert sleeps.delays == []
    assert "MINDO_API_URL" in mindo_error_text(caught.value)
    assert caught.value.kind == MindoErrorKind.SETTINGS


async def test_a_key_that_cannot_be_a_header_is_a_settings_error_that_never_shows_it(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    broken = "mindo_0123456789\nabcdef"
    api = _api(dataset)
    async with connected(api, sleeps, key=broken) as client:
        with pytest.raises(MindoSettingsError) as caught:
            await client.get_business_info()

    assert sleeps.delays == []
    error = caught.value
    for text in (str(error), repr(error), mindo_error_text(error)):
        assert "0123456789" not in text
    assert error.__cause__ is None and error.__context__ is None


async def test_a_request_cut_by_closing_the_client_is_not_retried(sleeps: SleepRecorder) -> None:
    """The client was let go (its workspace's key changed, the app is stopping) while a page
    was being read: the read ends as Mindo unavailable, without retries on a closed pool."""
    arrived, never = asyncio.Event(), asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        arrived.set()
        await never.wait()
        return web.json_response({})

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        client = MindoClient(url, KEY, sleep=sleeps, max_attempts=4, monotonic=sleeps.monotonic)
        reading = asyncio.create_task(client.get_business_info())
        await arrived.wait()
        await client.aclose()
        with pytest.raises(MindoUnavailableError):
            await reading
    finally:
        await runner.cleanup()
    assert sleeps.delays == []
