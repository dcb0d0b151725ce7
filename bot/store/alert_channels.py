"""Where each channel's alert rules and mutes are kept, per workspace (the SQL; used
through ``bot.store.alerts.AlertStore``)."""

from __future__ import annotations

import logging
from datetime import datetime, time
from typing import cast

from bot.domain.alerts import AlertChannel, Mute, QuietHours
from bot.locale.languages import Language
from bot.store.backends import Row
from bot.store.threaded import TeamRows, from_ms, opt_ms, to_ms
from bot.store.values import alert_channel_problem, check_alert_channel

logger = logging.getLogger(__name__)

_CHANNEL_COLUMNS = (
    "channel_id, channel_name, enabled, threshold, stuck_minutes, templates, quiet_start, "
    "quiet_end, timezone, language, created_by, updated_by, created_at, updated_at, "
    "active_since, last_error, last_error_at"
)


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _channel_from_row(row: Row) -> AlertChannel:
    quiet = None
    if row[6] is not None and row[7] is not None:
        quiet = QuietHours(_clock(int(row[6])), _clock(int(row[7])))
    return AlertChannel(
        channel_id=row[0],
        channel_name=row[1],
        enabled=bool(row[2]),
        threshold=int(row[3]) / 10,
        stuck_minutes=int(row[4]),
        templates=frozenset(name for name in str(row[5]).split("\n") if name),
        quiet=quiet,
        timezone=row[8],
        language=cast(Language, row[9]),
        created_by=row[10],
        updated_by=row[11],
        created_at=from_ms(row[12]),
        updated_at=from_ms(row[13]),
        active_since=from_ms(row[14]),
        last_error=row[15],
        last_error_at=opt_ms(row[16]),
    )


def _sound_channel(row: Row) -> AlertChannel | None:
    """The channel a row holds; None (and a log line) when it cannot be one."""
    try:
        channel = _channel_from_row(row)
    except (TypeError, ValueError, KeyError) as error:
        problem: str | None = type(error).__name__
    else:
        problem = alert_channel_problem(channel)
    if problem is not None:
        logger.warning("a stored alert channel row is unusable and left out: %s", problem)
        return None
    return channel


class ChannelRows(TeamRows):
    """A workspace's alert channels and mutes."""

    def get_channel(self, channel_id: str) -> AlertChannel | None:
        rows = self.backend.query(
            f"SELECT {_CHANNEL_COLUMNS} FROM alert_channels WHERE team_id = ? AND channel_id = ?",
            (self.team, channel_id),
        )
        return _sound_channel(rows[0]) if rows else None

    def list_channels(self) -> tuple[AlertChannel, ...]:
        rows = self.backend.query(
            f"SELECT {_CHANNEL_COLUMNS} FROM alert_channels WHERE team_id = ? "
            "ORDER BY channel_name, channel_id",
            (self.team,),
        )
        return tuple(channel for row in rows if (channel := _sound_channel(row)) is not None)

    def teams_watching(self) -> tuple[str, ...]:
        """Every workspace with alerts on in at least one channel."""
        rows = self.backend.query(
            "SELECT DISTINCT team_id FROM alert_channels WHERE enabled = 1 ORDER BY team_id"
        )
        return tuple(str(row[0]) for row in rows)

    def save_channel(self, channel: AlertChannel) -> None:
        check_alert_channel(channel)
        quiet = channel.quiet
        values = (
            channel.channel_id,
            channel.channel_name,
            int(channel.enabled),
            round(channel.threshold * 10),
            channel.stuck_minutes,
            "\n".join(sorted(channel.templates)),
            None if quiet is None else _minutes(quiet.start),
            None if quiet is None else _minutes(quiet.end),
            channel.timezone,
            channel.language,
            channel.created_by,
            channel.updated_by,
            to_ms(channel.created_at),
            to_ms(channel.updated_at),
            to_ms(channel.active_since),
            channel.last_error,
            None if channel.last_error_at is None else to_ms(channel.last_error_at),
        )
        self._save_channel_row("alert_channels", _CHANNEL_COLUMNS, values)

    def set_channel_error(self, channel_id: str, error: str | None, at: datetime) -> None:
        self._set_channel_error("alert_channels", channel_id, error, at)

    def delete_team(self) -> int:
        """Forget the workspace's alerts entirely; returns the channels deleted."""
        for table in ("alert_posts", "alert_mutes", "alert_polls"):
            self.backend.execute(f"DELETE FROM {table} WHERE team_id = ?", (self.team,))
        return self.backend.execute("DELETE FROM alert_channels WHERE team_id = ?", (self.team,))

    def save_mute(self, mute: Mute) -> None:
        self.backend.execute(
            "INSERT INTO alert_mutes (team_id, channel_id, template, muted_until, muted_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, channel_id, template) DO UPDATE SET "
            "muted_until = excluded.muted_until, muted_by = excluded.muted_by",
            (self.team, mute.channel_id, mute.template or "", to_ms(mute.until), mute.muted_by),
        )

    def active_mutes(self, now: datetime) -> tuple[Mute, ...]:
        """Mutes still running; the ones that ran out are deleted on the way."""
        now_ms = to_ms(now)
        self.backend.execute(
            "DELETE FROM alert_mutes WHERE team_id = ? AND muted_until <= ?", (self.team, now_ms)
        )
        rows = self.backend.query(
            "SELECT channel_id, template, muted_until, muted_by FROM alert_mutes "
            "WHERE team_id = ? ORDER BY channel_id, template",
            (self.team,),
        )
        return tuple(Mute(row[0], row[1] or None, from_ms(row[2]), row[3]) for row in rows)
