"""The alerts form (a modal), for when typing a command is awkward: its blocks and words.

Pure. What every channel feature's form has is ``bot.message.channel_form``'s; reading a
submission back is ``bot.alerts.editor``'s; what it finds wrong is worded here
(``problem_text``).
"""

from __future__ import annotations

from enum import Enum, auto
from typing import assert_never

from slack_sdk.models.blocks import (
    CheckboxesElement,
    InputBlock,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.domain.alerts import (
    DEFAULT_STUCK_MINUTES,
    DEFAULT_THRESHOLD,
    STUCK_RANGE,
    THRESHOLD_RANGE,
    AlertChannel,
)
from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.locale.translate import translator
from bot.message.blocks import plain
from bot.message.channel_form import (
    VALUE,
    channel_input,
    channel_modal,
    language_input,
    timezone_input,
)

CALLBACK_ID = "alerts_editor"
#: The ``block_id`` of the alerts' own inputs (the shared ones: ``channel_form``'s).
OPTIONS, THRESHOLD, STUCK, TEMPLATES = "options", "threshold", "stuck", "templates"
QUIET_START, QUIET_END = "quiet_start", "quiet_end"
#: The value of the "on" checkbox.
ENABLED = "enabled"


class FormProblem(Enum):
    NO_CHANNEL = auto()
    BAD_THRESHOLD = auto()
    BAD_STUCK = auto()
    BAD_TEMPLATES = auto()
    HALF_QUIET = auto()
    BAD_TIMEZONE = auto()
    NO_LANGUAGE = auto()


def problem_text(problem: FormProblem, language: Language) -> str:
    tr = translator(language)
    match problem:
        case FormProblem.NO_CHANNEL:
            return tr._("Pick a channel.")
        case FormProblem.BAD_THRESHOLD:
            return tr._("A failure rate from {low}% to {high}%.", low="0.1", high="100")
        case FormProblem.BAD_STUCK:
            return tr._("Minutes from {low} to {high}.", low=STUCK_RANGE[0], high=STUCK_RANGE[1])
        case FormProblem.BAD_TEMPLATES:
            return tr._("Template names as in Meta, separated by commas (up to 20).")
        case FormProblem.HALF_QUIET:
            return tr._("Pick both times for quiet hours, two different ones, or neither.")
        case FormProblem.BAD_TIMEZONE:
            return tr._("Not a time zone I know; try one like America/New_York.")
        case FormProblem.NO_LANGUAGE:
            return tr._("Pick the alerts' language.")
    assert_never(problem)


def build_alerts_editor_view(
    channel: AlertChannel | None,
    *,
    channel_id: str | None,
    language: Language,
    timezone: str,
    speaks: Language = DEFAULT_LANGUAGE,
) -> View:
    """``language``: the form's own; ``speaks``: new alerts' (set-up alerts keep theirs)."""
    tr = translator(language)
    on = Option(value=ENABLED, label=tr._("On"))
    threshold = channel.threshold if channel else DEFAULT_THRESHOLD
    stuck = channel.stuck_minutes if channel else DEFAULT_STUCK_MINUTES
    quiet = channel.quiet if channel else None
    blocks = [
        channel_input(
            tr, channel.channel_id if channel else channel_id, current=channel_id is None
        ),
        InputBlock(
            block_id=OPTIONS,
            label=tr._("Alerts in this channel"),
            optional=True,
            element=CheckboxesElement(
                action_id=VALUE,
                options=[on],
                initial_options=[on] if channel is None or channel.enabled else None,
            ),
        ),
        InputBlock(
            block_id=THRESHOLD,
            label=tr._("Partial sends: alert from this failure rate (%)"),
            element=NumberInputElement(
                action_id=VALUE,
                is_decimal_allowed=True,
                min_value=f"{THRESHOLD_RANGE[0]:g}",
                max_value=f"{THRESHOLD_RANGE[1]:g}",
                initial_value=f"{threshold:g}",
            ),
        ),
        InputBlock(
            block_id=STUCK,
            label=tr._("Stuck sends: alert after this many minutes"),
            element=NumberInputElement(
                action_id=VALUE,
                is_decimal_allowed=False,
                min_value=str(STUCK_RANGE[0]),
                max_value=str(STUCK_RANGE[1]),
                initial_value=str(stuck),
            ),
        ),
        InputBlock(
            block_id=TEMPLATES,
            label=tr._("Only these templates (empty: every template)"),
            optional=True,
            element=PlainTextInputElement(
                action_id=VALUE,
                initial_value=", ".join(sorted(channel.templates)) if channel else None,
                placeholder=plain(tr._("welcome_message, order_confirmation")),
                max_length=2000,
            ),
        ),
        InputBlock(
            block_id=QUIET_START,
            label=tr._("Quiet hours start (alerts wait until they end)"),
            optional=True,
            element=TimePickerElement(
                action_id=VALUE,
                initial_time=quiet.start.strftime("%H:%M") if quiet else None,
            ),
        ),
        InputBlock(
            block_id=QUIET_END,
            label=tr._("Quiet hours end"),
            optional=True,
            element=TimePickerElement(
                action_id=VALUE,
                initial_time=quiet.end.strftime("%H:%M") if quiet else None,
            ),
        ),
        timezone_input(tr, channel.timezone if channel else timezone),
        language_input(
            tr._("The alerts' language"), channel.language if channel else speaks, language
        ),
    ]
    return channel_modal(CALLBACK_ID, tr._("Alerts"), tr, language, blocks)
