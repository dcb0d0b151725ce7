"""Why messages failed, in words a campaign manager acts on: one place for every message.

Meta's error texts ("(#131049) This message was not delivered to maintain healthy
ecosystem engagement") are grouped by code (``bot.report.count_failure_reasons``) and
said here in the reader's language: what happened, and what to do about it. A code this
catalog does not know keeps Meta's own words; a reason without any text says so. Answers,
Details, the digest, the Home tab and alerts all word reasons through ``explain``, so a
reason reads the same everywhere, and cut their lists with ``listed``, so every list adds
up: what it leaves out is counted ("+2 other reasons (6 messages)"), and reasons counted
from a send's first failed messages only say so. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.meta_errors import KNOWN_CODES
from bot.locale import formats
from bot.locale.translate import N_, Translator
from bot.message import words
from bot.message.text import untrusted
from bot.report import FailureReason


@dataclass(frozen=True)
class _Words:
    #: What happened, as a short sentence (no final period: lists add their own marks).
    what: str
    #: What to do about it.
    todo: str


def _catalog(entries: Iterable[tuple[tuple[int | range, ...], str, str]]) -> dict[int, _Words]:
    found: dict[int, _Words] = {}
    for codes, what, todo in entries:
        for entry in codes:
            for code in entry if isinstance(entry, range) else (entry,):
                if code in found:
                    raise ValueError(f"code {code} is worded twice")
                found[code] = _Words(what, todo)
    return found


_WORDS = _catalog(
    (
        # --- The person ----------------------------------------------------------------
        (
            (131026, 1013, 1026),
            N_("The number isn't on WhatsApp, or can't receive this message"),
            N_(
                "Check the number. It may also use an old WhatsApp, not have accepted "
                "WhatsApp's terms, or have blocked you: if it keeps failing, take it off "
                "your list."
            ),
        ),
        (
            (131021,),
            N_("The recipient is the sending number itself"),
            N_("Take your own number off the recipients."),
        ),
        (
            (131050,),
            N_("The person stopped your marketing messages"),
            N_("Don't send them marketing again: take them off your marketing lists."),
        ),
        (
            (130497,),
            N_("Your business can't message people in that country"),
            N_(
                "Take those numbers off the list, or check WhatsApp's rules for your "
                "business category."
            ),
        ),
        # --- Meta's limits ---------------------------------------------------------------
        (
            (131049,),
            N_("Meta is limiting marketing messages to this person"),
            N_("Try again later, or send them fewer marketing messages."),
        ),
        (
            (130472,),
            N_("Meta held this marketing message back as part of an experiment"),
            N_("Nothing to fix: Meta leaves a few people out on purpose. Don't resend it."),
        ),
        (
            (131048, 471),
            N_(
                "WhatsApp is limiting this number: too many earlier messages were blocked "
                "or reported as spam"
            ),
            N_(
                "Check the number's quality in WhatsApp Manager, and send only to people "
                "who expect your messages."
            ),
        ),
        (
            (131056,),
            N_("Too many messages went to the same person in a short time"),
            N_("Wait a while before sending to them again."),
        ),
        (
            (4, 80007, 130429),
            N_("Messages went out faster than WhatsApp accepts"),
            N_("Send again later, or in smaller batches."),
        ),
        (
            (133016,),
            N_("The sending number was registered or removed too many times"),
            N_("Wait before trying again; if it lasts, ask Mindo's support."),
        ),
        # --- The template and its values --------------------------------------------------
        (
            (131047, 470),
            N_("The recipient hasn't replied in 24 hours: only approved templates can reach them"),
            N_("Send an approved template instead of a free-form message."),
        ),
        (
            (132000, 2000),
            N_("The message had a different number of variables than its template"),
            N_("Fill in exactly the variables the template has."),
        ),
        (
            (132001, 2001),
            N_("The template doesn't exist in that language, or isn't approved yet"),
            N_("Check the template's name, language and approval in WhatsApp Manager."),
        ),
        (
            (132005,),
            N_("With its variables filled in, the message is too long"),
            N_("Shorten the values of the variables."),
        ),
        (
            (132007,),
            N_("A variable's value breaks WhatsApp's formatting rules"),
            N_("Take line breaks, tabs and runs of spaces out of the variables' values."),
        ),
        (
            (132012,),
            N_("A variable's value has the wrong format for the template"),
            N_(
                "Check each variable against the template: text, a date, a currency, "
                "an image or a document where each is expected."
            ),
        ),
        (
            (132015,),
            N_("The template is paused for low quality"),
            N_(
                "Wait for Meta to resume it, or improve it: WhatsApp Manager says why "
                "people reacted badly."
            ),
        ),
        (
            (132016,),
            N_("The template was disabled for low quality"),
            N_("It can't be sent any more: create a new template."),
        ),
        (
            (132068, 132069),
            N_("The template's WhatsApp Flow is blocked or limited"),
            N_("Check the Flow in WhatsApp Manager."),
        ),
        (
            (100, 131009),
            N_("A value in the message isn't valid"),
            N_("Check the variables' values: empty, too long or badly formatted ones fail."),
        ),
        (
            (131008,),
            N_("Something the message needs was missing"),
            N_("Check that every variable of the template has a value."),
        ),
        (
            (131051,),
            N_("WhatsApp doesn't support this kind of message"),
            N_("Check the template's header, buttons and attachments, or ask Mindo's support."),
        ),
        (
            (131052,),
            N_("WhatsApp couldn't download the message's image, video or document"),
            N_("Check that the file's link works and is public."),
        ),
        (
            (131053,),
            N_("The message's file couldn't be uploaded"),
            N_("Use a file type and size WhatsApp accepts."),
        ),
        # --- The business account -------------------------------------------------------
        (
            (0, 3, 10, 190, range(200, 300), 131005),
            N_("WhatsApp refused Mindo's access to your business account"),
            N_("Ask Mindo's support to connect your WhatsApp account again."),
        ),
        (
            (368,),
            N_("WhatsApp blocked your business account for a while for breaking its policies"),
            N_("Read the notice in WhatsApp Manager: sends fail until the block ends."),
        ),
        (
            (131031,),
            N_("WhatsApp locked your business account"),
            N_(
                "Check WhatsApp Manager or ask Mindo's support: nothing is sent until it "
                "is unlocked."
            ),
        ),
        (
            (131037,),
            N_("The sending number's display name isn't approved yet"),
            N_("Wait for Meta to approve the display name in WhatsApp Manager."),
        ),
        (
            (131042,),
            N_("There is a problem with your WhatsApp account's payment method"),
            N_("Check the payment settings in WhatsApp Manager."),
        ),
        (
            (131045, 133010),
            N_("The sending number isn't registered on WhatsApp correctly"),
            N_("Ask Mindo's support to register the number again."),
        ),
        (
            (33,),
            N_("The sending number no longer exists on WhatsApp"),
            N_("Send from another number, or ask Mindo's support to check it."),
        ),
        (
            (131057,),
            N_("Your WhatsApp business account is under maintenance"),
            N_("Send again later."),
        ),
        # --- WhatsApp itself --------------------------------------------------------------
        (
            (2, 131016, 133004),
            N_("WhatsApp was briefly unavailable"),
            N_("Send again later."),
        ),
        (
            (1, 131000, 135000),
            N_("WhatsApp couldn't send it, and didn't say why"),
            N_("Try again later; if it keeps happening, ask Mindo's support."),
        ),
    )
)

if set(_WORDS) != KNOWN_CODES:  # every code with a kind has words, and no other
    raise ValueError(f"codes without words or kind: {sorted(set(_WORDS) ^ KNOWN_CODES)}")


@dataclass(frozen=True)
class ReasonWords:
    """A failure reason as people read it: every text safe for mrkdwn."""

    #: What happened in the reader's words; Meta's own text for a code we do not know.
    title: str
    #: What to do about it (None when we do not know the code).
    advice: str | None
    #: Meta's own words, when the title is not them (Details shows them too).
    original: str | None
    #: "#131026", or None.
    code: str | None
    count: int


def explain(reason: FailureReason, tr: Translator, *, limit: int = 300) -> ReasonWords:
    """``limit``: JSON characters kept of Meta's own text."""
    original = untrusted(reason.text, limit, mrkdwn=True) if reason.text else None
    code = None if reason.code is None else f"#{reason.code}"
    known = None if reason.code is None else _WORDS.get(reason.code)
    if known is None:
        title = original or words.no_reason(tr)
        return ReasonWords(title, None, None, code, reason.count)
    return ReasonWords(tr._(known.what), tr._(known.todo), original, code, reason.count)


