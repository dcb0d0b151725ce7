"""Which language a question is written in, and so which language answers it.

Spanish and Portuguese share many words, and people type both without accents: the words
of one language only decide first, then accented spellings, then plain spellings unless
the text drops accents elsewhere (bot/locale/choice.py).
"""

from __future__ import annotations

import pytest

from bot.locale.languages import Language
from bot.query.model import BulkSendQuery
from bot.query.parser import parse_query
from tests.factories import MONDAY

SPANISH_WITHOUT_ACCENTS = [
    "envios con problemas ultimos 30 dias",
    "fallidos de ayer",
    "envios fallidos de la semana pasada",
    "cuantos envios fallaron este mes",
    "mostrame los envios con error de hoy",
    "muestrame los envios parciales del 3 al 9 de noviembre",
    "parciales desde el lunes",
    "envios cancelados del mes pasado",
    "que envios hubo ayer",
    "envios en cola hoy",
    "envios masivos fallidos ultimos 7 dias",
    "plantilla promo ultimos 15 dias",
    "completados la semana pasada",
    "envios exitosos de octubre",
    "fallidos entre el 3 y el 9 de noviembre",
    "envios del miercoles",
    "cuantos fallaron hoy",
    "hubo envios con error ayer?",
    "envios en curso",
    "fallidos ultima semana",
    "envios de los ultimos 3 meses con problemas",
    "procesando desde el 1 de diciembre",
    "cancelados antes del 5 de noviembre",
    "fallidos despues del 3 de noviembre",
    "envios terminados el ano pasado",
    "parciales hasta el viernes",
    "fallidos anteayer",
    "envios de hoy por favor",
    "cuales fallaron el sabado pasado",
    "pendientes de este ano",
]

PORTUGUESE_WITHOUT_ACCENTS = [
    "envios que falharam nos ultimos 30 dias",
    "falhas de ontem",
    "envios com problemas da semana passada",
    "quantos envios falharam esse mes",
    "envios concluidos hoje",
    "parciais desde segunda",
    "envios cancelados do mes passado",
    "envios na fila",
    "envios em andamento",
    "modelo promo ultimos 15 dias",
    "envios de terca",
    "mostre os envios com falha de ontem",
    "envios entre 3 e 9 de novembro",
    "quais envios falharam hoje",
    "envios do mes passado com problemas",
    "concluidos semana passada",
    "falharam ate sexta",
    "envios com erro depois de 3 de novembro",
    "envios processando neste mes",
    "falhados anteontem",
    "envios com sucesso em outubro",
    "pendentes desde o dia 1",
    "envios com erro essa semana",
    "enfileirados hoje",
    "parciais no sabado",
    "falhas do ultimo mes",
    "envios de ontem por favor obrigado",
    "quantas falharam na semana passada",
    "envios finalizados ano passado",
    "falharam antes de 5 de novembro",
]


def _parsed(text: str, **options: str) -> BulkSendQuery:
    parsed = parse_query(text, now=MONDAY, tz="UTC", **options)  # type: ignore[arg-type]
    assert isinstance(parsed, BulkSendQuery)
    return parsed


@pytest.mark.parametrize("text", SPANISH_WITHOUT_ACCENTS)
def test_spanish_typed_without_accents_is_spanish(text: str) -> None:
    query = _parsed(text)
    assert (query.written_in, query.language) == ("es", "es")


@pytest.mark.parametrize("text", PORTUGUESE_WITHOUT_ACCENTS)
def test_portuguese_typed_without_accents_is_portuguese(text: str) -> None:
    query = _parsed(text)
    assert (query.written_in, query.language) == ("pt", "pt")


@pytest.mark.parametrize(
    ("text", "written_in"),
    [
        ("failed last week", "en"),
        ("este mes", "es"),  # spelled the Spanish way, and nothing says accents were dropped
        ("este mês", "pt"),
        ("últimos 30 días", "es"),
        ("últimos 30 dias", "pt"),
        ("esta semana", None),  # Spanish and Portuguese alike
        ("cancelados", None),
        ("envios ultimos 30 dias", None),  # accents dropped: "envios" proves nothing
        ("", None),
        ("promo2", None),
    ],
)
def test_written_in_is_none_when_the_words_do_not_decide(
    text: str, written_in: Language | None
) -> None:
    assert _parsed(text).written_in == written_in


@pytest.mark.parametrize(
    ("text", "user", "company", "language"),
    [
        ("failed last week", "es-LA", None, "es"),  # 1. the user's locale
        ("fallidos ayer", "pt-BR", "en", "pt"),
        ("fallidos ayer", None, "pt", "es"),  # 2. the words
        ("fallidos ayer", "fr-FR", None, "es"),  # a locale we do not speak counts as none
        ("esta semana", None, "pt", "pt"),  # words level between es and pt: the company's
        ("esta semana", None, "en", "es"),  # ... when it is one of them; else the first
        ("promo2", None, "pt_BR.UTF-8", "pt"),  # 3. the company's default
        ("promo2", None, None, "en"),  # 4. English
    ],
)
def test_one_rule_for_the_reply_language(
    text: str, user: str | None, company: str | None, language: Language
) -> None:
    options = {"user_language": user, "company_language": company}
    query = _parsed(text, **{k: v for k, v in options.items() if v is not None})
    assert query.language == language
