"""A local imitation of the Slack Web API, response_url endpoints and Socket Mode.

The app reaches it through ``SLACK_API_URL`` exactly as it would reach Slack: real HTTP
on 127.0.0.1. Every call is recorded, every message is held to Block Kit's limits
(slack-sdk's validators plus Slack's own rules: 50 blocks, a fallback ``text``, the
~13,000-character block payload that fails in practice, unique ids), and a message that
breaks one is refused the way Slack refuses it *and* recorded in ``problems``, which
the test fixtures assert empty. Channels model where the app may post; users model
``users.info``; failures can be scripted per method.

Several workspaces: ``install`` scripts an "Add to Slack" (the code ``oauth.v2.access``
trades for a bot token of that workspace); every call then knows which workspace's token
it came with (``Call.team``), and ``users.info`` and ``auth.test`` answer for that
workspace only. ``revoke`` makes a workspace's token fail as Slack's would.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from bot.message.charts import BLOCK_TYPE as CHART
from bot.message.charts import MAX_CHARTS_PER_MESSAGE, DataVisualizationBlock
from bot.message.tables import BLOCK_TYPE as TABLE
from bot.message.tables import MAX_TABLES_PER_MESSAGE, Table

#: Where a channel stands for the bot: a member, a public channel it has not joined
#: (fine with chat:write.public), a private channel or DM it is not in, or archived.
ChannelKind = Literal["member", "public", "private", "im", "archived"]

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
#: Slack documents more, but block payloads fail from about 13,000 characters.
MAX_BLOCKS_JSON = 13_000
MAX_TEXT = 40_000
MAX_RESPONSE_URL_POSTS = 5


@dataclass(frozen=True)
class Call:
    """One Web API call as the fake saw it; ``auth`` says which token came with it."""

    method: str
    args: dict[str, Any]
    auth: Literal["bot", "app", "none", "invalid"]
    #: The workspace whose bot token came with the call (None: no bot token).
    team: str | None = None


@dataclass(frozen=True)
class Failure:
    error: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: A body instead of Slack's JSON (a proxy's HTML error page), sent as ``content_type``.
    body: str | None = None
    content_type: str = "application/json"

    def response(self) -> web.Response:
        if self.body is None:
            return web.json_response(
                {"ok": False, "error": self.error}, status=self.status, headers=self.headers
            )
        return web.Response(
            status=self.status,
            text=self.body,
            content_type=self.content_type,
            headers=self.headers,
        )


#: What a load balancer in front of Slack answers when it breaks.
HTML_ERROR_PAGE = (
    "<html><head><title>500 Internal Server Error</title></head><body>oops</body></html>"
)


@dataclass
class FakeSlackApi:
    bot_token: str = "xoxb-test-fake-bot-token"
    app_token: str = "xapp-test-fake-app-token"
    team_id: str = "T0FAKE"
    bot_user_id: str = "UBOTFAKE"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, ChannelKind] = field(default_factory=dict)
    #: The bot token's scopes, as auth.test reports them in ``X-OAuth-Scopes``.
    scopes: tuple[str, ...] = (
        "commands",
        "chat:write",
        "chat:write.public",
        "users:read",
        "channels:history",
        "groups:history",
    )
    #: Seconds a method takes to answer (to imitate a slow Slack).
    delays: dict[str, float] = field(default_factory=dict)
    #: The app's OAuth credentials (``oauth.v2.access`` checks them, as HTTP Basic auth).
    client_id: str = "1111111111.2222222222"
    client_secret: str = "fake0client0secret0000000000000"
    #: Bot tokens of installed workspaces → their team (or enterprise) id.
    tokens: dict[str, str] = field(default_factory=dict)
    #: What ``oauth.v2.access`` answers for each code ``install`` scripted.
    installs: dict[str, dict[str, Any]] = field(default_factory=dict)

    calls: list[Call] = field(default_factory=list)
    #: Messages posted to each response_url, by its id, in order.
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    #: Every way a message broke Slack's rules; tests assert this stays empty.
    problems: list[str] = field(default_factory=list)
    #: Messages posted in channels (and threads), as conversations.history/replies show them.
    posted: list[dict[str, Any]] = field(default_factory=list)
    #: Block kinds this workspace refuses (``invalid_blocks``, naming the first such block),
    #: as a workspace without Slack's newer blocks does; refusals land in ``refusals``.
    refused_kinds: set[str] = field(default_factory=set)
    refusals: list[str] = field(default_factory=list)
    #: What the app sent back over Socket Mode (acks with optional payloads).
    socket_acks: list[dict[str, Any]] = field(default_factory=list)

    base_url: str = ""
    _failures: dict[str, deque[Failure]] = field(default_factory=lambda: defaultdict(deque))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)

    # -- set-up ------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        tz: str | None = "America/Argentina/Buenos_Aires",
        locale: str = "en-US",
        is_admin: bool = False,
        is_owner: bool = False,
        team: str | None = None,
        enterprise: str | None = None,
    ) -> None:
        """A person of the default workspace, or of ``team`` (in organisation ``enterprise``)."""
        self.users[user_id] = {
            "id": user_id,
            "team_id": team or self.team_id,
            "enterprise_user": {"enterprise_id": enterprise} if enterprise else None,
            "name": user_id.lower(),
            "tz": tz,
            "tz_label": tz or "",
            "tz_offset": 0,
            "locale": locale,
            "is_admin": is_admin,
            "is_owner": is_owner,
        }

    def fail_next(
        self,
        method: str,
        error: str,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        body: str | None = None,
        content_type: str = "application/json",
    ) -> None:
        """The next call to ``method`` answers with this error instead (``body``: not JSON)."""
        self._failures[method].append(
            Failure(error, status, headers or {}, body=body, content_type=content_type)
        )

    def fail_with_html(
        self, method: str, *, times: int = 1, content_type: str = "text/plain"
    ) -> None:
        """The next ``times`` calls get an HTTP 500 whose body is an HTML page."""
        for _ in range(times):
            self.fail_next(method, "", status=500, body=HTML_ERROR_PAGE, content_type=content_type)

    def install(
        self,
        code: str,
        team_id: str,
        *,
        team_name: str = "",
        enterprise_id: str | None = None,
        org_wide: bool = False,
        installer: str = "UINSTALLER",
    ) -> str:
        """Script an "Add to Slack" of workspace ``team_id`` (or of an organisation,
        ``org_wide``): the bot token ``code`` will be traded for."""
        owner = enterprise_id if org_wide and enterprise_id else team_id
        token = f"xoxb-{owner.lower()}-{len(self.tokens) + 1}-fake"
        self.tokens[token] = owner
        self.installs[code] = {
            "ok": True,
            "app_id": "A0FAKE",
            "authed_user": {"id": installer},
            "scope": ",".join(self.scopes),
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": f"UBOT{owner}",
            "team": None if org_wide else {"id": team_id, "name": team_name or team_id},
            "enterprise": {"id": enterprise_id, "name": f"{enterprise_id} Org"}
            if enterprise_id
            else None,
            "is_enterprise_install": org_wide,
        }
        return token

    def revoke(self, team_id: str) -> None:
        """The workspace's bot tokens stop working (the app was uninstalled there)."""
        for token, team in list(self.tokens.items()):
            if team == team_id:
                del self.tokens[token]

    def response_url(self) -> str:
        """A fresh response_url, as Slack puts in each command and action payload."""
        return f"{self.base_url}response/{next(self._ids)}"

    # -- reading what happened -----------------------------------------------------

    @property
    def api_url(self) -> str:
        """What the app gets as ``SLACK_API_URL``."""
        return f"{self.base_url}api/"

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posted_to(self, response_url: str) -> list[dict[str, Any]]:
        return self.responses[response_url.rsplit("/", 1)[-1]]

    async def wait_for(self, ready: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``ready()`` holds: answers arrive after the ack, on their own."""
        assert self._changed is not None, "serve the fake first"
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(ready), timeout)

    async def wait_for_response(self, response_url: str, count: int = 1) -> dict[str, Any]:
        """The ``count``-th message posted to the response_url, not counting the word that
        a slow answer is on its way ("⏳ Looking up…", which a loaded machine may make
        appear anywhere): the answers themselves."""
        await self.wait_for(lambda: len(self.answers_to(response_url)) >= count)
        return self.answers_to(response_url)[count - 1]

    def answers_to(self, response_url: str) -> list[dict[str, Any]]:
        return [m for m in self.posted_to(response_url) if not _announces(m)]

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    # -- the Web API ---------------------------------------------------------------

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{id}", self._handle_response_url)
        app.router.add_get("/socket", self._handle_socket)
        return app

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            raw = await request.text()
            if request.content_type == "application/json":
                args.update(json.loads(raw))
            else:
                args.update(parse_qsl(raw))
        header = request.headers.get("Authorization")
        auth = self._auth(header)
        team = self._team_of(header) if auth == "bot" else None
        self.calls.append(Call(method, args, auth, team))
        await self._notify()
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        if self._failures[method]:
            return self._failures[method].popleft().response()
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_access(header, args))
        expected = "app" if method == "apps.connections.open" else "bot"
        if auth != expected:
            return _error("not_authed" if auth == "none" else "invalid_auth")
        handler = self._methods().get(method)
        if handler is None:
            return _error("unknown_method")
        answer = handler({**args, "_team": team}) if team is not None else handler(args)
        return web.json_response(answer, headers={"X-OAuth-Scopes": ",".join(self.scopes)})

    def _auth(self, header: str | None) -> Literal["bot", "app", "none", "invalid"]:
        if not header:
            return "none"
        token = header.removeprefix("Bearer ")
        if token == self.bot_token or token in self.tokens:
            return "bot"
        if token == self.app_token:
            return "app"
        return "invalid"

    def _team_of(self, header: str | None) -> str:
        token = (header or "").removeprefix("Bearer ")
        return self.tokens.get(token, self.team_id)

    def _oauth_access(self, header: str | None, args: dict[str, Any]) -> dict[str, Any]:
        """Trade an install's code for its bot token, if the app's credentials are right."""
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if header != f"Basic {expected}":
            return {"ok": False, "error": "invalid_client_id"}
        answer = self.installs.pop(str(args.get("code")), None)
        return answer or {"ok": False, "error": "invalid_code"}

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_message,
            "chat.update": self._update,
            "chat.getPermalink": self._permalink,
            "conversations.history": self._history,
            "conversations.replies": self._replies,
            "views.publish": self._view,
            "views.open": self._view,
            "views.update": self._view,
            "apps.connections.open": self._connections_open,
        }

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        team = str(args.get("_team") or self.team_id)
        enterprise = team if team.startswith("E") else None
        return {
            "ok": True,
            "url": "https://fake-workspace.slack.invalid/",
            "team": "Fake Workspace",
            "user": "bulksends",
            "team_id": None if enterprise else team,
            "enterprise_id": enterprise,
            "is_enterprise_install": enterprise is not None,
            "user_id": f"UBOT{team}" if team != self.team_id else self.bot_user_id,
            "bot_id": "BFAKE",
        }

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user")))
        team = args.get("_team")
        if user is None or (team is not None and team not in _teams_of(user)):
            return {"ok": False, "error": "user_not_found"}
        if str(args.get("include_locale")).lower() not in ("1", "true"):
            user = {k: v for k, v in user.items() if k != "locale"}
        return {"ok": True, "user": user}

    def _post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        kind = self.channels.get(channel)
        if kind is None or kind in ("private", "im"):
            return {"ok": False, "error": "channel_not_found"}
        if kind == "archived":
            return {"ok": False, "error": "is_archived"}
        refused = self._refused_block(args)
        if refused is not None:
            self.refusals.append(f"message to {channel}: {refused}")
            return {
                "ok": False,
                "error": "invalid_blocks",
                "response_metadata": {
                    "messages": [f"[ERROR] unsupported type [json-pointer:{refused}]"]
                },
            }
        error = self._check_message(args, where=f"message to {channel}")
        if error:
            return {"ok": False, "error": error}
        ts = f"{next(self._ids)}.000100"
        metadata = args.get("metadata")
        self.posted.append(
            {
                "channel": channel,
                "ts": ts,
                "thread_ts": args.get("thread_ts"),
                "text": args.get("text"),
                "metadata": json.loads(metadata) if isinstance(metadata, str) else metadata,
                "at": time.time(),  # what `oldest` compares with (the ts here are counters)
            }
        )
        return {"ok": True, "channel": channel, "ts": ts}

    def _history(self, args: dict[str, Any]) -> dict[str, Any]:
        """A channel's messages (not thread replies), newest first, metadata if asked; a
        private channel or DM the app is not in does not exist for it."""
        if self.channels.get(str(args.get("channel", ""))) in (None, "private", "im"):
            return {"ok": False, "error": "channel_not_found"}
        found = [
            m
            for m in self.posted
            if m["channel"] == args.get("channel")
            and not m["thread_ts"]
            and m["at"] >= float(args.get("oldest") or 0)
        ]
        return {"ok": True, "messages": self._shown(found, args)}

    def _replies(self, args: dict[str, Any]) -> dict[str, Any]:
        """A thread's parent and replies, oldest first."""
        ts = str(args.get("ts"))
        found = [
            m
            for m in self.posted
            if m["channel"] == args.get("channel") and (m["ts"] == ts or m["thread_ts"] == ts)
        ]
        return {"ok": True, "messages": list(reversed(self._shown(found, args)))}

    def _shown(self, messages: list[dict[str, Any]], args: dict[str, Any]) -> list[dict[str, Any]]:
        with_metadata = str(args.get("include_all_metadata")).lower() in ("1", "true")
        return [
            {
                "type": "message",
                "ts": m["ts"],
                "text": m["text"],
                **({"thread_ts": m["thread_ts"]} if m["thread_ts"] else {}),
                **({"metadata": m["metadata"]} if with_metadata and m["metadata"] else {}),
            }
            for m in reversed(messages)
        ]

    def _permalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
        if channel not in self.channels or not ts:
            return {"ok": False, "error": "channel_not_found"}
        link = f"https://fake-workspace.slack.invalid/archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        error = self._check_message(args, where="chat.update")
        return {"ok": False, "error": error} if error else {"ok": True, "ts": args.get("ts")}

    def _view(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        if not isinstance(view, dict):
            self.problems.append("view missing")
            return {"ok": False, "error": "invalid_arguments"}
        problems = block_problems(view.get("blocks"), MAX_VIEW_BLOCKS, budget=None)
        if problems:
            self.problems.extend(f"view: {p}" for p in problems)
            return {"ok": False, "error": "invalid_blocks"}
        return {"ok": True, "view": {"id": f"V{next(self._ids)}", **view}}

    def _connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        ws_base = self.base_url.replace("http://", "ws://", 1)
        return {"ok": True, "url": f"{ws_base}socket"}

    def _refused_block(self, message: dict[str, Any]) -> str | None:
        """The JSON pointer of the first block of a refused kind, if any."""
        blocks = message.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        for index, block in enumerate(blocks or ()):
            if isinstance(block, dict) and block.get("type") in self.refused_kinds:
                return f"/blocks/{index}/type"
        return None

    def _check_message(self, message: dict[str, Any], *, where: str) -> str | None:
        problems = message_problems(message)
        if problems:
            self.problems.extend(f"{where}: {p}" for p in problems)
            return "invalid_blocks"
        return None

    # -- response_url --------------------------------------------------------------

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        key = request.match_info["id"]
        payload = await request.json()
        self.calls.append(Call("response_url", payload, "none"))
        refused = self._refused_block(payload)
        if refused is not None:
            self.refusals.append(f"response_url {key}: {refused}")
            return web.Response(status=400, text="invalid_blocks")
        if self._failures["response_url"]:
            failure = self._failures["response_url"].popleft()
            if failure.body is not None:
                return failure.response()
            return web.Response(status=failure.status, text=failure.error)
        posts = self.responses[key]
        if len(posts) >= MAX_RESPONSE_URL_POSTS:
            self.problems.append(
                f"response_url {key} used more than {MAX_RESPONSE_URL_POSTS} times"
            )
            return web.Response(status=404, text="used_url")
        where = f"response_url {key}"
        problems = [
            f"{where}: {flag} must be a JSON boolean"
            for flag in ("replace_original", "delete_original")
            if flag in payload and not isinstance(payload[flag], bool)
        ]
        if payload.get("response_type", "ephemeral") not in ("ephemeral", "in_channel"):
            problems.append(f"{where}: response_type {payload.get('response_type')!r}")
        self.problems += problems
        refused = (
            self._check_message(payload, where=where) if "delete_original" not in payload else None
        )
        if problems or refused:
            return web.Response(status=400, text="invalid_blocks")
        posts.append(payload)
        await self._notify()
        return web.Response(text="ok")

    # -- Socket Mode -----------------------------------------------------------------

    async def _handle_socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": len(self._sockets)})
        await self._notify()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
                await self._notify()
        self._sockets.remove(socket)
        await self._notify()
        return socket

    @property
    def socket_connections(self) -> int:
        return len(self._sockets)

    async def send_envelope(self, kind: str, payload: dict[str, Any]) -> str:
        """Deliver a request over Socket Mode; returns its envelope id for matching the ack."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "type": kind,
            "envelope_id": envelope_id,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        await self._sockets[-1].send_json(envelope)
        return envelope_id


def _teams_of(user: dict[str, Any]) -> tuple[str, ...]:
    """The workspace a user is in, and their organisation's id (org-wide installs)."""
    enterprise = (user.get("enterprise_user") or {}).get("enterprise_id")
    return (user["team_id"], enterprise) if enterprise else (user["team_id"],)


def _error(code: str) -> web.Response:
    return web.json_response({"ok": False, "error": code})


def message_problems(message: dict[str, Any]) -> list[str]:
    """Everything Slack would refuse in a message: its blocks, and its fallback text."""
    blocks = message.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    problems = block_problems(blocks, MAX_MESSAGE_BLOCKS, budget=MAX_BLOCKS_JSON)
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append("no fallback text")
    elif len(text) > MAX_TEXT:
        problems.append(f"text is {len(text)} characters")
    return problems


def block_problems(blocks: Any, max_blocks: int, *, budget: int | None) -> list[str]:
    """Everything Slack would refuse in a list of blocks (empty: it would accept them)."""
    if blocks is None:
        return []
    if not isinstance(blocks, list):
        return ["blocks is not a list"]
    problems = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks (max {max_blocks})")
    size = len(json.dumps(blocks, ensure_ascii=False))
    if budget is not None and size > budget:
        problems.append(f"blocks JSON is {size} characters (Slack fails near {budget})")
    block_ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        problems.append("duplicate block_id")
    for kind, most in ((TABLE, MAX_TABLES_PER_MESSAGE), (CHART, MAX_CHARTS_PER_MESSAGE)):
        if sum(isinstance(b, dict) and b.get("type") == kind for b in blocks) > most:
            problems.append(f"more than {most} {kind} blocks")
    for index, raw in enumerate(blocks):
        try:
            block = _parse(raw)
            if block is None:
                problems.append(f"block {index}: unknown type")
                continue
            block.to_dict()
        except (SlackObjectFormationError, TypeError, KeyError) as error:
            problems.append(f"block {index}: {error}")
            continue
        action_ids = [e.get("action_id") for e in _elements(raw) if e.get("action_id")]
        if len(action_ids) != len(set(action_ids)):
            problems.append(f"block {index}: duplicate action_id")
    return problems


def _parse(raw: Any) -> Block | None:
    """slack_sdk's reading, with Slack's table limits and the chart block it lacks."""
    if isinstance(raw, dict) and raw.get("type") == CHART:
        return DataVisualizationBlock.from_json(raw)
    if isinstance(raw, dict) and raw.get("type") == TABLE:
        return Table(**raw)
    return Block.parse(raw)


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [e for e in block.get("elements", []) if isinstance(e, dict)]
    accessory = block.get("accessory")
    if isinstance(accessory, dict):
        found.append(accessory)
    return found


@asynccontextmanager
async def serve_slack(fake: FakeSlackApi, host: str = "127.0.0.1") -> AsyncIterator[str]:
    """Run the fake on a free loopback port; yields the Web API base URL (``…/api/``)."""
    runner = web.AppRunner(fake.web_app(), shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, host, 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.base_url = f"http://{host}:{port}/"
    fake._changed = asyncio.Condition()
    try:
        yield fake.api_url
    finally:
        for socket in list(fake._sockets):
            with suppress(Exception):
                await socket.close()
        await runner.cleanup()


#: How the app says that a slow answer is on its way (en, es, pt).
_ANNOUNCEMENTS = ("⏳ Looking up", "⏳ Looking that up", "⏳ Buscando", "⏳ Procurando")


def _announces(message: dict[str, Any]) -> bool:
    return str(message.get("text") or "").startswith(_ANNOUNCEMENTS)
