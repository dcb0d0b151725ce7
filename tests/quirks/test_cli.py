"""Every quirk through ``bulksends ask``, in-process through ``main`` against the quirky
fake on loopback: the exact totals, or an honest refusal on stderr (exit 3, or 2 for a
setting to fix) with nothing
on stdout, no traceback and never the key."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import partial

import pytest

from tests.cli.run import Ran, bulksends
from tests.factories import SleepRecorder
from tests.fakes.quirky_mindo import HTML_PAGE, JSON, Fault, Quirks, QuirkyMindo, serving
from tests.quirks.account import DETAILED, KEY, NOW, ZONE, account, expected, ids
from tests.quirks.cases import (
    CASES,
    LAST_7_DAYS,
    Case,
    case_ids,
    faults,
    rewritten,
    stringly,
    wrong_key,
)

#: Small pages, so that the week's sends take several; a short deadline, so a hanging
#: Mindo is given up on quickly, yet long enough that a loaded machine's loopback is not.
ENV = {
    "MINDO_API_KEY": KEY,
    "MINDO_PAGE_SIZE": "4",
    "MINDO_REQUEST_DEADLINE": "0.25",
    "MINDO_QUESTION_BUDGET": "10",
}


async def ask(api: QuirkyMindo, question: str, sleeps: SleepRecorder, *, lang: str = "en") -> Ran:
    async with serving(api) as url:
        env = {**ENV, "MINDO_API_URL": url}
        args = ("ask", question, "--now", NOW, "--format", "json", "--lang", lang)
        return await asyncio.to_thread(partial(bulksends, *args, env=env, sleep=sleeps))


def quirky(case: Case) -> QuirkyMindo:
    api = QuirkyMindo(case.sends(), api_key=KEY, timezone=ZONE)
    case.arrange(api)
    return api


@pytest.mark.parametrize("case", CASES, ids=case_ids())
async def test_each_quirk_gives_the_exact_answer_or_an_honest_refusal(case: Case) -> None:
    api, sleeps = quirky(case), SleepRecorder()
    ran = await ask(api, case.question, sleeps)
    assert "Traceback" not in ran.err and KEY not in ran.out + ran.err
    if case.refusal is None:
        assert ran.code == 0, ran.err
        answer = json.loads(ran.out)
        assert answer["query"]["timezone"] == ZONE
        start, end = case.span
        assert answer["totals"] == expected(case.sends(), start, end, case.statuses, case.template)
        if case.template is None:
            assert {s["id"] for s in answer["bulk_sends"]} == ids(
                case.sends(), start, end, case.statuses
            )
    else:
        assert (ran.code, ran.out) == (case.refusal.code, ""), ran.out
        assert case.refusal.terminal in ran.err
        for word in case.naming:
            assert word in ran.err
    if case.waited is not None:
        assert any(abs(delay - case.waited) <= 1 for delay in sleeps.delays), sleeps.delays


REFUSALS_IN_OTHER_LANGUAGES = [
    (
        "es",
        "ayer",
        rewritten(lambda s: {**s, "read_count": -5}, "y-first"),
        "números que no pueden ser correctos",
    ),
    (
        "pt",
        "ontem",
        rewritten(lambda s: {**s, "read_count": -5}, "y-first"),
        "números que não podem estar certos",
    ),
    (
        "es",
        "ayer",
        faults(*(Fault(body=HTML_PAGE) for _ in range(20))),
        "Mindo respondió algo que el bot no puede leer",
    ),
    ("es", "fallidos ayer", wrong_key, "Revisa MINDO_API_KEY"),
    ("pt", "falhas ontem", wrong_key, "Verifique MINDO_API_KEY"),
    (
        "pt",
        "ontem",
        faults(*(Fault(status=503) for _ in range(20))),
        "A Mindo não está respondendo agora",
    ),
]


@pytest.mark.parametrize(
    ("language", "question", "arrange", "words"),
    REFUSALS_IN_OTHER_LANGUAGES,
    ids=[f"{language}: {words}" for language, _, _, words in REFUSALS_IN_OTHER_LANGUAGES],
)
async def test_a_refusal_speaks_the_terminals_language(
    language: str, question: str, arrange: Callable[[QuirkyMindo], None], words: str
) -> None:
    api = QuirkyMindo(account(), api_key=KEY, timezone=ZONE)
    arrange(api)
    ran = await ask(api, question, SleepRecorder(), lang=language)
    assert ran.code in (2, 3) and ran.out == ""
    assert words in ran.err
    assert "Traceback" not in ran.err and KEY not in ran.err


@pytest.mark.parametrize(
    ("ignored", "reasons", "sample"),
    [(frozenset(), 12, None), (frozenset({"status"}), 8, 8)],
    ids=["filter honoured", "status filter ignored"],
)
async def test_one_sends_failure_reasons_are_never_shown_as_all_of_them_when_they_are_not(
    ignored: frozenset[str], reasons: int, sample: int | None
) -> None:
    # 12 of its 1,500 messages failed, one every 125th. A Mindo ignoring status=failed
    # hands over every message: the first 1,000 read hold 8 of the 12 failed ones.
    api = QuirkyMindo(account(), api_key=KEY, timezone=ZONE, quirks=Quirks(ignored=ignored))
    async with serving(api) as url:
        env = {**ENV, "MINDO_API_URL": url, "MINDO_PAGE_SIZE": "100"}
        args = ("ask", DETAILED, "--now", NOW, "--format", "json", "--lang", "en")
        ran = await asyncio.to_thread(partial(bulksends, *args, env=env, sleep=SleepRecorder()))
    assert ran.code == 0, ran.err
    answer = json.loads(ran.out)
    assert answer["totals"]["failed"] == 12
    assert sum(reason["count"] for reason in answer["failure_reasons"]) == reasons
    assert answer["failure_reasons_sample"] == sample


async def test_templates_named_in_any_script_are_broken_down_exactly() -> None:
    api = QuirkyMindo(account(), api_key=KEY, timezone=ZONE)
    ran = await ask(api, "last 7 days by template", SleepRecorder())
    assert ran.code == 0, ran.err
    groups = {group["key"]: group["totals"] for group in json.loads(ran.out)["groups"]}
    start, end = LAST_7_DAYS
    sends = account()
    names = {str(s["template"]["template_name"]) for s in sends}
    assert groups == {
        name: expected(sends, start, end, template=name)
        for name in names
        if expected(sends, start, end, template=name)["bulk_sends"]
    }
    assert {"promo_navideña_🎄", "recordatorio_pagó_✅"} <= set(groups)


@pytest.mark.parametrize(
    ("rewrite", "refused"),
    [
        (stringly, False),
        (lambda s: {**s, "status": "partial", "created_at": "2026-11-16T12:00:00-03:00"}, False),
        (lambda s: {**s, "delivered_count": 5000}, True),
        (lambda s: {**s, "status": "ARCHIVED"}, True),
    ],
    ids=["counts as text", "status in lower case, an offset", "delivered > sent", "unknown status"],
)
async def test_one_send_asked_by_its_id_is_exact_or_refused(
    rewrite: Callable[[JSON], JSON], refused: bool
) -> None:
    api = QuirkyMindo(account(), api_key=KEY, timezone=ZONE, quirks=Quirks(rewrite=rewrite))
    async with serving(api) as url:
        env = {**ENV, "MINDO_API_URL": url, "MINDO_PAGE_SIZE": "100"}
        args = ("ask", DETAILED, "--now", NOW, "--format", "json", "--lang", "en")
        ran = await asyncio.to_thread(partial(bulksends, *args, env=env, sleep=SleepRecorder()))
    if refused:
        assert (ran.code, ran.out) == (3, "")
        assert "Mindo answered with something the bot cannot read" in ran.err
        assert "Traceback" not in ran.err
    else:
        assert ran.code == 0, ran.err
        (send,) = [s for s in account() if s["id"] == DETAILED]
        totals = json.loads(ran.out)["totals"]
        assert (totals["recipients"], totals["sent"], totals["delivered"], totals["failed"]) == (
            send["total_recipients"],
            send["sent_count"],
            send["delivered_count"],
            send["failed_count"],
        )
