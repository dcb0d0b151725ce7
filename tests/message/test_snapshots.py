"""Snapshots of what people read, in all three languages: the digest, the Home tab, an
answer, Details and a shared answer, built from the demo account at a fixed moment.

A change to any of them shows here as a changed file under ``snapshots/``: review it, then
write the new ones with ``UPDATE_SNAPSHOTS=1 uv run pytest tests/message/test_snapshots.py``.
The Spanish and Portuguese ones must hold no English word: every word of our English
sentences (the catalog's) that neither translation uses is looked for, once the company's
own words (template and sender names, Meta's error texts quoted in Details) are taken out.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.demo.data import DEMO_TIMEZONE, DemoDataset
from bot.domain.sends import PROBLEMS, RUNNING
from bot.locale.catalogs import read_catalog
from bot.locale.languages import LANGUAGES, Language
from bot.message.answer import build_answer_message
from bot.message.details import build_details_message
from bot.message.digest import build_digest_message
from bot.message.home import build_home_view
from bot.message.notices import with_shared_by
from bot.report import REASON_SAMPLE, count_failure_reasons
from bot.service.digest import DayActivity, DigestData, fetch_range, sends_on, worst_problems
from bot.service.home import HOME_REASON_SAMPLE, HOME_REASON_SENDS, home_range, overview_from
from bot.service.questions import Answer
from tests.factories import MARCH_TUESDAY_NOON as NOW
from tests.message.test_no_english import answer as answer_to
from tests.message.test_no_english import company_words, shown_text

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
ZONE = ZoneInfo(DEMO_TIMEZONE)
SHARER = "U012SHARER"

QUESTION: dict[Language, str] = {
    "en": "failed last week",
    "es": "fallidos la semana pasada",
    "pt": "falharam semana passada",
}


def digest(dataset: DemoDataset, language: Language) -> dict[str, Any]:
    day = NOW.astimezone(ZONE).date() - timedelta(days=1)
    span = fetch_range(day)
    assert span.start is not None
    sends = tuple(
        s for s in dataset.sends if span.start <= s.created_at.astimezone(ZONE).date() <= span.end
    )
    worst = worst_problems(sends_on(sends, DEMO_TIMEZONE, day))
    reasons = {
        s.id: count_failure_reasons(
            [m for m in dataset.messages(s) if m.status == "failed"][:REASON_SAMPLE]
        )
        for s in worst
    }
    activity = DayActivity(day, DEMO_TIMEZONE, sends, MappingProxyType(reasons))
    phones = tuple(p for a in dataset.business_accounts.accounts for p in a.phone_numbers)
    data = DigestData(activity, phones, NOW)
    return build_digest_message(data, language=language, demo=True).to_dict()


def home(dataset: DemoDataset, language: Language) -> dict[str, Any]:
    first, last = home_range(NOW.astimezone(ZONE).date())
    recent = [s for s in dataset.sends if first <= s.created_at.astimezone(ZONE).date() <= last]
    running = [s for s in dataset.sends if s.status in RUNNING]
    overview = overview_from(recent, running, now=NOW, timezone=DEMO_TIMEZONE)
    reasons = {
        s.id: count_failure_reasons(
            [m for m in dataset.messages(s) if m.status == "failed"][:HOME_REASON_SAMPLE]
        )
        for s in overview.problems[:HOME_REASON_SENDS]
    }
    overview = overview_from(recent, running, now=NOW, timezone=DEMO_TIMEZONE, reasons=reasons)
    return build_home_view(overview, language=language, demo=True).to_dict()


def asked(dataset: DemoDataset, language: Language) -> Answer:
    return answer_to(dataset, QUESTION[language])


def answer(dataset: DemoDataset, language: Language) -> dict[str, Any]:
    return build_answer_message(asked(dataset, language), now=NOW).to_dict()


def shared(dataset: DemoDataset, language: Language) -> dict[str, Any]:
    message = build_answer_message(asked(dataset, language), now=NOW, shared=True)
    return with_shared_by(message, SHARER, language).to_dict()


def details(dataset: DemoDataset, language: Language) -> dict[str, Any]:
    problems = [s for s in dataset.sends if s.status in PROBLEMS and s.failed_count < 1000]
    send = worst_problems(problems)[0]
    failed = [m for m in dataset.messages(send) if m.status == "failed"]
    message = build_details_message(
        dataset.detail(send),
        count_failure_reasons(failed),
        language=language,
        timezone=DEMO_TIMEZONE,
        now=NOW,
        demo=True,
    )
    return message.to_dict()


BUILDERS: dict[str, Callable[[DemoDataset, Language], dict[str, Any]]] = {
    "digest": digest,
    "home": home,
    "answer": answer,
    "details": details,
    "shared_answer": shared,
}
CASES = [(name, language) for name in BUILDERS for language in LANGUAGES]


@pytest.mark.parametrize(("name", "language"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def test_snapshot(dataset: DemoDataset, name: str, language: Language) -> None:
    built = BUILDERS[name](dataset, language)
    path = SNAPSHOTS / f"{name}.{language}.json"
    written = json.dumps(built, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if UPDATE or not path.exists():
        path.write_text(written, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == written, (
        f"{path.name} changed: review it, then UPDATE_SNAPSHOTS=1 to write it"
    )


@cache
def english_only_words() -> frozenset[str]:
    """The words of our English sentences that neither translation uses."""

    def words(texts: list[str]) -> set[str]:
        found: set[str] = set()
        for text in texts:
            text = re.sub(r"\{[^}]*\}|<[^>]*>|`[^`]*`", " ", text)  # placeholders, links, code
            found |= {w.lower() for w in re.findall(r"[^\W\d_]{2,}", text)}
        return found

    english: list[str] = []
    others: list[str] = []
    for language in ("es", "pt"):
        for message in read_catalog(language):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            english += [str(text) for text in ids]
            others += [str(text) for text in strings if text]
    return frozenset(words(english) - words(others))


_DATA_WORDS: dict[int, list[str]] = {}


def data_words(dataset: DemoDataset) -> list[str]:
    """The company's own words, longest first: names, and Meta's error texts (quoted as
    they are in Details, like a template's name). Read once per dataset."""
    if id(dataset) not in _DATA_WORDS:
        found = set(company_words(dataset))
        for send in dataset.sends:
            if send.status in PROBLEMS:
                found |= {m.error_message for m in dataset.messages(send) if m.error_message}
        _DATA_WORDS[id(dataset)] = sorted(found, key=len, reverse=True)
    return _DATA_WORDS[id(dataset)]


def english_in(dataset: DemoDataset, built: dict[str, Any]) -> set[str]:
    text = shown_text(built if "text" in built else {**built, "text": ""})
    text = re.sub(r"<!date\^\d+\^[^|]*\|([^>]*)>", r"\1", text)  # Slack's words, not ours
    for item in data_words(dataset):
        text = text.replace(item, " ")
    text = re.sub(r"`/bulksends [^`]*`", " ", text)  # commands typed, in the reader's words
    return {w.lower() for w in re.findall(r"[^\W\d_]{2,}", text)} & english_only_words()


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("language", ["es", "pt"])
def test_no_english_word_reaches_a_spanish_or_portuguese_reader(
    dataset: DemoDataset, name: str, language: Language
) -> None:
    found = english_in(dataset, BUILDERS[name](dataset, language))
    assert found == set(), f"{name}.{language}: {sorted(found)}"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_check_finds_english_where_there_is(dataset: DemoDataset, name: str) -> None:
    assert len(english_in(dataset, BUILDERS[name](dataset, "en"))) >= 5
