"""Every command through the real entry point, against a temporary journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Adder, Runner, snapshot
from tests.journal_files import open_db

# Every test that makes a journal runs on a plain one and on an encrypted one.
pytestmark = pytest.mark.journal_kinds


def test_add_prints_the_id_and_stores_every_field(run: Runner, db_path: Path) -> None:
    result = run(
        "add",
        "Pushed Acme onto the annual bundle to close the month.",
        "--kind", "slip",
        "-t", "quota-behind",
        "-t", "Performance review coming",  # a name works as well as an id
        "--customer", "Acme",
        "--impact", "Paying for seats they will not use",
        "--severity", "4",
        "--pressure", "5",
        "--control", "partly",
        "--recovery", "attempted",
        "--recovery-note", "Offered to switch them back",
        "--next-time", "Ask about usage first",
        "--follow-up", "in 2 weeks",
        "--date", "yesterday",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.strip() == "1"
    shown = json.loads(run("show", "1", "--json").out)
    assert shown["situation"] == "Pushed Acme onto the annual bundle to close the month."
    assert shown["kind"] == "slip"
    assert shown["occurred_on"] == "2026-11-21"
    assert shown["triggers"] == ["quota-behind", "review-coming"]
    assert shown["customer"] == "Acme"
    assert shown["impact"] == "Paying for seats they will not use"
    assert (shown["severity"], shown["pressure"]) == (4, 5)
    assert (shown["control"], shown["recovery"]) == ("partly", "attempted")
    assert shown["recovery_note"] == "Offered to switch them back"
    assert shown["next_time"] == "Ask about usage first"
    assert shown["follow_up_on"] == "2026-12-06"
    assert shown["logged_at"]
    conn = open_db(db_path)
    assert conn.execute("SELECT count(*) FROM entry_triggers").fetchone()[0] == 2


def test_add_defaults_today_slip_and_config_default_kind(run: Runner, home: Path) -> None:
    assert run("add", "Closed the ticket early").code == 0
    first = json.loads(run("show", "1", "--json").out)
    assert (first["kind"], first["occurred_on"]) == ("slip", "2026-11-22")
    (home / "config.toml").write_text('default_kind = "save"\n')
    run("add", "Told them the smaller plan fits")
    assert json.loads(run("show", "2", "--json").out)["kind"] == "save"


@pytest.mark.parametrize("marker", [None, "-"])
def test_add_reads_the_situation_from_stdin(run: Runner, marker: str | None) -> None:
    args = ["add"] + ([marker] if marker else []) + ["-t", "good-enough"]
    result = run(*args, stdin="Shipped the patch.\nIt will break again.\n")
    assert result.code == 0, result.err
    shown = json.loads(run("show", result.out.strip(), "--json").out)
    assert shown["situation"] == "Shipped the patch.\nIt will break again.\n"


def test_add_edit_opens_the_editor(
    run: Runner, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = home / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Written in the editor\\n# a comment\\n" > "$1"\n')
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    result = run("add", "--edit")
    assert result.code == 0, result.err
    assert json.loads(run("show", "1", "--json").out)["situation"] == "Written in the editor"


def test_list_is_newest_first_with_filters(run: Runner, added: Adder) -> None:
    add = added
    add("Old quota push", "-t", "quota-behind", "--date", "2026-08-03", "--customer", "Acme Corp")
    add("Saved a renewal", "--kind", "save", "-t", "quota-behind", "--date", "2026-10-05")
    add(
        "Cut the training days",
        "-t",
        "cost-mandate",
        "--date",
        "2026-11-20",
        "--customer",
        "Bluefin",
    )
    add("Patched by hand again", "-t", "fire-fighting", "--date", "2026-11-21")

    def ids(*args: str) -> list[int]:
        result = run("list", "--json", *args)
        assert result.code == 0, result.err
        return [entry["id"] for entry in json.loads(result.out)]

    assert ids() == [4, 3, 2, 1]
    assert ids("--quarter", "2026-Q3") == [1]
    assert ids("--quarter", "this") == [4, 3, 2]
    assert ids("--quarter", "last") == [1]
    assert ids("--from", "2026-10-01", "--to", "2026-11-20") == [3, 2]
    assert ids("--trigger", "quota-behind") == [2, 1]
    assert ids("--kind", "save") == [2]
    assert ids("--search", "training") == [3]
    assert ids("--search", "patch") == [4]  # words match as prefixes while typing
    assert ids("--search", "hand again") == [4]
    assert ids("--search", "nothing-like-this") == []
    assert ids("--customer", "acme") == [1]
    assert ids("-n", "2") == [4, 3]
    assert ids("--trigger", "quota-behind", "--kind", "slip") == [1]


def test_list_human_output_and_count_line(run: Runner, added: Adder) -> None:
    add = added
    for number in range(3):
        add(f"Moment {number}", "-t", "good-enough")
    result = run("list", "-n", "2")
    assert result.code == 0
    assert "Moment 2" in result.out and "Moment 0" not in result.out
    assert "2 of 3 shown" in result.err
    assert run("list", "--search", "zzz").out.strip() == "No entries match."


def test_search_finds_notes_customers_and_impact(run: Runner, added: Adder) -> None:
    add = added
    add("Closed the deal", "--customer", "Harbor Dental", "--impact", "seats unused")
    add("Another moment")
    run("note", "2", "They called back about the invoice")

    def found(text: str) -> list[int]:
        return [e["id"] for e in json.loads(run("list", "--json", "--search", text).out)]

    assert found("harbor") == [1]
    assert found("unused") == [1]
    assert found("invoice") == [2]


@pytest.mark.parametrize("query", ['"', "*", "NEAR", ")", "a OR", '"unclosed', "col:word", "-x"])
def test_search_survives_fts_syntax(run: Runner, added: Adder, query: str) -> None:
    added("A plain moment")
    result = run("list", f"--search={query}")  # "=" lets a query start with "-"
    assert result.code == 0, result.err
    assert "Traceback" not in result.err


def test_show_human_output(run: Runner, added: Adder) -> None:
    added("Did the thing", "-t", "quota-behind", "--customer", "Acme", "--severity", "3")
    run("note", "1", "Looking back, it was avoidable")
    out = run("show", "1").out
    assert "Did the thing" in out
    assert "quota-behind (Sales quota behind)" in out
    assert "3/5" in out and "Acme" in out
    assert "later notes" in out and "Looking back, it was avoidable" in out


def test_edit_changes_fields_and_replaces_triggers(run: Runner, added: Adder) -> None:
    added("First words", "-t", "quota-behind", "--customer", "Acme")
    result = run(
        "edit", "1", "--situation", "Better words", "-t", "look-good", "--severity", "2",
        "--customer", "", "--kind", "save",
    )  # fmt: skip
    assert result.code == 0, result.err
    shown = json.loads(run("show", "1", "--json").out)
    assert shown["situation"] == "Better words"
    assert shown["triggers"] == ["look-good"]
    assert shown["severity"] == 2
    assert shown["customer"] is None  # an empty text clears an optional field
    assert shown["kind"] == "save"
    assert shown["updated_at"]


def test_note_is_dated_and_leaves_the_entry_as_written(run: Runner, added: Adder) -> None:
    added("As it happened")
    assert run("note", "1", "What I learned later").code == 0
    assert run("note", "1", stdin="From stdin\n").code == 0
    shown = json.loads(run("show", "1", "--json").out)
    assert shown["situation"] == "As it happened"
    assert shown["updated_at"] is None
    assert [note["text"] for note in shown["notes"]] == ["What I learned later", "From stdin\n"]
    assert all(note["written_at"] for note in shown["notes"])


def test_delete_trash_and_restore(run: Runner, added: Adder) -> None:
    added("Keep me")
    added("Delete me")
    assert run("delete", "2").code == 0
    assert [e["id"] for e in json.loads(run("list", "--json").out)] == [1]
    trash = json.loads(run("trash", "--json").out)
    assert [e["id"] for e in trash] == [2] and trash[0]["deleted_at"]
    assert "Delete me" in run("trash").out
    assert run("edit", "2", "--severity", "3").code == 2  # in the trash: restore first
    assert run("restore", "2").code == 0
    assert [e["id"] for e in json.loads(run("list", "--json").out)] == [2, 1]
    assert json.loads(run("trash", "--json").out) == []
    assert run("trash").out.strip() == "The trash is empty."
    assert run("restore", "2").code == 2  # not in the trash any more


def test_checkin_and_streak(run: Runner, db_path: Path, added: Adder) -> None:
    assert run("streak").out.startswith("No streak yet")
    assert run("checkin", "--clean", "--date", "2 days ago").code == 0
    assert run("checkin", "--date", "yesterday").code == 0  # no slips that day: clean
    result = run("checkin")
    assert result.code == 0 and "Streak: 3 days" in result.out
    assert "3 days in a row, since 2026-11-20" in run("streak").out
    added("A slip today")
    assert run("checkin").code == 0  # today now has a slip: recorded as such
    conn = open_db(db_path)
    rows = dict(conn.execute("SELECT day, status FROM checkins"))
    assert rows == {"2026-11-20": "clean", "2026-11-21": "clean", "2026-11-22": "slips"}
    refused = run("checkin", "--clean")
    assert refused.code == 2 and "already has a slip" in refused.err
    assert dict(conn.execute("SELECT day, status FROM checkins"))["2026-11-22"] == "slips"


def test_a_one_day_streak_and_a_one_entry_trigger_are_singular(run: Runner, added: Adder) -> None:
    added("Moment", "-t", "quota-behind")
    assert "Streak: 1 day." in run("checkin").out
    assert "1 day in a row" in run("streak").out
    line = next(line for line in run("triggers").out.splitlines() if "quota-behind" in line)
    assert "1 entry " in line and "1 slip " in line and line.endswith("0 saves")


def test_edit_with_nothing_to_change_says_so(run: Runner, db_path: Path, added: Adder) -> None:
    added("Moment", "--severity", "3")
    bare = run("edit", "1")
    assert bare.code == 2 and bare.out == ""
    assert bare.err.startswith("journal edit: nothing to change in entry 1")
    same = run("edit", "1", "--severity", "3")
    assert same.code == 0 and "nothing changed" in same.err
    assert open_db(db_path).execute("SELECT count(*) FROM entry_revisions").fetchone()[0] == 0


def test_streak_counts_through_yesterday_when_today_is_open(run: Runner, added: Adder) -> None:
    added("Moment", "--date", "yesterday")
    run("checkin", "--date", "2 days ago")
    out = run("streak").out
    assert "2 days in a row" in out and "Today is not recorded yet" in out


def test_a_trigger_needs_only_a_name(run: Runner, added: Adder) -> None:
    result = run("triggers", "add", "Client deadline")
    assert result.code == 0, result.err
    assert "client-deadline" in result.out
    mine = {t["id"]: t for t in json.loads(run("triggers", "--json").out)}["client-deadline"]
    assert (mine["name"], mine["category"], mine["description"]) == (
        "Client deadline",
        "Your own",
        "",
    )
    assert run("triggers", "add", "board-meeting").code == 0
    assert added("Rushed it", "-t", "board-meeting") == 1


def test_triggers_list_add_rename_retire(run: Runner, added: Adder) -> None:
    listed = json.loads(run("triggers", "--json").out)
    assert len(listed) == 18 and all(t["builtin"] for t in listed)
    assert run("triggers", "list").code == 0
    result = run(
        "triggers", "add", "client-deadline", "--category", "Time and cost limits",
        "--description", "The client's own deadline forced a shortcut",
    )  # fmt: skip
    assert result.code == 0, result.err
    added("Rushed it", "-t", "client-deadline")
    assert run("triggers", "rename", "client-deadline", "Client's deadline").code == 0
    assert run("triggers", "retire", "client-deadline").code == 0
    mine = {t["id"]: t for t in json.loads(run("triggers", "--json").out)}["client-deadline"]
    assert mine["name"] == "Client's deadline"
    assert mine["retired"] and not mine["builtin"]
    assert (mine["entries"], mine["slips"]) == (1, 1)
    # history keeps the retired trigger; new entries cannot use it
    assert json.loads(run("show", "1", "--json").out)["triggers"] == ["client-deadline"]
    refused = run("add", "Again", "-t", "client-deadline")
    assert refused.code == 2 and "retired" in refused.err and "unretire" in refused.err
    # editing the old entry may keep it
    assert run("edit", "1", "-t", "client-deadline", "-t", "good-enough").code == 0
    assert run("triggers", "unretire", "client-deadline").code == 0
    assert run("add", "Again", "-t", "client-deadline").code == 0
    assert "client-deadline" in run("triggers").out


def test_demo_writes_its_own_file_and_is_reproducible(run: Runner, home: Path) -> None:
    first = home / "demo1.sqlite"
    second = home / "demo2.sqlite"
    assert run("demo", "--db", str(first), "--seed", "3").code == 0
    assert run("demo", "--db", str(second), "--seed", "3").code == 0
    tables = ("entries", "entry_triggers", "notes", "checkins", "commitments")

    def content(path: Path) -> list[object]:
        conn = open_db(path)
        return [conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in tables]

    assert content(first) == content(second)
    entries = json.loads(run("--db", str(first), "list", "--json", "-n", "0").out)
    assert 300 <= len(entries) <= 400
    assert len({e["customer"] for e in entries}) >= 6
    assert {e["kind"] for e in entries} == {"slip", "save"}
    assert any(e["recovery"] == "recovered" for e in entries)
    for entry in entries:  # good English whoever the customer is
        assert "the the" not in entry["situation"] and "s's " not in entry["situation"]
    assert any("the customer's " in e["situation"] for e in entries)
    days = sorted(e["occurred_on"] for e in entries)
    assert days[-1] <= "2026-11-22" and days[0] <= "2025-06-15"  # about 18 months
    other_seed = home / "demo3.sqlite"
    run("demo", "--db", str(other_seed), "--seed", "4")
    assert content(other_seed) != content(first)


def test_demo_default_path_is_not_the_journal(run: Runner, home: Path, db_path: Path) -> None:
    before = snapshot(db_path)
    result = run("demo", "--open")
    assert result.code == 0, result.err
    demo_file = home / "xdg-data" / "journal" / "demo.sqlite"
    assert demo_file.exists()
    assert snapshot(db_path) == before  # none made, or the encrypted one left as it was
    assert "Latest entries" in result.out
    assert run("demo").code == 0  # an earlier demo is replaced


def test_demo_never_writes_into_a_real_journal(run: Runner, db_path: Path, added: Adder) -> None:
    added("My real entry")
    before = snapshot(db_path)
    result = run("demo", "--db", str(db_path))
    assert result.code == 2 and "not a demo" in result.err
    assert snapshot(db_path) == before


def test_demo_bulk_size(run: Runner, home: Path) -> None:
    target = home / "big.sqlite"
    assert run("demo", "--db", str(target), "--entries", "5000").code == 0
    conn = open_db(target)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 5000
    assert conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 5000


def test_config_shows_paths_and_values(run: Runner, home: Path, db_path: Path) -> None:
    out = run("config").out
    assert str(home / "config.toml") in out and "no file yet" in out
    assert str(db_path) in out
    assert "fiscal_year_start_month = 1" in out and 'week_start = "monday"' in out
    (home / "config.toml").write_text('fiscal_year_start_month = 10\nweek_start = "Sunday"\n')
    out = run("config").out
    assert "fiscal_year_start_month = 10" in out and 'week_start = "sunday"' in out


def test_fiscal_quarters_in_list(run: Runner, home: Path, added: Adder) -> None:
    (home / "config.toml").write_text("fiscal_year_start_month = 10\n")
    added("In fiscal Q1", "--date", "2026-10-02")
    added("In fiscal Q4", "--date", "2026-09-30")

    def ids(quarter: str) -> list[int]:
        return [e["id"] for e in json.loads(run("list", "--json", "--quarter", quarter).out)]

    assert ids("FY2027-Q1") == [1]
    assert ids("FY2026-Q4") == [2]
    refused = run("list", "--quarter", "2026-Q4")
    assert refused.code == 2 and "FY" in refused.err


def test_version_and_help(run: Runner) -> None:
    from journal import __version__

    with pytest.raises(SystemExit) as exit_info:
        run("--version")
    assert exit_info.value.code == 0
    for command in ("add", "list", "show", "edit", "note", "delete", "restore", "trash",
                    "checkin", "streak", "triggers", "demo", "config"):  # fmt: skip
        with pytest.raises(SystemExit) as exit_info:
            run(command, "--help")
        assert exit_info.value.code == 0
    assert __version__


def test_version_and_help_in_a_process(run_process: Runner) -> None:
    from journal import __version__

    version = run_process("--version")
    assert version.code == 0 and version.out.strip() == f"journal {__version__}"
    helped = run_process("--help")
    assert helped.code == 0 and "checkin" in helped.out and "triggers" in helped.out
    add_help = run_process("add", "--help")
    assert add_help.code == 0 and "--severity" in add_help.out


def test_no_command_shows_latest_entries(run: Runner, added: Adder) -> None:
    assert "No entries yet" in run().out
    added("Something happened")
    out = run().out
    assert "Something happened" in out and "Streak" in out


def test_leaving_at_once_waits_for_threads_still_writing(tmp_path: Path) -> None:
    """After the app, the process ends without the interpreter's teardown, but a thread
    still writing (the day's backup) finishes first, and what was printed is flushed."""
    import subprocess
    import sys

    target = tmp_path / "written"
    script = (
        "import sys, threading, time\n"
        "from journal.cli import leave_at_once\n"
        "def write():\n"
        "    time.sleep(0.2)\n"
        f"    open({str(target)!r}, 'w').write('whole')\n"
        "threading.Thread(target=write).start()\n"
        "print('said', end='')\n"
        "leave_at_once(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 3
    assert done.stdout == "said"
    assert target.read_text() == "whole"
