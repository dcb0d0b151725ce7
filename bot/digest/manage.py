"""Changing digests: the rules the slash command, the form and the environment share.

Pure functions over ``Digest`` records; the callers read and save them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.domain.channel_setup import FROM_ENVIRONMENT
from bot.domain.digests import Digest
from bot.domain.schedule import DEFAULT_DAYS, DEFAULT_TIME, DigestSchedule
from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.query.digest import SetDigest, SetEnabled
from bot.settings import EnvDigest


@dataclass(frozen=True)
class Change:
    """What someone asked to set; None keeps the current value (or the default)."""

    time: tuple[int, int] | None = None
    days: frozenset[int] | None = None
    timezone: str | None = None
    skip_empty: bool | None = None
    enabled: bool | None = None
    language: Language | None = None

    @classmethod
    def of(cls, command: SetDigest | SetEnabled) -> Change:
        if isinstance(command, SetEnabled):
            return cls(enabled=command.enabled)
        return cls(
            time=command.time,
            days=command.days,
            timezone=command.timezone,
            skip_empty=command.skip_empty,
            enabled=True,
            language=command.digest_language,
        )


def apply_change(
    existing: Digest | None,
    change: Change,
    *,
    channel_id: str,
    channel_name: str,
    user_id: str,
    default_language: Language,
    default_timezone: str,
    now: datetime,
) -> Digest:
    """The digest after the change. A new digest gets 9:00 every day in the default zone,
    in the default language (the company's, else English); a change keeps the digest's
    language unless it names another: whoever changes it does not change what it speaks.

    ``active_since`` moves to ``now`` when the digest is new, its schedule changes or it
    is turned back on, so a time that already passed today waits for tomorrow.
    """
    if existing is None:
        hour, minute = change.time or DEFAULT_TIME
        schedule = DigestSchedule(
            hour, minute, change.days or DEFAULT_DAYS, change.timezone or default_timezone
        )
        return Digest(
            channel_id=channel_id,
            channel_name=channel_name,
            schedule=schedule,
            skip_empty=bool(change.skip_empty),
            language=change.language or default_language,
            enabled=change.enabled is not False,
            created_by=user_id,
            updated_by=user_id,
            created_at=now,
            updated_at=now,
            active_since=now,
        )
    old = existing.schedule
    hour, minute = change.time or (old.hour, old.minute)
    schedule = DigestSchedule(
        hour, minute, change.days or old.days, change.timezone or old.timezone
    )
    enabled = existing.enabled if change.enabled is None else change.enabled
    restarted = schedule != old or (enabled and not existing.enabled)
    return replace(
        existing,
        channel_name=channel_name or existing.channel_name,
        schedule=schedule,
        skip_empty=existing.skip_empty if change.skip_empty is None else change.skip_empty,
        language=change.language or existing.language,
        enabled=enabled,
        updated_by=user_id,
        updated_at=now,
        active_since=now if restarted else existing.active_since,
    )


def env_digest(
    wanted: EnvDigest,
    existing: Digest | None,
    *,
    default_timezone: str,
    now: datetime,
    default_language: Language = DEFAULT_LANGUAGE,
) -> Digest | None:
    """The digest to save for the environment's settings, or None to leave things alone.

    A digest someone configured from Slack for that channel wins over the environment.
    """
    if existing is not None and existing.created_by != FROM_ENVIRONMENT:
        return None
    change = Change(time=wanted.time, timezone=wanted.timezone or default_timezone)
    updated = apply_change(
        existing,
        change,
        channel_id=wanted.channel_id,
        channel_name=existing.channel_name if existing else "",
        user_id=FROM_ENVIRONMENT,
        default_language=default_language,
        default_timezone=default_timezone,
        now=now,
    )
    return None if existing is not None and updated.schedule == existing.schedule else updated
