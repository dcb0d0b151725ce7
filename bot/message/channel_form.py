"""What every channel feature's form has (the digest's, the alerts'): the modal around it,
the channel, the time zone and the language its messages speak. Pure.

The view's ``private_metadata`` carries only the language the form is shown in; everything
else is in the submitted state, so any replica can take the submission
(``bot.channel.form`` reads it back).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from babel import Locale
from slack_sdk.models.blocks import (
    Block,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.locale.languages import LANGUAGES, Language
from bot.locale.translate import Translator
from bot.message import limits
from bot.message.blocks import plain

#: The ``action_id`` of every input.
VALUE = "value"
#: The ``block_id`` of the inputs every form has.
CHANNEL, TIMEZONE, LANGUAGE = "channel", "tz", "language"


def language_name(code: Language, reader: Language, *, label: bool = False) -> str:
    """A language named in the reader's language: "Spanish" / "español" in a sentence,
    "Español" as a ``label``."""
    name = Locale.parse(code).get_display_name(reader) or code
    return name[:1].upper() + name[1:] if label else name


def channel_modal(
    callback_id: str, title: str, tr: Translator, language: Language, blocks: Sequence[Block]
) -> View:
    """The modal: ``title`` (cut to Slack's 24 characters; a test holds every language to
    it), Save and Cancel, and the language it is shown in."""
    return View(
        type="modal",
        callback_id=callback_id,
        title=plain(title[: limits.MAX_MODAL_TITLE]),
        submit=plain(tr._("Save")),
        close=plain(tr._("Cancel")),
        private_metadata=json.dumps({"l": language}),
        blocks=list(blocks),
    )


def channel_input(tr: Translator, initial: str | None, *, current: bool) -> InputBlock:
    """The channel: ``initial``, else (``current``) the one the command was typed in. A
    feature belongs in a channel, never in someone's direct messages."""
    return InputBlock(
        block_id=CHANNEL,
        label=tr._("Channel"),
        element=ConversationSelectElement(
            action_id=VALUE,
            initial_conversation=initial,
            default_to_current_conversation=current,
            filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
        ),
    )


def timezone_input(tr: Translator, initial: str) -> InputBlock:
    return InputBlock(
        block_id=TIMEZONE,
        label=tr._("Time zone (IANA, e.g. America/New_York)"),
        element=PlainTextInputElement(action_id=VALUE, initial_value=initial, max_length=64),
    )


def language_input(label: str, speaks: Language, reader: Language) -> InputBlock:
    """What the feature's messages speak, ``speaks`` chosen, named in ``reader``'s."""
    options = [
        Option(value=code, label=language_name(code, reader, label=True)[:75]) for code in LANGUAGES
    ]
    return InputBlock(
        block_id=LANGUAGE,
        label=label,
        element=StaticSelectElement(
            action_id=VALUE, options=options, initial_option=options[LANGUAGES.index(speaks)]
        ),
    )
