"""A fake Slack for every Slack test; a test fails if any message broke Slack's rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from tests.fakes.slack_api import FakeSlackApi, serve_slack

#: A Wednesday, 12:30 in Buenos Aires (the demo company's zone).
NOW = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)

ENGLISH = "UENGLISH"
SPANISH = "USPANISH"
PORTUGUESE = "UPORTUGUESE"
NO_ZONE = "UNOZONE"
STRANGER = "USTRANGER"  # not in users.info

MEMBER = "CMEMBER"
PUBLIC = "CPUBLIC"
PRIVATE = "GPRIVATE"
DIRECT = "DDIRECT"
ARCHIVED = "CARCHIVED"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    fake.add_user(ENGLISH, locale="en-US", tz="America/Argentina/Buenos_Aires")
    fake.add_user(SPANISH, locale="es-LA", tz="America/Mexico_City")
    fake.add_user(PORTUGUESE, locale="pt-BR", tz="America/Sao_Paulo")
    fake.add_user(NO_ZONE, locale="en-US", tz=None)
    fake.channels.update(
        {MEMBER: "member", PUBLIC: "public", PRIVATE: "private", DIRECT: "im", ARCHIVED: "archived"}
    )
    async with serve_slack(fake):
        yield fake
    assert fake.problems == [], fake.problems
