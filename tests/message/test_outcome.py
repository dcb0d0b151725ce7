"""A rate is said beside the count it divides, in the same words wherever a message says
what became of the messages (answers, the digest, the Home tab, one send), and a change
is sized by one rule everywhere (rates in points, counts in percent, one decimal).

Two sends on Thanksgiving: 300 recipients, all sent, 280 delivered; and 215 recipients of
which 70 were sent (65 delivered) before it was cancelled. 93.2% is 345 delivered of the
370 sent, not of the 515 recipients: "515 recipients, 93.2% delivered" misled.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import MappingProxyType

import pytest

from bot.comparison import Metric as Compared
from bot.comparison import compare
from bot.domain.sends import Status
from bot.locale.languages import Language
from bot.locale.translate import translator
from bot.message.digest import build_digest_message
from bot.message.headline import headline
from bot.message.home import build_home_view
from bot.message.phrases import change, outcome
from bot.message.trends import change_words
from bot.query.model import Metric
from bot.report import Totals
from bot.service.digest import DayActivity, DigestData
from bot.service.home import overview_from
from bot.service.questions import answer_from
from tests.factories import (
    BLACK_FRIDAY_NINE,
    BUENOS_AIRES,
    THANKSGIVING_NOON,
    make_query,
    make_send,
)

DONE = make_send("done", THANKSGIVING_NOON, recipients=300, sent=300, delivered=280)
CANCELLED = make_send(
    "stopped", THANKSGIVING_NOON + timedelta(minutes=5), status=Status.CANCELLED,
    recipients=215, sent=70, delivered=65, pending=145,
)  # fmt: skip
SENDS = [DONE, CANCELLED]

SAID: dict[Language, str] = {
    "en": "370 sent (93.2% of them delivered) and 145 not sent (cancelled)",
    "es": "370 enviados (93,2% de ellos entregados) y 145 sin enviar (cancelados)",
    "pt": "370 enviados (93,2% deles entregues) e 145 não enviados (cancelados)",
}


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_the_rate_sits_beside_the_count_it_divides(language: Language) -> None:
    assert outcome(Totals.of(SENDS), translator(language)) == SAID[language]


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_answers_the_digest_and_home_say_it_in_the_same_words(language: Language) -> None:
    day = THANKSGIVING_NOON.date()
    query = make_query(start=day, end=day, period="day", language=language)
    answer = answer_from(query, SENDS, demo=False, today=date(2026, 11, 27))
    activity = DayActivity(day, BUENOS_AIRES, tuple(SENDS), MappingProxyType({}))
    digest = build_digest_message(
        DigestData(activity, None, BLACK_FRIDAY_NINE), language=language, demo=False
    )
    overview = overview_from(
        SENDS, [], now=THANKSGIVING_NOON + timedelta(hours=1), timezone=BUENOS_AIRES
    )
    home = build_home_view(overview, language=language, demo=False).to_dict()
    today = next(b for b in home["blocks"] if "fields" in b)["text"]["text"]
    for sentence in (headline(answer), digest.text.splitlines()[0], today):
        assert f"; {SAID[language]}." in sentence, sentence


def test_the_digest_opens_with_what_the_rate_is_a_share_of() -> None:
    activity = DayActivity(
        THANKSGIVING_NOON.date(), BUENOS_AIRES, tuple(SENDS), MappingProxyType({})
    )
    digest = build_digest_message(
        DigestData(activity, None, BLACK_FRIDAY_NINE), language="en", demo=False
    )
    assert digest.text.splitlines()[0] == (
        "Yesterday, Nov 26, 2026: 2 bulk sends to 515 recipients; 370 sent (93.2% of them "
        "delivered) and 145 not sent (cancelled). No problems."
    )


@pytest.mark.parametrize(
    ("now", "before", "said"),
    [
        (42, 100, "down 58%"),  # not "down 58.0%": whole percent from 10% on
        (365, 1000, "down 64%"),
        (1005, 1000, "up 0.5%"),
    ],
)
def test_answers_and_the_digest_size_a_count_change_alike(now: int, before: int, said: str) -> None:
    tr = translator("en")
    answered = change(Metric.RECIPIENTS, now, before, "en")
    assert answered is not None and answered.words == said
    # The digest and Home: the same size (a steady band aside, a wobble under 5%).
    marked = change_words(compare(Compared.RECIPIENTS, now, before), tr, nothing_before="")
    if abs(now - before) / before >= 0.05:
        assert marked == f"🔹 {said}"


def test_answers_and_the_digest_size_a_rate_change_alike() -> None:
    tr = translator("es")
    answered = change(Metric.DELIVERY_RATE, 0.9, 0.931, "es")
    assert answered is not None and answered.words == "bajó 3,1 puntos"
    marked = change_words(compare(Compared.DELIVERY_RATE, 0.9, 0.931), tr, nothing_before="")
    assert marked == "🔴 bajó 3,1 puntos, peor"
