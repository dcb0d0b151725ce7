"""Changing a channel's alerts: the rules the slash command, the form and the environment
share. Pure functions over ``AlertChannel`` records; the callers read and save them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.domain.alerts import (
    DEFAULT_STUCK_MINUTES,
    DEFAULT_THRESHOLD,
    AlertChannel,
    QuietHours,
)
from bot.domain.channel_setup import FROM_ENVIRONMENT
from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.query.alerts import SetAlerts, SetAlertsEnabled


@dataclass(frozen=True)
class AlertChange:
    """What someone asked to set; None keeps the current value (or the default)."""

    enabled: bool | None = None
    threshold: float | None = None
    stuck_minutes: int | None = None
    #: Empty: every template.
    templates: frozenset[str] | None = None
    quiet: QuietHours | None = None
    quiet_off: bool = False
    timezone: str | None = None
    #: The language the alerts speak (None: the company's for new ones, else theirs).
    language: Language | None = None

    @classmethod
    def of(cls, command: SetAlerts | SetAlertsEnabled) -> AlertChange:
        if isinstance(command, SetAlertsEnabled):
            return cls(enabled=command.enabled)
        return cls(
            enabled=True,
            threshold=command.threshold,
            stuck_minutes=command.stuck_minutes,
            templates=command.templates,
            quiet=command.quiet,
            quiet_off=command.quiet_off,
            timezone=command.timezone,
            language=command.alerts_language,
        )


def apply_alert_change(
    existing: AlertChannel | None,
    change: AlertChange,
    *,
    channel_id: str,
    channel_name: str,
    user_id: str,
    default_language: Language,
    default_timezone: str,
    now: datetime,
) -> AlertChannel:
    """The channel's alerts after the change; new ones get the defaults.

    ``active_since`` moves to ``now`` when alerts are turned on or what raises one changes
    (threshold, limit, templates): sends that already ended are not announced under new
    rules. Quiet hours and the zone change when messages come, not which: they keep it.
    New alerts speak the default language (the company's) unless the change names one;
    a change keeps their language unless it names another: whoever changes them does not
    change what they speak.
    """
    if existing is None:
        quiet = None if change.quiet_off else change.quiet
        return AlertChannel(
            channel_id=channel_id,
            channel_name=channel_name,
            enabled=change.enabled is not False,
            threshold=DEFAULT_THRESHOLD if change.threshold is None else change.threshold,
            stuck_minutes=change.stuck_minutes or DEFAULT_STUCK_MINUTES,
            templates=change.templates or frozenset(),
            quiet=quiet,
            timezone=change.timezone or default_timezone,
            language=change.language or default_language,
            created_by=user_id,
            updated_by=user_id,
            created_at=now,
            updated_at=now,
            active_since=now,
        )
    enabled = existing.enabled if change.enabled is None else change.enabled
    threshold = existing.threshold if change.threshold is None else change.threshold
    stuck = existing.stuck_minutes if change.stuck_minutes is None else change.stuck_minutes
    templates = existing.templates if change.templates is None else change.templates
    quiet = None if change.quiet_off else change.quiet or existing.quiet
    rules_changed = (threshold, stuck, templates) != (
        existing.threshold,
        existing.stuck_minutes,
        existing.templates,
    )
    restarted = rules_changed or (enabled and not existing.enabled)
    return replace(
        existing,
        channel_name=channel_name or existing.channel_name,
        enabled=enabled,
        threshold=threshold,
        stuck_minutes=stuck,
        templates=templates,
        quiet=quiet,
        timezone=change.timezone or existing.timezone,
        language=change.language or existing.language,
        updated_by=user_id,
        updated_at=now,
        active_since=now if restarted else existing.active_since,
    )


def env_alerts(
    channel_id: str,
    existing: AlertChannel | None,
    *,
    default_timezone: str,
    now: datetime,
    default_language: Language = DEFAULT_LANGUAGE,
) -> AlertChannel | None:
    """ALERTS_CHANNEL: the channel's alerts to save at start, or None to leave them alone
    (already there: whoever set them up, from Slack or an earlier start, keeps them).
    ``default_language``: what they speak (the company's, as nobody asked in any)."""
    if existing is not None:
        return None
    return apply_alert_change(
        None,
        AlertChange(enabled=True),
        channel_id=channel_id,
        channel_name="",
        user_id=FROM_ENVIRONMENT,
        default_language=default_language,
        default_timezone=default_timezone,
        now=now,
    )
