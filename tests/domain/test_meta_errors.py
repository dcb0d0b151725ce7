"""Reading Meta's error codes out of error texts, and sorting the codes into kinds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.meta_errors import KNOWN_CODES, meta_error_code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("(#131026) Message undeliverable", 131026),
        ("(#100) Invalid parameter", 100),
        ("(#0) AuthException", 0),
        ("Message failed: (#131049) This message was not delivered", 131049),
        ("#132001: Template name does not exist in the translation", 132001),
        ("131047 - Re-engagement message", 131047),
        ("Error 368: Temporarily blocked for policies violations", 368),
        ("error: 470", 470),
        ("Código 131026: mensaje no entregable", 131026),
        ("code 131051", 131051),
        ("131026", 131026),
    ],
)
def test_the_code_is_read_however_it_is_written(text: str, code: int) -> None:
    assert meta_error_code(text) == code


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Message undeliverable",
        "Number ••• is not on WhatsApp",
        "+54 9 11 5555-0101 is not on WhatsApp",
        "2026-03-03 timeout",
        "retry in 30 s, 2 of 123456 failed",
        "order#12 failed",
    ],
)
def test_texts_without_a_code_have_none(text: str | None) -> None:
    assert meta_error_code(text) is None


def test_the_codes_the_issue_names_are_known() -> None:
    assert 250 in KNOWN_CODES  # Meta's 200-299 permission range
    assert 999999 not in KNOWN_CODES
    for code in (131026, 131047, 131049, 131021, 131048, 131051, 132000, 132001, 132012):
        assert code in KNOWN_CODES
    for code in (130472, 100, 368, 470):
        assert code in KNOWN_CODES


@given(st.text(max_size=80))
def test_any_text_gives_a_code_or_none(text: str) -> None:
    code = meta_error_code(text)
    assert code is None or 0 <= code <= 999_999
