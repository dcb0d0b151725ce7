"""A setting understood but impossible is told what is allowed, in the asker's language,
not "I didn't understand *threshold 150%*"."""

from __future__ import annotations

import pytest

from bot.message.alert_replies import build_alerts_command_error_message
from bot.message.digest_replies import build_command_error_message
from bot.query.alerts import AlertsCommandError, OutOfRange, parse_alerts_command
from bot.query.digest import DigestCommandError, parse_digest_command


def refused(text: str, language: str = "en") -> AlertsCommandError:
    with pytest.raises(AlertsCommandError) as raised:
        parse_alerts_command(text, user_language=language)
    return raised.value


def said(error: AlertsCommandError) -> str:
    return str(build_alerts_command_error_message(error).to_dict())


@pytest.mark.parametrize(
    ("text", "kind", "typed"),
    [
        ("alerts here threshold 150%", OutOfRange.THRESHOLD, "threshold 150%"),
        ("alerts here 150%", OutOfRange.THRESHOLD, "150%"),
        ("alerts here queued 2", OutOfRange.QUEUED, "queued 2"),
        ("alerts here 2000m", OutOfRange.QUEUED, "2000m"),
        ("alerts here quiet 25:00-08:00", OutOfRange.CLOCK, "quiet 25:00-08:00"),
        ("alertas aquí silencio 20:00-08:75", OutOfRange.CLOCK, "silencio 20:00-08:75"),
    ],
)
def test_an_impossible_setting_is_told_apart_from_a_word_not_understood(
    text: str, kind: OutOfRange, typed: str
) -> None:
    error = refused(text)
    assert error.unrecognized == ()
    assert error.out_of_range == ((kind, typed),)


@pytest.mark.parametrize(
    ("language", "text", "sentence"),
    [
        ("en", "alerts here threshold 150%", "The threshold must be between 0.1% and 100%"),
        ("es", "alertas aquí umbral 150%", "El umbral debe estar entre 0,1% y 100%"),
        ("pt", "alertas aqui limite 150%", "O limite deve estar entre 0,1% e 100%"),
        ("en", "alerts here queued 2", "The waiting time must be between 5 and 1,440 minutes"),
        ("es", "alertas aquí en cola 2", "entre 5 y 1.440 minutos"),
        ("pt", "alertas aqui na fila 2", "entre 5 e 1.440 minutos"),
        ("en", "alerts here quiet 25:00-08:00", "*quiet 25:00-08:00* is not a time of day"),
        ("es", "alertas aquí silencio 25:00-08:00", "no es una hora del día"),
        ("pt", "alertas aqui silêncio 25:00-08:00", "não é um horário do dia"),
    ],
)
def test_the_reply_says_what_is_allowed(language: str, text: str, sentence: str) -> None:
    reply = said(refused(text, language))
    assert sentence in reply
    assert "understand" not in reply and "entendí" not in reply and "entendi" not in reply


@pytest.mark.parametrize(
    ("language", "text", "sentence"),
    [
        ("en", "digest here 24:30", "*24:30* is not a time of day: hours go from 0 to 23"),
        ("es", "digest aquí a las 24:30", "*24:30* no es una hora del día"),
        ("pt", "digest aqui às 9:75", "*9:75* não é um horário do dia"),
    ],
)
def test_an_impossible_digest_time_says_what_is_wrong(
    language: str, text: str, sentence: str
) -> None:
    with pytest.raises(DigestCommandError) as raised:
        parse_digest_command(text, user_language=language)
    assert raised.value.unrecognized == ()
    reply = str(build_command_error_message(raised.value).to_dict())
    assert sentence in reply
    assert "understand" not in reply and "entendí" not in reply and "entendi" not in reply
