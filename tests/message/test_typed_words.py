"""Words the messages show people to type are words the parsers read, in every language.

Translators give them in the ``typed …`` contexts of the catalogs; these tests hold each
translation to what the question parser and the digest and alerts grammars understand.
"""

from __future__ import annotations

import pytest

from bot.domain.sends import PROBLEMS, Status
from bot.locale.languages import LANGUAGES, Language
from bot.locale.translate import translator
from bot.message.alert_replies import alert_examples
from bot.message.digest_replies import digest_examples
from bot.message.help import period_words, problems_word, status_words
from bot.message.words import shape_examples
from bot.query.alerts import parse_alerts_command
from bot.query.digest import parse_digest_command
from bot.query.model import BulkSendQuery, GroupBy, Metric, Order, Top
from bot.query.parser import parse_query
from bot.terminal import sparkline
from tests.factories import FRIDAY_NOON


def ask(text: str, language: Language) -> BulkSendQuery:
    parsed = parse_query(text, now=FRIDAY_NOON, tz="UTC", user_language=language)
    assert isinstance(parsed, BulkSendQuery), text
    return parsed


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_status_word_means_its_status(language: Language) -> None:
    tr = translator(language)
    for status, word in status_words(tr):
        assert ask(word, language).statuses == {status}, word
    assert ask(problems_word(tr), language).statuses == PROBLEMS


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_period_word_names_a_period(language: Language) -> None:
    for words in period_words(translator(language)):
        assert not ask(words, language).default_range, words


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_digest_example_is_a_command(language: Language) -> None:
    for example in digest_examples(translator(language)):
        parse_digest_command(example, user_language=language)  # raises if not understood


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_alerts_example_means_what_the_english_one_does(language: Language) -> None:
    english = alert_examples(translator("en"))
    for example, original in zip(alert_examples(translator(language)), english, strict=True):
        read = parse_alerts_command(example, user_language=language)
        assert read == type(read)(**{**vars(parse_alerts_command(original)), "language": language})


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_shaped_example_asks_for_its_shape(language: Language) -> None:
    tr = translator(language)
    count, metric, ranking, compared, trend, breakdown = (
        ask(question, language) for question in shape_examples(tr)
    )
    assert (count.metric, count.statuses) == (Metric.BULK_SENDS, frozenset({Status.FAILED}))
    assert (metric.metric, metric.template) == (Metric.READ_RATE, "welcome_message")
    assert (ranking.metric, ranking.group_by, ranking.top) == (
        Metric.FAILED,
        GroupBy.TEMPLATE,
        Top(3, Order.DESC),
    )
    assert compared.compare_to is not None
    assert (trend.metric, trend.group_by) == (Metric.DELIVERY_RATE, GroupBy.DAY)
    assert breakdown.group_by is GroupBy.PHONE_NUMBER


def test_a_sparkline_draws_each_value_between_the_extremes() -> None:
    assert sparkline([0, 5, 10, None, 10]) == "▁▅█ █"
    assert sparkline([3, 3]) == "▁▁"
    assert sparkline([None, None]) == "  "
