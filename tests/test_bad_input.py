"""Each bad input: one line on stderr naming the problem, exit status 2, nothing written."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from journal.cli import main
from journal.db import open_journal
from journal.records import EntryFields
from journal.services import entries as entry_service
from tests.conftest import Adder, Result, Runner, snapshot

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
    (["triggers", "add", "!!!", "--category", "c", "--description", "d"], "lowercase"),
    (["triggers", "add", "quota-behind", "--category", "c", "--description", "d"], "exists"),
    (["triggers", "add", "new-one", "--name", " "], "empty"),
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
    # Numbers beyond what SQLite holds (OverflowError, exit 1, before) or not decimal at all.
    (["show", "99999999999999999999"], "positive whole number (up to 9,223,372,036,854,775,807)"),
    (["show", "9223372036854775808"], "positive whole number"),
    (["show", "²"], "positive whole number"),
    (["show", "0"], "positive whole number"),
    (["show", "-1"], "positive whole number"),
    (["show", "1e3"], "positive whole number"),
    (["edit", "99999999999999999999", "--severity", "2"], "positive whole number"),
    (["note", "99999999999999999999", "later"], "positive whole number"),
    (["delete", "99999999999999999999"], "positive whole number"),
    (["restore", "99999999999999999999"], "positive whole number"),
    (["delete", "9223372036854775807"], "no entry 9223372036854775807"),
    (["list", "-n", "99999999999999999999"], "whole number up to 9,223,372,036,854,775,807"),
    (["list", "-n", "³"], "whole number up to"),
    (["add", "x", "--severity", "99999999999999999999"], "1 to 5"),
    (["add", "x", "--pressure", "5.0"], "1 to 5"),
    (["add", "x", "--severity", "²"], "1 to 5"),
    (["review", "--judge", "99999999999999999999=kept"], "a commitment id and kept"),
    (["review", "--judge", "²=kept"], "a commitment id and kept"),
    (["demo", "--entries", "99999999999999999999"], "at most 200,000"),
    (["demo", "--entries", "200001"], "at most 200,000"),
    (["demo", "--seed", "x"], "invalid int value"),
    (["import", "/dev/null", "--format", "csv"], "is a device"),
    (["edit", "1"], "nothing to change in entry 1"),
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
    assert not result.err.startswith("journal: journal")  # one prefix, the command's
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


# === The tables below: each group of bad input, one row per case ===========================
#
# A refusal is one line on stderr, exit status 2, and the journal as it was. Emoji and
# right-to-left text are not bad input: they are kept byte for byte and shown as written.

TEN_MB = "x" * (10 * 1024 * 1024)


def assert_refused(result: Result, *expected: str) -> None:
    """One line on stderr naming the problem, status 2, no traceback."""
    assert result.code == 2, (result.code, result.out[:200], result.err[:500])
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err[:1000]
    assert "Traceback" not in result.err
    for words in expected:
        assert words in lines[0], (words, lines[0])


# --- 1. CLI text: huge, control characters, invalid UTF-8 ----------------------------------

TEXT_REFUSED = [
    pytest.param(["add", "-"], TEN_MB, "longer than 20,000 characters", id="add-stdin-10MB"),
    pytest.param(["add"], TEN_MB, "a field holds at most 20,000", id="add-no-text-stdin-10MB"),
    pytest.param(["add", TEN_MB], None, "at most 20,000", id="add-argument-10MB"),
    pytest.param(["add", "x", "--impact", TEN_MB], None, "at most 20,000", id="add-impact-10MB"),
    pytest.param(["note", "1", "-"], TEN_MB, "at most 20,000", id="note-stdin-10MB"),
    pytest.param(["note", "1", TEN_MB], None, "at most 20,000", id="note-argument-10MB"),
    pytest.param(["edit", "1", "--situation", TEN_MB], None, "at most 20,000", id="edit-10MB"),
    pytest.param(["review", "--reflection", TEN_MB], None, "at most 20,000", id="reflection-10MB"),
    pytest.param(["add", "-"], "nul \x00 inside", "U+0000", id="add-stdin-nul"),
    pytest.param(["note", "1", "-"], "learned \x00", "U+0000", id="note-stdin-nul"),
    pytest.param(["add", "red \x1b[31m alert"], None, "U+001B", id="add-escape"),
    pytest.param(["add", "rub out \x7f"], None, "U+007F", id="add-delete-char"),
    pytest.param(["add", "x", "--customer", "\x1b]0;title\x07"], None, "U+001B", id="customer-osc"),
    pytest.param(["add", "x", "--recovery-note", "a\x1fb"], None, "U+001F", id="recovery-note-us"),
    pytest.param(["note", "1", "typo\x08"], None, "U+0008", id="note-backspace"),
    pytest.param(["edit", "1", "--next-time", "page\x0cbreak"], None, "U+000C", id="edit-formfeed"),
    pytest.param(["review", "--stop", "\x1b[2J"], None, "U+001B", id="review-stop-escape"),
    pytest.param(
        ["triggers", "add", "new-one", "--category", "c", "--description", "\x1b[2J"],
        None,
        "one line",
        id="trigger-description-escape",
    ),
    pytest.param(
        ["triggers", "rename", "quota-behind", "Quota\x7f"], None, "one line", id="trigger-name-del"
    ),
    # C1 controls, refused like C0: U+009B is CSI (ESC [ in one character), U+0085 next line.
    pytest.param(["add", "red \x9b31m alert"], None, "U+009B", id="add-c1-csi"),
    pytest.param(["add", "-"], "red \x9b31m alert", "U+009B", id="add-stdin-c1-csi"),
    pytest.param(["add", "x", "--customer", "North\x85wind"], None, "U+0085", id="customer-c1-nel"),
    pytest.param(["add", "x", "--impact", "\x80"], None, "U+0080", id="impact-c1-first"),
    pytest.param(["add", "x", "--next-time", "\x9f"], None, "U+009F", id="next-time-c1-last"),
    pytest.param(["note", "1", "\x90 device control"], None, "U+0090", id="note-c1-dcs"),
    pytest.param(["edit", "1", "--situation", "\x9d osc"], None, "U+009D", id="edit-c1-osc"),
    pytest.param(["review", "--reflection", "\x9b2J"], None, "U+009B", id="reflection-c1"),
    pytest.param(["review", "--commit", "quota-behind=a\x9bb"], None, "U+009B", id="plan-c1"),
    pytest.param(
        ["triggers", "add", "new-one", "--category", "c", "--description", "\x9b2J"],
        None,
        "one line",
        id="trigger-description-c1",
    ),
    pytest.param(
        ["triggers", "rename", "quota-behind", "Quo\x85ta"], None, "one line", id="trigger-c1"
    ),
]


@pytest.mark.parametrize(("args", "stdin", "expected"), TEXT_REFUSED)
def test_text_is_refused(
    run: Runner, db_path: Path, added: Adder, args: list[str], stdin: str | None, expected: str
) -> None:
    added("An entry that must survive", "-t", "quota-behind")
    before = snapshot(db_path)
    assert_refused(run(*args, stdin=stdin), expected)
    assert snapshot(db_path) == before


BAD = b"caf\xe9 \xff\xfe"  # Latin-1 and stray bytes: not UTF-8

BAD_UTF8 = [
    pytest.param([b"add", BAD], None, "situation is not valid UTF-8", id="add-argument"),
    pytest.param([b"add", b"x", b"--customer", BAD], None, "customer is not", id="add-customer"),
    pytest.param([b"add", b"x", b"--impact", BAD], None, "impact is not valid", id="add-impact"),
    pytest.param([b"note", b"1", BAD], None, "note is not valid UTF-8", id="note-argument"),
    pytest.param([b"edit", b"1", b"--situation", BAD], None, "not valid UTF-8", id="edit"),
    pytest.param([b"list", b"--customer", BAD], None, "not valid UTF-8", id="list-customer"),
    pytest.param([b"list", b"--quarter", BAD], None, "could not read the quarter", id="quarter"),
    pytest.param([b"add", b"x", b"--date", BAD], None, "could not read the date", id="date"),
    pytest.param(
        [b"triggers", b"add", b"new-one", b"--category", BAD, b"--description", b"d"],
        None,
        "category is not valid UTF-8",
        id="trigger-category",
    ),
    pytest.param(
        [
            b"triggers",
            b"add",
            b"new-one",
            b"--category",
            b"c",
            b"--description",
            b"d",
            b"--name",
            BAD,
        ],
        None,
        "name is not valid UTF-8",
        id="trigger-name",
    ),
    pytest.param(
        [b"triggers", b"rename", b"quota-behind", BAD], None, "not valid UTF-8", id="rename"
    ),
    pytest.param([b"triggers", b"retire", BAD], None, "no trigger", id="retire-unknown-id"),
    pytest.param([b"review", b"--reflection", BAD], None, "not valid UTF-8", id="reflection"),
    pytest.param(
        [b"review", b"--commit", b"quota-behind=" + BAD], None, "not valid UTF-8", id="commit"
    ),
    pytest.param([b"add", b"-"], b"\xff\xfe broken", "not valid UTF-8", id="add-stdin"),
    pytest.param([b"add"], b"Caf\xe9 au lait", "not valid UTF-8", id="add-stdin-latin-1"),
    pytest.param([b"note", b"1", b"-"], b"\xc3", "not valid UTF-8", id="note-stdin-cut-char"),
]


def _stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Standard input as a terminal or pipe gives it: text over a byte buffer."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize(("args", "stdin", "expected"), BAD_UTF8)
def test_invalid_utf8_is_refused(
    db_path: Path,
    added: Adder,
    monkeypatch: pytest.MonkeyPatch,
    args: list[bytes],
    stdin: bytes | None,
    expected: str,
) -> None:
    """In-process, as a real process sees it: arguments decoded with surrogateescape, and
    stdout and stderr that write what cannot be encoded as escapes (Python's own stderr)."""
    added("An entry that must survive", "-t", "quota-behind")
    before = snapshot(db_path)
    _stdin_bytes(monkeypatch, stdin or b"")
    out, err = io.BytesIO(), io.BytesIO()
    for name, buffer in (("stdout", out), ("stderr", err)):
        stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="backslashreplace")
        monkeypatch.setattr(sys, name, stream)
    code = main([os.fsdecode(arg) for arg in args])
    sys.stdout.flush()
    sys.stderr.flush()
    result = Result(code, out.getvalue().decode(), err.getvalue().decode())
    assert_refused(result, expected)
    assert snapshot(db_path) == before


