"""The reliability experiments, shared by the tests (light) and bench/reliability.py (heavy).

Each experiment runs real processes on a real journal file and returns a report of what it
tried and what it found; the callers assert on the report (tests) or print it (the bench).
Nothing here trusts the journal's own code to say what is there: the file is read back with
its own SQL, as another program would (an encrypted one through SQLCipher with the test key:
`tests.journal_files.open_db`).

Each experiment runs on a plain journal or, with kind="encrypted", on an encrypted one (its
processes find the passphrase in JOURNAL_PASSPHRASE, which `child_env` passes on).
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from journal import cipher
from journal.cipher import Key, database_errors
from tests.journal_files import TEST_PASSPHRASE, encrypted_key, open_db
from tests.reliability.texts import TODAY, expected_row, identify

if TYPE_CHECKING:
    from journal.tui.app import JournalApp

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WRITER = HERE / "writer.py"
NO_NETWORK = ROOT / "tests" / "no_network"
_DONE = re.compile(r"^done (\d+) (\d+) ([\d.]+)$")


def child_env(home: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment for every process started here: the no-network guard on PYTHONPATH
    (as tests/conftest.py gives every child), a pinned today and, with `home`, private
    config and data folders."""
    env = dict(os.environ)
    paths = [str(NO_NETWORK), *(p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env["JOURNAL_TODAY"] = TODAY
    env["JOURNAL_PASSPHRASE"] = TEST_PASSPHRASE  # used only by an encrypted journal
    # The writers open an encrypted journal with its derived key, as one remembered in the
    # keyring is: no derivation at each start.
    env["JOURNAL_TEST_KEY"] = encrypted_key().raw.hex()
    if home is not None:
        env["JOURNAL_CONFIG"] = str(home / "config.toml")
        env["XDG_DATA_HOME"] = str(home / "xdg-data")
        env["XDG_CONFIG_HOME"] = str(home / "xdg-config")
    env.update(extra)
    return env


class Writer:
    """One writer process (tests/reliability/writer.py). Its output is read as it comes, by
    threads: a writer must never stall on a full pipe (that would look like a lock)."""

    def __init__(
        self,
        db: Path,
        tag: str,
        *,
        count: int = 0,
        wait_for_go: bool = False,
        stop_file: Path | None = None,
        pause: float = 0.0,
    ) -> None:
        args = [sys.executable, str(WRITER), str(db), tag, "--count", str(count)]
        if wait_for_go:
            args.append("--wait-for-go")
        if stop_file is not None:
            args += ["--stop-file", str(stop_file)]
        if pause:
            args += ["--pause", str(pause)]
        self.tag = tag
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE if wait_for_go else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        self._out: list[str] = []
        self._err: list[str] = []
        self._ready = threading.Event()
        self._first_done = threading.Event()
        self._readers = [
            threading.Thread(
                target=self._drain, args=(self.process.stdout, self._out), daemon=True
            ),
            threading.Thread(
                target=self._drain, args=(self.process.stderr, self._err), daemon=True
            ),
        ]
        for reader in self._readers:
            reader.start()

    def _drain(self, stream: IO[str] | None, into: list[str]) -> None:
        assert stream is not None
        for line in stream:
            into.append(line)
            if line == "ready\n":
                self._ready.set()
            elif line.startswith("done "):
                self._first_done.set()
        self._ready.set()  # ended without "ready": whoever waits looks at the exit status
        self._first_done.set()

    def wait_first_done(self, timeout: float = 30) -> None:
        """Until its first write is reported done (or it ended)."""
        if not self._first_done.wait(timeout):
            raise RuntimeError(f"writer {self.tag} wrote nothing in {timeout} s")

    def wait_ready(self, timeout: float = 30) -> None:
        if not self._ready.wait(timeout) or self.process.poll() is not None:
            raise RuntimeError(f"writer {self.tag} did not start: {''.join(self._err)}")

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.close()

    def running(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    def finish(self, timeout: float = 300) -> tuple[int, str, str]:
        """(exit status, stdout, stderr) once it has ended."""
        code = self.process.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=30)
        return code, "".join(self._out), "".join(self._err)


def parse_done(out: str) -> dict[int, tuple[int, float]]:
    """number → (entry id, milliseconds) for every complete `done` line a writer printed."""
    reported: dict[int, tuple[int, float]] = {}
    for line in out.splitlines(keepends=True):
        match = _DONE.match(line.rstrip("\n")) if line.endswith("\n") else None
        if match:
            reported[int(match.group(1))] = (int(match.group(2)), float(match.group(3)))
    return reported


# --- reading the journal back --------------------------------------------------------------


@dataclass
class Contents:
    """What the file holds, read with plain sqlite3."""

    integrity: str
    foreign_key_problems: int
    search_index: str  # "ok", or what FTS5's own integrity check said
    search_triggers: int  # the row-by-row FTS triggers that must exist (2)
    total: int
    rows: dict[tuple[str, int], list[tuple[int, tuple[str, str, str, int, tuple[str, ...]]]]]

    @property
    def sound(self) -> bool:
        return (
            self.integrity == "ok"
            and self.foreign_key_problems == 0
            and self.search_index == "ok"
            and self.search_triggers == 2
        )

    def health(self) -> str:
        return (
            f"integrity {self.integrity}, foreign keys"
            f" {'ok' if not self.foreign_key_problems else self.foreign_key_problems},"
            f" search index {self.search_index}, search triggers {self.search_triggers}/2"
        )


def new_journal(db: Path, kind: str) -> None:
    """An encrypted journal is made up front (a plain one is made by its first writer)."""
    if kind == "encrypted":
        from journal.db import open_journal

        open_journal(db, key=encrypted_key()).close()


def read_journal(db: Path, key: Key | None = None) -> Contents:
    """What the journal holds; an encrypted one is read with `key` (default: the test key)."""
    conn = cipher.connect(db, key) if key is not None else open_db(db)
    try:
        integrity = "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check"))
        fk = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        try:
            conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")
            search = "ok"
        except database_errors() as error:
            search = str(error)
        triggers = conn.execute(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
            " AND name IN ('entries_fts_insert', 'notes_fts_insert')"
        ).fetchone()[0]
        total = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        rows: dict[tuple[str, int], list[tuple[int, tuple[str, str, str, int, tuple[str, ...]]]]]
        rows = {}
        query = (
            "SELECT e.id, e.situation, e.kind, e.customer, e.severity,"
            " (SELECT group_concat(trigger_id, ',') FROM"
            "  (SELECT trigger_id FROM entry_triggers WHERE entry_id = e.id ORDER BY trigger_id))"
            " FROM entries e ORDER BY e.id"
        )
        for entry_id, text, kind, customer, severity, trigger_ids in conn.execute(query):
            who = identify(str(text))
            if who is None:
                continue
            stored = (
                str(text),
                str(kind),
                str(customer),
                int(severity),
                tuple(str(trigger_ids or "").split(",")),
            )
            rows.setdefault(who, []).append((int(entry_id), stored))
    finally:
        conn.close()
    return Contents(integrity, fk, search, int(triggers), int(total), rows)


