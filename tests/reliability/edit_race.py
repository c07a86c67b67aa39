"""Two shells and the app editing the same entries at once: is any saved edit lost?

Two writer threads run `journal edit ID --situation TEXT --severity N` as separate processes,
in a loop (a pause of up to a second between edits), on a few entries. Meanwhile the real app
runs on a pseudo-terminal: it opens an entry's form (e), types a unique mark, waits a moment
(the shells edit on) and saves (ctrl+s).
When the app says the entry changed meanwhile, the choice rotates between keep yours, take
theirs, and back to editing then save again.

An update is *reported saved* when `journal edit` exits 0, or when the app shows "Saved
entry N". It is *lost* when afterwards it is neither the entry's current version nor one of
its earlier versions. A mark the app was told to drop ("take theirs") must be nowhere. Each
reported save makes exactly one version, so the versions are counted too. Read back with plain
sqlite3, as another program would.
"""

from __future__ import annotations

import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyte

from tests.reliability.harness import Terminal, child_env

ENTRIES = 3
SIZE = (100, 30)
_EDIT_TITLE = re.compile(r"Edit entry (\d+)")
# What the screen shows, painted after the key that caused it (the terminal is let go quiet
# before each key, so nothing older is still being painted): the conflict dialog's choices;
# the app's word that it saved, with the journal's own footer back in place of the form's.
_CONFLICT = "Keep yours (k)"
_SAVED = "Saved entry "
_JOURNAL_FOOTER = "e Edit"
SAVE = "\x13"  # ctrl+s
CHOICES = ("mine", "theirs", "edit")  # taken in turn when the app asks


@dataclass(frozen=True)
class ShellEdit:
    tag: str
    number: int
    entry_id: int
    situation: str
    severity: int
    code: int
    stderr: str


@dataclass
class RaceReport:
    shells: int = 0
    shell_saves: int = 0
    shell_failures: list[str] = field(default_factory=list)
    app_attempts: int = 0
    app_saves: int = 0
    conflicts: int = 0  # the app said the entry changed meanwhile
    choices: Counter[str] = field(default_factory=Counter)
    app_failures: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # reported saved, found in no version
    dropped_found: list[str] = field(default_factory=list)  # "take theirs", yet written
    versions_expected: int = 0
    versions_found: int = 0
    counters_off: list[str] = field(default_factory=list)  # version counter vs revisions kept
    integrity: str = ""
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        return [
            *self.shell_failures,
            *self.app_failures,
            *(f"lost: {item}" for item in self.lost),
            *(f"dropped yet written: {item}" for item in self.dropped_found),
            *self.counters_off,
        ]

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and self.versions_found == self.versions_expected
            and self.integrity == "ok"
            and self.app_saves > 0
            and self.shell_saves > 0
        )

    def summary(self) -> str:
        chosen = ", ".join(f"{self.choices[c]} {c}" for c in CHOICES)
        return (
            f"{self.shells} shells (journal edit in a loop) and the app on a pseudo-terminal"
            f" editing the same {ENTRIES} entries: {self.shell_saves} shell edits and"
            f" {self.app_saves} of {self.app_attempts} app saves reported saved; the app found"
            f" the entry changed meanwhile {self.conflicts} times ({chosen}); lost updates:"
            f" {len(self.lost)}; dropped edits written anyway: {len(self.dropped_found)};"
            f" versions {self.versions_found} of {self.versions_expected} expected;"
            f" {len(self.shell_failures) + len(self.app_failures)} failures; integrity"
            f" {self.integrity} [{self.seconds:.1f} s]"
        )


def _seed(db: Path) -> list[int]:
    from datetime import date

    from journal.db import open_journal
    from journal.records import EntryFields
    from journal.services import entries
    from tests.reliability.texts import TODAY

    conn = open_journal(db)
    try:
        return [
            entries.add(
                conn,
                EntryFields(situation=f"Race entry {n}: as first written", severity=1),
                today=date.fromisoformat(TODAY),
            )
            for n in range(1, ENTRIES + 1)
        ]
    finally:
        conn.close()


