"""The terminal words a send's failure reasons like Slack: plain words and what to do,
Meta's own words for a code we do not know."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.sends import Status
from bot.mindo.models import BulkSendDetail
from bot.report import FailureReason, summarise
from bot.service.details import SendDetails
from bot.service.questions import Answer
from bot.terminal import render_answer
from tests.factories import FRIDAY_NOON, make_query, make_send


def test_a_sends_reasons_in_plain_words_with_what_to_do() -> None:
    send = make_send(1, status=Status.PARTIAL, failed=28)
    reasons = (
        FailureReason("(#131049) healthy ecosystem", 25, 131049),
        FailureReason("(#199999) Brand new", 3, 199999),
    )
    details = SendDetails(BulkSendDetail(send, None, None, None), reasons, None)
    query = replace(make_query(start=None), send_id=send.id, language="es")
    today = FRIDAY_NOON.date()
    answer = Answer(query, summarise([send]), False, 1, 1, 0.0, today, send=details)
    lines = render_answer(answer).splitlines()
    at = lines.index("  25  Meta está limitando los mensajes de marketing a esta persona (#131049)")
    assert (
        lines[at + 1]
        == "      Vuelve a intentarlo más tarde, o envíale menos mensajes de marketing."
    )
    assert lines[at + 2] == "   3  (#199999) Brand new"
