"""What may be stored, checked on the way in and again on the way out.

A row with a 5,000-character channel id once broke the Home tab and ``/bulksends digest``
for everyone: the list's message went over Slack's limits. A digest is now refused before
it is saved if any value is not one Slack or the schedule could have produced, and a row
read back that fails the same checks (written by an older version, or by hand) is left out
of lists and logged, never shown.
"""

from __future__ import annotations

from typing import get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.alerts import AlertChannel
from bot.domain.channel_setup import ChannelSetup
from bot.domain.digests import Digest
from bot.domain.slack_ids import CHANNEL_ID, USER_ID
from bot.locale.languages import Language

#: Slack caps channel names at 80 characters.
MAX_CHANNEL_NAME = 80
MAX_ERROR = 200
#: Meta caps a template's name at 512 characters; an alert channel follows a few at most.
MAX_TEMPLATE_NAME = 512
MAX_TEMPLATES = 20


class StoreValueError(ValueError):
    """A value the store will not keep; the message names the field, never the value."""


def _setup_problem(setup: ChannelSetup) -> str | None:
    """Why what every feature keeps about its channel cannot be stored or shown."""
    if not CHANNEL_ID.match(setup.channel_id):
        return "channel_id is not a Slack channel id"
    if len(setup.channel_name) > MAX_CHANNEL_NAME or not setup.channel_name.isprintable():
        return "channel_name is not a Slack channel name"
    for field, user in (("created_by", setup.created_by), ("updated_by", setup.updated_by)):
        if user and not USER_ID.match(user):
            return f"{field} is not a Slack user id"
    if setup.language not in get_args(Language):
        return "language is not one the bot speaks"
    if setup.last_error is not None and len(setup.last_error) > MAX_ERROR:
        return "last_error is too long"
    return None


def digest_problem(digest: Digest) -> str | None:
    """Why ``digest`` cannot be stored or shown; None when every value is sound."""
    problem = _setup_problem(digest)
    if problem is not None:
        return problem
    schedule = digest.schedule
    if not (0 <= schedule.hour <= 23 and 0 <= schedule.minute <= 59):
        return "the time is not a time of day"
    if not schedule.days or not schedule.days <= frozenset(range(7)):
        return "the days are not days of the week"
    try:
        ZoneInfo(schedule.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return "timezone is not an IANA time zone"
    return None


def check_digest(digest: Digest) -> None:
    """Raise StoreValueError if ``digest`` should not be saved."""
    problem = digest_problem(digest)
    if problem is not None:
        raise StoreValueError(f"not saved: {problem}")


def alert_channel_problem(channel: AlertChannel) -> str | None:
    """Why a channel's alert rules cannot be stored or shown; None when every value is sound."""
    problem = _setup_problem(channel)
    if problem is not None:
        return problem
    if len(channel.templates) > MAX_TEMPLATES:
        return "too many templates"
    for name in channel.templates:
        if not name or len(name) > MAX_TEMPLATE_NAME or not name.isprintable() or "\n" in name:
            return "a template is not a template's name"
    return None


def check_alert_channel(channel: AlertChannel) -> None:
    """Raise StoreValueError if ``channel`` should not be saved."""
    problem = alert_channel_problem(channel)
    if problem is not None:
        raise StoreValueError(f"not saved: {problem}")
