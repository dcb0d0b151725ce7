"""What the parser tells a user it could not understand, in the language they wrote in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum

from bot.locale.languages import Language
from bot.query.model import QueryError


class Problem(StrEnum):
    TOO_LONG = "too_long"
    UNRECOGNIZED = "unrecognized"
    TWO_TEMPLATES = "two_templates"
    TWO_DATES = "two_dates"
    FUTURE = "future"
    REVERSED = "reversed"
    BAD_DATE = "bad_date"
    BAD_TIMEZONE = "bad_timezone"
    BAD_CLOCK = "bad_clock"
    TOO_FAR = "too_far"
    WRONG_WEEKDAY = "wrong_weekday"
    NEGATION = "negation"


_EXAMPLES: dict[Language, str] = {
    "en": "Try: `failed last week`, `partial yesterday`, `welcome_message this month`.",
    "es": "Prueba: `fallidos la semana pasada`, `parciales ayer`, `welcome_message este mes`.",
    "pt": "Experimente: `falharam semana passada`, `parciais ontem`, `welcome_message este mês`.",
}

_DID_YOU_MEAN: dict[Language, str] = {
    "en": "{word} (did you mean *{suggestion}*?)",
    "es": "{word} (¿quisiste decir *{suggestion}*?)",
    "pt": "{word} (você quis dizer *{suggestion}*?)",
}

_AND: dict[Language, str] = {"en": "and", "es": "y", "pt": "e"}

_TEXTS: dict[Language, dict[Problem, str]] = {
    "en": {
        Problem.TOO_LONG: "That question is too long ({length} characters). "
        "Please keep it to {limit} characters or fewer.",
        Problem.UNRECOGNIZED: "I didn't understand {words}.",
        Problem.TWO_TEMPLATES: "I can look at one template at a time, but you named {words}.",
        Problem.TWO_DATES: "I can look at one period at a time, but you gave {words}.",
        Problem.FUTURE: "{words} is in the future, so there are no bulk sends to show yet.",
        Problem.REVERSED: "{words} starts after it ends. Put the earlier date first.",
        Problem.BAD_DATE: "{words} is not a date I can look up.",
        Problem.BAD_TIMEZONE: "I don't know the time zone {words}.",
        Problem.BAD_CLOCK: "I can't tell what today's date is in {words}.",
        Problem.TOO_FAR: "{words} goes back too far: I can look as far back as {year}.",
        Problem.WRONG_WEEKDAY: "{words} doesn't add up: {date} is a {weekday}.",
        Problem.NEGATION: "I can't leave statuses out: ask for the ones you want, "
        "like `completed or partial`.",
    },
    "es": {
        Problem.TOO_LONG: "La pregunta es demasiado larga ({length} caracteres). "
        "Puede tener hasta {limit} caracteres.",
        Problem.UNRECOGNIZED: "No entendí {words}.",
        Problem.TWO_TEMPLATES: "Puedo mirar una plantilla a la vez, pero nombraste {words}.",
        Problem.TWO_DATES: "Puedo mirar un período a la vez, pero indicaste {words}.",
        Problem.FUTURE: "{words} está en el futuro, así que todavía no hay envíos masivos.",
        Problem.REVERSED: "{words} empieza después de terminar. Pon primero la fecha anterior.",
        Problem.BAD_DATE: "{words} no es una fecha que pueda consultar.",
        Problem.BAD_TIMEZONE: "No conozco la zona horaria {words}.",
        Problem.BAD_CLOCK: "No puedo saber qué día es hoy en {words}.",
        Problem.TOO_FAR: "{words} va demasiado atrás: puedo buscar desde {year}.",
        Problem.WRONG_WEEKDAY: "{words} no cuadra: el {date} es {weekday}.",
        Problem.NEGATION: "No puedo dejar estados afuera: pide los que quieres, "
        "como `completados o parciales`.",
    },
    "pt": {
        Problem.TOO_LONG: "A pergunta é longa demais ({length} caracteres). "
        "Ela pode ter até {limit} caracteres.",
        Problem.UNRECOGNIZED: "Não entendi {words}.",
        Problem.TWO_TEMPLATES: "Posso olhar um modelo por vez, mas você citou {words}.",
        Problem.TWO_DATES: "Posso olhar um período por vez, mas você indicou {words}.",
        Problem.FUTURE: "{words} está no futuro, então ainda não há envios em massa.",
        Problem.REVERSED: "{words} começa depois de terminar. Coloque a data anterior primeiro.",
        Problem.BAD_DATE: "{words} não é uma data que eu possa consultar.",
        Problem.BAD_TIMEZONE: "Não conheço o fuso horário {words}.",
        Problem.BAD_CLOCK: "Não consigo saber que dia é hoje em {words}.",
        Problem.TOO_FAR: "{words} vai longe demais no passado: posso buscar a partir de {year}.",
        Problem.WRONG_WEEKDAY: "{words} não confere: {date} é {weekday}.",
        Problem.NEGATION: "Não consigo deixar status de fora: peça os que você quer, "
        "como `concluídos ou parciais`.",
    },
}


def _bold(word: str) -> str:
    return f"*{word}*"


def _both(first: str, second: str, language: Language) -> str:
    return f"{_bold(first)} {_AND[language]} {_bold(second)}"


def _message(
    problem: Problem, language: Language, words: str, *notes: Problem, **values: object
) -> str:
    sentences = [_TEXTS[language][problem].format(words=words, **values)]
    sentences += [_TEXTS[language][note] for note in notes]
    return " ".join([*sentences, _EXAMPLES[language]])


def unrecognized_error(
    words: Sequence[str],
    suggestions: Mapping[str, str],
    language: Language,
    *,
    negated: bool = False,
) -> QueryError:
    """Name every word back, with the closest known word where there is one.

    ``negated``: one of the words is a negation, so say why it cannot be used.
    """
    named = []
    for word in words:
        suggestion = suggestions.get(word)
        named.append(
            _DID_YOU_MEAN[language].format(word=_bold(word), suggestion=suggestion)
            if suggestion
            else _bold(word)
        )
    notes = (Problem.NEGATION,) if negated else ()
    message = _message(Problem.UNRECOGNIZED, language, ", ".join(named), *notes)
    return QueryError(message, tuple(words), language)


def pair_error(problem: Problem, first: str, second: str, language: Language) -> QueryError:
    """Two templates or two periods where only one can be used."""
    return QueryError(_message(problem, language, _both(first, second, language)), (), language)


def phrase_error(
    problem: Problem, phrase: str, language: Language, day: date | None = None
) -> QueryError:
    """A date phrase (or time zone) that names nothing usable.

    ``day`` is the date the sentence needs: the earliest day one may ask about (TOO_FAR),
    or the day that is on another weekday (WRONG_WEEKDAY).
    """
    values: dict[str, object] = {}
    if problem is Problem.TOO_FAR and day is not None:
        values["year"] = day.year
    if problem is Problem.WRONG_WEEKDAY and day is not None:
        # Imported here: Babel's locale data is only needed on this rare path.
        from babel.dates import format_date

        values["date"] = format_date(day, "long", locale=language)
        values["weekday"] = format_date(day, "EEEE", locale=language)
    return QueryError(_message(problem, language, _bold(phrase), **values), (), language)


def too_long_error(length: int, limit: int, language: Language) -> QueryError:
    message = _message(Problem.TOO_LONG, language, "", length=length, limit=limit)
    return QueryError(message, (), language)
