"""Each screen at 100x30 on the demo journal, with the date fixed at 2026-11-22.

Update after a deliberate change of look: pytest tests/tui/test_snapshots.py --snapshot-update,
then look at the SVGs (snapshot_report.html shows the differences).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.tui.conftest import SIZE, AppFactory, settle

SnapCompare = Callable[..., bool]


async def _settled(pilot: Pilot[Any]) -> None:
    await settle(pilot)


def _keys_then_settle(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        # A blinking cursor would be caught on or off by chance.
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


def test_journal_screen(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_settled)


def test_journal_screen_wide(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    # 200x60 puts the entry beside the list.
    assert snap_compare(make_app(demo_db), terminal_size=(200, 60), run_before=_settled)


def test_journal_screen_at_80x24(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=_settled)


def test_search_and_filters(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    run_before = _keys_then_settle("slash", *"quota", "escape", "f", *"this", "enter", "escape")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_triggers_screen(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_keys_then_settle("t"))


def test_trash_screen(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    # Deleted with a fixed time, so the picture does not change with the clock.
    conn = sqlite3.connect(demo_db)
    with conn:
        conn.execute(
            "UPDATE entries SET deleted_at = '2026-11-22T09:30:00+00:00' WHERE id IN (360, 12)"
        )
    conn.close()
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_keys_then_settle("T"))


def test_help_screen(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    run_before = _keys_then_settle("question_mark")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_note_dialog(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    run_before = _keys_then_settle("a", *"They renewed after all.")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_welcome_screen(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_settled)


def test_new_entry_form(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    run_before = _keys_then_settle("n", *"Pushed the bundle to close the month")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_edit_form_asks_about_the_running_commitment(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    # The demo's newest entry carries look-good, which has a commitment running this quarter.
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_keys_then_settle("e"))


def test_follow_ups_due(snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_keys_then_settle("F"))


def test_closing_a_follow_up(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    run_before = _keys_then_settle("F", "enter", *"They renewed")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)
