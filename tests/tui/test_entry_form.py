"""The entry form by keys: create (with a new trigger), edit, validation, leaving, drafts and
the commitment question."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import RadioButton

from journal.records import EntryFields
from journal.services.store import JournalStore
from journal.tui.form_values import FormStart, read_form_start
from journal.tui.screens.confirm import ConfirmScreen
from journal.tui.screens.entry_form import EntryFormScreen
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.screens.triggers import TriggerEditScreen
from journal.tui.widgets.choice import Choice
from tests.journal_files import key_for, open_db
from tests.tui.conftest import SIZE, TODAY, AppFactory, on_top, on_top_as, settle, sql, wait_until

# Every test that makes a journal runs on a plain one and on an encrypted one.
pytestmark = pytest.mark.journal_kinds


def draft_text(db: Path) -> str:
    """The draft the journal holds, as stored ('' when there is none)."""
    rows = sql(db, "SELECT value FROM meta WHERE key = 'draft'")
    return str(rows[0][0]) if rows else ""


def seeded(tmp_path: Path, situation: str = "First moment") -> Path:
    db = tmp_path / "journal.sqlite"
    store = JournalStore(db, key=key_for(db))
    store.add(EntryFields(situation=situation, triggers=("quota-behind",), severity=2), today=TODAY)
    store.close()
    return db


async def test_create_an_entry_with_every_field_and_a_new_trigger(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        await pilot.press(*"Pushed the bundle to close the month")  # situation has focus
        form.query_one("#kind", Choice).set_value("slip")
        form.query_one("#occurred_on").focus()
        await pilot.press("ctrl+u", *"yesterday")
        form.query_one("#triggers").focus()
        await pilot.press(*"quota-behind", "enter")
        await pilot.press(*"Client deadline", "enter")  # not a trigger yet: offers to create
        await settle(pilot)
        assert isinstance(app.screen, TriggerEditScreen)
        await pilot.press(*"Deadlines", "tab", *"The customer's date, not mine", "enter")
        await settle(pilot)
        assert on_top(app) is form
        form.query_one("#customer").focus()
        await pilot.press(*"Northwind")
        form.query_one("#impact").focus()
        await pilot.press(*"They paid for seats they do not use")
        form.query_one("#severity", Choice).set_value("4")
        form.query_one("#pressure", Choice).set_value("5")
        form.query_one("#control", Choice).set_value("partly")
        form.query_one("#recovery", Choice).set_value("attempted")
        form.query_one("#recovery_note").focus()
        await pilot.press(*"Offered to remove the seats")
        form.query_one("#next_time").focus()
        await pilot.press(*"Ask what they need first")
        form.query_one("#follow_up_on").focus()
        await pilot.press(*"in 2 weeks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    row = sql(
        db,
        "SELECT kind, occurred_on, situation, customer, impact, severity, pressure, control,"
        " recovery, recovery_note, next_time, follow_up_on FROM entries WHERE id = 2",
    )
    assert row == [
        (
            "slip",
            "2026-11-21",
            "Pushed the bundle to close the month",
            "Northwind",
            "They paid for seats they do not use",
            4,
            5,
            "partly",
            "attempted",
            "Offered to remove the seats",
            "Ask what they need first",
            "2026-12-06",
        )
    ]
    assert sql(db, "SELECT trigger_id FROM entry_triggers WHERE entry_id = 2 ORDER BY 1") == [
        ("client-deadline",),
        ("quota-behind",),
    ]
    assert sql(db, "SELECT category, name FROM triggers WHERE id = 'client-deadline'") == [
        ("Deadlines", "Client deadline")
    ]
    assert sql(db, "SELECT count(*) FROM meta WHERE key = 'draft'") == [(0,)]


async def test_edit_an_entry(make_app: AppFactory, tmp_path: Path) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        await pilot.press(*" (and again on Friday)")  # the cursor starts after the words
        form.query_one("#severity", Choice).set_value("none")  # cleared
        form.query_one("#kind", Choice).set_value("save")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT situation, severity, kind, updated_at IS NOT NULL FROM entries") == [
        ("First moment (and again on Friday)", None, "save", 1)
    ]


async def test_validation_blocks_saving_and_names_the_field(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        await pilot.press("ctrl+s")  # empty situation
        await settle(pilot)
        assert app.screen is form
        assert "what happened" in str(form.query_one("#situation-problem").render())
        assert form.query_one("#situation-field").has_class("-invalid")

        await pilot.press(*"Something real")
        form.query_one("#occurred_on").focus()
        await pilot.press("ctrl+u", *"tomorrow")
        assert "in the future" in str(form.query_one("#occurred_on-problem").render())
        await pilot.press("ctrl+s")
        assert app.screen is form

        await pilot.press("ctrl+u", *"someday")
        assert "could not read the date" in str(form.query_one("#occurred_on-problem").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert sql(db, "SELECT count(*) FROM entries") == [(1,)]

        await pilot.press("ctrl+u", *"friday")
        assert "Fri 20 Nov 2026" in str(form.query_one("#occurred_on-hint").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT occurred_on FROM entries WHERE id = 2") == [("2026-11-20",)]


async def test_escape_asks_before_throwing_away_typing(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "escape")  # nothing typed: leaves at once
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("n", *"Half a thought", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep writing
        assert isinstance(app.screen, EntryFormScreen)
        await pilot.press("escape", "y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT count(*) FROM entries") == [(1,)]


async def test_draft_survives_closing_the_app_and_is_offered_back(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Typed before the laptop died")
        await pilot.pause()
        assert isinstance(app.screen, EntryFormScreen)
    # Closed mid-edit: nothing saved as an entry, the draft kept.
    assert sql(db, "SELECT count(*) FROM entries") == [(1,)]
    assert sql(db, "SELECT count(*) FROM meta WHERE key = 'draft'") == [(1,)]

    again = make_app(db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen) and again.screen.id == "draft-offer"
        await pilot.press("y")
        await settle(pilot)
        form = again.screen
        assert isinstance(form, EntryFormScreen)
        assert form.values()["situation"] == "Typed before the laptop died"
        await pilot.press(*", again")  # typing goes on after the restored words
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert sql(db, "SELECT situation FROM entries WHERE id = 2") == [
        ("Typed before the laptop died, again",)
    ]
    assert sql(db, "SELECT count(*) FROM meta WHERE key = 'draft'") == [(0,)]


async def test_draft_is_saved_while_typing(make_app: AppFactory, tmp_path: Path) -> None:
    db = seeded(tmp_path)
    EntryFormScreen.DRAFT_INTERVAL = 0.1
    try:
        app = make_app(db)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("n", *"Still typing")
            # A draft may be saved between two keys; the one that counts holds all of them.
            await wait_until(pilot, lambda: "Still typing" in draft_text(db))
            assert len(sql(db, "SELECT value FROM meta WHERE key = 'draft'")) == 1
    finally:
        EntryFormScreen.DRAFT_INTERVAL = 3.0


async def test_the_form_asks_whether_a_commitment_was_followed(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    conn = open_db(db)
    with conn:
        conn.execute(
            "INSERT INTO reviews (id, quarter, reflection, created_at, updated_at)"
            " VALUES (1, '2026-Q3', '', '2026-10-01', '2026-10-01')"
        )
        conn.execute(
            "INSERT INTO commitments (id, review_id, trigger_id, plan, quarter, set_on)"
            " VALUES (7, 1, 'quota-behind', 'ask what they need first', '2026-Q4', '2026-10-01')"
        )
    conn.close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Held the line on the discount")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        assert not form.query(".commitment")  # no trigger chosen yet: no question
        form.query_one("#kind", Choice).set_value("save")
        form.query_one("#triggers").focus()
        await pilot.press(*"quota-behind", "enter")
        await settle(pilot)
        question = str(form.query_one(".commitment-question").render())
        assert "ask what they need first" in question
        form.query_one("#commitment-7", Choice).set_value("partly")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT entry_id, commitment_id, followed FROM commitment_checks") == [
        (2, 7, "partly")
    ]


def add_commitment(db: Path, commitment_id: int, trigger_id: str, plan: str) -> None:
    conn = open_db(db)
    with conn:
        conn.execute(
            "INSERT OR IGNORE INTO reviews (id, quarter, reflection, created_at, updated_at)"
            " VALUES (1, '2026-Q3', '', '2026-10-01', '2026-10-01')"
        )
        conn.execute(
            "INSERT INTO commitments (id, review_id, trigger_id, plan, quarter, set_on)"
            " VALUES (?, 1, ?, ?, '2026-Q4', '2026-10-01')",
            (commitment_id, trigger_id, plan),
        )
    conn.close()


async def test_enter_takes_the_suggestion_and_a_typed_trigger_is_kept_on_save(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Promised a date we could not keep")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        form.query_one("#triggers").focus()
        await pilot.press(*"over-pro", "enter")  # the grey completion is over-promised
        await settle(pilot)
        assert form.chosen == ["over-promised"]
        assert "Went off-script or over-promised" in str(form.query_one("#triggers-hint").render())
        await pilot.press(*"look-good")  # typed, never added with Enter
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT trigger_id FROM entry_triggers WHERE entry_id = 2 ORDER BY 1") == [
        ("look-good",),
        ("over-promised",),
    ]


async def test_an_unknown_trigger_left_in_the_box_blocks_saving(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Something happened")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        form.query_one("#triggers").focus()
        await pilot.press(*"zzz nothing like it", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "press Enter to create it" in str(form.query_one("#triggers-problem").render())
        assert form.query_one("#triggers-field").has_class("-invalid")
        assert form.focused is form.query_one("#triggers")
        await pilot.press("enter")  # offers to create it
        await settle(pilot)
        assert isinstance(app.screen, TriggerEditScreen)
        await pilot.press("escape")  # declined
        await settle(pilot)
        assert app.screen is form
        await pilot.press("ctrl+u", "backspace", "ctrl+s")  # cleared: saves without it
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT count(*) FROM entry_triggers WHERE entry_id = 2") == [(0,)]
    assert sql(db, "SELECT count(*) FROM triggers WHERE id LIKE 'zzz%'") == [(0,)]


async def test_a_retired_trigger_is_not_offered_and_not_recreated(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    store = JournalStore(db, key=key_for(db))
    store.set_retired("kept-credit", retired=True)
    store.close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Took the credit")
        form = on_top_as(app, EntryFormScreen)
        form.query_one("#triggers").focus()
        await pilot.press(*"kept-credit", "enter")
        await settle(pilot)
        assert app.screen is form  # no offer to create what exists
        assert form.chosen == []
        assert "retired" in str(form.query_one("#triggers-problem").render())


async def test_backspace_removes_a_trigger_and_its_commitment_question(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    add_commitment(db, 7, "quota-behind", "ask what they need first")
    add_commitment(db, 8, "look-good", "say what I do not know")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Two pulls at once")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        form.query_one("#triggers").focus()
        await pilot.press(*"quota-behind", "enter")
        await settle(pilot)
        form.query_one("#commitment-7", Choice).set_value("no")
        await pilot.press(*"look-good", "enter")
        await settle(pilot)
        assert len(form.query(".commitment")) == 2
        assert form.query_one("#commitment-7", Choice).value == "no"  # kept across the redraw
        await pilot.press("backspace")  # the box is empty: removes look-good
        await settle(pilot)
        assert form.chosen == ["quota-behind"]
        assert [c.id for c in form.commitments] == [7]
        assert len(form.query(".commitment")) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT commitment_id, followed FROM commitment_checks") == [(7, "no")]
    assert sql(db, "SELECT trigger_id FROM entry_triggers WHERE entry_id = 2") == [
        ("quota-behind",)
    ]


async def test_edit_prefills_the_commitment_answer_and_an_untouched_save_writes_nothing(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    add_commitment(db, 7, "quota-behind", "ask what they need first")
    store = JournalStore(db, key=key_for(db))
    store.record_commitment_checks(1, {7: "partly"})
    store.close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = on_top_as(app, EntryFormScreen)
        assert form.query_one("#commitment-7", Choice).value == "partly"
        assert form.query_one("#severity", Choice).value == "2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert sql(db, "SELECT updated_at FROM entries WHERE id = 1") == [(None,)]

        await pilot.press("e")
        form = on_top_as(app, EntryFormScreen)
        form.query_one("#commitment-7", Choice).set_value("yes")
        await pilot.press("escape")  # a changed answer counts as a change
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT followed FROM commitment_checks WHERE entry_id = 1") == [("yes",)]


async def test_number_keys_set_severity_and_pressure(make_app: AppFactory, tmp_path: Path) -> None:
    db = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Rushed it")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        form.query_one("#severity", Choice).focus()
        await pilot.press("3")
        form.query_one("#pressure", Choice).focus()
        await pilot.press("5", "0", "4")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT severity, pressure, control FROM entries WHERE id = 2") == [(3, 4, None)]


async def test_a_draft_keeps_triggers_and_answers_and_of_a_deleted_entry_becomes_new(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    add_commitment(db, 7, "quota-behind", "ask what they need first")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "end", *" and more")
        form = on_top_as(app, EntryFormScreen)
        form.query_one("#commitment-7", Choice).set_value("partly")
        await pilot.pause()
    draft = JournalStore(db, key=key_for(db))
    saved = draft.load_draft()
    assert saved is not None and saved.entry_id == 1
    assert saved.fields["triggers"] == "quota-behind"
    assert saved.fields["commitments"] == "7=partly"
    draft.delete(1)  # gone before the draft comes back
    draft.close()

    again = make_app(db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        form = on_top_as(again, EntryFormScreen)
        assert form.entry_id is None
        assert form.values()["situation"] == "First moment and more"
        assert form.query_one("#commitment-7", Choice).value == "partly"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(again.screen, JournalScreen)
    assert sql(db, "SELECT id, situation, deleted_at IS NULL FROM entries ORDER BY id") == [
        (1, "First moment", 0),
        (2, "First moment and more", 1),
    ]
    assert sql(db, "SELECT entry_id, followed FROM commitment_checks") == [(2, "partly")]


async def test_every_option_is_on_screen_at_80x24_and_fields_sit_side_by_side_when_wide(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db = seeded(tmp_path)
    for size in ((80, 24), (200, 60)):
        app = make_app(db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("n")
            form = app.screen
            assert isinstance(form, EntryFormScreen)
            scroller = form.query_one("#form")
            for button in form.query(RadioButton):
                scroller.scroll_to_widget(button, animate=False)
                await pilot.pause()
                shown = button.region
                assert shown.width == button.outer_size.width > 0, (size, button.label)
                assert shown.right <= size[0], (size, button.label)
            situation = form.query_one("#situation").region
            severity = form.query_one("#severity").region
            if size[0] == 80:
                assert severity.y > situation.bottom  # one column
            else:
                assert severity.x > situation.right  # the details beside what happened


async def test_a_pause_in_typing_saves_the_draft_at_once(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without waiting for the 3-second tick: a kill right after a pause loses nothing."""
    db = seeded(tmp_path)
    # The steady tick is put off far beyond the wait, so only the pause can save the draft.
    monkeypatch.setattr(EntryFormScreen, "DRAFT_INTERVAL", 600.0)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Typed then paused")
        # A draft may be saved between two keys; the one that counts holds all of them.
        await wait_until(pilot, lambda: "Typed then paused" in draft_text(db))
        assert len(sql(db, "SELECT value FROM meta WHERE key = 'draft'")) == 1


async def test_keys_typed_while_the_form_reads_the_journal_are_not_lost(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form reads the journal in a worker: what is typed meanwhile is not lost but
    lands in the situation once the form is shown, in order."""
    import threading

    from textual.events import Key

    from journal.tui.screens import entry_form

    read_may_end = threading.Event()

    def slow_read(*args: object, **kwargs: object) -> FormStart:
        read_may_end.wait(timeout=10)  # a journal slow to read
        return read_form_start(*args, **kwargs)  # type: ignore[arg-type]

    db = seeded(tmp_path)
    monkeypatch.setattr(entry_form, "read_form_start", slow_read)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app._press_keys(["n"])  # no wait for the form
        await wait_until(pilot, lambda: isinstance(app.screen, EntryFormScreen))
        for character in "Typed at once":
            app.post_message(Key("space" if character == " " else character, character))
        await pilot.pause(0.1)
        read_may_end.set()
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        await wait_until(pilot, lambda: form.is_mounted and bool(form.query("#situation")))
        await settle(pilot)
        assert form.values()["situation"] == "Typed at once"
