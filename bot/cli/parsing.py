"""argparse in the console's language, its mistakes said in one friendly line.

argparse words its own sentences ("unrecognized arguments: %s", "expected one argument",
"invalid choice: …", "usage: ") through the module-level ``gettext`` and ``ngettext`` it
imported. Those two names are pointed, once, at functions that ask the translator of the
command being parsed (a context variable, so commands parsed at the same time in other
threads or tasks keep their own language) and otherwise do exactly what gettext did.
argparse's sentences are listed below for the catalogs; their ``%`` placeholders are
filled by argparse after translation. A usage mistake is one line on stderr, the mistake
and where to read the options, with no usage block: exit 2.
"""

from __future__ import annotations

import argparse
import gettext
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NoReturn

from bot.cli.common import Console, ExitCode
from bot.locale.translate import N_, Translator

_SPEAKING: ContextVar[Translator | None] = ContextVar("argparse_translator", default=None)

#: argparse's own sentences people can meet, for the catalogs (Python 3.11's wording;
#: a sentence worded otherwise by another Python stays English).
ARGPARSE_SENTENCES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def _gettext(message: str) -> str:
    tr = _SPEAKING.get()
    return gettext.gettext(message) if tr is None else tr._(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    tr = _SPEAKING.get()
    return gettext.ngettext(singular, plural, n) if tr is None else tr.ngettext(singular, plural, n)


def _route_argparse() -> None:
    """Point argparse's two gettext names at ours (idempotent; English when none speaks)."""
    setattr(argparse, "_", _gettext)  # noqa: B010 (argparse declares neither name)
    setattr(argparse, "ngettext", _ngettext)  # noqa: B010


_route_argparse()


@contextmanager
def argparse_speaks(tr: Translator) -> Iterator[None]:
    """argparse's sentences in ``tr``'s language while parsers are built and used."""
    token = _SPEAKING.set(tr)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def parser_class(console: Console) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose help is in the console's language (argparse's own words
    through ``argparse_speaks``, ours through the formatter), written to the console."""
    tr = console.tr

    class Formatter(argparse.HelpFormatter):
        def add_text(self, text: Any) -> None:
            super().add_text(tr._(text) if text and text is not argparse.SUPPRESS else text)

        def _get_help_string(self, action: argparse.Action) -> str | None:
            return tr._(action.help) if action.help else action.help

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", Formatter)
            super().__init__(*args, **kwargs)

        def error(self, message: str) -> NoReturn:
            self.exit(ExitCode.BAD_INPUT, usage_mistake(tr, self.prog, message) + "\n")

        def _print_message(self, message: str, file: Any = None) -> None:
            if message:
                (console.err if file in (sys.stderr, console.err) else console.out).write(message)

    return Parser


def usage_mistake(tr: Translator, prog: str, message: str) -> str:
    """One line: which command, what was wrong, where to read its options."""
    return tr._("{prog}: {message} (see {prog} --help)", prog=prog, message=message)
