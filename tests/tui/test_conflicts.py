"""Two windows on one entry: the app's form open while `journal edit` (or another connection)
writes, then ctrl+s. Each choice is checked on the screen and in the file: keep yours (theirs
stays in the history), take theirs, back to editing; an entry trashed or erased meanwhile; a
draft restored after a crash; notes and reviews; the history screen and the detail pane."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from journal.records import EntryFields
from journal.services.store import JournalStore
from journal.tui.app import JournalApp
from journal.tui.screens.conflict import ConflictScreen
from journal.tui.screens.entry_form import EntryFormScreen
from journal.tui.screens.history import HistoryScreen
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.screens.note import NoteScreen
from journal.tui.screens.review import ReviewScreen
from journal.tui.widgets.entry_detail import EntryDetail
from tests.conftest import Runner
from tests.tui.conftest import SIZE, TODAY, AppFactory, on_top, settle, sql, wait_until

ORIGINAL = "Pushed Northwind onto the annual plan"
THEIRS = "Pushed Northwind onto the annual plan; they asked for monthly (written in the shell)"
TYPED = " and typed in the app"


def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "journal.sqlite"
    store = JournalStore(db)
    store.add(
        EntryFields(situation=ORIGINAL, triggers=("quota-behind",), severity=2, customer="Nw"),
        today=TODAY,
    )
    store.close()
    return db


def current(db: Path) -> tuple[object, ...]:
    return sql(db, "SELECT situation, severity, version, deleted_at IS NOT NULL FROM entries")[0]


def revisions(db: Path) -> list[tuple[object, ...]]:
    return sql(db, "SELECT version, situation, severity FROM entry_revisions ORDER BY version")


def conflict_text(app: JournalApp) -> str:
    screen = app.screen
    assert isinstance(screen, ConflictScreen), type(screen).__name__
    parts = [
        str(screen.query_one(f"#conflict-{part}").render()) for part in ("title", "explanation")
    ]
    parts.append(_plain(screen.query_one("#conflict-table", Static)))
    return "\n".join(parts)


def _plain(widget: Static) -> str:
    """What a Static shows, as plain text (tables included), wide enough not to wrap."""
    console = Console(width=300, file=io.StringIO(), record=True)
    console.print(widget.content)
    return console.export_text()


async def open_form_and_type(pilot, app: JournalApp) -> EntryFormScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("e")
    form = app.screen
    assert isinstance(form, EntryFormScreen)
    await pilot.press("end", *TYPED)
    return form


def shell_edit(run: Runner, db: Path, *args: str) -> None:
    result = run("--db", str(db), "edit", "1", *args)
    assert result.code == 0, result.err


async def test_keep_yours_saves_over_theirs_and_keeps_theirs_in_the_history(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form_and_type(pilot, app)
        shell_edit(run, db, "--situation", THEIRS, "--severity", "4")
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = conflict_text(app)
        assert "Entry 1 changed while you were editing it" in shown
        assert "Version 2 was saved elsewhere" in shown and "from version 1" in shown
        # Field by field: theirs beside yours, and who changed it since the form opened.
        assert "What happened" in shown and "changed by both" in shown
        assert "Severity" in shown and "changed elsewhere" in shown
        assert THEIRS in shown and ORIGINAL + TYPED in shown
        assert current(db) == (THEIRS, 4, 2, 0)  # nothing written yet
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert form not in app.screen_stack
    # Yours is the entry now (your severity too: the form showed 2), theirs is version 2.
    assert current(db) == (ORIGINAL + TYPED, 2, 3, 0)
    assert revisions(db) == [(1, ORIGINAL, 2), (2, THEIRS, 4)]
    assert sql(db, "SELECT count(*) FROM meta WHERE key = 'draft'") == [(0,)]


async def test_take_theirs_drops_what_was_typed(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_and_type(pilot, app)
        shell_edit(run, db, "--situation", THEIRS)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        detail = _plain(app.screen.query_one("#detail-body", Static))
        assert THEIRS.split(";")[0] in detail
    assert current(db) == (THEIRS, 2, 2, 0)
    assert revisions(db) == [(1, ORIGINAL, 2)]
    assert sql(db, "SELECT count(*) FROM meta WHERE key = 'draft'") == [(0,)]


async def test_back_to_editing_keeps_the_typing_and_the_next_save_goes_over_theirs(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form_and_type(pilot, app)
        shell_edit(run, db, "--severity", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("e")
        await settle(pilot)
        assert on_top(app) is form
        assert form.query_one("#situation", TextArea).text == ORIGINAL + TYPED
        assert current(db) == (ORIGINAL, 5, 2, 0)
        await pilot.press(*" and more")
        await pilot.press("ctrl+s")  # over version 2, the one just shown: no second question
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert current(db) == (ORIGINAL + TYPED + " and more", 2, 3, 0)
    assert revisions(db) == [(1, ORIGINAL, 2), (2, ORIGINAL, 5)]


async def test_a_change_from_another_process_while_the_form_is_open_is_noticed(
    make_app: AppFactory, tmp_path: Path, home: Path
) -> None:
    """The shell's `journal edit` as its own process, as a person's second terminal runs it."""
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_and_type(pilot, app)
        done = subprocess.run(
            [sys.executable, "-m", "journal", "--db", str(db), "edit", "1", "--customer", "Acme"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = conflict_text(app)
        assert "Customer" in shown and "Acme" in shown and "changed elsewhere" in shown
        await pilot.press("k")
        await settle(pilot)
    assert sql(db, "SELECT customer, version FROM entries") == [("Nw", 3)]
    assert sql(db, "SELECT version, customer FROM entry_revisions ORDER BY 1") == [
        (1, "Nw"),
        (2, "Acme"),
    ]


async def test_an_entry_moved_to_the_trash_meanwhile_comes_back_with_yours(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_and_type(pilot, app)
        assert run("--db", str(db), "delete", "1").code == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = conflict_text(app)
        assert "moved to the trash while you were editing it" in shown
        assert current(db)[3] == 1
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert current(db) == (ORIGINAL + TYPED, 2, 2, 0)


async def test_leave_it_in_the_trash_writes_nothing(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_and_type(pilot, app)
        assert run("--db", str(db), "delete", "1").code == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert current(db) == (ORIGINAL, 2, 1, 1)
    assert revisions(db) == []


async def test_an_entry_erased_meanwhile_is_saved_as_a_new_one(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_and_type(pilot, app)
        with sqlite3.connect(db) as other:  # erased for good, as emptying the trash does
            other.execute("PRAGMA foreign_keys = ON")
            other.execute("DELETE FROM entries WHERE id = 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = conflict_text(app)
        assert "was erased while you were editing it" in shown
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    # A new entry (SQLite may give it the erased one's free id), as typed, with no past.
    assert sql(db, "SELECT situation, severity, version FROM entries") == [(ORIGINAL + TYPED, 2, 1)]
    assert revisions(db) == []


async def test_the_same_change_made_elsewhere_is_no_question(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_and_type(pilot, app)
        shell_edit(run, db, "--situation", ORIGINAL + TYPED)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert current(db) == (ORIGINAL + TYPED, 2, 2, 0)


async def test_a_draft_restored_after_a_crash_notices_an_edit_saved_since(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_and_type(pilot, app)
        await wait_until(pilot, lambda: TYPED in str(sql(db, "SELECT value FROM meta")))
    # The app is gone with the draft in the file; the shell edits the entry meanwhile.
    shell_edit(run, db, "--situation", THEIRS)
    again = make_app(db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")  # restore the draft
        await settle(pilot)
        form = again.screen
        assert isinstance(form, EntryFormScreen) and form.base_version == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Entry 1 changed while you were editing it" in conflict_text(again)
        await pilot.press("k")
        await settle(pilot)
    assert current(db) == (ORIGINAL + TYPED, 2, 3, 0)
    assert revisions(db) == [(1, ORIGINAL, 2), (2, THEIRS, 2)]


# --- notes -------------------------------------------------------------------------------------


async def open_note(pilot, app: JournalApp, text: str) -> NoteScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("a")
    note = app.screen
    assert isinstance(note, NoteScreen)
    await pilot.press(*text)
    return note


async def test_a_note_on_an_entry_edited_meanwhile_is_simply_added(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_note(pilot, app, "They renewed after all")
        shell_edit(run, db, "--severity", "3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT text FROM notes") == [("They renewed after all",)]


async def test_a_note_on_an_entry_trashed_meanwhile_asks_first(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        note = await open_note(pilot, app, "They renewed after all")
        assert run("--db", str(db), "delete", "1").code == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "moved to the trash while you wrote this note" in conflict_text(app)
        await pilot.press("e")  # back to the note: the words are still there
        await settle(pilot)
        assert app.screen is note
        assert note.query_one(TextArea).text == "They renewed after all"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")  # leave it in the trash: no note
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert sql(db, "SELECT count(*) FROM notes") == [(0,)]
        assert current(db)[3] == 1

        assert run("--db", str(db), "restore", "1").code == 0
        await pilot.press("ctrl+r")
        await settle(pilot)
        await open_note(pilot, app, "Second try")
        assert run("--db", str(db), "delete", "1").code == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("k")  # add it and bring the entry back
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT text FROM notes") == [("Second try",)]
    assert current(db)[3] == 0


async def test_a_note_on_an_entry_erased_meanwhile_cannot_be_kept_but_can_be_copied(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        note = await open_note(pilot, app, "Words to keep")
        with sqlite3.connect(db) as other:
            other.execute("DELETE FROM entries WHERE id = 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        assert "erased while you wrote this note" in conflict_text(app)
        assert not screen.query("#conflict-mine")  # there is nothing to add it to
        await pilot.press("k")  # not offered: nothing happens
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert on_top(app) is note and note.query_one(TextArea).text == "Words to keep"


# --- reviews -----------------------------------------------------------------------------------


async def open_review_and_write(pilot, app: JournalApp, text: str) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    screen.query_one("#reflection", TextArea).text = text
    return screen


def shell_review(run: Runner, db: Path, text: str) -> None:
    result = run("--db", str(db), "review", "2026-Q4", "--reflection", text)
    assert result.code == 0, result.err


def reflection(db: Path) -> list[tuple[object, ...]]:
    return sql(db, "SELECT reflection, version FROM reviews WHERE quarter = '2026-Q4'")


async def test_a_review_saved_in_the_shell_meanwhile_asks_and_keep_yours_saves_over_it(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review_and_write(pilot, app, "Mine, typed in the app")
        shell_review(run, db, "Theirs, from the shell")
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = conflict_text(app)
        assert "The review of 2026-Q4 was saved elsewhere meanwhile" in shown
        assert "Reflection" in shown and "Theirs, from the shell" in shown
        assert "Mine, typed in the app" in shown and "changed by both" in shown
        assert reflection(db) == [("Theirs, from the shell", 1)]
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    assert reflection(db) == [("Mine, typed in the app", 2)]


async def test_a_review_saved_meanwhile_take_theirs_shows_it_and_back_keeps_the_typing(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review_and_write(pilot, app, "Mine")
        shell_review(run, db, "Theirs")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("e")  # back to the review: still mine, nothing written
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#reflection", TextArea).text == "Mine"
        assert reflection(db) == [("Theirs", 1)]
        shell_review(run, db, "Theirs again")
        await pilot.press("ctrl+s")  # saved again meanwhile: asked again
        await settle(pilot)
        assert "Theirs again" in conflict_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#reflection", TextArea).text == "Theirs again"
        assert not screen.unsaved
    assert reflection(db) == [("Theirs again", 2)]


# --- history -----------------------------------------------------------------------------------


async def test_the_detail_pane_counts_edits_and_h_shows_every_version(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    shell_edit(run, db, "--severity", "4")
    shell_edit(run, db, "--situation", THEIRS)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = _plain(app.screen.query_one(EntryDetail).query_one("#detail-body", Static))
        assert "edited 2 times" in detail and "(h: history)" in detail
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        title = str(history.query_one("#history-title", Static).render())
        assert "History of entry 1: 3 versions: edited 2 times" in title
        headings = [str(s.render()) for s in history.query(".version-heading").results(Static)]
        assert [h.split(" · ")[0] for h in headings] == ["Version 1", "Version 2", "Version 3"]
        assert "as first written" in headings[0] and headings[2].endswith("current")
        bodies = [_plain(s) for s in history.query(".version-body").results(Static)]
        assert ORIGINAL in bodies[0] and "Sales quota behind" in bodies[0]
        assert "Severity" in bodies[1] and "2/5" in bodies[1] and "4/5" in bodies[1]
        assert THEIRS in bodies[2] and "Severity" not in bodies[2]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def test_the_history_key_follows_the_keymap(make_app: AppFactory, tmp_path: Path) -> None:
    db = seeded(tmp_path)
    app = make_app(db, keys=(("history", "ctrl+y"),))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


# --- snapshots -----------------------------------------------------------------------------------

SnapCompare = Callable[..., bool]
SAVED_ELSEWHERE = "2026-11-22T14:03:00+01:00"


def _edit_elsewhere(db: Path, monkeypatch: pytest.MonkeyPatch, **fields: object) -> None:
    """Another connection edits the demo's newest entry, at a fixed time (stable pictures)."""
    from journal.db import open_journal
    from journal.services import entries, revisions

    monkeypatch.setattr(revisions, "now_iso", lambda: SAVED_ELSEWHERE)
    conn = open_journal(db)
    try:
        newest = entries.query(conn, limit=1)[0].id
        entries.update(conn, newest, EntryFields(**fields), today=TODAY)  # type: ignore[arg-type]
    finally:
        conn.close()


