"""`/bulksends digest …` in English, Spanish or Portuguese → a typed command.

    digest                                  list the digests
    digest here at 9:00                     this channel, every day at 9:00
    digest #marketing 8:30 weekdays         another channel, Monday to Friday
    digest here tz Europe/Madrid            change one thing, keep the rest
    digest here skip empty days             post nothing on days without sends
    digest #marketing off / on              stop / start again
    digest here preview                     send me today's digest now (only to me)
    digest edit                             a form, for when typing is awkward

Words may come in any order. Several-word phrases ("every day", "todos los días",
"dias úteis") are first folded into one token; what is left must be a channel, a time,
days, a time zone or a known word, or the command is refused naming the words it did not
understand, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from bot.domain.schedule import EVERY_DAY, WEEKDAYS, WEEKENDS
from bot.locale.languages import Language
from bot.timezones import find_zone


@dataclass(frozen=True)
class ChannelRef:
    """A channel named in the command: its id when Slack sent one, else the typed name."""

    id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class ListDigests:
    language: Language


@dataclass(frozen=True)
class DigestHelp:
    language: Language


@dataclass(frozen=True)
class Preview:
    target: ChannelRef | None  # None: the channel the command was typed in
    language: Language


@dataclass(frozen=True)
class OpenEditor:
    target: ChannelRef | None
    language: Language


@dataclass(frozen=True)
class SetEnabled:
    target: ChannelRef | None
    enabled: bool
    language: Language


@dataclass(frozen=True)
class SetDigest:
    """Create or change a digest; None fields keep what is there (or the defaults)."""

    target: ChannelRef | None
    language: Language
    time: tuple[int, int] | None = None
    days: frozenset[int] | None = None
    timezone: str | None = None
    skip_empty: bool | None = None


DigestCommand = ListDigests | DigestHelp | Preview | OpenEditor | SetEnabled | SetDigest


class DigestCommandError(ValueError):
    """The command could not be understood; ``unrecognized`` lists the words, as typed."""

    def __init__(self, unrecognized: tuple[str, ...], language: Language) -> None:
        super().__init__(", ".join(unrecognized))
        self.unrecognized = unrecognized
        self.language = language


#: "… empty days", "… los días vacíos", "… dias vazios": the object of skip / include.
_EMPTY = r"( (the|los|os))?( (days|dias))?( (empty|quiet|vacios|vazios))( (days|dias))?\b"

# Phrases folded into one token before reading word by word (accents already removed).
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bsend me (a )?preview( now)?\b", "preview"),
    (r"\b(vista previa|enviame una vista previa|mandame una vista previa)\b", "preview"),
    (r"\b(me manda|me envie|envie|manda)( uma)? previa( agora)?\b", "preview"),
    (r"\b(every ?day|each day|todos los dias|cada dia|todos os dias|diariamente)\b", "daily"),
    (r"\b(business days|work ?days|dias laborables|dias habiles|entre semana)\b", "weekdays"),
    (r"\b(dias uteis|durante a semana)\b", "weekdays"),
    (r"\b(weekends?|fines de semana|fin de semana|fins de semana|fim de semana)\b", "weekends"),
    (r"\b(this channel|este canal|neste canal|nesse canal|aca)\b", "here"),
    (rf"\b(skip|omit|omitir|saltar|pular|ignorar){_EMPTY}", "skipempty"),
    (rf"\b(include|keep|post|incluir|publicar|mantener|manter){_EMPTY}", "keepempty"),
    (r"\b(time ?zone|zona horaria|fuso horario|fuso)\b", "tz"),
    (r"\bpor favor\b", ""),
    (r"\b(a las|a la|as|at)\b", ""),
)

_WORDS: dict[str, str] = {
    **dict.fromkeys(("list", "ls", "show", "all", "lista", "listar", "ver", "mostrar"), "list"),
    **dict.fromkeys(("todos", "listado"), "list"),
    **dict.fromkeys(("help", "ayuda", "ajuda", "?"), "help"),
    **dict.fromkeys(("preview", "test", "now", "prueba", "ahora", "previa", "teste"), "preview"),
    **dict.fromkeys(("agora", "probar", "testar"), "preview"),
    **dict.fromkeys(("off", "stop", "disable", "pause", "apagar", "desactivar"), "off"),
    **dict.fromkeys(("detener", "pausar", "desligar", "desativar", "parar"), "off"),
    **dict.fromkeys(("on", "enable", "resume", "start", "activar", "encender"), "on"),
    **dict.fromkeys(("reanudar", "ligar", "ativar", "retomar"), "on"),
    **dict.fromkeys(("edit", "setup", "configure", "settings", "form", "modal"), "edit"),
    **dict.fromkeys(("editar", "configurar", "formulario"), "edit"),
    **dict.fromkeys(("here", "aqui"), "here"),
    **dict.fromkeys(("daily", "diario"), "daily"),
    # Filler: harmless words people add.
    **dict.fromkeys(("in", "en", "em", "no", "na", "el", "la", "o", "the", "every", "each"), ""),
    **dict.fromkeys(("de", "del", "do", "da", "for", "para", "please", "digest"), ""),
    **dict.fromkeys(("and", "y", "e", "&"), ""),
    **dict.fromkeys(("cada", "h", "hs", "hrs", "horas", "hora", "time", "channel", "canal"), ""),
}

# Language markers: words only one of the three languages uses.
_SPANISH = frozenset(
    [
        "ayuda",
        "prueba",
        "ahora",
        "desactivar",
        "activar",
        "encender",
        "reanudar",
        "lunes",
        "martes",
        "miercoles",
        "jueves",
        "viernes",
        "lun",
        "mie",
        "jue",
        "vie",
        "detener",
        "pausar",
        "formulario",
        "probar",
        "vacios",
        "listado",
        "los",
        "las",
        "el",
        "aca",
        "vista",
        "zona",
        "horaria",
        "vista",
    ]
)
_PORTUGUESE = frozenset(
    [
        "ajuda",
        "agora",
        "desligar",
        "desativar",
        "ligar",
        "ativar",
        "retomar",
        "segunda",
        "terca",
        "quarta",
        "quinta",
        "sexta",
        "seg",
        "ter",
        "qua",
        "qui",
        "sex",
        "teste",
        "testar",
        "parar",
        "vazios",
        "os",
        "neste",
        "nesse",
        "fuso",
    ]
)

_DAY_NAMES: dict[str, int] = {}
for _index, _names in enumerate(
    (
        "mon monday lun lunes seg segunda segunda-feira",
        "tue tues tuesday mar martes ter terca terca-feira",
        "wed wednesday mie miercoles qua quarta quarta-feira",
        "thu thur thurs thursday jue jueves qui quinta quinta-feira",
        "fri friday vie viernes sex sexta sexta-feira",
        "sat saturday sab sabado",
        "sun sunday dom domingo",
    )
):
    for _name in _names.split():
        _DAY_NAMES[_name] = _index

_DAY_WORD = "|".join(sorted(map(re.escape, _DAY_NAMES), key=len, reverse=True))
#: "from monday to friday", "de lunes a viernes", "de segunda a sexta" → "monday-friday".
_DAY_SPAN = re.compile(
    rf"\b(?:from |de )?({_DAY_WORD}) (?:to|through|thru|a|al|ate) ({_DAY_WORD})\b"
)
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2})|h)?(am|pm|a\.m\.|p\.m\.)?$")
_CHANNEL_ESCAPED = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{8,}$")
_CHANNEL_NAME = re.compile(r"^#([a-z0-9][a-z0-9._-]{0,79})$")
_DAY_RANGE = re.compile(r"^([a-z-]+?)(?:-|–|\.\.)([a-z-]+)$")


def fold(text: str) -> str:
    """Lower case without accents: "Miércoles" → "miercoles"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _language(typed: str, fallback: Language) -> Language:
    """Spanish or Portuguese when their own words outnumber the other's; else the fallback."""
    words = re.split(r"[\s,\-]+", fold(typed))
    votes = Counter("es" if w in _SPANISH else "pt" if w in _PORTUGUESE else "" for w in words)
    votes["pt"] += typed.lower().count("às")
    if votes["es"] == votes["pt"]:
        return fallback
    return "es" if votes["es"] > votes["pt"] else "pt"


