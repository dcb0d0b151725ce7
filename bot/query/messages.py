"""What the parser tells a user it could not understand, in the language they wrote in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.locale.languages import Language
from bot.locale.translate import N_, Translator, translator
from bot.query.model import QueryError
from bot.query.problems import Problem

_SENTENCES: dict[Problem, str] = {
    Problem.TOO_LONG: N_(
        "That question is too long ({length} characters). "
        "Please keep it to {limit} characters or fewer."
    ),
    Problem.UNRECOGNIZED: N_("I didn't understand {words}."),
    Problem.TWO_TEMPLATES: N_("I can look at one template at a time, but you named {words}."),
    Problem.TWO_DATES: N_("I can look at one period at a time, but you gave {words}."),
    Problem.FUTURE: N_("{words} is in the future, so there are no bulk sends to show yet."),
    Problem.REVERSED: N_("{words} starts after it ends. Put the earlier date first."),
    Problem.BAD_DATE: N_("{words} is not a date I can look up."),
    Problem.BAD_TIMEZONE: N_("I don't know the time zone {words}."),
    Problem.BAD_CLOCK: N_("I can't tell what today's date is in {words}."),
    Problem.TOO_FAR: N_("{words} goes back too far: I can look as far back as {year}."),
    Problem.WRONG_WEEKDAY: N_("{words} doesn't add up: {date} is a {weekday}."),
    Problem.NEGATION: N_(
        "I can't leave statuses out: ask for the ones you want, like `completed or partial`."
    ),
    Problem.TWO_METRICS: N_("I can give one number at a time, but you asked for {words}."),
    Problem.TWO_GROUPS: N_(
        "I can break the sends down one way at a time, but you asked for {words}."
    ),
    Problem.TWO_SENDS: N_("I can show one send at a time, but you gave {words}."),
    Problem.TWO_NUMBERS: N_("I can look at one phone number at a time, but you gave {words}."),
    Problem.SEND_ID_ALONE: N_(
        "{words} is the id of one send: ask about it on its own to see that send's details."
    ),
    Problem.OPEN_COMPARISON: N_(
        "{words} has no first day, so there is no period before it to compare with."
    ),
    Problem.RECIPIENT: N_(
        "I can look at the numbers bulk sends go out from (`from +54 9 11 5555-0101`), "
        "not at the numbers they went to ({words} a number)."
    ),
}


#: Said after the words named back, where they are of a kind we can say more about.
WHY_NOTE = N_(
    "I can't tell why from totals, but each send's *Details* list why its messages failed: "
    "ask for the failed sends (`failed yesterday`) and open one, or give me a send's id."
)
TOP_LIMIT_NOTE = N_("A ranking lists at most {limit} (`top {limit}`).")


def _bold(word: str) -> str:
    return f"*{word}*"


def _message(problem: Problem, tr: Translator, words: str, *notes: str, **values: object) -> str:
    sentences = [tr._(_SENTENCES[problem], words=words, **values)]
    sentences += [tr._(note, **values) for note in notes]
    examples = tr._("Try: `failed last week`, `partial yesterday`, `welcome_message this month`.")
    return " ".join([*sentences, examples])


def unrecognized_error(
    words: Sequence[str],
    suggestions: Mapping[str, str],
    language: Language,
    *,
    negated: bool = False,
    why: bool = False,
    top_limit: int | None = None,
) -> QueryError:
    """Name every word back, with the closest known word where there is one.

    ``negated``: one of the words is a negation, so say why it cannot be used; ``why``: a
    "why" question, so say where the reasons are; ``top_limit``: a ranking's size over
    that limit was named, so say the limit.
    """
    tr = translator(language)
    named = []
    for word in words:
        suggestion = suggestions.get(word)
        named.append(
            tr._("{word} (did you mean *{suggestion}*?)", word=_bold(word), suggestion=suggestion)
            if suggestion
            else _bold(word)
        )
    notes = [_SENTENCES[Problem.NEGATION]] if negated else []
    notes += [WHY_NOTE] if why else []
    notes += [TOP_LIMIT_NOTE] if top_limit is not None else []
    values = {"limit": top_limit} if top_limit is not None else {}
    message = _message(Problem.UNRECOGNIZED, tr, ", ".join(named), *notes, **values)
    return QueryError(message, tuple(words), language, Problem.UNRECOGNIZED)


def pair_error(problem: Problem, first: str, second: str, language: Language) -> QueryError:
    """Two templates or two periods where only one can be used."""
    tr = translator(language)
    both = tr._("{first} and {second}", first=_bold(first), second=_bold(second))
    return QueryError(_message(problem, tr, both), (), language, problem)


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
    message = _message(problem, translator(language), _bold(phrase), **values)
    return QueryError(message, (), language, problem)


def too_long_error(length: int, limit: int, language: Language) -> QueryError:
    message = _message(Problem.TOO_LONG, translator(language), "", length=length, limit=limit)
    return QueryError(message, (), language, Problem.TOO_LONG)
