"""``bulksends workspaces``: the installs an operator serves, without a token or a key."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import timedelta
from pathlib import Path

from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.cli.main import main
from bot.domain.workspaces import WorkspaceRef
from bot.settings import Secret
from bot.store.connections import open_connection_store
from bot.store.digests import open_store
from bot.store.installations import SlackStores
from bot.store.sealing import SecretBox, new_secret_key
from tests.factories import WEDNESDAY_LUNCHTIME as NOW
from tests.factories import make_digest

CLIENT_ID = "1111111111.2222222222"
KEY = new_secret_key()
MINDO_KEY = "mindo_live_acme_0123456789WXYZ"


def environment(db: Path) -> dict[str, str]:
    return {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
        "BULKSENDS_SECRET_KEY": KEY,
        "BULKSENDS_DB": str(db),
    }


async def installed(db: Path) -> None:
    box = SecretBox(Secret(KEY))
    connections = await open_connection_store(str(db), box)
    stores = SlackStores(str(db), client_id=CLIENT_ID, box=box)
    digests = await open_store(str(db))
    try:
        for team, name in (("TACME", "Acme Corp"), ("TGLOBEX", "Globex")):
            await stores.installations.async_save(
                Installation(
                    app_id="A1",
                    team_id=team,
                    team_name=name,
                    bot_token=f"xoxb-{team.lower()}-secret",
                    bot_user_id="UBOT",
                    user_id="UINSTALLER",
                    installed_at=NOW.timestamp(),
                )
            )
        await connections.save(
            WorkspaceRef("TACME", "TACME"),
            Secret(MINDO_KEY),
            company="Acme S.A.",
            by="UADMIN",
            now=NOW,
        )
        since = NOW - timedelta(days=3)
        for channel in ("C0ONE", "C0TWO"):
            await digests.for_team("TACME").save_digest(make_digest(channel, since=since))
    finally:
        await digests.close()
        await stores.close()
        await connections.close()


def run(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["workspaces", *args], out, err, env)
    return code, out.getvalue(), err.getvalue()


async def test_each_install_with_its_mindo_connection_and_digests(tmp_path: Path) -> None:
    db = tmp_path / "bulksends.db"
    await installed(db)
    code, out, err = await asyncio.to_thread(run, env=environment(db))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Acme Corp (workspace TACME) — installed 2026-11-18 15:30 UTC; Mindo: Acme S.A., key "
        "…WXYZ, connected by UADMIN on 2026-11-18 15:30 UTC; 2 digests on",
        "Globex (workspace TGLOBEX) — installed 2026-11-18 15:30 UTC; Mindo not connected; "
        "0 digests on",
        "2 workspaces.",
    ]
    code, out, _ = await asyncio.to_thread(run, "--format", "json", env=environment(db))
    listed = json.loads(out)
    assert [w["workspace_id"] for w in listed] == ["TACME", "TGLOBEX"]
    assert listed[0]["mindo"]["key_ends_with"] == "WXYZ" and listed[1]["mindo"] is None
    for shown in (out, json.dumps(listed)):
        assert "xoxb" not in shown and MINDO_KEY[:-4] not in shown and KEY not in shown


async def test_nothing_installed_yet_and_nothing_created(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    code, out, _ = await asyncio.to_thread(run, env=environment(db))
    assert (code, out) == (0, "0 workspaces.\n")
    assert not db.exists()


def test_it_needs_the_distribution_settings(tmp_path: Path) -> None:
    code, out, err = run(env={"BULKSENDS_DB": str(tmp_path / "x.db")})
    assert code == 2 and out == ""
    assert err.startswith("bulksends workspaces lists the workspaces of an app installed")


def test_a_database_it_cannot_use_is_said_in_the_readers_language(tmp_path: Path) -> None:
    """A StoreError is worded at the edge, in --lang's language, whole sentence and reason."""
    notes = tmp_path / "notes.db"
    notes.write_text("these are somebody's notes, not a database")
    said = {}
    for lang in ("en", "es", "pt"):
        code, out, err = run("--lang", lang, env=environment(notes))
        assert code == 2 and out == "" and "Traceback" not in err
        said[lang] = err
    assert said["en"] == (
        f"The database cannot be used: The SQLite file {str(notes)!r} is not a SQLite database: "
        "point BULKSENDS_DB at this app's own database file, or at a new one.\n"
    )
    assert said["es"] == (
        f"No se puede usar la base de datos: El archivo {str(notes)!r} no es una base de datos "
        "SQLite: apunta BULKSENDS_DB al archivo de base de datos de esta app, o a uno nuevo.\n"
    )
    assert said["pt"].startswith(
        f"Não é possível usar o banco de dados: O arquivo {str(notes)!r} não é um banco de dados"
    )
