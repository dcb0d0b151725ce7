"""Parsing the detail, message and business records: strict where it matters, lenient elsewhere."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.demo.data import DemoDataset
from bot.domain.sends import Status
from bot.mindo.fields import read_int
from bot.mindo.models import (
    BulkSendDetail,
    BusinessAccounts,
    BusinessInfo,
    Message,
    Quota,
    UnknownStatusError,
)
from bot.mindo.paging import json_pages
from bot.mindo.sends import bulk_send_from_api, bulk_send_to_api

LIST_ITEM: dict[str, Any] = {
    "id": "a3f2b8c9-4d5e-6f7a-8b9c-0d1e2f3a4b5c",
    "status": "COMPLETED",
    "template": {
        "id": 45,
        "template_name": "welcome_message",
        "language": "es",
        "status": "APPROVED",
    },
    "phone_number": {
        "id": 123,
        "display_phone_number": "+54 9 223 675-0780",
        "verified_name": "Mindo Software",
    },
    "total_recipients": 3,
    "sent_count": 3,
    "delivered_count": 2,
    "read_count": 1,
    "failed_count": 0,
    "pending_count": 0,
    "progress_percentage": 100.0,
    "created_at": "2025-11-16T21:30:00Z",
    "completed_at": "2025-11-16T21:30:28Z",
}


def test_detail_is_the_list_item_plus_timing_and_creator() -> None:
    detail = BulkSendDetail.from_api(
        {
            **LIST_ITEM,
            "estimated_time_minutes": "0.5",  # DRF decimals arrive as text
            "started_at": "2025-11-16T21:30:02Z",
            "created_by": {
                "id": 7,
                "email": "ana@example.com",
                "first_name": "Ana",
                "last_name": "Paz",
            },
            "something_new": True,
        }
    )
    assert detail.send.status is Status.COMPLETED
    assert detail.send.total_recipients == 3
    assert detail.estimated_time_minutes == 0.5
    assert detail.started_at == datetime(2025, 11, 16, 21, 30, 2, tzinfo=UTC)
    assert detail.created_by is not None and detail.created_by.email == "ana@example.com"


def test_detail_of_a_queued_send_has_no_start_and_maybe_no_creator() -> None:
    detail = BulkSendDetail.from_api({**LIST_ITEM, "status": "QUEUED", "started_at": None})
    assert (detail.started_at, detail.created_by, detail.estimated_time_minutes) == (
        None,
        None,
        None,
    )


def test_a_failed_message() -> None:
    message = Message.from_api(
        {
            "id": 981,
            "recipient_phone": "+5491155550000",
            "status": "failed",
            "meta_message_id": None,
            "variables_used": {"1": "Ana", "2": 42},
            "sent_at": None,
            "delivered_at": None,
            "read_at": None,
            "error_message": "(#131026) Message undeliverable",
        }
    )
    assert message.status == "failed"
    assert message.variables_used == {"1": "Ana", "2": "42"}
    assert message.error_message == "(#131026) Message undeliverable"


@pytest.mark.parametrize(("value", "number"), [(7, 7), (7.0, 7), ("7", 7), ("7.00", 7), ("-2", -2)])
def test_whole_numbers_are_read_as_numbers_or_as_text(value: Any, number: int) -> None:
    assert read_int(value) == number


@pytest.mark.parametrize("value", [7.5, "7.5", "7,0", "seven", "", True, None])
def test_anything_else_is_no_whole_number(value: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        read_int(value)


def test_a_page_of_messages_may_write_its_count_and_ids_as_text() -> None:
    item = {"id": "981", "recipient_phone": "+5491155550000", "status": "read"}
    body = json.dumps({"count": "1", "next": None, "results": [item]}).encode()
    count, more, (message,) = json_pages(Message.from_api)(body)
    assert (count, more, message.id) == (1, False, 981)


def test_business_accounts_in_the_apis_camel_case() -> None:
    accounts = BusinessAccounts.from_api(
        {
            "companyName": "Mindo Software",
            "apiKeyName": "bot",
            "businessAccounts": [
                {
                    "businessAccountId": 104857600123456,
                    "businessName": "Mindo",
                    "phoneNumbers": [
                        {
                            "id": 123,
                            "phoneNumberId": "109876543210123",
                            "displayPhoneNumber": "+54 9 223 675-0780",
                            "verifiedName": "Mindo Software",
                            "isPrimary": True,
                            "messagingLimitTier": "TIER_1K",
                            "quota": {
                                "dailyLimit": 1000,
                                "uniqueNumbersSent24h": 250,
                                "remaining": 750,
                                "usagePercentage": 25.0,
                                "canSend": True,
                            },
                        }
                    ],
                    "templates": [
                        {
                            "name": "welcome_message",
                            "language": "es",
                            "category": "MARKETING",
                            "variables": ["nombre"],
                        }
                    ],
                }
            ],
        }
    )
    (account,) = accounts.accounts
    assert account.business_account_id == "104857600123456"
    (number,) = account.phone_numbers
    assert number.quota is not None and number.quota.remaining == 750
    assert account.templates[0].variables == ("nombre",)


def test_business_info_tolerates_missing_optional_fields_and_object_labels() -> None:
    info = BusinessInfo.from_api(
        {
            "id": 3,
            "name": "Acme",
            "timezone": "America/Sao_Paulo",
            "categories": [{"id": 1, "name": "Retail"}],
        }
    )
    assert (info.timezone, info.website, info.categories, info.company_types) == (
        "America/Sao_Paulo",
        "",
        ("Retail",),
        (),
    )


@pytest.mark.parametrize(
    "data",
    [
        {**LIST_ITEM, "status": "DONE"},
        {**LIST_ITEM, "created_by": "ana"},
        {key: value for key, value in LIST_ITEM.items() if key != "created_at"},
        {**LIST_ITEM, "estimated_time_minutes": [1]},
    ],
    ids=["unknown-status", "creator-text", "no-created-at", "estimate-list"],
)
def test_malformed_details_raise_for_the_client_to_report(data: dict[str, Any]) -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        BulkSendDetail.from_api(data)


def test_what_the_fake_serves_reads_back_unchanged(dataset: DemoDataset) -> None:
    send = dataset.sends[0]
    assert BulkSendDetail.from_api(dataset.detail(send).to_api()) == dataset.detail(send)
    partial = next(s for s in dataset.sends if s.failed_count)
    for message in dataset.messages(partial)[:50]:
        assert Message.from_api(message.to_api()) == message
    assert BusinessInfo.from_api(dataset.business_info.to_api()) == dataset.business_info
    assert (
        BusinessAccounts.from_api(dataset.business_accounts.to_api()) == dataset.business_accounts
    )


@pytest.mark.parametrize(
    "data",
    [
        {**LIST_ITEM, "id": None},
        {key: value for key, value in LIST_ITEM.items() if key != "id"},
        {**LIST_ITEM, "id": ""},
        {**LIST_ITEM, "id": True},
        {**LIST_ITEM, "sent_count": 2.5},
        {**LIST_ITEM, "failed_count": "0,0"},
        {**LIST_ITEM, "failed_count": "1_0"},
        {**LIST_ITEM, "failed_count": ""},
    ],
    ids=[
        "null-id",
        "no-id",
        "empty-id",
        "bool-id",
        "fractional-count",
        "count-comma",
        "count-underscore",
        "count-empty",
    ],
)
def test_ids_and_counts_are_never_guessed(data: dict[str, Any]) -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        bulk_send_from_api(data)


def test_whole_numbers_may_arrive_as_floats_and_ids_as_numbers() -> None:
    send = bulk_send_from_api({**LIST_ITEM, "id": 981, "sent_count": 3.0})
    assert (send.id, send.sent_count) == ("981", 3)
    assert isinstance(send.sent_count, int)


def test_whole_numbers_may_arrive_as_text() -> None:
    send = bulk_send_from_api({**LIST_ITEM, "sent_count": "3", "delivered_count": "2.00"})
    assert (send.sent_count, send.delivered_count) == (3, 2)


def test_an_unknown_status_is_an_error_that_names_it() -> None:
    with pytest.raises(UnknownStatusError) as caught:
        bulk_send_from_api({**LIST_ITEM, "status": "PAUSED"})
    assert caught.value.status == "PAUSED"
    assert str(caught.value) == "Mindo reported a status this version doesn't know: PAUSED"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("false", False), ("True", True), (None, True)],
)
def test_can_send_is_read_strictly(value: object, expected: bool) -> None:
    quota = Quota.from_api({"dailyLimit": 1000, "uniqueNumbersSent24h": 3, "canSend": value})
    assert quota.can_send is expected


@pytest.mark.parametrize("value", ["no", 0, 1, "yes", []])
def test_can_send_that_is_not_a_boolean_is_unreadable(value: object) -> None:
    with pytest.raises(TypeError):
        Quota.from_api({"canSend": value})


def test_records_write_back_in_the_apis_own_names(dataset: DemoDataset) -> None:
    send = dataset.sends[0]
    assert bulk_send_to_api(send)["template"]["template_name"] == send.template.name
    assert bulk_send_to_api(send)["status"] == send.status.value
    accounts = dataset.business_accounts.to_api()
    number = accounts["businessAccounts"][0]["phoneNumbers"][0]
    assert set(number) == {
        "id",
        "phoneNumberId",
        "displayPhoneNumber",
        "verifiedName",
        "isPrimary",
        "messagingLimitTier",
        "quota",
    }
    assert set(number["quota"]) == {
        "dailyLimit",
        "uniqueNumbersSent24h",
        "remaining",
        "usagePercentage",
        "canSend",
    }
    detail = dataset.detail(send).to_api()
    assert detail["id"] == send.id and "send" not in detail
