from __future__ import annotations

import pytest

from bot.query.text import Token, tokenize


def test_numeric_dates_stay_whole() -> None:
    assert [token.text for token in tokenize("3/11/2025, 2025-11-03 and 3/11.")] == [
        "3/11/2025",
        "2025-11-03",
        "and",
        "3/11",
    ]
    assert tokenize("3/11")[0] == Token("3/11", "3/11", "date")


def test_template_names_stay_whole() -> None:
    assert [token.text for token in tokenize("promo_2025_11 black_friday_3")] == [
        "promo_2025_11",
        "black_friday_3",
    ]


def test_dashes_are_tokens_and_other_punctuation_separates() -> None:
    tokens = tokenize("nov 3 – 9, failed/partial!? segunda-feira")
    assert [token.norm for token in tokens] == [
        "nov",
        "3",
        "-",
        "9",
        "failed",
        "partial",
        "segunda",
        "-",
        "feira",
    ]
    assert tokens[2].kind == "dash"


def test_ascii_symbols_separate_and_other_symbols_are_tokens() -> None:
    assert tokenize("*** ` <> + = |") == []
    assert [(token.text, token.kind) for token in tokenize("€ → “failed”… ±±")] == [
        ("€", "symbol"),
        ("→", "symbol"),
        ("failed", "word"),
        ("±±", "symbol"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "☃ 🎉 failed 🔥🔥",
        "failed :eyes: :white_check_mark:",
        "👍🏽 failed :+1::skin-tone-2:",
        "🇦🇷 failed 1️⃣",
        "*failed*",
        "_failed_",
        "~failed~",
        "👨‍👩‍👧 failed",
    ],
)
def test_emoji_shortcodes_and_slack_marks_are_not_words(text: str) -> None:
    assert [token.norm for token in tokenize(text) if token.norm != "1"] == ["failed"]


def test_a_send_id_phone_number_and_name_in_backticks_stay_whole() -> None:
    tokens = tokenize("a3f2b8c9-4d5e-6f7a-8b9c-0d1e2f3a4b5c +54 9 223 675-0780 `promo`")
    assert [(token.norm, token.kind) for token in tokens] == [
        ("a3f2b8c9-4d5e-6f7a-8b9c-0d1e2f3a4b5c", "uuid"),
        ("5492236750780", "phone"),
        ("promo", "code"),
    ]


def test_too_many_digits_for_a_phone_number_are_plain_numbers() -> None:
    tokens = tokenize("+54 9 11 5555 0101 3 4 5")
    assert all(token.kind == "word" for token in tokens)


def test_slack_entities_are_punctuation_not_words() -> None:
    assert [token.text for token in tokenize("failed &amp; partial &lt;3 &gt;")] == [
        "failed",
        "partial",
        "3",
    ]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("<@U123> failed", [("@U123", "slack"), ("failed", "word")]),
        ("<@U123|jane>", [("@jane", "slack")]),
        (
            "<!here|here> <!channel> <!everyone>",
            [("@here", "slack"), ("@channel", "slack"), ("@everyone", "slack")],
        ),
        ("<#C123|general>", [("#general", "slack")]),
        ("<#C123>", [("#C123", "slack")]),
        ("<!subteam^S1|@ops>", [("@ops", "slack")]),
        ("<!date^1392734382^{date}|Feb 18, 2014>", [("Feb 18, 2014", "slack")]),
        ("<https://x.com/a?b=1&amp;c=2>", [("https://x.com/a?b=1&c=2", "slack")]),
        ("<https://x.com|the report>", [("the report", "slack")]),
        ("<mailto:a@b.com|a@b.com>", [("a@b.com", "slack")]),
        ("&lt;@U123&gt;", [("U123", "word")]),  # typed by the user, escaped by Slack
    ],
)
def test_slack_markup_is_one_token_as_the_user_sees_it(
    text: str, tokens: list[tuple[str, str]]
) -> None:
    assert [(token.text, token.kind) for token in tokenize(text)] == tokens


def test_slack_markup_never_matches_a_word() -> None:
    (token,) = tokenize("<https://x.com|failed>")
    assert token.text == "failed" and token.norm != "failed"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("3-11", [("3-11", "date", False)]),
        ("3 - 11", [("3", "word", False), ("-", "dash", False), ("11", "word", False)]),
        ("3-nov", [("3", "word", False), ("-", "dash", True), ("nov", "word", False)]),
        ("nov -3", [("nov", "word", False), ("-", "dash", False), ("3", "word", False)]),
        ("9:30", [("9:30", "word", False)]),
        ("9:30pm", [("9:30pm", "word", False)]),
    ],
)
def test_dates_times_and_glued_dashes(text: str, tokens: list[tuple[str, str, bool]]) -> None:
    assert [(token.text, token.kind, token.glued) for token in tokenize(text)] == tokens


def test_text_is_read_in_composed_form() -> None:
    assert tokenize("Sa\u0301bado")[0].text == "Sábado"
