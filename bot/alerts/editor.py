"""Reading the alerts form back: a submitted view → the change to make, or what it lacks.

Input, not a builder: the form itself and its words are ``bot.message.alerts_form``'s.
Never raises on malformed input (a 5,000-character channel id, a number that is text):
each problem is reported on its field.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from bot.alerts.manage import AlertChange
from bot.channel.form import FormInput, Submitted
from bot.domain.alerts import STUCK_RANGE, THRESHOLD_RANGE, AlertRulesError, QuietHours
from bot.message.alerts_form import (
    ENABLED,
    OPTIONS,
    QUIET_END,
    QUIET_START,
    STUCK,
    TEMPLATES,
    THRESHOLD,
    FormProblem,
    problem_text,
)
from bot.message.channel_form import CHANNEL, LANGUAGE, TIMEZONE
from bot.store.values import MAX_TEMPLATES

_TEMPLATE = re.compile(r"^[a-z0-9_]{1,512}$")

AlertsEditorInput = FormInput[AlertChange]


def read_alerts_editor(view: dict[str, Any]) -> AlertsEditorInput | dict[str, str]:
    """The submission as a change, or ``{block_id: message}`` for Slack to show. A form
    without the language (opened before it had one) keeps the alerts' language."""
    form = Submitted(view)
    problems: dict[str, FormProblem] = {}
    channel = form.channel(CHANNEL)
    if channel is None:
        problems[CHANNEL] = FormProblem.NO_CHANNEL
    threshold = _number(form.field(THRESHOLD).get("value"), *THRESHOLD_RANGE)
    if threshold is None:
        problems[THRESHOLD] = FormProblem.BAD_THRESHOLD
    stuck = _number(form.field(STUCK).get("value"), *STUCK_RANGE)
    if stuck is None or stuck != int(stuck):
        problems[STUCK] = FormProblem.BAD_STUCK
    templates = _templates(form.field(TEMPLATES).get("value"))
    if templates is None:
        problems[TEMPLATES] = FormProblem.BAD_TEMPLATES
    start, end = _time(form.field(QUIET_START)), _time(form.field(QUIET_END))
    quiet: QuietHours | None = None
    if (start is None) != (end is None) or start is False or end is False:
        problems[QUIET_END] = FormProblem.HALF_QUIET
    elif isinstance(start, time) and isinstance(end, time):
        try:
            quiet = QuietHours(start, end)
        except AlertRulesError:
            problems[QUIET_END] = FormProblem.HALF_QUIET
    timezone = form.zone(TIMEZONE)
    if timezone is None:
        problems[TIMEZONE] = FormProblem.BAD_TIMEZONE
    speaks = form.speaks(LANGUAGE)
    if speaks is None and form.field(LANGUAGE):
        problems[LANGUAGE] = FormProblem.NO_LANGUAGE
    if problems or channel is None or threshold is None or stuck is None or templates is None:
        return {block: problem_text(problem, form.language) for block, problem in problems.items()}
    return AlertsEditorInput(
        channel_id=channel,
        change=AlertChange(
            enabled=ENABLED in form.picked(OPTIONS),
            threshold=round(threshold, 1),
            stuck_minutes=int(stuck),
            templates=templates,
            quiet=quiet,
            quiet_off=quiet is None,
            timezone=timezone,
            language=speaks,
        ),
        language=form.language,
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