def run_bytes(*args: bytes, stdin: bytes = b"") -> Result:
    """`python -m journal ARGS` with arguments and input as raw bytes, as a shell passes them."""
    completed = subprocess.run(
        [sys.executable.encode(), b"-m", b"journal", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
    )
    return Result(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        ([b"add", BAD], b"", "situation is not valid UTF-8"),
        ([b"list", b"--customer", BAD], b"", "not valid UTF-8"),
        ([b"triggers", b"rename", b"quota-behind", BAD], b"", "not valid UTF-8"),
        ([b"add", b"-"], b"\xff\xfe broken", "not valid UTF-8"),
        ([b"add", b"x" * 100_000], b"", "at most 20,000"),  # an argument as long as Linux allows
    ],
    ids=["argument", "list-customer", "trigger-rename", "stdin", "argument-100KB"],
)
def test_invalid_utf8_from_a_real_shell(
    db_path: Path, added: Adder, args: list[bytes], stdin: bytes, expected: str
) -> None:
    added("An entry that must survive", "-t", "quota-behind")
    before = snapshot(db_path)
    assert_refused(run_bytes(*args, stdin=stdin), expected)
    assert snapshot(db_path) == before


KEPT_TEXT = [
    pytest.param("Told the client 🙂 and got 👍🏽 back", id="emoji-skin-tone"),
    # written with escapes so the joiners (U+200D) are plain to see
    pytest.param("The team 👩\u200d👩\u200d👧\u200d👦, the dev 👩🏽\u200d💻", id="emoji-zwj"),
    pytest.param("Flags 🇩🇪 🇯🇵 and a heart ❤️", id="flags-variation-selector"),
    pytest.param(
        "Cafe\u0301, man\u0303ana, na\u0308ive (combining marks, not NFC)", id="combining"
    ),
    pytest.param("שלום עליכם, הלקוח חיכה שבוע", id="hebrew"),
    pytest.param("مرحبا بالعالم، العميل انتظر أسبوعا", id="arabic"),
    pytest.param("Told Northwind שלום and مرحبا on 2026-03-05 (3 calls)", id="mixed-direction"),
    pytest.param("\u200fמחיר\u200e 12% \u2067עברית\u2069 marks", id="direction-marks"),  # noqa: RUF001
    pytest.param("顧客の成果より自分の数字を優先した 𝒳 𝔸", id="cjk-astral"),  # noqa: RUF001
    pytest.param("Two lines\n\twith a tab, kept", id="tab-newline"),
]


@pytest.mark.parametrize("text", KEPT_TEXT)
def test_text_in_any_script_is_kept_and_shown(run: Runner, db_path: Path, text: str) -> None:
    by_argument = run("add", text, "--customer", text.splitlines()[0][:80])
    by_stdin = run("add", "-", stdin=text)
    assert by_argument.code == by_stdin.code == 0, (by_argument.err, by_stdin.err)
    for entry_id in (by_argument.out.strip(), by_stdin.out.strip()):
        shown = json.loads(run("show", entry_id, "--json").out)
        assert shown["situation"] == text
        assert run("show", entry_id).out.count(text.splitlines()[0]) >= 1
    assert json.loads(run("show", "1", "--json").out)["customer"] == text.splitlines()[0][:80]
    stored = sqlite3.connect(db_path).execute("SELECT situation FROM entries").fetchall()
    assert [row[0].encode("utf-8") for row in stored] == [text.encode("utf-8")] * 2
    listed = run("list")
    assert listed.code == 0 and text.splitlines()[0] in listed.out
    assert [e["situation"] for e in json.loads(run("list", "--json").out)] == [text, text]


def test_text_in_any_script_through_a_real_process(run_process: Runner) -> None:
    text = "Told Northwind שלום, مرحبا 👩🏽\u200d💻 e\u0301"
    assert run_process("add", text).code == 0
    shown = run_process("list")
    assert shown.code == 0 and text in shown.out


# --- 2. Search: SQL and FTS5 syntax are searched for as words ------------------------------

SEARCH_ENTRIES = {
    "northwind": ("Told Northwind the bundle fits", "Northwind"),
    "operators": ("Sales said it was near enough and moved on, or not at all", "Contoso"),
    "sql": ("Someone typed drop table entries into the CRM notes", "100% Fabrikam_Ltd"),
}
THOUSAND_WORDS = " ".join(["told"] * 1000)
THOUSAND_OTHERS = " ".join(f"w{number}" for number in range(1000))

# (what is typed, the entries it finds): words are found where they are written, the rest
# of the syntax is nothing to look for.
SEARCHES = [
    pytest.param('"', [], id="quote"),
    pytest.param('""', [], id="two-quotes"),
    pytest.param("*", [], id="star"),
    pytest.param("NEAR", ["operators"], id="NEAR"),
    pytest.param("NEAR(", ["operators"], id="NEAR-paren"),
    pytest.param(")", [], id="close-paren"),
    pytest.param("(", [], id="open-paren"),
    pytest.param("AND", ["operators"], id="AND"),
    pytest.param("OR NOT", ["operators"], id="OR-NOT"),
    pytest.param("NOT northwind", [], id="NOT-is-a-word"),
    pytest.param("-", [], id="hyphen"),
    pytest.param("-northwind", ["northwind"], id="minus-is-not-negation"),
    pytest.param("^", [], id="caret"),
    pytest.param("'; DROP TABLE entries; --", ["sql"], id="sql-injection"),
    pytest.param("%", [], id="percent"),
    pytest.param("_", [], id="underscore"),
    pytest.param("\\", [], id="backslash"),
    pytest.param('northwind"', ["northwind"], id="unbalanced-quote"),
    pytest.param("north*", ["northwind"], id="prefix-star"),
    pytest.param("northwind:", ["northwind"], id="column-colon"),
    pytest.param("situation:told", [], id="column-filter-is-words"),
    pytest.param("{told} +bundle", ["northwind"], id="braces-plus"),
    pytest.param(THOUSAND_WORDS, ["northwind"], id="1000-words"),
    pytest.param(THOUSAND_OTHERS, [], id="1000-other-words"),
]


@pytest.fixture
def searchable(added: Adder) -> dict[str, int]:
    return {
        key: added(text, "--customer", customer) for key, (text, customer) in SEARCH_ENTRIES.items()
    }


def _found(run: Runner, *args: str) -> set[int]:
    result = run("list", *args, "--json")
    assert result.code == 0 and result.err == "", result.err
    return {entry["id"] for entry in json.loads(result.out)}


@pytest.mark.parametrize(("typed", "finds"), SEARCHES)
def test_search_syntax_is_never_an_error(
    run: Runner, db_path: Path, searchable: dict[str, int], typed: str, finds: list[str]
) -> None:
    before = snapshot(db_path)
    # --search=TEXT: a word starting with "-" would otherwise be read as an option
    assert _found(run, f"--search={typed}") == {searchable[key] for key in finds}
    plain = run("list", f"--search={typed}")
    assert plain.code == 0 and plain.err == ""
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("typed", "finds"),
    [
        pytest.param("%", ["sql"], id="percent-is-literal"),
        pytest.param("_", ["sql"], id="underscore-is-literal"),
        pytest.param("o%n", [], id="percent-inside"),
        pytest.param("\\", [], id="backslash"),
        pytest.param("'", [], id="apostrophe"),
        pytest.param("fabrikam_ltd", ["sql"], id="any-case"),
    ],
)
def test_customer_filter_takes_like_syntax_literally(
    run: Runner, searchable: dict[str, int], typed: str, finds: list[str]
) -> None:
    assert _found(run, f"--customer={typed}") == {searchable[key] for key in finds}


# --- 3. Dates -------------------------------------------------------------------------------

UNREADABLE = "could not read the date"
DATES_REFUSED = [
    pytest.param(["add", "x", "--date", "0000-00-00"], UNREADABLE, id="add-0000-00-00"),
    pytest.param(["add", "x", "--date", "2026-02-30"], UNREADABLE, id="add-feb-30"),
    pytest.param(["add", "x", "--date", "2026-13-01"], UNREADABLE, id="add-month-13"),
    pytest.param(["add", "x", "--date", "9999-99-99"], UNREADABLE, id="add-9999-99-99"),
    pytest.param(["add", "x", "--date", "-1"], UNREADABLE, id="add-minus-1"),
    pytest.param(["add", "x", "--date", "1.5"], UNREADABLE, id="add-1.5"),
    pytest.param(["add", "x", "--date", "jan"], UNREADABLE, id="add-month-alone"),
    pytest.param(["add", "x", "--date", ""], "the date is empty", id="add-empty"),
    pytest.param(["add", "x", "--date", "2026-02-29"], UNREADABLE, id="add-feb-29-not-leap"),
    pytest.param(["add", "x", "--date", "1899-12-31"], "outside the years 1900", id="add-1899"),
    pytest.param(["add", "x", "--date", "3000-01-01"], "in the future", id="add-far-future"),
    pytest.param(["add", "x", "--date", "99999 days ago"], "outside the years", id="add-99999-ago"),
    pytest.param(["add", "x", "--follow-up", "0000-00-00"], UNREADABLE, id="follow-up-0000"),
    pytest.param(["add", "x", "--follow-up", "2026-02-30"], UNREADABLE, id="follow-up-feb-30"),
    pytest.param(["add", "x", "--follow-up", "-1"], UNREADABLE, id="follow-up-minus-1"),
    pytest.param(["add", "x", "--follow-up", ""], "the date is empty", id="follow-up-empty"),
    pytest.param(
        ["add", "x", "--follow-up", "9999-12-31"], "outside the years", id="follow-up-9999"
    ),
    pytest.param(["edit", "1", "--date", ""], "the date is empty", id="edit-date-empty"),
    pytest.param(["checkin", "--date", ""], "the date is empty", id="checkin-empty"),
    pytest.param(["checkin", "--date", "2026-02-30"], UNREADABLE, id="checkin-feb-30"),
    pytest.param(["list", "--from", "2026-13-01"], UNREADABLE, id="list-from-month-13"),
    pytest.param(["list", "--from", "-1"], UNREADABLE, id="list-from-minus-1"),
    pytest.param(["list", "--from", ""], "the date is empty", id="list-from-empty"),
    pytest.param(["list", "--to", ""], "the date is empty", id="list-to-empty"),
    pytest.param(["list", "--from", "2026-02-29"], UNREADABLE, id="list-from-feb-29"),
    pytest.param(["list", "--quarter", ""], "could not read the quarter", id="list-quarter-empty"),
    pytest.param(["review", "0000-00-00"], "could not read the quarter", id="review-0000-00-00"),
    pytest.param(["review", "2026-02-30"], "could not read the quarter", id="review-feb-30"),
    pytest.param(["review", ""], "could not read the quarter", id="review-empty"),
    pytest.param(["review", "2026-Q0"], "Q1 to Q4", id="review-Q0"),
    pytest.param(["review", "1900-Q1"], "outside 1901 to 9998", id="review-1900"),
    pytest.param(["review", "9999-Q4"], "outside 1901 to 9998", id="review-9999"),
    pytest.param(
        ["export", "--format", "json", "--from", "9999-99-99"], UNREADABLE, id="export-9999"
    ),
    pytest.param(["export", "--format", "json", "--from", "-1"], UNREADABLE, id="export-minus-1"),
    pytest.param(
        ["export", "--format", "md", "--from", ""], "the date is empty", id="export-empty"
    ),
    pytest.param(
        ["export", "--format", "md", "--from", "2026-01-01", "--to", ""],
        "the date is empty",
        id="export-to-empty",
    ),
    pytest.param(
        ["export", "--format", "md", "--quarter", ""], "quarter", id="export-quarter-empty"
    ),
    pytest.param(["patterns", "--from", ""], "the date is empty", id="patterns-from-empty"),
]


