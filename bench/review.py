"""The quarterly review and the patterns screen on a large journal.

    python bench/review.py [--entries 100000] [--runs 7]

Builds a journal with `journal demo --entries N` (dated 2026-11-22), then:
- times whole processes: `journal --version` (the process's own start-up: the interpreter and
  the CLI), `journal review --json` (the running quarter), `journal review 2026-Q1 --json` (a
  whole quarter with judged commitments) and `journal patterns --quarter last --json`, and
  prints each beside the start-up;
- in one headless app session, times pressing `p` on the journal screen until the patterns
  screen has painted its figures (the first time includes importing the chart library), and
  the same for `r` and the review screen;
- times whole processes that open the app and quit on the first paint of the journal list,
  and of the patterns screen opened at start.
Prints figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import journal_command, timed

TODAY = "2026-11-22"

SESSION = """
import asyncio, json, sys, time
from datetime import date
from pathlib import Path

from journal.tui.app import JournalApp

async def painted(app):
    await app.workers.wait_for_complete()
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()

async def main():
    app = JournalApp(Path(sys.argv[1]), today=date(2026, 11, 22))
    runs = int(sys.argv[2])
    figures = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        await painted(app)
        for key, screen in (("p", "PatternsScreen"), ("r", "ReviewScreen")):
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                await pilot.press(key)
                await painted(app)
                times.append((time.perf_counter() - start) * 1000)
                assert type(app.screen).__name__ == screen, type(app.screen).__name__
                await pilot.press("escape")
                await pilot.pause(0.05)
                await painted(app)
            figures[screen] = times
    print(json.dumps(figures))

asyncio.run(main())
"""

FIRST_PAINT = """
import sys
from datetime import date
from pathlib import Path

from journal.tui.app import JournalApp

mounted = JournalApp.on_mount

def quit_when_painted(app):
    if any(not worker.is_finished for worker in app.workers):
        app.set_timer(0.005, lambda: quit_when_painted(app))
    else:
        app.call_after_refresh(app.exit)

def on_mount(app):
    mounted(app)
    if sys.argv[2] == "patterns":
        app.action_patterns()
    app.set_timer(0.01, lambda: quit_when_painted(app))

# Patched rather than subclassed: Textual finds the app's CSS beside the class's own file.
JournalApp.on_mount = on_mount
JournalApp(Path(sys.argv[1]), today=date(2026, 11, 22)).run(headless=True, size=(100, 30))
"""


def median_ms(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    times = [timed(args, env) for _ in range(runs)]
    return statistics.median(times) * 1000, min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "JOURNAL_TODAY": TODAY}
    journal = journal_command()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "big.sqlite"
        env["JOURNAL_CONFIG"] = str(Path(folder) / "config.toml")
        started = time.perf_counter()
        subprocess.run(
            [*journal, "demo", "--db", str(db), "--entries", str(args.entries)],
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        print(f"built {args.entries:,} entries in {time.perf_counter() - started:.1f} s")

        base, base_best = median_ms([*journal, "--version"], env, args.runs)
        print(f"{'journal --version (start-up)':<44} {base:7.0f} ms  (best {base_best:.0f})")
        for label, command in (
            ("journal review --json", ["review", "--json"]),
            ("journal review 2026-Q1 --json", ["review", "2026-Q1", "--json"]),
            ("journal patterns --quarter last --json", ["patterns", "--quarter", "last", "--json"]),
            ("journal review 2026-Q1 (text)", ["review", "2026-Q1"]),
        ):
            median, best = median_ms([*journal, "--db", str(db), *command], env, args.runs)
            print(
                f"{label:<44} {median:7.0f} ms  (best {best:.0f}; {median - base:+.0f} ms"
                " beyond start-up)"
            )

        session = subprocess.run(
            [sys.executable, "-c", SESSION, str(db), str(min(args.runs, 5))],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        for screen, times in json.loads(session.stdout.strip().splitlines()[-1]).items():
            rest = times[1:] or times
            print(
                f"{screen + ': key to painted':<44} first {times[0]:5.0f} ms, then median"
                f" {statistics.median(rest):.0f} ms"
            )

        for label, which in (
            ("app to journal list painted", "list"),
            ("app to patterns painted", "patterns"),
        ):
            median, best = median_ms(
                [sys.executable, "-c", FIRST_PAINT, str(db), which], env, max(3, args.runs // 2)
            )
            print(f"{label + ' (process)':<44} {median:7.0f} ms  (best {best:.0f})")


if __name__ == "__main__":
    main()
