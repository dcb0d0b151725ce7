"""A corpus of realistic questions and the parse each must give: table tests and a benchmark.

The questions live in ``corpus/questions.txt``, one a line::

    how many failed last week => s=F r=lw m=bulk_sends

after a section line naming their language (``@ es``: the reply's language when the
asker's locale is unknown). What follows ``=>`` is the expected parse, each part optional:

- ``s``: statuses as letters (F failed, P partial, C completed, X cancelled, Q queued,
  R processing); ``r``: the range (an alias below, ``2026-11-03`` or ``a..b``, ``..b``
  for an open start); no ``r`` means the default last 7 days;
- ``t`` template, ``m`` metric, ``g`` group_by, ``c`` compare_to (like ``r``), ``top``
  (``5`` or ``3asc``), ``ph`` phone number, ``id`` send id, ``lang`` the reply language;
- ``err=a,b``: refused, naming those words (``+`` for a space: ``err=every+monday``);
  ``bad=<problem>``: refused for that reason;
  ``help``: a help request.

Every question is asked on Monday 2026-11-23 at 15:00 UTC, in UTC, by an account with the
templates in ``TEMPLATES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.query.model import BulkSendQuery, HelpRequest, QueryError
from bot.query.parser import parse_query

CORPUS = Path(__file__).parent / "corpus" / "questions.txt"
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
TZ = "UTC"
TEMPLATES = (
    "welcome_message",
    "order_confirmation",
    "order_confirmation_v2",
    "promo_black_friday",
    "recordatorio_pago",
    "boas_vindas",
    "promo",
)
DEFAULT = ("2026-11-17", "2026-11-23")
RANGES = {
    "today": "2026-11-23",
    "yday": "2026-11-22",
    "dby": "2026-11-21",
    "tw": "2026-11-23",
    "lw": "2026-11-16..2026-11-22",
    "l7": "2026-11-17..2026-11-23",
    "l30": "2026-10-25..2026-11-23",
    "tm": "2026-11-01..2026-11-23",
    "lm": "2026-10-01..2026-10-31",
    "ty": "2026-01-01..2026-11-23",
    "ly": "2025-01-01..2025-12-31",
    "wknd": "2026-11-21..2026-11-22",
    "tq": "2026-10-01..2026-11-23",
    "lq": "2026-07-01..2026-09-30",
    "oct": "2026-10-01..2026-10-31",
    "sep": "2026-09-01..2026-09-30",
}
STATUSES = {
    "F": "FAILED",
    "P": "PARTIAL",
    "C": "COMPLETED",
    "X": "CANCELLED",
    "Q": "QUEUED",
    "R": "PROCESSING",
}
STATUS_ORDER = ("QUEUED", "PROCESSING", "COMPLETED", "PARTIAL", "FAILED", "CANCELLED")
# The parts of `bulksends parse` that the corpus checks.
KEYS = (
    "statuses",
    "start",
    "end",
    "template",
    "default_range",
    "metric",
    "group_by",
    "compare_to",
    "top",
    "phone_number",
    "send_id",
    "language",
)


@dataclass(frozen=True)
class Case:
    question: str
    line: int
    language: str
    expected: dict[str, Any] | None = None  # the parse; None when refused or help
    unrecognized: tuple[str, ...] | None = None
    problem: str | None = None
    help: bool = False

    @property
    def id(self) -> str:
        return f"{self.line}:{self.question}"


def _range(value: str) -> tuple[str | None, str]:
    value = RANGES.get(value, value)
    if ".." not in value:
        return value, value
    start, end = value.split("..")
    return start or None, end


def _expected(spec: dict[str, str], language: str) -> dict[str, Any]:
    start, end = _range(spec["r"]) if "r" in spec else DEFAULT
    top = spec.get("top")
    compare = _range(spec["c"]) if "c" in spec else None
    return {
        "statuses": [s for s in STATUS_ORDER if s in {STATUSES[c] for c in spec.get("s", "")}],
        "start": start,
        "end": end,
        "template": spec.get("t"),
        "default_range": "r" not in spec,
        "metric": spec.get("m"),
        "group_by": spec.get("g"),
        "compare_to": {"start": compare[0], "end": compare[1]} if compare else None,
        "top": (
            {"n": int(top.rstrip("ascde")), "order": "asc" if top.endswith("asc") else "desc"}
            if top
            else None
        ),
        "phone_number": spec.get("ph"),
        "send_id": spec.get("id"),
        "language": spec.get("lang", language),
    }


def load(path: Path = CORPUS) -> list[Case]:
    cases: list[Case] = []
    language = "en"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            language = line[1:].strip()
            continue
        question, _, expectation = line.partition(" => ")
        words = expectation.split()
        spec = dict(word.split("=", 1) for word in words if "=" in word)
        unknown = set(spec) - {
            "s",
            "r",
            "t",
            "m",
            "g",
            "c",
            "top",
            "ph",
            "id",
            "lang",
            "err",
            "bad",
        }
        if unknown or not expectation:
            raise ValueError(f"{path}:{number}: cannot read {line!r}")
        question = question.strip()
        if "help" in words:
            cases.append(Case(question, number, spec.get("lang", language), help=True))
        elif "err" in spec:
            words_named = tuple(word.replace("+", " ") for word in spec["err"].split(","))
            cases.append(Case(question, number, language, unrecognized=words_named))
        elif "bad" in spec:
            cases.append(Case(question, number, language, problem=spec["bad"]))
        else:
            cases.append(Case(question, number, language, _expected(spec, language)))
    return cases


def mismatch(case: Case) -> str | None:
    """None when the parser reads ``case`` as expected, else what it did instead."""
    try:
        parsed = parse_query(case.question, now=NOW, tz=TZ, known_templates=TEMPLATES)
    except QueryError as error:
        if case.unrecognized is not None and error.unrecognized == case.unrecognized:
            return None
        if case.problem is not None and error.problem == case.problem:
            return None
        problem = error.problem.value if error.problem else None
        return f"refused ({problem}, {error.unrecognized}): {error.message}"
    if isinstance(parsed, HelpRequest):
        return None if case.help and parsed.language == case.language else "help"
    if case.expected is None:
        return f"read as {_visible(parsed)}"
    found = {key: parsed.to_json()[key] for key in KEYS}
    if found == case.expected:
        return None
    wrong = {key: found[key] for key in KEYS if found[key] != case.expected[key]}
    return f"read as {wrong}"


def _visible(parsed: BulkSendQuery) -> dict[str, Any]:
    return {key: value for key, value in parsed.to_json().items() if value not in (None, [])}