def compare(contents: Contents, reported: dict[str, dict[int, tuple[int, float]]]) -> list[str]:
    """Problems, as sentences: a reported entry missing or changed, an entry written twice,
    or an entry nobody could have written. A writer killed right after a commit and before
    its "done" line leaves exactly one unreported entry: its next number, which is allowed."""
    problems: list[str] = []
    for (tag, number), copies in contents.rows.items():
        if len(copies) > 1:
            problems.append(f"{tag} #{number} is in the journal {len(copies)} times")
    for tag, done in reported.items():
        for number, (entry_id, _ms) in done.items():
            kept = contents.rows.get((tag, number))
            if not kept:
                problems.append(f"{tag} #{number} (id {entry_id}) was reported done and is gone")
                continue
            stored_id, stored = kept[0]
            if stored_id != entry_id:
                problems.append(f"{tag} #{number} has id {stored_id}, reported {entry_id}")
            if stored != expected_row(tag, number):
                problems.append(
                    f"{tag} #{number} (id {entry_id}) is not as written: {stored!r:.200}"
                )
    for tag, number in contents.rows:
        writer_done = reported.get(tag)
        if writer_done is None:
            problems.append(f"{tag} #{number} is from a writer this run never started")
        elif number not in writer_done and number != max(writer_done, default=0) + 1:
            problems.append(f"{tag} #{number} is in the journal but its writer never got to it")
    return problems


def unreported(contents: Contents, reported: dict[str, dict[int, tuple[int, float]]]) -> int:
    """Entries committed whose "done" line the kill cut off (allowed: one per killed run)."""
    return sum(
        1 for tag, number in contents.rows if tag in reported and number not in reported[tag]
    )


# --- 1. SIGKILL during writes ----------------------------------------------------------------


@dataclass
class KillReport:
    kills: int = 0
    restarts: int = 0
    before_first_done: int = 0  # kills that landed while the writer was starting up
    reported: int = 0
    found: int = 0
    unreported_found: int = 0
    writer_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    health: str = ""
    sound: bool = False
    final_writer: str = ""  # after the last kill: a clean run's exit status and its stderr
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            self.sound
            and not self.problems
            and not self.writer_errors
            and self.found == self.reported
            and self.final_writer == "exit 0"
        )

    def summary(self) -> str:
        return (
            f"SIGKILL {self.kills} times during writes: {self.restarts} restarts"
            f" ({self.before_first_done} killed while starting up), {self.reported:,} entries"
            f" reported done, {self.found:,} found exactly as written"
            f" (+{self.unreported_found} committed just before a kill, before their 'done'),"
            f" {len(self.problems)} problems, {self.health};"
            f" a clean writer afterwards: {self.final_writer} [{self.seconds:.1f} s]"
        )


def kill_writes(
    db: Path, kills: int, *, seed: int, max_delay: float = 0.4, kind: str = "plain"
) -> KillReport:
    """Start a writer, SIGKILL it after a random delay, again and again on the same journal;
    then one clean writer; then read everything back.

    One run in three counts the delay from the process's start, so kills land while it
    starts up and opens the journal; one in three from the journal being open, so they land
    on the first writes; and one in three from its first write reported done, so they land
    among writes however long a loaded machine takes to start Python and write once."""
    new_journal(db, kind)
    rng = random.Random(seed)
    report = KillReport()
    started = time.monotonic()
    reported: dict[str, dict[int, tuple[int, float]]] = {}
    for run in range(kills):
        tag = f"k{run}"
        from_open = run % 3 != 0
        writer = Writer(db, tag, wait_for_go=from_open)
        if from_open:
            writer.wait_ready()
            writer.go()
        if run % 3 == 2:
            writer.wait_first_done()
        if run:
            report.restarts += 1
        time.sleep(rng.uniform(0.0, max_delay))
        writer.kill()
        code, out, err = writer.finish(timeout=30)
        report.kills += 1
        if code != -signal.SIGKILL:
            report.writer_errors.append(f"{tag} ended by itself ({code}): {err}")
        elif err.strip():
            report.writer_errors.append(f"{tag} said on stderr: {err.strip()[:300]}")
        reported[tag] = parse_done(out)
        if not reported[tag]:
            report.before_first_done += 1
    code, out, err = Writer(db, "final", count=5).finish(timeout=60)
    reported["final"] = parse_done(out)
    report.final_writer = f"exit {code}" + (f": {err.strip()}" if err.strip() else "")
    contents = read_journal(db)
    report.reported = sum(len(done) for done in reported.values())
    report.found = sum(
        1
        for tag, done in reported.items()
        for number in done
        if contents.rows.get((tag, number), [(0, None)])[0][1] == expected_row(tag, number)
    )
    report.unreported_found = unreported(contents, reported)
    report.problems = compare(contents, reported)
    report.health = contents.health()
    report.sound = contents.sound
    report.seconds = time.monotonic() - started
    return report


