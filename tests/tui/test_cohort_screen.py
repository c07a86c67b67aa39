"""The coach's cohort screen through Pilot: the clients' table sorts, Enter opens a client on
the patterns panels, the group and the skipped files are shown; and how it looks."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from journal.db import open_journal
from journal.periods import CALENDAR_YEAR, parse_quarter
from journal.services.coach_bundle import BundleOptions, build_bundle
from journal.services.cohort import Cohort, cohort
from journal.tui.coach_app import CoachApp
from journal.tui.screens.cohort import ClientScreen, CohortScreen
from journal.tui.widgets.pattern_charts import FigureList
from tests.test_coach_cohort import ann, ann_last_slip, bo, cy, dee
from tests.tui.conftest import SIZE, TODAY, settle, wait_until


def _write(folder: Path, journal: Path, label: str, quarter: str, name: str, at: str) -> None:
    conn = open_journal(journal)
    bundle = build_bundle(
        conn,
        BundleOptions(label, parse_quarter(quarter, today=TODAY), with_reflection=True),
        today=TODAY,
        calendar=CALENDAR_YEAR,
    )
    conn.close()
    bundle["exported_at"] = at  # fixed, so the screen looks the same every run
    (folder / name).write_text(json.dumps(bundle))


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("coach")
    folder = base / "bundles"
    folder.mkdir()
    journals = base / "journals"
    journals.mkdir()
    ann_journal = ann(journals / "ann.sqlite")
    _write(folder, ann_journal, "Ann", "2026-Q3", "ann-old.json", "2026-10-01T09:00:00+02:00")
    ann_last_slip(ann_journal)
    _write(folder, ann_journal, "Ann", "2026-Q3", "ann.json", "2026-10-08T09:00:00+02:00")
    _write(folder, bo(journals / "bo.sqlite"), "Bo", "2026-Q3", "bo.json",
           "2026-10-08T09:00:00+02:00")  # fmt: skip
    _write(folder, cy(journals / "cy.sqlite"), "Cy", "2026-Q3", "cy.json",
           "2026-10-08T09:00:00+02:00")  # fmt: skip
    _write(folder, dee(journals / "dee.sqlite"), "Dee", "2026-Q2", "dee.json",
           "2026-07-08T09:00:00+02:00")  # fmt: skip
    (folder / "notes.txt").write_text("Call Ann on Monday\n")
    return folder


@pytest.fixture
def found(bundles: Path) -> Cohort:
    return cohort(bundles)


def _clients(pilot: Pilot[Any]) -> list[str]:
    screen = pilot.app.screen
    assert isinstance(screen, CohortScreen)
    return [row.bundle.client for row in screen.rows]


def _list_text(pilot: Pilot[Any], list_id: str) -> str:
    """What a figure list shows, as plain text on one long line a row."""
    console = Console(width=400, file=io.StringIO(), record=True)
    for row in pilot.app.screen.query_one(f"#{list_id}", FigureList).rows:
        console.print(row.prompt)
    return " ".join(console.export_text().split())


async def test_the_table_sorts_by_column_and_reverses(found: Cohort) -> None:
    app = CoachApp(found)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CohortScreen))
        await settle(pilot)
        assert _clients(pilot) == ["Ann", "Bo", "Cy", "Dee"]
        table = app.screen.query_one("#clients", DataTable)
        assert table.row_count == 4
        await pilot.press("s")  # quarter: the latest first
        assert _clients(pilot)[-1] == "Dee"
        await pilot.press("s")  # slips, fewest first; a tie by name
        assert _clients(pilot) == ["Ann", "Dee", "Cy", "Bo"]
        await pilot.press("r")
        assert _clients(pilot) == ["Bo", "Cy", "Dee", "Ann"]
        for _ in range(4):  # saves, save rate, change, crunch share
            await pilot.press("s")
        # Crunch share, highest first: Cy 4 of 4, Ann 2 of 3, Bo 2 of 7; Dee had none to share.
        await pilot.press("r")
        assert _clients(pilot) == ["Cy", "Ann", "Bo", "Dee"]


async def test_enter_opens_a_client_on_the_patterns_panels(found: Cohort) -> None:
    app = CoachApp(found)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CohortScreen))
        await settle(pilot)
        await pilot.press("down")  # Bo
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientScreen))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClientScreen)
        assert screen.bundle.client == "Bo"
        headline = screen.query_one("#headline", DataTable)
        assert [str(cell) for cell in headline.get_row_at(0)][:4] == ["2026-Q3", "7", "25", "0"]
        assert "Sales quota behind" in _list_text(pilot, "triggers")
        assert "0 of 2 judged kept (0 not judged)" in _list_text(pilot, "client-summary")
        due = str(screen.query_one("#due", Static).content)
        assert "If “Looking good to the boss” shows up, I will ask first (look-good)" in due
        assert "Judged: broken" in due and "Judged: partly kept" in due
        assert "ask first (look-good)" in _list_text(pilot, "commitments")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert [str(cell) for cell in headline.get_row_at(0)][:2] == ["2026-Q2", "5"]
        await pilot.press("left_square_bracket")  # the first quarter: it says so, stays
        await settle(pilot)
        assert screen.index == 0
        await pilot.press("enter")  # a figure: a bundle has no entries behind it
        await settle(pilot)
        assert isinstance(app.screen, ClientScreen)
        # ...so no caption offers to list them.
        for chart in ("series", "weeks", "weekdays"):
            caption = str(screen.query_one(f"#{chart}-caption", Static).content)
            assert "Enter lists" not in caption
        assert "←/→ move" in str(screen.query_one("#series-caption", Static).content)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CohortScreen))


async def test_the_group_and_the_skipped_files_are_shown(found: Cohort) -> None:
    app = CoachApp(found)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CohortScreen))
        await settle(pilot)
        group = " ".join(str(app.screen.query_one("#group", Static).content).split())
        assert "2026-Q3: 3 clients, 14 slips, 3 saves" in group
        assert "Improved: Ann." in group and "Worsened: Bo." in group
        assert "Dee (2026-Q2)" in group
        triggers = _list_text(pilot, "group-triggers")
        assert "Sales quota behind 3 of 3 clients · 8 / 1 · save rate 11% (1 of 9)" in triggers
        assert "Looking good to the boss 2 of 3 clients" in triggers
        assert triggers.endswith("· too few clients for a pattern")
        skipped = str(app.screen.query_one("#skipped", Static).content)
        assert "ann-old.json: an older bundle of Ann for 2026-Q3" in skipped
        assert "notes.txt: not a coach bundle" in skipped


def test_cohort_screen_snapshot(snap_compare: Any, found: Cohort) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CohortScreen))
        await settle(pilot)

    assert snap_compare(CoachApp(found), terminal_size=SIZE, run_before=run_before)


def test_client_screen_snapshot(snap_compare: Any, found: Cohort) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CohortScreen))
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClientScreen))
        await settle(pilot)

    assert snap_compare(CoachApp(found), terminal_size=SIZE, run_before=run_before)
