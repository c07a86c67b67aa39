"""The coach's view of 200 clients: the cohort screen's first paint, --json and the HTML page.

    python bench/coach.py [--clients 200] [--runs 5]

Writes a few demo journals (different seeds), exports their coach bundles, and fills a folder
with one bundle per client (a quarter of them encrypted to a coach key made with
`journal coach keygen`). Then times whole processes (interpreter start to exit):
- an empty Textual app that quits after its first paint (the baseline);
- the cohort screen on the folder, quitting once the client table has painted (target: within
  1 s of the empty app);
- `journal coach DIR --json` and `journal coach DIR --format html -o FILE` (target: under 2 s).
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
from datetime import date
from pathlib import Path

from common import journal_command, timed

TODAY = date(2026, 11, 22)
BASES = 8  # distinct journals; each client's bundle is one of them under the client's name

EMPTY_APP = """
from textual.app import App
from textual.widgets import Static

class Empty(App[None]):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Empty().run(headless=True, size=(100, 30))
"""

# What `journal coach DIR` does on a terminal (read the folder, open the app), quitting as
# soon as the cohort screen has painted.
COHORT_APP = """
import sys
from pathlib import Path

from journal.services.cohort import cohort
from journal.services.coach_keys import decrypter, read_identities
from journal.tui.coach_app import CoachApp
from journal.tui.screens import cohort as screens

mounted = screens.CohortScreen.on_mount

def mount_then_quit(self):
    mounted(self)
    self.app.call_after_refresh(self.app.exit)

screens.CohortScreen.on_mount = mount_then_quit
identity = Path(sys.argv[2])
found = cohort(Path(sys.argv[1]), decrypter(read_identities(identity), identity))
assert len(found.rows) == int(sys.argv[3]), (len(found.rows), found.skipped[:3])
CoachApp(found).run(headless=True, size=(100, 30))
"""


def fill(folder: Path, work: Path, clients: int, public_key: str) -> int:
    """`clients` bundles in `folder`; returns their total size in bytes."""
    from journal.db import open_journal
    from journal.periods import CALENDAR_YEAR, parse_quarter
    from journal.services.coach_bundle import BundleOptions, build_bundle
    from journal.services.coach_keys import encrypt_to
    from journal.services.demo import write_demo

    bases = []
    for seed in range(BASES):
        path = work / f"base{seed}.sqlite"
        write_demo(path, entries=360, seed=seed, today=TODAY)
        conn = open_journal(path)
        bases.append(
            build_bundle(
                conn,
                BundleOptions("x", parse_quarter("2026-Q3", today=TODAY)),
                today=TODAY,
                calendar=CALENDAR_YEAR,
            )
        )
        conn.close()
    size = 0
    for number in range(clients):
        bundle = {**bases[number % BASES], "client": f"Client {number:03d}"}
        data = json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")
        if number % 4 == 3:
            target = folder / f"client-{number:03d}.json.age"
            data = encrypt_to(data, public_key)
        else:
            target = folder / f"client-{number:03d}.json"
        target.write_bytes(data)
        size += len(data)
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="journal-bench-coach-") as temp:
        work = Path(temp)
        identity = work / "coach-identity.txt"
        env = {**os.environ, "JOURNAL_TODAY": TODAY.isoformat(),
               "JOURNAL_COACH_IDENTITY": str(identity)}  # fmt: skip
        public_key = subprocess.run(
            [*journal_command(), "coach", "keygen"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout.strip()
        folder = work / "bundles"
        folder.mkdir()
        size = fill(folder, work, options.clients, public_key)
        print(
            f"{options.clients} clients' bundles ({options.clients // 4} encrypted),"
            f" {size / 1e6:.1f} MB in all"
        )
        runs = range(options.runs)
        empty = statistics.median(timed([sys.executable, "-c", EMPTY_APP], env) for _ in runs)
        app = [sys.executable, "-c", COHORT_APP, str(folder), str(identity), str(options.clients)]
        painted = statistics.median(timed(app, env) for _ in runs)
        as_json = statistics.median(
            timed([*journal_command(), "coach", str(folder), "--json"], env) for _ in runs
        )
        page = work / "cohort.html"
        as_html = statistics.median(
            timed(
                [*journal_command(), "coach", str(folder), "--format", "html", "-o", str(page),
                 "--force"],
                env,
            )
            for _ in runs
        )  # fmt: skip
        print(f"empty Textual app, start to first paint:     median {empty * 1000:6.0f} ms")
        print(
            f"cohort screen, start to painted table:       median {painted * 1000:6.0f} ms"
            f"  ({(painted - empty) * 1000:+.0f} ms beyond the empty app; target within 1000)"
        )
        print(
            f"journal coach DIR --json, whole process:     median {as_json * 1000:6.0f} ms"
            "  (target under 2000)"
        )
        print(
            f"journal coach DIR --format html, whole:      median {as_html * 1000:6.0f} ms"
            f"  (target under 2000; the page is {page.stat().st_size / 1e3:.0f} KB)"
        )


if __name__ == "__main__":
    main()