@pytest.mark.parametrize(("args", "expected"), DATES_REFUSED)
def test_bad_dates_are_refused(
    run: Runner, db_path: Path, added: Adder, args: list[str], expected: str
) -> None:
    added("An entry that must survive", "-t", "quota-behind")
    before = snapshot(db_path)
    result = run(*args)
    assert_refused(result, expected)
    assert result.out == ""  # no half-made export or listing on stdout either
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("args", "column", "stored"),
    [
        # The years 1900 to 9998 are the supported range (journal.dates); an old date is
        # unusual but a real date, and a far follow-up is the person's choice.
        pytest.param(["--date", "1900-01-01"], "occurred_on", "1900-01-01", id="date-1900"),
        pytest.param(["--date", "2024-02-29"], "occurred_on", "2024-02-29", id="date-leap-day"),
        pytest.param(["--date", "12/25/2025"], "occurred_on", "2025-12-25", id="date-us-slashes"),
        pytest.param(["--follow-up", "9998-12-31"], "follow_up_on", "9998-12-31", id="follow-9998"),
        pytest.param(["--follow-up", "2028-02-29"], "follow_up_on", "2028-02-29", id="follow-leap"),
    ],
)
def test_edge_dates_that_are_real_are_kept(
    run: Runner, db_path: Path, args: list[str], column: str, stored: str
) -> None:
    assert run("add", "x", *args).code == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute(f"SELECT {column} FROM entries").fetchall() == [(stored,)]
    conn.close()


# --- 4. Journal files ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_journal(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A journal of some pages (in WAL mode, as journal keeps it), checkpointed into one file."""
    source = tmp_path_factory.mktemp("good") / "journal.sqlite"
    conn = open_journal(source)
    for number in range(30):
        situation = f"Entry {number} " + "words " * 40
        entry_service.add(conn, EntryFields(situation=situation), today=date(2026, 11, 22))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return source.read_bytes()


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cookies (host TEXT, name TEXT, value TEXT)")
    conn.execute("INSERT INTO cookies VALUES ('example.com', 'id', '42')")
    conn.commit()
    conn.close()


def _newer_schema(good: bytes, path: Path) -> None:
    path.write_bytes(good)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


def _random_bytes(count: int) -> bytes:
    import random

    return random.Random(count).randbytes(count)  # the same bytes on every run


DAMAGED = "is damaged or not a journal"
# (how the file is made from a good journal's bytes, what the refusal says)
BAD_JOURNAL_FILES = [
    pytest.param(lambda good: good[:16], DAMAGED, id="header-only"),
    pytest.param(lambda good: good[:100], DAMAGED, id="cut-after-100-bytes"),
    pytest.param(lambda good: good[:4096], DAMAGED, id="first-page-only"),
    pytest.param(lambda good: good[: len(good) // 2], DAMAGED, id="cut-in-half"),
    pytest.param(lambda good: good[:100] + _random_bytes(20_000), DAMAGED, id="header-then-random"),
    pytest.param(
        lambda good: good[:4096] + _random_bytes(len(good) - 4096), DAMAGED, id="page-then-random"
    ),
    pytest.param(
        lambda good: good[:8192] + _random_bytes(8192) + good[16384:],
        DAMAGED,
        id="random-pages-inside",
    ),
    pytest.param(lambda good: b"\0" * 8192, "not a SQLite database", id="zeros"),
    pytest.param(lambda good: b"my shopping list\n" * 20, "not a SQLite database", id="text-file"),
    pytest.param(lambda good: _random_bytes(5000), "not a SQLite database", id="random-bytes"),
]


@pytest.mark.parametrize("command", [["list"], ["add", "x"], ["export", "--format", "json"]])
@pytest.mark.parametrize(("make", "expected"), BAD_JOURNAL_FILES)
def test_a_damaged_journal_is_refused_untouched(
    run: Runner,
    home: Path,
    good_journal: bytes,
    make: Callable[[bytes], bytes],
    expected: str,
    command: list[str],
) -> None:
    folder = home / "damaged"
    folder.mkdir()
    path = folder / "journal.sqlite"
    data = make(good_journal)
    path.write_bytes(data)
    assert_refused(run("--db", str(path), *command), expected, str(path))
    assert path.read_bytes() == data
    assert sorted(p.name for p in folder.iterdir()) == ["journal.sqlite"]  # no -wal, no backups


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(_other_program, "another program's SQLite database", id="another-program"),
        pytest.param(None, "newer version of journal", id="newer-schema"),
    ],
)
def test_a_database_that_is_not_this_journal_is_refused_untouched(
    run: Runner,
    home: Path,
    good_journal: bytes,
    make: Callable[[Path], None] | None,
    expected: str,
) -> None:
    path = home / "other.sqlite"
    if make is None:
        _newer_schema(good_journal, path)
    else:
        make(path)
    data = path.read_bytes()
    for command in (["list"], ["add", "x"], ["backup"]):
        assert_refused(run("--db", str(path), *command), expected)
    assert path.read_bytes() == data


def test_a_folder_as_the_journal_is_refused(run: Runner, home: Path) -> None:
    folder = home / "a-folder"
    folder.mkdir()
    assert_refused(run("--db", str(folder), "add", "x"), "is a folder")
    assert list(folder.iterdir()) == []


def test_an_empty_db_argument_is_refused(run: Runner, db_path: Path, added: Adder) -> None:
    # Not the default journal: `--db "$UNSET"` in a script must not write into the real one.
    added("An entry that must survive")
    before = snapshot(db_path)
    assert_refused(run("--db", "", "add", "x"), "--db is empty")
    assert snapshot(db_path) == before


def test_an_empty_file_starts_a_fresh_journal(run: Runner, home: Path) -> None:
    """A 0-byte file is what a crash right after creating a journal leaves: nothing to lose,
    so it is started afresh (and keeps its private permissions)."""
    path = home / "empty.sqlite"
    path.touch(mode=0o600)
    assert run("--db", str(path), "add", "The first entry").code == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT situation FROM entries").fetchall() == [("The first entry",)]
    conn.close()
    assert path.stat().st_mode & 0o777 == 0o600


# --- 5. Config --------------------------------------------------------------------------------

MONTHS_1_12 = "a whole number from 1 (January: calendar quarters) to 12"
WEEKDAY = "a weekday name, such as monday or sunday"
THEME = "the name of a Textual theme"
NAMES = 'a list of names in quotes, such as ["Dana Reyes", "Project Atlas"]'
BACKUPS = "a whole number of daily backups to keep, from 0 (none) to 365"
KEY_NAME = 'a key name in quotes, such as "ctrl+n"'

