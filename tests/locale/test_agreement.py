"""Sentences whose Spanish or Portuguese once disagreed with what they speak of, or
showed an English command word in the middle of the reader's language."""

from __future__ import annotations

import json

import pytest

from bot.locale.languages import Language
from bot.locale.translate import translator
from bot.message.alert_replies import build_alerts_help_message


def test_alerts_are_masculine_in_portuguese() -> None:
    """ "os alertas": only admins may change them, "alterá-los" (was "alterá-las")."""
    shown = json.dumps(build_alerts_help_message("pt").to_dict(), ensure_ascii=False)
    assert "alterá-los" in shown and "alterá-las" not in shown


@pytest.mark.parametrize(
    ("language", "off", "on"), [("es", "apagar", "activar"), ("pt", "desligar", "ligar")]
)
def test_digest_commands_shown_in_the_readers_words(language: Language, off: str, on: str) -> None:
    tr = translator(language)
    turned_off = tr._(
        "⏸️ The daily digest for {channel} is off. Turn it back on with "
        "`/bulksends digest {channel} on`.",
        channel="#x",
    )
    assert turned_off.endswith(f"`/bulksends digest #x {on}`.")
    invite = tr._(
        "Invite me with `/invite @bulksends` there, or turn the digest off with "
        "`/bulksends digest {target} off`. I'll try again at the next digest time.",
        target="#x",
    )
    assert f"`/bulksends digest #x {off}`" in invite
