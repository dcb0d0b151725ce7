"""What every channel feature (the digest, alerts) keeps about a channel it was set up
in, whatever else it keeps: ``Digest`` and ``AlertChannel`` are both a ``ChannelSetup``."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.locale.languages import Language

#: ``created_by`` of what the environment sets up: nobody to direct-message.
FROM_ENVIRONMENT = ""


class ChannelSetup(Protocol):
    """A feature set up in one channel (at most one per channel and workspace).

    ``language`` is what its messages speak: the company's unless someone picked one,
    and kept whoever changes the rest. ``created_by`` is empty when the environment set
    it up (DIGEST_CHANNEL, ALERTS_CHANNEL): nobody to direct-message. ``active_since`` is
    when it was turned on or what it does changed: nothing from before is posted.
    ``last_error`` is what Slack last refused there (None once a post goes through).
    """

    @property
    def channel_id(self) -> str: ...
    @property
    def channel_name(self) -> str: ...
    @property
    def language(self) -> Language: ...
    @property
    def enabled(self) -> bool: ...
    @property
    def created_by(self) -> str: ...
    @property
    def updated_by(self) -> str: ...
    @property
    def active_since(self) -> datetime: ...
    @property
    def last_error(self) -> str | None: ...
    @property
    def last_error_at(self) -> datetime | None: ...