# (the file's bytes, then the words the one line must hold besides the file's path)
BAD_CONFIGS = [
    pytest.param(b"fiscal_year_start_month = 0", ("fiscal_year_start_month = 0", MONTHS_1_12),
                 id="fiscal-0"),
    pytest.param(b"fiscal_year_start_month = 13", ("fiscal_year_start_month = 13", MONTHS_1_12),
                 id="fiscal-13"),
    pytest.param(b'fiscal_year_start_month = "oct"', ("fiscal_year_start_month", MONTHS_1_12),
                 id="fiscal-text"),
    pytest.param(b"fiscal_year_start_month = true", ("fiscal_year_start_month", MONTHS_1_12),
                 id="fiscal-true"),
    pytest.param(b"fiscal_year_start_month = 1.5", ("fiscal_year_start_month = 1.5", MONTHS_1_12),
                 id="fiscal-1.5"),
    pytest.param(b"fiscal_year_start_month = 2026-10-01", ("fiscal_year_start_month", MONTHS_1_12),
                 id="fiscal-date"),
    pytest.param(b"week_start = 3", ("week_start = 3", WEEKDAY), id="week-start-number"),
    pytest.param(b'week_start = "funday"', ("week_start = 'funday'", WEEKDAY), id="week-funday"),
    pytest.param(b'week_start = ["monday"]', ("week_start", WEEKDAY), id="week-start-list"),
    pytest.param(b'default_kind = "maybe"', ("default_kind = 'maybe'", "slip or save"),
                 id="kind-maybe"),
    pytest.param(b"default_kind = 3", ("default_kind = 3", "slip or save"), id="kind-number"),
    pytest.param(b'theme = ""', ("theme = ''", THEME), id="theme-empty"),
    pytest.param(b'theme = "' + b"a" * 61 + b'"', ("theme", THEME), id="theme-61-chars"),
    pytest.param(b'theme = "nord\\u0000"', ("theme", THEME), id="theme-nul"),
    pytest.param(b'[keys]\nfrobnicate = "x"', ("unknown action 'frobnicate'", "new, edit"),
                 id="keys-unknown-action"),
    pytest.param(b'[keys]\nnew = ""', ("[keys] new = ''", KEY_NAME), id="keys-empty-key"),
    pytest.param(b"[keys]\nnew = 3", ("[keys] new = 3", KEY_NAME), id="keys-number"),
    pytest.param(b'[keys]\nnew = "n\\u001b"', ("[keys] new", KEY_NAME), id="keys-escape"),
    pytest.param(b'keys = "n"', ("keys = 'n'", "a table of action = key"), id="keys-not-a-table"),
    pytest.param(b'private_names = "Dana"', ("private_names = 'Dana'", NAMES),
                 id="names-not-a-list"),
    pytest.param(b"private_names = [1]", ("private_names = [1]", NAMES), id="names-number"),
    pytest.param(b'private_names = [""]', ("private_names = ['']", NAMES), id="names-empty"),
    pytest.param(b'private_names = ["Dana\\tReyes"]', ("private_names", NAMES), id="names-tab"),
    pytest.param(b"backups = -1", ("backups = -1", BACKUPS), id="backups-negative"),
    pytest.param(b"backups = 366", ("backups = 366", BACKUPS), id="backups-366"),
    pytest.param(b'backups = "weekly"', ("backups = 'weekly'", BACKUPS), id="backups-weekly"),
    pytest.param(b"backups = inf", ("backups = inf", BACKUPS), id="backups-inf"),
    pytest.param(b"backups = 99999999999999999999", ("backups = 99999999999999999999", BACKUPS),
                 id="backups-beyond-64-bits"),
    pytest.param(b"fiscal_year_start_month = -99999999999999999999",
                 ("fiscal_year_start_month", MONTHS_1_12), id="fiscal-beyond-64-bits"),
    pytest.param(b"colour = 'blue'", ("unknown setting 'colour'", "known settings: backups"),
                 id="unknown-key"),
    pytest.param(b"[display]\ntheme = 'nord'", ("unknown setting 'display'", "known settings"),
                 id="unknown-table"),
    pytest.param(b'theme = "nrod"', ("theme = 'nrod'", THEME, "nord"), id="theme-unknown"),
    pytest.param(b'theme = "' + b"x" * 100_000 + b'"', ("theme = 'xxxxxxxx", "…'", THEME),
                 id="theme-100000-chars-quoted-short"),
    pytest.param(b'theme = "nord\\u009b"', ("theme = 'nord\\x9b'", THEME), id="theme-c1-csi"),
    pytest.param(b'private_names = ["Dana\\u0085Reyes"]', ("private_names", NAMES),
                 id="names-c1-next-line"),
    pytest.param(b'[keys]\nnew = "q"', ("[keys] new = 'q' takes 'q', the key of quit",
                 "give quit another key"), id="keys-take-quit"),
    pytest.param(b'[keys]\nnew = "e"', ("takes 'e', the key of edit",), id="keys-take-edit"),
    pytest.param(b'[keys]\nnew = "n,t"', ("takes 't', the key of triggers",),
                 id="keys-second-key-taken"),
    pytest.param(b'[keys]\nnew = "x"\nhelp = "x"', ("takes 'x'",), id="keys-two-actions-one-key"),
    pytest.param(b'[keys]\nhelp = "/"', ("takes 'slash', the key of search",),
                 id="keys-slash-is-search"),
    pytest.param(b'[keys]\nnew = "j"', ("takes 'j', which moves down the list",),
                 id="keys-reserved-j"),
    pytest.param(b'[keys]\nquit = "escape"', ("takes 'escape', which closes or clears",),
                 id="keys-reserved-escape"),
    pytest.param(b'[keys]\nnew = "ctrl+p"', ("command palette",), id="keys-reserved-palette"),
    pytest.param(b'[keys]\nnew = "no such key"', ("[keys] new = 'no such key'", KEY_NAME),
                 id="keys-not-a-key-name"),
    pytest.param(b'[keys]\nnew = "n\\u009b"', ("[keys] new", KEY_NAME), id="keys-c1"),
    pytest.param(b"a = " + b"[" * 5_000 + b"]" * 5_000, ("nests lists or tables too deeply",),
                 id="nested-5000-deep"),
    pytest.param(b"x = {" + b"a = {" * 3_000 + b"}" * 3_001, ("too deeply",),
                 id="tables-nested-3000-deep"),
    pytest.param(b"# " + b"x" * (2 << 20), ("larger than 1,024 KB", "too large"),
                 id="2MB-of-comment"),
    pytest.param(b"[[", ("not valid TOML", "fix or remove it"), id="toml-broken"),
    pytest.param(b"theme = nord", ("not valid TOML", "line 1"), id="toml-unquoted"),
    pytest.param(b"backups = 7\nbackups = 8", ("not valid TOML", "fix or remove it"),
                 id="toml-twice"),
    pytest.param(b'theme = "caf\xe9"', ("not UTF-8 text", "save it as UTF-8"), id="latin-1"),
    pytest.param("theme = 'nord'".encode("utf-16"), ("not UTF-8 text", "save it as UTF-8"),
                 id="utf-16"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "expected"), BAD_CONFIGS)
def test_each_bad_setting_is_refused_in_one_line(
    run: Runner, home: Path, db_path: Path, content: bytes, expected: tuple[str, ...]
) -> None:
    config = home / "config.toml"
    config.write_bytes(content)
    for command in (["add", "x"], ["review"], ["config"]):  # each reads the settings
        assert_refused(run(*command), str(config), *expected)
    assert not db_path.exists()  # nothing written: not even a new journal
    assert config.read_bytes() == content


def test_a_folder_where_the_config_should_be(run: Runner, home: Path, db_path: Path) -> None:
    (home / "config.toml").mkdir()
    assert_refused(run("add", "x"), str(home / "config.toml"), "is a folder, not a file")
    assert not db_path.exists()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\xef\xbb\xbfbackups = 3\n", id="utf-8-byte-order-mark"),
        pytest.param(b"", id="empty-file"),
        pytest.param(b"# only a comment\n", id="only-a-comment"),
        pytest.param(b"default_kind = 'SAVE'\n", id="any-case"),
        pytest.param("private_names = ['שלום', 'Café 🙂']\n".encode(), id="names-in-any-script"),
        pytest.param(b'theme = "gruvbox"\n', id="another-textual-theme"),
        pytest.param(b'[keys]\nhelp = "?"\n', id="keys-a-character-as-itself"),
        pytest.param(b'[keys]\nnew = "e"\nedit = "n"\n', id="keys-swapped"),
        pytest.param(b'[keys]\nnew = "q"\nquit = "ctrl+x"\n', id="keys-quit-moved-first"),
        pytest.param(b'[keys]\nnew = "n,ctrl+n"\n', id="keys-its-own-key-and-another"),
    ],
)
def test_configs_that_are_fine(run: Runner, home: Path, content: bytes) -> None:
    (home / "config.toml").write_bytes(content)
    result = run("add", "x")
    assert result.code == 0, result.err


def test_the_themes_and_key_names_are_textuals_own() -> None:
    """The config checks themes and key names without importing Textual (the CLI never does):
    its lists must be Textual's."""
    import string

    from textual.keys import _character_to_key
    from textual.theme import BUILTIN_THEMES

    from journal.config import THEMES
    from journal.keymap import key_name

    assert sorted(THEMES) == sorted(BUILTIN_THEMES)
    for character in string.printable.strip() + " ":
        assert key_name(character) == _character_to_key(character), character


# --- 6. Importers -----------------------------------------------------------------------------
#
# Each file is built from two records; the bad part is in the second, so the message must name
# it ("entry 2", "line 3") and the first, good record must not be written either.

Record = dict[str, str | None]
GOOD_RECORDS: list[Record] = [
    {"situation": "Pushed Northwind onto the annual plan", "date": "2026-03-02"},
    {"situation": "Held the renewal price for Contoso, café", "date": "2026-03-05"},
]


def _present(record: Record, **fields: object) -> dict[str, object]:
    return {name: value for name, value in fields.items() if value is not None}


def journal_json(records: list[Record]) -> str:
    entries = [
        _present(
            record,
            kind="slip",
            occurred_on=record["date"],
            situation=record["situation"],
            logged_at=f"{record['date'] or '2026-03-01'}T09:15:00+00:00",
            triggers=[],
        )
        for record in records
    ]
    document = {"format": "journal-export", "version": 1, "schema": 4, "triggers": [],
                "checkins": [], "reviews": [], "commitments": [], "entries": entries}  # fmt: skip
    return json.dumps(document, ensure_ascii=False, indent=1)


def jrnl_text(records: list[Record]) -> str:
    return "".join(f"[{r['date']} 09:15] {r['situation'] or ''}\n\n" for r in records)


def jrnl_json(records: list[Record]) -> str:
    entries = [
        _present(r, title=r["situation"], body="", date=r["date"], time="09:15", tags=[],
                 starred=False)
        for r in records
    ]  # fmt: skip
    return json.dumps({"tags": {}, "entries": entries}, ensure_ascii=False, indent=1)


def dayone_json(records: list[Record]) -> str:
    entries = [
        _present(r, uuid=f"UUID{number}", text=r["situation"], tags=[],
                 creationDate=r["date"] and f"{r['date']}T09:15:00Z")
        for number, r in enumerate(records)
    ]  # fmt: skip
    return json.dumps({"metadata": {"version": "1.0"}, "entries": entries}, ensure_ascii=False)


def csv_text(records: list[Record]) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Date", "What happened"])
    for record in records:
        writer.writerow([record["date"] or "", record["situation"] or ""])
    return out.getvalue()


IMPORT_FORMATS: dict[str, tuple[Callable[[list[Record]], str], str]] = {
    "json": (journal_json, "json"),
    "jrnl-text": (jrnl_text, "jrnl"),
    "jrnl-json": (jrnl_json, "jrnl"),
    "dayone": (dayone_json, "dayone"),
    "csv": (csv_text, "csv"),
}


def _second(**change: str | None) -> list[Record]:
    return [GOOD_RECORDS[0], {**GOOD_RECORDS[1], **change}]


def _good(fmt: str) -> bytes:
    return IMPORT_FORMATS[fmt][0](GOOD_RECORDS).encode()


def _changed(fmt: str, **change: str | None) -> bytes:
    return IMPORT_FORMATS[fmt][0](_second(**change)).encode()


def _cut(fmt: str) -> bytes:
    """The file cut short inside the second record."""
    whole = _good(fmt)
    if fmt == "jrnl-text":
        # a text file cut between entries is only shorter; cut inside the "é" of café
        return whole[: whole.index("é".encode()) + 1]
    return whole[: len(whole) - 12]


HUGE_RECORD = "x" * (10 * 1024 * 1024)
ENTRY_2 = {"json": "entry 2", "jrnl-text": "line 3", "jrnl-json": "entry 2",
           "dayone": "entry 2", "csv": "line 3"}  # fmt: skip
