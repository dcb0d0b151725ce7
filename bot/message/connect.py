"""Connecting a workspace to Mindo: the prompt, the Home tab before and after, the key form.

Pure builders. Until a workspace's admin connects a Mindo key, every command and button
answers with ``build_connect_prompt`` (admins get the button that opens the form); the
Home tab says the same at more length. Once connected, admins see the connection (the
company, the key's last four characters, who connected it) with buttons to change or
remove it. The key is never shown again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast, get_args

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.locale import formats
from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.locale.translate import Translator, translator
from bot.message.slack import SlackMessage
from bot.message.text import untrusted

#: The button that opens the form (in the prompt and on the Home tab).
CONNECT = "mindo_connect"
#: The button that removes the key (Home tab, admins only).
DISCONNECT = "mindo_disconnect"
#: The form's callback id, and where its one field lives.
CONNECT_VIEW = "mindo_connect_form"
KEY_BLOCK = "mindo_key"
KEY_ACTION = "key"
#: Mindo's keys are a few dozen characters; anything far longer is not one.
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class ConnectionShown:
    """What the Home tab shows of a connection (never the key)."""

    company: str
    key_hint: str
    connected_by: str
    connected_at: datetime
    timezone: str


def build_connect_prompt(language: Language, *, admin: bool) -> SlackMessage:
    """What every command answers until the workspace is connected to Mindo."""
    tr = translator(language)
    if admin:
        text = tr._(
            "Connect Mindo first: paste your company's Mindo API key, and everyone here can "
            "ask about your bulk sends."
        )
        return SlackMessage(
            text=text,
            blocks=(
                SectionBlock(text=_mrkdwn(f"🔌 {text}")),
                ActionsBlock(elements=[_connect_button(tr)]),
            ),
        )
    text = tr._("Ask a workspace admin to connect Mindo in the app's Home tab.")
    return SlackMessage(text=text, blocks=(SectionBlock(text=_mrkdwn(f"🔌 {text}")),))


def build_connect_home(language: Language, *, admin: bool) -> View:
    """The Home tab of a workspace not connected to Mindo yet."""
    tr = translator(language)
    blocks: list[Block] = [
        HeaderBlock(text=_plain(tr._("Welcome to bulksends"))),
        SectionBlock(
            text=_mrkdwn(
                tr._(
                    "Ask about your WhatsApp bulk sends in plain words, in English, Spanish "
                    "or Portuguese: `/bulksends failed last week`."
                )
            )
        ),
        DividerBlock(),
    ]
    if admin:
        blocks += [
            SectionBlock(
                text=_mrkdwn(
                    tr._(
                        "*One step left: connect Mindo.* Paste your company's Mindo API key "
                        "(Mindo dashboard → API Keys). It is checked at once and stored "
                        "encrypted; only its last 4 characters are shown again."
                    )
                )
            ),
            ActionsBlock(elements=[_connect_button(tr)]),
        ]
    else:
        blocks.append(
            SectionBlock(
                text=_mrkdwn(tr._("Ask a workspace admin to connect Mindo in the app's Home tab."))
            )
        )
    return View(type="home", blocks=blocks)


def build_connection_blocks(shown: ConnectionShown | None, language: Language) -> Sequence[Block]:
    """An admin's view of the connection on the Home tab, with Change key and Disconnect."""
    if shown is None:
        return ()
    tr = translator(language)
    company = untrusted(shown.company, 80, mrkdwn=True) or "—"
    when = formats.local_datetime(shown.connected_at, shown.timezone, language)
    line = tr._(
        "*Mindo:* connected to {company} with the key ending in `{hint}`, by <@{user}> on {when}.",
        company=company,
        hint=untrusted(shown.key_hint, 8, mrkdwn=True),
        user=shown.connected_by,
        when=when,
    )
    disconnect = ButtonElement(
        text=tr._("Disconnect"),
        action_id=DISCONNECT,
        value="disconnect",
        style="danger",
        confirm=ConfirmObject(
            title=tr._("Disconnect Mindo?"),
            text=tr._(
                "Nobody here can ask about bulk sends until an admin connects a key again. "
                "Digests stay set up and start again then."
            ),
            confirm=tr._("Disconnect"),
            deny=tr._("Cancel"),
        ),
    )
    change = ButtonElement(text=tr._("Change key"), action_id=CONNECT, value="change")
    return (
        SectionBlock(text=_mrkdwn(line)),
        ActionsBlock(elements=[change, disconnect]),
        ContextBlock(elements=[_mrkdwn(tr._("Only workspace admins see this and its buttons."))]),
    )


