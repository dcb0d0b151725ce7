"""Time limits: a trickling Mindo is given up on, slots come back, budgets are told plainly,
and the health check sees a stuck path (real loopback server, real but short deadlines)."""

from __future__ import annotations

import asyncio
import time
from datetime import date

import pytest

from bot.demo.api import FakeBehaviour, FakeMindoApi, Fault
from bot.demo.data import DemoDataset
from bot.domain.dates import DateRange
from bot.message.errors import mindo_error_text
from bot.mindo.errors import MindoErrorKind, MindoTooSlowError, MindoUnavailableError
from tests.factories import SleepRecorder
from tests.mindo.conftest import KEY, connected

#: A body of 1,000 bytes, one every 50 ms: 50 s in all, though each read takes 50 ms.
TRICKLE = Fault(200, body="x" * 1000, trickle=0.05)
#: Longer than any test may take: reaching it means a limit did not work.
NEVER = 5.0


def _api(dataset: DemoDataset, *faults: Fault) -> FakeMindoApi:
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour())
    api.behaviour.faults.extend(faults)
    return api


async def test_a_trickling_answer_is_given_up_on_at_the_deadline(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _api(dataset, TRICKLE)
    async with connected(api, sleeps, deadline=0.3, max_attempts=1) as client:
        started = time.perf_counter()
        with pytest.raises(MindoUnavailableError, match=r"no whole answer within 0\.3 s"):
            await asyncio.wait_for(client.get_business_info(), NEVER)
        assert time.perf_counter() - started < 2.0
        assert client.health().in_flight == 0


async def test_trickling_requests_give_their_slots_back(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _api(dataset, TRICKLE, TRICKLE)
    async with connected(api, sleeps, deadline=0.3, max_attempts=1, max_concurrency=2) as client:
        stuck = await asyncio.gather(
            client.get_business_info(), client.get_business_info(), return_exceptions=True
        )
        assert all(isinstance(e, MindoUnavailableError) for e in stuck)
        info = await asyncio.wait_for(client.get_business_info(), NEVER)
    assert info == dataset.business_info


async def test_a_question_over_its_budget_is_cancelled_and_said_plainly(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _api(dataset, Fault(delay=30.0))
    async with connected(api, sleeps, budget=0.3) as client:
        with pytest.raises(MindoTooSlowError) as caught:
            await asyncio.wait_for(client.get_business_info(), NEVER)
        assert client.health().in_flight == 0
        assert client.health().waiting == 0
    assert caught.value.kind is MindoErrorKind.UNAVAILABLE
    assert mindo_error_text(caught.value).startswith("Mindo took longer than 0.3 seconds to answer")
    await asyncio.sleep(0.05)  # the server sees the request go
    assert api.in_flight == 0


async def test_calls_inside_one_question_share_its_budget(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    slow = Fault(delay=0.25)
    async with connected(_api(dataset, slow, slow), sleeps, budget=0.4) as client:
        await client.get_business_info()
        await client.get_business_info()  # each call alone fits its own budget
    async with connected(_api(dataset, slow, slow), sleeps, budget=0.4) as client:
        with pytest.raises(MindoTooSlowError):
            async with client.question():
                await client.get_business_info()
                await client.get_business_info()


async def test_the_health_check_reports_a_path_that_keeps_timing_out(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _api(dataset, TRICKLE, TRICKLE, TRICKLE)
    async with connected(api, sleeps, deadline=0.2, max_attempts=1) as client:
        assert not client.health().stuck
        for _ in range(3):
            with pytest.raises(MindoUnavailableError):
                await client.get_business_info()
        health = client.health()
        assert health.stuck
        assert health.reason == "the last 3 Mindo requests ran out of time"
        assert health.to_json()["ok"] is False
        await client.get_business_info()  # Mindo answers again
        assert not client.health().stuck


async def test_a_request_held_past_its_deadline_is_reported_stuck(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    gate = asyncio.Event()

    async def held(url: object) -> None:
        await gate.wait()

    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(gate=held))
    async with connected(api, sleeps, deadline=10.0, budget=10.0) as client:
        asking = asyncio.ensure_future(client.get_business_info())
        await asyncio.sleep(0.05)
        sleeps.now += 12.0  # the watch's clock: the request is now long overdue
        health = client.health()
        gate.set()
        await asking
    assert health.stuck and health.in_flight == 1
    assert health.reason == "a Mindo request has been in flight for 12 s"


@pytest.mark.parametrize("span", [(date.min, date(1, 1, 2)), (date(9999, 12, 30), date.max)])
async def test_ranges_at_the_ends_of_the_calendar_do_not_overflow(
    dataset: DemoDataset, sleeps: SleepRecorder, span: tuple[date, date]
) -> None:
    async with connected(_api(dataset), sleeps) as client:
        result = await client.fetch_bulk_sends(statuses=(), date_range=DateRange(*span), tz="UTC")
    assert result.sends == ()
