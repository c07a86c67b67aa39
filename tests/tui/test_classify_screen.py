"""Classifying imported entries (i): one at a time, each decision written at once; the journal
screen says how many wait and stops saying it once none do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from journal.db import open_journal
from journal.importers import ImportedEntry
from journal.services.imports import import_entries
from journal.tui.screens.classify import ClassifyScreen
from journal.tui.screens.entry_form import EntryFormScreen
from journal.tui.screens.journal_screen import JournalScreen
from tests.tui.conftest import SIZE, TODAY, AppFactory, settle, sql

SnapCompare = Callable[..., bool]

IMPORTED = (
    ("jrnl-1", date(2026, 9, 2), "Pushed Acme onto the bigger plan to hit the number.", "Acme"),
    ("jrnl-2", date(2026, 9, 9), "Told Globex the cheaper option fits them, quota or not.", None),
    ("jrnl-3", date(2026, 10, 1), "Closed the ticket without checking it was fixed.", "Initech"),
)


def imported_journal(folder: Path) -> Path:
    """A journal holding one typed entry and three imported ones that do not say slip or save."""
    path = folder / "imported.sqlite"
    conn = open_journal(path)
    try:
        with conn:
            conn.execute(
                "INSERT INTO entries (kind, occurred_on, logged_at, situation)"
                " VALUES ('save', '2026-08-01', '2026-08-01T09:00:00+00:00', 'Typed by hand')"
            )
        records = [
            ImportedEntry(
                where=f"entry {number}",
                key=key,
                situation=situation,
                occurred_on=day,
                logged_at=f"{day.isoformat()}T18:00:00+00:00",
                customer=customer,
                triggers=("quota",) if number != 3 else ("metric", "quota"),
                kind=None,
            )
            for number, (key, day, situation, customer) in enumerate(IMPORTED, start=1)
        ]
        report = import_entries(conn, records, today=TODAY)
    finally:
        conn.close()
    assert report.to_classify == 3
    return path


@pytest.fixture
def imported_db(tmp_path: Path) -> Path:
    return imported_journal(tmp_path)


def kinds(db: Path) -> list[tuple[object, ...]]:
    return sql(db, "SELECT import_key, kind, to_classify FROM entries WHERE import_key IS NOT NULL")


def text_of(app: Any, selector: str) -> str:
    """A Static's words as plain text, however it was given them (text or a Rich group)."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=200, no_color=True)
    with console.capture() as captured:
        console.print(content)
    return captured.get()


async def test_the_count_shows_under_the_list_until_none_wait(
    make_app: AppFactory, imported_db: Path
) -> None:
    app = make_app(imported_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        status = text_of(app, "#list-status")
        assert "4 entries" in status
        assert "3 imported entries to classify — press i" in status

        await pilot.press("i")
        assert isinstance(app.screen, ClassifyScreen)
        assert "1 of 3 to classify" in text_of(app, "#classify-title")
        body = text_of(app, "#classify-entry")
        assert "Pushed Acme onto the bigger plan" in body
        assert "Acme" in body and "quota" in body and "Wed 02 Sep 2026" in body

        await pilot.press("v")  # the first becomes a save, written at once
        assert kinds(imported_db)[0] == ("jrnl-1", "save", 0)
        assert "1 of 2 to classify" in text_of(app, "#classify-title")
        assert "Globex" in text_of(app, "#classify-entry")
        assert "Entry #2 is now a save" in text_of(app, "#classify-status")

        await pilot.press("s")
        assert kinds(imported_db)[1] == ("jrnl-2", "slip", 0)
        assert "1 of 1 to classify" in text_of(app, "#classify-title")

        await pilot.press("v")  # the last one
        assert kinds(imported_db) == [("jrnl-1", "save", 0), ("jrnl-2", "slip", 0),
                                      ("jrnl-3", "save", 0)]  # fmt: skip
        screen = app.screen
        assert isinstance(screen, ClassifyScreen) and screen.done
        assert screen.query_one("#classify-done").display
        assert "All imported entries are classified" in text_of(app, "#classify-done-text")
        await pilot.press("s")  # nothing left to decide: the key does nothing
        assert kinds(imported_db)[2] == ("jrnl-3", "save", 0)

        await pilot.press("enter")  # the offered way back
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        status = text_of(app, "#list-status")
        assert status.strip() == "4 entries"  # the count line is gone

        await pilot.press("i")  # none left: a note, no screen
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert any("No imported entries" in n.message for n in app._notifications)


async def test_skip_go_back_and_change_a_decision(make_app: AppFactory, imported_db: Path) -> None:
    app = make_app(imported_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.press("n")  # skip the first without deciding
        assert "2 of 3 to classify" in text_of(app, "#classify-title")
        await pilot.press("down")
        assert "3 of 3 to classify" in text_of(app, "#classify-title")
        await pilot.press("n")  # already the last: stays, says so
        assert "3 of 3" in text_of(app, "#classify-title")
        assert "last one" in text_of(app, "#classify-status")

        await pilot.press("s")  # the third is a slip; the skipped first comes round again
        assert kinds(imported_db)[2] == ("jrnl-3", "slip", 0)
        assert "1 of 2 to classify" in text_of(app, "#classify-title")
        assert "Acme" in text_of(app, "#classify-entry")

        await pilot.press("b")  # before the first: stays
        assert "first one" in text_of(app, "#classify-status")
        await pilot.press("up", "down", "down")  # on to the decided third
        assert "classified as a slip · 2 left" in text_of(app, "#classify-title")
        await pilot.press("v")  # changed my mind: a save after all
        assert kinds(imported_db)[2] == ("jrnl-3", "save", 0)
        assert [row[2] for row in kinds(imported_db)[:2]] == [1, 1]  # the others still wait

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert "2 imported entries to classify" in text_of(app, "#list-status")


async def test_edit_opens_the_form_and_saving_it_classifies(
    make_app: AppFactory, imported_db: Path
) -> None:
    app = make_app(imported_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i", "e")
        await settle(pilot)
        assert isinstance(app.screen, EntryFormScreen)
        await pilot.press("ctrl+s")  # unchanged: the form just leaves
        await settle(pilot)
        assert isinstance(app.screen, ClassifyScreen)
        assert kinds(imported_db)[0] == ("jrnl-1", "slip", 1)


async def test_nothing_to_classify_is_a_note(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "to classify" not in text_of(app, "#list-status")
        await pilot.press("i")
        assert isinstance(app.screen, JournalScreen)


def _stop_blinking(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_snapshot_classify(snap_compare: SnapCompare, make_app: AppFactory, tmp_path: Path) -> None:
    db = imported_journal(tmp_path)
    assert snap_compare(make_app(db), terminal_size=SIZE, run_before=_stop_blinking("i", "n"))


def test_snapshot_all_classified(
    snap_compare: SnapCompare, make_app: AppFactory, tmp_path: Path
) -> None:
    db = imported_journal(tmp_path)
    run_before = _stop_blinking("i", "s", "v", "s")
    assert snap_compare(make_app(db), terminal_size=SIZE, run_before=run_before)


def test_snapshot_journal_screen_with_entries_to_classify(
    snap_compare: SnapCompare, make_app: AppFactory, tmp_path: Path
) -> None:
    db = imported_journal(tmp_path)
    assert snap_compare(make_app(db), terminal_size=SIZE, run_before=_stop_blinking())
