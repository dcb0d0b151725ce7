"""The digest form: only channels can be picked, and a direct message is refused."""

from typing import Any

from bot.digest.editor import read_editor
from bot.message.digest_form import build_editor_view


def submitted(channel: str) -> dict[str, Any]:
    return {
        "private_metadata": '{"l": "en"}',
        "state": {
            "values": {
                "channel": {"value": {"selected_conversation": channel}},
                "time": {"value": {"selected_time": "08:30"}},
                "days": {"value": {"selected_options": [{"value": "0"}]}},
                "tz": {"value": {"value": "Europe/Madrid"}},
                "options": {"value": {"selected_options": [{"value": "enabled"}]}},
            }
        },
    }


def test_the_channel_picker_offers_channels_only() -> None:
    view = build_editor_view(None, channel_id="C1", language="en", timezone="UTC").to_dict()
    picker = view["blocks"][0]["element"]
    assert picker["filter"] == {"include": ["public", "private"], "exclude_bot_users": True}


def test_a_direct_message_is_refused_and_a_channel_taken() -> None:
    assert read_editor(submitted("D0123ABCD")) == {"channel": "Pick a channel."}
    taken = read_editor(submitted("C0123ABCD"))
    assert not isinstance(taken, dict) and taken.channel_id == "C0123ABCD"
