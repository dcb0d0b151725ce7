"""Numbers, rates and dates the way each language writes them (Babel), plus Slack date tokens."""

from __future__ import annotations

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_interval, format_skeleton, format_time, get_timezone_location
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from bot.locale.languages import Language
from bot.locale.translate import translator

NO_RATE = "—"
_BAR_CELLS = 10
#: A tenth of a percent: what a rate's one decimal can show.
_TENTH = 0.001


def number(value: int, language: Language) -> str:
    """1,234 / 1.234 with the language's separators."""
    return format_decimal(value, locale=language)


def rate(value: float | None, language: Language) -> str:
    """A ratio as a percentage with one decimal ("95.2%", "95,2%"); a dash when undefined.
    Some is never rounded to none or all: 1 failed of 4,215 is "<0.1%", not "0.0%"."""
    if value is None:
        return NO_RATE
    shown = format_percent(value, "#,##0.0%", locale=language)
    if 0 < value < 1 and shown == format_percent(0, "#,##0.0%", locale=language):
        return "<" + format_percent(_TENTH, "#,##0.0%", locale=language)
    if 0 < value < 1 and shown == format_percent(1, "#,##0.0%", locale=language):
        return ">" + format_percent(1 - _TENTH, "#,##0.0%", locale=language)
    return shown


def percent_setting(percent: float, language: Language) -> str:
    """A percentage someone set, as they typed it: "20%", "12.5%" ("12,5%"), never "20.0%"
    (a measured rate keeps its decimal: ``rate``)."""
    return format_percent(percent / 100, "#,##0.##%", locale=language)


def language_name(code: str, language: Language) -> str:
    """A language code as the reader says it: "pt_BR" → "Portuguese (Brazil)" /
    "portugués (Brasil)" / "português (Brasil)"; a code Babel does not know, as written."""
    try:
        name = Locale.parse(code.strip().replace("-", "_")).get_display_name(language)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name or code


def day(value: date, language: Language) -> str:
    """Nov 16, 2026 / 16 nov 2026 / 16 de nov. de 2026."""
    return format_skeleton("yMMMd", value, locale=language)


def days(start: date, end: date, language: Language) -> str:
    """Nov 10 – 16, 2026: a single day when start == end."""
    if start == end:
        return day(start, language)
    return format_interval(start, end, "yMMMd", locale=language)


def month(value: date, language: Language) -> str:
    """November 2026 / noviembre de 2026."""
    return format_skeleton("yMMMM", value, locale=language)


def either(items: list[str], language: Language) -> str:
    """ "failed, partial, or completed" / "fallidos, parciales o completados"."""
    return format_list(items, style="or", locale=language)


def local_datetime(moment: datetime, timezone: str, language: Language) -> str:
    """A moment in the asker's time zone: "Nov 16, 2026 6:30 PM" / "16 nov 2026 18:30"."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{day(local.date(), language)} {format_time(local, 'short', locale=language)}"


def time_zone(timezone: str, language: Language) -> str:
    """A time zone as people read it, in their language: "America/Argentina/Buenos_Aires"
    → "Buenos Aires time" / "hora de Buenos Aires" / "horário de Buenos Aires" (the city
    Babel names it by, translated). A zone with no city (UTC, Etc/GMT+3) or one Babel does
    not know, as written. Where a machine reads the zone (JSON, settings, a form's value),
    keep the IANA id."""
    if "/" not in timezone or timezone.startswith("Etc/"):
        return timezone
    try:
        city = get_timezone_location(timezone, locale=language, return_city=True)
    except (LookupError, ValueError):
        return timezone
    if not city:
        return timezone
    return translator(language).pgettext("time zone", "{city} time", city=city)


def slack_date(moment: datetime, fallback: str) -> str:
    """Rendered by Slack in each viewer's own time zone; ``fallback`` where it cannot."""
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def progress(percentage: float, language: Language) -> str:
    """52% (clamped to 0–100: the API's value is not guaranteed to be sane)."""
    return format_percent(_share(percentage), "#,##0%", locale=language)


def reported(percentage: float, language: Language) -> str:
    """A percentage Mindo reports (a send's progress, a quota used) as short as it is
    exact: "45%", "45.5%", never "45.0%" (a rate we measure keeps its decimal: ``rate``).
    Clamped to 0–100, and never "100%" before it is all."""
    share = _share(percentage)
    if share < 1.0:
        share = min(share, 0.999)
    return format_percent(share, "#,##0.#%", locale=language)


def progress_bar(percentage: float, language: Language) -> str:
    """▓▓▓▓▓░░░░░ 52%."""
    filled = round(_share(percentage) * _BAR_CELLS)
    return f"{'▓' * filled}{'░' * (_BAR_CELLS - filled)} {progress(percentage, language)}"


def _share(percentage: float) -> float:
    return 0.0 if math.isnan(percentage) else min(max(percentage, 0.0), 100.0) / 100
