"""A Spanish or Portuguese reader sees no English: the terminal answer and the Slack answer.

What `bulksends ask "fallidos la semana pasada" --lang es` prints, built from the demo
account with the builders themselves, for a narrow and a broad question in each
language. Data (template and sender names, phone numbers, the time zone) is taken out
first: those are the company's words, not ours.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.demo.api import FakeMindoApi
from bot.demo.data import DEMO_TIMEZONE, DemoDataset
from bot.locale.languages import Language
from bot.message import build_help_message, build_summary_message
from bot.message.answer import build_answer_message
from bot.message.errors import mindo_error_text
from bot.message.newer import NEWER_KINDS
from bot.mindo.client import MindoClient
from bot.mindo.errors import MindoUnavailableError
from bot.query.model import BulkSendQuery
from bot.query.parser import parse_query
from bot.report import summarise
from bot.service.account import Account
from bot.service.questions import Answer
from bot.terminal import render_answer, render_help
from tests.factories import MARCH_TUESDAY_NOON as NOW

#: Words of our English interface that are not also Spanish or Portuguese words.
ENGLISH = frozenset(
    [
        "about",
        "after",
        "all",
        "and",
        "answers",
        "ask",
        "at",
        "before",
        "between",
        "bulk",
        "by",
        "cancelled",
        "channel",
        "completed",
        "created",
        "dates",
        "day",
        "default",
        "delivered",
        "delivery",
        "details",
        "done",
        "every",
        "failed",
        "failure",
        "fewer",
        "filters",
        "finished",
        "for",
        "glance",
        "in",
        "is",
        "last",
        "left",
        "match",
        "month",
        "more",
        "new",
        "next",
        "nothing",
        "now",
        "of",
        "only",
        "or",
        "page",
        "partial",
        "pending",
        "period",
        "periods",
        "previous",
        "problems",
        "processing",
        "progress",
        "queued",
        "rate",
        "rates",
        "read",
        "reason",
        "reasons",
        "recipients",
        "send",
        "sender",
        "sending",
        "sends",
        "sent",
        "share",
        "since",
        "started",
        "statuses",
        "template",
        "templates",
        "the",
        "this",
        "time",
        "times",
        "to",
        "today",
        "try",
        "until",
        "updated",
        "use",
        "week",
        "wider",
        "with",
        "year",
        "yesterday",
        "you",
        "your",
        "zone",
        # The answers' sentences, tables and charts.
        "against",
        "better",
        "bottom",
        "change",
        "compared",
        "down",
        "from",
        "got",
        "highest",
        "language",
        "languages",
        "lowest",
        "message",
        "messages",
        "most",
        "none",
        "number",
        "out",
        "overall",
        "per",
        "points",
        "recipient",
        "rows",
        "same",
        "senders",
        "shorter",
        "still",
        "top",
        "up",
        "worse",
    ]
)
#: Written the same in English and in one of the languages.
SHARED: dict[Language, frozenset[str]] = {"es": frozenset(), "pt": frozenset({"status", "use"})}

QUESTIONS: dict[Language, tuple[str, ...]] = {
    "es": ("fallidos la semana pasada", "este mes", "cancelados ayer"),
    "pt": ("falharam semana passada", "este mês", "cancelados ontem"),
}
KEY = "mindo_test_no_english_0000000000"
_SLACK_DATE = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")


def answer(dataset: DemoDataset, question: str) -> Answer:
    """What the service answers, from the demo data without the network."""
    query = parse_query(question, now=NOW, tz=DEMO_TIMEZONE)
    assert isinstance(query, BulkSendQuery)
    zone = ZoneInfo(query.timezone)
    start, end = query.range.start, query.range.end
    sends = [
        s
        for s in dataset.sends
        if (start is None or start <= s.created_at.astimezone(zone).date())
        and s.created_at.astimezone(zone).date() <= end
        and (not query.statuses or s.status in query.statuses)
    ]
    today = NOW.astimezone(zone).date()
    return Answer(query, summarise(sends), True, 1, 1, 0.0, today)


def company_words(dataset: DemoDataset) -> set[str]:
    """The data's own words: names of templates and senders, numbers, the zone."""
    data = {DEMO_TIMEZONE}
    for send in dataset.sends:
        data |= {send.template.name, send.phone_number.verified_name}
        data.add(send.phone_number.display_phone_number)
    return data


