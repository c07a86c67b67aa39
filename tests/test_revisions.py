"""Earlier versions of entries: every edit keeps the version it replaces, in its own transaction;
the version counter noticing a change made meanwhile; `show` and `show --history`; the shell's
`journal edit --edit` racing another window."""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.db import open_journal
from journal.periods import parse_quarter
from journal.records import EntryFields, changes_between
from journal.services import commitments, entries, imports, revisions
from journal.services.reviews import ReviewConflict, ReviewInput, save_review, saved_review
from tests.conftest import Adder, Runner

TODAY = date(2026, 11, 22)


def fresh(tmp_path: Path, name: str = "j.sqlite") -> sqlite3.Connection:
    return open_journal(tmp_path / name)


def first_entry(conn: sqlite3.Connection) -> int:
    return entries.add(
        conn,
        EntryFields(situation="As first written", triggers=("quota-behind",), severity=2),
        today=TODAY,
    )


# --- the history is complete: a property over any run of edits ---------------------------------

typed = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
    min_size=1,
    max_size=40,
).filter(lambda text: bool(text.strip()))


@st.composite
def an_edit(draw: st.DrawFn) -> tuple[EntryFields, frozenset[str]]:
    fields = EntryFields(
        situation=draw(st.none() | typed),
        kind=draw(st.none() | st.sampled_from(("slip", "save"))),
        occurred_on=draw(st.none() | st.integers(0, 400).map(lambda d: TODAY - timedelta(d))),
        triggers=draw(
            st.none()
            | st.lists(
                st.sampled_from(("quota-behind", "look-good", "good-enough")), unique=True
            ).map(tuple)
        ),
        customer=draw(st.none() | typed),
        severity=draw(st.none() | st.integers(1, 5)),
        recovery=draw(st.none() | st.sampled_from(("none", "attempted", "recovered", "lost"))),
        next_time=draw(st.none() | typed),
    )
    clear = draw(st.sets(st.sampled_from(("customer", "severity", "next_time"))))
    return fields, frozenset(name for name in clear if getattr(fields, name) is None)


