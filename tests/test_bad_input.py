"""Each bad input: one line on stderr naming the problem, exit status 2, nothing written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Adder, Runner, snapshot

BAD_INPUTS: list[tuple[list[str], str]] = [
    (["add", "x", "-t", "no-such-trigger"], "journal triggers add"),
    (["add", "x", "--severity", "7"], "1 to 5"),
    (["add", "x", "--severity", "0"], "1 to 5"),
    (["add", "x", "--severity", "high"], "1 to 5"),
    (["add", "x", "--pressure", "6"], "1 to 5"),
    (["add", ""], "situation is empty"),
    (["add", "   "], "situation is empty"),
    (["add", "x", "--date", "tomorrow"], "in the future"),
    (["add", "x", "--date", "2027-01-01"], "in the future"),
    (["add", "x", "--date", "someday soon"], "could not read the date"),
    (["add", "x", "--date", "2026-02-30"], "could not read the date"),
    (["add", "x", "--date", "0000-00-00"], "could not read the date"),
    (["add", "x", "--follow-up", "whenever"], "could not read the date"),
    (["add", "x", "--kind", "oops"], "invalid choice"),
    (["add", "x", "--control", "yours"], "invalid choice"),
    (["add", "x", "--recovery", "maybe"], "invalid choice"),
    (["add", "bell \x07 inside"], "control character"),
    (["add", "x" * 20_001], "at most 20,000"),
    (["add", "x", "--customer", "y" * 20_001], "at most 20,000"),
    (["show", "99"], "no entry 99"),
    (["show", "abc"], "positive whole number"),
    (["edit", "99", "--severity", "2"], "no entry 99"),
    (["edit", "1", "--date", "next friday"], "in the future"),
    (["edit", "1", "--situation", ""], "situation is empty"),
    (["edit", "1", "-t", "nope"], "unknown trigger"),
    (["note", "99", "later"], "no entry 99"),
    (["note", "1", "  "], "note is empty"),
    (["delete", "99"], "no entry 99"),
    (["restore", "1"], "not in the trash"),
    (["list", "--quarter", "2026-Q5"], "quarter"),
    (["list", "--quarter", "soon"], "quarter"),
    (["list", "--from", "yesterday-ish"], "could not read the date"),
    (["list", "--from", "2026-11-01", "--to", "2026-10-01"], "swap them"),
    (["list", "--trigger", "nope"], "unknown trigger"),
    (["list", "-n", "-3"], "whole number"),
    (["checkin", "--clean", "--slips"], "not allowed with"),
    (["checkin", "--date", "tomorrow"], "in the future"),
    (["triggers", "add", "Bad Id!", "--category", "c", "--description", "d"], "lowercase"),
    (["triggers", "add", "quota-behind", "--category", "c", "--description", "d"], "exists"),
    (["triggers", "add", "new-one", "--category", " ", "--description", "d"], "empty"),
    (["triggers", "rename", "nope", "Name"], "no trigger"),
    (["triggers", "retire", "nope"], "no trigger"),
    (["triggers", "frobnicate"], "invalid choice"),
    (["demo", "--entries", "0"], "at least 1"),
    (["add", "x", "-t", "quota-behind", "--followed", "yes"], "no commitment is running"),
    (["edit", "1", "--followed", "partly"], "no commitment is running"),
    (["add", "x", "--followed", "sometimes"], "invalid choice"),
    (["review", "2026-Q5"], "quarter"),
    (["review", "FY2027-Q1"], "fiscal quarter"),
    (["review", "--commit", "quota-behind"], 'TRIGGER="what I will do"'),
    (["review", "--commit", "no-such=do better"], "unknown trigger"),
    (["review", "--commit", "quota-behind=x\x07"], "control character"),
    (
        ["review", "--commit", "a=1", "--commit", "b=2", "--commit", "c=3", "--commit", "d=4"],
        "too many",
    ),
    (["review", "--judge", "1=maybe"], "kept, partly or broken"),
    (["review", "--judge", "x=kept"], "kept, partly or broken"),
    (["review", "last", "--judge", "99=kept"], "was not made for"),
    (["review", "--reflection", "bell \x07"], "control character"),
    (["patterns", "--quarter", "next year"], "quarter"),
    (["patterns", "--from", "2026-11-01", "--to", "2026-10-01"], "swap them"),
    (["patterns", "--to", "2026-10-01"], "needs a --from"),
    (["patterns", "--quarter", "this", "--from", "2026-10-01"], "not both"),
    (["export"], "say which format"),
    (["export", "--format", "csv", "--patterns-only"], "csv holds only entries"),
    (["export", "--format", "md", "--quarter", "2026-Q5"], "quarter"),
    (["export", "--format", "md", "--trigger", "nope"], "unknown trigger"),
    (["export", "--format", "md", "--from", "2026-11-01", "--to", "2026-10-01"], "swap them"),
    (["export", "--format", "md", "--to", "2026-10-01"], "needs a --from"),
    (["export", "--format", "md", "-o", "/"], "is a folder"),
    (["export", "--format", "md", "-o", "/proc/no-such/x.md"], "cannot write in"),
    (["export", "--format", "docx"], "invalid choice"),
    (["import", "/no-such-folder/file.json"], "there is no file"),
    (["import", "/"], "is a folder"),
    (["import", "x.csv", "--format", "xml"], "invalid choice"),
    (["import", "/etc/passwd", "--format", "csv", "--map", "x"], "THEIR_COLUMN=FIELD"),
    (["import", "/etc/passwd", "--format", "csv", "--map", "x=colour"], "THEIR_COLUMN=FIELD"),
    (["import", "/etc/passwd", "--format", "jrnl", "--map", "a=situation"], "--map is for csv"),
    (["frobnicate"], "invalid choice"),
]


@pytest.mark.parametrize(("args", "expected"), BAD_INPUTS, ids=lambda v: str(v)[:40])
def test_bad_input_is_refused_cleanly(
    run: Runner, db_path: Path, added: Adder, args: list[str], expected: str
) -> None:
    added("An entry that must survive", "-t", "quota-behind")
    before = snapshot(db_path)
    result = run(*args)
    assert result.code == 2, (result.out, result.err)
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert "Traceback" not in result.err
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("fiscal_year_start_month = 13\n", "fiscal_year_start_month"),
        ('fiscal_year_start_month = "oct"\n', "fiscal_year_start_month"),
        ('week_start = "someday"\n', "week_start"),
        ("default_kind = 3\n", "default_kind"),
        ("colour = 'blue'\n", "unknown setting 'colour'"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_config_is_refused(
    run: Runner, home: Path, db_path: Path, content: str, expected: str
) -> None:
    (home / "config.toml").write_text(content)
    result = run("add", "x")
    assert result.code == 2
    assert expected in result.err and len(result.err.strip().splitlines()) == 1
    assert snapshot(db_path) == []


def test_a_file_that_is_not_sqlite_is_refused(run: Runner, home: Path) -> None:
    notes = home / "notes.txt"
    notes.write_text("my shopping list\n" * 20)
    before = notes.read_bytes()
    result = run("--db", str(notes), "add", "x")
    assert result.code == 2 and "not a SQLite database" in result.err
    assert notes.read_bytes() == before


def test_another_programs_sqlite_is_refused(run: Runner, home: Path) -> None:
    other = home / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE cookies (name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = run("--db", str(other), "list")
    assert result.code == 2 and "another program's SQLite database" in result.err
    assert other.read_bytes() == before


def test_a_truncated_journal_is_refused(run: Runner, home: Path, added: Adder) -> None:
    for number in range(50):
        added(f"Entry {number} " + "words " * 50)
    source = Path(run("config").out.split("journal      ")[1].split()[0])
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    broken = home / "broken.sqlite"
    broken.write_bytes(source.read_bytes()[:6000])
    result = run("--db", str(broken), "list", "-n", "0")
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1


def test_a_folder_that_cannot_be_written(run: Runner, home: Path) -> None:
    blocker = home / "a-file"
    blocker.write_text("not a folder")
    result = run("--db", str(blocker / "journal.sqlite"), "add", "x")
    assert result.code == 2
    assert "cannot create" in result.err and len(result.err.strip().splitlines()) == 1


def test_a_read_only_folder(run: Runner, home: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; the file-as-folder case covers this")
    locked = home / "locked"
    locked.mkdir(mode=0o500)
    result = run("--db", str(locked / "journal.sqlite"), "add", "x")
    assert result.code == 2 and "cannot create" in result.err


def test_a_folder_given_as_the_journal(run: Runner, home: Path) -> None:
    result = run("--db", str(home), "list")
    assert result.code == 2 and "is a folder" in result.err


def test_debug_shows_the_traceback(run_process: Runner) -> None:
    plain = run_process("show", "99")
    assert plain.code == 2 and "Traceback" not in plain.err
    debug = run_process("--debug", "show", "99")
    assert debug.code == 2 and "Traceback" in debug.err and "no entry 99" in debug.err


def test_bad_utf8_on_stdin(run_process: Runner, db_path: Path) -> None:
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-m", "journal", "add"],
        input=b"\xff\xfe broken",
        capture_output=True,
    )
    assert completed.returncode == 2
    assert b"not valid UTF-8" in completed.stderr
    assert snapshot(db_path) == []


def test_emoji_and_right_to_left_text_are_kept(run: Runner) -> None:
    text = "Told the client 🙂 — שלום עליכם — «résumé» ünïcödé"
    assert run("add", text, "--customer", "مطعم").code == 0
    import json

    shown = json.loads(run("show", "1", "--json").out)
    assert shown["situation"] == text and shown["customer"] == "مطعم"
