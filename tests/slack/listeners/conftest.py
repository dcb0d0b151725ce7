"""``listener``: the app's listeners called directly, over the demo company's data at
``WEDNESDAY_LUNCHTIME``; a test fails if anything it sent would have been refused by Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.demo.api import FakeMindoApi
from bot.demo.data import build_demo_dataset
from tests.factories import WEDNESDAY_LUNCHTIME
from tests.fakes.bolt import MINDO_KEY, listener_services
from tests.slack.harness import clock
from tests.slack.listeners.driver import Listener, workspace


@pytest.fixture
async def listener() -> AsyncIterator[Listener]:
    people = workspace()
    mindo = FakeMindoApi(build_demo_dataset(WEDNESDAY_LUNCHTIME), api_key=MINDO_KEY)
    async with listener_services(clock, people, mindo=mindo) as services:
        driver = Listener(services, people, mindo)
        yield driver
    assert driver.problems == []