def _shell(
    db: Path, home: Path, tag: str, ids: list[int], stop: threading.Event, seed: int
) -> list[ShellEdit]:
    """`journal edit` as its own process, again and again, until told to stop."""
    rng = random.Random(seed)
    done: list[ShellEdit] = []
    number = 0
    while not stop.is_set():
        number += 1
        entry_id, severity = rng.choice(ids), rng.randint(1, 5)
        situation = f"{tag} #{number}: rewritten from the shell"
        result = subprocess.run(
            [sys.executable, "-m", "journal", "--db", str(db), "edit", str(entry_id),
             "--situation", situation, "--severity", str(severity)],
            capture_output=True, text=True, env=child_env(home), timeout=120,
        )  # fmt: skip
        done.append(
            ShellEdit(tag, number, entry_id, situation, severity, result.returncode, result.stderr)
        )
        stop.wait(rng.uniform(0.1, 1.0))  # a person at a shell, not a loop at full speed
    return done


class Shown:
    """What the app's terminal shows now, cell by cell (pyte emulates the terminal), so a
    decision is taken on the screen as a person sees it, never on output still in flight."""

    def __init__(self, term: Terminal, size: tuple[int, int]) -> None:
        self.term = term
        self.screen = pyte.Screen(*size)
        self.stream = pyte.ByteStream(self.screen)
        self.fed = 0

    def lines(self) -> list[str]:
        output = self.term.output
        self.stream.feed(bytes(output[self.fed :]))
        self.fed = len(output)
        return list(self.screen.display)

    def shows(self, text: str, within: float) -> bool:
        deadline = time.monotonic() + within
        while not any(text in line for line in self.lines()):
            if time.monotonic() > deadline:
                return False
            self.term.pump(0.1)
        return True

    def state(self) -> tuple[str, str]:
        """("dialog", its version line) when saved elsewhere meanwhile, ("form", ""),
        ("journal", "") or ("other", "")."""
        lines = self.lines()
        if any(_CONFLICT in line for line in lines):
            return "dialog", next((line for line in lines if "saved elsewhere" in line), "")
        if "Edit entry" in lines[0]:
            return "form", ""
        if _JOURNAL_FOOTER in lines[-1]:
            return "journal", ""
        return "other", ""

    def after(self, before: tuple[str, str], wanted: set[str], timeout: float = 30) -> str:
        """Where a key led: the first of the `wanted` screens other than `before` (a dialog
        counts as another when it names another version) shown twice in a row 0.1 s apart,
        so a frame painted whole; "stuck" when none comes within `timeout`. Screens passed
        on the way (the form between two dialogs) are not answers."""
        deadline = time.monotonic() + timeout
        seen = ("", "")
        while time.monotonic() < deadline:
            self.term.pump(0.1)
            now = self.state()
            if now != before and now[0] in wanted and now == seen:
                return now[0]
            seen = now
        return "stuck"


