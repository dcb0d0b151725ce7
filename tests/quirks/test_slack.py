"""Every quirk through a Slack slash command: signed, over HTTP, into the app the
composition root builds, against the quirky fake on loopback; the answer that reaches
the response_url shows the exact totals, or says plainly why it cannot, in the asker's
language, with no secret in it or in the log."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

import bot.app
from bot.slack.http import EVENTS_PATH
from tests.factories import WEDNESDAY_LUNCHTIME, SleepRecorder
from tests.fakes.quirky_mindo import Fault, Quirks, QuirkyMindo, serving
from tests.fakes.slack_api import FakeSlackApi, serve_slack
from tests.fakes.slack_requests import home_opened, slash_command
from tests.quirks.account import KEY, TODAY, ZONE, account, expected
from tests.quirks.cases import (
    ALL_FILTERS,
    CASES,
    Case,
    case_ids,
    faults,
    forbidden,
    quirks,
    rewritten,
    stringly,
)
from tests.slack.harness import SIGNING_SECRET, app_settings

pytestmark = pytest.mark.asyncio(loop_scope="module")

ASKER = "UQUIRKS"
#: Askers whose Slack speaks Spanish and Portuguese.
LOCALES = {"en": ASKER, "es": "UQUIRKSES", "pt": "UQUIRKSPT"}
CHANNEL = "CQUIRKS"


@dataclass
class App:
    slack: FakeSlackApi
    mindo: QuirkyMindo
    sleeps: SleepRecorder
    url: str
    session: aiohttp.ClientSession

    async def ask(self, text: str, user: str = ASKER) -> dict[str, Any]:
        response_url = self.slack.response_url()
        request = slash_command(text, user=user, channel=CHANNEL, response_url=response_url)
        async with self.session.post(
            self.url + EVENTS_PATH, data=request.body, headers=request.headers(SIGNING_SECRET)
        ) as response:
            assert response.status == 200
        return await self.slack.wait_for_response(response_url, 1)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def app() -> AsyncIterator[App]:
    slack = FakeSlackApi()
    slack.add_user(ASKER, locale="en-US", tz=ZONE)
    slack.add_user(LOCALES["es"], locale="es-LA", tz=ZONE)
    slack.add_user(LOCALES["pt"], locale="pt-BR", tz=ZONE)
    slack.channels[CHANNEL] = "member"
    mindo = QuirkyMindo(account(), api_key=KEY, timezone=ZONE)
    sleeps = SleepRecorder()
    async with (
        serve_slack(slack),
        serving(mindo) as mindo_url,
        aiohttp.ClientSession() as session,
    ):
        settings = app_settings(
            slack,
            mindo_url=mindo_url,
            mindo_key=KEY,
            MINDO_PAGE_SIZE="4",
            MINDO_REQUEST_DEADLINE="0.25",
        )
        async with bot.app.running_app(
            settings,
            clock=lambda: WEDNESDAY_LUNCHTIME,
            host="127.0.0.1",
            port=0,
            mindo_sleep=sleeps,
            grace=1.0,
        ) as running:
            assert running.url is not None
            yield App(slack, mindo, sleeps, running.url, session)
    assert slack.problems == [], slack.problems


def _fields(message: dict[str, Any]) -> dict[str, str]:
    """The summary's numbers: each ``*Label*\nvalue`` field of the message."""
    found = {}
    for block in message.get("blocks", []):
        for field in block.get("fields", []):
            label, _, value = field.get("text", "").partition("\n")
            if label.startswith("*") and label.endswith("*"):
                found[label.strip("*")] = value
    return found


def _shown(totals: dict[str, int]) -> dict[str, str]:
    """The totals as the summary shows them to an English reader."""
    names = {
        "bulk_sends": "Bulk sends",
        "recipients": "Recipients",
        "sent": "Sent",
        "delivered": "Delivered",
        "read": "Read",
        "failed": "Failed",
    }
    return {label: f"{totals[key]:,}" for key, label in names.items()}


