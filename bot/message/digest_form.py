"""The digest form (a modal), for when typing a command is awkward: its blocks and its words.

Pure. The view's ``private_metadata`` carries only the language; everything else is in
the submitted state, so any replica can take the submission. Reading a submission back
is ``bot.digest.editor``'s; what it finds wrong is worded here (``problem_text``).
"""

from __future__ import annotations

import json
from enum import Enum, auto
from typing import assert_never

from babel import Locale
from babel.dates import get_day_names
from slack_sdk.models.blocks import (
    CheckboxesElement,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.domain.digests import Digest
from bot.domain.schedule import DEFAULT_DAYS, DEFAULT_TIME
from bot.locale.languages import DEFAULT_LANGUAGE, LANGUAGES, Language
from bot.locale.translate import translator
from bot.message import limits
from bot.message.blocks import plain

CALLBACK_ID = "digest_editor"
#: The ``action_id`` of every input, and the ``block_id`` of each.
VALUE = "value"
CHANNEL, TIME, DAYS, TIMEZONE, LANGUAGE, OPTIONS = (
    "channel",
    "time",
    "days",
    "tz",
    "language",
    "options",
)
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


def language_name(code: Language, reader: Language, *, label: bool = False) -> str:
    """A language named in the reader's language: "Spanish" / "español" in a sentence,
    "Español" as a ``label``."""
    name = Locale.parse(code).get_display_name(reader) or code
    return name[:1].upper() + name[1:] if label else name


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
    language_options = [
        Option(value=code, label=language_name(code, language, label=True)[:75])
        for code in LANGUAGES
    ]
    written_in = digest.language if digest is not None else speaks
    chosen = [option_list[0]] if digest is None or digest.enabled else []
    if digest is not None and digest.skip_empty:
        chosen.append(option_list[1])
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        # Titles and buttons: 24 characters at most (a test holds every language to it).
        title=plain(tr._("Daily digest")[: limits.MAX_MODAL_TITLE]),
        submit=plain(tr._("Save")),
        close=plain(tr._("Cancel")),
        private_metadata=json.dumps({"l": language}),
        blocks=[
            InputBlock(
                block_id=CHANNEL,
                label=tr._("Channel"),
                element=ConversationSelectElement(
                    action_id=VALUE,
                    initial_conversation=digest.channel_id if digest else channel_id,
                    default_to_current_conversation=channel_id is None,
                    # A digest belongs in a channel, never in someone's direct messages.
                    filter=ConversationFilter(
                        include=["public", "private"], exclude_bot_users=True
                    ),
                ),
            ),
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
            InputBlock(
                block_id=TIMEZONE,
                label=tr._("Time zone (IANA, e.g. America/New_York)"),
                element=PlainTextInputElement(
                    action_id=VALUE,
                    initial_value=digest.schedule.timezone if digest else timezone,
                    max_length=64,
                ),
            ),
            InputBlock(
                block_id=LANGUAGE,
                label=tr._("The digest's language"),
                element=StaticSelectElement(
                    action_id=VALUE,
                    options=language_options,
                    initial_option=language_options[LANGUAGES.index(written_in)],
                ),
            ),
            InputBlock(
                block_id=OPTIONS,
                label=tr._("Options"),
                optional=True,
                element=CheckboxesElement(
                    action_id=VALUE, options=option_list, initial_options=chosen or None
                ),
            ),
        ],
    )
