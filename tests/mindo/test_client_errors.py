"""Typed errors for each failure, and the API key in none of them."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

import httpx
import pytest

from bot.demo.api import FakeBehaviour, FakeMindoApi, Fault, serve
from bot.demo.data import DemoDataset
from bot.demo.records import FOREIGN_SEND_ID
from bot.message.errors import mindo_error_text
from bot.mindo.client import MindoClient
from bot.mindo.errors import (
    AuthenticationError,
    BadRequestError,
    MindoError,
    MindoUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    UnreadableResponseError,
)
from bot.mindo.sends import bulk_send_to_api
from tests.factories import SleepRecorder
from tests.mindo.conftest import KEY, connected


def _api(dataset: DemoDataset, *faults: Fault, expired: str | None = None) -> FakeMindoApi:
    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour(), expired_api_key=expired)
    api.behaviour.faults.extend(faults)
    return api


async def test_a_wrong_key_is_an_authentication_error(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    async with connected(_api(dataset), sleeps, key="mindo_not_this_one") as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.get_business_info()

    error = caught.value
    assert error.status_code == 401
    assert error.method == "GET"
    assert error.url.endswith("/api/v1/business-info/")
    assert "X-API-Key" in error.message  # Mindo's own Spanish detail
    assert not error.expired
    assert "MINDO_API_KEY" in mindo_error_text(error)


async def test_an_expired_key_says_so(dataset: DemoDataset, sleeps: SleepRecorder) -> None:
    expired = "mindo_expired_0000"
    async with connected(_api(dataset, expired=expired), sleeps, key=expired) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.list_bulk_sends()

    assert caught.value.expired
    assert "expired" in mindo_error_text(caught.value)


@pytest.mark.parametrize(
    ("send_id", "error_type"),
    [(FOREIGN_SEND_ID, PermissionDeniedError), ("no-such-send", NotFoundError)],
)
async def test_detail_of_a_send_we_cannot_see(
    dataset: DemoDataset, sleeps: SleepRecorder, send_id: str, error_type: type[MindoError]
) -> None:
    api = _api(dataset)
    async with connected(api, sleeps) as client:
        with pytest.raises(error_type):
            await client.get_bulk_send(send_id)

    assert len(api.requests) == 1


async def test_an_id_cannot_walk_out_of_its_path(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    api = _api(dataset)
    async with connected(api, sleeps) as client:
        with pytest.raises(NotFoundError):
            await client.get_bulk_send("../../../business-info")

    assert "%2F" in api.requests[0].url


async def test_a_drf_400_keeps_its_field_errors(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    body = '{"status": ["Select a valid choice. X is not one of the available choices."]}'
    async with connected(_api(dataset, Fault(400, body=body)), sleeps) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.list_bulk_sends()

    assert caught.value.field_errors == {
        "status": ["Select a valid choice. X is not one of the available choices."]
    }
    assert mindo_error_text(caught.value) == (
        "Mindo did not accept the question's filters. Mindo said: "
        "status: Select a valid choice. X is not one of the available choices."
    )


async def test_a_long_400_is_quoted_short(dataset: DemoDataset, sleeps: SleepRecorder) -> None:
    body = json.dumps({"created_after": ["Enter a valid date. " * 40]})
    async with connected(_api(dataset, Fault(400, body=body)), sleeps) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.list_bulk_sends()

    said = mindo_error_text(caught.value).split("Mindo said: ", 1)[1]
    assert said.startswith("created_after: Enter a valid date.")
    assert len(said) == 200 and said.endswith("…")


@pytest.mark.parametrize("suffix", ["", "/", "/api/v1", "/api/v1/"])
async def test_the_base_url_may_carry_the_documented_api_v1_prefix(
    dataset: DemoDataset, sleeps: SleepRecorder, suffix: str
) -> None:
    api = _api(dataset)
    async with serve(api) as base_url, MindoClient(base_url + suffix, KEY, sleep=sleeps) as client:
        info = await client.get_business_info()

    assert info == dataset.business_info
    assert httpx.URL(api.requests[0].url).path == "/api/v1/business-info/"


@pytest.mark.parametrize("question", ["list", "business-info", "business-accounts"])
async def test_a_404_where_mindo_always_answers_points_at_mindo_api_url(
    dataset: DemoDataset, sleeps: SleepRecorder, question: str
) -> None:
    api = _api(dataset)
    async with serve(api) as base_url, MindoClient(base_url + "/v2", KEY, sleep=sleeps) as client:
        questions: dict[str, Callable[[], Awaitable[object]]] = {
            "list": client.list_bulk_sends,
            "business-info": client.get_business_info,
            "business-accounts": client.get_business_accounts,
        }
        with pytest.raises(NotFoundError) as caught:
            await questions[question]()

    assert caught.value.wrong_address
    assert "MINDO_API_URL" in mindo_error_text(caught.value)
    assert "bulk send" not in mindo_error_text(caught.value)


async def test_a_404_for_one_send_says_the_send_is_not_there(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    async with connected(_api(dataset), sleeps) as client:
        with pytest.raises(NotFoundError) as detail:
            await client.get_bulk_send("no-such-send")
        with pytest.raises(NotFoundError) as messages:
            await client.list_messages("no-such-send")

    for caught in (detail, messages):
        assert not caught.value.wrong_address
        assert "no such bulk send" in mindo_error_text(caught.value)


async def test_a_status_this_version_does_not_know_is_named_not_guessed(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    item = {**bulk_send_to_api(dataset.sends[0]), "status": "PAUSED"}
    body = json.dumps({"count": 1, "next": None, "previous": None, "results": [item]})
    async with connected(_api(dataset, Fault(200, body=body)), sleeps) as client:
        with pytest.raises(UnreadableResponseError) as caught:
            await client.list_bulk_sends()

    assert mindo_error_text(caught.value).startswith(
        "Mindo reported a status this version doesn't know: PAUSED. "
    )


@pytest.mark.parametrize(
    "body",
    [
        '["not", "an", "object"]',
        '{"count": "many", "next": null, "results": []}',
        '{"count": 1, "next": null, "results": [{"id": "x", "status": "DONE"}]}',
    ],
    ids=["list", "count-text", "bad-item"],
)
async def test_answers_in_the_wrong_shape_are_unreadable_at_once(
    dataset: DemoDataset, sleeps: SleepRecorder, body: str
) -> None:
    api = _api(dataset, Fault(200, body=body))
    async with connected(api, sleeps) as client:
        with pytest.raises(UnreadableResponseError):
            await client.list_bulk_sends()

    assert len(api.requests) == 1


GARBLED = ["<html><body>Maintenance</body></html>", '{"count": 3, "next": null, "results": [{"i']


@pytest.mark.parametrize("body", GARBLED, ids=["html", "cut-short"])
async def test_an_answer_that_is_not_json_is_asked_again(
    dataset: DemoDataset, sleeps: SleepRecorder, body: str
) -> None:
    api = _api(dataset, Fault(200, body=body))
    async with connected(api, sleeps) as client:
        info = await client.get_business_info()

    assert info == dataset.business_info
    assert len(api.requests) == 2


@pytest.mark.parametrize("body", GARBLED, ids=["html", "cut-short"])
async def test_an_answer_never_json_is_unreadable_after_the_retries(
    dataset: DemoDataset, sleeps: SleepRecorder, body: str
) -> None:
    api = _api(dataset, *[Fault(200, body=body)] * 4)
    async with connected(api, sleeps, max_attempts=4) as client:
        with pytest.raises(UnreadableResponseError) as caught:
            await client.list_bulk_sends()

    assert len(api.requests) == 4
    assert mindo_error_text(caught.value).startswith("Mindo answered with something")


async def test_a_redirect_is_not_followed_anywhere(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    elsewhere = FakeMindoApi(dataset, api_key="whatever")
    async with serve(elsewhere) as foreign_url:
        moved = Fault(302, headers={"Location": f"{foreign_url}/api/v1/business-info/"})
        async with connected(_api(dataset, moved), sleeps) as client:
            with pytest.raises(UnreadableResponseError):
                await client.get_business_info()

    assert elsewhere.requests == []


async def test_the_key_appears_in_no_message_repr_or_log_line(
    dataset: DemoDataset, sleeps: SleepRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    echoing = f'{{"detail": "API Key {KEY} no es valida"}}'
    faults = [
        Fault(401, body=echoing),
        Fault(400, body=f'{{"status": ["{KEY} is not a choice"]}}'),
        Fault(400, body=f'{{"{KEY}": ["is not a known field"]}}'),
        Fault(503, body=echoing),
        Fault(200, body=f'{{"count": 1, "next": null, "results": [{{"id": "{KEY}"}}]}}'),
        Fault(
            200, body=f'{{"count": 1, "next": null, "results": [{{"id": "a", "status": "{KEY}"}}]}}'
        ),
    ]
    errors: list[MindoError] = []
    caplog.set_level(logging.DEBUG)
    async with connected(_api(dataset, *faults), sleeps, max_attempts=1) as client:
        assert KEY not in repr(client)
        for _ in faults:
            with pytest.raises(MindoError) as caught:
                await client.list_bulk_sends()
            errors.append(caught.value)

    assert [type(e) for e in errors] == [
        AuthenticationError,
        BadRequestError,
        BadRequestError,
        MindoUnavailableError,
        UnreadableResponseError,
        UnreadableResponseError,
    ]
    for error in errors:
        for text in (str(error), repr(error), mindo_error_text(error), error.url):
            assert KEY not in text
        if isinstance(error, BadRequestError):
            assert KEY not in repr(error.field_errors)
        # Nothing chained: a reporter walking causes finds no request headers, no echo.
        assert error.__cause__ is None and error.__context__ is None
    assert caplog.records
    assert all(KEY not in record.getMessage() for record in caplog.records)