# --- 2. many writers at once -------------------------------------------------------------------


@dataclass
class ConcurrentReport:
    writers: int
    each: int
    exit_codes: list[int] = field(default_factory=list)
    locked_mentions: list[str] = field(default_factory=list)  # lines saying "locked"/"busy"
    stderr: list[str] = field(default_factory=list)
    reported: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)
    health: str = ""
    sound: bool = False
    slowest_ms: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        expected = self.writers * self.each
        return (
            self.sound
            and self.exit_codes == [0] * self.writers
            and not self.locked_mentions
            and not any(self.stderr)
            and self.reported == expected
            and self.total == expected
            and not self.problems
        )

    def summary(self) -> str:
        codes = Counter(self.exit_codes)
        return (
            f"{self.writers} writers x {self.each} entries at once, one transaction each:"
            f" exit codes {dict(codes)}, {self.reported:,} reported done, {self.total:,} in the"
            f" journal, {len(self.locked_mentions)} 'locked'/'busy' messages,"
            f" {len(self.problems)} problems, slowest single add {self.slowest_ms:.0f} ms"
            f" (busy timeout 10,000 ms), {self.health} [{self.seconds:.1f} s]"
        )


def _mentions_lock(texts: Iterable[str]) -> list[str]:
    return [
        line
        for text in texts
        for line in text.splitlines()
        if "locked" in line.lower() or "busy" in line.lower()
    ]


def start_together(
    db: Path, tags: list[str], each: int, *, stop_file: Path | None = None, pause: float = 0.0
) -> list[Writer]:
    """Writers that have all opened the journal, then told to go at the same moment (each
    writes `each` entries; 0: until `stop_file` exists)."""
    writers = [
        Writer(db, tag, count=each, wait_for_go=True, stop_file=stop_file, pause=pause)
        for tag in tags
    ]
    for writer in writers:
        writer.wait_ready()
    for writer in writers:
        writer.go()
    return writers


def finish(writers: list[Writer], timeout: float = 300) -> list[tuple[int, str, str]]:
    return [writer.finish(timeout) for writer in writers]


def run_concurrent(db: Path, writers: int, each: int, *, kind: str = "plain") -> ConcurrentReport:
    new_journal(db, kind)
    report = ConcurrentReport(writers, each)
    tags = [f"w{n}" for n in range(writers)]
    started = time.monotonic()
    results = finish(start_together(db, tags, each))
    report.seconds = time.monotonic() - started
    reported = {tag: parse_done(out) for tag, (_code, out, _err) in zip(tags, results, strict=True)}
    report.exit_codes = [code for code, _out, _err in results]
    report.stderr = [err.strip() for _code, _out, err in results]
    report.locked_mentions = _mentions_lock(out + err for _code, out, err in results)
    report.reported = sum(len(done) for done in reported.values())
    report.slowest_ms = max(
        (ms for done in reported.values() for _id, ms in done.values()), default=0
    )
    contents = read_journal(db)
    report.total = contents.total
    report.problems = compare(contents, reported)
    report.health = contents.health()
    report.sound = contents.sound
    return report


# --- 1b. SIGKILL during a large import -------------------------------------------------------


def make_export(folder: Path, entries: int) -> Path:
    """A json export of a demo journal of `entries` entries (with notes, reviews, check-ins)."""
    source = folder / "source.sqlite"
    target = folder / "export.json"
    env = child_env(folder)
    for args in (
        ["demo", "--db", str(source), "--entries", str(entries)],
        ["--db", str(source), "export", "--format", "json", "-o", str(target)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "journal", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"journal {' '.join(args)} failed: {done.stderr}")
    return target


def start_import(db: Path, export: Path, home: Path) -> subprocess.Popen[str]:
    return start_journal(db, home, "import", str(export))


def start_journal(
    db: Path, home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """`journal --db DB ARGS` as its own process, its output kept for the report."""
    return subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(db), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(home, **(env or {})),
        start_new_session=True,  # no controlling terminal: nothing prompts on one
    )


@dataclass
class ImportReport:
    entries_in_file: int = 0
    base: int = 0  # entries in the journal before each import
    import_seconds: float = 0.0  # an uninterrupted import, for the kill delays
    writing_from: float | None = None  # when it began writing pages (the WAL grew)
    kills: int = 0
    while_writing: int = 0  # kills that left written, uncommitted pages in the WAL
    none: int = 0
    all: int = 0
    partial: list[str] = field(default_factory=list)
    unhealthy: list[str] = field(default_factory=list)
    base_changed: int = 0
    redo: str = ""  # after a kill, the same import run to the end
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            self.kills == self.none + self.all
            and not self.partial
            and not self.unhealthy
            and not self.base_changed
            and self.redo == f"exit 0, {self.base + self.entries_in_file:,} entries, sound"
        )

    def summary(self) -> str:
        return (
            f"SIGKILL {self.kills} times during an import of {self.entries_in_file:,} entries"
            f" (an uninterrupted import takes {self.import_seconds:.2f} s, writing pages from"
            f" {self.writing_from or 0:.2f} s) into a journal of {self.base}: {self.none} left"
            f" none of them ({self.while_writing} killed while writing pages: rolled back),"
            f" {self.all} all of them (done before the kill), {len(self.partial)} partial,"
            f" {len(self.unhealthy)} damaged,"
            f" {self.base_changed} lost earlier entries; the import run again: {self.redo}"
            f" [{self.seconds:.1f} s]"
        )


