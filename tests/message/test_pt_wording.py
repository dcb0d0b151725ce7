"""Portuguese says one thing one way: the alerts' and the digests' lists end with the same
"change them" wording, and the rates' note agrees in gender with the labels beside it
("Enviados", "Entregues", "Lidos")."""

from __future__ import annotations

import pytest

from bot.locale.languages import Language
from bot.locale.translate import translator
from bot.message import words

DIGESTS_FOOTER = (
    "Change them (admins): `/bulksends digest here at 9:00` · `… weekdays` · "
    "`… off` · `… preview` · `… edit` · `/bulksends digest help`"
)
ALERTS_FOOTER = (
    "Change them (admins): `/bulksends alerts here` · `… threshold 20%` · "
    "`… queued 45m` · `… quiet 20:00-08:00` · `… off` · `… edit` · "
    "`/bulksends alerts help`"
)


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_both_lists_name_who_may_change_them_alike(language: Language) -> None:
    """ "Alterar (admins)" under digests, "Altere (administradores)" under alerts."""
    tr = translator(language)
    digests = tr._(DIGESTS_FOOTER).split(":", 1)[0]
    alerts = tr._(ALERTS_FOOTER).split(":", 1)[0]
    assert digests.split(" ", 1)[1] == alerts.split(" ", 1)[1]
    if language == "pt":  # "them" is the same word for alerts and digests
        assert digests == alerts


def test_the_rates_note_agrees_with_the_labels_in_portuguese() -> None:
    note = words.rates_explained(translator("pt"))
    assert "entregues ÷ enviados" in note and "lidos ÷ entregues" in note
