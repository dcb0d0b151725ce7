"""Report → Slack messages: pure builders returning validated Block Kit plus fallback text."""

from bot.message.describe import QueryDescription, describe_query, looking_up_text
from bot.message.errors import (
    ERROR_KINDS,
    ErrorKind,
    Trouble,
    build_error_message,
    build_query_error_message,
    mindo_error_text,
)
from bot.message.help import build_help_message
from bot.message.slack import SlackMessage
from bot.message.summary import build_summary_message

__all__ = [
    "ERROR_KINDS",
    "ErrorKind",
    "QueryDescription",
    "SlackMessage",
    "Trouble",
    "build_error_message",
    "build_help_message",
    "build_query_error_message",
    "build_summary_message",
    "describe_query",
    "looking_up_text",
    "mindo_error_text",
]
