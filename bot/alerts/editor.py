"""Reading the alerts form back: a submitted view → the change to make, or what it lacks.

Input, not a builder: the form itself and its words are ``bot.message.alerts_form``'s.
Never raises on malformed input (a 5,000-character channel id, a number that is text):
each problem is reported on its field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import time
from typing import Any, cast

from bot.alerts.manage import AlertChange
from bot.domain.alerts import STUCK_RANGE, THRESHOLD_RANGE, AlertRulesError, QuietHours
from bot.domain.slack_ids import CHANNEL_ID
from bot.locale.languages import DEFAULT_LANGUAGE, Language, language_of
from bot.message.alerts_form import (
    CHANNEL,
    ENABLED,
    OPTIONS,
    QUIET_END,
    QUIET_START,
    STUCK,
    TEMPLATES,
    THRESHOLD,
    TIMEZONE,
    VALUE,
    FormProblem,
    problem_text,
)
from bot.store.values import MAX_TEMPLATES
from bot.timezones import find_zone

_TEMPLATE = re.compile(r"^[a-z0-9_]{1,512}$")


@dataclass(frozen=True)
class AlertsEditorInput:
    """A valid submission: the channel and the change to apply to it."""

    channel_id: str
    change: AlertChange
    language: Language


def read_alerts_editor(view: dict[str, Any]) -> AlertsEditorInput | dict[str, str]:
    """The submission as a change, or ``{block_id: message}`` for Slack to show."""
    language = _language(view.get("private_metadata"))
    values = (view.get("state") or {}).get("values") or {}

    def field(block: str) -> dict[str, Any]:
        found = (values.get(block) or {}).get(VALUE) if isinstance(values, dict) else None
        return cast(dict[str, Any], found if isinstance(found, dict) else {})

    problems: dict[str, FormProblem] = {}
    channel = field(CHANNEL).get("selected_conversation")
    if not isinstance(channel, str) or not CHANNEL_ID.match(channel):
        problems[CHANNEL] = FormProblem.NO_CHANNEL
    threshold = _number(field(THRESHOLD).get("value"), *THRESHOLD_RANGE)
    if threshold is None:
        problems[THRESHOLD] = FormProblem.BAD_THRESHOLD
    stuck = _number(field(STUCK).get("value"), *STUCK_RANGE)
    if stuck is None or stuck != int(stuck):
        problems[STUCK] = FormProblem.BAD_STUCK
    templates = _templates(field(TEMPLATES).get("value"))
    if templates is None:
        problems[TEMPLATES] = FormProblem.BAD_TEMPLATES
    start, end = _time(field(QUIET_START)), _time(field(QUIET_END))
    quiet: QuietHours | None = None
    if (start is None) != (end is None) or start is False or end is False:
        problems[QUIET_END] = FormProblem.HALF_QUIET
    elif isinstance(start, time) and isinstance(end, time):
        try:
            quiet = QuietHours(start, end)
        except AlertRulesError:
            problems[QUIET_END] = FormProblem.HALF_QUIET
    raw_zone = field(TIMEZONE).get("value")
    timezone = find_zone(raw_zone) if isinstance(raw_zone, str) and len(raw_zone) <= 64 else None
    if timezone is None:
        problems[TIMEZONE] = FormProblem.BAD_TIMEZONE
    if problems or threshold is None or stuck is None or templates is None:
        return {block: problem_text(problem, language) for block, problem in problems.items()}
    options = field(OPTIONS).get("selected_options") or ()
    enabled = isinstance(options, list) and any(
        isinstance(o, dict) and o.get("value") == ENABLED for o in options
    )
    return AlertsEditorInput(
        channel_id=str(channel),
        change=AlertChange(
            enabled=enabled,
            threshold=round(threshold, 1),
            stuck_minutes=int(stuck),
            templates=templates,
            quiet=quiet,
            quiet_off=quiet is None,
            timezone=timezone,
        ),
        language=language,
    )


def _number(raw: Any, low: float, high: float) -> float | None:
    if not isinstance(raw, str) or len(raw) > 20:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    return value if low <= value <= high else None


def _templates(raw: Any) -> frozenset[str] | None:
    """ "welcome_message, promo" → the names; empty or missing: every template."""
    if raw is None:
        return frozenset()
    if not isinstance(raw, str) or len(raw) > 4000:
        return None
    names = [name.strip().lower() for name in re.split(r"[,\s]+", raw) if name.strip()]
    if len(names) > MAX_TEMPLATES or not all(_TEMPLATE.match(name) for name in names):
        return None
    return frozenset(names)


def _time(element: dict[str, Any]) -> time | bool | None:
    """The picked time; None when none is picked; False for anything malformed."""
    raw = element.get("selected_time")
    if raw is None:
        return None
    try:
        hour, minute = (int(part) for part in str(raw).split(":"))
        return time(hour, minute)
    except ValueError:
        return False


def _language(metadata: Any) -> Language:
    try:
        value = json.loads(metadata or "{}").get("l")
    except (ValueError, AttributeError):
        value = None
    return (language_of(value) if isinstance(value, str) else None) or DEFAULT_LANGUAGE
