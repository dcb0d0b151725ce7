"""`/bulksends alerts …` in three languages: every setting, in any order, and every word
not understood named back."""

from __future__ import annotations

from datetime import time

import pytest

from bot.domain.alerts import QuietHours
from bot.locale.words import SCHEMA, word_packs
from bot.query.alerts import (
    AlertsCommandError,
    AlertsHelp,
    ListAlerts,
    OpenAlertsEditor,
    SetAlerts,
    SetAlertsEnabled,
    parse_alerts_command,
)
from bot.query.channel_words import ChannelRef

NIGHT = QuietHours(time(20, 0), time(8, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alerts", ListAlerts("en")),
        ("alerts list", ListAlerts("en")),
        ("alertas", ListAlerts("es")),
        ("alerts help", AlertsHelp("en")),
        ("alertas ?", AlertsHelp("es")),
        ("alerts edit", OpenAlertsEditor(None, "en")),
        ("alertas editar", OpenAlertsEditor(None, "es")),
        ("alerts here", SetAlerts(None, "en")),
        ("alertas aquí", SetAlerts(None, "es")),
        ("alertas aqui", SetAlerts(None, "pt")),
        ("alerts here off", SetAlertsEnabled(None, False, "en")),
        ("alertas aquí apagar", SetAlertsEnabled(None, False, "es")),
        ("alertas aqui desligar", SetAlertsEnabled(None, False, "pt")),
        ("alerts here on", SetAlertsEnabled(None, True, "en")),
        ("alerts <#C012AB3CD|ops>", SetAlerts(ChannelRef("C012AB3CD", "ops"), "en")),
        ("alerts here threshold 20%", SetAlerts(None, "en", threshold=20.0)),
        ("alerts here threshold 12,5 %", SetAlerts(None, "en", threshold=12.5)),
        ("alerts here 25%", SetAlerts(None, "en", threshold=25.0)),
        ("alertas aquí umbral 20%", SetAlerts(None, "es", threshold=20.0)),
        ("alertas aqui limite 15%", SetAlerts(None, "pt", threshold=15.0)),
        ("alerts here queued 45m", SetAlerts(None, "en", stuck_minutes=45)),
        ("alerts here queued 45 minutes", SetAlerts(None, "en", stuck_minutes=45)),
        ("alerts here queued 1h30", SetAlerts(None, "en", stuck_minutes=90)),
        ("alerts here queued 2 h", SetAlerts(None, "en", stuck_minutes=120)),
        ("alerts here stuck 90", SetAlerts(None, "en", stuck_minutes=90)),
        ("alertas aquí en cola 45 min", SetAlerts(None, "es", stuck_minutes=45)),
        ("alertas aqui na fila 1h", SetAlerts(None, "pt", stuck_minutes=60)),
        (
            "alerts here only welcome_message",
            SetAlerts(None, "en", templates=frozenset({"welcome_message"})),
        ),
        (
            "alerts here only welcome_message, order_confirmation",
            SetAlerts(None, "en", templates=frozenset({"welcome_message", "order_confirmation"})),
        ),
        ("alerts here only all", SetAlerts(None, "en", templates=frozenset())),
        (
            "alertas aquí solo promo_2025",
            SetAlerts(None, "es", templates=frozenset({"promo_2025"})),
        ),
        ("alerts here quiet 20:00-08:00", SetAlerts(None, "en", quiet=NIGHT)),
        ("alerts here quiet 20:00 to 08:00", SetAlerts(None, "en", quiet=NIGHT)),
        ("alerts here quiet 8pm-8am", SetAlerts(None, "en", quiet=NIGHT)),
        ("alertas aquí silencio de 20 a 8", SetAlerts(None, "es", quiet=NIGHT)),
        ("alertas aqui silêncio 20h-8h", SetAlerts(None, "pt", quiet=NIGHT)),
        ("alerts here quiet off", SetAlerts(None, "en", quiet_off=True)),
        ("alerts here tz Europe/Madrid", SetAlerts(None, "en", timezone="Europe/Madrid")),
        (
            "alertas aquí umbral 20% en cola 45m solo welcome_message silencio 22:00-07:00",
            SetAlerts(
                None,
                "es",
                threshold=20.0,
                stuck_minutes=45,
                templates=frozenset({"welcome_message"}),
                quiet=QuietHours(time(22, 0), time(7, 0)),
            ),
        ),
    ],
)
def test_commands(text: str, expected: object) -> None:
    assert parse_alerts_command(text) == expected


@pytest.mark.parametrize(
    ("text", "unrecognized"),
    [
        ("alerts here sometimes", ("sometimes",)),
        ("alerts here 20", ("20",)),  # a number alone: a percent? minutes? not guessed
        ("alerts here threshold lots", ("threshold lots",)),
        ("alerts here queued forever", ("queued forever",)),
        ("alerts here quiet 20:00-20:00", ("20:00-20:00",)),
        ("alerts here quiet soon", ("quiet soon",)),
        ("alerts here only", ("only",)),
        ("alerts here tz Mars/Base", ("Mars/Base",)),
        ("alerts here language", ("language",)),
        ("alerts here language klingon", ("klingon",)),
        ("alerts here es", ("es",)),  # a bare code could be any word: only after "language"
    ],
)
def test_what_is_not_understood_is_named_back(text: str, unrecognized: tuple[str, ...]) -> None:
    with pytest.raises(AlertsCommandError) as raised:
        parse_alerts_command(text)
    assert raised.value.unrecognized == unrecognized


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alerts here language es", SetAlerts(None, "en", alerts_language="es")),
        ("alerts here lang portuguese", SetAlerts(None, "en", alerts_language="pt")),
        ("alerts #ops spanish", SetAlerts(ChannelRef(name="ops"), "en", alerts_language="es")),
        ("alertas aquí idioma pt", SetAlerts(None, "es", alerts_language="pt")),
        (
            "alertas aquí idioma inglés umbral 20%",
            SetAlerts(None, "es", 20.0, alerts_language="en"),
        ),
        ("alertas aquí lengua portugués", SetAlerts(None, "es", alerts_language="pt")),
        ("alertas aqui idioma espanhol", SetAlerts(None, "pt", alerts_language="es")),
        ("alertas aqui língua inglês", SetAlerts(None, "pt", alerts_language="en")),
        ("alertas aqui idioma en limite 15%", SetAlerts(None, "pt", 15.0, alerts_language="en")),
    ],
)
def test_the_alerts_language_is_named_by_code_or_name_in_each_language(
    text: str, expected: SetAlerts
) -> None:
    """The alerts' language is not the reply's: "alertas aquí idioma pt" is answered in
    Spanish and sets alerts that speak Portuguese."""
    assert parse_alerts_command(text) == expected


def test_the_asker_s_language_answers_whatever_the_words() -> None:
    assert parse_alerts_command("alerts here", user_language="pt-BR") == SetAlerts(None, "pt")
    with pytest.raises(AlertsCommandError) as raised:
        parse_alerts_command("alertas aquí zzz", user_language="en-US")
    assert raised.value.language == "en"


def test_every_language_has_every_alerts_word() -> None:
    for pack in word_packs():
        assert set(pack.section("alerts")) == SCHEMA["alerts"], pack.language
