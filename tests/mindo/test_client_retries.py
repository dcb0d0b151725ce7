"""Retries: 429/5xx/timeouts/connection errors are retried with the injected sleep; 4xx are not."""

from __future__ import annotations

import socket
from email.utils import format_datetime

import pytest

from bot.mindo.client import RETRY_AFTER_CAP, MindoClient
from bot.mindo.demo_data import DemoDataset
from bot.mindo.errors import AuthenticationError, MindoUnavailableError
from bot.mindo.fake_api import FakeBehaviour, FakeMindoApi, Fault
from tests.mindo.conftest import KEY, NOW, SleepRecorder, connected


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
                "Date": format_datetime(NOW, usegmt=True),
                "Retry-After": format_datetime(NOW.replace(second=12), usegmt=True),
            },
            12.0,
        ),
        ({"Retry-After": "3600"}, RETRY_AFTER_CAP),
    ],
    ids=["seconds", "http-date", "capped"],
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
