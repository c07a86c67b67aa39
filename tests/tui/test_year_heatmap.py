"""The year at a glance on the patterns screen: read after the figures are painted, a cell a
day, and Enter on a day lists that day's entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from journal.records import EntryFields
from journal.tui.screens.entries_behind import EntriesBehindScreen
from journal.tui.screens.patterns import PatternsScreen
from journal.tui.widgets.entry_list import EntryList
from journal.tui.widgets.year_heatmap import YearHeatmap
from tests.tui.conftest import SIZE, TODAY, AppFactory, settle, wait_until, write_journal

WIDE = (130, 50)


def _journal(db: Path) -> None:
    """Today is Sunday 2026-11-22. Nov 20 (Friday): a slip of severity 4 and a save; Nov 19:
    a clean check-in."""
    write_journal(
        db,
        EntryFields(situation="Pushed the bundle", occurred_on=date(2026, 11, 20), severity=4),
        EntryFields(situation="Told them the truth", occurred_on=date(2026, 11, 20), kind="save"),
        checkins=(date(2026, 11, 19),),
    )


async def test_the_year_is_read_after_the_figures_and_a_day_lists_its_entries(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite"
    _journal(db)
    app = make_app(db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        heatmap = screen.query_one(YearHeatmap)
        await wait_until(pilot, lambda: heatmap.end is not None)
        assert (heatmap.start, heatmap.end) == (date(2025, 11, 23), TODAY)
        assert heatmap.cursor == TODAY
        drawn = str(heatmap.render())
        assert "26-Q1" in drawn and "26-Q4" in drawn
        assert "Sun 2026-11-22: nothing recorded" in drawn
        heatmap.focus()
        await pilot.press("up", "up")  # Friday the 20th
        await settle(pilot)
        assert "Fri 2026-11-20: 1 slip (weight 4), 1 save (weight 1)" in str(heatmap.render())
        await pilot.press("up")
        await settle(pilot)
        assert "Thu 2026-11-19: checked in clean" in str(heatmap.render())
        await pilot.press("down", "enter")
        await settle(pilot)
        behind = app.screen
        assert isinstance(behind, EntriesBehindScreen)
        assert behind.title_text == "Entries on 2026-11-20"
        await wait_until(pilot, lambda: behind.query_one(EntryList).total == 2)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("left")  # a week earlier: the 13th
        await settle(pilot)
        assert "Fri 2026-11-13: nothing recorded" in str(heatmap.render())


async def test_the_figures_paint_before_the_year_is_read(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite"
    _journal(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen_figures: list[bool] = []
        original = PatternsScreen._show

        def spy(self: PatternsScreen, figures: object) -> None:
            # When the figures are shown, the year has not been read yet.
            screen_figures.append(self.query_one(YearHeatmap).end is None)
            original(self, figures)  # type: ignore[arg-type]

        PatternsScreen._show = spy  # type: ignore[method-assign]
        try:
            await pilot.press("p")
            await settle(pilot)
        finally:
            PatternsScreen._show = original  # type: ignore[method-assign]
        assert screen_figures == [True]
        await wait_until(pilot, lambda: app.screen.query_one(YearHeatmap).end is not None)


def test_year_heatmap_snapshot(
    snap_compare: Callable[..., bool], make_app: AppFactory, demo_db: Path
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        heatmap = pilot.app.screen.query_one(YearHeatmap)
        await wait_until(pilot, lambda: heatmap.end is not None)
        heatmap.focus()
        heatmap.scroll_visible(animate=False)
        await pilot.press("up", "up", "left")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=WIDE, run_before=run_before)
