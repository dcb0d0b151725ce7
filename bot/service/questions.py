"""Questions: text → parse_query → MindoClient.fetch_bulk_sends → summarise.

No Slack here, no printing: callers reach this through ``bot.service.account.Account``
and turn the ``Answer`` into a terminal table or a Block Kit message.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.dates import DateRange
from bot.domain.sends import BulkSend, Status
from bot.groups import Group, group_sends, phone_digits, rank
from bot.locale import formats
from bot.locale.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, language_of
from bot.locale.translate import translator
from bot.mindo.client import FetchResult, MindoClient
from bot.mindo.errors import MindoError
from bot.query.model import BulkSendQuery, Metric, ParsedRequest, QueryError
from bot.query.parser import parse_query
from bot.report import Report, Totals, summarise
from bot.service.details import SendDetails, read_details
from bot.timezones import find_zone

Clock = Callable[[], datetime]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Comparison:
    """The second range of a comparison, read by the same rules as the first."""

    range: DateRange
    report: Report
    #: Its groups when the question has a grouping (every group, unranked), else None.
    groups: tuple[Group, ...] | None = None


@dataclass(frozen=True)
class Answer:
    query: BulkSendQuery
    report: Report
    demo: bool
    pages: int
    requests: int
    elapsed_ms: float
    #: The asker's local date when answering: lets messages say "last week", not only dates.
    today: date
    #: The breakdown when the question has a grouping: periods oldest first, a ranking cut
    #: to its ``n``, anything else by recipients (docs/query-language.md).
    groups: tuple[Group, ...] | None = None
    #: How many groups there were before a ranking kept its first ``n``.
    group_count: int = 0
    comparison: Comparison | None = None
    #: A question about one send (``send_id``): that send's details.
    send: SendDetails | None = None
    #: For a plain question about failed sends: the totals of the range's other sends
    #: that had failed messages (partial, or still sending), so "failed messages
    #: yesterday" is not answered "none" when messages failed inside them. None otherwise.
    failed_elsewhere: Totals | None = None


class Questions:
    """Answers questions against one Mindo account.

    The account's template names are fetched only when a question needs them (an
    unknown word that might be a template, or a named template to check) and kept
    for ``template_ttl`` seconds.
    """

    def __init__(
        self,
        client: MindoClient,
        *,
        demo: bool,
        clock: Clock,
        template_ttl: float = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.demo = demo
        self.clock = clock
        self._template_ttl = template_ttl
        self._monotonic = monotonic
        self._templates: frozenset[str] | None = None
        self._template_languages: Counter[Language] = Counter()
        self._templates_at = 0.0
        self._company_tz: asyncio.Future[str | None] | None = None
        self._company_language: asyncio.Future[Language] | None = None

    async def known_templates(self) -> frozenset[str]:
        now = self._monotonic()
        if self._templates is None or now - self._templates_at > self._template_ttl:
            accounts = await self.client.get_business_accounts()
            templates = [t for account in accounts.accounts for t in account.templates]
            self._templates = frozenset(t.name.lower() for t in templates)
            self._template_languages = Counter(
                found for t in templates if (found := language_of(t.language)) is not None
            )
            self._templates_at = now
        return self._templates

    async def company_language(self) -> Language:
        """The company's language: the one most of its WhatsApp templates are written in
        (ties: the first in ``LANGUAGES``), else English when none is one we speak. Mindo
        records no language for a company: what it says to its own customers is the best
        sign of what it reads.

        Read once, like the company's zone (callers at the same moment share one read; a
        failed read is tried again by the next caller); MindoError when it cannot be read.
        """
        if self._company_language is None or (
            self._company_language.done() and self._company_language.exception() is not None
        ):
            self._company_language = asyncio.ensure_future(self._read_company_language())
        return await asyncio.shield(self._company_language)

    def known_company_language(self) -> Language | None:
        """The company's language if already read, without reading it (no I/O)."""
        read = self._company_language
        if read is None or not read.done() or read.cancelled() or read.exception() is not None:
            return None
        return read.result()

    async def _read_company_language(self) -> Language:
        await self.known_templates()
        if not self._template_languages:
            return DEFAULT_LANGUAGE
        most = max(self._template_languages.values())
        return next(code for code in LANGUAGES if self._template_languages[code] == most)

    async def company_timezone(self) -> str | None:
        """The company's zone from business-info: the fallback for users with none.

        Read once (callers at the same moment share one request; a failed read is tried
        again by the next caller). Mindo's field is free text; a name that is not an IANA
        zone ("GMT-3") counts as no zone at all, so callers fall back to UTC instead of
        failing every question.
        """
        if self._company_tz is None or (
            self._company_tz.done() and self._company_tz.exception() is not None
        ):
            self._company_tz = asyncio.ensure_future(self._read_company_timezone())
        return await asyncio.shield(self._company_tz)

    async def _read_company_timezone(self) -> str | None:
        info = await self.client.get_business_info()
        zone = find_zone(info.timezone) if info.timezone else None
        if info.timezone and zone is None:
            logger.warning(
                "Mindo's company time zone %r is not an IANA zone; using UTC", info.timezone
            )
        return zone

    def read(
        self,
        text: str,
        tz: str,
        *,
        user_language: Language | None = None,
        company_language: Language | None = None,
    ) -> ParsedRequest:
        """The parse that needs nothing from Mindo (no I/O): QueryError if a word is not
        understood, which may still be one of the account's templates (``parse`` knows).
        The languages are the one rule's (``bot.locale.choice.reply_language``)."""
        return parse_query(
            text,
            now=self.clock(),
            tz=tz,
            known_templates=self._fresh_templates(),
            user_language=user_language,
            company_language=company_language,
        )

    async def parse(
        self,
        text: str,
        tz: str,
        *,
        user_language: Language | None = None,
        company_language: Language | None = None,
    ) -> ParsedRequest:
        """Parse, consulting the account's templates only when it matters.

        Raises QueryError for words it does not understand or an unknown template,
        and MindoError if the templates had to be fetched and could not be.
        """
        try:
            parsed = self.read(
                text, tz, user_language=user_language, company_language=company_language
            )
        except QueryError as error:
            if not error.unrecognized or self._fresh_templates() is not None:
                raise
            parsed = parse_query(
                text,
                now=self.clock(),
                tz=tz,
                known_templates=await self.known_templates(),
                user_language=user_language,
                company_language=company_language,
            )
        return await self.confirm(parsed)

    async def confirm(self, parsed: ParsedRequest) -> ParsedRequest:
        """``parsed`` if the template it names exists; QueryError with the closest names if not."""
        if isinstance(parsed, BulkSendQuery) and parsed.template is not None:
            await self._check_template(parsed)
        return parsed

    def _fresh_templates(self) -> frozenset[str] | None:
        """The account's template names if read recently, without reading them."""
        if self._templates is None or self._monotonic() - self._templates_at > self._template_ttl:
            return None
        return self._templates

    async def _check_template(self, query: BulkSendQuery) -> None:
        assert query.template is not None
        try:
            known = await self.known_templates()
        except MindoError:
            return  # the list is a courtesy; the question itself will surface real errors
        if not known or query.template in known:
            return
        tr = translator(query.language)
        message = tr._("I don't know a template called *{name}*.", name=query.template)
        close = difflib.get_close_matches(query.template, sorted(known), n=3, cutoff=0.6)
        if close:
            names = formats.either([f"*{name}*" for name in close], query.language)
            message += " " + tr._("Did you mean {names}?", names=names)
        raise QueryError(message, (query.template,), query.language)

    async def answer(self, query: BulkSendQuery) -> Answer:
        """Every number of the answer, exact: each range read whole (both at once for a
        comparison), then filtered to the template and sender asked about here."""
        started = time.perf_counter()
        today = self.clock().astimezone(ZoneInfo(query.timezone)).date()
        if query.send_id is not None:
            return await self._one_send(query, query.send_id, started, today)
        if _asks_failed_sends(query):
            return await self._failed(query, started, today)
        async with self.client.question():  # both ranges inside one budget
            reads = [self._sends(query, query.range)]
            if query.compare_to is not None:
                reads.append(self._sends(query, query.compare_to))
            results = await asyncio.gather(*reads)
        return answer_from(
            query,
            results[0].sends,
            results[1].sends if len(results) > 1 else None,
            demo=self.demo,
            today=today,
            pages=sum(r.pages for r in results),
            requests=sum(r.requests for r in results),
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    async def _failed(self, query: BulkSendQuery, started: float, today: date) -> Answer:
        """Failed sends, and the failed messages inside the range's other sends: one read
        of every status (the same pages a filtered read would walk, and then some)."""
        async with self.client.question():
            result = await self._sends(replace(query, statuses=frozenset()), query.range)
        failed = [s for s in result.sends if s.status is Status.FAILED]
        others = [s for s in result.sends if s.status is not Status.FAILED and s.failed_count]
        found = answer_from(
            query,
            failed,
            demo=self.demo,
            today=today,
            pages=result.pages,
            requests=result.requests,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )
        return replace(found, failed_elsewhere=Totals.of(others))

    async def _sends(self, query: BulkSendQuery, span: DateRange) -> FetchResult:
        """The sends of ``span`` the question is about: its statuses (the client), its
        template and its sender (here: Mindo filters neither by name nor by number)."""
        result = await self.client.fetch_bulk_sends(
            statuses=query.statuses, date_range=span, tz=query.timezone
        )
        sends = result.sends
        if query.template is not None:
            sends = tuple(s for s in sends if s.template.name.lower() == query.template)
        if query.phone_number is not None:
            sends = _from_sender(sends, query.phone_number)
        return FetchResult(sends=sends, pages=result.pages, requests=result.requests)

    async def _one_send(
        self, query: BulkSendQuery, send_id: str, started: float, today: date
    ) -> Answer:
        async with self.client.question():
            details = await read_details(self.client, send_id)
        return Answer(
            query=query,
            report=summarise([details.detail.send]),
            demo=self.demo,
            pages=0,
            requests=0,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            today=today,
            send=details,
        )


def answer_from(
    query: BulkSendQuery,
    sends: Sequence[BulkSend],
    others: Sequence[BulkSend] | None = None,
    *,
    demo: bool,
    today: date,
    pages: int = 0,
    requests: int = 0,
    elapsed_ms: float = 0.0,
) -> Answer:
    """The answer to ``query`` from the sends it is about (and, for a comparison, those of
    the other range): totals, the breakdown or ranking, the comparison. No I/O."""
    report = summarise(sends)
    groups, count = None, 0
    if query.group_by is not None:
        groups = group_sends(
            report.sends, query.group_by, timezone=query.timezone, span=query.range
        )
        count = len(groups)
        if query.top is not None:
            groups = rank(groups, query.metric or Metric.RECIPIENTS, query.top)
    comparison = None
    if query.compare_to is not None:
        other = summarise(others or ())
        other_groups = None
        if query.group_by is not None:
            other_groups = group_sends(
                other.sends, query.group_by, timezone=query.timezone, span=query.compare_to
            )
        comparison = Comparison(query.compare_to, other, other_groups)
    return Answer(
        query=query,
        report=report,
        demo=demo,
        pages=pages,
        requests=requests,
        elapsed_ms=elapsed_ms,
        today=today,
        groups=groups,
        group_count=count,
        comparison=comparison,
    )


def _asks_failed_sends(query: BulkSendQuery) -> bool:
    """A plain question about failed sends ("failed yesterday", "failed messages
    yesterday"): no shape that would answer with other figures."""
    return (
        query.statuses == {Status.FAILED}
        and query.metric is None
        and query.group_by is None
        and query.compare_to is None
        and query.top is None
    )


def _from_sender(sends: tuple[BulkSend, ...], digits: str) -> tuple[BulkSend, ...]:
    """The sends of one sender, by the digits of its number (each number read once)."""
    matches: dict[str, bool] = {}
    kept = []
    for send in sends:
        number = send.phone_number.display_phone_number
        match = matches.get(number)
        if match is None:
            match = matches[number] = phone_digits(number) == digits
        if match:
            kept.append(send)
    return tuple(kept)
