"""Slack installations (slack_sdk's SQLAlchemy stores, sealed) and Mindo keys, on SQLite and
PostgreSQL: what goes in comes out, the database alone shows no token or key, keys
rotate, and one workspace's removal leaves the others."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.domain.workspaces import WorkspaceRef
from bot.settings import Secret
from bot.store.backends import open_backend
from bot.store.connections import ConnectionStore, open_connection_store
from bot.store.installations import SlackStores, sqlalchemy_url
from bot.store.migrations import MIGRATIONS
from bot.store.sealing import SealError, SecretBox, new_secret_key

CLIENT_ID = "1111111111.2222222222"
KEY, OLD_KEY = new_secret_key(), new_secret_key()
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ACME = WorkspaceRef("TACME", "TACME")
GRID = WorkspaceRef("EGRID", None, "EGRID", True)
MINDO_KEY = Secret("mindo_live_acme_0123456789abcdefWXYZ")


def installation(team: str = "TACME", token: str = "xoxb-acme-bot-token-1") -> Installation:
    return Installation(
        app_id="A0FAKE",
        team_id=team,
        team_name=f"{team.title()} Inc",
        bot_token=token,
        bot_id="B0ACME",
        bot_user_id="U0BOT",
        bot_scopes="commands,chat:write",
        user_id="U0INSTALLER",
        installed_at=NOW.timestamp(),
    )


@pytest.fixture
async def connections(db_target: str) -> AsyncIterator[ConnectionStore]:
    store = await open_connection_store(db_target, SecretBox(Secret(KEY)))
    yield store
    await store.close()


@pytest.fixture
async def slack_stores(db_target: str, connections: ConnectionStore) -> AsyncIterator[SlackStores]:
    stores = SlackStores(db_target, client_id=CLIENT_ID, box=SecretBox(Secret(KEY)))
    await stores.check()
    yield stores
    await stores.close()


def raw_rows(db_target: str, sql: str) -> list[tuple[object, ...]]:
    engine = sqlalchemy.create_engine(sqlalchemy_url(db_target))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sqlalchemy.text(sql))]
    finally:
        engine.dispose()


async def test_an_installation_round_trips_with_its_tokens_sealed(
    slack_stores: SlackStores, db_target: str
) -> None:
    store = slack_stores.installations
    await store.async_save(installation())
    bot = await store.find_workspace_bot(ACME)
    assert bot is not None and bot.bot_token == "xoxb-acme-bot-token-1"
    found = await store.async_find_installation(enterprise_id=None, team_id="TACME")
    assert found is not None and found.bot_token == "xoxb-acme-bot-token-1"
    stored = raw_rows(db_target, "SELECT bot_token FROM slack_bots") + raw_rows(
        db_target, "SELECT bot_token FROM slack_installations"
    )
    assert stored and all("xoxb" not in str(value) for row in stored for value in row)
    listed = await store.list_workspaces()
    assert [(w.workspace, w.name, w.bot_user_id) for w in listed] == [(ACME, "Tacme Inc", "U0BOT")]
    assert "xoxb" not in repr(listed)


async def test_the_latest_install_wins_and_deleting_a_workspace_leaves_the_others(
    slack_stores: SlackStores,
) -> None:
    store = slack_stores.installations
    await store.async_save(installation("TACME", "xoxb-acme-old"))
    later = installation("TACME", "xoxb-acme-new")
    later.installed_at = NOW.timestamp() + 60
    await store.async_save(later)
    await store.async_save(installation("TGLOBEX", "xoxb-globex"))
    bot = await store.find_workspace_bot(ACME)
    assert bot is not None and bot.bot_token == "xoxb-acme-new"
    await store.delete_workspace(ACME)
    assert await store.find_workspace_bot(ACME) is None
    globex = await store.find_workspace_bot(WorkspaceRef("TGLOBEX", "TGLOBEX"))
    assert globex is not None and globex.bot_token == "xoxb-globex"
    assert [w.workspace.id for w in await store.list_workspaces()] == ["TGLOBEX"]


async def test_an_org_wide_install_is_one_workspace(slack_stores: SlackStores) -> None:
    store = slack_stores.installations
    grid = Installation(
        app_id="A0FAKE",
        enterprise_id="EGRID",
        enterprise_name="Grid Corp",
        team_id=None,
        bot_token="xoxb-grid",
        bot_user_id="U0BOT",
        user_id="U0INSTALLER",
        is_enterprise_install=True,
    )
    await store.async_save(grid)
    bot = await store.async_find_bot(
        enterprise_id="EGRID", team_id="T0ANY", is_enterprise_install=True
    )
    assert bot is not None and bot.bot_token == "xoxb-grid"
    [listed] = await store.list_workspaces()
    assert listed.workspace == GRID and listed.name == "Grid Corp"


async def test_oauth_states_are_used_once(slack_stores: SlackStores) -> None:
    state = await slack_stores.states.async_issue()
    assert await slack_stores.states.async_consume(state)
    assert not await slack_stores.states.async_consume(state)
    assert not await slack_stores.states.async_consume("made-up")


async def test_a_mindo_key_is_sealed_and_shown_only_by_its_last_four(
    connections: ConnectionStore, db_target: str
) -> None:
    saved = await connections.save(ACME, MINDO_KEY, company="Acme S.A.", by="U0ADMIN", now=NOW)
    assert saved.key_hint == "WXYZ" and "0123" not in repr(saved)
    opened = await connections.key("TACME")
    assert opened is not None and opened[0] == MINDO_KEY and opened[1] == saved.revision
    assert await connections.revision("TACME") == saved.revision
    assert await connections.get("TACME") == saved
    stored = raw_rows(db_target, "SELECT * FROM mindo_connections")
    assert "0123456789abcdef" not in repr(stored)
    again = await connections.save(
        ACME, Secret("mindo_other_key_9999"), company="Acme", by="U1", now=NOW
    )
    assert again.revision != saved.revision and again.key_hint == "9999"
    await connections.save(GRID, MINDO_KEY, company="Grid", by="U2", now=NOW)
    assert [c.workspace for c in await connections.list_all()] == [GRID, ACME]
    assert await connections.delete("TACME") and not await connections.delete("TACME")
    assert await connections.key("TACME") is None and await connections.get("TACME") is None
    assert await connections.key("EGRID") is not None


async def test_rotating_the_secret_key_reseals_everything(db_target: str) -> None:
    before = SecretBox(Secret(OLD_KEY))
    connections = await open_connection_store(db_target, before)
    stores = SlackStores(db_target, client_id=CLIENT_ID, box=before)
    try:
        await connections.save(ACME, MINDO_KEY, company="Acme", by="U0ADMIN", now=NOW)
        await stores.installations.async_save(installation())
    finally:
        await connections.close()
        await stores.close()
    rotating = SecretBox(Secret(KEY), [Secret(OLD_KEY)])
    connections = await open_connection_store(db_target, rotating)
    stores = SlackStores(db_target, client_id=CLIENT_ID, box=rotating)
    try:
        assert await connections.reseal_all() == 1
        assert await stores.installations.reseal_all() == 2  # the install's row and the bot's
        assert await connections.reseal_all() == 0
    finally:
        await connections.close()
        await stores.close()
    after = SecretBox(Secret(KEY))
    connections = await open_connection_store(db_target, after)
    stores = SlackStores(db_target, client_id=CLIENT_ID, box=after)
    try:
        opened = await connections.key("TACME")
        assert opened is not None and opened[0] == MINDO_KEY
        bot = await stores.installations.find_workspace_bot(ACME)
        assert bot is not None and bot.bot_token == "xoxb-acme-bot-token-1"
    finally:
        await connections.close()
        await stores.close()
    stranger = await open_connection_store(db_target, SecretBox(Secret(new_secret_key())))
    try:
        with pytest.raises(SealError):
            await stranger.key("TACME")
    finally:
        await stranger.close()


def test_the_tables_have_slack_sdks_columns() -> None:
    """A slack_sdk upgrade that adds a column fails here, not in someone's install."""
    metadata = sqlalchemy.MetaData()
    expected = {
        "slack_installations": SQLAlchemyInstallationStore.build_installations_table(
            metadata, "slack_installations"
        ),
        "slack_bots": SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots"),
        "slack_oauth_states": SQLAlchemyOAuthStateStore.build_oauth_states_table(
            sqlalchemy.MetaData(), "slack_oauth_states"
        ),
    }
    backend = open_backend(":memory:")
    for migration in MIGRATIONS:
        for statement in migration.for_backend("sqlite"):
            backend.execute(statement)
    for name, table in expected.items():
        columns = {row[1] for row in backend.query(f"PRAGMA table_info({name})")}
        assert columns == {column.name for column in table.columns}, name
