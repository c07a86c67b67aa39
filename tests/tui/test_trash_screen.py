"""The trash screen (T): erase one entry or the whole trash for good, each after a question,
then remove the backups that still hold what was erased when asked."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Label

from journal.backups import folder_for
from journal.records import EntryFields
from journal.services.store import JournalStore
from journal.tui.screens.confirm import ConfirmScreen
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.screens.trash import TrashScreen
from tests.test_erasure import found_in, journal_files
from tests.tui.conftest import SIZE, TODAY, AppFactory, settle, sql

SECRETS = ("Zanzibarquux", "Snarkleberry", "Quillfeather")


def _journal(db: Path) -> tuple[int, int, int]:
    """Three entries in the trash (two with secret words) and one that stays."""
    store = JournalStore(db)
    first = store.add(
        EntryFields(situation="Told Zanzibarquux everything " + "at length " * 200), today=TODAY
    )
    store.add_note(first, "Snarkleberry " * 40)
    second = store.add(EntryFields(situation="Quillfeather promised"), today=TODAY)
    third = store.add(EntryFields(situation="A plain regret"), today=TODAY)
    store.add(EntryFields(situation="Plumbusfjord stays"), today=TODAY)
    for entry_id in (first, second, third):
        store.delete(entry_id)
    store.close()
    return first, second, third


async def _open_trash(pilot: Pilot[None]) -> TrashScreen:
    await settle(pilot)
    await pilot.press("T")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TrashScreen)
    return screen


def _select(screen: TrashScreen, entry_id: int) -> None:
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(str(entry_id)))


async def test_erase_one_entry_for_good(make_app: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite"
    first, second, third = _journal(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_trash(pilot)
        _select(screen, first)
        await pilot.press("delete")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert question.question.startswith(f"Erase entry {first} for good, with its notes?")
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert sql(db, "SELECT count(*) FROM entries WHERE id = ?", first) == [(1,)]
        await pilot.press("delete", "y")
        await settle(pilot)
        offer = app.screen  # the app's own daily backup, taken on opening, holds the trash
        assert isinstance(offer, ConfirmScreen)
        assert offer.question.startswith("1 backup of the journal still holds what was erased:")
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(DataTable).row_count == 2
        messages = [n.message for n in app._notifications]
    assert "Erased 1 entry for good." in messages
    assert "The backups are kept." in messages
    assert len(list(folder_for(db).iterdir())) == 1
    assert sql(db, "SELECT id FROM entries WHERE deleted_at IS NOT NULL ORDER BY id") == [
        (second,),
        (third,),
    ]
    assert found_in(journal_files(db), ["Zanzibarquux", "Snarkleberry"]) == []
    assert found_in(journal_files(db), ["Quillfeather"])  # still in the trash, restorable


async def test_empty_the_trash_and_remove_the_backups_that_hold_it(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite"
    _journal(db)
    store = JournalStore(db)
    backup = folder_for(db) / "journal-by-hand.sqlite"
    assert store.daily_backup(7) is None  # today's, holding the trash
    store.close()
    from journal.backups import take_manual
    from journal.db import open_journal

    conn = open_journal(db)
    take_manual(conn, db, backup)
    conn.close()
    held = sorted(folder_for(db).iterdir())
    assert len(held) == 2
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_trash(pilot)
        await pilot.press("E")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert "Erase 3 entries in the trash for good" in question.question
        await pilot.press("y")
        await settle(pilot)
        offer = app.screen
        assert isinstance(offer, ConfirmScreen)
        assert offer.question.startswith("2 backups of the journal still hold what was erased:")
        for path in held:
            assert path.name in offer.question
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        status = str(screen.query_one("#trash-status", Label).render())
        assert status == "The trash is empty."
        messages = [n.message for n in app._notifications]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert "Erased 3 entries for good." in messages
    assert "Removed 2 backups." in messages
    assert sql(db, "SELECT situation FROM entries") == [("Plumbusfjord stays",)]
    assert not any(path.exists() for path in held)
    assert found_in(journal_files(db), list(SECRETS)) == []


async def test_an_erased_entry_cannot_be_undone(make_app: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite"
    store = JournalStore(db)
    store.add(EntryFields(situation="Regretted at once"), today=TODAY)
    store.close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")  # to the trash, undoable
        screen = await _open_trash(pilot)
        await pilot.press("delete", "y")
        await settle(pilot)
        await pilot.press("n")  # keep the day's backup
        await settle(pilot)
        assert screen.query_one(DataTable).row_count == 0
        await pilot.press("escape", "u")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
    assert messages[-1] == "Nothing to undo."
    assert sql(db, "SELECT count(*) FROM entries") == [(0,)]
