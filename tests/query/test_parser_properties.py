"""Whatever the text, parse_query answers or raises QueryError, and ranges end by today."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.locale.languages import Language
from bot.query.dates import DateRules
from bot.query.model import BulkSendQuery, QueryError
from bot.query.parser import parse_query
from bot.query.shape_words import SHAPE_PHRASES
from bot.query.vocabulary import LEXICON
from tests.factories import BUENOS_AIRES, LATE_EVENING, MONDAY, MONTH_END, NEW_YEAR, TOKYO

CLOCKS = st.sampled_from(
    [
        (MONDAY, "UTC"),
        (MONTH_END, "UTC"),
        (NEW_YEAR, "UTC"),
        (LATE_EVENING, BUENOS_AIRES),
        (MONDAY, TOKYO),
    ]
)
# The ends of the calendar, where date arithmetic overflows: still only QueryError.
EDGE_CLOCKS = st.sampled_from(
    [
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), TOKYO),
        (datetime(9999, 12, 31, 12, tzinfo=UTC), "UTC"),
        (datetime(1, 1, 1, tzinfo=UTC), "America/New_York"),
        (datetime(1, 1, 3, 12, tzinfo=UTC), "UTC"),
    ]
)
LANGUAGES = st.sampled_from([None, "en", "es", "pt"])
VOCABULARY = sorted({" ".join(key) for key in LEXICON} | SHAPE_PHRASES)
NEAR_DATES = [
    "3",
    "31",
    "0",
    "2025",
    "99999",
    "3/11",
    "3-11",
    "3-9",
    "29/02",
    "2025-13-45",
    "1º",
    "3rd",
    "-",
    "3nov",
    "nov3",
    "15days",
    "7d",
    "3pm",
    "9:30",
]
JUNK = ["lsat", "ago", "promo_2", "x1", "de", "a", "and", "the", "hace", "tomorrow", "é", ","]
JUNK += ["no", "not", "sin", "out", "set", "🔥", "<@U1|jane>", "<!here>", "<https://x.y|z>"]
JUNK += ["a3f2b8c9-4d5e-6f7a-8b9c-0d1e2f3a4b5c", "+54 9 223 675-0780", "5491155550101", "`x`"]
JUNK += [":eyes:", "_x_", "*", "~", "q3", "vs", "top 5", "más", "menos", "hace", "ago"]
JUNK += ["%", "x", "q", "than", "que", "more", "to", "al", "+1 555 010 0199", "the week before"]
JUNK += ["no llegaron", "fallas", "antepasada", "del mes", "el 20", "do we have", "la anterior"]
WORDS = st.lists(
    st.sampled_from(VOCABULARY + NEAR_DATES + JUNK) | st.text(max_size=6), max_size=10
).map(" ".join)


def _check(text: str, now: datetime, tz: str, fallback: Language | None = None) -> None:
    try:
        result = parse_query(
            text, now=now, tz=tz, known_templates=["welcome"], user_language=fallback
        )
    except QueryError as error:
        assert error.message
        return
    if isinstance(result, BulkSendQuery):
        # Only a query has a range to check: at 9999-12-31T23:59Z Tokyo's day is past the
        # calendar, and a greeting ('buen dia') is help, not a query.
        today: date = now.astimezone(ZoneInfo(tz)).date()
        assert result.range.end <= today
        earliest = DateRules(today).earliest
        assert result.default_range or (result.range.start or result.range.end) >= earliest
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


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORDS, EDGE_CLOCKS, LANGUAGES)
def test_clocks_at_the_ends_of_the_calendar(
    text: str, clock: tuple[datetime, str], fallback: Language | None
) -> None:
    _check(text, *clock, fallback)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=501, max_size=600).filter(lambda text: len(text.strip()) > 500))
def test_anything_too_long_is_refused(text: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text, now=MONDAY, tz="UTC")
    assert "500" in raised.value.message
    assert raised.value.unrecognized == ()
