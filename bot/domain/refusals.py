"""What a Slack refusal means, as a typed code: Slack's error strings read once, here.

Slack answers a call it will not carry out with a short code (``channel_not_found``…);
the poster adds its own two (``timeout``, ``connection_error``) when Slack could not be
reached. ``SlackRefusal.of`` turns any of them into one of a few meanings that people
can act on; ``bot.message.notices`` words each one, once, for every message and the CLI.
"""

from __future__ import annotations

from enum import Enum


class SlackRefusal(Enum):
    CHANNEL_GONE = "channel_not_found"
    NOT_A_MEMBER = "not_in_channel"
    ARCHIVED = "is_archived"
    #: Only some people may post in the channel.
    RESTRICTED = "restricted_action"
    TOKEN_REJECTED = "invalid_auth"
    TOKEN_REVOKED = "token_revoked"
    MISSING_SCOPE = "missing_scope"
    #: Slack did not answer in time, or could not be reached at all.
    UNREACHABLE = "timeout"
    #: Any other code: Slack said no without saying anything we can act on.
    OTHER = "other"

    @classmethod
    def of(cls, code: str) -> SlackRefusal:
        """The meaning of Slack's (or the poster's) error code; never raises."""
        try:
            return cls(code)
        except ValueError:
            return _ALIASES.get(code, cls.OTHER)

    @property
    def channel_problem(self) -> bool:
        """The channel cannot be posted in until someone changes it (invites the app,
        picks another): whoever set up a digest or alerts there is told."""
        return self in CHANNEL_PROBLEMS


CHANNEL_PROBLEMS = frozenset(
    {SlackRefusal.CHANNEL_GONE, SlackRefusal.NOT_A_MEMBER, SlackRefusal.ARCHIVED}
)

_ALIASES = {
    "not_authed": SlackRefusal.TOKEN_REJECTED,
    "account_inactive": SlackRefusal.TOKEN_REJECTED,
    "token_expired": SlackRefusal.TOKEN_REVOKED,
    "connection_error": SlackRefusal.UNREACHABLE,
}
