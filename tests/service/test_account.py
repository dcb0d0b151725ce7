"""The account as the app's one door to Mindo: zones, Home numbers, Details."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import httpx

from bot.demo.api import FakeMindoApi
from bot.demo.data import DemoDataset
from bot.domain.sends import Status
from bot.mindo.client import MindoClient
from bot.service.account import Account
from tests.factories import MARCH_TUESDAY_NOON, FakeClock, no_wait
from tests.mindo.conftest import KEY


def account_on(dataset: DemoDataset, clock: FakeClock) -> tuple[Account, FakeMindoApi]:
    api = FakeMindoApi(dataset, api_key=KEY)
    client = MindoClient("https://mindo.test", KEY, transport=httpx.MockTransport(api.handle))
    return Account(client, demo=False, clock=clock, home_ttl=30.0), api


def list_reads(api: FakeMindoApi) -> int:
    return sum("/bulk-sends/" in str(r.url) and "messages" not in str(r.url) for r in api.requests)


async def test_home_numbers_are_reused_for_a_while_then_read_again(dataset: DemoDataset) -> None:
    clock = FakeClock(MARCH_TUESDAY_NOON)
    account, api = account_on(dataset, clock)
    first = await account.home("America/Argentina/Buenos_Aires")
    reads = list_reads(api)
    assert reads > 0
    clock.advance(timedelta(seconds=29))
    assert await account.home("America/Argentina/Buenos_Aires") is first
    assert list_reads(api) == reads
    clock.advance(timedelta(seconds=2))
    await account.home("America/Argentina/Buenos_Aires")
    assert list_reads(api) > reads


async def test_home_in_another_zone_is_its_own_read(dataset: DemoDataset) -> None:
    clock = FakeClock(MARCH_TUESDAY_NOON)
    account, api = account_on(dataset, clock)
    await account.home("America/Argentina/Buenos_Aires")
    reads = list_reads(api)
    tokyo = await account.home("Asia/Tokyo")
    assert list_reads(api) > reads
    assert tokyo.timezone == "Asia/Tokyo"


async def test_the_zone_is_the_persons_else_the_companys_else_utc(dataset: DemoDataset) -> None:
    clock = FakeClock(MARCH_TUESDAY_NOON)
    account, _ = account_on(dataset, clock)
    assert await account.timezone("Europe/Madrid") == "Europe/Madrid"
    assert await account.timezone(None) == dataset.business_info.timezone
    no_zone = dataclasses.replace(dataset.business_info, timezone="")
    bare, _ = account_on(dataclasses.replace(dataset, business_info=no_zone), clock)
    assert await bare.timezone(None) == "UTC"


async def test_one_business_info_read_for_many_callers_at_once(dataset: DemoDataset) -> None:
    account, api = account_on(dataset, FakeClock(MARCH_TUESDAY_NOON))
    zones = await asyncio.gather(*(account.timezone(None) for _ in range(20)))
    assert set(zones) == {dataset.business_info.timezone}
    assert sum("business-info" in str(r.url) for r in api.requests) == 1


async def test_details_count_reasons_from_the_failed_messages(dataset: DemoDataset) -> None:
    account, _ = account_on(dataset, FakeClock(MARCH_TUESDAY_NOON))
    failed = next(s for s in dataset.sends if s.status is Status.FAILED and s.failed_count)
    details = await account.details(failed.id)
    assert details.detail.send.id == failed.id
    assert sum(r.count for r in details.reasons) == min(failed.failed_count, 1000)


async def test_mindo_failing_means_utc_never_an_error(dataset: DemoDataset) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503)

    client = MindoClient(
        "https://mindo.test", KEY, transport=httpx.MockTransport(down), sleep=no_wait
    )
    account = Account(client, demo=False, clock=FakeClock(MARCH_TUESDAY_NOON))
    assert await account.timezone(None) == "UTC"


def template_reads(api: FakeMindoApi) -> int:
    return sum("business-accounts" in str(r.url) for r in api.requests)


def written_in(dataset: DemoDataset, language: str) -> DemoDataset:
    """The demo company with every template in ``language``."""
    accounts = dataset.business_accounts
    rewritten = tuple(
        dataclasses.replace(
            account,
            templates=tuple(dataclasses.replace(t, language=language) for t in account.templates),
        )
        for account in accounts.accounts
    )
    return dataclasses.replace(
        dataset, business_accounts=dataclasses.replace(accounts, accounts=rewritten)
    )


async def test_the_company_speaks_the_language_of_most_of_its_templates(
    dataset: DemoDataset,
) -> None:
    clock = FakeClock(MARCH_TUESDAY_NOON)
    account, _ = account_on(dataset, clock)
    assert await account.company_language() == "es"  # the demo's: mostly Spanish
    brazilian, _ = account_on(written_in(dataset, "pt_BR"), clock)
    assert await brazilian.company_language() == "pt"
    french, _ = account_on(written_in(dataset, "fr"), clock)
    assert await french.company_language() == "en"  # none of ours: English


async def test_the_companys_language_is_read_once_for_everyone(dataset: DemoDataset) -> None:
    clock = FakeClock(MARCH_TUESDAY_NOON)
    account, api = account_on(dataset, clock)
    found = await asyncio.gather(*(account.company_language() for _ in range(20)))
    assert set(found) == {"es"}
    clock.advance(timedelta(hours=2))  # long after the templates' own list is stale
    assert await account.company_language() == "es"
    assert template_reads(api) == 1


async def test_mindo_failing_means_english_then_it_is_read_again(dataset: DemoDataset) -> None:
    api = FakeMindoApi(dataset, api_key=KEY)
    down = True

    async def flaky(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503) if down else await api.handle(request)

    client = MindoClient(
        "https://mindo.test", KEY, transport=httpx.MockTransport(flaky), sleep=no_wait
    )
    account = Account(client, demo=False, clock=FakeClock(MARCH_TUESDAY_NOON))
    assert await account.company_language() == "en"
    down = False
    assert await account.company_language() == "es"


async def test_a_question_without_a_language_of_its_own_takes_the_companys(
    dataset: DemoDataset,
) -> None:
    """The rule's third step: no locale of ours, words of no language (a template's name)."""
    account, _ = account_on(dataset, FakeClock(MARCH_TUESDAY_NOON))
    neutral = await account.parse("welcome_message", "UTC")
    assert neutral.language == "es"
    assert (await account.parse("welcome_message", "UTC", user_language="pt")).language == "pt"
    assert (await account.parse("failed welcome_message", "UTC")).language == "en"
