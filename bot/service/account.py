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
from datetime import date, datetime

from bot.domain.dates import DateRange, local_date, week_start
from bot.domain.sends import RUNNING, Status
from bot.locale.languages import Language
from bot.mindo.client import MindoClient
from bot.mindo.errors import MindoError
from bot.mindo.health import PathHealth
from bot.mindo.models import BusinessInfo
from bot.query.model import BulkSendQuery, ParsedRequest
from bot.service.alerts import AlertSource, MindoAlertSource
from bot.service.details import SendDetails, read_details
from bot.service.digest import DigestSource, MindoDigestSource
from bot.service.home import HomeOverview, overview_from
from bot.service.questions import Answer, Clock, Questions

logger = logging.getLogger(__name__)

#: The zone of last resort: no zone from the person, none from the company.
FALLBACK_TIMEZONE = "UTC"


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
        self._home: tuple[tuple[str, date], datetime, HomeOverview] | None = None

    # --- Where dates are read ----------------------------------------------------------

    async def company_timezone(self) -> str | None:
        """The company's IANA zone from business-info (read once), or None."""
        return await self._questions.company_timezone()

    async def company_language(self) -> Language | None:
        """The language the company's templates are written in, the most of them (read
        with the templates, remembered as long as they are), or None."""
        return await self._questions.company_language()

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
        """The question as far as it can be read without Mindo (no I/O; see ``parse``)."""
        return self._questions.read(text, tz, user_language=user_language)

    async def parse(
        self, text: str, tz: str, *, user_language: Language | None = None
    ) -> ParsedRequest:
        """QueryError for words not understood or an unknown template; MindoError if the
        account's templates had to be read to decide and could not be."""
        return await self._questions.parse(text, tz, user_language=user_language)

    async def confirm(self, parsed: ParsedRequest) -> ParsedRequest:
        """A ``read`` question made final: the template it names must exist."""
        return await self._questions.confirm(parsed)

    async def answer(self, query: BulkSendQuery) -> Answer:
        return await self._questions.answer(query)

    # --- Home, Details, checks ---------------------------------------------------------

    async def home(self, timezone: str) -> HomeOverview:
        """Today and this week in ``timezone`` and what is sending now, reused for
        ``home_ttl`` seconds: people open the tab often."""
        now = self.clock()
        today = local_date(now, timezone)
        key = (timezone, today)
        if self._home is not None:
            cached_key, at, overview = self._home
            if cached_key == key and (now - at).total_seconds() < self._home_ttl:
                return overview
        async with self.question():  # both reads inside one budget
            week, running = await asyncio.gather(
                self.answer(
                    _plain_query(frozenset(), DateRange(week_start(today), today), timezone)
                ),
                self.answer(_plain_query(RUNNING, DateRange(None, today), timezone)),
            )
        overview = overview_from(
            week.report.sends, running.report.sends, now=now, timezone=timezone
        )
        self._home = (key, now, overview)  # one zone's entry at a time is plenty
        return overview

    async def details(self, send_id: str) -> SendDetails:
        """The send and its failure reasons, both reads inside one question's budget."""
        async with self.question():
            return await read_details(self._client, send_id)

    async def business_info(self) -> BusinessInfo:
        """The company record: proves the key works (``bulksends check``)."""
        return await self._client.get_business_info()

    async def aclose(self) -> None:
        await self._client.aclose()


def _plain_query(statuses: frozenset[Status], span: DateRange, timezone: str) -> BulkSendQuery:
    return BulkSendQuery(
        statuses=statuses, range=span, template=None, timezone=timezone, default_range=False
    )


def _note_zone_failure(task: asyncio.Future[str | None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.warning("company time zone unavailable: %s", task.exception())
