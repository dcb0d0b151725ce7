"""Reading the digest form back: a submitted view → the change to make, or what it lacks.

Input, not a builder: the form itself and its words are ``bot.message.digest_form``'s;
what every channel feature's form has is read by ``bot.channel.form``.
"""

from __future__ import annotations

from typing import Any

from bot.channel.form import FormInput, Submitted
from bot.digest.manage import Change
from bot.message.channel_form import CHANNEL, LANGUAGE, TIMEZONE
from bot.message.digest_form import (
    DAYS,
    ENABLED,
    OPTIONS,
    SKIP_EMPTY,
    TIME,
    FormProblem,
    problem_text,
)

EditorInput = FormInput[Change]


def read_editor(view: dict[str, Any]) -> EditorInput | dict[str, str]:
    """The submission as a change, or ``{block_id: message}`` for Slack to show.

    Never raises on malformed choices (a day '9', a time that is not text, a 5,000-character
    channel id): each is reported on its field instead.
    """
    form = Submitted(view)
    problems: dict[str, FormProblem] = {}
    channel = form.channel(CHANNEL)
    if channel is None:
        problems[CHANNEL] = FormProblem.NO_CHANNEL
    raw_time = form.field(TIME).get("selected_time")
    try:
        hour, minute = (int(part) for part in str(raw_time or "").split(":"))
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValueError(raw_time)
    except ValueError:
        problems[TIME] = FormProblem.BAD_TIME
    picked_days = form.picked(DAYS)
    days = frozenset(int(d) for d in picked_days if d in _DAY_VALUES)
    if not days or len(days) != len(picked_days):
        problems[DAYS] = FormProblem.NO_DAYS
    timezone = form.zone(TIMEZONE)
    if timezone is None:
        problems[TIMEZONE] = FormProblem.BAD_TIMEZONE
    speaks = form.speaks(LANGUAGE)
    if speaks is None:
        problems[LANGUAGE] = FormProblem.NO_LANGUAGE
    if problems or channel is None or timezone is None or speaks is None:
        return {block: problem_text(problem, form.language) for block, problem in problems.items()}
    options = form.picked(OPTIONS)
    return EditorInput(
        channel_id=channel,
        change=Change(
            time=(hour, minute),
            days=days,
            timezone=timezone,
            skip_empty=SKIP_EMPTY in options,
            enabled=ENABLED in options,
            language=speaks,
        ),
        language=form.language,
    )


_DAY_VALUES = frozenset(str(day) for day in range(7))
