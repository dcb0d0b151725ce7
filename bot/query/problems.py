"""Why a question could not be answered as asked: the kinds of ``QueryError``."""

from __future__ import annotations

from enum import StrEnum


class Problem(StrEnum):
    TOO_LONG = "too_long"
    UNRECOGNIZED = "unrecognized"
    TWO_TEMPLATES = "two_templates"
    TWO_DATES = "two_dates"
    FUTURE = "future"
    REVERSED = "reversed"
    BAD_DATE = "bad_date"
    BAD_TIMEZONE = "bad_timezone"
    BAD_CLOCK = "bad_clock"
    TOO_FAR = "too_far"
    WRONG_WEEKDAY = "wrong_weekday"
    NEGATION = "negation"
    TWO_METRICS = "two_metrics"
    TWO_GROUPS = "two_groups"
    TWO_SENDS = "two_sends"
    TWO_NUMBERS = "two_numbers"
    SEND_ID_ALONE = "send_id_alone"
    OPEN_COMPARISON = "open_comparison"
    RECIPIENT = "recipient"