def english_words(text: str, data: set[str], language: Language) -> set[str]:
    text = _SLACK_DATE.sub(r"\1", text)  # the token's own words are Slack's, not shown
    text = text.replace("bulksends ask", " ")  # a command, the same in every language
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    words = {word.lower() for word in re.findall(r"[^\W\d_]+", text)}
    return (words & ENGLISH) - SHARED[language]


def shown_text(message: dict[str, Any]) -> str:
    """Every text a person sees: text objects, table cells, a chart's words, and the
    fallback (not ids or button values)."""
    found = [message["text"]]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn", "raw_text"):
                found.append(node["text"])
            for key in ("title", "name", "label", "x_label", "y_label"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            found.extend(c for c in node.get("categories", ()) if isinstance(c, str))
            for key, value in node.items():
                if key not in ("value", "action_id", "block_id"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message["blocks"])
    return "\n".join(found)


def test_the_check_would_catch_english() -> None:
    found = english_words(
        "Bulk sends · failed · welcome_message · last week", {"welcome_message"}, "es"
    )
    assert found == {"bulk", "sends", "failed", "last", "week"}
    assert english_words("*Status:* fallidos", set(), "pt") == set()


@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_terminal_answer_has_no_english(dataset: DemoDataset, language: Language) -> None:
    for question in QUESTIONS[language]:
        printed = render_answer(answer(dataset, question), language=language)
        assert english_words(printed, company_words(dataset), language) == set(), printed


@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_slack_answer_has_no_english(dataset: DemoDataset, language: Language) -> None:
    for question in QUESTIONS[language]:
        found = answer(dataset, question)
        message = build_summary_message(found.query, found.report, demo=True, today=found.today)
        shown = shown_text(message.to_dict())
        assert english_words(shown, company_words(dataset), language) == set(), shown


@pytest.mark.parametrize("language", ["es", "pt"])
def test_help_and_errors_have_no_english(dataset: DemoDataset, language: Language) -> None:
    help_text = shown_text(build_help_message(language, demo=True).to_dict())
    busy = MindoUnavailableError("busy", method="GET", url="https://api.example/")
    for text in (render_help(language), help_text, mindo_error_text(busy, language)):
        assert english_words(text, company_words(dataset), language) == set(), text


#: A question of each shape, as people write them.
SHAPED: dict[Language, tuple[str, ...]] = {
    "es": (
        "cuántos fallaron la semana pasada",
        "tasa de lectura de welcome_message en febrero",
        "tasa de lectura este mes contra el mes pasado",
        "las 3 plantillas con más fallos este mes",
        "tasa de entrega por día últimos 30 días",
        "tendencia semanal de fallidos este año",
        "por número este mes",
        "por estado este mes",
        "por idioma el mes pasado",
        "desde el +54 9 11 5263-0780 este mes",
    ),
    "pt": (
        "quantos falharam semana passada",
        "taxa de leitura de welcome_message em fevereiro",
        "taxa de leitura este mês comparado com o mês passado",
        "os 3 modelos com mais falhas este mês",
        "taxa de entrega por dia últimos 30 dias",
        "tendência semanal de falhas este ano",
        "por número este mês",
        "por status este mês",
        "por idioma mês passado",
        "do número +54 9 11 5263-0780 este mês",
    ),
}


async def shaped_answers(dataset: DemoDataset, language: Language) -> list[Answer]:
    api = FakeMindoApi(dataset, api_key=KEY)
    client = MindoClient("https://mindo.test", KEY, transport=httpx.MockTransport(api.handle))
    account = Account(client, demo=True, clock=lambda: NOW)
    found = []
    for question in SHAPED[language]:
        parsed = await account.parse(question, DEMO_TIMEZONE)
        assert isinstance(parsed, BulkSendQuery) and parsed.language == language, question
        found.append(await account.answer(parsed))
    one = await account.parse(dataset.sends[3].id, DEMO_TIMEZONE, user_language=language)
    assert isinstance(one, BulkSendQuery)
    found.append(await account.answer(one))
    return found


@pytest.mark.parametrize("language", ["es", "pt"])
async def test_every_shape_of_answer_has_no_english(
    dataset: DemoDataset, language: Language
) -> None:
    data = company_words(dataset) | {"es", "en", "pt"}
    for found in await shaped_answers(dataset, language):
        for refused in (frozenset(), NEWER_KINDS):
            message = build_answer_message(found, now=NOW, refused=refused).to_dict()
            shown = shown_text(message)
            assert english_words(shown, data, language) == set(), shown
        printed = render_answer(found, language=language)
        assert english_words(printed, data, language) == set(), printed
