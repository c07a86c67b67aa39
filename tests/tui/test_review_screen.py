"""The quarterly review screen (r): each step's figures against SQL, judging last quarter's
commitments, answers and reflection, new commitments, editing a saved review, the next
quarter's review judging this one's commitments, fiscal labels, leaving with unsaved text,
and snapshots of every step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RadioSet, Select, Static, TabbedContent, TextArea

from journal.config import Settings
from journal.tui.app import JournalApp
from journal.tui.screens.confirm import ConfirmScreen
from journal.tui.screens.entries_behind import EntriesBehindScreen
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.screens.review import ReviewScreen
from journal.tui.screens.reviews_list import QuarterPickScreen, ReviewsListScreen
from journal.tui.widgets.entry_list import EntryList
from tests.tui.conftest import SIZE, AppFactory, settle, sql

# Every test that makes a journal runs on a plain one and on an encrypted one.
pytestmark = pytest.mark.journal_kinds

SnapCompare = Callable[..., bool]
Q4_SPAN = ("2026-10-01", "2026-11-22")  # 2026-Q4 as counted on 2026-11-22
Q3_CUT = ("2026-07-01", "2026-08-22")  # 2026-Q3 cut to the same 53 days


def count(db: Path, query: str, *params: object) -> int:
    return int(str(sql(db, query, *params)[0][0]))


def review_screen(app: JournalApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen), type(screen).__name__
    return screen


def cell(table: DataTable[Any], row: str, column: str) -> str:
    value = table.get_cell(row, column)
    return value.plain if isinstance(value, Text) else str(value)


def static_text(screen: ReviewScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).render()
    return str(content)


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(pilot.app, JournalApp)
    return review_screen(pilot.app)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if char == " " else char for char in text))


# --- step 1: the quarter at a glance ----------------------------------------------------------


async def test_r_opens_the_review_of_the_running_quarter(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.review is not None
        assert screen.review.quarter.label == "2026-Q4"  # 2026-Q3 is reviewed, Q4 runs
        title = static_text(screen, "#review-title")
        assert "2026-Q4" in title and "running, day 53 of 92" in title
        assert "commitments for 2027-Q1" in title
        assert "mid-quarter check" in static_text(screen, "#glance-intro")
        assert screen.query_one(TabbedContent).active == "step-glance"

        table = screen.query_one("#headline-table", DataTable)
        slips = count(
            demo_db,
            "SELECT count(*) FROM entries WHERE deleted_at IS NULL AND kind = 'slip'"
            " AND occurred_on BETWEEN ? AND ?",
            *Q4_SPAN,
        )
        saves = count(
            demo_db,
            "SELECT count(*) FROM entries WHERE deleted_at IS NULL AND kind = 'save'"
            " AND occurred_on BETWEEN ? AND ?",
            *Q4_SPAN,
        )
        weighted = count(
            demo_db,
            "SELECT sum(coalesce(severity, 1)) FROM entries WHERE deleted_at IS NULL"
            " AND kind = 'slip' AND occurred_on BETWEEN ? AND ?",
            *Q4_SPAN,
        )
        before = count(
            demo_db,
            "SELECT count(*) FROM entries WHERE deleted_at IS NULL AND kind = 'slip'"
            " AND occurred_on BETWEEN ? AND ?",
            *Q3_CUT,
        )
        assert cell(table, "slips", "now") == str(slips)
        assert cell(table, "saves", "now") == str(saves)
        assert cell(table, "weighted_slips", "now") == str(weighted)
        assert cell(table, "slips", "previous").startswith(f"{before}  (")
        rate = f"{saves / (slips + saves):.0%} ({saves} of {slips + saves})"
        assert cell(table, "save_rate", "now") == rate
        assert str(table.ordered_columns[2].label) == "2026-Q3 first 53d"

        # The top trigger, with its save rate and counts, leads to its entries.
        top = sql(
            demo_db,
            "SELECT et.trigger_id, count(*) FILTER (WHERE e.kind = 'slip') AS slips,"
            " count(*) FILTER (WHERE e.kind = 'save') AS saves, count(*) AS total"
            " FROM entries e JOIN entry_triggers et ON et.entry_id = e.id"
            " WHERE e.deleted_at IS NULL AND e.occurred_on BETWEEN ? AND ?"
            " GROUP BY et.trigger_id"
            " ORDER BY slips DESC, sum(coalesce(e.severity, 1)) FILTER (WHERE e.kind = 'slip')"
            " DESC LIMIT 1",
            *Q4_SPAN,
        )[0]
        triggers = screen.query_one("#triggers-table", DataTable)
        first_row = triggers.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value
        assert first_row == top[0]
        row = [str(value) for value in triggers.get_row_at(0)]
        assert row[1] == str(top[1]) and row[2] == str(top[2])
        assert f"({top[2]} of {top[3]})" in row[4]

        triggers.focus()
        triggers.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntriesBehindScreen)
        assert app.screen.query_one(EntryList).total == top[3]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)

        # The crunch sentence: the quarter's close has not come yet.
        assert "have not come yet" in static_text(screen, "#crunch")


async def test_a_number_in_the_glance_lists_its_entries(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        table = screen.query_one("#headline-table", DataTable)
        table.focus()
        table.move_cursor(row=0, column=2)  # slips of 2026-Q3's first 53 days
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntriesBehindScreen)
        expected = count(
            demo_db,
            "SELECT count(*) FROM entries WHERE deleted_at IS NULL AND kind = 'slip'"
            " AND occurred_on BETWEEN ? AND ?",
            *Q3_CUT,
        )
        assert app.screen.query_one(EntryList).total == expected


# --- step 2: last quarter's commitments -------------------------------------------------------


async def test_judging_last_quarters_commitment_writes_its_outcome(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "step-due"
        (commitment_id, trigger, set_on) = sql(
            demo_db, "SELECT id, trigger_id, set_on FROM commitments WHERE quarter = '2026-Q4'"
        )[0]
        text = str(screen.query(".due-text").first(Static).render())
        after = count(
            demo_db,
            "SELECT count(*) FROM entries e JOIN entry_triggers et ON et.entry_id = e.id"
            " WHERE et.trigger_id = ? AND e.kind = 'slip' AND e.deleted_at IS NULL"
            " AND e.occurred_on BETWEEN ? AND '2026-11-22'",
            trigger,
            set_on,
        )
        answers = count(
            demo_db, "SELECT count(*) FROM commitment_checks WHERE commitment_id = ?", commitment_id
        )
        followed = count(
            demo_db,
            "SELECT count(*) FROM commitment_checks WHERE commitment_id = ? AND followed = 'yes'",
            commitment_id,
        )
        assert "If “Looking good to the boss” shows up, I will show my manager" in text
        assert "After:  " in text and f"({after} slips" in text.split("After:")[1]
        assert f"({followed} of {answers})" in text
        assert "Trend:" in text

        # Enter on the answers button lists the entries that answered.
        assert isinstance(app.focused, RadioSet)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntriesBehindScreen)
        assert app.screen.query_one(EntryList).total == answers
        await pilot.press("escape")
        await settle(pilot)

        # Mark it broken: the outcomes run not judged / kept / partly / broken.
        outcome = screen.query_one(f"#outcome-{commitment_id}", RadioSet)
        outcome.focus()
        await pilot.press("right", "right", "right", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sql(demo_db, "SELECT outcome FROM commitments WHERE id = ?", commitment_id) == [
            ("broken",)
        ]
        assert sql(demo_db, "SELECT count(*) FROM reviews WHERE quarter = '2026-Q4'") == [(1,)]
        assert not screen.unsaved


# --- step 3: reflect --------------------------------------------------------------------------


async def test_answers_and_reflection_are_saved(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "step-reflect"
        prompts = list(screen.query(".prompt").results(Static))
        assert prompts[0].render() and "Start:" in str(prompts[0].render())
        assert isinstance(app.focused, TextArea) and app.focused.id == "answer-start"
        await type_text(pilot, "prep the review deck early")
        await pilot.press("tab")
        await type_text(pilot, "promising dates I cannot keep")
        await pilot.press("tab")
        await type_text(pilot, "asking before quoting")
        await pilot.press("tab")
        await type_text(pilot, "A steadier quarter")
        await pilot.press("enter")
        await type_text(pilot, "until the review came")
        assert screen.unsaved
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = sql(
            demo_db,
            "SELECT start_doing, stop_doing, continue_doing, reflection FROM reviews"
            " WHERE quarter = '2026-Q4'",
        )
        assert rows == [
            (
                "prep the review deck early",
                "promising dates I cannot keep",
                "asking before quoting",
                "A steadier quarter\nuntil the review came",
            )
        ]
        assert "saved" in static_text(screen, "#review-title")
        assert screen.query_one("#reflection", TextArea).text.endswith("until the review came")


# --- step 4: commit ---------------------------------------------------------------------------


async def test_two_commitments_are_saved_for_the_next_quarter(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "step-commit"
        first = screen.query_one("#commit-trigger-1", Select)
        assert app.focused is first
        # The prompts' triggers are offered first.
        assert screen.trigger_choices[0][0].endswith("· suggested")
        await pilot.press("enter")  # open the list, type to find, take it
        await type_text(pilot, "sales")
        await pilot.press("enter")
        await settle(pilot)
        assert first.value == "quota-behind"
        await pilot.press("tab")
        await type_text(pilot, "ask what they need before the price sheet")
        screen.query_one("#commit-trigger-2", Select).value = "billable-cap"
        screen.query_one("#commit-plan-2", Input).value = "ask for a cap exception first"
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = sql(
            demo_db,
            "SELECT c.trigger_id, c.plan, c.quarter, c.set_on FROM commitments c"
            " JOIN reviews r ON r.id = c.review_id WHERE r.quarter = '2026-Q4' ORDER BY c.id",
        )
        assert rows == [
            ("quota-behind", "ask what they need before the price sheet", "2027-Q1", "2026-11-22"),
            ("billable-cap", "ask for a cap exception first", "2027-Q1", "2026-11-22"),
        ]


async def test_no_more_than_three_commitments_and_bad_rows_are_refused(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert len(screen.query(".commitment-slot")) == 3  # a fourth cannot be written
        assert "Up to 3 commitments for 2027-Q1" in str(
            screen.query("#commit-body .para").first(Static).render()
        )
        # A plan with no trigger: one clear message, nothing written.
        screen.query_one("#commit-plan-1", Input).value = "slow down"
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("commitment 1 has a plan but no trigger" in m for m in messages)
        # A trigger with no plan: the service's message, nothing written.
        screen.query_one("#commit-plan-1", Input).value = ""
        screen.query_one("#commit-trigger-1", Select).value = "look-good"
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("has no plan" in m for m in messages)
        assert sql(demo_db, "SELECT count(*) FROM reviews WHERE quarter = '2026-Q4'") == [(0,)]


# --- reopening and editing --------------------------------------------------------------------


async def test_a_past_review_reopens_from_the_list_and_edits_in_place(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        # Save a 2026-Q4 review with one commitment, then move away from it.
        await pilot.press("4")
        await settle(pilot)
        screen.query_one("#commit-trigger-1", Select).value = "over-promised"
        screen.query_one("#commit-plan-1", Input).value = "check the date with delivery"
        screen.query_one("#reflection", TextArea).text = "First draft"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (review_id, commitment_id) = sql(
            demo_db,
            "SELECT r.id, c.id FROM reviews r JOIN commitments c ON c.review_id = r.id"
            " WHERE r.quarter = '2026-Q4'",
        )[0]

        # The list shows the saved reviews; 2026-Q3 opens with what was saved for it.
        await pilot.press("1")  # the glance: keys that are not text reach the screen
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ReviewsListScreen)
        await pilot.press("down", "enter")  # newest first: 2026-Q4, then 2026-Q3
        await settle(pilot)
        assert screen.review is not None and screen.review.quarter.label == "2026-Q3"
        saved_reflection = sql(demo_db, "SELECT reflection FROM reviews WHERE quarter = '2026-Q3'")
        assert screen.query_one("#reflection", TextArea).text == saved_reflection[0][0]
        q3_picker = screen.query_one("#commit-trigger-1", Select)
        assert q3_picker.value == "look-good"
        assert q3_picker.disabled  # answered by entries, so it stays as written

        # Back to 2026-Q4 from the list, edit its commitment and reflection: same ids.
        await pilot.press("1", "l")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.review is not None and screen.review.quarter.label == "2026-Q4"
        plan = screen.query_one("#commit-plan-1", Input)
        assert plan.value == "check the date with delivery"
        plan.value = "check the date with delivery before I promise it"
        screen.query_one("#reflection", TextArea).text = "Second draft"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sql(
            demo_db,
            "SELECT r.id, c.id, c.plan, r.reflection FROM reviews r"
            " JOIN commitments c ON c.review_id = r.id WHERE r.quarter = '2026-Q4'",
        ) == [
            (
                review_id,
                commitment_id,
                "check the date with delivery before I promise it",
                "Second draft",
            )
        ]


async def test_other_quarters_by_key_and_by_name(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.review is not None and screen.review.quarter.label == "2026-Q3"
        assert "ended" in static_text(screen, "#review-title")
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.review.quarter.label == "2026-Q4"  # 2027-Q1 has not begun
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, QuarterPickScreen)
        await type_text(pilot, "FY2026-Q1")
        await pilot.press("enter")
        assert "fiscal quarter" in str(app.screen.query_one("#quarter-problem", Static).render())
        app.screen.query_one(Input).value = "2025-Q4"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.review is not None and screen.review.quarter.label == "2025-Q4"
        # 2025-Q4's review set the commitments that 2026-Q1's review judges.
        assert len(screen.review.saved.commitments if screen.review.saved else ()) == 2


# --- the next quarter's review judges this one's commitments ----------------------------------


async def test_commitments_are_judged_in_the_next_quarters_review(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#commit-trigger-1", Select).value = "quota-behind"
        screen.query_one("#commit-plan-1", Input).value = "ask what they need first"
        screen.query_one("#commit-trigger-2", Select).value = "review-coming"
        screen.query_one("#commit-plan-2", Input).value = "write down the customer's side"
        await pilot.press("ctrl+s")
        await settle(pilot)
    ids = [row[0] for row in sql(demo_db, "SELECT id FROM commitments WHERE quarter = '2027-Q1'")]
    assert len(ids) == 2

    later = JournalApp(
        demo_db, settings=Settings(), today=date(2027, 4, 10), demo_path=tmp_path / "d.sqlite"
    )
    async with later.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.review is not None
        assert screen.review.quarter.label == "2027-Q1"  # just ended, not yet reviewed
        assert "commitments for 2027-Q2" in static_text(screen, "#review-title")
        await pilot.press("2")
        await settle(pilot)
        texts = [str(s.render()) for s in screen.query(".due-text").results(Static)]
        assert len(texts) == 2
        assert "If “Sales quota behind” shows up, I will ask what they need first" in texts[0]
        # Before: the 130 days up to 2026-11-21; after: 2026-11-22 to the end of 2027-Q1.
        before = count(
            demo_db,
            "SELECT count(*) FROM entries e JOIN entry_triggers et ON et.entry_id = e.id"
            " WHERE et.trigger_id = 'quota-behind' AND e.kind = 'slip'"
            " AND e.deleted_at IS NULL AND e.occurred_on BETWEEN '2026-07-15' AND '2026-11-21'",
        )
        assert f"Before: {before / (130 / 7):.1f} slips a week ({before} slips" in texts[0]
        assert "After:  0.0 slips a week (0 slips, 0 saves in 130 days" in texts[0]
        outcome = screen.query_one(f"#outcome-{ids[0]}", RadioSet)
        assert app_focused_is(later, outcome)
        await pilot.press("right", "enter")  # kept
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert sql(demo_db, "SELECT id, outcome FROM commitments WHERE quarter = '2027-Q1'") == [
        (ids[0], "kept"),
        (ids[1], None),
    ]
    assert sql(demo_db, "SELECT count(*) FROM reviews WHERE quarter = '2027-Q1'") == [(1,)]


def app_focused_is(app: JournalApp, widget: object) -> bool:
    return app.focused is widget


# --- fiscal years, leaving --------------------------------------------------------------------


async def test_a_fiscal_year_shows_fy_labels(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db, fiscal_year_start_month=4)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.review is not None and screen.review.quarter.label == "FY2027-Q3"
        title = static_text(screen, "#review-title")
        assert "FY2027-Q3" in title and "commitments for FY2027-Q4" in title
        table = screen.query_one("#headline-table", DataTable)
        labels = [str(column.label) for column in table.ordered_columns]
        assert labels[2].startswith("FY2027-Q2") and labels[3].startswith("FY2026-Q3")


async def test_escape_with_unsaved_text_asks_first(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("escape")  # nothing typed: leaves at once
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)

        screen = await open_review(pilot)
        await pilot.press("3")
        await type_text(pilot, "half a thought")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep writing
        await settle(pilot)
        assert review_screen(app) is screen
        assert screen.query_one("#answer-start", TextArea).text == "half a thought"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert sql(demo_db, "SELECT count(*) FROM reviews WHERE quarter = '2026-Q4'") == [(0,)]


# --- snapshots --------------------------------------------------------------------------------


def _review_then(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False  # a blinking cursor would make the picture vary
        await pilot.pause()

    return run_before


def test_snapshot_glance(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_review_then())


def test_snapshot_commitments(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_review_then("2"))


def test_snapshot_reflect(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_review_then("3"))


def test_snapshot_commit(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_review_then("4"))


def test_snapshot_glance_at_80x24(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=_review_then())


async def test_the_crunch_leads_to_its_slips(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("left_square_bracket")  # 2026-Q3 has ended: its close happened
        await settle(pilot)
        expected = count(
            demo_db,
            "SELECT count(*) FROM entries WHERE deleted_at IS NULL AND kind = 'slip'"
            " AND occurred_on BETWEEN '2026-09-10' AND '2026-09-30'",
        )
        assert f"({expected} of " in static_text(screen, "#crunch")
        screen.query_one("#crunch-entries").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntriesBehindScreen)
        assert app.screen.query_one(EntryList).total == expected
