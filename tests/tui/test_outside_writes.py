"""Entries written by another process show in the open app: on their own within seconds,
or at once with the reload key."""

from __future__ import annotations

from pathlib import Path

from journal.db import open_journal
from journal.records import EntryFields
from journal.services import entries
from journal.tui.screens.journal_screen import WATCH_SECONDS
from journal.tui.widgets.entry_list import EntryList
from tests.tui.conftest import SIZE, TODAY, AppFactory, settle, wait_until


def _add_elsewhere(path: Path, situation: str) -> int:
    conn = open_journal(path)
    try:
        return entries.add(conn, EntryFields(situation=situation), today=TODAY)
    finally:
        conn.close()


def _shown(app: object) -> tuple[int, str]:
    listing = app.screen.query_one(EntryList)  # type: ignore[attr-defined]
    status = str(app.screen.query_one("#list-status").render())  # type: ignore[attr-defined]
    return listing.total, status


async def test_an_entry_from_another_process_shows_on_its_own(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before, _ = _shown(app)
        new_id = _add_elsewhere(demo_db, "Written from the shell while the app was open")
        # No key pressed: the watch (every WATCH_SECONDS) alone must bring it in.
        await wait_until(pilot, lambda: _shown(app)[0] == before + 1, within=WATCH_SECONDS + 15)
        await settle(pilot)
        total, status = _shown(app)
        assert total == before + 1
        assert f"{before + 1} entries" in status
        newest = app.screen.query_one(EntryList).row(0)
        assert newest is not None and newest.id == new_id  # today's: first in the list
        assert newest.headline == "Written from the shell while the app was open"


async def test_the_reload_key_shows_them_at_once(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before, _ = _shown(app)
        for number in range(3):
            _add_elsewhere(demo_db, f"Outside entry {number}")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _shown(app)[0] == before + 3