def reason_line(reason: FailureReason, tr: Translator, *, limit: int = 120) -> str:
    """ "• *Meta is limiting marketing messages to this person* (#131049) — 25": one line
    for lists (the digest, the Home tab, answers)."""
    said = explain(reason, tr, limit=limit)
    code = f" ({said.code})" if said.code and said.advice is not None else ""
    return f"• *{said.title}*{code} — {formats.number(said.count, tr.language)}"


def reason_block(
    reason: FailureReason, tr: Translator, *, limit: int = 300, original: bool = True
) -> str:
    """A reason with what to do, and Meta's own words underneath (Details)."""
    said = explain(reason, tr, limit=limit)
    lines = [reason_line(reason, tr, limit=limit)]
    if said.advice is not None:
        lines.append(f"   {said.advice}")
    if original and said.original is not None:
        lines.append("   " + tr._("_Meta's words: {text}_", text=said.original))
    return "\n".join(lines)


#: Reasons a send's own page (Details, or one send in a terminal) lists before "+N other
#: reasons".
TOP_REASONS = 5


@dataclass(frozen=True)
class ReasonList:
    """A send's reasons as a message lists them."""

    #: The most common reasons, to be listed one by one.
    shown: tuple[FailureReason, ...]
    #: "+2 other reasons (6 messages)", or None when every reason is shown.
    others: str | None
    #: "from the first 1,000 failed messages", or None when every failed message was read.
    sample: str | None


def counted_from(failed: int, counted: int) -> int | None:
    """How many failed messages a send's reasons were counted from (``counted``: what its
    reasons add up to), when not all of its ``failed``: only the first ones were read, more
    failed since, or a Mindo that ignores the status filter mixed other messages in."""
    return counted if failed > counted else None


def counted(reasons: Sequence[FailureReason]) -> int:
    """The failed messages ``reasons`` were counted from."""
    return sum(reason.count for reason in reasons)


def listed(
    reasons: Sequence[FailureReason], limit: int, tr: Translator, *, sample: int | None
) -> ReasonList:
    """The first ``limit`` of ``reasons`` (most common first), what the rest add up to, and
    (``sample``, from ``counted_from``) that they were counted from the first messages."""
    rest = reasons[limit:]
    others = None
    if rest:
        messages = tr.ngettext("{n} message", "{n} messages", sum(r.count for r in rest))
        others = tr.ngettext(
            "+{n} other reason ({messages})",
            "+{n} other reasons ({messages})",
            len(rest),
            messages=messages,
        )
    note = None
    if reasons and sample is not None:
        note = tr.ngettext(
            "from the first {n} failed message", "from the first {n} failed messages", sample
        )
    return ReasonList(tuple(reasons[:limit]), others, note)
