""" "Did you mean …?": the known word or template a word not understood most likely meant.

A wrong suggestion is worse than none ("other" → *ter*?), so a suggestion needs a close
match, and none is made for a negation or for a word that is itself a common word: the
user wrote what they meant, and we simply do not understand it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from bot.locale.languages import Language
from bot.query.text import normalize, tokenize
from bot.query.vocabulary import LEXICON, SPELLINGS, Kind

_CUTOFF = 0.8
_MIN_LENGTH = 3
_LONGEST_TEMPLATE_JOIN = 4  # "welcome message" → welcome_message, up to four words

# Everyday words of the three languages that are close to a word we know but mean
# something else; folded like lookups (no accents, lower case).
_EVERYDAY = """
    other others another hour hours quarter quarters minute minutes second seconds time
    times here where then than when whose who why yes yet new news now next night noon moon
    soon once one two three four five six seven eight nine ten sum sure same come came gone
    note notes nice age page pages team teams test tests text texts user users lists post
    posts part parts open opened close closed clear start started stop stopped end ended
    sender sets seat seats mail mails main mean meant mine more most much must maybe might
    make made mark marks mars marc moved move newer older old order orders sale sales fall
    falls fill full feel file files fine first fast fact face form front hot hit hat her his
    him head held hell hole home hope hose ours over song sing sign signs stay step still
    store story they thus tone took tool toward town true try turn type used very wait war
    weak well went will word words work world yours zero otro otra otros otras hora horas
    cuarto cuarta minuto minutos segundo aqui alli ahi donde cuando quien porque pero sino
    tambien bien mal mas muy mucho poco nada algo alguien siempre ahora luego mismo misma
    cada casa cosa caso paso pasa noche manana tarde adios vez veces semanal mensual anual
    numero lista equipo usuario usuarios texto prueba pruebas nuevo nueva viejo vieja sol
    sal sala ser estar tener hacer decir poder dar saber querer llegar pasar deber poner
    parecer quedar creer hablar llevar dejar seguir encontrar llamar venir pensar salir
    volver tomar conocer vivir sentir tratar mirar contar empezar esperar buscar existir
    entrar trabajar escribir perder producir ocurrir entender pedir recibir recordar
    terminar permitir aparecer conseguir comenzar servir sacar necesitar mantener resultar
    leer caer cambiar presentar crear abrir considerar oir acabar convertir ganar formar
    traer partir morir aceptar outro outra outros outras quarto ali onde quando quem tambem
    bem mais muito pouco alguem sempre agora mesmo mesma coisa passo passa noite manha tchau
    vezes mensal equipe teste testes novo nova velho velha fazer dizer chegar passar dever
    ficar crer falar levar deixar chamar vir sair voltar conhecer viver olhar comecar
    trabalhar escrever produzir ocorrer receber lembrar tirar precisar manter ler cair mudar
    apresentar criar ouvir converter ganhar trazer morrer aceitar sexo doce quer quintal
"""
_COMMON_WORDS = frozenset(_EVERYDAY.split())


def _vocabulary_candidates() -> dict[str, str]:
    """Words worth suggesting: one-word entries that mean something, as spelled."""
    candidates: dict[str, str] = {}
    for spelled in sorted(SPELLINGS):
        (key, *rest) = tuple(token.norm for token in tokenize(" ".join(spelled)))
        entry = LEXICON.get((key,))
        if rest or len(key) < _MIN_LENGTH or entry is None:
            continue
        if entry.kind not in (Kind.FILLER, Kind.NEGATION) and not entry.ambiguous:
            candidates.setdefault(key, spelled[0])
    return candidates


_CANDIDATES = _vocabulary_candidates()


def closest_word(norm: str) -> str | None:
    """The known word a typo most likely meant, as spelled ("lsat" → "last"), if any.

    Two swapped letters ("lsat") are the commonest slip, so they are tried first.
    """
    if len(norm) < _MIN_LENGTH or norm in _COMMON_WORDS:
        return None
    entry = LEXICON.get((norm,))
    if entry is not None and entry.kind is Kind.NEGATION:
        return None
    for i in range(len(norm) - 1):
        swapped = norm[:i] + norm[i + 1] + norm[i] + norm[i + 2 :]
        if swapped in _CANDIDATES:
            return _CANDIDATES[swapped]
    match = difflib.get_close_matches(norm, list(_CANDIDATES), n=1, cutoff=_CUTOFF)
    return _CANDIDATES[match[0]] if match else None


def closest_template(words: Sequence[str], templates: Iterable[str]) -> str | None:
    """The known template ``words[0]`` (maybe with the words after it) points at, if any.

    "welcome message" joins to welcome_message; "welcome" is a part of it and "wellcome"
    close to that part. ``words`` are folded words, in the order typed.
    """
    names = set(templates)
    if not names or not words:
        return None
    for size in range(min(len(words), _LONGEST_TEMPLATE_JOIN), 0, -1):
        joined = "_".join(words[:size])
        if joined in names:
            return joined
    word = words[0]
    scored = [(_likeness(word, name), -len(name), name) for name in names]
    score, _, name = max(scored)
    return name if score >= _CUTOFF else None


def _likeness(word: str, name: str) -> float:
    """How close ``word`` is to a template name or to one of its parts; 0 if not close."""
    matcher = difflib.SequenceMatcher(b=word)
    best = 0.0
    for candidate in (name, *name.split("_")):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            best = max(best, matcher.ratio())
    return best


def languages_of(spelled: str) -> frozenset[Language]:
    """The languages a suggested word belongs to ("ayer" → es), so a typo counts for them."""
    found = SPELLINGS.get((spelled,))
    if found is not None:
        return found
    entry = LEXICON.get((normalize(spelled),))
    return entry.langs if entry is not None else frozenset()
