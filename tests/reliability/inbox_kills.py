"""SIGKILL while the inbox is taken in: `journal inbox` processes killed at any moment, a sync
tool appending lines and leaving conflict copies between the kills, then one run to the end.
Every line written must be in the journal exactly once (or, unreadable, back in the inbox
exactly once with its reason), and nothing may be left aside.

The journal is read back with its own SQL, not through journal's code."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.journal_files import open_db
from tests.reliability.harness import child_env, new_journal

REASON = "# journal: "


@dataclass
class InboxKillReport:
    kills: int = 0
    landed_mid_take: int = 0  # kills that left lines taken aside (after the rename)
    lines_written: int = 0
    unreadable_written: int = 0
    full_run_seconds: float = 0.0
    final: str = ""
    missing: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    returned: Counter[str] = field(default_factory=Counter)
    reasons_missing: list[str] = field(default_factory=list)
    left_aside: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        unreadable_ok = len(self.returned) == self.unreadable_written and all(
            count == 1 for count in self.returned.values()
        )
        return (
            self.final == "exit 0"
            and not self.missing
            and not self.doubled
            and unreadable_ok
            and not self.reasons_missing
            and not self.left_aside
        )

    def summary(self) -> str:
        return (
            f"SIGKILL `journal inbox` {self.kills} times ({self.landed_mid_take} with lines"
            f" taken aside) over {self.lines_written} lines"
            f" ({self.unreadable_written} unreadable); final run {self.final};"
            f" missing {self.missing[:3]} ({len(self.missing)}), doubled {self.doubled[:3]}"
            f" ({len(self.doubled)}), returned {dict(self.returned.most_common(3))},"
            f" reasons missing {self.reasons_missing[:3]}, left aside {self.left_aside}"
        )


def _line(number: int) -> tuple[str, str | None]:
    """A line as a phone would write it, and the situation it must become (None: unreadable,
    it names a trigger the journal does not have)."""
    if number % 17 == 5:
        return f"Line {number} names an unknown trigger @no-such-trigger-{number}", None
    situation = f"Line {number} pushed the bundle to close the month"
    forms = [
        f"{situation} @quota-behind",
        f"yesterday: slip {situation}",
        f"save {situation} @look-good",
        f"2026-11-20: {situation}",
    ]
    return forms[number % len(forms)], situation


def kill_inbox(
    home: Path, *, kills: int, seed: int, batch: int = 400, kind: str = "plain"
) -> InboxKillReport:
    rng = random.Random(seed)
    report = InboxKillReport()
    db = home / "inbox-journal.sqlite"
    sync = home / "sync"
    sync.mkdir(parents=True, exist_ok=True)
    inbox = sync / "inbox.txt"
    (home / "config.toml").write_text(f'inbox = "{inbox}"\n', encoding="utf-8")
    new_journal(db, kind)
    env = child_env(home, JOURNAL_DB=str(db))
    expected: list[str] = []
    unreadable: list[str] = []
    written = 0

    def append(count: int) -> list[str]:
        nonlocal written
        lines = []
        for _ in range(count):
            text, situation = _line(written)
            written += 1
            lines.append(text)
            if situation is None:
                unreadable.append(text)
            else:
                expected.append(situation)
        with inbox.open("a", encoding="utf-8") as handle:  # as a sync tool writes it
            handle.write("".join(f"{line}\n" for line in lines))
        return lines

    def run() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "journal", "inbox"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    # An uninterrupted run, timed, so the kills can land anywhere within one.
    append(batch)
    began = time.monotonic()
    whole = run()
    _out, err = whole.communicate(timeout=300)
    report.full_run_seconds = time.monotonic() - began
    if whole.returncode != 0:
        raise RuntimeError(f"an uninterrupted inbox run failed: {err}")
    for attempt in range(kills):
        previous = append(batch)
        if attempt % 3 == 1:
            # A sync tool's conflict copy: lines the inbox holds too, and one of its own.
            extra, situation = _line(written)
            written += 1
            if situation is not None:
                expected.append(situation)
            else:
                unreadable.append(extra)
            conflict = sync / f"inbox.sync-conflict-20261121-0930{attempt:02d}-ABCDEFG.txt"
            conflict.write_text("\n".join([*previous[:20], extra]) + "\n", encoding="utf-8")
        process = run()
        if attempt % 2 == 0:  # any moment within how long a whole run takes
            time.sleep(rng.uniform(0.05, 1.0) * report.full_run_seconds)
        else:  # once the inbox is taken aside: among the writes, the commit, the clean-up
            while process.poll() is None and inbox.exists():
                time.sleep(0.001)
            time.sleep(0 if attempt == 1 else rng.uniform(0, 0.5) * report.full_run_seconds)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        report.kills += 1
        report.landed_mid_take += any(
            path.name.startswith((".inbox.txt.taken-", ".inbox.txt.returned"))
            for path in sync.iterdir()
        )
    final = run()
    _out, err = final.communicate(timeout=300)
    report.final = f"exit {final.returncode}" + (f": {err.strip()}" if final.returncode else "")
    report.lines_written = written
    report.unreadable_written = len(unreadable)

    conn = open_db(db)
    try:
        found = Counter(str(row[0]) for row in conn.execute("SELECT situation FROM entries"))
    finally:
        conn.close()
    report.missing = [text for text in expected if found[text] == 0]
    report.doubled = [text for text, count in found.items() if count > 1]
    left = inbox.read_text(encoding="utf-8").splitlines() if inbox.exists() else []
    for number, line in enumerate(left):
        if line.startswith(REASON) or not line.strip():
            continue
        report.returned[line] += 1
        if number + 1 >= len(left) or not left[number + 1].startswith(REASON):
            report.reasons_missing.append(line)
    report.returned.update({text: 0 for text in unreadable if text not in report.returned})
    report.left_aside = sorted(path.name for path in sync.iterdir() if path.name != "inbox.txt")
    return report