def _arranged(app: App, case: Case) -> None:
    """The fake as ``case`` wants it, from a fresh start (one app serves every case)."""
    app.mindo.sends = QuirkyMindo(case.sends(), api_key=KEY, timezone=ZONE).sends
    app.mindo.api_key, app.mindo.forbidden, app.mindo.quirks = KEY, False, Quirks()
    app.mindo.faults.clear()
    app.sleeps.delays.clear()
    case.arrange(app.mindo)


@pytest.mark.parametrize("case", CASES, ids=case_ids())
async def test_each_quirk_gives_the_exact_answer_or_an_honest_refusal(
    app: App, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    _arranged(app, case)
    message = await app.ask(case.question)
    text = json.dumps(message, ensure_ascii=False)
    assert KEY not in text and KEY not in caplog.text and "Traceback" not in text
    if case.refusal is None:
        start, end = case.span
        totals = expected(case.sends(), start, end, case.statuses, case.template)
        shown = _fields(message)
        if totals["bulk_sends"] == 0:
            assert message["text"].startswith("No ") and shown == {}, text
        else:
            assert {label: shown.get(label) for label in _shown(totals)} == _shown(totals), text
    else:
        assert case.refusal.slack in text
        assert "Recipients" not in _fields(message), "numbers shown beside a refusal"
        for word in case.naming:
            assert word in text
    if case.waited is not None:
        assert any(abs(delay - case.waited) <= 1 for delay in app.sleeps.delays)


REFUSALS_IN_OTHER_LANGUAGES = [
    ("es", "fallidos ayer", forbidden, "Esta clave de API no puede ver eso"),
    ("pt", "falhas ontem", forbidden, "Esta chave de API não pode ver isso"),
    (
        "es",
        "ayer",
        faults(*(Fault(status=503) for _ in range(20))),
        "Mindo no responde en este momento",
    ),
    (
        "pt",
        "ontem",
        faults(*(Fault(status=503) for _ in range(20))),
        "A Mindo não está respondendo agora",
    ),
    (
        "es",
        "ayer",
        rewritten(lambda s: {**s, "read_count": -5}),
        "Mindo envió una respuesta que no pude leer",
    ),
    (
        "pt",
        "ontem",
        rewritten(lambda s: {**s, "read_count": -5}),
        "A Mindo enviou uma resposta que não consegui ler",
    ),
]


@pytest.mark.parametrize(
    ("language", "question", "arrange", "title"),
    REFUSALS_IN_OTHER_LANGUAGES,
    ids=[f"{language}: {title}" for language, _, _, title in REFUSALS_IN_OTHER_LANGUAGES],
)
async def test_a_refusal_speaks_the_askers_language(
    app: App, language: str, question: str, arrange: Callable[[QuirkyMindo], None], title: str
) -> None:
    _arranged(app, Case("", arrange))
    message = await app.ask(question, LOCALES[language])
    text = json.dumps(message, ensure_ascii=False)
    assert title in text
    assert "Recipients" not in _fields(message) and "Destinatarios" not in _fields(message)


async def test_the_home_tab_shows_exact_numbers_whatever_the_server_does(app: App) -> None:
    # Filters ignored, pages that overlap, counts as text, all at once. (The Home tab is
    # read once per day and zone here: the app's clock stands still.)
    _arranged(app, Case("", quirks(ignored=ALL_FILTERS, overlap=1, rewrite=stringly)))
    published = len(app.slack.calls_to("views.publish"))
    request = home_opened(ASKER)
    async with app.session.post(
        app.url + EVENTS_PATH, data=request.body, headers=request.headers(SIGNING_SECRET)
    ) as response:
        assert response.status == 200
    await app.slack.wait_for(lambda: len(app.slack.calls_to("views.publish")) > published, 5)
    view = app.slack.calls_to("views.publish")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    sends = account()
    for title, start in (("This week", date(2026, 11, 16)), ("Today so far", TODAY)):
        block = next(
            b for b in view["blocks"] if b.get("text", {}).get("text", "").startswith(f"*{title}")
        )
        fields = [field["text"] for field in block["fields"]]
        totals = expected(sends, start, TODAY)
        for label, value in (
            ("Bulk sends", totals["bulk_sends"]),
            ("Recipients", totals["recipients"]),
        ):
            assert any(f.startswith(f"*{label}*: {value:,}\n") for f in fields), fields
