"""Slack's Block Kit limits the builders stay inside, by name (see shared/reference/slack-platform.md)."""

from bot.query.codec import MAX_VALUE_LENGTH

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = MAX_VALUE_LENGTH
MAX_FALLBACK_TEXT = 40_000
MAX_VIEW_BLOCKS = 100
MAX_MODAL_TITLE = 24

#: Slack documents no total, but rejects blocks JSON from about 13,000 characters: keep margin.
MAX_BLOCKS_JSON = 12_000
#: What builders aim for: room left for a caller to add a line ("shared by …") to a message.
BUILT_BLOCKS_JSON = MAX_BLOCKS_JSON - 500
#: Views (the Home tab) may be 250 kB; ASCII-escaped JSON has a byte per character.
MAX_VIEW_JSON = 240_000
