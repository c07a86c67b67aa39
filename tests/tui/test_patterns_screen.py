"""The patterns screen (p): figures counted against SQL written here, stepping and typing a
period, every figure leading to the entries behind it, and snapshots at three sizes.

Update the snapshots after a deliberate change of look:
pytest tests/tui/test_patterns_screen.py --snapshot-update, then look at the SVGs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static

from journal.tui.app import JournalApp
from journal.tui.screens.entries_behind import EntriesBehindScreen
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.screens.patterns import PatternsScreen
from journal.tui.widgets.entry_list import EntryList
from journal.tui.widgets.pattern_charts import ColumnChart, FigureList
from tests.tui.conftest import SIZE, AppFactory, settle, sql, steady_cursors

# Every test that makes a journal runs on a plain one and on an encrypted one.
pytestmark = pytest.mark.journal_kinds

SnapCompare = Callable[..., bool]

# The demo is built for 2026-11-22: 2026-Q4 is running and counted up to that day.
Q4_SO_FAR = ("2026-10-01", "2026-11-22")
Q3 = ("2026-07-01", "2026-09-30")
SAME_DAYS_OF_Q3 = ("2026-07-01", "2026-08-22")


def count(db: Path, where: str, *params: object) -> int:
    rows = sql(db, f"SELECT count(*) FROM entries WHERE deleted_at IS NULL AND {where}", *params)
    return int(str(rows[0][0]))


def kinds_between(db: Path, start: str, end: str) -> tuple[int, int, int]:
    """Slips, severity-weighted slips (unrated count 1) and saves between two days."""
    row = sql(
        db,
        "SELECT count(*) FILTER (WHERE kind = 'slip'),"
        " coalesce(sum(coalesce(severity, 1)) FILTER (WHERE kind = 'slip'), 0),"
        " count(*) FILTER (WHERE kind = 'save')"
        " FROM entries WHERE deleted_at IS NULL AND occurred_on BETWEEN ? AND ?",
        start,
        end,
    )[0]
    return int(str(row[0])), int(str(row[1])), int(str(row[2]))


def patterns(app: JournalApp) -> PatternsScreen:
    assert isinstance(app.screen, PatternsScreen)
    return app.screen


def headline_shown(app: JournalApp) -> tuple[int, int, int]:
    """The first row of the headline table as the person reads it: slips, weighted, saves."""
    table = patterns(app).query_one("#headline", DataTable)
    cells = [str(table.get_cell_at(Coordinate(0, column))) for column in (1, 2, 3)]
    return int(cells[0]), int(cells[1]), int(cells[2])


def title_text(app: JournalApp) -> str:
    return str(patterns(app).query_one("#patterns-title", Static).render())


async def open_patterns(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


async def test_p_opens_the_running_quarter_with_its_counts(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(pilot)
        screen = patterns(app)
        slips, weighted, saves = kinds_between(demo_db, *Q4_SO_FAR)
        assert slips > 3 and saves > 0  # the demo has a quarter worth reading
        assert headline_shown(app) == (slips, weighted, saves)
        rate = str(screen.query_one("#headline", DataTable).get_cell_at(Coordinate(0, 4)))
        assert rate == f"{saves / (slips + saves):.0%} ({saves} of {slips + saves})"
        assert "2026-Q4" in title_text(app)
        assert "counted up to 22 Nov 2026" in title_text(app)
        # The same days of the quarter before, for a fair comparison.
        before = kinds_between(demo_db, "2026-07-01", "2026-08-22")
        table = screen.query_one("#headline", DataTable)
        assert str(table.get_cell_at(Coordinate(1, 0))) == "2026-Q3 to 22 Aug"
        assert int(str(table.get_cell_at(Coordinate(1, 1)))) == before[0]
        year_before = kinds_between(demo_db, "2025-10-01", "2025-11-22")
        assert int(str(table.get_cell_at(Coordinate(3, 1)))) == year_before[0]


async def test_brackets_step_between_quarters(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(pilot)
        running = headline_shown(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "2026-Q3" in title_text(app)
        assert "counted up to" not in title_text(app)  # a finished quarter
        assert headline_shown(app) == kinds_between(demo_db, *Q3)
        assert headline_shown(app) != running
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert headline_shown(app) == running
        # Nothing after the running quarter has happened: it stays put.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "2026-Q4" in title_text(app)
        assert headline_shown(app) == running


async def test_typing_a_period_and_a_bad_one(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(pilot)
        await pilot.press("slash", *"2026-02-01..2026-04-15", "enter")
        await settle(pilot)
        assert headline_shown(app) == kinds_between(demo_db, "2026-02-01", "2026-04-15")
        assert "74 days" in title_text(app)

        await pilot.press("slash", *"last", "enter")
        await settle(pilot)
        assert headline_shown(app) == kinds_between(demo_db, *Q3)

        await pilot.press("slash", *"2026-Q9", "enter")
        await settle(pilot)
        problem = str(patterns(app).query_one("#period-problem", Label).render())
        assert "Q1 to Q4" in problem
        assert headline_shown(app) == kinds_between(demo_db, *Q3)  # unchanged

        # A range backwards, and one that is not a date, get a message too.
        await pilot.press("ctrl+a", "ctrl+k", *"2026-03-01..2026-01-01", "enter")
        await settle(pilot)
        assert "swap" in str(patterns(app).query_one("#period-problem", Label).render())
        await pilot.press("ctrl+a", "ctrl+k", *"from yesterday to soon", "enter")
        await settle(pilot)
        assert "Could not read the date" in str(
            patterns(app).query_one("#period-problem", Label).render()
        )

        await pilot.press("escape")  # closes the period line, stays on the patterns
        await settle(pilot)
        assert isinstance(app.screen, PatternsScreen)
        assert not patterns(app).query_one("#period-bar").has_class("-open")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def behind_total(pilot: Pilot[None]) -> int:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app.screen, EntriesBehindScreen)
    return app.screen.query_one(EntryList).total


async def test_a_trigger_leads_to_its_entries(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(pilot)
        triggers = patterns(app).query_one("#triggers", FigureList)
        triggers.focus()
        await pilot.press("down")  # the second trigger
        figure = patterns(app).figures
        assert figure is not None
        trigger = figure.triggers[1]
        await pilot.press("enter")
        expected = count(
            demo_db,
            "occurred_on BETWEEN ? AND ? AND id IN"
            " (SELECT entry_id FROM entry_triggers WHERE trigger_id = ?)",
            *Q4_SO_FAR,
            trigger.trigger_id,
        )
        assert expected == trigger.slips + trigger.saves
        assert await behind_total(pilot) == expected
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PatternsScreen)
        assert app.screen.focused is triggers  # back where the person was


async def test_a_week_and_a_weekday_lead_to_their_entries(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(pilot)
        patterns(app).query_one("#weeks", ColumnChart).focus()
        await pilot.press("right", "right", "enter")  # week 3: Monday 12 to Sunday 18 October
        expected = count(demo_db, "occurred_on BETWEEN '2026-10-12' AND '2026-10-18'")
        assert expected > 0
        assert await behind_total(pilot) == expected
        await pilot.press("escape")
        await settle(pilot)

        patterns(app).query_one("#weekdays", ColumnChart).focus()
        await pilot.press("home", "right", "enter")  # Tuesdays
        expected = count(
            demo_db, "occurred_on BETWEEN ? AND ? AND strftime('%w', occurred_on) = '2'", *Q4_SO_FAR
        )
        assert await behind_total(pilot) == expected


async def test_headline_cells_and_control_lead_to_their_entries(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(pilot)
        table = patterns(app).query_one("#headline", DataTable)
        table.focus()
        table.cursor_coordinate = Coordinate(1, 3)  # saves in the same days of 2026-Q3
        await pilot.press("enter")
        saves = count(demo_db, "kind = 'save' AND occurred_on BETWEEN ? AND ?", *SAME_DAYS_OF_Q3)
        assert await behind_total(pilot) == saves
        await pilot.press("escape")
        await settle(pilot)

        patterns(app).query_one("#control", FigureList).focus()
        await pilot.press("home", "enter")  # mine to control
        where = "kind = 'slip' AND control = 'mine' AND occurred_on BETWEEN ? AND ?"
        mine = count(demo_db, where, *Q4_SO_FAR)
        assert await behind_total(pilot) == mine


async def test_the_series_leads_to_a_whole_quarter(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(pilot)
        patterns(app).query_one("#series").focus()
        await pilot.press("left", "enter")  # the cursor starts on the quarter shown
        assert await behind_total(pilot) == count(demo_db, "occurred_on BETWEEN ? AND ?", *Q3)


async def test_fiscal_quarters(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db, fiscal_year_start_month=10)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(pilot)
        assert "FY2027-Q1" in title_text(app)  # October to December 2026
        assert headline_shown(app) == kinds_between(demo_db, *Q4_SO_FAR)
        await pilot.press("slash", *"FY2026-Q4", "enter")
        await settle(pilot)
        assert headline_shown(app) == kinds_between(demo_db, *Q3)
        await pilot.press("slash", *"2026-Q3", "enter")
        await settle(pilot)
        problem = str(patterns(app).query_one("#period-problem", Label).render())
        assert "fiscal year starts in October" in problem


# --- snapshots ------------------------------------------------------------------------------


def _keys_then_settle(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        # A blinking cursor would be caught on or off by chance.
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


def test_patterns_snapshot(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_keys_then_settle("p"))


def test_patterns_snapshot_wide(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    assert snap_compare(
        make_app(demo_db), terminal_size=(200, 60), run_before=_keys_then_settle("p")
    )


def test_patterns_snapshot_at_80x24_on_the_weeks(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    # Tab to the week chart: headline, series, triggers, save rates, weeks.
    keys = ("p", "tab", "tab", "tab", "tab", "right")
    assert snap_compare(
        make_app(demo_db), terminal_size=(80, 24), run_before=_keys_then_settle(*keys)
    )


def test_period_problem_snapshot(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    keys = ("p", "slash", *"2026-Q9", "enter")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_keys_then_settle(*keys))


def test_entries_behind_snapshot(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    keys = ("p", "tab", "tab", "enter")  # the top trigger
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_keys_then_settle(*keys))


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_nothing_is_cut_or_run_together(
    make_app: AppFactory, demo_db: Path, size: tuple[int, int]
) -> None:
    """At 120 columns the panels are one column (two cut the save rates); week labels and
    counts keep a space between them; weeks to come show a dot; End in the first table
    keeps its labels in sight."""
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await open_patterns(pilot)
        screen = patterns(app)
        assert screen.has_class("-wide") == (size[0] >= 160)
        chart = str(screen.query_one("#weeks", ColumnChart).render())
        lines = chart.splitlines()
        assert "W10W11" not in chart and "1011" not in lines[-1]
        assert lines[-2].split()[-6:] == ["·"] * 6  # W9 to W14: 22 Nov is in week 8
        for line in lines[:-1]:  # each count stands apart: "4+1", never "2+34+1"
            for token in line.replace("█", " ").split():
                assert re.fullmatch(r"\d+(\+\d+)?|·", token), (size, line)
        table = screen.query_one("#headline", DataTable)
        table.focus()
        await pilot.press("end", "pagedown")
        await pilot.pause()
        assert table.fixed_columns == 1
        row_label = table.get_cell_at(Coordinate(0, 0))
        assert "2026-Q4" in str(row_label)
        await pilot.press("bracketleft")
        await settle(pilot)
        assert screen.query_one("#headline", DataTable).fixed_columns == 1


async def _screens_as_seen(app: JournalApp, *, prepared: bool) -> list[str]:
    """The journal, the patterns screen and the new-entry form as exported, with what the
    patterns screen needs loaded ahead (as the app does once idle after its first paint) or
    not."""

    def stylesheets() -> list[str]:  # read from files, as the screens' CSS_PATH
        return [path for path, class_var in app.stylesheet.source if not class_var]

    shots = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = stylesheets()
        if prepared:
            app.prepare_patterns()
            await settle(pilot)
            assert len(stylesheets()) == len(before) + 1
        shots.append(app.export_screenshot())
        await pilot.press("p")
        await settle(pilot)
        # Found loaded ahead, the patterns screen's stylesheet is not read a second time.
        assert len(stylesheets()) == len(before) + 1
        assert headline_shown(app) != (0, 0, 0)
        shots.append(app.export_screenshot())
        await pilot.press("escape", "n")  # the entry form has a #commitments of its own
        await settle(pilot)
        await steady_cursors(pilot)
        shots.append(app.export_screenshot())
    return shots


async def test_patterns_made_ready_ahead_change_nothing_seen(
    make_app: AppFactory, demo_db: Path
) -> None:
    ahead = await _screens_as_seen(make_app(demo_db), prepared=True)
    when_pressed = await _screens_as_seen(make_app(demo_db), prepared=False)
    assert ahead == when_pressed
