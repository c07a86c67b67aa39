"""Capture and search speed at 1k, 10k and 100k entries, as a person's shell sees it.

    python bench/capture.py [--sizes 1000 10000 100000] [--runs 7]

Builds each journal with `journal demo --entries N`, then times whole processes:
`journal add`, `journal edit` (each run rewrites the entry, so each keeps a version),
`journal list --search WORD` and `journal list --trigger ID -n 10`.
Prints the median and the fastest run of each; nothing is asserted.

Then the inbox's cost on `journal add` (1,000 entries), timed in the same run against no
inbox setting: the setting with no inbox file, and an inbox holding only a line already
returned with its reason (both leave the file alone).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import journal_command, timed

COMMANDS = {
    "add": ["add", "Pushed the bundle to close the month", "-t", "quota-behind", "--severity", "3"],
    "edit": ["edit", "1", "--situation", "Rewritten for run {run}", "--severity", "{severity}"],
    "list --search": ["list", "--search", "bundle"],
    "list --trigger -n 10": ["list", "--trigger", "quota-behind", "-n", "10"],
}


def _filled(args: list[str], run: int) -> list[str]:
    """An edit that changes the entry every run: one that changes nothing writes nothing."""
    return [arg.format(run=run, severity=1 + run % 5) for arg in args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    journal = journal_command()
    baseline_env = {**os.environ, "NO_COLOR": "1"}
    startup = [timed([sys.executable, "-c", "pass"], baseline_env) for _ in range(options.runs)]
    print(f"python -c pass: median {statistics.median(startup) * 1000:.0f} ms (interpreter start)")
    print(f"{'entries':>8}  {'build':>8}  " + "  ".join(f"{name:>22}" for name in COMMANDS))
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as folder:
        for size in options.sizes:
            path = Path(folder) / f"journal-{size}.sqlite"
            env = {**baseline_env, "JOURNAL_DB": str(path)}
            build = timed([*journal, "demo", "--db", str(path), "--entries", str(size)], env)
            cells = []
            for args in COMMANDS.values():
                timed([*journal, *_filled(args, -1)], env)  # warm the page cache once
                runs = [timed([*journal, *_filled(args, n)], env) for n in range(options.runs)]
                cells.append(
                    f"{statistics.median(runs) * 1000:6.0f} ms (min {min(runs) * 1000:4.0f})"
                )
            print(f"{size:>8}  {build:7.1f}s  " + "  ".join(f"{cell:>22}" for cell in cells))
        inbox_cost(Path(folder), journal, baseline_env, options.runs)


def inbox_cost(folder: Path, journal: list[str], base_env: dict[str, str], runs: int) -> None:
    path = folder / "journal-inbox.sqlite"
    env = {**base_env, "JOURNAL_DB": str(path)}
    subprocess.run([*journal, "demo", "--db", str(path), "--entries", "1000"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    sync = folder / "Sync"
    sync.mkdir()
    inbox = sync / "inbox.txt"
    configs = {}
    for name, text in (("no inbox setting", ""), ("inbox set, no file", f'inbox = "{inbox}"\n')):
        config = folder / f"{name.replace(' ', '-').replace(',', '')}.toml"
        config.write_text(text)
        configs[name] = config
    add = [*journal, *COMMANDS["add"]]
    envs = {name: {**env, "JOURNAL_CONFIG": str(config)} for name, config in configs.items()}
    held = sync / "held"
    held.mkdir()
    envs["inbox of a held line"] = {**env, "JOURNAL_CONFIG": str(folder / "held.toml")}
    (folder / "held.toml").write_text(f'inbox = "{held / "inbox.txt"}"\n')
    (held / "inbox.txt").write_text("Bad @nope\n")
    subprocess.run([*journal, "inbox"], env=envs["inbox of a held line"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    # Taken in turns, so a change in the machine's load falls on every setting alike.
    times: dict[str, list[float]] = {name: [] for name in envs}
    for _ in range(runs + 1):
        for name, run_env in envs.items():
            times[name].append(timed(add, run_env))
    medians = {name: statistics.median(values[1:]) for name, values in times.items()}
    baseline = medians["no inbox setting"]
    for name, median in medians.items():
        print(f"journal add, {name:<22} median {median * 1000:5.0f} ms ({median / baseline:.2f}x)")
    # What a command adds, measured inside one process (whole processes vary by more).
    import functools
    import timeit

    from journal.inbox_probe import has_news

    for name, probed in (("no file", inbox), ("a held line", held / "inbox.txt")):
        seconds = timeit.timeit(functools.partial(has_news, probed), number=2000) / 2000
        print(f"the inbox check, {name:<12} {seconds * 1e6:6.1f} µs per command")


if __name__ == "__main__":
    main()