# case → (how the file is made, the words the line holds besides where)
IMPORT_CASES: dict[str, Callable[[str], bytes]] = {
    "empty": lambda fmt: b"",
    "truncated": _cut,
    "utf-16": lambda fmt: _good(fmt).decode().encode("utf-16"),
    "latin-1": lambda fmt: _good(fmt).decode().encode("latin-1"),
    "future-date": lambda fmt: _changed(fmt, date="2027-01-01"),
    "impossible-date": lambda fmt: _changed(fmt, date="2026-02-30"),
    "10MB-text": lambda fmt: _changed(fmt, situation=HUGE_RECORD),
    "control-chars": lambda fmt: _changed(fmt, situation="bell \x07 and \x1b[31m red"),
    "nul": lambda fmt: _changed(fmt, situation="nul \x00 inside"),
    "no-date": lambda fmt: _changed(fmt, date=None),
    "no-text": lambda fmt: _changed(fmt, situation=None),
    # Only the dates the CLI accepts: the years 1900 to 9998.
    "year-1": lambda fmt: _changed(fmt, date="0001-01-01"),
    "year-1899": lambda fmt: _changed(fmt, date="1899-12-31"),
    "year-9999": lambda fmt: _changed(fmt, date="9999-12-31"),
    # C1 controls: U+009B is a terminal's CSI, U+0085 a line break no one typed.
    "c1-csi": lambda fmt: _changed(fmt, situation="csi \x9b31m red"),
    "c1-next-line": lambda fmt: _changed(fmt, situation="a\x85b"),
}
FUTURE = "2027-01-01 is in the future"
YEAR_1 = "the date 0001-01-01 is outside the years 1900 to 9998"
TOO_LONG = "a text in the file is more than 1,024 KB long; a field holds at most 20,000"
IMPORT_REFUSALS = [
    # our own JSON export
    ("json", "empty", "the file: not valid JSON"),
    ("json", "truncated", "after entry 1: not valid JSON"),
    ("json", "utf-16", "UTF-16"),
    ("json", "latin-1", "after entry 1: not valid JSON (lexical error: invalid bytes in UTF8"),
    ("json", "future-date", f"entry 2: {FUTURE}"),
    ("json", "impossible-date", "entry 2: occurred_on '2026-02-30' is not a date"),
    # a value that large is refused while the file is read, before it is built
    ("json", "10MB-text", f"after entry 1: {TOO_LONG}"),
    ("json", "control-chars", "entry 2: the situation contains the control character U+0007"),
    ("json", "nul", "entry 2: the situation contains the control character U+0000"),
    ("json", "no-date", "entry 2: occurred_on is missing"),
    ("json", "no-text", "entry 2: situation is missing"),
    ("json", "year-1", "entry 2: occurred_on 0001-01-01 is outside the years 1900 to 9998"),
    ("json", "year-1899", "entry 2: occurred_on 1899-12-31 is outside the years 1900 to 9998"),
    ("json", "year-9999", "entry 2: occurred_on 9999-12-31 is outside the years 1900 to 9998"),
    ("json", "c1-csi", "entry 2: the situation contains the control character U+009B"),
    ("json", "c1-next-line", "entry 2: the situation contains the control character U+0085"),
    # jrnl's plain text (an empty file is an empty jrnl journal: see below)
    ("jrnl-text", "truncated", "line 3: the file is not UTF-8 text"),
    ("jrnl-text", "utf-16", "UTF-16"),
    ("jrnl-text", "latin-1", "line 3: the file is not UTF-8 text"),
    ("jrnl-text", "future-date", f"line 3: {FUTURE}"),
    ("jrnl-text", "impossible-date", "line 3: 2026-02-30 is not a date"),
    # read no further than an entry can be long, not held whole to be refused
    ("jrnl-text", "10MB-text", "line 3: the situation is more than 20,000 characters long"),
    ("jrnl-text", "control-chars", "line 3: the situation contains the control character U+0007"),
    ("jrnl-text", "nul", "line 3: the situation contains the control character U+0000"),
    ("jrnl-text", "no-text", "line 3: the situation is empty"),
    ("jrnl-text", "year-1", f"line 3: {YEAR_1}"),
    ("jrnl-text", "year-1899", "line 3: the date 1899-12-31 is outside the years 1900 to 9998"),
    ("jrnl-text", "year-9999", "line 3: the date 9999-12-31 is outside the years 1900 to 9998"),
    ("jrnl-text", "c1-csi", "line 3: the situation contains the control character U+009B"),
    ("jrnl-text", "c1-next-line", "line 3: the situation contains the control character U+0085"),
    # jrnl's JSON export
    ("jrnl-json", "truncated", "after entry 1: not valid JSON"),
    ("jrnl-json", "utf-16", "UTF-16"),
    ("jrnl-json", "latin-1", "after entry 1: not valid JSON"),
    ("jrnl-json", "future-date", f"entry 2: {FUTURE}"),
    ("jrnl-json", "impossible-date", "entry 2: 2026-02-30 is not a date"),
    ("jrnl-json", "10MB-text", f"after entry 1: {TOO_LONG}"),
    ("jrnl-json", "control-chars", "entry 2: the situation contains the control character U+0007"),
    ("jrnl-json", "nul", "entry 2: the situation contains the control character U+0000"),
    ("jrnl-json", "no-date", "entry 2: has no date"),
    ("jrnl-json", "no-text", "entry 2: the situation is empty"),
    ("jrnl-json", "year-1", f"entry 2: {YEAR_1}"),
    ("jrnl-json", "year-9999", "entry 2: the date 9999-12-31 is outside the years"),
    ("jrnl-json", "c1-csi", "entry 2: the situation contains the control character U+009B"),
    # Day One (an entry without text is a photo, skipped by design: its date is required)
    ("dayone", "empty", "the file: not valid JSON"),
    ("dayone", "truncated", "after entry 1: not valid JSON"),
    ("dayone", "utf-16", "UTF-16"),
    ("dayone", "latin-1", "after entry 1: not valid JSON"),
    ("dayone", "future-date", f"entry 2: {FUTURE}"),
    ("dayone", "impossible-date", "entry 2: the creationDate '2026-02-30T09:15:00Z' is not a date"),
    ("dayone", "10MB-text", f"after entry 1: {TOO_LONG}"),
    ("dayone", "control-chars", "entry 2: the situation contains the control character U+0007"),
    ("dayone", "nul", "entry 2: the situation contains the control character U+0000"),
    ("dayone", "no-date", "entry 2: has no creationDate"),
    ("dayone", "year-1", f"entry 2: {YEAR_1}"),
    ("dayone", "year-9999", "entry 2: the date 9999-12-31 is outside the years 1900 to 9998"),
    ("dayone", "c1-csi", "entry 2: the situation contains the control character U+009B"),
    # a spreadsheet's CSV
    ("csv", "empty", "the file is empty; expected a header row"),
    ("csv", "truncated", "line 3: not valid CSV (the file ends inside a quoted cell"),
    ("csv", "utf-16", "UTF-16"),
    ("csv", "latin-1", "line 3: the What happened column is not UTF-8 text"),
    ("csv", "future-date", f"line 3: {FUTURE}"),
    ("csv", "impossible-date", "line 3: the date '2026-02-30' is not YYYY-MM-DD"),
    ("csv", "10MB-text", "line 3: not valid CSV (a cell is longer than 131,072 characters"),
    ("csv", "control-chars", "line 3: the situation contains the control character U+0007"),
    ("csv", "nul", "line 3: the situation contains the control character U+0000"),
    ("csv", "no-date", "line 3: the date is empty"),
    ("csv", "no-text", "line 3: the What happened is empty; give --skip-empty"),
    ("csv", "year-1", f"line 3: {YEAR_1}"),
    ("csv", "year-9999", "line 3: the date 9999-12-31 is outside the years 1900 to 9998"),
    ("csv", "c1-csi", "line 3: the situation contains the control character U+009B"),
    ("csv", "c1-next-line", "line 3: the situation contains the control character U+0085"),
]


@pytest.mark.parametrize(
    ("fmt", "case", "expected"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in IMPORT_REFUSALS],
)
def test_a_bad_import_writes_nothing_and_the_fixed_file_imports(
    run: Runner, home: Path, db_path: Path, added: Adder, fmt: str, case: str, expected: str
) -> None:
    added("An entry that must survive", "-t", "quota-behind")
    before = snapshot(db_path)
    path = home / f"import-{fmt}-{case}.txt"  # no telling extension: --format says it
    path.write_bytes(IMPORT_CASES[case](fmt))
    assert_refused(run("import", str(path), "--format", IMPORT_FORMATS[fmt][1]), expected)
    assert snapshot(db_path) == before
    path.write_bytes(_good(fmt))
    fixed = run("import", str(path), "--format", IMPORT_FORMATS[fmt][1])
    assert fixed.code == 0, fixed.err
    assert "Imported 2 entries" in fixed.err
    situations = sqlite3.connect(db_path).execute("SELECT situation FROM entries").fetchall()
    assert [row[0] for row in situations] == [
        "An entry that must survive",
        *(record["situation"] for record in GOOD_RECORDS),
    ]


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        # Read in UTC, these cross into year 0 and year 10,000 (OverflowError before).
        pytest.param("0001-01-01T00:00:00+05:00", "is outside the years 1900 to 9998", id="year-0"),
        pytest.param(
            "9999-12-31T23:00:00-05:00", "is outside the years 1900 to 9998", id="year-10000"
        ),
        pytest.param("1900-01-01T01:00:00+05:00", "the date 1899-12-31 is outside", id="into-1899"),
    ],
)
def test_a_day_one_time_zone_that_crosses_the_calendars_edge_is_refused(
    run: Runner, home: Path, db_path: Path, added: Adder, created: str, expected: str
) -> None:
    added("An entry that must survive")
    before = snapshot(db_path)
    entries = [{"uuid": "A", "text": "Crossed the date line", "creationDate": created}]
    path = home / "Journal.json"
    path.write_text(json.dumps({"metadata": {}, "entries": entries}))
    assert_refused(run("import", str(path), "--format", "dayone"), "entry 1:", expected)
    assert snapshot(db_path) == before


@pytest.mark.parametrize("fmt", ["json", "dayone", "csv", "jrnl-text"])
def test_an_unrecognised_file_without_format_is_refused(
    run: Runner, home: Path, db_path: Path, added: Adder, fmt: str
) -> None:
    added("An entry that must survive")
    before = snapshot(db_path)
    path = home / "mystery.dat"
    path.write_bytes(_good(fmt).decode().encode("utf-16"))
    assert_refused(run("import", str(path)), "mystery.dat is UTF-16", "save it as UTF-8")
    path.write_bytes(b"")
    assert_refused(run("import", str(path)), "cannot tell what kind of file", "--format")
    assert snapshot(db_path) == before


