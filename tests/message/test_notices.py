"""The "Shared by" line, and the room builders leave for it."""

import pytest
from slack_sdk.models.blocks import SectionBlock

from bot.message import build_summary_message
from bot.message.notices import with_shared_by
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