def _app_edits(
    term: Terminal, shown: Shown, saves: int, rng: random.Random, report: RaceReport
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Edit and save `saves` times on the app; returns (saved, dropped) as (entry, mark)."""
    saved: list[tuple[int, str]] = []
    dropped: list[tuple[int, str]] = []
    turn = 0
    for attempt in range(saves):
        term.type(rng.choice("jjkk ") + ("g" if rng.random() < 0.3 else ""))  # move about
        if _press(term, shown, "e", {"form"}) != "form":
            report.app_failures.append(f"save {attempt}: the form did not open: {shown.lines()}")
            return saved, dropped
        found = _EDIT_TITLE.search(shown.lines()[0])
        entry_id = int(found.group(1)) if found else 0
        tag = f"app#{attempt} "
        term.type(tag)
        term.pump(rng.uniform(0.2, 1.2))  # the shells edit on meanwhile
        report.app_attempts += 1
        outcome = _press(term, shown, SAVE, {"dialog", "journal"})
        while outcome == "dialog":
            report.conflicts += 1
            choice = CHOICES[turn % len(CHOICES)]
            turn += 1
            report.choices[choice] += 1
            if choice == "theirs":
                outcome = _press(term, shown, "t", {"journal"})
                if outcome == "journal":
                    dropped.append((entry_id, tag))
                    outcome = "dropped"
                break
            if choice == "edit":
                if _press(term, shown, "e", {"form"}) != "form":
                    outcome = "stuck"
                    break
                term.pump(rng.uniform(0.0, 0.5))  # back in the form; the shells edit on
                outcome = _press(term, shown, SAVE, {"dialog", "journal"})
                continue
            outcome = _press(term, shown, "k", {"dialog", "journal"})
        if outcome == "journal":  # the form closed on a save: the app says so in a toast
            if not shown.shows(f"{_SAVED}{entry_id}.", within=5):
                report.app_failures.append(
                    f"save {attempt}: the form closed, no word of a save: {shown.lines()}"
                )
            saved.append((entry_id, tag))
            report.app_saves += 1
        elif outcome != "dropped":
            report.app_failures.append(f"save {attempt}: {outcome}: {shown.lines()}")
            return saved, dropped
    return saved, dropped


def _press(term: Terminal, shown: Shown, key: str, leads_to: set[str]) -> str:
    """Press a key and see where it led (one of `leads_to`), or "stuck"."""
    before = shown.state()
    term.type(key)
    return shown.after(before, leads_to)


def _versions(conn: sqlite3.Connection, entry_id: int) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT situation, severity FROM entry_revisions WHERE entry_id = ?"
        " UNION ALL SELECT situation, severity FROM entries WHERE id = ?",
        (entry_id, entry_id),
    ).fetchall()
    return [(str(text), int(severity)) for text, severity in rows]


def edit_race(folder: Path, app_saves: int, *, seed: int, shells: int = 2) -> RaceReport:
    report = RaceReport(shells=shells)
    started = time.monotonic()
    db = folder / "race.sqlite"
    (folder / "config.toml").write_text("backups = 0\n")  # the backup races are elsewhere
    ids = _seed(db)
    rng = random.Random(seed)
    term = Terminal(
        [sys.executable, "-m", "journal", "--db", str(db)], child_env(folder), size=SIZE
    )
    stop = threading.Event()
    results: dict[str, list[ShellEdit]] = {}

    def shell(tag: str, number: int) -> None:
        results[tag] = _shell(db, folder, tag, ids, stop, seed + number)

    threads = [
        threading.Thread(target=shell, args=(f"shell{n}", n), daemon=True) for n in range(shells)
    ]
    saved: list[tuple[int, str]] = []
    dropped: list[tuple[int, str]] = []
    try:
        if not term.wait_for("Race entry", timeout=60):
            report.app_failures.append(f"the app never showed its list: {term.text()[-300:]!r}")
        else:
            for thread in threads:
                thread.start()
            saved, dropped = _app_edits(term, Shown(term, SIZE), app_saves, rng, report)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=180)
        term.kill()
    edits = [edit for done in results.values() for edit in done]
    for edit in edits:
        if edit.code != 0:
            report.shell_failures.append(
                f"{edit.tag} #{edit.number}: exit {edit.code}: {edit.stderr.strip()[:200]}"
            )
    ok_edits = [edit for edit in edits if edit.code == 0]
    report.shell_saves = len(ok_edits)
    conn = sqlite3.connect(db)
    try:
        report.integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        versions = {entry_id: _versions(conn, entry_id) for entry_id in ids}
        for edit in ok_edits:
            if (edit.situation, edit.severity) not in versions[edit.entry_id]:
                report.lost.append(f"{edit.tag} #{edit.number} on entry {edit.entry_id}")
        for entry_id, tag in saved:
            if not any(tag in text for text, _ in versions.get(entry_id, [])):
                report.lost.append(f"the app's {tag.strip()} on entry {entry_id}")
        for entry_id, tag in dropped:
            if any(tag in text for rows in versions.values() for text, _ in rows):
                report.dropped_found.append(f"the app's {tag.strip()} on entry {entry_id}")
        report.versions_expected = ENTRIES + report.shell_saves + report.app_saves
        report.versions_found = sum(len(rows) for rows in versions.values())
        for entry_id, counter, kept, highest in conn.execute(
            "SELECT e.id, e.version, count(r.id), coalesce(max(r.version), 0) FROM entries e"
            " LEFT JOIN entry_revisions r ON r.entry_id = e.id GROUP BY e.id"
        ):
            if not counter == kept + 1 == highest + 1:
                report.counters_off.append(
                    f"entry {entry_id}: version {counter}, {kept} earlier versions kept"
                )
    finally:
        conn.close()
    report.seconds = time.monotonic() - started
    return report
