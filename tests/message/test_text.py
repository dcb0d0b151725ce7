from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.message.text import (
    ELLIPSIS,
    ZWJ,
    escape,
    json_length,
    one_line,
    untrusted,
)


def _mrkdwn(text: str) -> str:
    """Outside text escaped for mrkdwn, uncut."""
    return untrusted(text, 10_000, mrkdwn=True)


# What Slack reads as formatting: a marker at a word edge, text, the same marker at a word edge.
FORMATTED = re.compile(r"(?:^|[\s(])([*_~`])[^\s*_~`](?:.*?[^\s])?\1(?:$|[\s).,!?])")


def test_escape_neutralises_mentions_and_links() -> None:
    assert escape("<!channel> & <@U123|bob>") == "&lt;!channel&gt; &amp; &lt;@U123|bob&gt;"


def test_escape_leaves_formatting_characters_for_plain_text() -> None:
    assert escape("*Promo* _new_") == "*Promo* _new_"


def test_escape_mrkdwn_stops_mentions_and_formatting() -> None:
    escaped = _mrkdwn("<!channel> *Promo*")
    assert "<" not in escaped
    assert escaped.replace(ZWJ, "") == "&lt;!channel&gt; *Promo*"
    assert not FORMATTED.search(escaped)


@pytest.mark.parametrize("text", ["*bold*", "_italic_", "~strike~", "`code`", "a *b* c", "(_x_)"])
def test_every_marker_is_neutralised(text: str) -> None:
    assert FORMATTED.search(text), "the pattern must catch the raw text"
    assert not FORMATTED.search(_mrkdwn(text))


def test_underscores_inside_a_name_are_left_alone() -> None:
    assert _mrkdwn("welcome_message_v2") == "welcome_message_v2"
    assert _mrkdwn("America/Argentina/Buenos_Aires") == "America/Argentina/Buenos_Aires"


def test_underscores_at_word_edges_are_neutralised() -> None:
    assert _mrkdwn("_promo") == f"{ZWJ}_{ZWJ}promo"
    assert _mrkdwn("promo_") == f"promo{ZWJ}_{ZWJ}"


def test_one_line() -> None:
    assert one_line("  Mindo\nSoftware\t\x00 S.A.\u2028 ") == "Mindo Software S.A."
    assert one_line("abc\u202edcba") == "abcdcba"


def test_untrusted_keeps_short_text_whole() -> None:
    assert untrusted("Mindo & Co", 14) == "Mindo &amp; Co"


def test_untrusted_at_the_limit_and_one_over() -> None:
    assert untrusted("x" * 10, 10) == "x" * 10
    assert untrusted("x" * 11, 10) == "x" * 9 + ELLIPSIS


def test_untrusted_never_splits_an_entity() -> None:
    cut = untrusted("a&&&&", 9)
    assert cut == "a&amp;" + ELLIPSIS
    assert len(cut) <= 9


def test_untrusted_measures_json_when_asked() -> None:
    emoji = "😀" * 20
    cut = untrusted(emoji, 60, measure=json_length)
    assert json_length(cut) <= 60
    assert cut.startswith("😀😀😀😀")


def test_json_length() -> None:
    assert json_length("ab") == 2
    assert json_length('"') == 2
    assert json_length("é") == 6
    assert json_length("😀") == 12


@given(st.text(), st.integers(min_value=6, max_value=300), st.booleans())
def test_untrusted_always_fits_and_never_lets_a_mention_through(
    text: str, limit: int, mrkdwn: bool
) -> None:
    for measure in (len, json_length):
        result = untrusted(text, limit, mrkdwn=mrkdwn, measure=measure)
        assert measure(result) <= limit
        assert "<" not in result and ">" not in result
        assert "\n" not in result
