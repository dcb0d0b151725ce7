"""Records that break the API's own arithmetic are refused, never summed into an answer."""

from __future__ import annotations

from typing import Any

import pytest

from bot.demo.api import FakeBehaviour, FakeMindoApi, Fault
from bot.demo.data import DemoDataset
from bot.domain.dates import DateRange
from bot.message.errors import mindo_error_text
from bot.mindo.errors import UnreadableResponseError
from bot.mindo.models import MAX_COUNT, InvariantError
from bot.mindo.sends import bulk_send_from_api, bulk_send_to_api
from tests.factories import MARCH_TUESDAY_NOON, SleepRecorder
from tests.mindo.conftest import KEY, connected
from tests.mindo.test_models import LIST_ITEM

BROKEN: list[tuple[dict[str, Any], str]] = [
    ({"delivered_count": -1090}, "negative number of messages delivered (-1090)"),
    ({"failed_count": -1}, "negative number of messages failed (-1)"),
    ({"total_recipients": 10**30, "sent_count": 10**30}, "impossible number of recipients"),
    ({"total_recipients": float(10**30)}, "impossible number of recipients"),
    ({"sent_count": 4}, "more messages sent (4) than recipients (3)"),
    (
        {"delivered_count": 3, "read_count": 1, "sent_count": 2},
        "delivered (3) than messages sent (2)",
    ),
    ({"read_count": 3}, "more messages read (3) than messages delivered (2)"),
    ({"pending_count": 4}, "more messages pending (4) than recipients (3)"),
    ({"failed_count": 5}, "more messages failed (5) than recipients (3)"),
]


@pytest.mark.parametrize(("change", "words"), BROKEN, ids=[words for _, words in BROKEN])
def test_a_record_breaking_an_invariant_is_refused_in_plain_words(
    change: dict[str, Any], words: str
) -> None:
    with pytest.raises(InvariantError) as caught:
        bulk_send_from_api({**LIST_ITEM, **change})
    assert words in str(caught.value)
    assert str(caught.value).startswith("Mindo reported bulk send a3f2b8c9-")


def test_the_largest_believable_send_is_read() -> None:
    big = {"total_recipients": MAX_COUNT, "sent_count": MAX_COUNT}
    assert bulk_send_from_api({**LIST_ITEM, **big}).total_recipients == MAX_COUNT


def test_every_demo_send_keeps_the_invariants(dataset: DemoDataset) -> None:
    for send in dataset.sends:
        assert bulk_send_from_api(bulk_send_to_api(send)) == send


async def test_the_client_turns_absurd_numbers_into_an_unreadable_answer(
    dataset: DemoDataset, sleeps: SleepRecorder
) -> None:
    def negative(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "delivered_count": -1090}

    api = FakeMindoApi(dataset, api_key=KEY, behaviour=FakeBehaviour())
    api.behaviour.faults.append(Fault(rewrite=negative))
    async with connected(api, sleeps) as client:
        with pytest.raises(UnreadableResponseError) as caught:
            await client.fetch_bulk_sends(
                statuses=(),
                date_range=DateRange(MARCH_TUESDAY_NOON.date(), MARCH_TUESDAY_NOON.date()),
                tz="UTC",
            )
    error = caught.value
    assert error.broken_send is not None
    assert "negative number of messages delivered" in str(error)
    assert mindo_error_text(error).startswith("Mindo reported bulk send ")
    assert "cannot read" in mindo_error_text(error)
    assert KEY not in str(error) + mindo_error_text(error)
