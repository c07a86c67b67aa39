"""A full disk or a read-only journal: the write fails whole, says so in one line, and the
journal is left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journal import backups
from journal import db as db_module
from tests.conftest import Adder, Runner, snapshot

BIG = "x" * 19_000


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_a_full_disk_writes_nothing_and_says_so(
    run: Runner, db_path: Path, added: Adder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's page limit stands in for the disk: the same error, reached the same way."""
    added("Written before the disk filled", "-t", "quota-behind")
    real_open = db_module.open_journal

    def open_on_a_full_disk(path: Path, **options: Any) -> sqlite3.Connection:
        conn = real_open(path, **options)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(db_module, "open_journal", open_on_a_full_disk)
    before = snapshot(db_path)
    for args in (
        ["add", BIG, "--impact", BIG, "--next-time", BIG, "-t", "quota-behind"],
        ["note", "1", BIG],
        ["edit", "1", "--situation", BIG],
    ):
        result = run(*args)
        assert result.code == 2, result
        assert result.err == f"journal: the disk holding {db_path} is full; nothing was written\n"
    assert snapshot(db_path) == before
    assert integrity(db_path) == "ok"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB file system of its own, so the disk really fills (needs the right to mount)."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root; the page-limit test covers this")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _journal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journal", *args], capture_output=True, text=True, timeout=60
    )


def test_a_really_full_disk(small_disk: Path, home: Path) -> None:
    journal = small_disk / "journal.sqlite"
    assert _journal("--db", str(journal), "add", "The first").returncode == 0
    saved = 1
    for _ in range(100):
        done = _journal("--db", str(journal), "add", BIG, "--impact", BIG, "--next-time", BIG)
        if done.returncode:
            break
        saved += 1
    assert done.returncode == 2
    assert done.stderr.endswith("is full; nothing was written\n")
    assert done.stderr.count("\n") == 1 or "warning" in done.stderr.splitlines()[0]
    assert integrity(journal) == "ok"
    conn = sqlite3.connect(journal)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == saved
    listed = _journal("--db", str(journal), "list", "-n", "0")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) >= saved


def test_a_read_only_journal_writes_nothing(small_disk: Path, home: Path) -> None:
    journal = small_disk / "journal.sqlite"
    assert _journal("--db", str(journal), "add", "Kept safe").returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    before = journal.read_bytes()
    done = _journal("--db", str(journal), "add", "Cannot be written")
    assert done.returncode == 2
    assert done.stderr == (
        f"journal: cannot write the journal {journal} (read-only file or folder);"
        " nothing was written\n"
    )
    assert journal.read_bytes() == before


def test_a_read_only_file_as_a_user(run: Runner, db_path: Path, added: Adder) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes read-only files anyway; the mounted read-only test covers root")
    added("Kept safe")
    db_path.chmod(0o400)
    before = snapshot(db_path)
    result = run("add", "Cannot be written")
    assert result.code == 2 and "read-only" in result.err
    assert snapshot(db_path) == before


def test_a_backup_that_cannot_be_written_does_not_stop_the_entry(
    run: Runner, db_path: Path, added: Adder
) -> None:
    added("First")
    backups.folder_for(db_path).write_text("a file where the backups folder should be")
    result = run("add", "Second")
    assert result.code == 0
    assert result.err.startswith("journal: warning: today's backup could not be written")
    assert len(result.err.splitlines()) == 1
    assert run("show", result.out.strip()).out.count("Second") == 1


def test_a_disk_that_fills_during_an_import_says_so(small_disk: Path, home: Path) -> None:
    """SQLite rolls the import back itself when the disk fills; the rollback after it used to
    fail with 'cannot rollback - no transaction is active', hiding the reason."""
    journal = small_disk / "journal.sqlite"
    assert _journal("--db", str(journal), "add", "Written before the import").returncode == 0
    source = home / "big.txt"
    source.write_text(
        "".join(f"[2026-01-{n % 28 + 1:02d} 09:{n % 60:02d}] Entry {n} {'words ' * 30}\n\n"
                for n in range(20_000))
    )  # fmt: skip
    done = _journal("--db", str(journal), "import", str(source))
    assert done.returncode == 2
    assert done.stderr == f"journal: the disk holding {journal} is full; nothing was written\n"
    assert integrity(journal) == "ok"
    conn = sqlite3.connect(journal)
    assert conn.execute("SELECT situation FROM entries").fetchall() == [
        ("Written before the import",)
    ]
    conn.close()
