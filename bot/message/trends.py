"""A number's change in words and colour: "🟢 up 1.2 points, better", "🔹 up 12%", "⚪ steady".

The colour is for the eye; the words are for everyone, screen readers included (Slack
reads an emoji by its name, which says nothing about whether the change is good). Shared
by the digest and the Home tab, so a change reads the same in both; its size is worded
by ``phrases.change_size`` and ``phrases.count_moved`` (a ratio from double on), as in
answers.
"""

from __future__ import annotations

from bot.comparison import Comparison, Direction, Metric, Verdict
from bot.locale import formats
from bot.locale.translate import Translator
from bot.message import words
from bot.message.phrases import change_size, count_moved, moved

BETTER = "🟢"
WORSE = "🔴"
MOVED = "🔹"
STEADY = "⚪"
NOTHING = "▫️"

_LABELS: dict[Metric, str] = {
    Metric.BULK_SENDS: words.BULK_SENDS,
    Metric.RECIPIENTS: words.RECIPIENTS,
    Metric.SENT: words.SENT,
    Metric.DELIVERED: words.DELIVERED,
    Metric.READ: words.READ,
    Metric.FAILED: words.FAILED,
    Metric.PENDING: words.PENDING,
    Metric.DELIVERY_RATE: words.DELIVERY_RATE,
    Metric.READ_RATE: words.READ_RATE,
    Metric.FAILURE_RATE: words.FAILURE_RATE,
}


def metric_label(metric: Metric, tr: Translator) -> str:
    return tr._(_LABELS[metric])


def metric_value(metric: Metric, value: float | None, tr: Translator) -> str:
    """A count as a number, a rate as a percentage ("—" when there is none)."""
    if metric.is_rate:
        return formats.rate(value, tr.language)
    return formats.number(round(value or 0), tr.language)


def change_words(change: Comparison, tr: Translator, *, nothing_before: str) -> str:
    """The change, marked. ``nothing_before``: what to say when there is no usual value
    ("none in the 7 days before"): never a percentage of nothing."""
    if change.direction is None or change.amount is None:
        if change.metric.is_rate or not change.now:
            return f"{NOTHING} " + tr._("nothing to compare with")
        return f"{NOTHING} " + nothing_before
    if change.direction is Direction.STEADY:
        return f"{STEADY} " + tr.pgettext("change", "steady")
    assert change.amount is not None
    up = change.direction is Direction.UP
    if change.metric.is_rate:
        moved_words = moved(up, change_size(True, abs(change.amount), tr.language), tr)
    else:
        moved_words = count_moved(up, abs(change.amount), tr)
    if change.verdict is Verdict.BETTER:
        return f"{BETTER} " + tr.pgettext("change", "{moved}, better", moved=moved_words)
    if change.verdict is Verdict.WORSE:
        return f"{WORSE} " + tr.pgettext("change", "{moved}, worse", moved=moved_words)
    return f"{MOVED} {moved_words}"
