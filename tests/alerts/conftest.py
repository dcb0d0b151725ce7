"""Alerts' fixtures: their store on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store.alerts import AlertStore, open_alert_store


@pytest.fixture
async def alert_store(db_target: str) -> AsyncIterator[AlertStore]:
    opened = await open_alert_store(db_target)
    yield opened
    await opened.close()
