"""One Mindo account, everything the app asks of it: the middle floor's one door.

Slack listeners, the Home tab, Details, the digest and every CLI command call an
``Account`` and never the Mindo client. It parses questions (once), reads Mindo,
remembers what is worth remembering (the company's zone, the templates, the Home tab's
numbers for a few seconds) and hands back plain results for the message builders.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import date, datetime
from types import MappingProxyType

from bot.domain.dates import DateRange, local_date
from bot.domain.sends import RUNNING, Status
from bot.locale.languages import DEFAULT_LANGUAGE, Language
from bot.mindo.client import MindoClient
from bot.mindo.errors import MindoError
from bot.mindo.health import PathHealth
from bot.mindo.models import BusinessInfo
from bot.query.model import BulkSendQuery, ParsedRequest
from bot.report import FailureReason, count_failure_reasons
from bot.service.alerts import AlertSource, MindoAlertSource
from bot.service.details import SendDetails, read_details
from bot.service.digest import DigestSource, MindoDigestSource
from bot.service.home import (
    HOME_REASON_SAMPLE,
    HOME_REASON_SENDS,
    HomeOverview,
    home_range,
    overview_from,
)
from bot.service.questions import Answer, Clock, Questions

logger = logging.getLogger(__name__)

#: The zone of last resort: no zone from the person, none from the company.
FALLBACK_TIMEZONE = "UTC"
#: How long a question waits for the company's language (when it may decide the reply's).
LANGUAGE_WAIT = 1.5
#: Home tabs kept at once: one per time zone people open it in.
_HOME_ZONES = 8


class Account:
    """Everything bulksends reads from one Mindo account (one API key)."""

    def __init__(
        self,
        client: MindoClient,
        *,
        demo: bool,
        clock: Clock,
        home_ttl: float = 30.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.demo = demo
        self.clock = clock
        self._client = client
        self._questions = Questions(client, demo=demo, clock=clock, monotonic=monotonic)
        self.digest: DigestSource = MindoDigestSource(client)
        #: What alerts read each poll (bot/service/alerts.py).
        self.alerts: AlertSource = MindoAlertSource(client)
        self._home_ttl = home_ttl
        #: (zone, local date) → when read, and what; the few zones last asked for.
        self._home: dict[tuple[str, date], tuple[datetime, HomeOverview]] = {}
        self._home_reads: dict[tuple[str, date], asyncio.Future[HomeOverview]] = {}
        #: Set once closed (a distributed app closes accounts it no longer keeps).
        self.closed = False

    # --- Where dates are read ----------------------------------------------------------

    async def company_timezone(self) -> str | None:
        """The company's IANA zone from business-info (read once), or None."""
        return await self._questions.company_timezone()

    async def company_language(self, *, wait: float | None = None) -> Language:
        """The company's language, the rule's last word before English: the language most
        of its WhatsApp templates are written in, else English.

        Read once, like the zone; ``wait`` bounds how long it may take (the read goes on
        and is remembered for next time). Mindo failing or slow means English, never an
        error.
        """
        lookup = asyncio.ensure_future(self._questions.company_language())
        lookup.add_done_callback(_note_language_failure)
        try:
            return await asyncio.wait_for(asyncio.shield(lookup), wait)
        except (TimeoutError, MindoError):
            return DEFAULT_LANGUAGE

    async def timezone(self, preferred: str | None = None, *, wait: float | None = None) -> str:
        """``preferred`` (the person's zone), else the company's, else UTC.

        ``wait`` bounds how long the company's zone may take (the read goes on and is
        remembered for next time); Mindo failing means UTC, never an error.
        """
        if preferred:
            return preferred
        lookup = asyncio.ensure_future(self.company_timezone())
        lookup.add_done_callback(_note_zone_failure)
        try:
            zone = await asyncio.wait_for(asyncio.shield(lookup), wait)
        except (TimeoutError, MindoError):
            return FALLBACK_TIMEZONE
        return zone or FALLBACK_TIMEZONE

    # --- Questions ----------------------------------------------------------------------

    def question(self) -> AbstractAsyncContextManager[None]:
        """One question's time budget: what it still reads after that is cancelled and
        ``MindoTooSlowError`` says so (every Mindo read inside shares the budget)."""
        return self._client.question()

    def health(self) -> PathHealth:
        """Whether requests to Mindo are moving (for the health check)."""
        return self._client.health()

    def read(self, text: str, tz: str, *, user_language: Language | None = None) -> ParsedRequest:
        """The question as far as it can be read without Mindo (no I/O; see ``parse``): in
        the company's language only if it is known already."""
        return self._questions.read(
            text,
            tz,
            user_language=user_language,
            company_language=self._questions.known_company_language(),
        )

    async def parse(
        self, text: str, tz: str, *, user_language: Language | None = None
    ) -> ParsedRequest:
        """QueryError for words not understood or an unknown template; MindoError if the
        account's templates had to be read to decide and could not be.

        ``user_language`` is the asker's own (Slack's locale, the CLI's --lang or LANG),
        None when it names no language we speak: then the question's words decide, else
        the company's language, read only then (``LANGUAGE_WAIT`` at most)."""
        company = None
        if user_language is None:
            company = await self.company_language(wait=LANGUAGE_WAIT)
        return await self._questions.parse(
            text, tz, user_language=user_language, company_language=company
        )

    async def confirm(self, parsed: ParsedRequest) -> ParsedRequest:
        """A ``read`` question made final: the template it names must exist."""
        return await self._questions.confirm(parsed)

    async def answer(self, query: BulkSendQuery) -> Answer:
        return await self._questions.answer(query)

    # --- Home, Details, checks ---------------------------------------------------------

    async def home(self, timezone: str) -> HomeOverview:
        """Today and this week in ``timezone``, the problems and what is sending now,
        reused for ``home_ttl`` seconds (people open the tab often); people opening it at
        the same moment share one read."""
        now = self.clock()
        key = (timezone, local_date(now, timezone))
        cached = self._home.get(key)
        if cached is not None and (now - cached[0]).total_seconds() < self._home_ttl:
            return cached[1]
        reading = self._home_reads.get(key)
        if reading is None:
            reading = asyncio.ensure_future(self._read_home(timezone, now))
            self._home_reads[key] = reading
            reading.add_done_callback(lambda _: self._home_reads.pop(key, None))
        overview = await asyncio.shield(reading)
        self._home[key] = (now, overview)
        while len(self._home) > _HOME_ZONES:
            self._home.pop(next(iter(self._home)))
        return overview

    async def _read_home(self, timezone: str, now: datetime) -> HomeOverview:
        first, today = home_range(local_date(now, timezone))
        async with self.question():  # every read inside one budget
            recent, running = await asyncio.gather(
                self.answer(_plain_query(frozenset(), DateRange(first, today), timezone)),
                self.answer(_plain_query(RUNNING, DateRange(None, today), timezone)),
            )
            overview = overview_from(
                recent.report.sends, running.report.sends, now=now, timezone=timezone
            )
            worst = overview.problems[:HOME_REASON_SENDS]
            found = await asyncio.gather(*(self._reasons(s.id) for s in worst))
        reasons = {s.id: r for s, r in zip(worst, found, strict=True) if r}
        return replace(overview, reasons=MappingProxyType(reasons))

    async def _reasons(self, send_id: str) -> tuple[FailureReason, ...]:
        """A courtesy: a send whose messages cannot be read just shows no reasons."""
        try:
            failed = await self._client.list_messages(
                send_id, status="failed", limit=HOME_REASON_SAMPLE
            )
        except MindoError:
            return ()
        return count_failure_reasons(failed)

    async def details(self, send_id: str) -> SendDetails:
        """The send and its failure reasons, both reads inside one question's budget."""
        async with self.question():
            return await read_details(self._client, send_id)

    async def business_info(self) -> BusinessInfo:
        """The company record: proves the key works (``bulksends check``)."""
        return await self._client.get_business_info()

    async def aclose(self) -> None:
        self.closed = True
        await self._client.aclose()


def _plain_query(statuses: frozenset[Status], span: DateRange, timezone: str) -> BulkSendQuery:
    return BulkSendQuery(
        statuses=statuses, range=span, template=None, timezone=timezone, default_range=False
    )


# INFO, not WARNING: the same Mindo failure reaches whoever asked, as that question's own
# error (a terminal's one friendly line, not two log lines before it); the next question
# reads them again. A running app logs INFO; its start logs the zone's failure as WARNING.


def _note_zone_failure(task: asyncio.Future[str | None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.info("company time zone unavailable: %s", task.exception())


def _note_language_failure(task: asyncio.Future[Language]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.info("company language unavailable: %s", task.exception())
