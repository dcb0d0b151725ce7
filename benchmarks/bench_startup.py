"""Process start to first answer on the demo data, as a user runs it.

Runs `python -m bot ask "failed last week"` (and `parse`) as fresh processes and prints
the median and best wall time. Usage: uv run python benchmarks/bench_startup.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "parse": ["parse", "failed last week"],
    "ask (text)": ["ask", "failed last week"],
    "ask (blocks)": ["ask", "failed last week", "--format", "blocks"],
}


def time_command(args: list[str], runs: int) -> list[float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINDO_", "SLACK_"))}
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", *args], env=env, check=True, capture_output=True
        )
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    time_command(["--help"], 1)  # warm the file cache and bytecode
    print(f"{'command':<14} {'median ms':>10} {'best ms':>9}  ({runs} runs)")
    for name, args in COMMANDS.items():
        timings = time_command(args, runs)
        print(f"{name:<14} {statistics.median(timings):>10.0f} {min(timings):>9.0f}")


if __name__ == "__main__":
    main()
