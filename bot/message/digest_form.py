"""The digest form (a modal), for when typing a command is awkward: its blocks and its words.

Pure. What every channel feature's form has is ``bot.message.channel_form``'s; reading a
submission back is ``bot.digest.editor``'s; what it finds wrong is worded here
(``problem_text``).
"""

from __future__ import annotations

from enum import Enum, auto
from typing import assert_never

from babel.dates import get_day_names
from slack_sdk.models.blocks import CheckboxesElement, InputBlock, Option, TimePickerElement
from slack_sdk.models.views import View

from bot.domain.digests import Digest
from bot.domain.schedule import DEFAULT_DAYS, DEFAULT_TIME
from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.locale.translate import translator
from bot.message.channel_form import (
    VALUE,
    channel_input,
    channel_modal,
    language_input,
    timezone_input,
)

CALLBACK_ID = "digest_editor"
#: The ``block_id`` of the digest's own inputs (the shared ones: ``channel_form``'s).
TIME, DAYS, OPTIONS = "time", "days", "options"
#: The values of the options' checkboxes.
ENABLED, SKIP_EMPTY = "enabled", "skip_empty"


class FormProblem(Enum):
    """What a submission lacks, shown under the input it is about."""

    NO_CHANNEL = auto()
    BAD_TIME = auto()
    NO_DAYS = auto()
    BAD_TIMEZONE = auto()
    NO_LANGUAGE = auto()


def problem_text(problem: FormProblem, language: Language) -> str:
    tr = translator(language)
    match problem:
        case FormProblem.NO_CHANNEL:
            return tr._("Pick a channel.")
        case FormProblem.BAD_TIME:
            return tr._("Pick a time.")
        case FormProblem.NO_DAYS:
            return tr._("Pick at least one day.")
        case FormProblem.BAD_TIMEZONE:
            return tr._("Not a time zone I know; try one like America/New_York.")
        case FormProblem.NO_LANGUAGE:
            return tr._("Pick the digest's language.")
    assert_never(problem)


def build_editor_view(
    digest: Digest | None,
    *,
    channel_id: str | None,
    language: Language,
    timezone: str,
    speaks: Language = DEFAULT_LANGUAGE,
) -> View:
    """``language``: the form's own; ``speaks``: a new digest's (a digest keeps its own)."""
    tr = translator(language)
    hour, minute = (digest.schedule.hour, digest.schedule.minute) if digest else DEFAULT_TIME
    days = digest.schedule.days if digest else DEFAULT_DAYS
    names = get_day_names("wide", locale=language)
    day_options = [Option(value=str(d), label=str(names[d])[:75]) for d in range(7)]
    option_list = [
        Option(value=ENABLED, label=tr._("On")),
        Option(value=SKIP_EMPTY, label=tr._("Skip days without bulk sends")),
    ]
    chosen = [option_list[0]] if digest is None or digest.enabled else []
    if digest is not None and digest.skip_empty:
        chosen.append(option_list[1])
    blocks = [
        channel_input(tr, digest.channel_id if digest else channel_id, current=channel_id is None),
        InputBlock(
            block_id=TIME,
            label=tr._("Time"),
            element=TimePickerElement(action_id=VALUE, initial_time=f"{hour:02d}:{minute:02d}"),
        ),
        InputBlock(
            block_id=DAYS,
            label=tr._("Days"),
            element=CheckboxesElement(
                action_id=VALUE,
                options=day_options,
                initial_options=[day_options[d] for d in sorted(days)],
            ),
        ),
        timezone_input(tr, digest.schedule.timezone if digest else timezone),
        language_input(
            tr._("The digest's language"), digest.language if digest else speaks, language
        ),
        InputBlock(
            block_id=OPTIONS,
            label=tr._("Options"),
            optional=True,
            element=CheckboxesElement(
                action_id=VALUE, options=option_list, initial_options=chosen or None
            ),
        ),
    ]
    return channel_modal(CALLBACK_ID, tr._("Daily digest"), tr, language, blocks)
