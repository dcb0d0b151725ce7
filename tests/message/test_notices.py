"""The "Shared by" line, the room builders leave for it, and Slack's refusals in words."""

import pytest
from slack_sdk.models.blocks import SectionBlock

from bot.domain.refusals import SlackRefusal
from bot.locale.languages import LANGUAGES, Language
from bot.message import build_summary_message
from bot.message.notices import build_refusal_notice, refusal_reason, with_shared_by
from bot.message.slack import SlackMessage
from bot.report import summarise
from tests.factories import make_query, many_sends


def test_shared_summary_says_who_shared_it_first() -> None:
    summary = SlackMessage(text="Bulk sends: 3", blocks=(SectionBlock(text="numbers"),))
    shared = with_shared_by(summary, "U123", "es")
    data = shared.to_dict()
    assert data["blocks"][0]["elements"][0]["text"] == "Compartido por <@U123>"
    assert data["blocks"][1:] == summary.to_dict()["blocks"]
    assert shared.text == "Compartido por <@U123>: Bulk sends: 3"


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_the_biggest_summary_still_has_room_for_the_sharer(language: str) -> None:
    sends = many_sends(5000, templates=300, sender="Ñ" * 200)
    query = make_query(template="promo_" * 80, language=language)  # type: ignore[arg-type]
    summary = build_summary_message(query, summarise(sends), demo=True, page=7, interactive=False)
    shared = with_shared_by(summary, "U0123456789", language)  # type: ignore[arg-type]
    data = shared.to_dict()  # raises past any limit
    assert "<@U0123456789>" in data["blocks"][0]["elements"][0]["text"]


@pytest.mark.parametrize(
    ("code", "refusal"),
    [
        ("channel_not_found", SlackRefusal.CHANNEL_GONE),
        ("not_in_channel", SlackRefusal.NOT_A_MEMBER),
        ("is_archived", SlackRefusal.ARCHIVED),
        ("restricted_action", SlackRefusal.RESTRICTED),
        ("not_authed", SlackRefusal.TOKEN_REJECTED),
        ("token_expired", SlackRefusal.TOKEN_REVOKED),
        ("missing_scope", SlackRefusal.MISSING_SCOPE),
        ("timeout", SlackRefusal.UNREACHABLE),
        ("connection_error", SlackRefusal.UNREACHABLE),
        ("msg_too_long", SlackRefusal.OTHER),
        ("", SlackRefusal.OTHER),
    ],
)
def test_slacks_codes_are_read_once_into_what_they_mean(code: str, refusal: SlackRefusal) -> None:
    assert SlackRefusal.of(code) is refusal


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_refusal_has_its_own_words_in_every_language(language: Language) -> None:
    reasons = {refusal: refusal_reason(refusal, language) for refusal in SlackRefusal}
    assert len(set(reasons.values())) == len(SlackRefusal)
    assert all(reason.endswith(".") for reason in reasons.values())
    if language != "en":
        english = {refusal: refusal_reason(refusal, "en") for refusal in SlackRefusal}
        assert not set(reasons.values()) & set(english.values())


def test_a_refusal_notice_names_what_to_do_in_that_case() -> None:
    def title(refusal: SlackRefusal) -> str:
        return build_refusal_notice(refusal, "en").text.splitlines()[0]

    assert title(SlackRefusal.CHANNEL_GONE) == title(SlackRefusal.NOT_A_MEMBER)
    assert "archived" in title(SlackRefusal.ARCHIVED)
    assert "Only some people" in title(SlackRefusal.RESTRICTED)
    assert title(SlackRefusal.OTHER) == title(SlackRefusal.MISSING_SCOPE)