@pytest.mark.parametrize("content", [b"", b"\n  \n", b'{"tags": {}, "entries": []}'])
def test_an_empty_jrnl_journal_imports_nothing(
    run: Runner, home: Path, db_path: Path, added: Adder, content: bytes
) -> None:
    """jrnl writes an empty file for a journal with no entries (and an empty list in its
    export): that is an empty journal, not a bad file. Nothing to add, nothing written."""
    added("An entry that must survive")
    before = snapshot(db_path)
    path = home / "journal.txt"
    path.write_bytes(content)
    result = run("import", str(path), "--format", "jrnl")
    assert result.code == 0 and "Imported 0 entries" in result.err
    # The same rows and schema (an import sets the search triggers aside and back, so their
    # order in the schema may change).
    assert sorted(snapshot(db_path)) == sorted(before)


# --- 7. Files written: exports and backups ----------------------------------------------------
#
# Neither `export -o` nor `backup --to` ever writes over the journal (however it is reached),
# its -wal/-shm, a backup, a pipe or a device, with or without --force; an ordinary file that
# exists is replaced only with --force. What was there is left exactly as it was.


def _link(target: Path) -> Callable[[Path, Path], Path]:
    def make(home: Path, journal: Path) -> Path:
        link = home / "link"
        link.symlink_to(target if target.is_absolute() else journal.parent / target)
        return link

    return make


def _fifo(home: Path, journal: Path) -> Path:
    os.mkfifo(home / "pipe")
    return home / "pipe"


def _daily_backup(home: Path, journal: Path) -> Path:
    return next(journal.parent.glob("journal-backups/journal-daily-*.sqlite"))


def _backup_elsewhere(home: Path, journal: Path) -> Path:
    target = home / "kept-safe.sqlite"
    assert main(["backup", "--to", str(target)]) == 0
    return target


def _pre_migration_backup(home: Path, journal: Path) -> Path:
    target = journal.with_name("journal.schema3-20260101-090000.backup.sqlite")
    target.write_bytes(_daily_backup(home, journal).read_bytes())
    return target


def _lock_in_backups(home: Path, journal: Path) -> Path:
    target = journal.parent / "journal-backups" / "notes.txt"
    target.write_text("a file of the backups folder")
    return target


# (how the target is made from the test's home and journal, the words of the refusal)
NOT_WRITTEN_OVER = [
    pytest.param(lambda home, journal: journal, "is a journal", id="the-journal"),
    pytest.param(_link(Path("journal.sqlite")), "is a journal", id="a-link-to-the-journal"),
    pytest.param(
        lambda home, journal: journal.with_name("journal.sqlite-wal"), "is a journal", id="its-wal"
    ),
    pytest.param(
        lambda home, journal: journal.with_name("journal.sqlite-shm"), "is a journal", id="its-shm"
    ),
    pytest.param(_daily_backup, "is a journal, a backup", id="a-daily-backup"),
    pytest.param(_backup_elsewhere, "is a journal, a backup", id="a-backup-elsewhere"),
    pytest.param(_pre_migration_backup, "is a journal, a backup", id="a-pre-migration-backup"),
    pytest.param(_lock_in_backups, "is a journal, a backup", id="a-file-in-the-backups-folder"),
    pytest.param(_fifo, "is a named pipe (FIFO), not a file", id="a-named-pipe"),
    # A link in our own folder, never /dev/null itself: a regression must not replace a device.
    pytest.param(_link(Path(os.devnull)), "is a device, not a file", id="a-link-to-dev-null"),
]  # a folder: export refuses it (the table above); backup --to FOLDER writes a file inside


def _state(path: Path) -> object:
    """What is at `path`, to compare before and after: a link's target, a pipe's kind, a
    file's bytes, a folder's names."""
    try:
        if path.is_symlink():
            return ("link", os.readlink(path), _state(path.resolve()))
        if not path.exists():
            return None
    except OSError:  # a name too long to be there
        return None
    if path.is_dir():
        return ("folder", sorted(p.name for p in path.iterdir()))
    if not path.is_file():
        return ("special", stat.S_IFMT(path.stat().st_mode))
    return ("file", path.read_bytes())


@pytest.mark.parametrize("force", [False, True], ids=["asked", "with-force"])
@pytest.mark.parametrize("command", ["export", "backup"])
@pytest.mark.parametrize(("make", "expected"), NOT_WRITTEN_OVER)
def test_nothing_is_written_over_the_journal_a_backup_or_a_device(
    run: Runner,
    home: Path,
    db_path: Path,
    added: Adder,
    make: Callable[[Path, Path], Path],
    expected: str,
    command: str,
    force: bool,
) -> None:
    added("An entry that must survive")
    assert run("list").code == 0  # the day's backup
    target = make(home, db_path)
    before, journal_before = _state(target), snapshot(db_path)
    folder_before = sorted(p.name for p in target.parent.iterdir())
    args = ["export", "--format", "json", "-o"] if command == "export" else ["backup", "--to"]
    result = run(*args, str(target), *(["--force"] if force else []))
    assert_refused(result, expected)
    assert _state(target) == before
    assert snapshot(db_path) == journal_before
    # no partial file left beside it either (backup adds its own daily copy elsewhere)
    assert sorted(p.name for p in target.parent.iterdir()) == folder_before


@pytest.mark.parametrize("command", ["export", "backup"])
def test_an_existing_file_is_replaced_only_with_force(
    run: Runner, home: Path, added: Adder, command: str
) -> None:
    added("An entry that must survive")
    target = home / "mine.txt"
    target.write_text("my own notes")
    target.chmod(0o644)
    args = ["export", "--format", "json", "-o"] if command == "export" else ["backup", "--to"]
    assert_refused(run(*args, str(target)), "already exists", "--force")
    assert target.read_text() == "my own notes"
    replaced = run(*args, str(target), "--force")
    assert replaced.code == 0, replaced.err
    assert target.read_bytes() != b"my own notes"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in home.iterdir() if p.name.startswith(".")] == []


def test_an_export_through_a_dangling_link_writes_the_file_it_names(
    run: Runner, home: Path, added: Adder
) -> None:
    """A link to a file not made yet is written through, as a shell's > would."""
    added("An entry")
    (home / "out").mkdir()
    link = home / "latest.json"
    link.symlink_to(home / "out" / "q4.json")
    assert run("export", "--format", "json", "-o", str(link)).code == 0
    assert link.is_symlink() and json.loads(link.read_text())["format"] == "journal-export"
    assert stat.S_IMODE((home / "out" / "q4.json").stat().st_mode) == 0o600


def test_a_backup_into_the_backups_folder_under_a_new_name_is_fine(
    run: Runner, db_path: Path, added: Adder
) -> None:
    added("An entry")
    assert run("list").code == 0
    target = db_path.parent / "journal-backups" / "before-the-big-import.sqlite"
    assert run("backup", "--to", str(target)).code == 0
    assert target.is_file()


# --- 8. Files read: the journal, a backup, a file to import, the config ------------------------
#
# Each must be a regular file (or, for the journal and the config, nothing yet). A named pipe
# used to hang forever, /dev/null left a stray world-readable /dev/null-journal, a dangling
# link was followed into a new file or called read-only.


def _dangling(home: Path) -> Path:
    (home / "dangling").symlink_to(home / "nowhere")
    return home / "dangling"


def _too_long(home: Path) -> Path:
    return home / ("n" * 300)


# (how the path is made, the words of the refusal); each runs in a process of its own with a
# time limit, so a hang fails the test instead of stopping the run.
ODD_PATHS = [
    pytest.param(lambda home: _fifo(home, home), "is a named pipe (FIFO)", id="named-pipe"),
    pytest.param(lambda home: Path(os.devnull), "is a device", id="dev-null"),
    pytest.param(lambda home: Path("/dev/zero"), "is a device", id="dev-zero"),
    pytest.param(lambda home: home, "is a folder", id="folder"),
    pytest.param(_dangling, "is a symbolic link to", id="dangling-link"),
    pytest.param(_too_long, "too long", id="name-too-long"),
]
ODD_PATH_COMMANDS = {
    "db": lambda path: ["--db", str(path), "list"],
    "restore-backup": lambda path: ["restore-backup", str(path), "--yes"],
    "import": lambda path: ["import", str(path), "--format", "jrnl"],
}


@pytest.mark.parametrize("command", list(ODD_PATH_COMMANDS))
@pytest.mark.parametrize(("make", "expected"), ODD_PATHS)
def test_a_path_that_is_not_a_regular_file_is_refused(
    run_process: Runner,
    home: Path,
    db_path: Path,
    added: Adder,
    make: Callable[[Path], Path],
    expected: str,
    command: str,
) -> None:
    added("An entry that must survive")
    path = make(home)
    before, journal_before = _state(path), snapshot(db_path)
    stray = Path(f"{os.devnull}-journal").exists()
    assert_refused(run_process(*ODD_PATH_COMMANDS[command](path)), str(path)[:60], expected)
    assert _state(path) == before
    assert snapshot(db_path) == journal_before
    assert Path(f"{os.devnull}-journal").exists() == stray
    assert not (home / "nowhere").exists()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(lambda home: _fifo(home, home), "is a named pipe (FIFO)", id="named-pipe"),
        pytest.param(lambda home: Path("/dev/zero"), "is a device", id="dev-zero"),
        pytest.param(_dangling, "is a symbolic link to", id="dangling-link"),
    ],
)
def test_a_config_path_that_is_not_a_regular_file_is_refused(
    run_process: Runner, home: Path, db_path: Path, make: Callable[[Path], Path], expected: str
) -> None:
    path = make(home)
    result = run_process("add", "x", env={"JOURNAL_CONFIG": str(path)})
    assert_refused(result, str(path), expected)
    assert not db_path.exists()


def test_dev_null_as_the_config_means_the_defaults(run_process: Runner) -> None:
    result = run_process("config", env={"JOURNAL_CONFIG": os.devnull})
    assert result.code == 0 and 'theme = "textual-dark"' in result.out


def test_an_empty_file_adopted_as_the_journal_becomes_private(run: Runner, home: Path) -> None:
    path = home / "made-by-hand.sqlite"
    path.touch()
    path.chmod(0o666)
    assert run("--db", str(path), "add", "The first entry").code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in home.glob("made-by-hand.sqlite*"))