def _conflict_before(monkeypatch: pytest.MonkeyPatch) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, EntryFormScreen)
        situation = form.query_one("#situation", TextArea)
        situation.text += " I told nobody."
        assert isinstance(pilot.app, JournalApp)
        _edit_elsewhere(
            pilot.app.db_path,
            monkeypatch,
            situation="Rewritten in the shell: the renewal call went badly",
            severity=5,
            customer="Harbor Freight",
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConflictScreen)

    return run_before


def test_conflict_screen_at_80x24(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    demo_db: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_before = _conflict_before(monkeypatch)
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=run_before)


def test_conflict_screen_at_120x40(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    demo_db: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_before = _conflict_before(monkeypatch)
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=run_before)


def test_history_screen(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    demo_db: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _edit_elsewhere(demo_db, monkeypatch, severity=5, customer="Harbor Freight")
    _edit_elsewhere(demo_db, monkeypatch, situation="Rewritten: the renewal call went badly")

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


async def test_keep_yours_meeting_yet_another_change_asks_again(
    make_app: AppFactory, tmp_path: Path, run: Runner
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_and_type(pilot, app)
        shell_edit(run, db, "--severity", "4")
        await pilot.press("ctrl+s")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, ConflictScreen)
        shell_edit(run, db, "--severity", "5")  # while the person reads the first question
        await pilot.press("k")
        await settle(pilot)
        second = app.screen
        assert isinstance(second, ConflictScreen) and second is not first
        assert "Version 3 was saved elsewhere" in conflict_text(app)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert current(db) == (ORIGINAL + TYPED, 2, 4, 0)
    assert [row[2] for row in revisions(db)] == [2, 4, 5]
