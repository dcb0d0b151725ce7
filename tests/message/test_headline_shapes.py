"""Every shape of question, asked of the demo account through ``bulksends ask`` in each
language, as a campaign manager reads the answer: the sentence that answers, and the
figures under it. Written to ``snapshots/headlines.<language>.txt``: a change shows there
as a diff to read (``UPDATE_SNAPSHOTS=1`` writes them anew).

Besides the snapshot, each sentence's figures must be in the table beneath it: a number
with a separator, a decimal or a percent sign, or of three digits and more, said in the
sentence and shown nowhere under it is a sentence that does not match its table.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from bot.locale.languages import Language
from tests.cli.run import bulksends
from tests.factories import BLACK_FRIDAY_NOON, BUENOS_AIRES

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
LANGUAGES: tuple[Language, ...] = ("en", "es", "pt")
SEND = "8dbd9a53-8a3c-4502-95c6-b9a688d8c0a5"  # the demo's abandoned_cart that failed whole

#: Each shape, asked in English, Spanish and Portuguese, on Black Friday 2026 at noon.
QUESTIONS: dict[str, tuple[str, str, str]] = {
    "plain list": ("last week", "la semana pasada", "semana passada"),
    "bulk sends": (
        "how many bulk sends last month",
        "cuántos envíos masivos el mes pasado",
        "quantos envios em massa no mês passado",
    ),
    "recipients": (
        "how many recipients last month",
        "cuántos destinatarios el mes pasado",
        "quantos destinatários no mês passado",
    ),
    "sent": (
        "how many messages were sent last month",
        "cuántos mensajes se enviaron el mes pasado",
        "quantas mensagens foram enviadas no mês passado",
    ),
    "delivered": (
        "how many were delivered last month",
        "cuántos se entregaron el mes pasado",
        "quantos foram entregues no mês passado",
    ),
    "read": (
        "how many were read last month",
        "cuántos se leyeron el mes pasado",
        "quantos foram lidos no mês passado",
    ),
    "failed": (
        "how many messages failed last month",
        "cuántos mensajes fallaron el mes pasado",
        "quantas mensagens falharam no mês passado",
    ),
    "pending": ("pending messages", "mensajes pendientes", "mensagens pendentes"),
    "delivery rate": (
        "delivery rate last month",
        "tasa de entrega el mes pasado",
        "taxa de entrega no mês passado",
    ),
    "read rate": (
        "read rate of welcome_message in october",
        "tasa de lectura de welcome_message en octubre",
        "taxa de leitura de welcome_message em outubro",
    ),
    "failure rate": (
        "failure rate last month",
        "tasa de fallos el mes pasado",
        "taxa de falha no mês passado",
    ),
    "by template": (
        "last month by template",
        "el mes pasado por plantilla",
        "mês passado por modelo",
    ),
    "by sender": ("by sender last month", "por número el mes pasado", "por número no mês passado"),
    "by status": ("last month by status", "el mes pasado por estado", "mês passado por status"),
    "by language": ("last month by language", "el mes pasado por idioma", "mês passado por idioma"),
    "by day": ("last 14 days by day", "últimos 14 días por día", "últimos 14 dias por dia"),
    "by week": (
        "read rate per week last 2 months",
        "tasa de lectura por semana últimos 2 meses",
        "taxa de leitura por semana últimos 2 meses",
    ),
    "by month": (
        "recipients per month last 3 months",
        "destinatarios por mes últimos 3 meses",
        "destinatários por mês últimos 3 meses",
    ),
    "top": (
        "top 3 templates last month",
        "las 3 plantillas con más destinatarios el mes pasado",
        "os 3 modelos com mais destinatários no mês passado",
    ),
    "worst": (
        "worst templates last month",
        "las peores plantillas el mes pasado",
        "os piores modelos no mês passado",
    ),
    "best": (
        "best senders last month",
        "los mejores números el mes pasado",
        "os melhores números no mês passado",
    ),
    "least": (
        "least used templates last month",
        "las plantillas menos usadas el mes pasado",
        "os modelos menos usados no mês passado",
    ),
    "named periods compared": (
        "read rate in october vs september",
        "tasa de lectura en octubre vs septiembre",
        "taxa de leitura em outubro vs setembro",
    ),
    "weeks compared": (
        "this week vs last week",
        "esta semana contra la semana pasada",
        "esta semana comparado com a semana passada",
    ),
    "vs before": (
        "delivery rate last 7 days compared with before",
        "tasa de entrega últimos 7 días comparado con antes",
        "taxa de entrega últimos 7 dias comparado com antes",
    ),
    "trend": (
        "is delivery getting worse?",
        "evolución de la tasa de lectura",
        "tendência da taxa de entrega",
    ),
    "a phone number": (
        "from +54 9 11 5263-0780 last week",
        "desde el número +54 9 11 5263-0780 la semana pasada",
        "do número +54 9 11 5263-0780 semana passada",
    ),
    "a send id": (SEND, SEND, SEND),
    "an empty result": ("failed today", "fallidos hoy", "falharam hoje"),
    "cancelled sends": ("october 19", "19 de octubre", "19 de outubro"),
}


@cache
def answers(language: Language) -> tuple[tuple[str, str], ...]:
    """(question, what ``ask`` printed) for every shape."""
    index = LANGUAGES.index(language)
    found = []
    for questions in QUESTIONS.values():
        question = questions[index]
        ran = bulksends(
            "ask", question, "--lang", language, "--now", BLACK_FRIDAY_NOON.isoformat(),
            "--tz", BUENOS_AIRES,
        )  # fmt: skip
        assert ran.code == 0, (question, ran.err)
        found.append((question, ran.out))
    return tuple(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shape_reads_as_written(language: Language) -> None:
    written = "".join(
        f"## {shape}: {question}\n{out}\n"
        for shape, (question, out) in zip(QUESTIONS, answers(language), strict=True)
    )
    path = SNAPSHOTS / f"headlines.{language}.txt"
    if UPDATE or not path.exists():
        path.write_text(written, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == written, (
        f"{path.name} changed: review it, then UPDATE_SNAPSHOTS=1 to write it"
    )


#: A figure in a sentence: digits with separators, a decimal part, a percent sign.
_FIGURE = re.compile(r"\+?\d(?:[\d.,]*\d)?%?")


def figures(sentence: str) -> set[str]:
    """The figures a table must show too: not a day of the month, a year or a small count
    of groups ("3 senders")."""
    found = set()
    for figure in _FIGURE.findall(sentence):
        plain = figure.lstrip("+")
        year = re.fullmatch(r"20\d\d", plain) is not None
        if not year and (re.search(r"[.,%]", plain) or len(plain) >= 3):
            found.add(figure)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_in_a_sentence_is_in_the_table_beneath(language: Language) -> None:
    for question, out in answers(language):
        sentence, _, body = out.partition("\n")
        missing = {
            f
            for f in figures(sentence)
            if not re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d,]|\.\d)", body)
        }
        assert not missing, f"{question!r}: {sorted(missing)} in {sentence!r}, not beneath"
