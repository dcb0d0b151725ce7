"""Reading the digest form back: a submitted view → the change to make, or what it lacks.

Input, not a builder: the form itself and its words are ``bot.message.digest_form``'s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from bot.digest.manage import Change
from bot.domain.slack_ids import CHANNEL_ID
from bot.locale.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, language_of
from bot.message.digest_form import (
    CHANNEL,
    DAYS,
    ENABLED,
    LANGUAGE,
    OPTIONS,
    SKIP_EMPTY,
    TIME,
    TIMEZONE,
    VALUE,
    FormProblem,
    problem_text,
)
from bot.timezones import find_zone


@dataclass(frozen=True)
class EditorInput:
    """A valid submission: the channel and the change to apply to it."""

    channel_id: str
    change: Change
    language: Language


def read_editor(view: dict[str, Any]) -> EditorInput | dict[str, str]:
    """The submission as a change, or ``{block_id: message}`` for Slack to show.

    Never raises on malformed choices (a day '9', a time that is not text, a 5,000-character
    channel id): each is reported on its field instead.
    """
    language = _language(view.get("private_metadata"))
    values = (view.get("state") or {}).get("values") or {}

    def field(block: str) -> dict[str, Any]:
        return cast(dict[str, Any], (values.get(block) or {}).get(VALUE) or {})

    problems: dict[str, FormProblem] = {}
    channel = field(CHANNEL).get("selected_conversation")
    if not isinstance(channel, str) or not CHANNEL_ID.match(channel):
        problems[CHANNEL] = FormProblem.NO_CHANNEL
    raw_time = field(TIME).get("selected_time")
    try:
        hour, minute = (int(part) for part in str(raw_time or "").split(":"))
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValueError(raw_time)
    except ValueError:
        problems[TIME] = FormProblem.BAD_TIME
    picked_days = _picked(field(DAYS))
    days = frozenset(int(d) for d in picked_days if d in _DAY_VALUES)
    if not days or len(days) != len(picked_days):
        problems[DAYS] = FormProblem.NO_DAYS
    raw_zone = field(TIMEZONE).get("value")
    timezone = find_zone(raw_zone) if isinstance(raw_zone, str) and len(raw_zone) <= 64 else None
    if timezone is None:
        problems[TIMEZONE] = FormProblem.BAD_TIMEZONE
    picked_language = (field(LANGUAGE).get("selected_option") or {}).get("value")
    speaks = (
        language_of(picked_language)
        if isinstance(picked_language, str) and picked_language in LANGUAGES
        else None
    )
    if speaks is None:
        problems[LANGUAGE] = FormProblem.NO_LANGUAGE
    options = _picked(field(OPTIONS))
    if problems or timezone is None or speaks is None:
        return {block: problem_text(problem, language) for block, problem in problems.items()}
    return EditorInput(
        channel_id=str(channel),
        change=Change(
            time=(hour, minute),
            days=days,
            timezone=timezone,
            skip_empty=SKIP_EMPTY in options,
            enabled=ENABLED in options,
            language=speaks,
        ),
        language=language,
    )


_DAY_VALUES = frozenset(str(day) for day in range(7))


def _picked(element: dict[str, Any]) -> set[str]:
    """The values of a checkbox group's chosen options; anything malformed counts as a value
    no option has, so the field is reported instead of the submission failing."""
    chosen = element.get("selected_options") or ()
    if not isinstance(chosen, list):
        return {"?"}
    return {
        str(o.get("value")) if isinstance(o, dict) and isinstance(o.get("value"), str) else "?"
        for o in chosen
    }


def _language(metadata: Any) -> Language:
    try:
        value = json.loads(metadata or "{}").get("l")
    except (ValueError, AttributeError):
        value = None
    return (language_of(value) if isinstance(value, str) else None) or DEFAULT_LANGUAGE