def kill_imports(
    folder: Path, export: Path, kills: int, *, seed: int, kind: str = "plain"
) -> ImportReport:
    """Each kill on a fresh copy of the same journal (5 entries of a writer). Even attempts
    kill the import at any moment within how long an uninterrupted one takes; odd ones once
    it has begun writing pages (the WAL grows), the first of them at once. The copy must then
    hold none of the file's entries or all of them, and its own five as they were."""
    rng = random.Random(seed)
    report = ImportReport()
    started = time.monotonic()
    base = folder / "base.sqlite"
    new_journal(base, kind)
    code, _out, err = Writer(base, "base", count=5).finish(timeout=60)
    if code != 0:
        raise RuntimeError(f"the base writer failed: {err}")
    base_rows = read_journal(base).rows
    report.base = read_journal(base).total
    report.entries_in_file = len(json.loads(export.read_text(encoding="utf-8"))["entries"])

    def fresh(name: str) -> Path:
        copy = folder / f"{name}.sqlite"
        shutil.copy(base, copy)
        return copy

    def wal_bytes(db: Path) -> int:
        wal = db.with_name(db.name + "-wal")
        return wal.stat().st_size if wal.exists() else 0

    timed = fresh("timed")
    began = time.monotonic()
    whole = start_import(timed, export, folder)
    while whole.poll() is None:  # (its output is a line or two: no pipe fills up)
        if report.writing_from is None and wal_bytes(timed):
            report.writing_from = time.monotonic() - began
        time.sleep(0.002)
    _out, err = whole.communicate(timeout=600)
    report.import_seconds = time.monotonic() - began
    if whole.returncode != 0 or read_journal(timed).total != report.base + report.entries_in_file:
        raise RuntimeError(f"an uninterrupted import did not work: {err}")
    victim = timed
    for attempt in range(kills):
        victim = fresh(f"killed-{attempt}")
        process = start_import(victim, export, folder)
        if attempt % 2 == 0:  # any moment
            time.sleep(rng.uniform(0.1, 0.95) * report.import_seconds)
        else:  # once it has begun writing pages, a moment within how long that takes
            while process.poll() is None and not wal_bytes(victim):
                time.sleep(0.001)
            writing = report.import_seconds - (report.writing_from or 0)
            time.sleep(0 if attempt == 1 else rng.uniform(0, 0.8 * writing))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        report.kills += 1
        torn = wal_bytes(victim) > 0  # read before anything opens the file and recovers it
        contents = read_journal(victim)
        if not contents.sound:
            report.unhealthy.append(f"attempt {attempt}: {contents.health()}")
        if contents.total == report.base:
            report.none += 1
            report.while_writing += torn
        elif contents.total == report.base + report.entries_in_file:
            report.all += 1
        else:
            report.partial.append(f"attempt {attempt}: {contents.total} entries")
        if contents.rows != base_rows:
            report.base_changed += 1
    redo = start_import(victim, export, folder)
    _out, err = redo.communicate(timeout=600)
    after = read_journal(victim)
    health = "sound" if after.sound else after.health()
    report.redo = f"exit {redo.returncode}, {after.total:,} entries, {health}"
    if redo.returncode:
        report.redo += f": {err.strip()}"
    report.seconds = time.monotonic() - started
    return report


# --- 3. a draft typed in the real app, on a real terminal, then SIGKILL ------------------------

_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P_^X][^\x1b]*\x1b\\|\x1b."
)