# --- 9. Date ranges at the calendar's edges --------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["patterns", "--from", "1900-01-01", "--to", "9998-12-31"], id="patterns"),
        pytest.param(["patterns", "--from", "2026-01-01", "--to", "9998-12-31"], id="far-to"),
        pytest.param(["patterns", "--from", "1900-01-01", "--to", "1900-01-01"], id="first-day"),
        pytest.param(["patterns", "--quarter", "9998-Q4", "--json"], id="last-quarter"),
        pytest.param(["patterns", "--quarter", "1901-Q1"], id="first-quarter"),
        pytest.param(["review", "9998-Q4", "--json"], id="review-last-quarter"),
        pytest.param(
            ["export", "--format", "md", "--from", "1900-01-01", "--to", "9998-12-31"],
            id="md-everything",
        ),
        pytest.param(["export", "--format", "html", "--from", "1900-01-01"], id="html-from-1900"),
        pytest.param(["list", "--from", "1900-01-01", "--to", "9998-12-31"], id="list-all"),
    ],
)
def test_ranges_at_the_calendars_edges_work(
    run: Runner, db_path: Path, added: Adder, args: list[str]
) -> None:
    """The years 1900 to 9998 can be asked for whole: the period before a range reaching the
    first day is cut there (the comparison ran past year 1: OverflowError, exit 1)."""
    added("An entry inside the range", "-t", "quota-behind")
    result = run(*args)
    assert result.code == 0, result.err
    assert result.err == ""


@pytest.mark.parametrize("today", ["0001-01-01", "1899-12-31", "9999-12-31", "99999-01-01"])
def test_a_pinned_today_outside_the_years_is_refused(
    run: Runner, monkeypatch: pytest.MonkeyPatch, today: str
) -> None:
    monkeypatch.setenv("JOURNAL_TODAY", today)
    assert_refused(run("add", "x"), "JOURNAL_TODAY", "not a date from 1900 to 9998")


# --- 10. JSON files beyond any journal's bounds ----------------------------------------------
#
# Nesting, one value's size, one item's size: each refused in one line while the file is
# read, in a process held to 1 GB of memory and a minute (100,000 levels used to take more
# than 10 GB and never end; a 200 MB string took quadratic time).


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _json_with(fmt: str, value: str) -> bytes:
    """A file of each JSON format whose first entry's text holds `value` (raw JSON)."""
    if fmt == "json":
        head = '{"format": "journal-export", "version": 1, "entries": [{"situation": '
    elif fmt == "jrnl":
        head = '{"tags": {}, "entries": [{"date": "2026-03-02", "title": '
    else:
        head = '{"metadata": {}, "entries": [{"creationDate": "2026-03-02T09:00:00Z", "text": '
    return (head + value + "}]}").encode()


BEYOND_BOUNDS = [
    pytest.param(lambda: _nested(1_000), "more than 64 levels deep", id="nested-1000"),
    pytest.param(lambda: _nested(100_000), "more than 64 levels deep", id="nested-100000"),
    pytest.param(lambda: '{"a": ' * 65 + "1" + "}" * 65, "more than 64 levels", id="objects-65"),
    pytest.param(lambda: '"' + "x" * (2 << 20) + '"', "more than 1,024 KB long", id="text-2MB"),
    pytest.param(
        lambda: '"' + "\\u00e9" * 200_000 + '"', "more than 1,024 KB long", id="escapes-1.2MB"
    ),
    pytest.param(lambda: "9" * 10_000_000, "more than 100 characters long", id="number-10MB"),
    pytest.param(lambda: "1." + "5" * 200, "more than 100 characters long", id="float-200-digits"),
]


def _limited(seconds: int) -> Callable[[], None]:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    return limit


@pytest.mark.parametrize("fmt", ["json", "jrnl", "dayone"])
@pytest.mark.parametrize(("make", "expected"), BEYOND_BOUNDS)
def test_json_beyond_any_journals_bounds_is_refused(
    home: Path, db_path: Path, added: Adder, make: Callable[[], str], expected: str, fmt: str
) -> None:
    added("An entry that must survive")
    before = snapshot(db_path)
    path = home / f"hostile.{fmt}.json"
    path.write_bytes(_json_with(fmt, make()))
    done = subprocess.run(
        [sys.executable, "-m", "journal", "import", str(path), "--format", fmt],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited(60),
    )
    assert_refused(Result(done.returncode, done.stdout, done.stderr), "the file:", expected)
    assert snapshot(db_path) == before


