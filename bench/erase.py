"""Erasing for good in a large journal: time of whole processes, beside a plain delete.

    python bench/erase.py [--entries 100000] [--keep FOLDER]

Builds a journal with `journal demo --entries N`, then times, each as its own process:
- `journal delete ID` (to the trash: the baseline, one small write);
- `journal purge ID --yes` (one entry erased: secure delete, the full-text index merged into
  fresh segments, the log emptied);
- `journal trash --empty --yes` with 1,000 entries in the trash;
and prints each with its ratio to the plain delete, and the journal's size before and after.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import build_demo

TODAY = "2026-11-22"


def seconds(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "journal", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--keep", metavar="FOLDER", help="keep the files here")
    options = parser.parse_args()

    folder = Path(options.keep or tempfile.mkdtemp(prefix="journal-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.toml"
    config.write_text("backups = 0\n", encoding="utf-8")
    env = {**os.environ, "JOURNAL_TODAY": TODAY, "JOURNAL_CONFIG": str(config)}
    journal = folder / "big.sqlite"
    build_demo(journal, options.entries, env)
    db = ["--db", str(journal)]
    size_before = journal.stat().st_size / 1e6

    delete = seconds([*db, "delete", "10"], env)
    print(f"  {'delete one entry (to the trash)':<44} {delete:6.2f} s", flush=True)
    purge = seconds([*db, "purge", "20", "--yes"], env)
    print(f"  {'purge one entry':<44} {purge:6.2f} s  {purge / delete:5.1f}x", flush=True)
    conn = sqlite3.connect(journal)
    with conn:
        conn.execute(
            "UPDATE entries SET deleted_at = '2026-11-22T09:00:00+00:00'"
            " WHERE id IN (SELECT id FROM entries WHERE id > 100 ORDER BY id LIMIT 1000)"
        )
    conn.close()
    empty = seconds([*db, "trash", "--empty", "--yes"], env)
    print(f"  {'trash --empty, 1,001 entries':<44} {empty:6.2f} s  {empty / delete:5.1f}x")
    wal = journal.with_name(journal.name + "-wal")
    print(
        f"Journal: {size_before:.0f} MB before, {journal.stat().st_size / 1e6:.0f} MB after"
        f" (log: {wal.stat().st_size if wal.exists() else 0} bytes)"
    )
    if not options.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
