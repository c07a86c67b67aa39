"""Never loses a word, at full strength: what was tried, and what survived.

    python bench/reliability.py [--quick] [--encrypted] [--seed N] [--keep]

Real processes on real journal files in a temporary folder (--keep leaves it and says where):

- SIGKILL a writer (one entry per transaction, "done" printed after each commit) at random
  moments, restarting it on the same journal each time; every entry reported done must be
  there to the character, and the file sound (integrity, foreign keys, search index);
- writers at once (8 x 500, and the issue's 4 x 250): every one exits 0, no "locked";
- SIGKILL `journal import` of a json export at random moments: all of it or none;
- SIGKILL `journal add` while it takes the day's backup: no incomplete file under a
  backup's name, and the next add still leaves a whole backup of today;
- the first opening of a day by six processes at once (a prompt hook, a cron job, captures,
  the app): every one succeeds without a warning, and exactly one whole backup of the day
  is left;
- SIGKILL the app on a pseudo-terminal while a draft is being typed: the next start offers
  the draft and restores it to the letter;
- two shells running `journal edit` in a loop and the app on a pseudo-terminal editing the
  same entries (its conflict dialog answered keep yours, take theirs or back to editing in
  turn): every update reported saved is the current version or an earlier one (lost updates
  must be 0), and nothing the app was told to drop is written;
- SIGKILL `journal encrypt`, `rekey` and `decrypt` at any moment, while the new file is
  written and right after its rename: the journal is the old one or the new one, whole.

--encrypted runs the writer, import, backup and draft experiments on encrypted journals (the
passphrase in the environment).

--quick runs each once or a few times (about 30 s); the full run takes several minutes on
two cores. The same experiments run light in every `pytest`, and like this with
`pytest -m slow`. Exits 1 if anything did not survive.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.edit_race import edit_race
from tests.reliability.harness import (
    first_open_together,
    kill_backups,
    kill_conversions,
    kill_drafts,
    kill_imports,
    kill_writes,
    make_export,
    run_concurrent,
)


class Report(Protocol):
    @property
    def ok(self) -> bool: ...

    def summary(self) -> str: ...


@dataclass(frozen=True)
class Plan:
    kills: int  # SIGKILLs of a writer
    conversions: int  # SIGKILLs of encrypt, rekey and decrypt
    conversion_entries: int
    writers: tuple[tuple[int, int], ...]  # (writers, entries each) at once
    import_entries: int
    import_kills: int
    backups: int  # SIGKILLs during the day's backup
    first_opens: int  # rounds of several processes opening the journal first in the day
    drafts: int  # SIGKILLs of the app with a draft typed
    draft_terminals: int  # of those, how many also check the offer on a real terminal
    app_saves: int  # edits the app saves while two shells edit the same entries


FULL = Plan(300, 60, 10_000, ((8, 500), (4, 250)), 5_000, 20, 10, 20, 20, 3, 40)
QUICK = Plan(20, 9, 1_000, ((4, 250),), 3_000, 3, 2, 3, 3, 1, 6)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (about 30 s)")
    parser.add_argument("--seed", type=int, default=2026, help="for the random kill moments")
    parser.add_argument("--keep", action="store_true", help="keep the journals written")
    parser.add_argument(
        "--encrypted", action="store_true", help="the journals are encrypted (SQLCipher)"
    )
    options = parser.parse_args()
    plan = QUICK if options.quick else FULL
    kind = "encrypted" if options.encrypted else "plain"
    if options.encrypted:
        from tests.journal_files import TEST_PASSPHRASE

        os.environ["JOURNAL_PASSPHRASE"] = TEST_PASSPHRASE  # for the app under Pilot
    folder = Path(tempfile.mkdtemp(prefix="journal-reliability-"))
    print(
        f"journal reliability ({'quick' if options.quick else 'full'} run, {kind} journals,"
        f" seed {options.seed}):"
        f" Python {platform.python_version()}, SQLite {sqlite3.sqlite_version},"
        f" {os.cpu_count()} cores, in {folder}",
        flush=True,
    )
    started = time.monotonic()
    failed: list[str] = []

    def run(name: str, experiment: Callable[[Path], Report]) -> None:
        place = folder / name
        place.mkdir()
        try:
            report = experiment(place)
        except Exception as error:  # an experiment that cannot run is a failure too
            failed.append(name)
            print(f"- {name}: could not run: {type(error).__name__}: {error}", flush=True)
            return
        mark = "ok  " if report.ok else "FAIL"
        print(f"{mark} {report.summary()}", flush=True)
        if not report.ok:
            failed.append(name)
            details = (
                getattr(report, "problems", None)
                or getattr(report, "failures", None)
                or getattr(report, "lost", None)
            )
            for line in (details or [])[:10]:
                print(f"       {line}", flush=True)

    seed = options.seed
    run(
        "kills",
        lambda place: kill_writes(place / "journal.sqlite", plan.kills, seed=seed, kind=kind),
    )
    for writers, each in plan.writers:

        def concurrent(place: Path, w: int = writers, e: int = each) -> Report:
            return run_concurrent(place / "journal.sqlite", w, e, kind=kind)

        run(f"writers-{writers}x{each}", concurrent)
    run(
        "import",
        lambda place: kill_imports(
            place, make_export(place, plan.import_entries), plan.import_kills, seed=seed, kind=kind
        ),
    )
    run("backup", lambda place: kill_backups(place, plan.backups, kind=kind))
    run("first-open", lambda place: first_open_together(place, plan.first_opens))
    run(
        "drafts",
        lambda place: kill_drafts(
            place, plan.drafts, seed=seed, on_terminal=plan.draft_terminals, kind=kind
        ),
    )
    run(
        "conversions",
        lambda place: kill_conversions(
            place, plan.conversions, seed=seed, entries=plan.conversion_entries
        ),
    )
    run("edit-race", lambda place: edit_race(place, plan.app_saves, seed=seed))

    took = time.monotonic() - started
    if options.keep:
        print(f"the journals are kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    if failed:
        print(f"NOT everything survived ({', '.join(failed)}) [{took:.0f} s]")
        return 1
    print(f"everything reported done survived every kill [{took:.0f} s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
