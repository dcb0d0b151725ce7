"""Every word and phrase the parser knows, in English, Spanish and Portuguese.

Phrases are written as people spell them. Lookups use the folded form (no case, no
accents), so "sábado" and "sabado" meet; the exact spelling only helps tell the
language apart ("mes" is Spanish, "mês" Portuguese).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.domain.sends import PROBLEMS, Status
from bot.locale.languages import Language
from bot.query.dates import Relative, Unit
from bot.query.text import tokenize


class Kind(StrEnum):
    FILLER = "filler"
    HELP = "help"
    STATUS = "status"
    TEMPLATE_WORD = "template_word"  # template / plantilla / modelo: the next word is a name
    RELATIVE = "relative"  # today, last week, el mes pasado...
    LAST = "last"  # last / past / últimos, before a count, a weekday or a month
    THIS = "this"  # this / este / esta, before a weekday or a month
    PAST_SUFFIX = "past_suffix"  # pasado / passada / anterior, after a weekday or a month
    UNIT = "unit"
    MONTH = "month"
    WEEKDAY = "weekday"
    PREP = "prep"
    NEGATION = "negation"  # not / sin / sem: never dropped, since it would flip the question
    # Made by the lexer rather than listed here:
    NUMBER = "number"
    ORDINAL = "ordinal"
    NUMERIC_DATE = "numeric_date"
    DASH = "dash"
    TEMPLATE = "template"
    SYMBOL = "symbol"  # an emoji, a symbol, a Slack mention or link: never understood
    WORD = "word"  # anything else: a known template name or a word not understood


class Prep(StrEnum):
    SINCE = "since"
    FROM = "from"
    UNTIL = "until"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"
    IN = "in"


@dataclass(frozen=True)
class Entry:
    kind: Kind
    langs: frozenset[Language] = frozenset()
    tag: str = ""  # a Relative, Unit or Prep value
    number: int = 0  # month 1-12 or weekday 0-6
    statuses: frozenset[Status] = frozenset()
    ambiguous: bool = False  # also an ordinary word: a date only in context ("may", "sun")
    needs_number: bool = False  # so common a word that only a day or year next to it dates it


_F, _P, _C, _Q, _R, _X = (
    Status.FAILED,
    Status.PARTIAL,
    Status.COMPLETED,
    Status.QUEUED,
    Status.PROCESSING,
    Status.CANCELLED,
)

_STATUS_WORDS: list[tuple[Language, frozenset[Status], str]] = [
    ("en", frozenset({_F}), "failed, fail, failure, failures, error, errors"),
    ("en", frozenset({_P}), "partial, partially, partials"),
    ("en", frozenset({_C}), "completed, complete, done, successful, succeeded, success, finished"),
    ("en", frozenset({_X}), "cancelled, canceled"),
    ("en", frozenset({_Q}), "queued, waiting, pending"),
    ("en", frozenset({_R}), "processing, in progress, running, sending"),
    ("en", PROBLEMS, "problems, with problems, problematic"),
    (
        "es",
        frozenset({_F}),
        "fallido, fallidos, fallida, fallidas, fallaron, falló, fallo, fallos, "
        "con error, con errores, error, errores",
    ),
    ("es", frozenset({_P}), "parcial, parciales, parcialmente"),
    (
        "es",
        frozenset({_C}),
        "completado, completados, completada, completadas, completos, exitoso, exitosos, "
        "exitosa, exitosas, finalizado, finalizados, terminado, terminados",
    ),
    ("es", frozenset({_X}), "cancelado, cancelados, cancelada, canceladas"),
    (
        "es",
        frozenset({_Q}),
        "en cola, encolado, encolados, encolada, encoladas, pendiente, pendientes",
    ),
    ("es", frozenset({_R}), "procesando, en proceso, en curso, enviando"),
    ("es", PROBLEMS, "con problemas, problemas"),
    (
        "pt",
        frozenset({_F}),
        "falhou, falharam, falha, falhas, com falha, com falhas, falhados, falhadas, "
        "falhado, com erro, com erros, erro, erros",
    ),
    ("pt", frozenset({_P}), "parcial, parciais, parcialmente"),
    (
        "pt",
        frozenset({_C}),
        "concluído, concluídos, concluída, concluídas, completos, finalizado, finalizados, "
        "finalizadas, com sucesso",
    ),
    ("pt", frozenset({_X}), "cancelado, cancelados, cancelada, canceladas"),
    (
        "pt",
        frozenset({_Q}),
        "na fila, em fila, enfileirado, enfileirados, enfileiradas, pendente, pendentes",
    ),
    ("pt", frozenset({_R}), "processando, em andamento, em processamento, enviando"),
    ("pt", PROBLEMS, "com problemas, problemas"),
]

_RELATIVE_WORDS: list[tuple[Language, Relative, str]] = [
    ("en", Relative.TODAY, "today"),
    ("en", Relative.YESTERDAY, "yesterday"),
    ("en", Relative.DAY_BEFORE_YESTERDAY, "day before yesterday"),
    ("en", Relative.THIS_WEEK, "this week, current week"),
    ("en", Relative.LAST_WEEK, "last week, previous week"),
    ("en", Relative.PAST_WEEK, "past week"),
    ("en", Relative.THIS_MONTH, "this month, current month"),
    ("en", Relative.LAST_MONTH, "last month, previous month"),
    ("en", Relative.PAST_MONTH, "past month"),
    ("en", Relative.THIS_YEAR, "this year, current year"),
    ("en", Relative.LAST_YEAR, "last year, previous year"),
    ("en", Relative.PAST_YEAR, "past year"),
    ("es", Relative.TODAY, "hoy"),
    ("es", Relative.YESTERDAY, "ayer"),
    ("es", Relative.DAY_BEFORE_YESTERDAY, "anteayer, antier, antes de ayer"),
    ("es", Relative.THIS_WEEK, "esta semana"),
    ("es", Relative.LAST_WEEK, "semana pasada, semana anterior, última semana"),
    ("es", Relative.THIS_MONTH, "este mes"),
    ("es", Relative.LAST_MONTH, "mes pasado, mes anterior, último mes"),
    ("es", Relative.THIS_YEAR, "este año"),
    ("es", Relative.LAST_YEAR, "año pasado, año anterior, último año"),
    ("pt", Relative.TODAY, "hoje"),
    ("pt", Relative.YESTERDAY, "ontem"),
    ("pt", Relative.DAY_BEFORE_YESTERDAY, "anteontem"),
    ("pt", Relative.THIS_WEEK, "esta semana, essa semana, nesta semana, nessa semana"),
    ("pt", Relative.LAST_WEEK, "semana passada, semana anterior, última semana"),
    ("pt", Relative.THIS_MONTH, "este mês, esse mês, neste mês, nesse mês"),
    ("pt", Relative.LAST_MONTH, "mês passado, mês anterior, último mês"),
    ("pt", Relative.THIS_YEAR, "este ano, esse ano, neste ano, nesse ano"),
    ("pt", Relative.LAST_YEAR, "ano passado, ano anterior, último ano"),
]

_UNIT_WORDS: list[tuple[Language, Unit, str]] = [
    ("en", Unit.DAY, "day, days"),
    ("en", Unit.WEEK, "week, weeks"),
    ("en", Unit.MONTH, "month, months"),
    ("en", Unit.YEAR, "year, years"),
    ("es", Unit.DAY, "día, días"),
    ("es", Unit.WEEK, "semana, semanas"),
    ("es", Unit.MONTH, "mes, meses"),
    ("es", Unit.YEAR, "año, años"),
    ("pt", Unit.DAY, "dia, dias"),
    ("pt", Unit.WEEK, "semana, semanas"),
    ("pt", Unit.MONTH, "mês, meses"),
    ("pt", Unit.YEAR, "ano, anos"),
]

# One line per month, January first: "names | ambiguous | number-only". Ambiguous words are
# also ordinary words, so alone they are not dates ("may"); "ago" is one too, or "2 days ago"
# would mean August. Number-only words are common English words ("out", "set"): only a day
# or a year right next to them makes them months ("3 out", "set 2025").
_MONTHS: dict[Language, list[str]] = {
    "en": [
        "january, jan",
        "february, feb",
        "march | mar",
        "april, apr",
        "| may",
        "june, jun",
        "july, jul",
        "august, aug",
        "september, sep, sept",
        "october, oct",
        "november, nov",
        "december, dec",
    ],
    "es": [
        "enero, ene",
        "febrero, feb",
        "marzo | mar",
        "abril, abr",
        "mayo",
        "junio, jun",
        "julio, jul",
        "agosto | ago",
        "septiembre, setiembre, sep, sept | | set",
        "octubre, oct",
        "noviembre, nov",
        "diciembre, dic",
    ],
    "pt": [
        "janeiro, jan",
        "fevereiro, fev",
        "março | mar",
        "abril, abr",
        "maio, mai",
        "junho, jun",
        "julho, jul",
        "agosto | ago",
        "setembro | | set",
        "outubro | | out",
        "novembro, nov",
        "dezembro, dez",
    ],
}

# One line per weekday, Monday first. Words after "|" are also ordinary words ("ter" is
# Portuguese for "to have", "sex" an English word).
_WEEKDAYS: dict[Language, list[str]] = {
    "en": [
        "monday | mon",
        "tuesday, tue, tues",
        "wednesday, wed",
        "thursday, thu, thur, thurs",
        "friday, fri",
        "saturday | sat",
        "sunday | sun",
    ],
    "es": [
        "lunes, lun",
        "martes",
        "miércoles, mié",
        "jueves, jue",
        "viernes, vie",
        "sábado, sáb",
        "domingo | dom",
    ],
    "pt": [
        "segunda, segunda-feira, segunda feira | seg",
        "terça, terça-feira, terça feira | ter",
        "quarta, quarta-feira, quarta feira, qua",
        "quinta, quinta-feira, quinta feira, qui",
        "sexta, sexta-feira, sexta feira | sex",
        "sábado, sáb",
        "domingo | dom",
    ],
}

_PREPS: list[tuple[Language, Prep, str]] = [
    ("en", Prep.SINCE, "since, starting"),
    ("en", Prep.FROM, "from"),
    ("en", Prep.UNTIL, "until, till, til, through, thru, up to"),
    ("en", Prep.BEFORE, "before"),
    ("en", Prep.AFTER, "after"),
    ("en", Prep.BETWEEN, "between"),
    ("en", Prep.IN, "in, on, during"),
    ("es", Prep.SINCE, "desde, a partir de, a partir del"),
    ("es", Prep.UNTIL, "hasta"),
    ("es", Prep.BEFORE, "antes, antes de, antes del"),
    ("es", Prep.AFTER, "después, después de, después del"),
    ("es", Prep.BETWEEN, "entre"),
    ("es", Prep.IN, "en, durante"),
    ("pt", Prep.SINCE, "desde, a partir de, a partir do, a partir da"),
    ("pt", Prep.UNTIL, "até"),
    ("pt", Prep.BEFORE, "antes, antes de, antes do, antes da"),
    ("pt", Prep.AFTER, "depois, depois de, depois do, depois da"),
    ("pt", Prep.BETWEEN, "entre"),
    ("pt", Prep.IN, "em, na, nos, nas, durante"),
]

_SIMPLE: list[tuple[Language, Kind, str]] = [
    ("en", Kind.HELP, "help"),
    ("es", Kind.HELP, "ayuda"),
    ("pt", Kind.HELP, "ajuda"),
    ("en", Kind.TEMPLATE_WORD, "template"),
    ("es", Kind.TEMPLATE_WORD, "plantilla"),
    ("pt", Kind.TEMPLATE_WORD, "modelo"),
    ("en", Kind.LAST, "last, past, previous"),
    ("es", Kind.LAST, "último, últimos, última, últimas"),
    ("pt", Kind.LAST, "último, últimos, última, últimas"),
    ("en", Kind.THIS, "this, current"),
    ("es", Kind.THIS, "este, esta"),
    ("pt", Kind.THIS, "este, esta, esse, essa, neste, nesta"),
    ("es", Kind.PAST_SUFFIX, "pasado, pasada, anterior"),
    ("pt", Kind.PAST_SUFFIX, "passado, passada, anterior"),
    (
        "en",
        Kind.FILLER,
        "show, showing, me, the, send, sends, sent, bulk, all, please, pls, plz, of, for, what, "
        "what's, which, were, was, are, is, my, our, any, list, get, give, see, view, find, tell, "
        "about, a, an, that, those, these, them, it, campaign, campaigns, message, messages, "
        "broadcast, broadcasts, whatsapp, how, many, status, statuses, i, want, to, can, you, "
        "could, would, like, there, at, only, just, hi, hello, hey, thanks, thank, and, or, with, "
        "by, have, has, had, did, do, does, let, us, some, ones, been, happened, number, count, "
        "total, so, far",
    ),
    (
        "es",
        Kind.FILLER,
        "mostrar, muestra, muéstrame, mostrame, muestre, mostrarme, dame, ver, quiero, quisiera, "
        "me, los, las, el, la, lo, un, una, unos, unas, envío, envíos, masivo, masivos, masiva, "
        "masivas, de, del, al, a, por, favor, que, qué, cuál, cuáles, cuántos, cuántas, mi, mis, "
        "todo, todos, todas, campaña, campañas, mensaje, mensajes, hay, hubo, fue, fueron, son, "
        "están, estado, estados, sobre, para, hola, gracias, solo, sólo, solamente, y, o, con, "
        "whatsapp, dime, tengo, tuve",
    ),
    (
        "pt",
        Kind.FILLER,
        "mostrar, mostre, mostra, mostre-me, mostra-me, me, ver, quero, queria, os, as, o, a, um, "
        "uma, uns, umas, envio, envios, massa, do, da, dos, das, de, ao, aos, por, favor, que, "
        "quais, qual, quantos, quantas, meu, meus, minha, minhas, todo, todos, todas, campanha, "
        "campanhas, mensagem, mensagens, foi, foram, são, estão, sobre, para, olá, oi, obrigado, "
        "obrigada, só, apenas, somente, e, ou, com, tem, teve, houve, pelo, pela, whatsapp, status",
    ),
]

# Words that negate: dropping one would flip the question ("no fallaron" is not "fallaron").
_NEGATIONS: list[tuple[Language, str]] = [
    (
        "en",
        "not, non, without, except, excluding, exclude, never, none, nor, neither, isn't, isnt, "
        "aren't, arent, wasn't, wasnt, weren't, werent, don't, dont, doesn't, doesnt, didn't, "
        "didnt, haven't, hasn't, hadn't",
    ),
    ("es", "sin, excepto, salvo, menos, ni, nunca, tampoco, ninguno, ninguna, ningún, excluyendo"),
    ("pt", "não, sem, exceto, salvo, menos, nem, nunca, nenhum, nenhuma, excluindo"),
]
# "no" negates in English and Spanish, and is Portuguese for "in the" ("no dia 3"): one entry,
# a negation unless a Portuguese date follows it (phrases.py).
NO = "no"

# Counts for "last N days" spelled out; checked only right after last / últimos.
NUMBER_WORDS: dict[str, int] = {
    word: value
    for words in (
        "one two three four five six seven eight nine ten eleven twelve",
        "uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
        "um dois tres quatro cinco seis sete oito nove dez onze doze",
    )
    for value, word in enumerate(words.split(), start=1)
} | {"una": 1, "uma": 1, "duas": 2}


def _phrases(text: str) -> list[str]:
    return [phrase.strip() for phrase in text.split(",") if phrase.strip()]


# How sure each section of a "names | ambiguous | number-only" line is: (ambiguous, needs_number).
_SECTIONS = ((False, False), (True, False), (True, True))


def _calendar_names(lines: list[str]) -> Iterable[tuple[int, str, bool, bool]]:
    """(index, name, ambiguous, needs_number) for each name on each line."""
    for index, line in enumerate(lines):
        for section, (ambiguous, needs_number) in zip(line.split("|"), _SECTIONS, strict=False):
            for phrase in _phrases(section):
                yield index, phrase, ambiguous, needs_number


def _build() -> tuple[dict[tuple[str, ...], Entry], dict[tuple[str, ...], frozenset[Language]]]:
    lexicon: dict[tuple[str, ...], Entry] = {}
    spellings: dict[tuple[str, ...], frozenset[Language]] = {}

    def add(language: Language, text: str, entry: Entry) -> None:
        for phrase in _phrases(text):
            tokens = tokenize(phrase)
            key = tuple(token.norm for token in tokens)
            spelled = tuple(token.text.lower() for token in tokens)
            known = lexicon.get(key)
            if known is not None and replace(known, langs=frozenset()) != entry:
                raise ValueError(f"{phrase!r} has two meanings")
            langs = (known.langs if known else frozenset()) | {language}
            lexicon[key] = replace(entry, langs=langs)
            spellings[spelled] = spellings.get(spelled, frozenset()) | {language}

    for language, statuses, text in _STATUS_WORDS:
        add(language, text, Entry(Kind.STATUS, statuses=statuses))
    for language, relative, text in _RELATIVE_WORDS:
        add(language, text, Entry(Kind.RELATIVE, tag=relative))
    for language, unit, text in _UNIT_WORDS:
        add(language, text, Entry(Kind.UNIT, tag=unit))
    for language, prep, text in _PREPS:
        add(language, text, Entry(Kind.PREP, tag=prep))
    for language, kind, text in _SIMPLE:
        add(language, text, Entry(kind))
    for language, text in _NEGATIONS:
        add(language, text, Entry(Kind.NEGATION))
    for language in ("en", "es", "pt"):
        add(language, NO, Entry(Kind.NEGATION, tag=Prep.IN))
    for kind, names, first in ((Kind.MONTH, _MONTHS, 1), (Kind.WEEKDAY, _WEEKDAYS, 0)):
        for language, lines in names.items():
            for index, name, ambiguous, needs_number in _calendar_names(lines):
                number = index + first
                add(
                    language,
                    name,
                    Entry(kind, number=number, ambiguous=ambiguous, needs_number=needs_number),
                )
    return lexicon, spellings


LEXICON, SPELLINGS = _build()
LONGEST_PHRASE = max(len(key) for key in LEXICON)