class Terminal:
    """A program on a pseudo-terminal of its own, as a person's terminal emulator runs it."""

    def __init__(self, args: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        columns, lines = size
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.process = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)},
            start_new_session=True,  # its own session, as a terminal's shell would give it
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def pump(self, seconds: float) -> None:
        """Read what the program paints for a while (a terminal that is not read stalls it)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the program is gone
                    return
                if not chunk:
                    return
                self.output += chunk

    def text(self, since: int = 0) -> str:
        """What was painted since byte `since`, without the terminal's control sequences."""
        return _ESCAPES.sub(b"", bytes(self.output[since:])).decode("utf-8", "replace")

    def wait_for(self, words: str, timeout: float, since: int = 0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if words in self.text(since):
                return True
            if self.process.poll() is not None:
                self.pump(0.1)
                return words in self.text(since)
            self.pump(0.1)
        return False

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def kill(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        code = self.process.wait(timeout=30)
        os.close(self.master)
        return code


SEED_TEXT = "Seeded entry: Harbor renewal"


def seed_journal(db: Path, kind: str = "plain") -> None:
    """A journal with one entry, so the app opens on its list (not on the welcome page)."""
    from journal.db import open_journal
    from journal.records import EntryFields
    from journal.services import entries

    conn = open_journal(db, key=encrypted_key() if kind == "encrypted" else None)
    try:
        entries.add(conn, EntryFields(situation=SEED_TEXT), today=date.fromisoformat(TODAY))
    finally:
        conn.close()


def stored_draft(db: Path) -> dict[str, object] | None:
    conn = open_db(db)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'draft'").fetchone()
    finally:
        conn.close()
    return None if row is None else dict(json.loads(row[0]))


def _draft_text(draft: dict[str, object] | None) -> str | None:
    if draft is None:
        return None
    fields = draft.get("fields")
    return str(fields.get("situation")) if isinstance(fields, dict) else None


# Typed into the situation box: "\r" is the Enter key, so the text has line breaks.
DRAFT_TEXT = "Zoë at Ωmega asked for a refund 💼\rשלום — I said no; the quota won 😬\rafter"  # noqa: RUF001
DRAFT_MORE = " and then I called her back «to fix it»"


def typed(keys: str) -> str:
    """What the situation box holds after these keys."""
    return keys.replace("\r", "\n")


@dataclass
class DraftKill:
    painted: bool = False
    form_opened: bool = False
    draft_seconds: float | None = None  # from the last key to the draft in the file
    typed_more: int = 0  # characters of DRAFT_MORE typed before the kill
    exit_code: int = 0
    draft: str | None = None  # the situation as the file holds it after the kill
    integrity: str = ""
    screen_tail: str = ""

    @property
    def draft_kept(self) -> bool:
        """The draft holds what was typed before the last save, and nothing torn: the first
        text in full, then at most what was typed after it, in order."""
        first = typed(DRAFT_TEXT)
        if self.draft is None or not self.draft.startswith(first):
            return False
        return DRAFT_MORE[: self.typed_more].startswith(self.draft[len(first) :])


def draft_kill(db: Path, home: Path, *, more_seconds: float = 0.0) -> DraftKill:
    """Start `python -m journal --db DB` on a pseudo-terminal, wait for the list, press n,
    type DRAFT_TEXT, wait until the draft is in the file; then type DRAFT_MORE a key every
    30 ms, and SIGKILL the app `more_seconds` after that first draft (typing or not)."""
    result = DraftKill()
    term = Terminal(
        [sys.executable, "-m", "journal", "--db", str(db)], child_env(home), size=(100, 30)
    )
    try:
        result.painted = term.wait_for("Harbor renewal", timeout=30)
        if not result.painted:
            return result
        mark = len(term.output)
        term.type("n")
        result.form_opened = term.wait_for("New entry", timeout=15, since=mark)
        if not result.form_opened:
            return result
        term.type(DRAFT_TEXT)
        last_key = time.monotonic()
        deadline = last_key + 15
        while time.monotonic() < deadline:
            term.pump(0.1)
            if _draft_text(stored_draft(db)) == typed(DRAFT_TEXT):
                result.draft_seconds = time.monotonic() - last_key
                break
        if result.draft_seconds is None:
            return result
        stop = time.monotonic() + more_seconds
        while result.typed_more < len(DRAFT_MORE) and time.monotonic() < stop:
            term.type(DRAFT_MORE[result.typed_more])
            result.typed_more += 1
            term.pump(0.03)
        term.pump(stop - time.monotonic())  # the kill comes at `stop`, typing done or not
    finally:
        result.screen_tail = term.text()[-400:]
        result.exit_code = term.kill()
    result.draft = _draft_text(stored_draft(db))
    conn = open_db(db)
    try:
        result.integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
    return result


def offered_on_terminal(db: Path, home: Path) -> bool:
    """Start the real app again on a pseudo-terminal: does it paint the draft offer (its
    "Restore (y)" button) within 30 s? The app is then killed."""
    term = Terminal(
        [sys.executable, "-m", "journal", "--db", str(db)], child_env(home), size=(100, 30)
    )
    try:
        return term.wait_for("Restore (y)", timeout=30)
    finally:
        term.kill()


@dataclass
class Offer:
    question: str | None  # the offer's words; None when the app offered nothing
    restored: str | None  # the situation in the form after "Restore"


async def restore_offered_draft(app: JournalApp) -> Offer:
    """Start the app headless (Pilot): is a draft offered, and what does Restore bring back?"""
    from journal.tui.screens.confirm import ConfirmScreen
    from journal.tui.screens.entry_form import EntryFormScreen

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, ConfirmScreen) or screen.id != "draft-offer":
            return Offer(None, None)
        question = screen.question
        await pilot.press("y")
        await pilot.pause()
        form = app.screen
        if not isinstance(form, EntryFormScreen):
            return Offer(question, None)
        return Offer(question, form.values()["situation"])


@dataclass
class DraftsReport:
    times: int = 0
    painted: int = 0
    drafts_saved: int = 0
    slowest_draft: float = 0.0  # seconds from the last key to the draft in the file
    kept: int = 0  # drafts holding exactly what was typed up to a save, nothing torn
    with_later_typing: int = 0  # of those, how many also held keys typed after the first save
    lost_keys: int = 0  # keys typed after the last draft save, before the kill
    offered: int = 0  # the next start offered it and Restore brought it back to the letter
    on_terminal: int = 0  # the offer painted on a real terminal too
    integrity_ok: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures and self.kept == self.offered == self.integrity_ok == self.times

    def summary(self) -> str:
        return (
            f"SIGKILL the app {self.times} times on a pseudo-terminal while typing a draft:"
            f" {self.painted} painted, {self.drafts_saved} drafts reached the file (the slowest"
            f" {self.slowest_draft:.1f} s after the last key; the form saves"
            f" when typing pauses, at least every 3 s), {self.kept} kept exactly what was typed"
            f" up to a save ({self.with_later_typing}"
            f" with keys typed after the first save), {self.lost_keys} keys typed after the last"
            f" save were lost with the kill, {self.offered} offered back at the next start and"
            f" restored to the letter ({self.on_terminal} checked on a real terminal),"
            f" integrity ok {self.integrity_ok}/{self.times} [{self.seconds:.1f} s]"
        )


def kill_drafts(
    folder: Path, times: int, *, seed: int, on_terminal: int = 1, kind: str = "plain"
) -> DraftsReport:
    """`draft_kill` again and again, each on a fresh journal, killed at random moments after
    the first draft; then the next start (Pilot) must offer exactly what the file holds."""
    import asyncio

    from journal.config import Settings
    from journal.tui.app import JournalApp

    rng = random.Random(seed)
    report = DraftsReport()
    started = time.monotonic()
    for attempt in range(times):
        db = folder / f"draft-{attempt}.sqlite"
        seed_journal(db, kind)
        killed = draft_kill(db, folder, more_seconds=rng.uniform(0.0, 4.0))
        report.times += 1
        report.painted += killed.painted
        if killed.draft_seconds is None:
            report.failures.append(f"attempt {attempt}: no draft; screen {killed.screen_tail!r}")
            continue
        report.drafts_saved += 1
        report.slowest_draft = max(report.slowest_draft, killed.draft_seconds)
        report.integrity_ok += killed.integrity == "ok"
        if not killed.draft_kept or killed.draft is None:
            report.failures.append(f"attempt {attempt}: the file holds {killed.draft!r}")
            continue
        report.kept += 1
        later = len(killed.draft) - len(typed(DRAFT_TEXT))
        report.with_later_typing += later > 0
        report.lost_keys += killed.typed_more - later
        if attempt < on_terminal:
            shown = offered_on_terminal(db, folder)
            report.on_terminal += shown
            if not shown:
                report.failures.append(f"attempt {attempt}: no offer painted at the next start")
        app = JournalApp(db, settings=Settings(), today=date.fromisoformat(TODAY))
        offer = asyncio.run(restore_offered_draft(app))
        if offer.question is not None and offer.restored == killed.draft:
            report.offered += 1
        else:
            report.failures.append(f"attempt {attempt}: offered {offer!r}")
    report.seconds = time.monotonic() - started
    return report


# --- SIGKILL during the daily backup ---------------------------------------------------------


def big_journal(path: Path, count: int, kind: str = "plain") -> None:
    """A journal of `count` writer entries (several MB), written in one transaction."""
    from journal.db import open_journal, transaction
    from journal.services import entries
    from tests.reliability.texts import fields_for

    conn = open_journal(path, key=encrypted_key() if kind == "encrypted" else None)
    try:
        with transaction(conn):
            for number in range(1, count + 1):
                entries.add(conn, fields_for("big", number), today=date.fromisoformat(TODAY))
    finally:
        conn.close()


def daily_backups(folder: Path) -> list[Path]:
    """The files the daily rotation counts as backups (named *-daily-*.sqlite)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if "-daily-" in p.name and p.suffix == ".sqlite")


def entries_in(path: Path) -> int | None:
    """How many entries a backup holds; None when it is not a whole, sound journal."""
    conn = open_db(path)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return None
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    except database_errors():
        return None
    finally:
        conn.close()


def _add(db: Path, home: Path, text: str) -> subprocess.Popen[str]:
    return start_journal(db, home, "add", text)


@dataclass
class BackupReport:
    entries: int = 0
    attempts: int = 0
    killed_mid_backup: int = 0  # killed while the copy was being made, not after the add
    false_backups: list[str] = field(default_factory=list)  # a backup's name, not a whole copy
    journal_damaged: int = 0
    next_add: list[str] = field(default_factory=list)  # the next `journal add`'s problems
    whole_today: int = 0  # journals with a whole backup of today after the next add
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        # An attempt whose copy was over before the kill proves nothing, but is no failure.
        return (
            self.killed_mid_backup > 0
            and not self.false_backups
            and not self.journal_damaged
            and not self.next_add
            and self.whole_today == self.attempts
        )

    def summary(self) -> str:
        return (
            f"SIGKILL `journal add` {self.attempts} times while it took the day's backup of"
            f" {self.entries:,} entries ({self.killed_mid_backup} landed mid-copy):"
            f" {len(self.false_backups)} incomplete files left under a backup's name,"
            f" {self.journal_damaged} journals damaged; the next add: {len(self.next_add)}"
            f" problems, {self.whole_today}/{self.attempts} journals then had a whole backup of"
            f" today [{self.seconds:.1f} s]"
        )


def kill_backups(
    folder: Path,
    attempts: int,
    *,
    entries: int = 2_000,
    enough: int | None = None,
    kind: str = "plain",
) -> BackupReport:
    """`journal add` on a big journal takes the day's backup first; it is killed as soon as
    anything appears in the backups folder. No file may then pass for a backup that is not a
    whole copy, and the next `journal add` must still leave a whole backup of today.

    With `enough`, it stops once that many kills landed mid-backup: on a busy machine the
    copy can be over before this process sees the folder, and that attempt proves nothing."""
    report = BackupReport(entries=entries)
    started = time.monotonic()
    base = folder / "backup-base.sqlite"
    big_journal(base, entries, kind)
    for attempt in range(attempts):
        if enough is not None and report.killed_mid_backup >= enough:
            break
        db = folder / f"backed-{attempt}.sqlite"
        shutil.copy(base, db)
        backups = db.with_name(f"{db.stem}-backups")
        adder = _add(db, folder, "Written after the backup")
        while adder.poll() is None:
            try:
                if os.listdir(backups):
                    adder.send_signal(signal.SIGKILL)
                    break
            except FileNotFoundError:
                continue
        adder.communicate(timeout=30)
        report.attempts += 1
        report.killed_mid_backup += adder.returncode == -signal.SIGKILL
        contents = read_journal(db)
        if not contents.sound or contents.total != entries:
            report.journal_damaged += 1
        for backup in daily_backups(backups):
            if entries_in(backup) != entries:
                report.false_backups.append(f"{backup.name} ({backup.stat().st_size:,} bytes)")
        again = _add(db, folder, "The next capture")
        _out, err = again.communicate(timeout=60)
        if again.returncode != 0 or err:
            report.next_add.append(f"exit {again.returncode}: {err.strip()}")
        if any(entries_in(b) in (entries, entries + 1) for b in daily_backups(backups)):
            report.whole_today += 1
    report.seconds = time.monotonic() - started
    return report


# --- the first opening of a day from several processes at once --------------------------------

OPENER = HERE / "opener.py"


def _openers(db: Path) -> list[list[str]]:
    """What a person's machine opens the journal with first thing in the day: a prompt hook
    (status-like reads), a cron job (a check-in), captures from the shell, and the app."""
    where = ["--db", str(db)]
    return [
        ["cli", *where, "streak"],
        ["cli", *where, "list", "-n", "1", "--json"],
        ["cli", *where, "add", "Captured as the day began"],
        ["cli", *where, "checkin", "--slips"],
        ["app", str(db)],
        ["cli", *where, "add", "A second capture at the same moment"],
    ]


@dataclass
class FirstOpenReport:
    entries: int = 0
    rounds: int = 0
    openers: int = 0
    failed_openers: list[str] = field(default_factory=list)  # exit status or stderr
    backup_counts: Counter[int] = field(default_factory=Counter)  # daily backups per round
    not_whole: list[str] = field(default_factory=list)  # a daily backup that is not a journal
    leftovers: list[str] = field(default_factory=list)  # partial copies left behind
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            not self.failed_openers
            and self.backup_counts == Counter({1: self.rounds})
            and not self.not_whole
            and not self.leftovers
        )

    def summary(self) -> str:
        counts = ", ".join(
            f"{rounds} with {count}" for count, rounds in sorted(self.backup_counts.items())
        )
        return (
            f"first opening of a day by {self.openers} processes at once, {self.rounds} times,"
            f" on a journal of {self.entries:,} entries: daily backups left per round:"
            f" {counts or 'none'} (1 wanted); {len(self.not_whole)} not whole,"
            f" {len(self.leftovers)} partial copies left, {len(self.failed_openers)} processes"
            f" failed or printed a warning [{self.seconds:.1f} s]"
        )

    @property
    def problems(self) -> list[str]:
        return self.failed_openers + self.not_whole + self.leftovers


def first_open_together(folder: Path, rounds: int, *, entries: int = 2_000) -> FirstOpenReport:
    """Several processes open a journal with no backup yet today at the same moment (each
    started and waiting, then told to go together). Every one must succeed without a word on
    stderr, and exactly one whole backup of the day must be left."""
    report = FirstOpenReport(entries=entries, rounds=rounds)
    started = time.monotonic()
    base = folder / "first-open-base.sqlite"
    big_journal(base, entries)
    for attempt in range(rounds):
        db = folder / f"first-open-{attempt}.sqlite"
        shutil.copy(base, db)
        commands = _openers(db)
        report.openers = len(commands)
        processes = [
            subprocess.Popen(
                [sys.executable, str(OPENER), *command],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=child_env(folder),
            )
            for command in commands
        ]
        for process in processes:
            assert process.stdout is not None
            if process.stdout.readline() != "ready\n":
                raise RuntimeError(f"an opener did not start: {process.communicate()[1]}")
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        for command, process in zip(commands, processes, strict=True):
            _out, err = process.communicate(timeout=120)
            if process.returncode != 0 or err:
                report.failed_openers.append(
                    f"round {attempt + 1}, {' '.join(command[:1] + command[3:])}:"
                    f" exit {process.returncode}, {err.strip()!r:.200}"
                )
        backups = db.with_name(f"{db.stem}-backups")
        found = daily_backups(backups)
        report.backup_counts[len(found)] += 1
        for backup in found:
            held = entries_in(backup)
            if held is None or not entries <= held <= entries + 2:
                report.not_whole.append(f"round {attempt + 1}: {backup.name} holds {held}")
        if backups.is_dir():
            report.leftovers += [
                f"round {attempt + 1}: {p.name}" for p in backups.iterdir() if "partial" in p.name
            ]
    report.seconds = time.monotonic() - started
    return report


# --- SIGKILL during encrypt, rekey and decrypt -----------------------------------------------

FIRST_PASSPHRASE = "first passphrase"
SECOND_PASSPHRASE = "second passphrase"
# operation: (arguments, the journal's passphrase before, after; the environment it is run with)
CONVERSIONS: dict[str, tuple[list[str], str | None, str | None, dict[str, str]]] = {
    "encrypt": (["encrypt"], None, FIRST_PASSPHRASE, {"JOURNAL_PASSPHRASE": FIRST_PASSPHRASE}),
    "rekey": (
        ["rekey"],
        FIRST_PASSPHRASE,
        SECOND_PASSPHRASE,
        {"JOURNAL_PASSPHRASE": FIRST_PASSPHRASE, "JOURNAL_NEW_PASSPHRASE": SECOND_PASSPHRASE},
    ),
    "decrypt": (
        ["decrypt", "--yes"],
        FIRST_PASSPHRASE,
        None,
        {"JOURNAL_PASSPHRASE": FIRST_PASSPHRASE},
    ),
}


@dataclass
class ConversionReport:
    entries: int = 0
    uninterrupted: dict[str, float] = field(default_factory=dict)  # seconds, whole process
    kills: int = 0
    while_copying: int = 0  # the new file was being written when the kill came
    old: int = 0  # afterwards the journal was the old one, whole
    new: int = 0  # afterwards it was the new one, whole
    lost: list[str] = field(default_factory=list)  # neither, or not every entry
    again: list[str] = field(default_factory=list)  # the conversion run again to the end
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.lost and not self.again and self.old + self.new == self.kills

    def summary(self) -> str:
        took = ", ".join(f"{op} {s:.2f} s" for op, s in self.uninterrupted.items())
        return (
            f"SIGKILL {self.kills} times during encrypt, rekey and decrypt of a journal of"
            f" {self.entries:,} entries (uninterrupted: {took}); {self.while_copying} kills"
            f" came while the new file was being written: {self.old} left the old journal"
            f" whole, {self.new} the new one, {len(self.lost)} neither;"
            f" run again to the end: {len(self.again)} problems [{self.seconds:.1f} s]"
        )


def _opened_with(db: Path, passphrase: str | None) -> Contents | None:
    """The journal's contents if it is plain (passphrase None) or opens with `passphrase`."""
    state = cipher.file_state(db)
    if passphrase is None:
        return read_journal(db) if state == "plain" else None
    if state != "encrypted":
        return None
    key = cipher.key_for(db, passphrase, "test")
    return read_journal(db, key) if cipher.opens(db, key) else None


def kill_conversions(
    folder: Path, kills: int, *, seed: int, entries: int = 3_000
) -> ConversionReport:
    """Each kill on a fresh copy of a journal of `entries` entries, in the state the operation
    starts from: in turn at any moment within how long an uninterrupted run takes, while the
    new file is being written beside it, and the moment it has been renamed into place. The
    journal must then be the old one or the new one, whole; when it is the old one, the same
    operation run again must finish and leave nothing behind."""
    rng = random.Random(seed)
    report = ConversionReport(entries=entries)
    started = time.monotonic()
    plain = folder / "conversion-plain.sqlite"
    big_journal(plain, entries)
    expected = read_journal(plain).rows
    encrypted = folder / "conversion-encrypted.sqlite"
    shutil.copy(plain, encrypted)
    first = CONVERSIONS["encrypt"]
    done = start_journal(encrypted, folder, *first[0], env=first[3]).communicate(timeout=120)
    if cipher.file_state(encrypted) != "encrypted":
        raise RuntimeError(f"could not encrypt the starting journal: {done[1]}")
    starts = {None: plain, FIRST_PASSPHRASE: encrypted}

    def check(db: Path, before: str | None, after: str | None, when: str) -> str | None:
        """'old' or 'new' if the journal is that one, whole; else a problem is recorded."""
        for name, passphrase in (("old", before), ("new", after)):
            contents = _opened_with(db, passphrase)
            if contents is not None:
                if not contents.sound or contents.rows != expected:
                    report.lost.append(
                        f"{when}: the {name} journal is not whole ({contents.health()})"
                    )
                    return None
                return name
        report.lost.append(f"{when}: neither the old nor the new passphrase opens it")
        return None

    for operation, (args, before, after, env) in CONVERSIONS.items():
        timed = folder / f"timed-{operation}.sqlite"
        shutil.copy(starts[before], timed)
        began = time.monotonic()
        process = start_journal(timed, folder, *args, env=env)
        _out, err = process.communicate(timeout=120)
        report.uninterrupted[operation] = time.monotonic() - began
        if process.returncode != 0 or check(timed, before, after, f"{operation} whole") != "new":
            raise RuntimeError(f"an uninterrupted {operation} did not work: {err}")
    operations = list(CONVERSIONS)
    attempt = -1
    while report.kills < kills and attempt < 3 * kills:
        attempt += 1
        operation = operations[report.kills % len(operations)]
        args, before, after, env = CONVERSIONS[operation]
        victim = folder / f"converted-{attempt}.sqlite"
        shutil.copy(starts[before], victim)
        partial = cipher.partial_path(victim)
        process = start_journal(victim, folder, *args, env=env)
        moment = (report.kills // len(operations)) % 3
        if moment == 0:  # any moment
            time.sleep(rng.uniform(0.0, 1.0) * report.uninterrupted[operation])
        else:  # while the new file is being written, or right after its rename
            while process.poll() is None and not partial.exists():
                time.sleep(0.0005)
            if moment == 1:
                time.sleep(rng.uniform(0.0, 0.01))
            else:
                while process.poll() is None and partial.exists():
                    time.sleep(0.0005)
        copying = partial.exists()
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        if process.returncode != -signal.SIGKILL:
            continue  # it had finished before the kill: the same moment again
        report.kills += 1
        report.while_copying += copying
        state = check(victim, before, after, f"{operation} attempt {attempt}")
        if state == "old":
            report.old += 1
            redo = start_journal(victim, folder, *args, env=env)
            _out, err = redo.communicate(timeout=120)
            if redo.returncode != 0 or check(victim, before, after, "again") != "new":
                report.again.append(f"{operation} attempt {attempt}: exit {redo.returncode} {err}")
            if partial.exists():
                report.again.append(f"{operation} attempt {attempt}: the partial file is left")
        elif state == "new":
            report.new += 1
    report.seconds = time.monotonic() - started
    return report
