"""The quirk tests' account: sends written as raw JSON, placed on the edges of local days,
and the exact answers computed from them here, by plain arithmetic (not the bot's code).

The company is in Buenos Aires (UTC−3, no summer time). The moment is Wednesday 18
November 2026, 12:30 there: "yesterday" is 17 November, the UTC instants
[2026-11-17T03:00Z, 2026-11-18T03:00Z).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from tests.fakes.quirky_mindo import JSON, created, raw_send

ZONE = "America/Argentina/Buenos_Aires"
NOW = "2026-11-18T15:30:00Z"
KEY = "mindo_quirks_0123456789abcdef01"
YESTERDAY = date(2026, 11, 17)
TODAY = date(2026, 11, 18)

WELCOME = (45, "welcome_message", "es")
ORDER = (46, "order_confirmation", "es")
PROMO = (47, "promo_navideña_🎄", "es")
BIG = (48, "recordatorio_pagó_✅", "pt_BR")
#: A send asked about by its id: 1,500 messages, 12 of them failed, spread evenly.
DETAILED = "5e1f0c2a-1111-4222-8333-444455556666"


def account() -> list[JSON]:
    """Some 24 sends over two weeks; the first few sit on the edges of yesterday."""
    return [
        # Yesterday's edges: the first local instant, the last, and one second outside.
        raw_send("y-first", "2026-11-17T03:00:00Z", recipients=120, template=WELCOME),
        raw_send(
            "y-last",
            "2026-11-18T02:59:59Z",
            status="FAILED",
            recipients=40,
            failed=40,
            template=ORDER,
        ),
        raw_send(
            "y-before",
            "2026-11-17T02:59:59Z",
            status="PARTIAL",
            recipients=70,
            failed=7,
            template=WELCOME,
        ),
        raw_send("t-first", "2026-11-18T03:00:00Z", recipients=33, template=ORDER),
        # An offset and no offset at all (UTC, as documented for every timestamp).
        raw_send(
            "y-offset",
            "2026-11-17T12:00:00-03:00",
            status="PARTIAL",
            recipients=250,
            failed=30,
            template=PROMO,
        ),
        raw_send("y-naive", "2026-11-17T20:15:00", recipients=64, template=PROMO),
        raw_send(
            "y-cancelled",
            "2026-11-17T14:00:00.250Z",
            status="CANCELLED",
            recipients=500,
            sent=120,
            delivered=100,
            read=60,
            pending=380,
            template=WELCOME,
        ),
        raw_send(
            "t-running",
            "2026-11-18T13:00:00Z",
            status="PROCESSING",
            recipients=1000,
            sent=400,
            pending=600,
            template=ORDER,
        ),
        raw_send("t-queued", "2026-11-18T14:00:00Z", status="QUEUED", recipients=80, pending=80),
        # A very large send, in the last seven days.
        raw_send(
            "big",
            "2026-11-14T16:00:00Z",
            recipients=12_345_678,
            failed=45_678,
            delivered=12_000_000,
            read=9_876_543,
            template=BIG,
        ),
        raw_send(
            DETAILED,
            "2026-11-16T15:00:00Z",
            status="PARTIAL",
            recipients=1500,
            failed=12,
            template=ORDER,
        ),
        # Past 32 bits: a count is never squeezed into an int32.
        raw_send(
            "huge",
            "2026-11-13T11:00:00Z",
            recipients=3_000_000_000,
            failed=1,
            delivered=2_147_483_648,
            read=2_147_483_647,
            template=BIG,
        ),
        # Earlier days, for pages to read.
        *(
            raw_send(
                f"d{day:02d}-{n}",
                f"2026-11-{day:02d}T{9 + 4 * n:02d}:30:00Z",
                status=("COMPLETED", "PARTIAL", "FAILED")[(day + n) % 3],
                recipients=10 * day + n,
                failed=(0, 3, 10 * day + n)[(day + n) % 3],
                template=(WELCOME, ORDER, PROMO)[(day * 2 + n) % 3],
            )
            for day in (6, 9, 11, 12, 13, 15, 16)
            for n in range(2)
        ),
    ]


def latin_account() -> list[JSON]:
    """The account with names Latin-1 can write (``promo_navideña``: no emoji)."""
    sends = account()
    for send in sends:
        name = send["template"]["template_name"]
        plain = name.encode("latin-1", "ignore").decode("latin-1").rstrip("_")
        send["template"] = {**send["template"], "template_name": plain}
    return sends


def expected(
    sends: Sequence[JSON],
    start: date,
    end: date,
    statuses: Collection[str] = (),
    template: str | None = None,
) -> dict[str, int]:
    """The totals ``ask --format json`` must print: sums over the sends created on the
    local dates ``start``…``end`` (inclusive) with those statuses and that template."""
    zone = ZoneInfo(ZONE)
    kept = [
        s
        for s in sends
        if start <= created(s).astimezone(zone).date() <= end
        and (not statuses or s["status"] in statuses)
        and (template is None or s["template"]["template_name"] == template)
    ]
    cancelled = [s for s in kept if s["status"] == "CANCELLED"]
    return {
        "bulk_sends": len(kept),
        "recipients": sum(s["total_recipients"] for s in kept),
        "sent": sum(s["sent_count"] for s in kept),
        "delivered": sum(s["delivered_count"] for s in kept),
        "read": sum(s["read_count"] for s in kept),
        "failed": sum(s["failed_count"] for s in kept),
        "pending": sum(s["pending_count"] for s in kept)
        - sum(s["pending_count"] for s in cancelled),
        "not_sent": sum(s["pending_count"] for s in cancelled),
    }


def ids(sends: Sequence[JSON], start: date, end: date, statuses: Collection[str] = ()) -> set[str]:
    zone = ZoneInfo(ZONE)
    return {
        str(s["id"])
        for s in sends
        if start <= created(s).astimezone(zone).date() <= end
        and (not statuses or s["status"] in statuses)
    }