@settings(max_examples=40, deadline=None)
@given(edits=st.lists(an_edit(), max_size=8))
def test_every_state_an_entry_went_through_is_one_of_its_versions(
    edits: list[tuple[EntryFields, frozenset[str]]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    conn = fresh(tmp_path_factory.mktemp("history"))
    entry_id = first_entry(conn)
    first = revisions.current_version(conn, entry_id)
    assert first is not None
    states = [first]
    for fields, clear in edits:
        entries.update(conn, entry_id, fields, today=TODAY, clear=clear)
        now = revisions.current_version(conn, entry_id)
        assert now is not None
        if not now.same_account(states[-1]):
            states.append(now)
        else:  # an edit that changes nothing writes nothing
            assert now.number == states[-1].number
    found = revisions.versions(conn, entry_id)
    assert [v.number for v in found] == list(range(1, len(states) + 1))
    assert all(v.same_account(s) for v, s in zip(found, states, strict=True))
    assert all(v.replaced_at for v in found[:-1]) and found[-1].current
    # Each version differs from the one before: a revision is never an empty change.
    assert all(changes_between(a, b) for a, b in pairwise(found))
    entry = entries.get(conn, entry_id)
    assert entry.version == len(states) and entry.edits == len(states) - 1
    assert (entry.updated_at is None) == (len(states) == 1)
    conn.close()


# --- one edit, one transaction -------------------------------------------------------------------


def test_an_edit_keeps_what_it_replaced_triggers_answers_and_all(tmp_path: Path) -> None:
    conn = fresh(tmp_path)
    conn.execute(
        "INSERT INTO commitments (trigger_id, plan, quarter, set_on) VALUES"
        " ('quota-behind', 'ask first', '2026-Q4', '2026-10-01')"
    )
    entry_id = first_entry(conn)
    commitments.record_checks(conn, entry_id, {1: "no"})  # an answer is part of the account
    with revisions.revising(conn, entry_id):  # fields and answer together: one new version
        entries.update(conn, entry_id, EntryFields(severity=4, kind="save"), today=TODAY)
        commitments.record_checks(conn, entry_id, {1: "yes"})
    found = revisions.versions(conn, entry_id)
    assert [v.number for v in found] == [1, 2]
    was, now = found
    assert (was.severity, was.kind, was.followed) == (2, "slip", ((1, "no"),))
    assert (now.severity, now.kind, now.followed) == (4, "save", ((1, "yes"),))
    assert was.triggers == ("quota-behind",) and was.written_at == entries.get(conn, 1).logged_at
    assert [c.field for c in changes_between(was, now)] == ["kind", "severity", "followed"]


def test_a_failed_edit_writes_neither_the_change_nor_a_revision(tmp_path: Path) -> None:
    conn = fresh(tmp_path)
    entry_id = first_entry(conn)
    before = conn.execute("SELECT * FROM entries").fetchall()
    with pytest.raises(RuntimeError), revisions.revising(conn, entry_id):
        entries.update(conn, entry_id, EntryFields(situation="Half written"), today=TODAY)
        raise RuntimeError("the disk went away")
    assert conn.execute("SELECT * FROM entries").fetchall() == before
    assert conn.execute("SELECT count(*) FROM entry_revisions").fetchone()[0] == 0


def test_a_change_made_meanwhile_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    conn = fresh(tmp_path)
    other = fresh(tmp_path)  # a second window on the same file
    entry_id = first_entry(conn)
    entries.update(other, entry_id, EntryFields(situation="Theirs"), today=TODAY)
    with pytest.raises(revisions.EditConflict) as caught:
        entries.update(
            conn, entry_id, EntryFields(situation="Mine"), today=TODAY, expected_version=1
        )
    conflict = caught.value
    assert (conflict.state, conflict.expected) == ("changed", 1)
    assert conflict.current is not None and conflict.current.situation == "Theirs"
    assert "since version 1 (it is now version 2)" in str(conflict)
    assert entries.get(conn, entry_id).situation == "Theirs"
    # Saving over the version just shown is the person's choice, and keeps theirs too.
    entries.update(conn, entry_id, EntryFields(situation="Mine"), today=TODAY, expected_version=2)
    assert [v.situation for v in revisions.versions(conn, entry_id)] == [
        "As first written",
        "Theirs",
        "Mine",
    ]
    entries.delete(other, entry_id)
    with pytest.raises(revisions.EditConflict, match="moved to the trash") as trashed:
        entries.update(conn, entry_id, EntryFields(severity=5), today=TODAY, expected_version=3)
    assert trashed.value.deleted_at is not None


def test_classifying_an_imported_entry_is_an_edit_too(tmp_path: Path) -> None:
    conn = fresh(tmp_path)
    entry_id = entries.insert_row(
        conn,
        "entries",
        {"kind": "slip", "occurred_on": "2026-11-01", "logged_at": "2026-11-01T09:00:00+00:00",
         "situation": "Imported", "to_classify": 1},
    )  # fmt: skip
    imports.classify(conn, entry_id, "save", today=TODAY)
    was, now = revisions.versions(conn, entry_id)
    assert (was.kind, was.to_classify) == ("slip", True)
    assert (now.kind, now.to_classify) == ("save", False)


def test_erasing_an_entry_erases_its_earlier_versions(tmp_path: Path) -> None:
    conn = fresh(tmp_path)
    entry_id = first_entry(conn)
    entries.update(conn, entry_id, EntryFields(situation="Second"), today=TODAY)
    cascade = [
        (row[2], row[6])
        for row in conn.execute("PRAGMA foreign_key_list(entry_revisions)").fetchall()
    ]
    assert cascade == [("entries", "CASCADE")]
    conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
    assert conn.execute("SELECT count(*) FROM entry_revisions").fetchone()[0] == 0


def test_a_review_saved_meanwhile_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    conn = fresh(tmp_path)
    quarter = parse_quarter("2026-Q4", today=TODAY)
    first = save_review(conn, quarter, ReviewInput(reflection="Theirs"), today=TODAY)
    assert first.version == 1
    with pytest.raises(ReviewConflict) as caught:  # the screen opened with none saved
        save_review(conn, quarter, ReviewInput(reflection="Mine"), today=TODAY, expected_version=0)
    assert caught.value.theirs is not None and caught.value.theirs.reflection == "Theirs"
    saved = save_review(
        conn, quarter, ReviewInput(reflection="Mine"), today=TODAY, expected_version=1
    )
    assert (saved.reflection, saved.version) == ("Mine", 2)
    stored = saved_review(conn, quarter)
    assert stored is not None and stored.version == 2


# --- the command line --------------------------------------------------------------------------


def test_show_says_how_often_an_entry_was_edited(run: Runner, added: Adder) -> None:
    added("First wording", "--severity", "2", "--customer", "Acme")
    assert "edited" not in run("show", "1").out
    assert run("edit", "1", "--severity", "3").code == 0
    assert run("edit", "1", "--severity", "3").code == 0  # changes nothing: not an edit
    assert run("edit", "1", "--situation", "Second wording\nwith a second line").code == 0
    shown = run("show", "1").out
    assert "edited  2 times, last" in shown and "journal show 1 --history" in shown
    assert json.loads(run("show", "1", "--json").out)["version"] == 3


def test_show_history_prints_every_version_oldest_first(run: Runner, added: Adder) -> None:
    added("First wording", "--severity", "2", "--customer", "Acme", "-t", "quota-behind")
    run("edit", "1", "--severity", "4", "--customer", "Acme Corp")
    run("edit", "1", "--situation", "Second wording\nwith a second line")
    result = run("show", "1", "--history")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Entry 1 · 3 versions: edited 2 times"
    headings = [line for line in lines if line.startswith("Version ")]
    assert [h.split(" · ")[0] for h in headings] == ["Version 1", "Version 2", "Version 3"]
    assert "as first written" in headings[0] and headings[2].endswith("current")
    text = result.out
    assert "  Customer: Acme\n" in text and "  Severity: 2/5\n" in text  # version 1 in full
    assert "  Customer: Acme → Acme Corp" in text and "  Severity: 2/5 → 4/5" in text
    assert "  What happened, was:\n    First wording\n  What happened, now:\n" in text
    assert "    Second wording\n    with a second line" in text

    data = json.loads(run("show", "1", "--history", "--json").out)
    assert data["id"] == 1 and [v["version"] for v in data["versions"]] == [1, 2, 3]
    assert [v["current"] for v in data["versions"]] == [False, False, True]
    assert data["versions"][1]["changes"] == [
        {"field": "customer", "before": "Acme", "after": "Acme Corp"},
        {"field": "severity", "before": 2, "after": 4},
    ]
    assert data["versions"][0]["changes"] == []
    # Never edited, and in the trash: the history still reads.
    added("Untouched")
    run("delete", "2")
    assert "Entry 2 · 1 version: never edited" in run("show", "2", "--history").out
    refused = run("show", "9", "--history")
    assert refused.code == 2 and "no entry 9" in refused.err


def _editor(home: Path, monkeypatch: pytest.MonkeyPatch, meanwhile: str) -> None:
    """$EDITOR that runs `meanwhile` (another window's write) before saving its own text."""
    editor = home / "editor.sh"
    editor.write_text(
        f'#!/bin/sh\n{meanwhile} >/dev/null\nprintf "Written in the editor\\n" > "$1"\n'
    )
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)


def test_edit_in_the_editor_while_another_window_saves_keeps_both(
    run: Runner, added: Adder, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added("First wording", "--severity", "2")
    _editor(home, monkeypatch, f"{sys.executable} -m journal edit 1 --situation 'Theirs'")
    result = run("edit", "1", "--edit")
    assert result.code == 0, result.err
    assert "changed elsewhere while you edited; yours is saved" in result.err
    history = json.loads(run("show", "1", "--history", "--json").out)["versions"]
    assert [v["situation"] for v in history] == ["First wording", "Theirs", "Written in the editor"]


def test_edit_in_the_editor_of_an_entry_trashed_meanwhile_brings_it_back(
    run: Runner, added: Adder, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added("First wording")
    _editor(home, monkeypatch, f"{sys.executable} -m journal delete 1")
    result = run("edit", "1", "--edit")
    assert result.code == 0, result.err
    assert "moved to the trash meanwhile; it is back" in result.err
    shown = json.loads(run("show", "1", "--json").out)
    assert (shown["situation"], shown["deleted_at"], shown["version"]) == (
        "Written in the editor",
        None,
        2,
    )


def test_edit_in_the_editor_of_an_entry_erased_meanwhile_saves_a_new_one(
    run: Runner, added: Adder, home: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added("First wording")
    added("Another")
    erase = f"{sys.executable} -c \"import sqlite3; c = sqlite3.connect('{db_path}');" + (
        " c.execute('DELETE FROM entries WHERE id = 1'); c.commit()\""
    )
    _editor(home, monkeypatch, erase)
    result = run("edit", "1", "--edit")
    assert result.code == 0, result.err
    assert "erased meanwhile; yours is a new entry" in result.err
    listed = json.loads(run("list", "--json").out)
    assert sorted(e["situation"] for e in listed) == ["Another", "Written in the editor"]


def test_a_bad_edit_is_refused_and_writes_no_version(run: Runner, added: Adder) -> None:
    added("First wording")
    refused = run("edit", "1", "--situation", "   ")
    assert refused.code == 2
    assert json.loads(run("show", "1", "--json").out)["version"] == 1