def build_connect_form(language: Language, *, replacing: str | None = None) -> View:
    """The form that takes the key; ``replacing``: the current key's last 4 characters."""
    tr = translator(language)
    hint = tr._(
        "Mindo dashboard → API Keys. It is checked with Mindo at once and stored encrypted; "
        "only its last 4 characters are shown again."
    )
    blocks: list[Block] = []
    if replacing is not None:
        blocks.append(
            SectionBlock(
                text=_mrkdwn(
                    tr._(
                        "The key ending in `{hint}` is replaced once the new one works.",
                        hint=untrusted(replacing, 8, mrkdwn=True),
                    )
                )
            )
        )
    blocks.append(
        InputBlock(
            block_id=KEY_BLOCK,
            label=_plain(tr._("Mindo API key")),
            hint=_plain(hint),
            element=PlainTextInputElement(
                action_id=KEY_ACTION,
                placeholder=_plain(tr._("Paste the key here")),
                max_length=MAX_KEY_LENGTH,
            ),
        )
    )
    return View(
        type="modal",
        callback_id=CONNECT_VIEW,
        title=_plain(tr._("Connect Mindo")),
        submit=_plain(tr._("Connect")),
        close=_plain(tr._("Cancel")),
        private_metadata=json.dumps({"language": language}),
        blocks=blocks,
    )


def build_admins_only_form(language: Language) -> View:
    """What a non-admin sees on pressing a connect button someone showed them."""
    tr = translator(language)
    return View(
        type="modal",
        title=_plain(tr._("Connect Mindo")),
        close=_plain(tr._("Close")),
        blocks=[
            SectionBlock(
                text=_mrkdwn(tr._("Only workspace admins can connect Mindo or change its key."))
            )
        ],
    )


def build_prompt_form(language: Language, *, admin: bool) -> View:
    """What a form submitted from a workspace without Mindo turns into."""
    tr = translator(language)
    text = (
        tr._("Connect Mindo in the app's Home tab first.")
        if admin
        else tr._("Ask a workspace admin to connect Mindo in the app's Home tab.")
    )
    return View(
        type="modal",
        title=_plain("bulksends"),
        close=_plain(tr._("Close")),
        blocks=[SectionBlock(text=_mrkdwn(f"🔌 {text}"))],
    )


def read_connect_form(view: dict[str, Any]) -> tuple[str, Language]:
    """The pasted text (trimmed) and the form's language; never fails."""
    values = (view.get("state") or {}).get("values") or {}
    field = (values.get(KEY_BLOCK) or {}).get(KEY_ACTION) or {}
    raw = field.get("value")
    return (raw.strip() if isinstance(raw, str) else ""), form_language(view)


def form_language(view: dict[str, Any]) -> Language:
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        metadata = {}
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return cast(Language, language) if language in get_args(Language) else DEFAULT_LANGUAGE


def key_problem(raw: str, language: Language) -> str | None:
    """Why the pasted text cannot be a key, before asking Mindo; None when it may be one."""
    tr = translator(language)
    if not raw:
        return tr._("Paste your Mindo API key.")
    if any(c.isspace() for c in raw) or not raw.isprintable():
        return tr._("The key has spaces or invisible characters; paste it again.")
    if len(raw) > MAX_KEY_LENGTH:
        return tr._("That is too long for a Mindo API key; paste just the key.")
    return None


def key_rejected(language: Language) -> str:
    return translator(language)._(
        "Mindo rejected this key: it is wrong or has expired. Create a new one in Mindo "
        "(API Keys) and paste it here."
    )


def key_unchecked(language: Language) -> str:
    return translator(language)._(
        "Mindo did not answer in time, so the key could not be checked. Try again in a minute."
    )


def connected_notice(company: str, language: Language) -> SlackMessage:
    """Told to the admin who connected the key (a direct message)."""
    text = translator(language)._(
        "✅ Mindo is connected to {company}. Everyone here can now ask, for example "
        "`/bulksends failed last week`.",
        company=untrusted(company, 80, mrkdwn=True) or "Mindo",
    )
    return SlackMessage(text=text, blocks=(SectionBlock(text=_mrkdwn(text)),))


def _connect_button(tr: Translator) -> ButtonElement:
    return ButtonElement(
        text=tr._("Connect Mindo"), action_id=CONNECT, value="connect", style="primary"
    )


def _plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text, emoji=True)


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)
