"""How many questions of a corpus parse exactly as expected, and how fast.

Run with `uv run python benchmarks/bench_accuracy.py` for our corpus
(tests/query/corpus/questions.txt, see tests/query/corpus.py for its format), or give
another file in the same format: `uv run python benchmarks/bench_accuracy.py other.txt`.
A JSON Lines file (`.jsonl`) is read too, one object a line:

    {"question": "...", "language": "es", "parse": {…the `bulksends parse` object…}}
    {"question": "...", "language": "en", "unrecognized": ["lsat"]}

where a parse's missing keys take their plain-question values. Exact means every part of
the parse (statuses, range, template, shape, reply language) or the refusal is as
expected. The bar for the held-out corpus is 98% exact.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bot.query import freeform
from bot.query.model import QueryError
from bot.query.parser import parse_query, warm_up
from bot.query.suggest import closest_word
from tests.query.corpus import CORPUS, DEFAULT, NOW, TEMPLATES, TZ, Case, load, mismatch

_PLAIN: dict[str, Any] = {
    "statuses": [],
    "start": DEFAULT[0],
    "end": DEFAULT[1],
    "template": None,
    "default_range": True,
    "metric": None,
    "group_by": None,
    "compare_to": None,
    "top": None,
    "phone_number": None,
    "send_id": None,
}


def _load_jsonl(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        language = raw.get("language", "en")
        if "parse" in raw:
            expected = {**_PLAIN, "language": language, **raw["parse"]}
            cases.append(Case(raw["question"], number, language, expected))
        else:
            unrecognized = tuple(raw.get("unrecognized", ()))
            cases.append(Case(raw["question"], number, language, unrecognized=unrecognized))
    return cases


def _shape(case: Case) -> str:
    expected = case.expected
    if expected is None:
        return "help" if case.help else "refused"
    for part in ("send_id", "phone_number", "top", "compare_to", "group_by", "metric"):
        if expected.get(part):
            return part
    return "plain"


def _timings(cases: list[Case], *, first_sight: bool = False) -> list[float]:
    """Microseconds per parse, warm; ``first_sight``: with nothing remembered from before
    (dateparser's answers and "did you mean" suggestions are cached per text)."""
    timings = []
    for _ in range(1 if first_sight else 5):
        for case in cases:
            if first_sight:
                freeform.read_freeform.cache_clear()
                closest_word.cache_clear()
            start = time.perf_counter()
            with contextlib.suppress(QueryError):
                parse_query(case.question, now=NOW, tz=TZ, known_templates=TEMPLATES)
            timings.append((time.perf_counter() - start) * 1e6)
    return sorted(timings)


def _summary(timings: list[float]) -> str:
    p95 = timings[int(len(timings) * 0.95) - 1]
    return f"median {statistics.median(timings):.0f} µs, p95 {p95:.0f} µs"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    cases = _load_jsonl(path) if path.suffix == ".jsonl" else load(path)
    warm_up()
    by_language: Counter[str] = Counter()
    right_by_language: Counter[str] = Counter()
    by_shape: Counter[str] = Counter()
    right_by_shape: Counter[str] = Counter()
    wrong: list[tuple[Case, str]] = []
    for case in cases:
        problem = mismatch(case)
        by_language[case.language] += 1
        by_shape[_shape(case)] += 1
        if problem is None:
            right_by_language[case.language] += 1
            right_by_shape[_shape(case)] += 1
        else:
            wrong.append((case, problem))
    right = len(cases) - len(wrong)
    print(f"{path.name}: {right}/{len(cases)} exact ({100 * right / len(cases):.1f}%)")
    for name, total, good in (
        *((f"language {k}", v, right_by_language[k]) for k, v in sorted(by_language.items())),
        *((f"shape {k}", v, right_by_shape[k]) for k, v in sorted(by_shape.items())),
    ):
        print(f"  {name:<22} {good:>4}/{total:<4} {100 * good / total:5.1f}%")
    print(f"parse, warm: {_summary(_timings(cases))}")
    print(f"parse, warm, each question seen first: {_summary(_timings(cases, first_sight=True))}")
    for case, problem in wrong[:200]:
        print(f"  ✗ {case.line}: {case.question!r} → {problem[:160]}")


if __name__ == "__main__":
    main()
