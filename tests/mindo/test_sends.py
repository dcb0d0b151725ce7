"""A page of Mindo's bulk sends, read straight from its bytes: every check the records had."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest

from bot.demo.data import DemoDataset
from bot.domain.sends import BulkSend, Status
from bot.mindo.sends import (
    InvariantError,
    UnknownStatusError,
    bulk_send_to_api,
    decode_bulk_send_page,
)
from tests.mindo.test_models import LIST_ITEM


def page(*items: Any, count: Any = None, **extra: Any) -> bytes:
    body = {"count": len(items) if count is None else count, "next": None, "results": list(items)}
    return json.dumps({**body, **extra}).encode()


def test_a_page_gives_the_lists_count_whether_more_follow_and_its_sends() -> None:
    body = json.dumps(
        {"count": 31, "next": "https://mindo.test/x?page=2", "results": [LIST_ITEM]}
    ).encode()
    count, has_next, sends = decode_bulk_send_page(body)
    assert (count, has_next, len(sends)) == (31, True, 1)
    send = sends[0]
    assert isinstance(send, BulkSend)
    assert send.status is Status.COMPLETED
    assert (send.template.name, send.template.language) == ("welcome_message", "es")
    assert send.created_at == datetime(2025, 11, 16, 21, 30, tzinfo=UTC)
    assert send.created_at.tzinfo is UTC


def test_unknown_fields_are_tolerated_at_every_level() -> None:
    item = {
        **LIST_ITEM,
        "campaign": {"nested": [1, 2]},
        "template": {**LIST_ITEM["template"], "category": "MARKETING"},
        "phone_number": {**LIST_ITEM["phone_number"], "quality": "GREEN"},
    }
    count, has_next, sends = decode_bulk_send_page(page(item, previous=None, extra=1))
    assert (count, has_next) == (1, False)
    assert sends[0].template.id == 45


def test_optional_text_may_be_null_or_missing_and_reads_as_empty() -> None:
    template = {"id": 45, "template_name": None}
    phone = {"id": 123, "verified_name": None}
    item = {**LIST_ITEM, "template": template, "phone_number": phone, "completed_at": None}
    del item["progress_percentage"]
    (send,) = decode_bulk_send_page(page(item))[2]
    assert (send.template.name, send.template.language, send.template.status) == ("", "", "")
    assert (send.phone_number.display_phone_number, send.phone_number.verified_name) == ("", "")
    assert (send.completed_at, send.progress_percentage) == (None, 0.0)


def test_drf_decimal_strings_and_whole_floats_are_read() -> None:
    item = {**LIST_ITEM, "id": 981, "progress_percentage": "87.5", "sent_count": 3.0}
    (send,) = decode_bulk_send_page(page(item))[2]
    assert (send.id, send.progress_percentage, send.sent_count) == ("981", 87.5, 3)
    assert type(send.sent_count) is int


@pytest.mark.parametrize("status", ["completed", "Completed", " COMPLETED "])
def test_a_status_in_another_case_is_the_same_status(status: str) -> None:
    (send,) = decode_bulk_send_page(page({**LIST_ITEM, "status": status}))[2]
    assert send.status is Status.COMPLETED


def test_counts_and_ids_written_as_text_are_read_exactly() -> None:
    item = {
        **LIST_ITEM,
        "template": {**LIST_ITEM["template"], "id": "45"},
        "total_recipients": "3",
        "sent_count": "3.00",
        "delivered_count": "+2",
    }
    count, _, (send,) = decode_bulk_send_page(page(item, count="1"))
    assert (count, send.template.id, send.total_recipients, send.sent_count) == (1, 45, 3, 3)
    assert send.delivered_count == 2 and type(send.sent_count) is int


@pytest.mark.parametrize(
    "change",
    [
        {"id": None},
        {"id": ""},
        {"id": True},
        {"status": None},
        {"sent_count": 2.5},
        {"failed_count": "0.5"},
        {"failed_count": "zero"},
        {"read_count": True},
        {"progress_percentage": "NaN"},
        {"progress_percentage": 100.5},
        {"progress_percentage": -1},
        {"total_recipients": float("inf")},
        {"template": None},
        {"template": {"id": 45}},
        {"phone_number": "+54 9 223"},
        {"created_at": 1700000000},
        {"created_at": "yesterday"},
        {"completed_at": "never"},
        {"progress_percentage": True},
        {"progress_percentage": "lots"},
    ],
    ids=repr,
)
def test_wrong_types_and_values_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        decode_bulk_send_page(page({**LIST_ITEM, **change}))


@pytest.mark.parametrize("key", ["id", "status", "template", "phone_number", "created_at"])
def test_required_fields_are_required(key: str) -> None:
    item = {k: v for k, v in LIST_ITEM.items() if k != key}
    with pytest.raises(msgspec.ValidationError, match=key):
        decode_bulk_send_page(page(item))


def test_the_invariants_and_unknown_statuses_keep_their_own_errors() -> None:
    with pytest.raises(InvariantError, match="more messages read"):
        decode_bulk_send_page(page({**LIST_ITEM, "read_count": 3}))
    with pytest.raises(UnknownStatusError):
        decode_bulk_send_page(page({**LIST_ITEM, "status": "PAUSED"}))


@pytest.mark.parametrize(
    "body",
    [
        page(LIST_ITEM, count=-1),
        page(LIST_ITEM, count=True),
        page(LIST_ITEM, count=1.5),
        page(LIST_ITEM, count="one"),
        page(LIST_ITEM, next=3),
        json.dumps({"count": 1, "results": {"0": LIST_ITEM}}).encode(),
        json.dumps({"count": 1}).encode(),
        json.dumps([LIST_ITEM]).encode(),
    ],
    ids=["negative", "bool", "float", "text", "next", "results-object", "no-results", "bare-list"],
)
def test_a_page_that_is_not_a_page_is_refused(body: bytes) -> None:
    with pytest.raises(ValueError):
        decode_bulk_send_page(body)


def test_bytes_that_are_not_json_are_a_decode_error_not_a_shape_error() -> None:
    with pytest.raises(msgspec.DecodeError) as caught:
        decode_bulk_send_page(b"<html>502 Bad Gateway</html>")
    assert not isinstance(caught.value, msgspec.ValidationError)


def test_every_demo_send_reads_back_as_itself(dataset: DemoDataset) -> None:
    body = page(*(bulk_send_to_api(send) for send in dataset.sends))
    assert decode_bulk_send_page(body)[2] == dataset.sends


def test_sends_of_one_template_share_one_reference() -> None:
    other = {**LIST_ITEM, "id": "another"}
    first, second = decode_bulk_send_page(page(LIST_ITEM, other))[2]
    assert first.template is second.template
    assert first.phone_number is second.phone_number


@pytest.mark.parametrize(
    "written",
    [
        "2025-11-16T21:30:00Z",
        "2025-11-16T18:30:00-03:00",
        "2025-11-16T21:30Z",
        "2025-11-16T21:30:00",
    ],
    ids=["utc", "offset", "no-seconds", "no-offset"],
)
def test_timestamps_in_any_iso_form_python_reads_are_the_same_utc_moment(written: str) -> None:
    (send,) = decode_bulk_send_page(page({**LIST_ITEM, "created_at": written}))[2]
    assert send.created_at == datetime(2025, 11, 16, 21, 30, tzinfo=UTC)
    assert send.created_at.tzinfo is UTC
