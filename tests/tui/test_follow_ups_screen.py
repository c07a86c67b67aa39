"""The follow-ups due (F, or a click on the header's count): close one with what happened,
or move it to another day."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static

from journal.records import EntryFields
from journal.services.store import JournalStore
from journal.tui.screens.follow_ups import (
    CloseFollowUpScreen,
    FollowUpsScreen,
    MoveFollowUpScreen,
)
from tests.tui.conftest import (
    SIZE,
    TODAY,
    AppFactory,
    on_top,
    on_top_as,
    settle,
    sql,
    wait_until,
    write_journal,
)


def _journal(db: Path) -> None:
    """Two follow-ups due (Nov 20 and Nov 10: the older listed first) and one still ahead."""
    write_journal(
        db,
        *(
            EntryFields(situation=situation, occurred_on=date(2026, 11, 1), follow_up_on=day)
            for situation, day in (
                ("Sold Northwind the bundle", date(2026, 11, 20)),
                ("Promised Harbor a date", date(2026, 11, 10)),
                ("Pushed Acme to sign", date(2026, 12, 20)),
            )
        ),
    )


async def _open(pilot: Pilot[None]) -> FollowUpsScreen:
    await settle(pilot)
    title = str(pilot.app.screen.query_one("#title", Static).render())
    assert "2 follow-ups due" in title
    await pilot.press("F")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FollowUpsScreen)
    return screen


async def test_the_due_list_is_oldest_first_and_closing_one_records_it(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite"
    _journal(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        table = screen.query_one(DataTable)
        assert [table.get_row_at(i)[1] for i in range(table.row_count)] == ["2", "1"]
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CloseFollowUpScreen)
        await pilot.press("ctrl+s")  # nothing written yet
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press(*"They stayed")
        dialog.query_one(Select).value = "recovered"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on_top(app) is screen
        assert table.row_count == 1
        title = str(app.screen_stack[-2].query_one("#title", Static).render())
        assert "1 follow-up due" in title
    assert sql(db, "SELECT recovery, follow_up_closed_on FROM entries WHERE id = 2") == [
        ("recovered", TODAY.isoformat())
    ]
    assert sql(db, "SELECT text FROM notes WHERE entry_id = 2") == [("They stayed",)]


async def test_moving_one_reads_the_day_forward(make_app: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite"
    _journal(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MoveFollowUpScreen)
        await pilot.press(*"last friday", "enter")
        await settle(pilot)
        problem = str(app.screen.query_one("#follow-up-problem").render())
        assert "is past; a follow-up date must be today or later" in problem
        await pilot.press(*("backspace" for _ in "last friday"), *"friday", "enter")
        await settle(pilot)
        assert on_top(app) is screen
        assert screen.query_one(DataTable).row_count == 1
    # Today is Sunday 2026-11-22: friday is the coming one.
    assert sql(db, "SELECT follow_up_on FROM entries WHERE id = 2") == [("2026-11-27",)]


async def test_clicking_the_headers_count_opens_the_list(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite"
    _journal(db)
    app = make_app(db)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        title = app.screen.query_one("#title", Static)
        text = str(title.render())
        await pilot.click("#title", offset=(text.index("2 follow-ups due") + 3, 0))
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen)


async def test_the_form_reads_a_follow_up_forward_and_keeps_one_that_passed(
    make_app: AppFactory, tmp_path: Path
) -> None:
    from textual.widgets import Input, Label

    from journal.tui.screens.entry_form import EntryFormScreen
    from journal.tui.screens.journal_screen import JournalScreen

    db = tmp_path / "journal.sqlite"
    _journal(db)  # entry 3 is the newest, first in the list; its day (Dec 20) is ahead
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE entries SET follow_up_on = '2026-11-01' WHERE id = 3")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = on_top_as(app, EntryFormScreen)
        await pilot.press("ctrl+s")  # the day passed, but it was not changed: saved as it is
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("e")
        await settle(pilot)
        form = on_top_as(app, EntryFormScreen)
        box = form.query_one("#follow_up_on", Input)
        box.value = "last friday"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on_top(app) is form
        problem = str(form.query_one("#follow_up_on-problem", Label).render())
        assert "is past; a follow-up date must be today or later" in problem
        box.value = "friday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT follow_up_on FROM entries WHERE id = 3") == [("2026-11-27",)]


async def test_the_review_counts_follow_ups_closed_and_still_open(
    make_app: AppFactory, tmp_path: Path
) -> None:
    from journal.tui.screens.review import ReviewScreen

    db = tmp_path / "journal.sqlite"
    _journal(db)
    store = JournalStore(db)
    store.close_follow_up(2, note="They stayed", recovery="recovered", today=TODAY)
    store.close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await wait_until(pilot, lambda: bool(app.screen.query("#follow-ups")))
        shown = str(app.screen.query_one("#follow-ups", Static).render())
    assert shown == (
        "Follow-ups: 1 closed with what happened to the customer; 2 still open (1 past their day)."
    )
