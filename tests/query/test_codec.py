from __future__ import annotations

import contextlib
import dataclasses
import json
import zoneinfo
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.dates import DateRange
from bot.domain.sends import PROBLEMS, STATUS_ORDER, Status
from bot.query.codec import (
    MAX_VALUE_LENGTH,
    StateError,
    StateTooLongError,
    ViewState,
    decode_state,
    encode_state,
)
from bot.query.dates import Relative, Rolling, Unit
from bot.query.model import BulkSendQuery, GroupBy, Metric, Order, Top
from bot.query.periods import Shape

QUERY = BulkSendQuery(
    statuses=PROBLEMS,
    range=DateRange(date(2026, 11, 9), date(2026, 11, 15)),
    template="welcome_message",
    timezone="America/Argentina/Buenos_Aires",
    default_range=False,
    language="es",
    period=Relative.LAST_WEEK,
)
LONGEST_ZONE = max(zoneinfo.available_timezones(), key=len)
UUID = "a3f2b8c9-4d5e-6f7a-8b9c-0d1e2f3a4b5c"


def test_round_trip_keeps_every_field() -> None:
    value = encode_state(QUERY, page=3, demo=True, send_id=UUID)
    assert decode_state(value) == ViewState(query=QUERY, page=3, demo=True, send_id=UUID)


def test_the_period_travels_in_r() -> None:
    assert json.loads(encode_state(QUERY))["r"] == "last_week"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("x", "reads"),
        ("g", "hour"),
        ("c", ["2026-11-09"]),
        ("c", ["2026-11-10", "2026-11-09"]),
        ("k", [0, "desc"]),
        ("k", [5, "up"]),
        ("k", [5, None]),
        ("k", [True, "desc"]),
        ("f", "+5491155550101"),
        ("w", "fr"),
    ],
)
def test_a_shape_this_app_never_writes_is_refused(key: str, value: object) -> None:
    data = {"v": 1, "s": "F", "b": "2026-11-15", "z": "UTC", key: value}
    with pytest.raises(StateError):
        decode_state(json.dumps(data))


def test_a_shaped_question_round_trips() -> None:
    query = dataclasses.replace(
        QUERY,
        metric=Metric.READ_RATE,
        group_by=GroupBy.TEMPLATE,
        compare_to=DateRange(date(2026, 11, 2), date(2026, 11, 8)),
        top=Top(3, Order.ASC),
        phone_number="5491155550101",
    )
    assert decode_state(encode_state(query)).query == query


def test_periods_written_by_older_buttons_still_decode() -> None:
    old = '{"v":1,"s":"F","b":"2026-11-15","z":"UTC","r":"last_n_months:3"}'
    assert decode_state(old).query.period == Rolling(3, Unit.MONTH)


@pytest.mark.parametrize("code", ["last_n_fortnights:2", "last_n_days:x", "past_week", "soon", ""])
def test_a_period_this_app_never_writes_is_refused(code: str) -> None:
    with pytest.raises(StateError):
        decode_state(json.dumps({"v": 1, "s": "F", "b": "2026-11-15", "z": "UTC", "r": code}))


def test_a_value_written_before_the_period_existed_still_decodes() -> None:
    old = '{"v":1,"s":"PF","b":"2026-11-15","z":"UTC","a":"2026-11-09","l":"es"}'
    query = decode_state(old).query
    assert query.period is None
    assert (query.range.start, query.language) == (date(2026, 11, 9), "es")


def test_defaults_round_trip_and_are_left_out() -> None:
    query = BulkSendQuery(
        statuses=frozenset(),
        range=DateRange(None, date(2026, 11, 15)),
        template=None,
        timezone="UTC",
        default_range=False,
    )
    value = encode_state(query)
    assert json.loads(value) == {"v": 1, "s": "", "b": "2026-11-15", "z": "UTC"}
    assert decode_state(value) == ViewState(query=query)


@pytest.mark.parametrize("status", STATUS_ORDER)
def test_every_status_has_a_code(status: Status) -> None:
    query = BulkSendQuery(
        statuses=frozenset({status}),
        range=DateRange(date(2026, 1, 1), date(2026, 1, 1)),
        template=None,
        timezone="UTC",
        default_range=True,
        language="pt",
    )
    assert decode_state(encode_state(query)).query == query


def test_value_is_compact() -> None:
    value = encode_state(QUERY, page=1, demo=True, send_id=UUID)
    assert " " not in value
    assert len(value) < 200


