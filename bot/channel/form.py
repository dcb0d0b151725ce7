"""Reading a channel feature's submitted form back: what every such form has (the channel,
a time zone, the language its messages speak, the language the form was shown in), read
without ever raising on malformed input (a 5,000-character channel id, a choice that is
not text): each problem is reported on its field instead.

Input, not a builder: the forms themselves are ``bot.message.channel_form``'s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from bot.domain.slack_ids import CHANNEL_ID
from bot.locale.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, language_of
from bot.message.channel_form import VALUE
from bot.timezones import find_zone

Change = TypeVar("Change")


@dataclass(frozen=True)
class FormInput(Generic[Change]):
    """A valid submission: the channel, the change to apply to it, and the language the
    form was shown in (its author's)."""

    channel_id: str
    change: Change
    language: Language


class Submitted:
    """A submitted view's values, each read as what it should be or None."""

    def __init__(self, view: dict[str, Any]) -> None:
        self.language = _language(view.get("private_metadata"))
        state = view.get("state")
        values = state.get("values") if isinstance(state, dict) else None
        self._values = values if isinstance(values, dict) else {}

    def field(self, block: str) -> dict[str, Any]:
        """The input element's state in ``block`` (empty when missing or malformed)."""
        block_values = self._values.get(block)
        found = block_values.get(VALUE) if isinstance(block_values, dict) else None
        return cast(dict[str, Any], found if isinstance(found, dict) else {})

    def channel(self, block: str) -> str | None:
        """The picked channel's id, if it is one."""
        picked = self.field(block).get("selected_conversation")
        return picked if isinstance(picked, str) and CHANNEL_ID.match(picked) else None

    def zone(self, block: str) -> str | None:
        """The typed time zone's IANA name, if it is one."""
        raw = self.field(block).get("value")
        return find_zone(raw) if isinstance(raw, str) and len(raw) <= 64 else None

    def speaks(self, block: str) -> Language | None:
        """The picked language, if it is one we speak."""
        option = self.field(block).get("selected_option")
        picked = option.get("value") if isinstance(option, dict) else None
        return language_of(picked) if isinstance(picked, str) and picked in LANGUAGES else None

    def picked(self, block: str) -> set[str]:
        """The values of a checkbox group's chosen options; anything malformed counts as a
        value no option has, so the field is reported instead of the submission failing."""
        chosen = self.field(block).get("selected_options") or ()
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
