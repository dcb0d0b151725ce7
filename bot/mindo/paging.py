"""Reading every page of one of Mindo's lists, and knowing the read is whole.

Page 1 comes first: it tells the page size the server really used (it may cap
``page_size`` silently) and ``count``. Pages 2…⌈count/size⌉ are then asked for at once,
whatever ``next`` says (a server may leave it null). A server whose pages overlap or run
short holds the rest further on: while items are missing and the last page links a next
one, the pages after it are read one by one, each bringing new items.

The API gives no snapshot, so a list can change between pages: a send leaving the head
shifts an item back onto page 1, already read; one arriving shifts an item past the page
read before it. Either way the pages disagree: some page's ``count`` differs from page
1's, a page is gone (404), or the ids read are not exactly ``count``. Such a read is
thrown away and the list read again, at most ``MAX_READS`` times in all, then
``ListChangedError``: an answer is exact or it is not given.

A server that ignores ``page`` would answer page 1 forever; a later page that brings no
new id, or a ``count`` needing more than ``MAX_PAGES`` pages, is an unreadable answer.

A read with a ``limit`` wants only the list's first items, a sample: it reads only the
pages that hold them (still together), and a list that moves meanwhile is no reason to
read it again: the sample is whatever the pages held, each item once.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Coroutine, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from bot.mindo.errors import (
    BadRequestError,
    ListChangedError,
    NotFoundError,
    UnreadableResponseError,
)
from bot.mindo.fields import read_int
from bot.mindo.requester import NotFoundMeans, Parse, Requester, Tally, from_json

logger = logging.getLogger(__name__)

#: Page sizes to fall back to when the server refuses a large one with a 400.
PAGE_SIZE_LADDER = (100, 50, 20)
#: Reads of one list before giving up on it holding still (the first and two more).
MAX_READS = 3
#: The most pages one read may take, whatever ``count`` says.
MAX_PAGES = 1000

T = TypeVar("T")


class Identified(Protocol):
    @property
    def id(self) -> Hashable: ...


Item = TypeVar("Item", bound=Identified)


#: What one page of a list says: the list's ``count``, whether a next page exists, its items.
PageContent = tuple[int, bool, Sequence[Item]]


@dataclass(frozen=True)
class Page(Generic[Item]):
    number: int
    count: int
    has_next: bool
    items: Sequence[Item]


@dataclass(frozen=True)
class ListRequest(Generic[Item]):
    """One list to read: where, with which filters, and how to read a page's bytes.

    ``route`` names the endpoint for remembering its page size (the path holds ids).
    """

    route: str
    path: str
    params: dict[str, str]
    read_page: Parse[PageContent[Item]]
    first_page_404: NotFoundMeans


class Pager:
    """Reads whole lists through one client's requester; remembers page sizes per route."""

    def __init__(self, requester: Requester, page_size: int) -> None:
        self._requester = requester
        self._page_size = page_size
        self._sizes: dict[str, int] = {}

    async def read(
        self, request: ListRequest[Item], tally: Tally, *, limit: int | None = None
    ) -> list[Item]:
        """Every item of the list, each once, in the server's order; or its first ``limit``."""
        if limit is not None:
            return await self._read_first(request, tally, limit)
        for attempt in range(1, MAX_READS + 1):
            items = await self._read_once(request, tally)
            if items is not None:
                return items
            logger.debug("%s changed while read (read %d of %d)", request.path, attempt, MAX_READS)
        raise ListChangedError(
            f"the list changed during each of {MAX_READS} reads",
            method="GET",
            url=str(self._requester.url(request.path, request.params)),
        )

    async def _read_once(self, request: ListRequest[Item], tally: Tally) -> list[Item] | None:
        """The items if every page agrees with page 1; None if the list moved meanwhile.

        The pages ``count`` foretells are read at once (whatever ``next`` says: a server
        may leave it null). A server whose pages overlap or run short holds the rest
        further on: while items are missing and the last page links a next one, the next
        pages are read one by one, as long as each brings new items.
        """
        size, first = await self._first_page(request, tally)
        per_page = len(first.items)
        last = math.ceil(first.count / per_page) if per_page else 1
        if last > MAX_PAGES:
            raise self._unreadable(request, f"count {first.count} needs {last} pages")
        later = await gather_all(
            self._later_page(request, number, size, tally) for number in range(2, last + 1)
        )
        seen: dict[Hashable, Item] = {}
        page: Page[Item] | None = first
        for page in (first, *later):
            if page is None or page.count != first.count:
                return None
            self._collect(request, page, seen)
        number = last
        while page is not None and len(seen) < first.count and page.has_next and page.items:
            number += 1
            if number > MAX_PAGES:
                raise self._unreadable(request, f"more than {MAX_PAGES} pages")
            page = await self._later_page(request, number, size, tally)
            if page is None or page.count != first.count:
                return None
            self._collect(request, page, seen)
        return list(seen.values()) if len(seen) == first.count else None

    def _collect(
        self, request: ListRequest[Item], page: Page[Item], seen: dict[Hashable, Item]
    ) -> None:
        """The page's items not seen yet, added to ``seen``; a later page bringing none
        is a server ignoring ``page``."""
        fresh = [item for item in page.items if item.id not in seen]
        if page.items and not fresh and page.number > 1:
            raise self._unreadable(request, f"page {page.number} repeats items already read")
        seen.update((item.id, item) for item in fresh)

    async def _read_first(self, request: ListRequest[Item], tally: Tally, limit: int) -> list[Item]:
        """Up to ``limit`` items from the pages that hold the first ``limit``, each once."""
        if limit < 1:
            return []
        size, first = await self._first_page(request, tally)
        per_page = len(first.items)
        last = math.ceil(first.count / per_page) if per_page else 1
        last = min(last, math.ceil(limit / per_page) if per_page else 1)
        if last > MAX_PAGES:
            raise self._unreadable(request, f"{limit} items need {last} pages")
        later = await gather_all(
            self._later_page(request, number, size, tally) for number in range(2, last + 1)
        )
        seen: dict[Hashable, Item] = {}
        for page in (first, *later):
            if page is not None:
                self._collect(request, page, seen)
        return list(seen.values())[:limit]

    async def _first_page(self, request: ListRequest[Item], tally: Tally) -> tuple[int, Page[Item]]:
        """Page 1, at a smaller size while the server shows it refuses the size asked.

        A 400 naming ``page_size`` steps down at once. One naming no field might be about
        anything, even a passing glitch, so the same request is sent again first and only
        a repeat steps down. The size that worked is kept for the route's next reads.
        """
        size = self._sizes.get(request.route, self._page_size)
        asked_again = False
        while True:
            try:
                page = await self._page(request, 1, size, request.first_page_404, tally)
            except BadRequestError as error:
                named = set(error.field_errors) - {"detail", "non_field_errors"}
                smaller = next((s for s in PAGE_SIZE_LADDER if s < size), None)
                if smaller is None or (named and "page_size" not in named):
                    raise
                if not named and not asked_again:
                    asked_again = True
                    continue
                logger.debug("Mindo refused page_size=%d; trying %d", size, smaller)
                size, asked_again = smaller, False
                continue
            self._sizes[request.route] = size
            return size, page

    async def _later_page(
        self, request: ListRequest[Item], number: int, size: int, tally: Tally
    ) -> Page[Item] | None:
        """A page after the first; None when it is gone (the list shrank while read)."""
        try:
            return await self._page(request, number, size, "send", tally)
        except NotFoundError:
            logger.debug("page %d of %s is gone: the list shrank", number, request.path)
            return None

    async def _page(
        self,
        request: ListRequest[Item],
        number: int,
        size: int,
        not_found: NotFoundMeans,
        tally: Tally,
    ) -> Page[Item]:
        query = {**request.params, "page": str(number), "page_size": str(size)}
        count, has_next, items = await self._requester.get(
            request.path, query, request.read_page, tally, not_found=not_found
        )
        tally.pages += 1
        return Page(number=number, count=count, has_next=has_next, items=items)

    def _unreadable(self, request: ListRequest[Item], problem: str) -> UnreadableResponseError:
        url = str(self._requester.url(request.path, request.params))
        return UnreadableResponseError(
            f"Mindo's pages make no sense: {problem}", method="GET", url=url
        )


async def gather_all(coros: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    """Run all at once; on the first failure cancel the rest and raise that error itself."""
    failure: BaseException | None = None
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(c) for c in coros]
    except BaseExceptionGroup as failed:
        failure = failed.exceptions[0]
    if failure is not None:
        raise failure
    return [task.result() for task in tasks]


def json_pages(parse_item: Callable[[Any], Item]) -> Parse[PageContent[Item]]:
    """Pages of a DRF list whose items ``parse_item`` reads from plain decoded JSON."""

    def read(data: Any) -> PageContent[Item]:
        results, count, next_url = data["results"], read_int(data["count"]), data.get("next")
        if not isinstance(results, list):
            raise TypeError("results must be a list")
        if count < 0:
            raise TypeError("count must be a whole number")
        if next_url is not None and not isinstance(next_url, str):
            raise TypeError("next must be a URL or null")
        return count, next_url is not None, tuple(map(parse_item, results))

    return from_json(read)
