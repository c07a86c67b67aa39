"""The journal screen driven by keys: list, search, filters, delete/undo, trash, check-in, notes,
triggers, help, the welcome page and remapped keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.records import EntryFields
from journal.services.entries import EntryFilter
from journal.services.store import JournalStore
from journal.tui.screens.confirm import ConfirmScreen
from journal.tui.screens.export import ExportScreen
from journal.tui.screens.help import HelpScreen
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.screens.note import NoteScreen
from journal.tui.screens.trash import TrashScreen
from journal.tui.screens.triggers import TriggersScreen
from journal.tui.screens.welcome import WelcomeScreen
from journal.tui.widgets.entry_list import EntryList
from journal.tui.widgets.filter_bar import FilterBar, FilterInputs
from journal.tui.widgets.row_table import RowTable
from tests.journal_files import key_for
from tests.tui.conftest import SIZE, TODAY, AppFactory, on_top, settle, sql, wait_until

# Every test that makes a journal runs on a plain one and on an encrypted one.
pytestmark = pytest.mark.journal_kinds


def live_count(db: Path, where: str = "1", *params: object) -> int:
    rows = sql(db, f"SELECT count(*) FROM entries WHERE deleted_at IS NULL AND {where}", *params)
    return int(str(rows[0][0]))


def entry_list(app: object) -> EntryList:
    from journal.tui.app import JournalApp

    assert isinstance(app, JournalApp)
    return app.screen.query_one(EntryList)


async def test_opens_on_the_list_newest_first(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        entries = entry_list(app)
        assert entries.total == live_count(demo_db) == 360
        newest = sql(demo_db, "SELECT id FROM entries ORDER BY occurred_on DESC, id DESC LIMIT 2")
        assert entries.current_id == newest[0][0]
        await pilot.press("down")
        assert entries.current_id == newest[1][0]
        await pilot.press("end")
        oldest = sql(demo_db, "SELECT id FROM entries ORDER BY occurred_on, id LIMIT 1")
        assert entries.current_id == oldest[0][0]
        assert entries.scroll_offset.y > 0  # scrolled to keep the cursor in view


async def test_search_narrows_the_list_as_you_type(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"northwind")
        await settle(pilot)
        expected = sql(
            demo_db,
            "SELECT count(*) FROM entries WHERE deleted_at IS NULL AND id IN"
            " (SELECT rowid FROM entries_fts WHERE entries_fts MATCH '\"northwind\"*')",
        )[0][0]
        assert isinstance(expected, int)
        entries = entry_list(app)
        assert 0 < entries.total == expected < 360
        first = entries.row(0)
        assert first is not None
        situation = sql(demo_db, "SELECT situation, customer FROM entries WHERE id = ?", first.id)
        assert "northwind" in " ".join(str(v) for v in situation[0]).lower()
        # Escape leaves the search box, a second escape clears the search.
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert entries.total == 360


async def test_search_syntax_is_searched_as_words(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"quota NEAR )', "enter")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert entry_list(app).total == 0  # no entry holds all those words; no crash


async def test_each_filter(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = entry_list(app)
        screen = app.screen
        assert isinstance(screen, JournalScreen)

        await pilot.press("f", *"2026-Q3", "enter")
        await settle(pilot)
        q3 = live_count(demo_db, "occurred_on BETWEEN '2026-07-01' AND '2026-09-30'")
        assert entries.total == q3 > 0

        screen.query_one("#kind").value = "save"  # type: ignore[attr-defined]
        await settle(pilot)
        saves = live_count(
            demo_db, "kind = 'save' AND occurred_on BETWEEN '2026-07-01' AND '2026-09-30'"
        )
        assert entries.total == saves < q3

        screen.query_one("#kind").clear()  # type: ignore[attr-defined]
        screen.query_one("#trigger").value = "quota-behind"  # type: ignore[attr-defined]
        await settle(pilot)
        quota = live_count(
            demo_db,
            "occurred_on BETWEEN '2026-07-01' AND '2026-09-30' AND id IN"
            " (SELECT entry_id FROM entry_triggers WHERE trigger_id = 'quota-behind')",
        )
        assert entries.total == quota > 0

        screen.query_one("#trigger").clear()  # type: ignore[attr-defined]
        screen.query_one("#quarter").value = ""  # type: ignore[attr-defined]
        screen.query_one("#date_from").focus()
        await pilot.press(*"2026-10-01", "enter")
        screen.query_one("#date_to").focus()
        await pilot.press(*"2026-10-31", "enter")
        await settle(pilot)
        october = live_count(demo_db, "occurred_on BETWEEN '2026-10-01' AND '2026-10-31'")
        assert entries.total == october > 0

        screen.query_one("#date_from").value = ""  # type: ignore[attr-defined]
        screen.query_one("#date_to").value = ""  # type: ignore[attr-defined]
        screen.query_one("#customer").focus()
        await pilot.press(*"orion", "enter")
        await settle(pilot)
        orion = live_count(demo_db, "customer LIKE '%orion%'")
        assert entries.total == orion > 0


async def test_every_filter_clears_at_once_and_half_typed_dates_wait_for_enter(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        await pilot.press("f", *"2026-Q3", "enter")
        screen.query_one("#kind").value = "save"  # type: ignore[attr-defined]
        screen.query_one("#date_from").focus()
        await pilot.press(*"fri")  # on the way to "friday": no complaint yet
        await settle(pilot)
        assert not screen.query_one("#date_from").has_class("-invalid")
        assert not screen.query_one("#filter-problem").has_class("-shown")
        await pilot.press("ctrl+u", "escape")
        assert entry_list(app).total < 360
        assert "C clears" in str(screen.query_one("#list-status").render())
        await pilot.press("C")
        await settle(pilot)
        assert entry_list(app).total == 360
        assert screen.filter == EntryFilter()
        assert screen.query_one(FilterBar).inputs == FilterInputs()
        assert screen.focused is entry_list(app)


async def test_a_bad_filter_date_is_named_and_the_list_kept(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", "tab", *"someday", "enter")
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#date_from").has_class("-invalid")
        problem = str(screen.query_one("#filter-problem").render())
        assert "could not read the date" in problem
        assert entry_list(app).total == 360


async def test_delete_then_undo(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = entry_list(app)
        target = entries.current_id
        following = entries.row(1)
        await pilot.press("d")
        await settle(pilot)
        assert sql(demo_db, "SELECT deleted_at IS NOT NULL FROM entries WHERE id = ?", target) == [
            (1,)
        ]
        assert entries.total == 359
        assert following is not None and entries.current_id == following.id
        await pilot.press("u")
        await settle(pilot)
        assert sql(demo_db, "SELECT deleted_at FROM entries WHERE id = ?", target) == [(None,)]
        assert entries.total == 360 and entries.current_id == target


async def test_restore_from_the_trash(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = entry_list(app).current_id
        await pilot.press("d", "T")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        await pilot.press("r")
        await settle(pilot)
        assert sql(demo_db, "SELECT deleted_at FROM entries WHERE id = ?", target) == [(None,)]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert entry_list(app).total == 360


async def test_checkin_marks_today_clean(make_app: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite"
    store = JournalStore(db, key=key_for(db))
    store.add(EntryFields(situation="Yesterday's slip"), today=TODAY.replace(day=21))
    store.close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert sql(db, "SELECT day, status FROM checkins") == [("2026-11-22", "clean")]


async def test_checkin_on_a_day_with_a_slip_records_slips(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite"
    store = JournalStore(db, key=key_for(db))
    store.add(EntryFields(situation="Today's slip", occurred_on=TODAY), today=TODAY)
    store.close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert sql(db, "SELECT day, status FROM checkins") == [("2026-11-22", "slips")]


async def test_add_a_later_note(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = entry_list(app).current_id
        before = sql(demo_db, "SELECT count(*) FROM notes WHERE entry_id = ?", target)[0][0]
        await pilot.press("a")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("ctrl+s")  # empty: refused, stays open
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"They renewed after all", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        notes = sql(demo_db, "SELECT text FROM notes WHERE entry_id = ? ORDER BY id DESC", target)
        assert len(notes) == int(str(before)) + 1
        assert notes[0] == ("They renewed after all",)


async def test_triggers_add_rename_retire(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TriggersScreen)
        await pilot.press("a", *"client-deadline", "tab", *"Deadlines", "tab")
        await pilot.press(*"The customer's date, not mine", "enter")
        await settle(pilot)
        assert sql(
            demo_db, "SELECT category, builtin FROM triggers WHERE id = 'client-deadline'"
        ) == [("Deadlines", 0)]
        await pilot.press("e", "ctrl+u", *"Client's deadline", "enter")
        await settle(pilot)
        assert sql(demo_db, "SELECT name FROM triggers WHERE id = 'client-deadline'") == [
            ("Client's deadline",)
        ]
        await pilot.press("d")  # no entry carries it: retired at once
        await settle(pilot)
        retired = sql(
            demo_db, "SELECT retired_at IS NOT NULL FROM triggers WHERE id = ?", "client-deadline"
        )
        assert retired == [(1,)]
        await pilot.press("escape")
        assert isinstance(app.screen, JournalScreen)


async def test_a_trigger_with_entries_is_retired_only_when_confirmed_and_comes_back_with_u(
    make_app: AppFactory, demo_db: Path
) -> None:
    def retired(trigger_id: str) -> bool:
        query = "SELECT retired_at IS NOT NULL FROM triggers WHERE id = ?"
        return bool(sql(demo_db, query, trigger_id)[0][0])

    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TriggersScreen)
        table = screen.query_one(RowTable)
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        first = screen._shown[0]
        assert first.entries > 0
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert on_top(app) is screen and not retired(first.id)
        await pilot.press("d", "y")
        await settle(pilot)
        assert retired(first.id)
        await pilot.press("u")
        await settle(pilot)
        assert not retired(first.id)


async def test_a_trigger_made_in_the_app_needs_only_its_name(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "a", *"Board meeting", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TriggersScreen)
    assert sql(
        demo_db, "SELECT name, category, description FROM triggers WHERE id = 'board-meeting'"
    ) == [("Board meeting", "Your own", "")]


async def test_help_and_the_export_dialog(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        checkins = sql(demo_db, "SELECT count(*) FROM checkins")
        await pilot.press("c", "d", "n", "p")  # the journal's keys do nothing in the dialog
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert sql(demo_db, "SELECT count(*) FROM checkins") == checkins
        await pilot.press("escape")
        assert isinstance(app.screen, JournalScreen)


async def test_welcome_on_an_empty_journal_opens_the_demo(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert app.db_path == tmp_path / "demo-from-welcome.sqlite"
        assert entry_list(app).total == 360
    # The person's own journal stays empty.
    assert live_count(tmp_path / "journal.sqlite") == 0


async def test_keys_can_be_remapped_in_the_config(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app(demo_db, keys=(("triggers", "ctrl+t"),))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, JournalScreen)  # the old key no longer does it
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, TriggersScreen)


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_the_footer_shows_what_fits_and_always_help_and_quit(
    make_app: AppFactory, demo_db: Path, width: int
) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(demo_db)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        keys = [key.key for key in app.screen.query(FooterKey)]
        for needed in ("n", "e", "slash", "p", "r", "question_mark", "q"):
            assert needed in keys, (width, keys)
        used = sum(key.region.width for key in app.screen.query(FooterKey))
        assert used <= width  # nothing cut off at the end
        title = str(app.screen.query_one("#title").render())
        assert "due" in title  # the demo has follow-ups due: said at every width


async def test_a_theme_picked_in_the_app_is_kept_in_the_config(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    import os
    import tomllib

    from journal.config import load_settings

    config = tmp_path / "config.toml"
    config.write_text('# my settings\nweek_start = "sunday"\n\n[keys]\nnew = "ctrl+n"\n')
    app = make_app(demo_db, week_start="sunday", keys=(("new", "ctrl+n"),))
    app.config_file = config
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await wait_until(pilot, lambda: "nord" in config.read_text())
    text = config.read_text()
    assert text.startswith('theme = "nord"\n# my settings\n')  # the rest as written
    assert tomllib.loads(text)["keys"] == {"new": "ctrl+n"}
    assert load_settings(config).theme == "nord"
    assert os.stat(config).st_mode & 0o777 == 0o600


async def test_the_palette_lists_each_entry_once_and_none_of_textuals_own(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert len(titles) == len(set(titles)), titles
    assert "Theme" in titles and "Keys" in titles
    assert not {"Maximize", "Minimize", "Screenshot"} & set(titles)


async def test_an_unknown_theme_names_the_palette_entry_that_exists(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db, theme="no-such-theme")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [notification.message for notification in app._notifications]
        titles = {command.title for command in app.get_system_commands(app.screen)}
    (message,) = [m for m in messages if "no-such-theme" in m]
    named = message.split("pick '")[1].split("'")[0]
    assert named in titles
