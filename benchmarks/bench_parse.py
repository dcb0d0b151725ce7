"""How long parse_query takes per question, warm: median and p95 in microseconds.

Run with `uv run python benchmarks/bench_parse.py`. The target is a median under 2 ms.
Questions with words the tables do not know fall back to dateparser, whose answers are
cached by (text, today); the last lines show that fallback uncached as well.
"""

from __future__ import annotations

import contextlib
import statistics
import time

from bot.query import freeform
from bot.query.model import QueryError
from bot.query.parser import parse_query, warm_up
from tests.factories import BLACK_FRIDAY_NOON, BUENOS_AIRES

TEMPLATES = ("welcome_message", "order_confirmation_v2", "promo")
ROUNDS = 200

QUESTIONS = (
    "",
    "failed last week",
    "show me the failed sends from last week please",
    "partial yesterday",
    "welcome_message this month",
    "failed or partial since nov 3",
    "completed between nov 3 and 9",
    "problems in october",
    "cancelled 3/11/2025",
    "queued until friday",
    "last 3 months order_confirmation_v2",
    "fallidos la semana pasada",
    "muéstrame los envíos masivos con problemas del 3 al 9 de noviembre",
    "en cola hoy",
    "parciales desde el lunes",
    "plantilla promo últimos 7 días",
    "falharam ontem",
    "mostre os envios em massa com falha do mês passado",
    "em andamento esta semana",
    "concluídos depois de 1º de novembro",
    "modelo promo entre 3 e 9 de novembro",
    "help",
    "lsat wek",
    "failed 2 days ago",
    "hace una semana",
    "no problems last week",
    "from monday to wednesday",
    "failed last 15days",
    "3-nov",
    "tuesday nov 3",
    "<@U123> failed",
    "welcome message",
    "cancelados esta semana",
    # Question shapes (issue 9): a number, a breakdown, a ranking, a comparison, a trend.
    "how many were delivered yesterday",
    "¿cuántos se leyeron ayer?",
    "read rate by template last month",
    "las 3 plantillas con más fallos del mes pasado",
    "which template failed most this week",
    "this week vs last week",
    "taxa de entrega comparada com o mês passado",
    "is delivery getting worse?",
    "che, mostrame los fallidos de ayer porfa :eyes:",
    "failed from +54 9 223 675-0780 last week",
)

FALLBACK_QUESTIONS = ("failed 2 days ago", "hace una semana", "lsat wek")


def _parse(question: str) -> None:
    with contextlib.suppress(QueryError):
        parse_query(question, now=BLACK_FRIDAY_NOON, tz=BUENOS_AIRES, known_templates=TEMPLATES)


def main() -> None:
    warm_up()
    for question in QUESTIONS:
        _parse(question)
    timings: list[float] = []
    per_question: dict[str, list[float]] = {question: [] for question in QUESTIONS}
    for _ in range(ROUNDS):
        for question in QUESTIONS:
            start = time.perf_counter()
            _parse(question)
            elapsed = (time.perf_counter() - start) * 1e6
            timings.append(elapsed)
            per_question[question].append(elapsed)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{len(QUESTIONS)} questions x {ROUNDS} rounds, warm")
    print(f"median {statistics.median(timings):8.1f} µs   p95 {p95:8.1f} µs")
    slowest = sorted(per_question.items(), key=lambda item: -statistics.median(item[1]))[:3]
    for question, samples in slowest:
        print(f"  slowest: {statistics.median(samples):8.1f} µs  {question!r}")
    for question in FALLBACK_QUESTIONS:
        uncached: list[float] = []
        for _ in range(ROUNDS // 4):
            freeform.read_freeform.cache_clear()
            start = time.perf_counter()
            _parse(question)
            uncached.append((time.perf_counter() - start) * 1e6)
        print(f"  uncached dateparser: {statistics.median(uncached):8.1f} µs  {question!r}")


if __name__ == "__main__":
    main()