def parse_digest_command(text: str, *, fallback_language: Language = "en") -> DigestCommand:
    """Read a digest command (with or without the leading word ``digest``).

    ``fallback_language`` (the user's Slack language) answers when the words do not
    say which language they are in. Raises DigestCommandError.
    """
    raw = unescape_slack(text).split()
    if raw and fold(raw[0]) == "digest":
        raw = raw[1:]
    target: ChannelRef | None = None
    rest: list[str] = []
    for word in raw:
        channel = _channel(word)
        if channel is not None and target is None:
            target = channel
        else:
            rest.append(word)
    folded = fold(" ".join(rest))
    language = _language(" ".join(rest), fallback_language)
    folded = _DAY_SPAN.sub(r"\1-\2", folded)
    for pattern, replacement in _PHRASES:
        folded = re.sub(pattern, replacement, folded)
    tokens = [token.strip(",") for token in folded.split()]
    return _read([token for token in tokens if token], target, language, rest)


def unescape_slack(text: str) -> str:
    """The command as typed: an escaped command (the manifest's should_escape) brings
    & < > as entities. Channel links keep their own brackets, ``<#C…|name>``."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _channel(word: str) -> ChannelRef | None:
    if match := _CHANNEL_ESCAPED.match(word):
        return ChannelRef(id=match.group(1), name=match.group(2) or None)
    if _CHANNEL_ID.match(word):
        return ChannelRef(id=word)
    if match := _CHANNEL_NAME.match(word.lower()):
        return ChannelRef(name=match.group(1))
    return None


def _read(
    tokens: list[str], target: ChannelRef | None, language: Language, typed: list[str]
) -> DigestCommand:
    actions: set[str] = set()
    time: tuple[int, int] | None = None
    days: set[int] = set()
    timezone: str | None = None
    skip_empty: bool | None = None
    unknown: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        word = _WORDS.get(token, token)
        if word == "" or word == "here":
            continue
        if word in ("list", "help", "preview", "off", "on", "edit"):
            actions.add(word)
        elif token in ("skipempty", "keepempty"):
            skip_empty = token == "skipempty"
        elif word == "daily":
            days |= EVERY_DAY
        elif token == "weekdays":
            days |= WEEKDAYS
        elif token == "weekends":
            days |= WEEKENDS
        elif token == "tz" and index < len(tokens):
            timezone = _zone(tokens[index])
            if timezone is None:
                unknown.append(tokens[index])
            index += 1
        elif (zone := _zone(token)) is not None:
            timezone = zone
        elif (span := _days(token)) is not None:
            days |= span
        elif (clock := _time(token, tokens[index] if index < len(tokens) else "")) is not None:
            time, used_suffix = clock
            index += used_suffix
        else:
            unknown.append(_as_typed(token, typed))
    if unknown:
        raise DigestCommandError(tuple(unknown), language)
    settings = time is not None or days or timezone is not None or skip_empty is not None
    if "help" in actions:
        return DigestHelp(language)
    if "edit" in actions:
        return OpenEditor(target, language)
    if "preview" in actions:
        return Preview(target, language)
    if "off" in actions:
        return SetEnabled(target, False, language)
    if "on" in actions and not settings:
        return SetEnabled(target, True, language)
    if "list" in actions or (target is None and not settings and not _said_here(tokens)):
        return ListDigests(language)
    return SetDigest(
        target=target,
        language=language,
        time=time,
        days=frozenset(days) if days else None,
        timezone=timezone,
        skip_empty=skip_empty,
    )


def _said_here(tokens: list[str]) -> bool:
    return any(_WORDS.get(token) == "here" for token in tokens)


def _zone(token: str) -> str | None:
    return find_zone(token) if "/" in token or token in ("utc", "gmt") else None


def _days(token: str) -> frozenset[int] | None:
    """mon / lunes / mon,wed,fri / mon-fri / lun-vie / seg..sex."""
    picked: set[int] = set()
    for part in filter(None, token.split(",")):
        if part in _DAY_NAMES:
            picked.add(_DAY_NAMES[part])
            continue
        match = _DAY_RANGE.match(part)
        if not match or match.group(1) not in _DAY_NAMES or match.group(2) not in _DAY_NAMES:
            return None
        first, last = _DAY_NAMES[match.group(1)], _DAY_NAMES[match.group(2)]
        picked |= {(first + n) % 7 for n in range((last - first) % 7 + 1)}
    return frozenset(picked) if picked else None


def _time(token: str, following: str) -> tuple[tuple[int, int], int] | None:
    """9 / 9:30 / 09.30 / 9h30 / 9am / 9:30pm / 9 pm → ((hour, minute), words used after)."""
    match = _TIME.match(token)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix, used = match.group(3), 0
    if suffix is None and following in ("am", "pm", "a.m.", "p.m."):
        suffix, used = following, 1
    if suffix is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return (hour, minute), used


def _as_typed(token: str, typed: list[str]) -> str:
    """The word as the user wrote it, for the error message."""
    for word in typed:
        if fold(word).strip(",") == token:
            return word
    return token
