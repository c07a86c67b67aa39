"""Backups: daily and rotating, on request while the journal is in use, and restoring one."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from journal import backups, cli
from journal.db import open_journal
from tests.conftest import Adder, Runner, answering
from tests.journal_files import key_for, open_db

FIXTURES = Path(__file__).parent / "fixtures"

# Every test that makes a journal runs on a plain one and on an encrypted one.
pytestmark = pytest.mark.journal_kinds


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def count(path: Path) -> int:
    conn = open_db(path)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def test_the_first_use_of_a_day_keeps_a_backup(run: Runner, db_path: Path, added: Adder) -> None:
    added("The first entry")  # a new journal: nothing to back up yet
    assert not backups.folder_for(db_path).exists()
    added("The second entry")
    daily = list(backups.folder_for(db_path).iterdir())
    assert len(daily) == 1 and "-daily-" in daily[0].name
    assert count(daily[0]) == 1  # taken on opening, before the second entry was written
    assert mode(daily[0]) == 0o600 and mode(daily[0].parent) == 0o700
    added("The third entry")
    assert len(list(backups.folder_for(db_path).iterdir())) == 1  # once a day


def test_daily_backups_rotate_to_the_configured_count(
    run: Runner, db_path: Path, added: Adder, home: Path
) -> None:
    (home / "config.toml").write_text("backups = 3\n")
    added("An entry")
    folder = backups.folder_for(db_path)
    folder.mkdir(mode=0o700)
    for day in ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"):
        shutil.copy(db_path, folder / f"journal-daily-{day}-090000.sqlite")
    (folder / "journal-2026-10-01-090000.sqlite").write_bytes(db_path.read_bytes())  # by hand
    added("Another")
    names = sorted(p.name for p in folder.iterdir())
    assert names[0] == "journal-2026-10-01-090000.sqlite"  # asked-for backups are never rotated
    daily = [name for name in names if "-daily-" in name]
    assert len(daily) == 3
    assert daily[:2] == ["journal-daily-2026-11-03-090000.sqlite",
                         "journal-daily-2026-11-04-090000.sqlite"]  # fmt: skip


def test_no_daily_backups_when_the_setting_is_0(
    run: Runner, db_path: Path, added: Adder, home: Path
) -> None:
    (home / "config.toml").write_text("backups = 0\n")
    added("One")
    added("Two")
    assert not backups.folder_for(db_path).exists()


@pytest.mark.parametrize("value", ["-1", "366", '"weekly"', "true"])
def test_a_bad_backups_setting_is_refused(
    run: Runner, home: Path, db_path: Path, value: str
) -> None:
    (home / "config.toml").write_text(f"backups = {value}\n")
    result = run("add", "x")
    assert result.code == 2 and "backups" in result.err and "0 (none) to 365" in result.err
    assert not db_path.exists() or count(db_path) == 0


def test_a_backup_taken_while_another_process_writes_is_whole(
    run: Runner, db_path: Path, added: Adder, tmp_path: Path
) -> None:
    for number in range(20):
        added(f"Entry {number}")
    writer = open_journal(db_path, key=key_for(db_path))
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO entries (kind, occurred_on, logged_at, situation)"
        " VALUES ('slip', '2026-11-22', '2026-11-22T10:00:00+00:00', 'not yet committed')"
    )
    target = tmp_path / "out" / "copy.sqlite"
    result = run("backup", "--to", str(target))
    writer.execute("COMMIT")
    writer.close()
    assert result.code == 0, result.err
    assert result.err == f"Backed up {db_path} to {target}\n"
    copy = open_db(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM entries").fetchone()[0] == 20
    assert mode(target) == 0o600 and mode(target.parent) == 0o700


def test_a_backup_is_safe_while_the_app_has_the_journal_open(
    run: Runner, db_path: Path, added: Adder
) -> None:
    from journal.services.entries import EntryFilter
    from journal.services.store import JournalStore

    added("Before the app opened")
    store = JournalStore(db_path, key=key_for(db_path))
    try:
        assert [entry.situation for entry in store.page(EntryFilter(), 0, 10)] == [
            "Before the app opened"
        ]
        result = run("backup")
        assert result.code == 0, result.err
    finally:
        store.close()
    made = [p for p in backups.folder_for(db_path).iterdir() if "-daily-" not in p.name]
    assert len(made) == 1 and count(made[0]) == 1


def test_backup_refuses_to_overwrite(run: Runner, db_path: Path, added: Adder, home: Path) -> None:
    added("x")
    existing = home / "taken.sqlite"
    existing.write_bytes(b"something precious")
    result = run("backup", "--to", str(existing))
    assert result.code == 2 and "already exists" in result.err
    assert existing.read_bytes() == b"something precious"
    assert run("backup", "--to", str(db_path)).code == 2


def test_backup_list_shows_each_backup(run: Runner, db_path: Path, added: Adder) -> None:
    added("one")
    added("two")
    run("backup")
    shown = run("backup", "--list").out.splitlines()
    assert len(shown) == 2
    assert "daily" in shown[1] and "1 entry" in shown[1]
    assert "kept" in shown[0] and "2 entries" in shown[0]
    folder = backups.folder_for(db_path)
    assert not [p.name for p in folder.iterdir() if p.name.endswith(("-wal", "-shm"))]


def test_restore_asks_and_keeps_the_journal_as_it_was(
    run: Runner, db_path: Path, added: Adder, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added("one")
    copy = home / "copy.sqlite"
    run("backup", "--to", str(copy))
    added("two")
    before = db_path.read_bytes()

    refused = run("restore-backup", str(copy))  # not at a terminal, no --yes
    assert refused.code == 2 and "add --yes" in refused.err
    assert db_path.read_bytes() == before

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", answering("n", asked))
    assert run("restore-backup", str(copy)).code == 1
    assert "(2 entries) with the backup" in asked[0] and "(1 entry)" in asked[0]
    assert count(db_path) == 2

    monkeypatch.setattr("builtins.input", lambda question: "y")
    result = run("restore-backup", str(copy))
    assert result.code == 0, result.err
    assert count(db_path) == 1
    kept = [p for p in backups.folder_for(db_path).iterdir() if "before-restore" in p.name]
    assert len(kept) == 1 and count(kept[0]) == 2
    assert mode(db_path) == 0o600
    assert "two" not in run("list").out
    # Reading the backup (to check it, then to copy it) left nothing beside it.
    assert sorted(p.name for p in home.iterdir() if p.name.startswith("copy")) == ["copy.sqlite"]


def test_restoring_an_older_schemas_backup_brings_it_up_to_date(
    run: Runner, db_path: Path, added: Adder, home: Path
) -> None:
    added("mine")
    old = home / "old-backup.sqlite"
    shutil.copy(FIXTURES / "journal-v1.sqlite", old)
    result = run("restore-backup", str(old), "--yes")
    assert result.code == 0, result.err
    assert "Pushed Northwind" in run("show", "1").out
    conn = open_db(db_path)
    from journal.migrations import LATEST_VERSION

    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cookies (name TEXT)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    shutil.copy(FIXTURES / "journal-v1.sqlite", path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def _damaged(path: Path) -> None:
    shutil.copy(FIXTURES / "journal-v2.sqlite", path)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("shopping list"), "not a journal backup"),
        (_other_program, "another program's SQLite database"),
        (_newer, "newer version"),
        (_damaged, "damaged"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: None, "there is no file"),
    ],
)
def test_restore_refuses_what_is_not_a_whole_journal(
    run: Runner, db_path: Path, added: Adder, home: Path, make: object, message: str
) -> None:
    added("precious")
    before = db_path.read_bytes()
    candidate = home / "candidate.sqlite"
    make(candidate)  # type: ignore[operator]
    result = run("restore-backup", str(candidate), "--yes")
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_a_copy_cut_short_is_cleared_once_stale(run: Runner, db_path: Path, added: Adder) -> None:
    import os
    import time

    added("one")
    folder = backups.folder_for(db_path)
    folder.mkdir(mode=0o700)
    stale = folder / ".journal-daily-2026-11-20-090000.sqlite.partial"
    fresh = folder / ".journal-daily-2026-11-23-090000.sqlite.partial"
    for partial in (stale, fresh):
        partial.write_bytes(b"cut short")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    added("two")  # takes today's backup
    left = sorted(p.name for p in folder.iterdir())
    assert stale.name not in left and fresh.name in left
    assert len([name for name in left if name.endswith(".sqlite")]) == 1
