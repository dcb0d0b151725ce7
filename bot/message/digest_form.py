"""The digest form (a modal), for when typing a command is awkward: build it, read it back.

Pure. The view's ``private_metadata`` carries only the language; everything else is in
the submitted state, so any replica can take the submission.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast, get_args

from babel.dates import get_day_names
from slack_sdk.models.blocks import (
    CheckboxesElement,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.digest.i18n import t
from bot.digest.manage import DEFAULT_DAYS, DEFAULT_TIME, Change
from bot.domain.digests import Digest
from bot.locale.languages import Language
from bot.store.values import CHANNEL_ID
from bot.timezones import find_zone

CALLBACK_ID = "digest_editor"
_VALUE = "value"


@dataclass(frozen=True)
class EditorInput:
    """A valid submission: the channel and the change to apply to it."""

    channel_id: str
    change: Change
    language: Language


def build_editor_view(
    digest: Digest | None, *, channel_id: str | None, language: Language, timezone: str
) -> View:
    hour, minute = (digest.schedule.hour, digest.schedule.minute) if digest else DEFAULT_TIME
    days = digest.schedule.days if digest else DEFAULT_DAYS
    names = get_day_names("wide", locale=language)
    day_options = [Option(value=str(d), label=str(names[d])[:75]) for d in range(7)]
    option_list = [
        Option(value="enabled", label=t(language, "form_enabled")),
        Option(value="skip_empty", label=t(language, "form_skip")),
    ]
    chosen = [option_list[0]] if digest is None or digest.enabled else []
    if digest is not None and digest.skip_empty:
        chosen.append(option_list[1])
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title=PlainTextObject(text=t(language, "form_title")),
        submit=PlainTextObject(text=t(language, "form_save")),
        close=PlainTextObject(text=t(language, "form_cancel")),
        private_metadata=json.dumps({"l": language}),
        blocks=[
            InputBlock(
                block_id="channel",
                label=t(language, "form_channel"),
                element=ConversationSelectElement(
                    action_id=_VALUE,
                    initial_conversation=digest.channel_id if digest else channel_id,
                    default_to_current_conversation=channel_id is None,
                    # A digest belongs in a channel, never in someone's direct messages.
                    filter=ConversationFilter(
                        include=["public", "private"], exclude_bot_users=True
                    ),
                ),
            ),
            InputBlock(
                block_id="time",
                label=t(language, "form_time"),
                element=TimePickerElement(
                    action_id=_VALUE, initial_time=f"{hour:02d}:{minute:02d}"
                ),
            ),
            InputBlock(
                block_id="days",
                label=t(language, "form_days"),
                element=CheckboxesElement(
                    action_id=_VALUE,
                    options=day_options,
                    initial_options=[day_options[d] for d in sorted(days)],
                ),
            ),
            InputBlock(
                block_id="tz",
                label=t(language, "form_tz"),
                element=PlainTextInputElement(
                    action_id=_VALUE,
                    initial_value=digest.schedule.timezone if digest else timezone,
                    max_length=64,
                ),
            ),
            InputBlock(
                block_id="options",
                label=t(language, "form_options"),
                optional=True,
                element=CheckboxesElement(
                    action_id=_VALUE,
                    options=option_list,
                    initial_options=chosen or None,
                ),
            ),
        ],
    )


def read_editor(view: dict[str, Any]) -> EditorInput | dict[str, str]:
    """The submission as a change, or ``{block_id: message}`` for Slack to show."""
    language = _language(view.get("private_metadata"))
    values = (view.get("state") or {}).get("values") or {}

    def field(block: str) -> dict[str, Any]:
        return cast(dict[str, Any], (values.get(block) or {}).get(_VALUE) or {})

    errors: dict[str, str] = {}
    channel = field("channel").get("selected_conversation")
    if not isinstance(channel, str) or not CHANNEL_ID.match(channel):
        errors["channel"] = t(language, "form_no_channel")
    raw_time = field("time").get("selected_time")
    try:
        hour, minute = (int(part) for part in str(raw_time or "").split(":"))
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValueError(raw_time)
    except ValueError:
        errors["time"] = t(language, "form_bad_time")
    picked_days = _picked(field("days"))
    days = frozenset(int(d) for d in picked_days if d in _DAY_VALUES)
    if not days or len(days) != len(picked_days):
        errors["days"] = t(language, "form_no_days")
    raw_zone = field("tz").get("value")
    timezone = find_zone(raw_zone) if isinstance(raw_zone, str) and len(raw_zone) <= 64 else None
    if timezone is None:
        errors["tz"] = t(language, "form_bad_tz")
    options = _picked(field("options"))
    if errors or timezone is None:
        return errors
    return EditorInput(
        channel_id=str(channel),
        change=Change(
            time=(hour, minute),
            days=days,
            timezone=timezone,
            skip_empty="skip_empty" in options,
            enabled="enabled" in options,
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
    return cast(Language, value) if value in get_args(Language) else "en"