def test_worst_realistic_state_fits_in_a_button() -> None:
    query = BulkSendQuery(
        statuses=frozenset(STATUS_ORDER),
        range=DateRange(date(2026, 11, 9), date(2026, 11, 15)),
        template="order_confirmation_v2_" * 22 + "x" * 16,  # 500: the longest question
        timezone=LONGEST_ZONE,
        default_range=True,
        language="pt",
        period=Rolling(522, Unit.WEEK),
        written_in="pt",
        metric=Metric.DELIVERY_RATE,
        group_by=GroupBy.PHONE_NUMBER,
        compare_to=DateRange(date(2026, 11, 2), date(2026, 11, 8)),
        top=Top(100, Order.DESC),
        phone_number="123456789012345",
        send_id=UUID,
    )
    assert len(query.template or "") == 500
    value = encode_state(query, page=10**9, demo=True, send_id=UUID * 7)
    assert len(value) <= MAX_VALUE_LENGTH
    assert decode_state(value) == ViewState(query, page=10**9, demo=True, send_id=UUID * 7)


def _with_template(length: int) -> BulkSendQuery:
    return BulkSendQuery(
        statuses=PROBLEMS,
        range=QUERY.range,
        template="x" * length,
        timezone=QUERY.timezone,
        default_range=False,
    )


def test_exactly_the_limit_is_accepted_and_one_more_is_refused() -> None:
    room = MAX_VALUE_LENGTH - len(encode_state(_with_template(0)))
    assert len(encode_state(_with_template(room))) == MAX_VALUE_LENGTH
    with pytest.raises(StateTooLongError):
        encode_state(_with_template(room + 1))


def test_too_long_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="2000"):
        encode_state(_with_template(5000))


GOOD = json.loads(encode_state(QUERY, page=2, demo=True, send_id=UUID))


def _variant(**changes: object) -> str:
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not ...})


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not json",
        "[]",
        "null",
        '"text"',
        "{}",
        "{" * 5000,
        "[" * 999 + "]" * 999,
        _variant(v=2),
        _variant(v=...),
        _variant(b=...),
        _variant(s="FZ"),
        _variant(s=["FAILED"]),
        _variant(a="2026-13-01"),
        _variant(b=20261115),
        _variant(a="2026-11-20"),
        _variant(z="Mars/Olympus_Mons"),
        _variant(z="../../etc/passwd"),
        _variant(z=""),
        _variant(z=None),
        _variant(l="fr"),
        _variant(p=-1),
        _variant(p="1"),
        _variant(p=True),
        _variant(p=1.5),
        _variant(m=2),
        _variant(m=True),
        _variant(d=0),
        _variant(t=42),
        _variant(i=["x"]),
        _variant(r=3),
        _variant(r=["last_week"]),
        _variant(extra=1),
    ],
)
def test_garbage_raises_a_state_error(value: str) -> None:
    with pytest.raises(StateError):
        decode_state(value)


def test_state_error_is_a_value_error() -> None:
    assert issubclass(StateError, ValueError)


def test_the_variant_helper_builds_valid_states_when_unchanged() -> None:
    assert decode_state(_variant()) == ViewState(QUERY, page=2, demo=True, send_id=UUID)


@given(st.text(max_size=300))
def test_any_text_decodes_or_raises_a_state_error(value: str) -> None:
    with contextlib.suppress(StateError):
        decode_state(value)


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def queries(draw: st.DrawFn) -> BulkSendQuery:
    end = draw(dates)
    start = draw(st.none() | st.dates(min_value=date(2000, 1, 1), max_value=end))
    return BulkSendQuery(
        statuses=frozenset(draw(st.sets(st.sampled_from(STATUS_ORDER)))),
        range=DateRange(start, end),
        template=draw(st.none() | st.text(max_size=60)),
        timezone=draw(st.sampled_from(["UTC", "Asia/Tokyo", "America/Sao_Paulo"])),
        default_range=draw(st.booleans()),
        language=draw(st.sampled_from(["en", "es", "pt"])),
        period=draw(
            st.none()
            | st.sampled_from([Relative.LAST_WEEK, *Shape])
            | st.builds(
                Rolling,
                st.integers(1, 10**6),
                st.sampled_from([Unit.DAY, Unit.WEEK, Unit.MONTH, Unit.YEAR]),
            )
        ),
        written_in=draw(st.sampled_from([None, "en", "es", "pt"])),
        metric=draw(st.none() | st.sampled_from(Metric)),
        group_by=draw(st.none() | st.sampled_from(GroupBy)),
        compare_to=draw(st.none() | st.builds(DateRange, st.none(), dates)),
        top=draw(st.none() | st.builds(Top, st.integers(1, 100), st.sampled_from(Order))),
        phone_number=draw(st.none() | st.from_regex(r"[0-9]{8,15}", fullmatch=True)),
        send_id=draw(st.none() | st.text(max_size=40)),
    )


@given(
    queries(),
    st.integers(min_value=0, max_value=10**6),
    st.booleans(),
    st.none() | st.text(max_size=40),
)
def test_round_trip_property(
    query: BulkSendQuery, page: int, demo: bool, send_id: str | None
) -> None:
    value = encode_state(query, page=page, demo=demo, send_id=send_id)
    assert len(value) <= MAX_VALUE_LENGTH
    assert decode_state(value) == ViewState(query, page, demo, send_id)
