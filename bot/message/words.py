"""Words several messages share: statuses, counts and rates, the demo badge, examples.

Everything here goes through the caller's ``Translator``; English is the source
language. Words people *type* (examples, status and period words in help) carry a
``typed …`` context: their translations must be words the parser reads (a test asks it
to read every one of them, in every language).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import assert_never

from babel import Locale
from babel.lists import format_list

from bot.domain.sends import Status
from bot.locale import formats
from bot.locale.languages import LANGUAGES
from bot.locale.translate import N_, Translator
from bot.report import Totals

STATUS_EMOJI: dict[Status, str] = {
    Status.QUEUED: "⏳",
    Status.PROCESSING: "🔄",
    Status.COMPLETED: "✅",
    Status.PARTIAL: "⚠️",
    Status.FAILED: "❌",
    Status.CANCELLED: "🚫",
}

BULK_SENDS = N_("Bulk sends")
RECIPIENTS = N_("Recipients")
SENT = N_("Sent")
DELIVERED = N_("Delivered")
READ = N_("Read")
FAILED = N_("Failed")
PENDING = N_("Pending")
DELIVERY_RATE = N_("Delivery rate")
READ_RATE = N_("Read rate")
FAILURE_RATE = N_("Failure rate")
#: Recipients of a cancelled send that were never sent to: not pending, never will be.
NOT_SENT = N_("Not sent (cancelled)")

#: What is counted, by its label (translate with ``tr._``), in the order messages list it.
COUNTS: tuple[tuple[str, Callable[[Totals], int]], ...] = (
    (BULK_SENDS, lambda totals: totals.bulk_sends),
    (RECIPIENTS, lambda totals: totals.recipients),
    (SENT, lambda totals: totals.sent),
    (DELIVERED, lambda totals: totals.delivered),
    (READ, lambda totals: totals.read),
    (FAILED, lambda totals: totals.failed),
    (PENDING, lambda totals: totals.pending),
)
#: The three rates, by their label.
RATES: tuple[tuple[str, Callable[[Totals], float | None]], ...] = (
    (DELIVERY_RATE, lambda totals: totals.delivery_rate),
    (READ_RATE, lambda totals: totals.read_rate),
    (FAILURE_RATE, lambda totals: totals.failure_rate),
)


def rates_explained(tr: Translator) -> str:
    """What each rate divides: shown wherever rates stand side by side (mrkdwn)."""
    return tr._(
        "Delivery rate: delivered ÷ sent · read rate: read ÷ delivered · "
        "failure rate: failed ÷ all recipients."
    )


def status_label(status: Status, tr: Translator) -> str:
    """A status as a label: "Failed 3", "✅ Completed"."""
    match status:
        case Status.QUEUED:
            return tr.pgettext("status", "Queued")
        case Status.PROCESSING:
            return tr.pgettext("status", "Processing")
        case Status.COMPLETED:
            return tr.pgettext("status", "Completed")
        case Status.PARTIAL:
            return tr.pgettext("status", "Partial")
        case Status.FAILED:
            return tr.pgettext("status", "Failed")
        case Status.CANCELLED:
            return tr.pgettext("status", "Cancelled")
    assert_never(status)


def status_adjective(status: Status, tr: Translator) -> str:
    """A status describing sends: "failed bulk sends", "envíos masivos fallidos"."""
    match status:
        case Status.QUEUED:
            return tr.pgettext("sends that are", "queued")
        case Status.PROCESSING:
            return tr.pgettext("sends that are", "processing")
        case Status.COMPLETED:
            return tr.pgettext("sends that are", "completed")
        case Status.PARTIAL:
            return tr.pgettext("sends that are", "partial")
        case Status.FAILED:
            return tr.pgettext("sends that are", "failed")
        case Status.CANCELLED:
            return tr.pgettext("sends that are", "cancelled")
    assert_never(status)


def demo_badge(tr: Translator) -> str:
    """Above every message built from the demo account (mrkdwn)."""
    return tr._("🧪 *Demo data*: made-up bulk sends, not your Mindo account.")


def no_reason(tr: Translator) -> str:
    """A failed message Meta gave no reason for."""
    return tr._("(no reason given)")


def demo_mark(tr: Translator) -> str:
    """Before a demo message's title."""
    return tr._("🧪 DEMO")


def examples(tr: Translator) -> tuple[str, ...]:
    """Questions the parser understands, shown in help and after a question it did not."""
    return (
        tr.pgettext("typed question", "failed last week"),
        tr.pgettext("typed question", "partial yesterday"),
        tr.pgettext("typed question", "problems this month"),
        tr.pgettext("typed question", "welcome_message last 30 days"),
        tr.pgettext("typed question", "completed since nov 3"),
        tr.pgettext("typed question", "failed or partial between nov 1 and nov 15"),
        tr.pgettext("typed question", "in progress today"),
        tr.pgettext("typed question", "order_confirmation_v2 in october"),
    )


def shape_examples(tr: Translator) -> tuple[str, ...]:
    """Questions with a shape: one number, a ranking, a comparison, a trend, a breakdown."""
    return (
        tr.pgettext("typed question", "how many failed last week"),
        tr.pgettext("typed question", "read rate of welcome_message in october"),
        tr.pgettext("typed question", "top 3 templates by failures this month"),
        tr.pgettext("typed question", "this week vs last week"),
        tr.pgettext("typed question", "delivery rate per day last 30 days"),
        tr.pgettext("typed question", "by sender this month"),
    )


def counted_how(tr: Translator) -> str:
    """What the numbers count, for help (mrkdwn)."""
    return tr._(
        "*Recipients* are everyone a send was for; *sent* went out to WhatsApp, *delivered* "
        "reached the phone, *read* was opened, *failed* never arrived. *Pending* messages "
        "are still to go out; those of a cancelled send never will: they are *not sent "
        "(cancelled)*."
    )


def spoken_languages(tr: Translator) -> str:
    """ "English, Spanish, or Portuguese": every language we read, the reader's first."""
    ordered = sorted(LANGUAGES, key=lambda code: code != tr.language)
    names = [Locale(code).get_display_name(tr.language) or code for code in ordered]
    return format_list(names, style="or", locale=tr.language)


def help_hint(tr: Translator) -> str:
    """Under every error: where to find what can be asked (mrkdwn)."""
    return tr._("`/bulksends help` lists everything you can ask.")


def time_left(finish: datetime | None, now: datetime, tr: Translator) -> str:
    """How long a running send has to go, the one wording of ``bot.report.estimated_finish``
    for Details, Home and the digest: "about 5 min left", "about 3 h left"; "waiting to
    start" when there is no estimate yet."""
    if finish is None:
        return tr._("waiting to start")
    minutes = max(round((finish - now).total_seconds() / 60), 1)
    if minutes >= 90:
        return tr._("about {n} h left", n=formats.number(round(minutes / 60), tr.language))
    return tr._("about {n} min left", n=formats.number(minutes, tr.language))
