"""A risk window open now shows under the header and at the top of the entry form, with the
commitment that covers its trigger, or a nudge to make one."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from textual.content import Content
from textual.widgets import Label, Static

from journal.records import EntryFields
from journal.tui.screens.entry_form import EntryFormScreen
from tests.tui.conftest import SIZE, TODAY, AppFactory, settle, write_journal

# Today (2026-11-22) is in week 8 of 2026-Q4; week 9 of the past quarters: Nov 24-30 2025,
# Feb 23-Mar 1, May 25-31 and Aug 24-30 2026.
WEEK_NINE = (date(2025, 11, 26), date(2026, 5, 27), date(2026, 8, 26))


def _journal(db: Path, *, slips: tuple[date, ...] = WEEK_NINE) -> None:
    write_journal(
        db,
        *(
            EntryFields(situation="Quota slip", occurred_on=day, triggers=("quota-behind",))
            for day in slips
        ),
    )


def _header(app: object) -> Static:
    from journal.tui.app import JournalApp

    assert isinstance(app, JournalApp)
    return app.screen.query_one("#tripwire", Static)


async def test_the_header_and_the_form_name_what_covers_the_window(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite"
    _journal(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = _header(app)
        assert line.display
        assert str(line.render()) == (
            "▲ Sales quota behind bunches next week (week 9: 3 of 3 slips in 4 quarters): no"
            " commitment on it yet, make one at the next review"
        )
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO commitments (trigger_id, plan, quarter, set_on)"
            " VALUES ('quota-behind', 'ask what they need first', '2026-Q4', '2026-10-01')"
        )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert str(_header(app).render()).endswith(
            "3 of 3 slips in 4 quarters): if it shows up, I will ask what they need first"
        )
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        shown = [str(label.render()) for label in form.query(Label).filter(".tripwire")]
        assert shown == [
            "▲ Sales quota behind bunches next week (week 9: 3 of 3 slips in 4 quarters): if it"
            " shows up, I will ask what they need first"
        ]


async def test_nothing_shows_below_three_slips(make_app: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite"
    _journal(db, slips=WEEK_NINE[:2])
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not _header(app).display
        await pilot.press("n")
        await settle(pilot)
        assert not list(app.screen.query(Label).filter(".tripwire"))


async def test_at_80_columns_the_whole_line_shows(make_app: AppFactory, tmp_path: Path) -> None:
    from journal.db import open_journal
    from journal.services.tripwires import add_key_date

    db = tmp_path / "journal.sqlite"
    _journal(db)
    conn = open_journal(db)
    add_key_date(
        conn,
        date(2026, 11, 30),
        "annual performance review with the regional director",
        trigger="review-coming",
        today=TODAY,
    )
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = _header(app)
        text = str(line.render())
        assert text.endswith("(+1 more: journal tripwires)")
        # Two windows and the way to see the rest wrap to three lines at 80 columns: all shown.
        wrapped = Content(text).wrap(line.content_region.width)
        assert len(wrapped) == 3
        assert line.content_region.height == len(wrapped)
