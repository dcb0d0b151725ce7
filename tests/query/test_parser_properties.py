"""Whatever the text, parse_query answers or raises QueryError, and ranges end by today."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.query.model import BulkSendQuery, QueryError
from bot.query.parser import parse_query
from bot.query.vocabulary import LEXICON
from tests.query.clocks import BUENOS_AIRES, LATE_EVENING, MONDAY, MONTH_END, NEW_YEAR, TOKYO

CLOCKS = st.sampled_from(
    [
        (MONDAY, "UTC"),
        (MONTH_END, "UTC"),
        (NEW_YEAR, "UTC"),
        (LATE_EVENING, BUENOS_AIRES),
        (MONDAY, TOKYO),
    ]
)
VOCABULARY = sorted({" ".join(key) for key in LEXICON})
NEAR_DATES = ["3", "31", "0", "2025", "99999", "3/11", "29/02", "2025-13-45", "1º", "3rd", "-"]
JUNK = ["lsat", "ago", "promo_2", "x1", "de", "a", "and", "the", "hace", "tomorrow", "é", ","]
WORDS = st.lists(
    st.sampled_from(VOCABULARY + NEAR_DATES + JUNK) | st.text(max_size=6), max_size=10
).map(" ".join)


def _check(text: str, now: datetime, tz: str) -> None:
    today: date = now.astimezone(ZoneInfo(tz)).date()
    try:
        result = parse_query(text, now=now, tz=tz, known_templates=["welcome"])
    except QueryError as error:
        assert error.message
        return
    if isinstance(result, BulkSendQuery):
        assert result.range.end <= today
        assert result.range.start is None or result.range.start <= result.range.end
        assert result.timezone == tz


@settings(max_examples=300, deadline=None)
@given(st.text(), CLOCKS)
def test_any_text(text: str, clock: tuple[datetime, str]) -> None:
    _check(text, *clock)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORDS, CLOCKS)
def test_real_words_mixed_with_junk(text: str, clock: tuple[datetime, str]) -> None:
    _check(text, *clock)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=501, max_size=600).filter(lambda text: len(text.strip()) > 500))
def test_anything_too_long_is_refused(text: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text, now=MONDAY, tz="UTC")
    assert "500" in raised.value.message
    assert raised.value.unrecognized == ()
