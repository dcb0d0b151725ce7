"""Which language: the vote over a text's words, and the one rule for a reply's language.

Both grammars turn each word they know into a ``Clue`` (the languages whose pack has it,
and those that spell it exactly as typed) and call ``vote``. The reply's language is
then ``reply_language``: the user's locale; else the language the text is written in;
else the company's default; else English. docs/query-language.md tells the story.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.locale.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, language_of
from bot.locale.normalize import accented


@dataclass(frozen=True)
class Clue:
    """What one word says about the language it is written in."""

    #: The languages whose pack has the word, however spelled ("mes": es and pt's "mês").
    languages: frozenset[Language]
    #: Those that spell it exactly as typed, accents included ("mes": es).
    spelled: frozenset[Language] = frozenset()
    #: Typed with accents: its spelling is a deliberate choice.
    accented: bool = False
    #: Typed without the accents every language writes it with ("ultimos"): whoever
    #: drops one accent may have dropped them all, so plain spellings prove nothing.
    dropped_accents: bool = False


def word_clue(typed: str, spellings: Mapping[str, frozenset[Language]]) -> Clue:
    """The clue of a known word, from the ways each language spells it (lower case)."""
    languages = frozenset().union(*spellings.values())
    spelled = spellings.get(typed.lower(), frozenset())
    marked = accented(typed)
    return Clue(languages, spelled, marked, dropped_accents=not marked and not spelled)


@dataclass(frozen=True)
class Written:
    """The languages a text may be written in, best first; empty when no word told."""

    leaders: tuple[Language, ...] = ()

    @property
    def language(self) -> Language | None:
        """The language the words decide on, or None when they do not (or say nothing)."""
        return self.leaders[0] if len(self.leaders) == 1 else None


def vote(clues: Iterable[Clue]) -> Written:
    """The languages the words point to, weighing evidence from strongest to weakest.

    1. words of one language only ("con", "ontem", "failed");
    2. spellings with accents only one language uses ("días", "mês");
    3. spellings without accents only one language uses ("mes", "envios"), unless the
       text drops accents elsewhere ("envios con problemas ultimos 30 dias" is Spanish
       typed without accents, not Portuguese);
    4. words several languages share ("esta semana": never English).

    A language is compared with another on (1), then (2), (3) and (4) in turn; those
    tied at the top lead, in the order of ``LANGUAGES``.
    """
    clues = [clue for clue in clues if clue.languages]
    if not clues:
        return Written()
    dropping = any(clue.dropped_accents for clue in clues)
    scores = {language: [0, 0, 0, 0] for language in LANGUAGES}
    for clue in clues:
        for language in clue.languages:
            scores[language][3] += 1
        if len(clue.languages) == 1:
            scores[next(iter(clue.languages))][0] += 1
        elif clue.spelled and clue.spelled != clue.languages:
            tier = 1 if clue.accented else 2
            if tier == 1 or not dropping:
                for language in clue.spelled:
                    scores[language][tier] += 1
    best = max(scores.values())
    return Written(tuple(language for language in LANGUAGES if scores[language] == best))


def reply_language(
    *,
    user: str | None = None,
    written: Written | None = None,
    company: str | None = None,
) -> Language:
    """The language of a reply, by one rule used everywhere.

    ``user`` is the asker's own locale (Slack's ``locale``, the CLI's ``--lang`` or
    ``LANG``) and ``company`` the account's default, both as locale codes ("es-LA",
    "pt_BR.UTF-8"); an unsupported code counts as none. The rule:

    1. the user's locale;
    2. else the language the text is written in (``written``); when its words leave
       several languages level ("cancelados esta semana": Spanish or Portuguese), the
       company's default if it is one of them, else the first of them;
    3. else the company's default;
    4. else English.
    """
    own = language_of(user)
    if own is not None:
        return own
    default = language_of(company)
    if written is not None and written.leaders:
        if default in written.leaders:
            return default
        return written.leaders[0]
    return default or DEFAULT_LANGUAGE
