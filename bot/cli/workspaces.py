"""``bulksends workspaces``: where an app installed with "Add to Slack" is installed.

For the operator: each workspace (or organisation, for an org-wide install), when it
installed the app, whether an admin connected Mindo (the company, the key's last four
characters, who and when) and how many digests it has on. Never a token or a key; it
changes nothing in the database.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.cli.common import Console, ExitCode, Subparsers
from bot.locale.translate import N_
from bot.settings import ConfigError, DistributionSettings, load_distribution_settings, store_target

if TYPE_CHECKING:  # the stores load SQLAlchemy: only this command needs them
    from bot.store.connections import MindoConnection
    from bot.store.installations import InstalledWorkspace


def add_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    listing = commands.add_parser(
        "workspaces",
        parents=[common],
        help=N_("list the workspaces the app is installed in (no secrets)"),
        description=N_(
            "List the workspaces an app installed with Add to Slack serves: when each "
            "installed it, whether Mindo is connected (the company and the key's last 4 "
            "characters) and how many digests it has on. Reads the database of "
            "BULKSENDS_DB or DATABASE_URL; shows no token or key."
        ),
    )
    listing.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=N_("text: one line per workspace (default); json: the same as data"),
    )
    listing.set_defaults(handler=cmd_workspaces)


@dataclass(frozen=True)
class WorkspaceLine:
    installed: InstalledWorkspace
    connection: MindoConnection | None
    digests: int

    def to_json(self) -> dict[str, object]:
        workspace = self.installed.workspace
        connection = self.connection
        return {
            "workspace_id": workspace.id,
            "team_id": workspace.team_id,
            "enterprise_id": workspace.enterprise_id,
            "org_wide": workspace.is_enterprise_install,
            "name": self.installed.name,
            "installed_at": self.installed.installed_at.isoformat(),
            "mindo": None
            if connection is None
            else {
                "company": connection.company,
                "key_ends_with": connection.key_hint,
                "connected_by": connection.connected_by,
                "connected_at": connection.connected_at.isoformat(),
            },
            "digests": self.digests,
        }


def cmd_workspaces(args: argparse.Namespace, console: Console) -> ExitCode:
    distribution = load_distribution_settings(console.env)
    if distribution is None:
        raise ConfigError(
            N_(
                "bulksends workspaces lists the workspaces of an app installed with Add to "
                "Slack: set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and BULKSENDS_SECRET_KEY as "
                "for bulksends run."
            )
        )
    lines = asyncio.run(read_workspaces(store_target(console.env), distribution))
    if args.format == "json":
        console.write_json([line.to_json() for line in lines])
        return ExitCode.OK
    tr = console.tr
    for line in lines:
        console.say(_line(line, console))
    console.say(tr.ngettext("{n} workspace.", "{n} workspaces.", len(lines)))
    return ExitCode.OK


async def read_workspaces(target: str, distribution: DistributionSettings) -> list[WorkspaceLine]:
    """Every installed workspace with its Mindo connection and digests; nothing written."""
    from bot.store.connections import open_connection_store
    from bot.store.digests import open_store
    from bot.store.installations import SlackStores
    from bot.store.migrations import LATEST_VERSION
    from bot.store.probe import probe_database
    from bot.store.sealing import SecretBox

    probe = await asyncio.to_thread(probe_database, target, client_id=distribution.client_id)
    if not probe.exists or probe.schema < LATEST_VERSION:
        return []  # nobody has installed it since this version of the app ran
    box = SecretBox(distribution.secret_key, distribution.old_secret_keys)
    stores = SlackStores(target, client_id=distribution.client_id, box=box)
    connections = await open_connection_store(target, box)
    digests = await open_store(target)
    try:
        installed = await stores.installations.list_workspaces()
        connected = {c.workspace.id: c for c in await connections.list_all()}
        counts: dict[str, int] = {}
        for team, _ in await digests.list_every_team():
            counts[team] = counts.get(team, 0) + 1
    finally:
        await digests.close()
        await connections.close()
        await stores.close()
    return [
        WorkspaceLine(one, connected.get(one.workspace.id), counts.get(one.workspace.id, 0))
        for one in installed
    ]


def _line(line: WorkspaceLine, console: Console) -> str:
    tr = console.tr
    workspace = line.installed.workspace
    name = line.installed.name or workspace.id
    kind = tr._("organisation") if workspace.is_enterprise_install else tr._("workspace")
    mindo = (
        tr._("Mindo not connected")
        if line.connection is None
        else tr._(
            "Mindo: {company}, key …{hint}, connected by {user} on {day}",
            company=line.connection.company,
            hint=line.connection.key_hint,
            user=line.connection.connected_by,
            day=_day(line.connection.connected_at),
        )
    )
    digests = tr.ngettext("{n} digest on", "{n} digests on", line.digests)
    installed = tr._("installed {day}", day=_day(line.installed.installed_at))
    return f"{name} ({kind} {workspace.id}) — {installed}; {mindo}; {digests}"


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
