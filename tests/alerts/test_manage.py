"""Which language alerts speak: the company's when new unless the change names one; kept
by any later change, whoever makes it, unless it names another (as a digest's)."""

from __future__ import annotations

from datetime import timedelta

from bot.alerts.manage import AlertChange, apply_alert_change, env_alerts
from bot.domain.alerts import AlertChannel
from bot.locale.languages import Language
from tests.alerts.fakes import alert_channel
from tests.factories import BLACK_FRIDAY_NOON, BUENOS_AIRES

ADMIN, OTHER = "UADMIN", "UOTHER"


def changed(
    existing: AlertChannel | None,
    change: AlertChange,
    *,
    user: str = OTHER,
    default_language: Language = "es",
) -> AlertChannel:
    return apply_alert_change(
        existing,
        change,
        channel_id="C0OPS",
        channel_name="ops",
        user_id=user,
        default_language=default_language,
        default_timezone=BUENOS_AIRES,
        now=BLACK_FRIDAY_NOON,
    )


def test_new_alerts_speak_the_default_unless_the_change_names_a_language() -> None:
    assert changed(None, AlertChange(enabled=True)).language == "es"
    assert changed(None, AlertChange(enabled=True, language="pt")).language == "pt"


def test_a_change_by_someone_else_keeps_the_language_they_speak() -> None:
    """An admin who reads English (default_language "en") moving the threshold of
    Portuguese alerts leaves them in Portuguese."""
    existing = alert_channel("C0OPS", since=BLACK_FRIDAY_NOON - timedelta(days=1), language="pt")
    kept = changed(existing, AlertChange(threshold=20.0), default_language="en")
    assert (kept.language, kept.threshold, kept.updated_by) == ("pt", 20.0, OTHER)
    assert changed(existing, AlertChange(enabled=False), default_language="en").language == "pt"


def test_a_named_language_wins_over_theirs_and_the_default() -> None:
    existing = alert_channel("C0OPS", since=BLACK_FRIDAY_NOON - timedelta(days=1), language="pt")
    named = changed(existing, AlertChange(language="en"), default_language="es")
    assert named.language == "en"
    # Naming a language alone changes nothing that decides which alerts are raised.
    assert named.active_since == existing.active_since


def test_alerts_channel_speaks_the_default_and_leaves_set_up_alerts_alone() -> None:
    new = env_alerts("C0OPS", None, default_timezone="UTC", now=BLACK_FRIDAY_NOON)
    assert new is not None and new.language == "en"
    spanish = env_alerts(
        "C0OPS", None, default_timezone="UTC", now=BLACK_FRIDAY_NOON, default_language="es"
    )
    assert spanish is not None and spanish.language == "es"
    assert env_alerts("C0OPS", spanish, default_timezone="UTC", now=BLACK_FRIDAY_NOON) is None
