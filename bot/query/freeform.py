"""Date phrases outside our own tables ("2 days ago", "hace una semana", "anteontem"), via dateparser.

Only words the parser could not place reach this module, so ordinary questions never
pay for dateparser; answers are cached by (text, today).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from bot.locale.languages import LANGUAGES, Language, language_of
from bot.locale.words import word_pack

_MAX_LENGTH = 60  # longer leftovers are not a date phrase; spare dateparser the effort


@dataclass(frozen=True)
class FreeformDate:
    day: date
    period: str  # dateparser's granularity: "day", "week", "month", "year" or "time"
    language: Language | None


@lru_cache(maxsize=1024)
def read_freeform(text: str, today: date) -> FreeformDate | None:
    """The date dateparser reads in ``text`` (day-first, relative to ``today``), if any."""
    if len(text) > _MAX_LENGTH:
        return None
    # Imported here: dateparser takes ~130 ms to load and most questions never need it
    # (the Slack app loads it at start through warm_up()).
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=list(LANGUAGES),  # a new language must be one dateparser knows
        settings={
            "DATE_ORDER": "DMY",
            "RELATIVE_BASE": datetime.combine(today, time()),
            "PREFER_DATES_FROM": "past",
        },
    )
    try:
        found = parser.get_date_data(text)
    except Exception:  # dateparser fails in many ways on odd text; all mean "not a date"
        return None
    if found.date_obj is None:
        return None
    return FreeformDate(found.date_obj.date(), found.period or "day", language_of(found.locale))


def warm_up() -> None:
    """Load dateparser's data for every language now rather than on a user's question.

    Each language is woken with its own word for "yesterday", from its word pack.
    """
    for language in LANGUAGES:
        for yesterday in word_pack(language).words("periods", "yesterday")[:1]:
            read_freeform(yesterday, date(2000, 1, 1))
