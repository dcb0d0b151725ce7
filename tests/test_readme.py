"""The README kept true to the code: every command, each of its options, what `parse`
prints, every exit code and every setting is in it, and the quick start stays two commands.

Each list is read from the code itself (the real parser, the real output, bot/settings),
so a command, an option or a setting added without a word in the README fails here."""

from __future__ import annotations

import argparse
import io
import json
import re

import pytest

from bot.cli.common import Console, ExitCode
from bot.cli.main import build_parser
from tests.cli.run import bulksends
from tests.project import ROOT, markdown_section, settings_read

README = (ROOT / "README.md").read_text()
COMMAND_LINE = markdown_section(README, "## The command line")
CONFIGURATION = markdown_section(README, "## Configuration")


def commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser(Console(io.StringIO(), io.StringIO(), {}, None))
    action = next(a for a in parser._actions if a.dest == "command")
    found: dict[str, argparse.ArgumentParser] = getattr(action, "choices", {})
    return found


def row(name: str) -> str:
    """The command's row in the README's table of commands."""
    rows = [line for line in COMMAND_LINE.splitlines() if line.startswith(f"| `bulksends {name}")]
    assert len(rows) == 1, f"bulksends {name} has no row of its own in 'The command line'"
    return rows[0]


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option not in ("--help", "--lang")
    }


def test_the_command_table_is_read_from_the_real_parser() -> None:
    found = commands()
    assert {"parse", "ask", "run", "check", "digest", "workspaces", "demo-api"} <= set(found)
    assert "--now" in options(found["ask"]) and "--language" in options(found["digest"])


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_and_each_of_its_options_is_in_the_readme(name: str) -> None:
    parser = commands()[name]
    assert parser.description, f"bulksends {name} has no help"
    line = row(name)
    missing = sorted(o for o in options(parser) if not re.search(rf"{o}(?![\w-])", line))
    assert missing == [], f"bulksends {name}: {missing} not in its README row"


def test_the_console_language_option_is_in_the_readme() -> None:
    assert re.search(r"`--lang[` ]", COMMAND_LINE)


def test_every_key_parse_prints_is_in_the_readme() -> None:
    understood = json.loads(bulksends("parse", "top 3 templates by failures this month").out)
    refused = json.loads(bulksends("parse", "blorp").out)
    line = row("parse")
    for key in (*understood, *refused):
        assert f'"{key}"' in line, f"parse prints {key!r}; its README row does not say so"


def test_every_exit_code_is_in_the_readme() -> None:
    sentence = COMMAND_LINE[COMMAND_LINE.index("exit codes:") :].split("\n\n")[0]
    for code in ExitCode:
        assert re.search(rf"\b{int(code)}\b", sentence), f"exit code {int(code)} ({code.name})"


def test_every_setting_bulksends_reads_is_in_the_configuration_table() -> None:
    table = {
        name
        for line in CONFIGURATION.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1])
    }
    assert sorted(settings_read() - table) == []
    example = {
        line.split("=")[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line
    }
    assert sorted(example - table - {"POSTGRES_PASSWORD"}) == []


def test_the_quick_start_is_two_commands() -> None:
    quick = markdown_section(README, "## Quick start")
    [block] = re.findall(r"```sh\n(.*?)```", quick, re.DOTALL)
    assert block.splitlines() == ['uv run bulksends ask "failed last week"', "uv run pytest"]
