"""argparse's own mistakes (unknown options, a missing value, a choice it does not offer)
in the console's language, as one line on stderr and exit 2, with no usage block."""

from __future__ import annotations

import argparse
import threading

import pytest

from bot.cli.parsing import argparse_speaks
from bot.locale.translate import translator
from tests.cli.run import bulksends


@pytest.mark.parametrize(
    ("argv", "env", "line"),
    [
        (
            ["--lang", "es", "ask", "--bogus"],
            {},
            "bulksends: no entiendo estos argumentos: --bogus (consulta bulksends --help)",
        ),
        (
            ["ask", "--tz"],
            {"LANG": "es_AR.UTF-8"},
            "bulksends ask: argumento --tz: le falta su valor (consulta bulksends ask --help)",
        ),
        (
            ["--lang", "pt", "ask", "--format", "xml"],
            {},
            "bulksends ask: argumento --format: 'xml' não é uma opção válida (escolha entre "
            "'text', 'json', 'blocks') (veja bulksends ask --help)",
        ),
        (
            ["--lang", "pt"],
            {},
            "bulksends: faltam estes argumentos: COMMAND (veja bulksends --help)",
        ),
        (
            ["ask", "--tz"],
            {},
            "bulksends ask: argument --tz: expected one argument (see bulksends ask --help)",
        ),
    ],
    ids=[
        "es-unrecognized",
        "es-terminal-missing-value",
        "pt-invalid-choice",
        "pt-no-command",
        "en",
    ],
)
def test_a_usage_mistake_is_one_line_in_the_consoles_language(
    argv: list[str], env: dict[str, str], line: str
) -> None:
    result = bulksends(*argv, env=env)
    assert result.code == 2
    assert result.out == ""
    assert result.err == line + "\n"


def test_help_is_in_the_consoles_language_argparses_headings_included() -> None:
    result = bulksends("--lang", "pt", "ask", "--help")
    assert result.code == 0
    assert result.out.startswith("uso: bulksends ask")
    assert "argumentos posicionais:" in result.out and "\nopções:\n" in result.out


def test_each_parse_keeps_its_own_language_beside_others_and_argparse_alone_is_english() -> None:
    """The language is the parse's own (a context variable), not the process's: a parser
    built outside any command (pytest's, a library's) still speaks English."""
    seen: dict[str, str] = {}
    together = threading.Barrier(3)

    def parse(language: str) -> None:
        with argparse_speaks(translator(language)):
            together.wait(5)  # all three speaking at once
            seen[language] = argparse.ArgumentParser("p", add_help=False).format_usage()

    threads = [threading.Thread(target=parse, args=(lang,)) for lang in ("es", "pt", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"es": "uso: p\n", "pt": "uso: p\n", "en": "usage: p\n"}
    assert argparse.ArgumentParser("p", add_help=False).format_usage() == "usage: p\n"
