"""Process start to first answer on the demo data, as a user runs it.

Runs `python -m bot ask "failed last week"` (and `parse`) as fresh processes and prints
the median and best wall time, then where `ask`'s start goes: the modules it imports
that cost the most (`python -X importtime`), so a new import that every command pays
for shows up here. Slack's SDK and Bolt, SQLAlchemy, psycopg and aiohttp are loaded only
by the commands that use them (`run`, `check`, `digest --channel`, `workspaces`, a real
Mindo request).

With PYTHONDONTWRITEBYTECODE set, Python compiles every module on every start: the
script says so, since the figures then mean little.

Usage: uv run python benchmarks/bench_startup.py [runs]
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
#: Loaded by other commands only; `ask` on the demo data importing one is a regression.
NOT_FOR_ASK = ("slack_bolt", "sqlalchemy", "psycopg", "aiohttp")


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("MINDO_", "SLACK_"))}


def time_command(args: list[str], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env=environment(),
            check=True,
            capture_output=True,
        )
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def import_profile(args: list[str]) -> list[tuple[int, int, str]]:
    """(cumulative us, depth, module) for every module the command imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot", *args],
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((int(cumulative), depth, name.strip()))
    return rows


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("PYTHONDONTWRITEBYTECODE is set: every start compiles every module again.")
    time_command(["--help"], 1)  # warm the file cache and bytecode
    print(f"{'command':<14} {'median ms':>10} {'best ms':>9}  ({runs} runs)")
    for name, args in COMMANDS.items():
        timings = time_command(args, runs)
        print(f"{name:<14} {statistics.median(timings):>10.0f} {min(timings):>9.0f}")

    rows = import_profile(COMMANDS["ask (text)"])
    total = sum(cumulative for cumulative, depth, _ in rows if depth == 0)
    print(f"\n`ask` imports {len(rows)} modules in {total / 1000:.0f} ms; the costliest:")
    for cumulative, depth, name in sorted(rows, reverse=True)[:12]:
        print(f"  {cumulative / 1000:6.1f} ms  {'  ' * depth}{name}")
    heavy = sorted({name for _, _, name in rows if name.split(".")[0] in NOT_FOR_ASK})
    if heavy:
        print(f"REGRESSION: `ask` imports {', '.join(heavy[:5])}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
