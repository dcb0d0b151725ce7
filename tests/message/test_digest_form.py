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
                "language": {"value": {"selected_option": {"value": "pt"}}},
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


def test_the_form_picks_the_digests_language_named_in_the_readers() -> None:
    view = build_editor_view(
        None, channel_id="C1", language="es", timezone="UTC", speaks="pt"
    ).to_dict()
    block = next(b for b in view["blocks"] if b["block_id"] == "language")
    assert block["label"]["text"] == "Idioma del resumen"
    options = [(o["value"], o["text"]["text"]) for o in block["element"]["options"]]
    assert options == [("en", "Inglés"), ("es", "Español"), ("pt", "Portugués")]
    assert block["element"]["initial_option"]["value"] == "pt"
    taken = read_editor(submitted("C0123ABCD"))
    assert not isinstance(taken, dict) and taken.change.language == "pt"


def test_a_language_that_is_not_ours_is_a_form_error() -> None:
    form = submitted("C0123ABCD")
    form["state"]["values"]["language"] = {"value": {"selected_option": {"value": "xx"}}}
    assert read_editor(form) == {"language": "Pick the digest's language."}
