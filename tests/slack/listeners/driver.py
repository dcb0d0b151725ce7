"""Calls the app's listeners directly, as Bolt would, with fakes for everything around them.

``Listener.command`` / ``click`` / ``open_home`` build the payload Slack would send, call
the listener with an ``ack``, a ``respond`` and a Web API client that remember, and give
a listener's error to the app's error handler the way Bolt does (with the pending
response when nothing was acknowledged yet), so a test sees what reached the user.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, cast
from zoneinfo import ZoneInfo

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse

from bot.demo.api import FakeMindoApi
from bot.domain.sends import Status
from bot.message import actions
from bot.message.answer import build_answer_message
from bot.query.model import BulkSendQuery
from bot.query.parser import parse_query
from bot.report import Totals, summarise
from bot.service.questions import Answer
from bot.slack.listeners.actions import handle_ask, handle_details, handle_share, handle_view
from bot.slack.listeners.commands import handle_command
from bot.slack.listeners.errors import handle_error
from bot.slack.listeners.events import handle_home_opened
from bot.slack.services import SlackServices
from bot.slack.users import UserProfile
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME
from tests.fakes.bolt import Acks, People, Responses, WebClient, context
from tests.fakes.slack_requests import action_payload, command_payload, home_action_payload
from tests.slack.conftest import ENGLISH, FRENCH, MEMBER, NO_ZONE, PORTUGUESE, SPANISH


def workspace(*, held: bool = False) -> People:
    """The fake workspace's people (as tests/conftest.py's fake Slack knows them)."""
    return People(
        {
            ENGLISH: UserProfile(tz=BUENOS_AIRES, locale="en-US"),
            SPANISH: UserProfile(tz="America/Mexico_City", locale="es-LA"),
            PORTUGUESE: UserProfile(tz="America/Sao_Paulo", locale="pt-BR"),
            NO_ZONE: UserProfile(tz=None, locale="en-US"),
            FRENCH: UserProfile(tz="Europe/Paris", locale="fr-FR"),
        },
        held=held,
    )


@dataclasses.dataclass
class Outcome:
    """One request's outcome: its ack, what reached the response_url and the Web API, and
    what the listener raised (which the error handler then turned into words)."""

    acks: Acks
    responses: Responses
    web: WebClient
    raised: Exception | None

    @property
    def ack(self) -> dict[str, Any]:
        return self.acks.only

    @property
    def answer(self) -> dict[str, Any]:
        """The one message posted to the response_url."""
        return self.responses.only


@dataclasses.dataclass
class Listener:
    services: SlackServices
    people: People
    #: The Mindo the account reads (None: the embedded demo).
    served: FakeMindoApi | None
    #: Every response_url and client handed out, to check nothing Slack would refuse.
    fakes: list[Responses | WebClient] = dataclasses.field(default_factory=list)

    @property
    def mindo(self) -> FakeMindoApi:
        assert self.served is not None, "a listener over the embedded demo"
        return self.served

    @property
    def problems(self) -> list[str]:
        return [problem for fake in self.fakes for problem in fake.problems]

    async def command(
        self,
        text: str,
        *,
        user: str = ENGLISH,
        channel: str = MEMBER,
        slow_profile: bool = False,
        slow_answer: bool = False,
        **respond_options: Any,
    ) -> Outcome:
        """``/bulksends text`` from ``user``; with ``slow_profile`` their profile arrives
        only once the command has been acknowledged; with ``slow_answer`` the answer takes
        longer than the asker is left without a word (``placeholder_wait``)."""
        services = self.services
        if slow_profile:
            self.people.held = True
            shared = dataclasses.replace(services.shared, ack_wait=0.0)
            services = dataclasses.replace(services, shared=shared)
        if slow_answer:
            shared = dataclasses.replace(services.shared, placeholder_wait=0.0)
            services = dataclasses.replace(services, shared=shared)
        payload = command_payload(text, user=user, channel=channel, response_url="x")
        try:
            return await self._call(
                lambda ack, respond, client, ctx: handle_command(
                    ack, payload, respond, client, ctx, services
                ),
                payload,
                Acks(then=self.people.release),
                Responses(**respond_options),
            )
        finally:
            self.people.held = False

    async def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = ENGLISH,
        channel: str = MEMBER,
        refuse: dict[str, str] | None = None,
        refused_kinds: set[str] | None = None,
    ) -> Outcome:
        """A button of a message clicked: Previous/Next/Only problems, Share, Details, or
        a question asked in one click.
        ``refuse``: Web API methods Slack refuses, with its error code; ``refused_kinds``:
        block kinds the workspace refuses."""
        body = action_payload(action_id, value, user=user, channel=channel, response_url="x")
        action = body["actions"][0]
        services = self.services

        async def listener(
            ack: AsyncAck, respond: AsyncRespond, client: Any, ctx: AsyncBoltContext
        ) -> None:
            if action_id == actions.SHARE:
                await handle_share(ack, action, body, respond, client, ctx, services)
            elif actions.ASK_IDS.match(action_id):
                await handle_ask(ack, action, body, respond, client, ctx, services)
            elif action_id == actions.DETAILS:
                await handle_details(ack, action, body, respond, client, ctx, services)
            else:
                await handle_view(ack, action, body, respond, ctx, services)

        return await self._call(
            listener, body, Acks(), Responses(), refuse=refuse, refused_kinds=refused_kinds
        )

    async def click_on_home(self, action_id: str, value: str, *, user: str = ENGLISH) -> Outcome:
        """A button of the Home tab clicked: no conversation, no response_url."""
        body = home_action_payload(action_id, value, user=user)
        action = body["actions"][0]
        services = self.services

        async def listener(
            ack: AsyncAck, respond: AsyncRespond, client: Any, ctx: AsyncBoltContext
        ) -> None:
            if action_id == actions.DETAILS:
                await handle_details(ack, action, body, None, client, ctx, services)
            else:
                await handle_ask(ack, action, body, None, client, ctx, services)

        return await self._call(listener, body, Acks(), None)

    async def open_home(
        self,
        user: str = ENGLISH,
        *,
        tab: str = "home",
        shown: dict[str, Any] | None = None,
        refused_kinds: set[str] | None = None,
    ) -> Outcome:
        """``app_home_opened``: events have no ack to give and no response_url. ``shown``:
        the view Slack shows now (it sends it with the event); ``refused_kinds``: block
        kinds the workspace refuses."""
        event: dict[str, Any] = {"type": "app_home_opened", "user": user, "tab": tab}
        if shown is not None:
            event["view"] = shown
        body = {"type": "event_callback", "event": event}
        services = self.services
        return await self._call(
            lambda ack, respond, client, ctx: handle_home_opened(event, client, ctx, services),
            body,
            Acks(),
            None,
            refused_kinds=refused_kinds,
        )

    async def _call(
        self,
        listener: Callable[[Any, Any, Any, AsyncBoltContext], Awaitable[None]],
        body: dict[str, Any],
        acks: Acks,
        responses: Responses | None,
        *,
        refuse: dict[str, str] | None = None,
        refused_kinds: set[str] | None = None,
    ) -> Outcome:
        web = WebClient()
        web.refuse.update(refuse or {})
        web.refused_kinds.update(refused_kinds or set())
        self.fakes += [web] if responses is None else [web, responses]
        team = body.get("team_id") or (body.get("team") or {}).get("id")
        client, ctx = web.as_client(), context(team)
        respond = cast(AsyncRespond, responses)
        raised: Exception | None = None
        try:
            await listener(cast(AsyncAck, acks), respond, client, ctx)
        except Exception as error:
            raised = error
            pending = None if acks.calls or responses is None else BoltResponse(status=200, body="")
            response = await handle_error(error, body, pending, respond, client, ctx)
            if response is not None:
                await acks(**json.loads(response.body))
        return Outcome(acks, responses or Responses(), web, raised)

    def expected_summary(self, text: str, timezone: str) -> dict[str, Any]:
        """The answer computed the slow, obvious way from the fake's own data."""
        query = parse_query(text, now=WEDNESDAY_LUNCHTIME, tz=timezone)
        assert isinstance(query, BulkSendQuery)
        zone = ZoneInfo(timezone)
        sends = [
            s
            for s in self.mindo.dataset.sends
            if (not query.statuses or s.status in query.statuses)
            and query.range.contains(s.created_at.astimezone(zone).date())
        ]
        today = WEDNESDAY_LUNCHTIME.astimezone(zone).date()
        answer = Answer(query, summarise(sends), False, 0, 0, 0.0, today)
        if query.statuses == {Status.FAILED} and query.metric is None:
            # Messages that failed inside the range's other sends, said beside the failed ones.
            others = [
                s
                for s in self.mindo.dataset.sends
                if s.status is not Status.FAILED
                and s.failed_count
                and query.range.contains(s.created_at.astimezone(zone).date())
            ]
            answer = replace(answer, failed_elsewhere=Totals.of(others))
        message = build_answer_message(answer, now=WEDNESDAY_LUNCHTIME)
        return {**message.to_dict(), "response_type": "ephemeral", "replace_original": False}
