"""The fake answers like Mindo: auth details, DRF 400s, absolute links, 404 past the end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.demo.api import DEMO_API_KEY, FakeBehaviour, FakeMindoApi
from bot.demo.data import DemoDataset, build_demo_dataset
from bot.domain.dates import DateRange
from bot.domain.sends import BulkSend
from bot.mindo.client import MindoClient
from bot.mindo.models import Message
from tests.factories import MARCH_TUESDAY_NOON
from tests.mindo.conftest import KEY, with_sends

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
            statuses=(), date_range=DateRange(None, MARCH_TUESDAY_NOON.date()), tz="UTC"
        )

    assert result.sends == dataset.sends


async def test_ignored_parameters_are_answered_as_if_never_sent(dataset: DemoDataset) -> None:
    behaviour = FakeBehaviour(ignored_params=frozenset({"page", "status"}))
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=behaviour)
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handle)) as http:
        body = (await _get(http, f"https://mindo.test{LIST}", page=3, status="FAILED")).json()

    assert body["count"] == len(dataset.sends)
    assert [r["id"] for r in body["results"]] == [s.id for s in dataset.sends[:20]]


async def test_the_gate_sees_every_request_before_it_is_answered(dataset: DemoDataset) -> None:
    seen: list[str] = []

    async def gate(url: httpx.URL) -> None:
        seen.append(url.path)
        api.dataset = with_sends(dataset, dataset.sends[:1])

    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(gate=gate))
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handle)) as http:
        body = (await _get(http, f"https://mindo.test{LIST}")).json()

    assert seen == [LIST]
    assert body["count"] == 1


async def test_only_the_latest_requests_are_kept(dataset: DemoDataset) -> None:
    api = FakeMindoApi(dataset, api_key=KEY, max_recorded=3)
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handle)) as http:
        for page in range(1, 6):
            await _get(http, f"https://mindo.test{LIST}", page=page)

    assert [httpx.URL(r.url).params["page"] for r in api.requests] == ["3", "4", "5"]


@dataclass(frozen=True)
class CountingDataset(DemoDataset):
    """Counts how often each send's messages are generated."""

    built: dict[str, int] = field(default_factory=dict, compare=False)

    def messages(self, send: BulkSend) -> tuple[Message, ...]:
        self.built[send.id] = self.built.get(send.id, 0) + 1
        return super().messages(send)


async def test_messages_are_kept_for_the_last_few_sends_only(dataset: DemoDataset) -> None:
    counting = CountingDataset(**{f: getattr(dataset, f) for f in dataset.__dataclass_fields__})
    api = FakeMindoApi(counting, api_key=KEY)
    first, *others = [s for s in dataset.sends if s.sent_count][:6]
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handle)) as http:
        for send in (first, first, *others[:3], first, *others, first):
            await _get(http, f"https://mindo.test{LIST}{send.id}/messages/")

    # Kept while among the last four asked about; built again after five others.
    assert counting.built[first.id] == 2
    assert all(counting.built[s.id] == 1 for s in others)


async def test_with_a_clock_the_dataset_is_built_again_each_new_day(
    dataset: DemoDataset,
) -> None:
    moments = [MARCH_TUESDAY_NOON]
    api = FakeMindoApi(dataset, api_key=KEY, clock=lambda: moments[-1])
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handle)) as http:
        moments.append(MARCH_TUESDAY_NOON + timedelta(hours=6))  # 18:00 in Buenos Aires
        await _get(http, "https://mindo.test/api/v1/business-info/")
        same_day = api.dataset
        moments.append(
            MARCH_TUESDAY_NOON + timedelta(hours=11)
        )  # 02:00 UTC on the 11th, 23:00 there
        await _get(http, "https://mindo.test/api/v1/business-info/")
        still_the_10th_there = api.dataset
        moments.append(MARCH_TUESDAY_NOON + timedelta(hours=13))  # 01:00 on the 11th there
        body = (await _get(http, f"https://mindo.test{LIST}", page_size=100)).json()

    assert same_day is still_the_10th_there is dataset
    assert api.dataset == build_demo_dataset(moments[-1])
    assert body["results"][0]["id"] == api.dataset.sends[0].id


def test_a_fixed_clock_never_rebuilds(dataset: DemoDataset) -> None:
    fixed: datetime = MARCH_TUESDAY_NOON
    api = FakeMindoApi(dataset, api_key=KEY, clock=lambda: fixed)
    assert api.dataset is dataset
