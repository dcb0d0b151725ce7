"""Every quirk and fault, once, as a case both entry points are tried with.

A case sets the fake Mindo up (``arrange``), asks one question, and says what an honest
bot answers: the exact totals (computed by ``tests.quirks.account.expected``), or a
refusal (``Refusal``: the sentence ``ask`` prints and the title Slack shows, in English).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tests.fakes.quirky_mindo import HTML_PAGE, JSON, Fault, Quirks, QuirkyMindo
from tests.quirks.account import KEY, TODAY, YESTERDAY, ZONE, account, latin_account

LAST_7_DAYS = (date(2026, 11, 12), TODAY)


@dataclass(frozen=True)
class Refusal:
    """What an honest bot says instead of numbers: ``ask``'s sentence, Slack's title."""

    terminal: str
    slack: str
    #: ``ask``'s exit code: 3 when trying later may work, 2 for a setting to fix.
    code: int = 3


UNREADABLE = Refusal(
    "Mindo answered with something the bot cannot read", "Mindo sent an answer I couldn't read"
)
UNAVAILABLE = Refusal("Mindo is not answering right now", "Mindo isn't answering right now")
CHANGED = Refusal(
    "Mindo's list changed while it was being read", "Mindo's list changed while it was being read"
)
REJECTED_KEY = Refusal("Check MINDO_API_KEY", "MINDO_API_KEY", code=2)
NO_ACCESS = Refusal("The Mindo API key has no access to this", "This API key can't see that", 2)
EXPIRED_KEY = Refusal("update MINDO_API_KEY", "MINDO_API_KEY", code=2)
REFUSED_SEARCH = Refusal(
    "Mindo did not accept the question's filters", "Mindo didn't accept the search", 2
)
LONG_WAIT = Refusal(
    "Mindo asked the bot to wait about 2 minutes", "Mindo asked the bot to wait about 2 minutes"
)


@dataclass(frozen=True)
class Case:
    name: str
    arrange: Callable[[QuirkyMindo], None]
    question: str = "yesterday"
    span: tuple[date, date] = (YESTERDAY, YESTERDAY)
    statuses: tuple[str, ...] = ()
    template: str | None = None
    #: None: the exact totals are the answer.
    refusal: Refusal | None = None
    #: Words the refusal must also name (an unknown status, say).
    naming: tuple[str, ...] = ()
    #: The wait Mindo asked for that the bot must have waited out (±1 s: HTTP dates).
    waited: float | None = None
    #: The account as served, when a case changes it.
    sends: Callable[[], list[JSON]] = field(default=account)


def quirks(**changes: Any) -> Callable[[QuirkyMindo], None]:
    def arrange(api: QuirkyMindo) -> None:
        api.quirks = Quirks(**changes)

    return arrange


def faults(*scripted: Fault, **changes: Any) -> Callable[[QuirkyMindo], None]:
    def arrange(api: QuirkyMindo) -> None:
        api.quirks = Quirks(**changes)
        api.faults.extend(scripted)

    return arrange


def rewritten(
    rewrite: Callable[[JSON], JSON], only: str | None = None
) -> Callable[[QuirkyMindo], None]:
    """Each send served through ``rewrite`` (only the send ``only`` when given)."""

    def apply(send: JSON) -> JSON:
        return rewrite(send) if only is None or send["id"] == only else send

    return quirks(rewrite=apply)


def forbidden(api: QuirkyMindo) -> None:
    api.forbidden = True


def wrong_key(api: QuirkyMindo) -> None:
    api.api_key = "mindo_some_other_key_entirely"


def stringly(send: JSON) -> JSON:
    counts = (
        "total_recipients",
        "sent_count",
        "delivered_count",
        "read_count",
        "failed_count",
        "pending_count",
    )
    return {**send, **{name: str(send[name]) for name in counts}, "progress_percentage": "100.00"}


def _renamed(send: JSON) -> JSON:
    copy = dict(send)
    copy["delivered"] = copy.pop("delivered_count")
    return copy


def _missing(send: JSON) -> JSON:
    copy = dict(send)
    del copy["read_count"]
    return copy


def _extra(send: JSON) -> JSON:
    return {
        **send,
        "campaign": {"id": 9, "tags": ["x"]},
        "cost": "12.50",
        "template": {**send["template"], "category": "MARKETING", "components": []},
    }


def _set(**values: Any) -> Callable[[JSON], JSON]:
    return lambda send: {**send, **values}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


ALL_FILTERS = frozenset({"status", "template", "created_after", "created_before"})

CASES: list[Case] = [
    # --- the documented API, and filters it bends ------------------------------------
    Case("documented", quirks()),
    Case("documented, last 7 days, very large sends", quirks(), "last 7 days", LAST_7_DAYS),
    Case("an account with no sends", quirks(), sends=list),
    Case(
        "filters ignored, nothing matches",
        quirks(ignored=ALL_FILTERS),
        "queued yesterday",
        statuses=("QUEUED",),
    ),
    Case(
        "filters ignored",
        quirks(ignored=ALL_FILTERS),
        "failed or partial yesterday",
        statuses=("FAILED", "PARTIAL"),
    ),
    Case(
        "filters ignored, a template",
        quirks(ignored=ALL_FILTERS),
        "welcome_message last 7 days",
        LAST_7_DAYS,
        template="welcome_message",
    ),
    Case(
        "a template named with an emoji",
        quirks(),
        "promo_navideña_🎄 last 7 days",
        LAST_7_DAYS,
        template="promo_navideña_🎄",
    ),
    Case(
        "a template named with a symbol, filters ignored",
        quirks(ignored=ALL_FILTERS),
        "recordatorio_pagó_✅ last 7 days",
        LAST_7_DAYS,
        template="recordatorio_pagó_✅",
    ),
    Case("dates read in UTC, exclusive", quirks(exclusive_dates=True), "yesterday"),
    Case(
        "dates read in the company's zone, exclusive",
        quirks(filter_zone=ZONE, exclusive_dates=True),
        "partial yesterday",
        statuses=("PARTIAL",),
    ),
    Case("dates read at UTC+14", quirks(filter_zone="Pacific/Kiritimati", exclusive_dates=True)),
    Case("dates read at UTC−11", quirks(filter_zone="Pacific/Pago_Pago")),
    # --- pages -----------------------------------------------------------------------
    Case("page size capped lower", quirks(page_size_cap=3), "last 7 days", LAST_7_DAYS),
    Case("page_size ignored", quirks(ignored=frozenset({"page_size"})), "last 7 days", LAST_7_DAYS),
    Case("pages overlap by one", quirks(overlap=1), "last 7 days", LAST_7_DAYS),
    Case(
        "short pages in the middle",
        quirks(short_pages=frozenset({2, 3, 4})),
        "last 7 days",
        LAST_7_DAYS,
    ),
    Case("a next link past the end", quirks(next_past_the_end=True), "last 7 days", LAST_7_DAYS),
    Case("next always null", quirks(never_next=True), "last 7 days", LAST_7_DAYS),
    Case(
        "count disagrees from page 2",
        quirks(count_skew=1, count_skew_from=2),
        "last 7 days",
        LAST_7_DAYS,
        refusal=CHANGED,
    ),
    Case("count one too many", quirks(count_skew=1), "last 7 days", LAST_7_DAYS, refusal=CHANGED),
    Case("count one too few", quirks(count_skew=-1), "last 7 days", LAST_7_DAYS, refusal=CHANGED),
    # --- transport and HTTP faults ---------------------------------------------------
    Case("gzip", quirks(gzip=True)),
    Case("JSON served as text/html", quirks(content_type="text/html; charset=utf-8")),
    Case(
        "JSON in Latin-1, as its Content-Type says",
        quirks(encoding="latin-1", content_type="application/json; charset=ISO-8859-1"),
        "last 7 days",
        LAST_7_DAYS,
        sends=latin_account,
    ),
    Case("JSON after a byte-order mark", quirks(bom=True)),
    Case(
        "429 with Retry-After in seconds",
        faults(Fault(status=429, headers={"Retry-After": "7"}, body="{}")),
        waited=7,
    ),
    Case("429 without Retry-After", faults(Fault(status=429))),
    Case(
        "429 with Retry-After as an HTTP date",
        faults(Fault(status=429, retry_at=9)),
        waited=9,
    ),
    Case(
        "429 on one page of many",
        faults(Fault(page=3, status=429, headers={"Retry-After": "2"})),
        "last 7 days",
        LAST_7_DAYS,
        waited=2,
    ),
    Case(
        "500, 502, 503 then success",
        faults(
            Fault(page=2, status=500, body="Internal Server Error"),
            Fault(page=2, status=502, body=HTML_PAGE),
            Fault(page=2, status=503, body='{"detail": "busy"}'),
        ),
        "last 7 days",
        LAST_7_DAYS,
    ),
    Case("a timeout on one page", faults(Fault(page=3, hang=2.0)), "last 7 days", LAST_7_DAYS),
    Case(
        "a timeout every time",
        faults(*(Fault(hang=2.0) for _ in range(8))),
        refusal=UNAVAILABLE,
    ),
    Case("a connection reset", faults(Fault(page=2, reset=True)), "last 7 days", LAST_7_DAYS),
    Case("a body cut short", faults(Fault(page=2, cut=40)), "last 7 days", LAST_7_DAYS),
    Case(
        "truncated JSON once",
        faults(Fault(page=2, cut=40, cut_quietly=True)),
        "last 7 days",
        LAST_7_DAYS,
    ),
    Case(
        "an HTML page with 200 once",
        faults(Fault(body=HTML_PAGE, headers={"Content-Type": "text/html"})),
    ),
    Case(
        "an HTML page with 200 every time",
        faults(*(Fault(body=HTML_PAGE, headers={"Content-Type": "text/html"}) for _ in range(20))),
        refusal=UNREADABLE,
    ),
    Case(
        "truncated JSON every time",
        faults(*(Fault(cut=40, cut_quietly=True) for _ in range(20))),
        refusal=UNREADABLE,
    ),
    Case(
        "503 every time",
        faults(*(Fault(status=503) for _ in range(20))),
        refusal=UNAVAILABLE,
    ),
    Case(
        "429 asking for two minutes",
        faults(*(Fault(status=429, headers={"Retry-After": "120"}) for _ in range(20))),
        refusal=LONG_WAIT,
    ),
    Case(
        "the company's zone: a 500 first",
        faults(Fault(path="/business-info/", status=500)),
    ),
    Case(
        "the company's zone: an HTML page with 200 first",
        faults(Fault(path="/business-info/", body=HTML_PAGE)),
    ),
    Case("401: a key Mindo does not know", wrong_key, refusal=REJECTED_KEY),
    Case("403: a key with no access", forbidden, refusal=NO_ACCESS),
    # --- a server that echoes the key back: never shown, never logged ------------------
    Case(
        "401 echoing the key",
        faults(Fault(status=401, body=dumps({"detail": f"API Key expirada: {KEY}"}))),
        refusal=EXPIRED_KEY,
    ),
    Case(
        "400 echoing the key",
        faults(*(Fault(status=400, body=dumps({"page": [f"bad key {KEY}"]})) for _ in range(3))),
        refusal=REFUSED_SEARCH,
    ),
    Case(
        "500 pages echoing the request's headers",
        faults(*(Fault(status=500, body=f"<pre>X-API-Key: {KEY}</pre>") for _ in range(20))),
        refusal=UNAVAILABLE,
    ),
    # --- fields ----------------------------------------------------------------------
    Case("extra fields", rewritten(_extra)),
    Case("numbers as text", rewritten(stringly), "last 7 days", LAST_7_DAYS),
    Case("a count missing", rewritten(_missing, "y-first"), refusal=UNREADABLE),
    Case("a count renamed", rewritten(_renamed, "y-first"), refusal=UNREADABLE),
    Case("a count null", rewritten(_set(sent_count=None), "y-first"), refusal=UNREADABLE),
    Case("a count 2.5", rewritten(_set(read_count=2.5), "y-first"), refusal=UNREADABLE),
    Case("created_at null", rewritten(_set(created_at=None), "y-first"), refusal=UNREADABLE),
    Case(
        "created_at not a date",
        rewritten(_set(created_at="yesterday"), "y-first"),
        refusal=UNREADABLE,
    ),
    Case("statuses in lower case", rewritten(lambda s: {**s, "status": s["status"].lower()})),
    Case(
        "an unknown status",
        rewritten(_set(status="SCHEDULED"), "y-first"),
        refusal=UNREADABLE,
        naming=("SCHEDULED",),
    ),
    # --- invariants --------------------------------------------------------------------
    Case(
        "delivered more than sent",
        rewritten(_set(delivered_count=200), "y-first"),
        refusal=UNREADABLE,
    ),
    Case(
        "read more than delivered", rewritten(_set(read_count=109), "y-first"), refusal=UNREADABLE
    ),
    Case("a negative count", rewritten(_set(failed_count=-1), "y-first"), refusal=UNREADABLE),
    Case(
        "sent, failed and pending add up to more than the recipients",
        rewritten(_set(failed_count=10), "y-first"),
        refusal=UNREADABLE,
    ),
    Case(
        "progress beyond 100 %",
        rewritten(_set(progress_percentage=250.0), "y-first"),
        refusal=UNREADABLE,
    ),
    Case(
        "a count of 10^30", rewritten(_set(total_recipients=10**30), "y-first"), refusal=UNREADABLE
    ),
]


def case_ids() -> list[str]:
    return [case.name for case in CASES]
