"""The journal file: privacy, refusals, migrations, backups and the schema declaration."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from journal.db import APPLICATION_ID, open_journal
from journal.migrations import LATEST_VERSION
from tests.conftest import Adder, Runner

FIXTURES = Path(__file__).parent / "fixtures"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_journal_and_folder_are_private(run: Runner, db_path: Path, added: Adder) -> None:
    added("Private words")
    assert mode(db_path.parent) == 0o700
    assert mode(db_path) == 0o600
    for companion in db_path.parent.glob("journal.sqlite-*"):  # the WAL and its index
        assert mode(companion) == 0o600, companion


def test_pragmas_wal_foreign_keys_and_busy_timeout(db_path: Path) -> None:
    conn = open_journal(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_a_second_writer_waits_instead_of_failing(db_path: Path, run: Runner) -> None:
    import subprocess
    import sys
    import time

    open_journal(db_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(1.0)\n"
            "c.execute('COMMIT')\n",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = run("add", "Written while another program held the lock")
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert result.code == 0, result.err
    assert waited >= 0.5  # it really waited for the other writer rather than racing it
    count = sqlite3.connect(db_path).execute("SELECT count(*) FROM entries").fetchone()[0]
    assert count == 1


def test_previous_schema_is_migrated_with_a_backup(tmp_path: Path, run: Runner) -> None:
    journal = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "journal-v1.sqlite", journal)
    original = journal.read_bytes()
    shown = json.loads(run("--db", str(journal), "show", "1", "--json").out)
    assert shown["situation"] == "Pushed Northwind onto the annual plan to close the quarter."
    assert shown["triggers"] == ["quota-behind", "over-promised"]
    assert shown["follow_up_on"] == "2026-04-20"
    assert shown["notes"][0]["text"] == "They stayed, but it cost a month of trust."
    second = json.loads(run("--db", str(journal), "show", "2", "--json").out)
    assert second["situation"] == "Told Harbor the smaller plan fits — ünïcödé and emoji 🙂 kept."
    assert second["triggers"] == ["quota-behind", "client-deadline"]
    trash = json.loads(run("--db", str(journal), "trash", "--json").out)
    assert [entry["id"] for entry in trash] == [3]
    triggers = {t["id"]: t for t in json.loads(run("--db", str(journal), "triggers", "--json").out)}
    assert triggers["quota-behind"]["name"] == "Quota behind (renamed)"
    assert triggers["client-deadline"]["retired"]
    found = json.loads(run("--db", str(journal), "list", "--json", "--search", "trust").out)
    assert [entry["id"] for entry in found] == [1]
    conn = sqlite3.connect(journal)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0  # the new table
    backups = list(tmp_path.glob("old.schema1-*.backup.sqlite"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    backup = sqlite3.connect(backups[0])
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT count(*) FROM entries").fetchone()[0] == 3
    assert original != journal.read_bytes()
    # opening again migrates nothing and takes no second backup
    run("--db", str(journal), "list")
    assert len(list(tmp_path.glob("old.schema1-*.backup.sqlite"))) == 1


def test_a_failing_migration_leaves_the_journal_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal import db, migrations

    journal = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "journal-v1.sqlite", journal)
    before = journal.read_bytes()
    broken = migrations.Migration(2, "broken", "CREATE TABLE reviews (id INTEGER);\nSELECT nope;")
    monkeypatch.setattr(db, "MIGRATIONS", (migrations.MIGRATIONS[0], broken))
    with pytest.raises(Exception, match="could not be used"):
        db.open_journal(journal)
    assert journal.read_bytes() == before
    assert list(tmp_path.glob("old.schema1-*.backup.sqlite"))


def test_a_newer_journal_is_refused_untouched(tmp_path: Path, run: Runner) -> None:
    journal = tmp_path / "future.sqlite"
    conn = sqlite3.connect(journal)
    conn.execute("CREATE TABLE entries (id INTEGER)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = journal.read_bytes()
    result = run("--db", str(journal), "list")
    assert result.code == 2
    assert "newer version of journal" in result.err
    assert journal.read_bytes() == before
    assert not list(tmp_path.glob("*.backup*"))


def test_an_empty_file_becomes_a_journal(tmp_path: Path, run: Runner) -> None:
    journal = tmp_path / "empty.sqlite"
    journal.touch()
    assert run("--db", str(journal), "add", "First").code == 0
    assert json.loads(run("--db", str(journal), "show", "1", "--json").out)["situation"] == "First"


def test_schema_matches_the_sqlmodel_declaration(db_path: Path) -> None:
    from sqlmodel import SQLModel

    import journal.models  # noqa: F401  (registers the tables)

    conn = open_journal(db_path)
    declared = SQLModel.metadata.tables
    actual = {
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'entries_fts%'"
        )
    }
    assert set(declared) == actual
    for name, table in declared.items():
        columns = {
            row[1]: (bool(row[3]), bool(row[5]))
            for row in conn.execute(f"PRAGMA table_info({name})")
        }
        expected = {
            column.name: (not column.nullable and not column.primary_key, bool(column.primary_key))
            for column in table.columns
        }
        got = {key: (notnull and not pk, pk) for key, (notnull, pk) in columns.items()}
        assert got == expected, name


# Every schema a released journal has had; a new migration adds its fixture here.
FIXTURE_VERSIONS = (1, 2, 3, 4, 5)
TABLES_BY_VERSION = {
    1: ("entries", "notes", "triggers", "checkins", "entry_triggers"),
    2: ("entries", "notes", "triggers", "checkins", "entry_triggers", "reviews", "commitments",
        "commitment_checks"),
}  # fmt: skip
TABLES_BY_VERSION[3] = TABLES_BY_VERSION[4] = TABLES_BY_VERSION[2]
TABLES_BY_VERSION[5] = (*TABLES_BY_VERSION[2], "entry_revisions")
# Columns later schemas added, with the value an upgraded row gets (by entry id where the
# value comes from the row: a note written on or after the follow-up date closed it that day).
CLOSED_ON_UPGRADE = {1: "2026-04-20"}
ADDED_COLUMNS: dict[str, dict[str, object]] = {
    "entries": {"to_classify": 0, "import_key": None, "version": 1, "follow_up_closed_on": None},
    "reviews": {"start_doing": "", "stop_doing": "", "continue_doing": "", "version": 1},
}


def _rows(conn: sqlite3.Connection, table: str) -> list[dict[str, object]]:
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def test_fixtures_exist_for_every_earlier_schema() -> None:
    assert tuple(range(1, LATEST_VERSION)) == FIXTURE_VERSIONS
    for version in FIXTURE_VERSIONS:
        conn = sqlite3.connect(FIXTURES / f"journal-v{version}.sqlite")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] > 0


@pytest.mark.parametrize("version", FIXTURE_VERSIONS)
def test_every_earlier_schema_upgrades_keeping_every_value(
    tmp_path: Path, run: Runner, version: int
) -> None:
    journal = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"journal-v{version}.sqlite", journal)
    before = sqlite3.connect(journal)
    old = {table: _rows(before, table) for table in TABLES_BY_VERSION[version]}
    before.close()
    assert run("--db", str(journal), "list").code == 0
    after = sqlite3.connect(journal)
    assert after.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert after.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for table, rows in old.items():
        upgraded = _rows(after, table)
        assert len(upgraded) == len(rows), table
        for was, now in zip(rows, upgraded, strict=True):
            added = {k: v for k, v in now.items() if k not in was}
            assert {k: now[k] for k in was} == was, table
            expected = {k: v for k, v in ADDED_COLUMNS.get(table, {}).items() if k not in was}
            if "follow_up_closed_on" in expected:
                expected["follow_up_closed_on"] = CLOSED_ON_UPGRADE.get(int(str(now["id"])))
            if table == "entry_triggers":  # each carries its entry's day, kind and liveness
                entry = next(e for e in old["entries"] if e["id"] == was["entry_id"])
                expected = {
                    "occurred_on": entry["occurred_on"],
                    "kind": entry["kind"],
                    "live": int(entry["deleted_at"] is None),
                }
            assert added == expected, table
    # Only schema 5 kept earlier versions: edits before it kept none.
    revisions = after.execute("SELECT count(*) FROM entry_revisions").fetchone()[0]
    assert revisions == (1 if version >= 5 else 0)
    backups = list(tmp_path.glob(f"old.schema{version}-*.backup.sqlite"))
    assert len(backups) == 1 and mode(backups[0]) == 0o600
    backup = sqlite3.connect(backups[0])
    assert backup.execute("PRAGMA user_version").fetchone()[0] == version
    assert {table: _rows(backup, table) for table in old} == old


def test_a_schema_4_journal_keeps_its_imports_and_its_first_edit_starts_the_history(
    tmp_path: Path, run: Runner
) -> None:
    journal = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "journal-v4.sqlite", journal)
    imported = json.loads(run("--db", str(journal), "show", "4", "--json").out)
    assert (imported["to_classify"], imported["import_key"]) == (True, "jrnl:5f0c2a91")
    assert imported["version"] == 1
    # Entry 1 was edited before versions were kept: its history starts from that wording.
    shown = run("--db", str(journal), "show", "1").out
    assert "2026-04-05T12:00:00+01:00, before earlier versions were kept" in shown
    assert run("--db", str(journal), "edit", "1", "--severity", "2").code == 0
    history = json.loads(run("--db", str(journal), "show", "1", "--history", "--json").out)
    first, current = history["versions"]
    assert first["written_at"] == "2026-04-05T12:00:00+01:00"  # the untracked edit's wording
    assert (first["severity"], current["severity"]) == (4, 2)
    assert current["changes"] == [{"field": "severity", "before": 4, "after": 2}]


def test_a_schema_5_journal_keeps_its_history_and_reads_which_follow_ups_were_answered(
    tmp_path: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "journal-v5.sqlite", journal)
    history = json.loads(run("--db", str(journal), "show", "2", "--history", "--json").out)
    first = history["versions"][0]
    assert first["situation"] == "Told Harbor the smaller plan fits."
    # Entry 1's note came on its follow-up date: answered. Entry 5's came before: still due.
    monkeypatch.setenv("JOURNAL_TODAY", "2026-06-01")
    due = json.loads(run("--db", str(journal), "list", "--due", "--json").out)
    assert [entry["id"] for entry in due] == [5]


@pytest.mark.parametrize("version", FIXTURE_VERSIONS)
def test_a_failing_upgrade_of_any_schema_leaves_it_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: int
) -> None:
    from journal import db, migrations

    journal = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"journal-v{version}.sqlite", journal)
    before = journal.read_bytes()
    broken = migrations.Migration(LATEST_VERSION + 1, "broken", "SELECT nope;")
    monkeypatch.setattr(db, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    monkeypatch.setattr(db, "LATEST_VERSION", LATEST_VERSION + 1)
    with pytest.raises(Exception, match="could not be used"):
        db.open_journal(journal)
    assert journal.read_bytes() == before
    assert len(list(tmp_path.glob(f"old.schema{version}-*.backup.sqlite"))) == 1
