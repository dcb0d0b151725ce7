"""The fake answers like Mindo: auth details, DRF 400s, absolute links, 404 past the end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest

from bot.mindo.client import MindoClient
from bot.mindo.demo_data import DemoDataset
from bot.mindo.fake_api import DEMO_API_KEY, FakeBehaviour, FakeMindoApi
from bot.query.model import DateRange
from tests.mindo.conftest import KEY, NOW

LIST = "/api/v1/meta-templates/bulk-sends/"


@pytest.fixture
async def raw(dataset: DemoDataset) -> AsyncIterator[tuple[FakeMindoApi, httpx.AsyncClient]]:
    api = FakeMindoApi(dataset, api_key=KEY, expired_api_key="mindo_old")
    transport = httpx.MockTransport(api.handle)
    async with httpx.AsyncClient(transport=transport, base_url="https://mindo.test") as http:
        yield api, http


async def _get(
    http: httpx.AsyncClient, path: str, key: str | None = KEY, **params: Any
) -> httpx.Response:
    headers = {"X-API-Key": key} if key else {}
    return await http.get(path, params=params, headers=headers)


@pytest.mark.parametrize(
    ("key", "detail"),
    [
        (None, "Este endpoint requiere autenticacion con API Key (header X-API-Key)"),
        ("mindo_wrong", "Este endpoint requiere autenticacion con API Key (header X-API-Key)"),
        ("mindo_old", "API Key expirada"),
    ],
)
async def test_auth_failures_carry_mindos_spanish_detail(
    raw: tuple[FakeMindoApi, httpx.AsyncClient], key: str | None, detail: str
) -> None:
    response = await _get(raw[1], LIST, key=key)
    assert (response.status_code, response.json()) == (401, {"detail": detail})


async def test_pages_link_with_absolute_urls_and_count(
    raw: tuple[FakeMindoApi, httpx.AsyncClient], dataset: DemoDataset
) -> None:
    _, http = raw
    first = (await _get(http, LIST)).json()
    second = (await _get(http, LIST, page=2)).json()
    last_page = -(-len(dataset.sends) // 20)
    last = (await _get(http, LIST, page=last_page)).json()

    assert first["count"] == len(dataset.sends)
    assert len(first["results"]) == 20  # the documented default page size
    assert first["next"] == f"https://mindo.test{LIST}?page=2"
    assert first["previous"] is None
    assert second["previous"] == f"https://mindo.test{LIST}?page=1"
    assert second["results"][0]["id"] == dataset.sends[20].id
    assert last["next"] is None
    assert (await _get(http, LIST, page=last_page + 1)).status_code == 404
    assert (await _get(http, LIST, page=0)).status_code == 404


async def test_page_size_cap_rejection_and_foreign_links(dataset: DemoDataset) -> None:
    behaviour = FakeBehaviour(page_size_cap=7, next_host="https://evil.test:8443")
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handle)) as http:
        capped = (await _get(http, f"https://mindo.test{LIST}", page_size=100)).json()
        behaviour.reject_page_size_over = 50
        refused = await _get(http, f"https://mindo.test{LIST}", page_size=100)

    assert len(capped["results"]) == 7
    assert capped["next"].startswith("https://evil.test:8443/api/v1/")
    assert refused.status_code == 400
    assert refused.json() == {"page_size": ["Ensure this value is less than or equal to 50."]}


@pytest.mark.parametrize(
    ("params", "body"),
    [
        (
            {"status": "DONE"},
            {"status": ["Select a valid choice. DONE is not one of the available choices."]},
        ),
        ({"template": "abc"}, {"template": ["Enter a whole number."]}),
        ({"created_after": "10/11/2025"}, {"created_after": ["Enter a valid date."]}),
    ],
)
async def test_bad_filter_values_get_drf_style_400s(
    raw: tuple[FakeMindoApi, httpx.AsyncClient], params: dict[str, str], body: dict[str, Any]
) -> None:
    response = await _get(raw[1], LIST, **params)
    assert (response.status_code, response.json()) == (400, body)


@pytest.mark.parametrize("inclusive", [True, False])
async def test_date_bounds_are_inclusive_or_exclusive_on_request(
    dataset: DemoDataset, inclusive: bool
) -> None:
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(dates_inclusive=inclusive))
    day = date(2026, 2, 11)
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handle)) as http:
        body = (
            await _get(http, f"https://mindo.test{LIST}", created_after=day, created_before=day)
        ).json()

    on_that_day = sum(s.created_at.date() == day for s in dataset.sends)
    assert on_that_day > 0
    assert body["count"] == (on_that_day if inclusive else 0)


async def test_filters_status_and_template(
    raw: tuple[FakeMindoApi, httpx.AsyncClient], dataset: DemoDataset
) -> None:
    body = (await _get(raw[1], LIST, status="PARTIAL", template=46, page_size=100)).json()
    expected = [s.id for s in dataset.sends if s.status == "PARTIAL" and s.template.id == 46]
    assert [r["id"] for r in body["results"]] == expected


async def test_messages_status_filter_is_lowercase(
    raw: tuple[FakeMindoApi, httpx.AsyncClient], dataset: DemoDataset
) -> None:
    send = next(s for s in dataset.sends if s.failed_count)
    path = f"{LIST}{send.id}/messages/"
    failed = (await _get(raw[1], path, status="failed", page_size=100)).json()
    shouting = await _get(raw[1], path, status="FAILED")

    assert failed["count"] == send.failed_count
    assert shouting.status_code == 400


async def test_unknown_paths_and_writes(raw: tuple[FakeMindoApi, httpx.AsyncClient]) -> None:
    _, http = raw
    assert (await _get(http, "/api/v1/contact-lookup/")).status_code == 404
    post = await http.post("/api/v1/meta-templates/send-bulk/", headers={"X-API-Key": KEY})
    assert post.status_code == 405


async def test_a_client_over_mock_transport_reads_the_whole_dataset(dataset: DemoDataset) -> None:
    api = FakeMindoApi(dataset, api_key=DEMO_API_KEY)
    transport = httpx.MockTransport(api.handle)
    async with MindoClient(
        "https://demo.mindo.invalid", DEMO_API_KEY, transport=transport
    ) as client:
        result = await client.fetch_bulk_sends(
            statuses=(), date_range=DateRange(None, NOW.date()), tz="UTC"
        )

    assert result.sends == dataset.sends
