"""The app keeps the day's backup too, after its first paint, and a failure only warns."""

from __future__ import annotations

from pathlib import Path

from journal import backups
from journal.db import open_journal
from journal.records import EntryFields
from journal.services import entries
from tests.tui.conftest import SIZE, TODAY, AppFactory, settle


def _journal_with_an_entry(path: Path) -> None:
    conn = open_journal(path)
    entries.add(conn, EntryFields(situation="Worth keeping"), today=TODAY)
    conn.close()


async def test_opening_the_app_keeps_todays_backup(make_app: AppFactory, tmp_path: Path) -> None:
    journal = tmp_path / "mine.sqlite"
    _journal_with_an_entry(journal)
    app = make_app(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    daily = list(backups.folder_for(journal).iterdir())
    assert len(daily) == 1 and "-daily-" in daily[0].name


async def test_no_backup_when_the_setting_is_0(make_app: AppFactory, tmp_path: Path) -> None:
    journal = tmp_path / "mine.sqlite"
    _journal_with_an_entry(journal)
    app = make_app(journal, backups=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert not backups.folder_for(journal).exists()


async def test_a_failed_backup_warns_and_the_journal_works(
    make_app: AppFactory, tmp_path: Path
) -> None:
    journal = tmp_path / "mine.sqlite"
    _journal_with_an_entry(journal)
    backups.folder_for(journal).write_text("in the way")
    app = make_app(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = [n.message for n in app._notifications]
        assert any("today's backup could not be written" in message for message in shown)
        await pilot.press("n")
        assert type(app.screen).__name__ == "EntryFormScreen"
