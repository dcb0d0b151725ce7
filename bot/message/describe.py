"""How a question was understood, in the asker's words: shown above every answer.

A query only holds dates, so words like "last week" are recovered from the range's shape
relative to ``today`` (the asker's local date). Without ``today`` only what the dates alone
say is named (a whole month, a whole year).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from bot.message import formats
from bot.message.i18n import STATUS_ADJECTIVES, t
from bot.message.text import untrusted
from bot.query.model import BulkSendQuery, DateRange, Language
from bot.status import STATUS_ORDER

# A template name the user typed is at most a few dozen characters; cut anything absurd.
_TEMPLATE_LIMIT = 200


@dataclass(frozen=True)
class QueryDescription:
    #: "failed or partial", "all statuses".
    statuses: str
    #: "last week"; None when the dates say it all.
    range_words: str | None
    #: "Nov 10 – 16, 2026", "until Nov 16, 2026".
    range_dates: str
    timezone: str
    #: "last 7 days by default" when the question named no period.
    default_note: str | None
    #: As the user wrote it: outside text, escape before showing.
    template: str | None

    @property
    def range(self) -> str:
        """ "last week · Nov 10 – 16, 2026"."""
        if self.range_words is None:
            return self.range_dates
        return f"{self.range_words} · {self.range_dates}"


def describe_query(query: BulkSendQuery, *, today: date | None = None) -> QueryDescription:
    language = query.language
    return QueryDescription(
        statuses=status_words(query) or t(language, "all_statuses"),
        range_words=None if query.default_range else _range_words(query.range, today, language),
        range_dates=_range_dates(query.range, language),
        timezone=query.timezone,
        default_note=t(language, "default_range") if query.default_range else None,
        template=query.template,
    )


def status_words(query: BulkSendQuery) -> str | None:
    """ "failed or partial"; None when the question covers every status."""
    statuses = query.ordered_statuses
    if not statuses or len(statuses) == len(STATUS_ORDER):
        return None
    return formats.either([STATUS_ADJECTIVES[s][query.language] for s in statuses], query.language)


def sends_words(query: BulkSendQuery) -> str:
    """ "failed bulk sends of template welcome_message", as mrkdwn safe to post."""
    language = query.language
    statuses = status_words(query)
    what = t(language, "sends_with", statuses=statuses) if statuses else t(language, "sends")
    if query.template is None:
        return what
    template = untrusted(query.template, _TEMPLATE_LIMIT, mrkdwn=True)
    return t(language, "of_template", what=what, template=template)


def looking_up_text(query: BulkSendQuery) -> str:
    """ "⏳ Looking up failed bulk sends for Nov 10 – 16, 2026…" (mrkdwn, safe to post)."""
    return t(
        query.language,
        "looking_up",
        what=sends_words(query),
        range=_range_dates(query.range, query.language),
    )


def _range_dates(span: DateRange, language: Language) -> str:
    if span.start is None:
        return t(language, "until", date=formats.day(span.end, language))
    return formats.days(span.start, span.end, language)


def _range_words(span: DateRange, today: date | None, language: Language) -> str | None:
    start, end = span.start, span.end
    if start is None:
        return None
    if today is not None:
        relative = _relative_words(start, end, today, language)
        if relative is not None:
            return relative
    if start == end:
        return None
    if start.day == 1 and end == _month_end(start):
        return formats.month(start, language)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return None


def _relative_words(start: date, end: date, today: date, language: Language) -> str | None:
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    previous_month_end = first_of_month - timedelta(days=1)
    # The first match wins: on a Monday "this week" is also "today".
    named = (
        ("today", today, today),
        ("yesterday", today - timedelta(days=1), today - timedelta(days=1)),
        ("this_week", monday, today),
        ("last_week", monday - timedelta(days=7), monday - timedelta(days=1)),
        ("this_month", first_of_month, today),
        ("last_month", previous_month_end.replace(day=1), previous_month_end),
        ("this_year", date(today.year, 1, 1), today),
        ("last_year", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    )
    for key, named_start, named_end in named:
        if (start, end) == (named_start, named_end):
            return t(language, key)
    if end == today:
        return t(language, "last_n_days", n=(end - start).days + 1)
    return None


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
