"""`journal status` on a large journal, beside `journal --version`, as whole processes.

    python bench/status.py [--entries 100000] [--runs 21]

The status line runs on every shell prompt, so its whole-process time is compared with the
CLI's own start-up (`journal --version`: the interpreter and the CLI, no journal opened),
timed in the same run and interleaved with it so both see the same machine, both loading
their modules from cached bytecode as an installed copy does. Builds a journal
with `journal demo --entries N` (dated 2026-11-22, a commitment running), then times
`journal status` on a quiet day (mid-quarter, before the check-in hour) and on a crunch day
(two weeks before the close, after the hour: every figure is counted, with follow-ups due
and a commitment named). Prints the medians, the best runs and the ratio; the target is
within 1.3x. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import journal_command, timed

BUILT_ON = "2026-11-22"
DAYS = {
    "quiet day (mid-quarter, 09:00)": ("2026-11-05", "09:00"),
    "crunch day (16 days to close, 20:00)": ("2026-12-15", "20:00"),
}
TARGET = 1.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    journal = journal_command()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "big.sqlite"
        env = {
            **os.environ,
            "JOURNAL_TODAY": BUILT_ON,
            "JOURNAL_CONFIG": str(Path(folder) / "config.toml"),
        }
        # As installed: modules load from their cached bytecode (the first runs write it),
        # not compiled from source on every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        started = time.perf_counter()
        subprocess.run(
            [*journal, "demo", "--db", str(db), "--entries", str(args.entries)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print(f"built {args.entries:,} entries in {time.perf_counter() - started:.1f} s")
        for label, (today, clock) in DAYS.items():
            day_env = {**env, "JOURNAL_TODAY": today, "JOURNAL_TIME": clock}
            status = [*journal, "--db", str(db), "status"]
            line = subprocess.run(
                status, env=day_env, check=True, capture_output=True, text=True
            ).stdout.strip()
            base_times, status_times = [], []
            timed([*journal, "--version"], day_env)  # warm the file cache for both
            timed(status, day_env)
            for _ in range(args.runs):
                base_times.append(timed([*journal, "--version"], day_env))
                status_times.append(timed(status, day_env))
            base = statistics.median(base_times) * 1000
            median = statistics.median(status_times) * 1000
            ratio = median / base
            print(f"\n{label}: {line[:100] or '(nothing to say)'}")
            print(
                f"  journal --version  median {base:6.1f} ms  (best {min(base_times) * 1000:.1f})"
            )
            print(
                f"  journal status     median {median:6.1f} ms  (best"
                f" {min(status_times) * 1000:.1f})"
            )
            verdict = "within" if ratio <= TARGET else "over"
            print(f"  ratio {ratio:.2f}x ({verdict} the {TARGET}x target)")


if __name__ == "__main__":
    main()
