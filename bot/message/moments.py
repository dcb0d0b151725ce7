"""A moment said with the words before it: "until 9:00", "until Dec 6 at 9:00", "at 1:00".

Spanish and Portuguese put an article before an hour that agrees with it ("a la 1:00", "a
las 9:00"; "à 1:00", "às 9:00"), and a day before the time needs words of its own
("hasta el 6 dic a las 9:00", not "hasta las 6 dic 9:00"): so the sentence takes the
whole phrase, and the phrase is chosen by the hour (``npgettext``, the hour as its count).
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_time

from bot.locale import formats
from bot.locale.languages import Language
from bot.locale.translate import translator


def clock(value: time | datetime, language: Language) -> str:
    """The time of day as the language writes it ("9:00 AM", "9:00", "09:00")."""
    return str(format_time(value, "short", locale=language))


def at_clock(value: time, language: Language) -> str:
    """ "at 9:00" / "a las 9:00" / "às 09:00" (a time of day, any day)."""
    tr = translator(language)
    shown = clock(value, language)
    return tr.npgettext("at a time of day", "at {time}", "at {time}", value.hour, time=shown)


def at_moment(moment: datetime, timezone: str, now: datetime, language: Language) -> str:
    """ "at 9:00" today (in ``timezone``), else "on Dec 6 at 9:00"."""
    tr = translator(language)
    local = moment.astimezone(ZoneInfo(timezone))
    shown = clock(local, language)
    if local.date() == now.astimezone(local.tzinfo).date():
        return tr.npgettext("at a time of day", "at {time}", "at {time}", local.hour, time=shown)
    return tr.npgettext(
        "at a day and time",
        "on {day} at {time}",
        "on {day} at {time}",
        local.hour,
        day=formats.day(local.date(), language),
        time=shown,
    )


def day_at(moment: datetime, timezone: str, language: Language) -> str:
    """ "Dec 6, 2026 at 9:00" / "6 dic 2026 a las 9:00" / "6 de dez. de 2026 às 09:00", in
    ``timezone`` (a digest's next post: always named with its day)."""
    tr = translator(language)
    local = moment.astimezone(ZoneInfo(timezone))
    return tr.npgettext(
        "a day and time",
        "{day} at {time}",
        "{day} at {time}",
        local.hour,
        day=formats.day(local.date(), language),
        time=clock(local, language),
    )


def until_moment(moment: datetime, timezone: str, now: datetime, language: Language) -> str:
    """ "until 9:00" today (in ``timezone``), else "until Dec 6 at 9:00"."""
    tr = translator(language)
    local = moment.astimezone(ZoneInfo(timezone))
    shown = clock(local, language)
    if local.date() == now.astimezone(local.tzinfo).date():
        return tr.npgettext(
            "until a time of day", "until {time}", "until {time}", local.hour, time=shown
        )
    return tr.npgettext(
        "until a day and time",
        "until {day} at {time}",
        "until {day} at {time}",
        local.hour,
        day=formats.day(local.date(), language),
        time=shown,
    )


def up_to(moment: datetime, timezone: str, language: Language) -> str:
    """ "up to 9:00" / "hasta las 9:00" / "até as 09:00": how far into today (``timezone``)."""
    local = moment.astimezone(ZoneInfo(timezone))
    return translator(language).npgettext(
        "up to a time of day",
        "up to {time}",
        "up to {time}",
        local.hour,
        time=clock(local, language),
    )
