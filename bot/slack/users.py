"""Who is asking: time zone, locale and role from ``users.info``, cached.

Dates are read in the asking user's zone, and answers default to their language, so
every answer needs the profile (a question's ack waits for it only briefly, see
``bot.slack.listeners.commands``). ``users.info`` is Tier 4 but still a network call:
profiles are cached for an hour, concurrent lookups of one user share a single request,
and a slow lookup is abandoned after ``wait`` seconds (the request goes on and fills the
cache for next time).
A failed lookup is never an error for the user: the caller falls back to the
company's zone, then UTC.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.workspaces import WorkspaceRef
from bot.locale.languages import Language, language_of
from bot.slack.web_api import slack_error_code

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class UserProfile:
    tz: str | None = None
    locale: str | None = None
    is_admin: bool = False
    is_owner: bool = False

    @property
    def language(self) -> Language | None:
        """The language we speak that Slack's locale names (``es-LA``, ``pt-BR``…); None
        when it names none of ours (``fr-FR``) or the profile is unknown: then the words of
        the question, else the company's language, decide (``reply_language``)."""
        return language_of(self.locale)

    @classmethod
    def from_api(cls, user: dict[str, Any]) -> UserProfile:
        tz = user.get("tz")
        return cls(
            tz=tz if isinstance(tz, str) and _is_zone(tz) else None,
            locale=user.get("locale") if isinstance(user.get("locale"), str) else None,
            is_admin=bool(user.get("is_admin")),
            is_owner=bool(user.get("is_owner")),
        )


#: What we know about someone whose profile could not be read.
UNKNOWN_USER = UserProfile()


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class UserDirectory:
    """A cache of ``users.info`` answers shared by every listener."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        ttl: float = 3600.0,
        failure_ttl: float = 60.0,
        wait: float = 1.0,
        max_entries: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._wait = wait
        self._max_entries = max_entries
        self._monotonic = monotonic
        self._profiles: dict[str, tuple[float, UserProfile]] = {}
        self._pending: dict[str, asyncio.Task[UserProfile]] = {}

    def cached(self, user_id: str) -> UserProfile | None:
        entry = self._profiles.get(user_id)
        if entry is None or entry[0] < self._monotonic():
            return None
        return entry[1]

    async def profile(self, user_id: str) -> UserProfile:
        """The user's profile, or ``UNKNOWN_USER`` if Slack cannot tell us in time."""
        known = self.cached(user_id)
        if known is not None:
            return known
        task = self._pending.get(user_id)
        if task is None:
            task = asyncio.ensure_future(self._fetch(user_id))
            self._pending[user_id] = task
            task.add_done_callback(lambda _: self._pending.pop(user_id, None))
        try:
            return await asyncio.wait_for(asyncio.shield(task), self._wait)
        except TimeoutError:
            logger.warning("users.info for %s is slow; answering without the profile", user_id)
            return UNKNOWN_USER

    async def _fetch(self, user_id: str) -> UserProfile:
        try:
            response = await self._client.users_info(user=user_id, include_locale=True)
        except SlackClientError as error:
            # Slack said no (user_not_found, missing_scope…): it will say no again soon.
            logger.warning("users.info failed for %s: %s", user_id, slack_error_code(error))
            self._store(user_id, UNKNOWN_USER, self._failure_ttl)
            return UNKNOWN_USER
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.warning("users.info unreachable for %s: %s", user_id, type(error).__name__)
            return UNKNOWN_USER
        user = response.get("user")
        profile = UserProfile.from_api(user) if isinstance(user, dict) else UNKNOWN_USER
        self._store(user_id, profile, self._ttl)
        return profile

    def _store(self, user_id: str, profile: UserProfile, ttl: float) -> None:
        now = self._monotonic()
        if len(self._profiles) >= self._max_entries:
            self._profiles = {k: v for k, v in self._profiles.items() if v[0] >= now}
            while len(self._profiles) >= self._max_entries:
                del self._profiles[next(iter(self._profiles))]
        self._profiles[user_id] = (now + ttl, profile)


class People:
    """Each workspace's ``UserDirectory``, asked with that workspace's own token.

    A self-hosted app has one directory; a distributed one keeps one per workspace (its
    profiles never answer another workspace's requests), made again when the workspace's
    token changes (a reinstall), at most ``max_workspaces`` of them, least recent first out.
    """

    def __init__(
        self,
        *,
        single: UserDirectory | None = None,
        max_workspaces: int = 5000,
        make: Callable[[AsyncWebClient], UserDirectory] = UserDirectory,
    ) -> None:
        self._single = single
        self._max = max_workspaces
        self._make = make
        self._directories: OrderedDict[str, tuple[str | None, UserDirectory]] = OrderedDict()

    def directory(self, workspace: WorkspaceRef, client: AsyncWebClient) -> UserDirectory:
        if self._single is not None:
            return self._single
        kept = self._directories.get(workspace.id)
        if kept is None or kept[0] != client.token:
            kept = (client.token, self._make(client))
            self._directories[workspace.id] = kept
        self._directories.move_to_end(workspace.id)
        while len(self._directories) > self._max:
            self._directories.popitem(last=False)
        return kept[1]

    def forget(self, workspace_id: str) -> None:
        self._directories.pop(workspace_id, None)
