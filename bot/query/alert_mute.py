"""The value of an alert's mute buttons: which channel, which template (or all), the language.

Like the answers' buttons (``bot.query.codec``), the value holds everything the click
needs, so whichever replica gets it can serve it; anything this app never writes is
refused with ``MuteValueError``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from bot.domain.slack_ids import CHANNEL_ID
from bot.locale.languages import DEFAULT_LANGUAGE, Language, language_of
from bot.query.codec import StateError

#: How long each button mutes.
TEMPLATE_MUTE = timedelta(hours=24)
CHANNEL_MUTE = timedelta(hours=1)
_MAX_TEMPLATE = 512


class MuteValueError(StateError):
    """A mute button's value this app did not write (told like any stale button)."""


@dataclass(frozen=True)
class MuteRequest:
    channel_id: str
    #: None: every alert of the channel.
    template: str | None
    language: Language

    @property
    def duration(self) -> timedelta:
        return CHANNEL_MUTE if self.template is None else TEMPLATE_MUTE


def encode_mute(request: MuteRequest) -> str:
    data = {"c": request.channel_id, "l": request.language}
    if request.template is not None:
        data["t"] = request.template
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def decode_mute(value: object) -> MuteRequest:
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise MuteValueError("a mute button's value is not ours")
    channel, template, language = data.get("c"), data.get("t"), data.get("l")
    if not isinstance(channel, str) or not CHANNEL_ID.match(channel):
        raise MuteValueError("a mute button without a channel")
    if template is not None and (
        not isinstance(template, str) or not 0 < len(template) <= _MAX_TEMPLATE
    ):
        raise MuteValueError("a mute button with a malformed template")
    read = language_of(language) if isinstance(language, str) else None
    return MuteRequest(channel, template, read or DEFAULT_LANGUAGE)
