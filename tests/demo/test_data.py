"""The demo dataset: deterministic, realistic, internally consistent."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.demo.data import DemoDataset, build_demo_dataset
from bot.demo.records import META_ERRORS
from bot.domain.sends import RUNNING, Status
from tests.factories import MARCH_TUESDAY_NOON


def test_same_now_and_seed_same_data_otherwise_not(dataset: DemoDataset) -> None:
    assert build_demo_dataset(MARCH_TUESDAY_NOON) == dataset
    assert build_demo_dataset(MARCH_TUESDAY_NOON, seed=8).sends != dataset.sends
    later = build_demo_dataset(MARCH_TUESDAY_NOON + timedelta(days=1))
    assert later.sends[0].created_at > dataset.sends[0].created_at


def test_a_few_hundred_sends_over_ninety_days_newest_first(dataset: DemoDataset) -> None:
    created = [s.created_at for s in dataset.sends]
    assert 200 <= len(dataset.sends) <= 500
    assert created == sorted(created, reverse=True)
    assert created[0] <= MARCH_TUESDAY_NOON
    assert MARCH_TUESDAY_NOON - created[-1] <= timedelta(days=90)
    assert len({s.id for s in dataset.sends}) == len(dataset.sends)


def test_every_status_and_running_ones_only_in_the_last_hours(dataset: DemoDataset) -> None:
    assert {s.status for s in dataset.sends} == set(Status)
    for send in dataset.sends:
        age = MARCH_TUESDAY_NOON - send.created_at
        if send.status in RUNNING:
            assert age <= timedelta(hours=4) and send.completed_at is None
        else:
            assert age >= timedelta(hours=6)
            assert send.completed_at is not None
            assert send.created_at <= send.completed_at <= MARCH_TUESDAY_NOON


def test_counts_add_up(dataset: DemoDataset) -> None:
    for s in dataset.sends:
        assert s.sent_count >= s.delivered_count >= s.read_count >= 0
        assert s.sent_count + s.failed_count + s.pending_count == s.total_recipients
        processed = s.sent_count + s.failed_count
        assert s.progress_percentage == round(100 * processed / s.total_recipients, 1)
        if s.status is Status.COMPLETED:
            assert s.failed_count == s.pending_count == 0
        if s.status is Status.PARTIAL:
            assert s.failed_count > 0 and s.sent_count > 0
        if s.status is Status.FAILED:
            assert s.sent_count == 0
        if s.status is Status.PROCESSING:
            assert 0 < s.progress_percentage < 100


def test_templates_languages_numbers_and_working_hours(dataset: DemoDataset) -> None:
    names = {s.template.name for s in dataset.sends}
    assert {"welcome_message", "order_confirmation", "black_friday_2025"} <= names
    assert {s.template.language for s in dataset.sends} == {"es", "pt", "en"}
    assert 2 <= len({s.phone_number.id for s in dataset.sends}) <= 3
    zone = ZoneInfo("America/Argentina/Buenos_Aires")
    hours = Counter(9 <= s.created_at.astimezone(zone).hour < 19 for s in dataset.sends)
    assert hours[True] > 3 * hours[False]


def test_messages_match_the_counts_and_are_stable(dataset: DemoDataset) -> None:
    send = next(s for s in dataset.sends if s.status is Status.PARTIAL)
    messages = dataset.messages(send)

    statuses = Counter(m.status for m in messages)
    assert statuses == {
        "read": send.read_count,
        "delivered": send.delivered_count - send.read_count,
        "sent": send.sent_count - send.delivered_count,
        "failed": send.failed_count,
    }
    assert all(m.error_message in META_ERRORS for m in messages if m.status == "failed")
    assert all(m.error_message is None for m in messages if m.status != "failed")
    assert all(m.read_at is not None for m in messages if m.status == "read")
    assert dataset.messages(send) == messages
    assert len({m.id for m in messages}) == len(messages)


def test_business_records(dataset: DemoDataset) -> None:
    assert dataset.business_info.timezone == "America/Argentina/Buenos_Aires"
    numbers = [p for a in dataset.business_accounts.accounts for p in a.phone_numbers]
    assert {p.id for p in numbers} == {s.phone_number.id for s in dataset.sends}
    for number in numbers:
        quota = number.quota
        assert quota is not None
        if quota.daily_limit is not None:
            assert quota.remaining == quota.daily_limit - quota.unique_numbers_sent_24h
    templates = {
        (t.name, t.language) for a in dataset.business_accounts.accounts for t in a.templates
    }
    assert {(s.template.name, s.template.language) for s in dataset.sends} <= templates