def test_one_item_beyond_32_mb_is_refused(
    run: Runner, home: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry of a million short fields (each within bounds) would be built whole: the item
    bound stops it. Lowered here so the file stays small; the rule is the same."""
    from journal.importers import common

    monkeypatch.setattr(common, "MAX_ITEM_BYTES", 1 << 20)
    fields = ", ".join(f'"k{number}": 1' for number in range(200_000))
    path = home / "wide.json"
    path.write_bytes(_json_with("json", "1, " + fields))
    assert_refused(run("import", str(path)), "one item in the file is more than 1 MB long")
    assert not db_path.exists() or snapshot(db_path) == snapshot(db_path)


def test_a_journals_own_export_is_well_within_the_bounds(run: Runner, home: Path) -> None:
    """Every field full (20,000 characters, as escapes where the text is not ASCII), notes,
    the trash: exported, then imported into an empty journal, whole."""
    text = "é" * 19_999 + "\n"
    assert run("add", text, "--customer", "ü" * 20_000, "--impact", text).code == 0
    for _ in range(3):
        assert run("note", "1", "ß" * 20_000).code == 0
    export = home / "everything.json"
    assert run("export", "-o", str(export)).code == 0
    result = run("--db", str(home / "copy.sqlite"), "import", str(export))
    assert result.code == 0, result.err
    copy = json.loads(run("--db", str(home / "copy.sqlite"), "show", "1", "--json").out)
    assert copy["situation"] == text and len(copy["notes"]) == 3


class _Chunks(io.RawIOBase):
    """Bytes handed out in the sizes given, as a pipe or a slow disk would."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        super().__init__()
        self.data, self.sizes, self.at = data, sizes, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self.sizes[self.at % len(self.sizes)] if self.sizes else len(buffer)
        chunk = self.data[: min(size, len(buffer))]
        self.data = self.data[len(chunk) :]
        self.at += 1
        buffer[: len(chunk)] = chunk
        return len(chunk)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    # quotes, backslashes and brackets inside text must never be taken for structure
    | st.text(st.sampled_from('ab"\\[]{}:,é\n\t\u2028🙂'), max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(st.sampled_from('k"\\[{'), max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    return 0


@settings(max_examples=200)
@given(
    value=JSON_VALUES,
    wrap=st.integers(0, 70),
    sizes=st.lists(st.integers(1, 64), max_size=8),
    indent=st.sampled_from([None, 0, 2]),
)
@example(value='"\\"[', wrap=0, sizes=[1], indent=None)
def test_the_bounds_read_any_json_exactly_and_refuse_only_what_nests_too_deep(
    value: object, wrap: int, sizes: list[int], indent: int | None
) -> None:
    """For ANY JSON document, read in ANY chunk sizes (a chunk may end inside an escape or a
    multi-byte character): the bytes come through unchanged, and only nesting past 64 levels
    is refused, however the text inside strings looks."""
    from journal.importers.common import MAX_DEPTH, JsonTooLarge, bounded_json

    document = value
    for _ in range(wrap):
        document = [document]
    data = json.dumps(document, ensure_ascii=False, indent=indent).encode()
    reader = bounded_json(cast(BinaryIO, _Chunks(data, sizes)))
    if _depth(document) > MAX_DEPTH:
        with pytest.raises(JsonTooLarge, match="more than 64 levels deep"):
            while reader.read(7):
                pass
    else:
        assert reader.read() == data


# --- 11. Standard input is read within a bound -------------------------------------------------


# A process's peak memory counts the memory of the process it was forked from until it runs
# the new program: journal is started from a small Python of its own, which reports it.
_MEASURED = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "journal", *sys.argv[1:]])
_pid, status, usage = os.wait4(pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss]))
"""


def run_measured(*args: str, feed: Callable[[IO[bytes]], None] | None = None) -> tuple[Result, int]:
    """`journal ARGS` in a process of its own, standard input written by `feed`; its result
    and its peak memory in KB (Linux)."""
    import threading

    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURED, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    feeder = threading.Thread(target=(feed or (lambda pipe: pipe.close())), args=(process.stdin,))
    feeder.daemon = True
    feeder.start()
    process.wait(timeout=120)  # the output is a few lines: no pipe fills meanwhile
    feeder.join(timeout=60)
    out = process.stdout.read() if process.stdout else b""
    err = process.stderr.read() if process.stderr else b""
    code, peak = json.loads(out)
    return Result(code, "", err.decode()), int(peak)


def test_300_mb_on_standard_input_is_refused_without_reading_it_all(home: Path) -> None:
    """Before: read whole, then decoded (twice its size, 600 MB at the peak), then refused."""
    sent = 0

    def feed(pipe: IO[bytes]) -> None:
        nonlocal sent
        block = b"x" * (1 << 20)
        try:
            for _ in range(300):
                pipe.write(block)
                sent += len(block)
            pipe.close()
        except (BrokenPipeError, ValueError):
            pass  # journal stopped reading: as it should

    result, peak = run_measured("add", "-", feed=feed)
    assert_refused(result, "longer than 20,000 characters")
    assert peak < 100_000, f"peak memory {peak:,} KB"
    assert sent < 300 << 20  # it stopped reading long before the end


# --- 12. A damaged journal: its schema text, one text cell ------------------------------------


def test_a_schema_that_is_not_text_is_called_damaged_and_left_untouched(
    run: Runner, home: Path, good_journal: bytes
) -> None:
    """Bytes that are not UTF-8 inside the schema's SQL (UnicodeDecodeError on every command,
    before): damaged, pointing at the backups, the file left byte for byte."""
    at = good_journal.index(b"CREATE TABLE entries")
    data = good_journal[: at + 7] + b"\xff\xfe" + good_journal[at + 9 :]
    folder = home / "damaged"
    folder.mkdir()
    path = folder / "journal.sqlite"
    path.write_bytes(data)
    for command in (["list"], ["add", "x"], ["export", "--format", "json"], ["backup"]):
        result = run("--db", str(path), *command)
        assert_refused(result, "is damaged or not a journal", "journal restore-backup FILE")
        assert result.out == ""
    assert path.read_bytes() == data
    assert sorted(p.name for p in folder.iterdir()) == ["journal.sqlite"]


def _raw_rows(db: Path) -> list[tuple[object, ...]]:
    """The entries as stored, text as bytes (a damaged cell cannot be read as text)."""
    conn = sqlite3.connect(db)
    conn.text_factory = bytes
    try:
        return conn.execute("SELECT * FROM entries ORDER BY id").fetchall()
    finally:
        conn.close()


def _damage_text(db: Path, entry_id: int, column: str, raw: bytes) -> None:
    """Write bytes that are not UTF-8 into one text cell, as a damaged page leaves them."""
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE entries SET {column} = CAST(? AS TEXT) WHERE id = ?", (raw, entry_id))
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--json"],
        ["export", "--format", "json"],
        ["export", "--format", "csv"],
        ["export", "--format", "md", "--from", "2026-01-01"],
        ["export", "--format", "html", "--from", "2026-01-01", "--redact"],
    ],
    ids=lambda args: "-".join(args),
)
def test_one_unreadable_cell_does_not_stop_the_rest_being_rescued(
    run: Runner, db_path: Path, added: Adder, command: list[str]
) -> None:
    for number in range(1, 6):
        added(f"Entry number {number} as written", "--customer", f"Customer {number}")
    _damage_text(db_path, 3, "situation", b"caf\xe9 \xff\xfe")
    _damage_text(db_path, 4, "customer", b"\xc3")
    before = _raw_rows(db_path)
    result = run(*command)
    assert result.code == 0, result.err
    for number in (1, 2, 5):
        assert f"Entry number {number} as written" in result.out
    lines = [line for line in result.err.splitlines() if line.startswith("journal: warning")]
    assert len(lines) == 1, result.err
    assert "3 (situation)" in lines[0] and "4 (customer)" in lines[0]
    assert "\ufffd" in result.out or command[-1] == "--redact"
    assert _raw_rows(db_path) == before


def test_show_names_the_unreadable_parts_of_an_entry(
    run: Runner, db_path: Path, added: Adder
) -> None:
    added("Before the damage")
    assert run("note", "1", "A later note").code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE notes SET text = CAST(X'c3' AS TEXT)")
    conn.commit()
    conn.close()
    _damage_text(db_path, 1, "impact", b"\xff")
    result = run("show", "1")
    assert result.code == 0 and "Before the damage" in result.out
    assert "1 (impact, a note)" in result.err and len(result.err.splitlines()) == 1


# --- 13. Output that cannot be written ---------------------------------------------------------


def _run_with_stdout(args: list[str], **options: Any) -> Result:
    done = subprocess.run(
        [sys.executable, "-m", "journal", *args], stderr=subprocess.PIPE, timeout=60, **options
    )
    return Result(done.returncode, "", done.stderr.decode())


OUTPUTS = [
    pytest.param(["list"], "", id="list"),
    pytest.param(["list", "--json"], "", id="list-json"),
    pytest.param(["show", "1"], "", id="show"),
    pytest.param(["export", "--format", "json"], "", id="export-json"),
    pytest.param(["export", "--format", "md"], "", id="export-md"),
    pytest.param(["triggers"], "", id="triggers"),
    pytest.param(["review"], "", id="review"),
    pytest.param(["config"], "", id="config"),
    pytest.param(["add", "Written all the same"], "; entry 2 was saved", id="add"),
    pytest.param(["note", "1", "A note"], "; the note to entry 1 was saved", id="note"),
    pytest.param(["checkin", "--slips"], "; 2026-11-22 was checked in", id="checkin"),
]


@pytest.mark.parametrize(("args", "saved"), OUTPUTS)
def test_a_full_disk_on_standard_output_is_one_line(
    home: Path, added: Adder, args: list[str], saved: str
) -> None:
    added("An entry to show", "-t", "quota-behind")
    with open("/dev/full", "w") as full:
        result = _run_with_stdout(args, stdout=full)
    assert_refused(result, f"could not write to standard output (the disk is full){saved}")
    assert result.err.strip().endswith(saved or ")")


@pytest.mark.parametrize(("args", "saved"), OUTPUTS)
def test_a_closed_standard_output_is_one_line(
    home: Path, added: Adder, args: list[str], saved: str
) -> None:
    added("An entry to show", "-t", "quota-behind")
    result = _run_with_stdout(args, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert_refused(result, f"could not write to standard output (it is closed){saved}")


def test_an_export_to_a_file_needs_no_standard_output(home: Path, added: Adder) -> None:
    added("An entry")
    target = home / "out.json"
    result = _run_with_stdout(
        ["export", "-o", str(target)], stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1)
    )
    assert result.code == 0, result.err
    assert json.loads(target.read_text())["format"] == "journal-export"


def test_a_reader_that_goes_away_is_quiet(home: Path) -> None:
    """`journal export | head -c 10`: the rest has nowhere to go, and no message is wanted."""
    db = home / "demo.sqlite"
    assert main(["demo", "--db", str(db), "--entries", "400"]) == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(db), "export", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10) == b'{\n  "forma'
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) == 2
    assert err == b""


def test_a_closed_standard_error_sends_nothing_into_standard_output(home: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journal", "show", "99"],
        capture_output=True,
        timeout=60,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == 2 and done.stdout == b""


# --- 14. A refused long value is quoted short, once ----------------------------------------------

LONG = "y" * 100_000


@pytest.mark.parametrize(
    "args",
    [
        ["add", "x", "--kind", LONG],
        ["add", "x", "--severity", LONG],
        ["add", "x", "-t", LONG],
        ["add", "x", "--date", LONG],
        ["show", LONG],
        ["list", "-n", LONG],
        ["list", "--trigger", LONG],
        ["list", "--quarter", LONG],
        ["review", "--judge", LONG],
        ["review", "--commit", LONG],
        ["review", "--commit", f"{LONG}=a plan"],
        ["export", "--format", LONG],
        ["import", LONG],
        ["import", "/etc/passwd", "--format", "csv", "--map", LONG],
        ["triggers", "retire", LONG],
        ["triggers", "add", LONG, "--category", "c", "--description", "d"],
        ["restore-backup", LONG],
        ["backup", "--to", LONG],
        ["demo", "--entries", LONG],
        ["add", "x", LONG],
        ["--db", LONG, "list"],
    ],
    ids=lambda args: "-".join(arg[:10] for arg in args),
)
def test_a_long_value_is_quoted_short_and_once(run: Runner, added: Adder, args: list[str]) -> None:
    added("An entry that must survive")
    result = run(*args)
    assert_refused(result)
    assert len(result.err) < 500, result.err[:600]
    assert result.err.count("yyyyyyyyyy") <= 10  # one prefix of at most 100 characters


# --- 15. Messages that used to mislead -----------------------------------------------------------


def test_a_full_disk_during_an_import_says_the_disk_is_full(
    run: Runner, home: Path, db_path: Path, added: Adder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite rolls the transaction back itself when the disk fills; rolling back again said
    'cannot rollback - no transaction is active' and hid the reason. (A real small file
    system: tests/test_disk_trouble.py.)"""
    from journal import db as db_module

    added("Written before the disk filled")
    real_open = db_module.open_journal

    def open_on_a_full_disk(path: Path, **options: Any) -> sqlite3.Connection:
        conn = real_open(path, **options)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 20}")
        return conn

    monkeypatch.setattr(db_module, "open_journal", open_on_a_full_disk)
    source = home / "big.txt"
    source.write_text(
        "".join(f"[2026-01-{n % 28 + 1:02d} 09:{n % 60:02d}] Entry {n} {'words ' * 40}\n\n"
                for n in range(3_000))
    )  # fmt: skip
    before = snapshot(db_path)
    assert_refused(run("import", str(source)), "is full; nothing was written")
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(
            "situation,date,situation",
            "2 columns for the situation: 'situation' (column 1) and 'situation' (column 3);"
            " rename or remove all but one",
            id="same-name-twice",
        ),
        pytest.param(
            "What happened,Date,Description",
            "2 columns for the situation: 'What happened' (column 1) and 'Description'"
            " (column 3); rename or remove all but one, or say which with --map",
            id="two-names-for-it",
        ),
        pytest.param(
            "Date,Day,Text",
            "2 columns for the date: 'Date' (column 1) and 'Day' (column 2)",
            id="two-dates",
        ),
    ],
)
def test_a_csv_with_two_columns_for_one_field_is_refused(
    run: Runner, home: Path, db_path: Path, added: Adder, header: str, expected: str
) -> None:
    """Reading one of them and dropping the other lost what the other held."""
    added("An entry that must survive")
    before = snapshot(db_path)
    path = home / "sheet.csv"
    path.write_text(f"{header}\nfirst words,2026-03-02,second words\n")
    assert_refused(run("import", str(path)), expected)
    assert snapshot(db_path) == before


def test_a_csv_column_chosen_with_map_settles_it(run: Runner, home: Path, db_path: Path) -> None:
    path = home / "sheet.csv"
    path.write_text("What happened,Date,Description\nfirst words,2026-03-02,second words\n")
    assert run("import", str(path), "--map", "Description=situation").code == 0
    stored = sqlite3.connect(db_path).execute("SELECT situation FROM entries").fetchall()
    assert stored == [("second words",)]


def test_a_jrnl_entry_of_50_mb_is_refused_without_holding_it(home: Path) -> None:
    """One line of 50 MB (a jrnl file joined into one entry): refused once the entry is
    longer than any can be, not read whole (its bytes and its text: about 250 MB, before)."""
    path = home / "journal.txt"
    with open(path, "wb") as out:
        out.write(b"[2026-03-02 09:15] The start\n")
        for _ in range(50):
            out.write(b"words " * 174_762 + b"x")  # 1 MB, no line break
        out.write(b"\n")
    result, peak = run_measured("import", str(path), "--format", "jrnl")
    assert_refused(result, "line 1: the situation is more than 20,000 characters long")
    assert peak < 100_000, f"peak memory {peak:,} KB"


@pytest.mark.parametrize(("make", "expected"), ODD_PATHS[:4])
def test_the_app_refuses_an_odd_journal_path_before_it_starts(
    run: Runner,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], Path],
    expected: str,
) -> None:
    """On a terminal `journal --db PATH` opens the app: a pipe, a device or a folder is one
    line and status 2 there too (it was the app's traceback, and status 0)."""
    from journal import cli
    from journal.tui.app import JournalApp

    def started(self: JournalApp) -> None:
        raise AssertionError("the app started")

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(JournalApp, "run", started)
    path = make(home)
    assert_refused(run("--db", str(path)), expected)
