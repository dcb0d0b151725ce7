"""The question → answer path, against the fake Mindo API in-process."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from bot.demo.api import FakeMindoApi
from bot.demo.data import build_demo_dataset
from bot.mindo.client import MindoClient
from bot.query.model import BulkSendQuery, QueryError
from bot.service.account import Account
from tests.factories import BLACK_FRIDAY_NOON

KEY = "mindo_test_service_0000000000"


def account_for(company_zone: str | None = None) -> tuple[Account, FakeMindoApi]:
    dataset = build_demo_dataset(BLACK_FRIDAY_NOON)
    if company_zone is not None:
        info = dataclasses.replace(dataset.business_info, timezone=company_zone)
        dataset = dataclasses.replace(dataset, business_info=info)
    api = FakeMindoApi(dataset, api_key=KEY)
    client = MindoClient("https://mindo.test", KEY, transport=httpx.MockTransport(api.handle))
    return Account(client, demo=False, clock=lambda: BLACK_FRIDAY_NOON), api


def _business_info_reads(api: FakeMindoApi) -> int:
    return sum("business-info" in str(r.url) for r in api.requests)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("america/sao_paulo", "America/Sao_Paulo"),
        ("GMT-3", None),
        ("America/Buenos Aires", None),
        ("", None),
    ],
)
async def test_company_zone_is_an_iana_name_or_nothing(given: str, expected: str | None) -> None:
    account, api = account_for(given)
    assert await account.company_timezone() == expected
    assert await account.company_timezone() == expected
    assert _business_info_reads(api) == 1  # read once, even when it was unusable


async def test_an_unknown_template_is_named_with_the_closest_ones() -> None:
    account, _ = account_for()
    with pytest.raises(QueryError) as caught:
        await account.parse("welcome_mesage last week", "UTC")
    assert caught.value.unrecognized == ("welcome_mesage",)
    assert "welcome_message" in caught.value.message


async def test_a_template_question_counts_only_that_template() -> None:
    account, _ = account_for()
    parsed = await account.parse("welcome_message last 30 days", "UTC")
    assert isinstance(parsed, BulkSendQuery)
    assert parsed.template == "welcome_message"
    answer = await account.answer(parsed)
    assert answer.report.sends
    assert {s.template.name for s in answer.report.sends} == {"welcome_message"}
    assert answer.today == BLACK_FRIDAY_NOON.date()
