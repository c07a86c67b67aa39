"""Bad input in the app: the entry form shows each problem under its field and saves nothing;
search syntax typed into the search box finds words, never an error; text in any script typed
into the form is saved byte for byte."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.console import Console
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from journal.records import EntryFields
from journal.services.store import JournalStore
from journal.tui.screens.entry_form import EntryFormScreen
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.widgets.choice import Choice
from journal.tui.widgets.entry_list import EntryList
from tests.tui.conftest import SIZE, TODAY, AppFactory, on_top, on_top_as, settle, sql

SEARCH_ENTRIES = {
    "northwind": "Told Northwind the bundle fits",
    "operators": "Sales said it was near enough and moved on, or not at all",
    "sql": "Someone typed drop table entries into the CRM notes",
}


def seeded(tmp_path: Path, situations: dict[str, str] | None = None) -> tuple[Path, dict[str, int]]:
    db = tmp_path / "journal.sqlite"
    store = JournalStore(db)
    ids = {
        key: store.add(EntryFields(situation=text), today=TODAY)
        for key, text in (situations or {"first": "First moment"}).items()
    }
    store.close()
    return db, ids


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Each character as a terminal sends it: a key with its character, in one burst as from
    a fast typist. (Pilot's own press drops characters it has no key name for, such as
    emoji, and waits for the screen after every key.)"""
    for character in text:
        pilot.app.post_message(events.Key(_character_to_key(character), character))
    await pilot.pause()


async def paste(pilot: Pilot[None], text: str) -> None:
    """A bracketed paste into the focused field, as a terminal sends it."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def shown_text(renderable: object) -> str:
    """What a renderable shows, as plain text (wide enough never to wrap)."""
    console = Console(width=1000, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


# --- the entry form ----------------------------------------------------------------------------

Step = Callable[[Pilot[None], EntryFormScreen], Awaitable[None]]


def into(field: str, text: str, *, how: str = "type") -> Step:
    """Focus a field, clear it, and type or paste `text` into it."""

    async def step(pilot: Pilot[None], form: EntryFormScreen) -> None:
        widget = form.query_one(f"#{field}")
        widget.focus()
        if isinstance(widget, TextArea):
            widget.clear()
        elif isinstance(widget, Input):
            widget.value = ""
        await pilot.pause()
        if how == "paste":
            await paste(pilot, text)
        else:
            await type_text(pilot, text)

    return step


# (row id, what is done in the form, the field that shows the problem, the words shown)
FORM_REFUSALS: list[tuple[str, Step, str, str]] = [
    (
        "situation-control-characters",
        into("situation", "bell \x07 and \x1b[31m red", how="paste"),
        "situation",
        "control character U+0007",
    ),
    (
        "situation-nul",
        into("situation", "nul \x00 inside", how="paste"),
        "situation",
        "control character U+0000",
    ),
    (
        "customer-escape",
        into("customer", "\x1b]0;title", how="paste"),
        "customer",
        "control character U+001B",
    ),
    (
        "situation-c1-csi",  # U+009B: a terminal's CSI, as dangerous as ESC [
        into("situation", "csi \x9b31m red", how="paste"),
        "situation",
        "control character U+009B",
    ),
    (
        "customer-c1-csi",
        into("customer", "North\x9bwind", how="paste"),
        "customer",
        "control character U+009B",
    ),
    (
        "situation-25000-chars",
        into("situation", "x" * 25_000, how="paste"),
        "situation",
        "25,000 characters long; a field holds at most 20,000",
    ),
    ("impact-25000-chars", into("impact", "y" * 25_000, how="paste"), "impact", "at most 20,000"),
    ("situation-blank", into("situation", "   "), "situation", "what happened"),
    ("date-future", into("occurred_on", "2027-01-01"), "occurred_on", "in the future"),
    ("date-feb-30", into("occurred_on", "2026-02-30"), "occurred_on", "could not read the date"),
    ("date-0000-00-00", into("occurred_on", "0000-00-00"), "occurred_on", "could not read"),
    ("date-minus-1", into("occurred_on", "-1"), "occurred_on", "could not read the date"),
    ("date-empty", into("occurred_on", ""), "occurred_on", "give a date"),
    ("follow-up-month-13", into("follow_up_on", "2026-13-01"), "follow_up_on", "could not read"),
    ("follow-up-9999", into("follow_up_on", "9999-12-31"), "follow_up_on", "outside the years"),
]


async def quick_settle(pilot: Pilot[None]) -> None:
    """Events handled, workers done, the result shown: no waiting on timers."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# What each field is set back to after its row: good values, so the next row starts clean.
GOOD_VALUES = {
    "situation": "Something that happened",
    "customer": "",
    "impact": "",
    "occurred_on": "today",
    "follow_up_on": "",
}


async def test_the_form_shows_each_problem_and_saves_nothing(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """One form, every row of the table in turn (opening a form per row would take half a
    minute): the problem under its field, ctrl+s refused with the form still open, and the
    problem gone once the field holds a good value again."""
    db, _ = seeded(tmp_path)
    before = sql(db, "SELECT * FROM entries")
    app = make_app(db)
    wrong: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        form = on_top_as(app, EntryFormScreen)
        await type_text(pilot, GOOD_VALUES["situation"])
        for row_id, act, field, expected in FORM_REFUSALS:
            await act(pilot, form)
            await quick_settle(pilot)
            shown = str(form.query_one(f"#{field}-problem").render())
            invalid = form.query_one(f"#{field}-field").has_class("-invalid")
            if expected not in shown or not invalid:
                wrong.append(f"{row_id}: {field} shows {shown!r}")
            await pilot.press("ctrl+s")
            await quick_settle(pilot)
            if on_top(app) is not form:
                wrong.append(f"{row_id}: the form closed on ctrl+s")
                break
            await into(field, GOOD_VALUES[field], how="paste")(pilot, form)
            await quick_settle(pilot)
            if form.problems:
                wrong.append(f"{row_id}: still shows {form.problems} after a good value")
        assert app.is_running
    assert wrong == []
    assert sql(db, "SELECT * FROM entries") == before


async def test_severity_cannot_be_typed_out_of_range(make_app: AppFactory, tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "Pushed the bundle")
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        for name in ("severity", "pressure"):
            choice = form.query_one(f"#{name}", Choice)
            choice.focus()
            await pilot.press("7", "9", "minus", "6")
            assert choice.value == "none"  # only 1 to 5 (or 0: not set) mean anything here
            await pilot.press("4", "8")
            assert choice.value == "4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert sql(db, "SELECT severity, pressure FROM entries WHERE id = 2") == [(4, 4)]


# (row id, text typed into the situation and the customer); the CLI tables take each script
# on its own, the app's rows mix them to keep the form openings few
KEPT = [
    (
        "emoji",
        "Told the client 🙂 👍🏽, the team 👩\u200d👩\u200d👧\u200d👦, the dev 👩🏽\u200d💻 🇯🇵",
    ),
    ("combining-cjk", "Cafe\u0301, man\u0303ana; 顧客の成果より自分の数字"),
    ("right-to-left", "Told Northwind שלום, הלקוח חיכה and مرحبا بالعالم \u200fon 2026-03-05"),
]


async def test_text_in_any_script_is_saved_byte_for_byte(
    make_app: AppFactory, tmp_path: Path
) -> None:
    db, _ = seeded(tmp_path)
    app = make_app(db)
    wrong: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for row_id, text in KEPT:
            await pilot.press("n")
            form = app.screen
            assert isinstance(form, EntryFormScreen), row_id
            await type_text(pilot, text)
            form.query_one("#customer").focus()
            await type_text(pilot, text)
            await quick_settle(pilot)
            assert form.problems == {}, row_id
            await pilot.press("ctrl+s")
            await quick_settle(pilot)
            assert isinstance(app.screen, JournalScreen), row_id
            # saved as typed, and shown as written in the entry's detail beside the list
            stored = sql(db, "SELECT situation, customer FROM entries ORDER BY id DESC LIMIT 1")
            if stored != [(text, text)]:
                wrong.append(f"{row_id}: stored {stored!r}")
            if text not in shown_text(app.screen.query_one("#detail-body", Static).content):
                wrong.append(f"{row_id}: not shown as written")
    assert wrong == []


# --- the search box --------------------------------------------------------------------------

# (what is typed, the entries it finds): the same rules as journal list --search
SEARCHES = [
    ('"', []),
    ('""', []),
    ("*", []),
    ("NEAR", ["operators"]),
    ("NEAR(", ["operators"]),
    (")", []),
    ("(", []),
    ("AND", ["operators"]),
    ("OR NOT", ["operators"]),
    ("NOT northwind", []),
    ("-", []),
    ("-northwind", ["northwind"]),
    ("^", []),
    ("'; DROP TABLE entries; --", ["sql"]),
    ("%", []),
    ("_", []),
    ("\\", []),
    ('northwind"', ["northwind"]),
    ("north*", ["northwind"]),
    ("northwind:", ["northwind"]),
    ("{told} +bundle", ["northwind"]),
    (" ".join(["told"] * 1000), ["northwind"]),
    (" ".join(f"w{number}" for number in range(1000)), []),
]


async def test_search_syntax_typed_into_the_search_box(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """One app, every row of the table typed in turn (an app per row would take a minute)."""
    db, ids = seeded(tmp_path, SEARCH_ENTRIES)
    before = sql(db, "SELECT * FROM entries")
    app = make_app(db)
    wrong: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        box = screen.query_one("#search", Input)
        entries = screen.query_one(EntryList)
        for typed, finds in SEARCHES:
            await pilot.press("slash")
            box.value = ""
            if len(typed) <= 40:
                await type_text(pilot, typed)  # key by key, as a person types
            else:
                await paste(pilot, typed)  # a thousand words: pasted
            await pilot.press("enter")  # Enter searches at once
            await quick_settle(pilot)
            assert app.screen is screen and app.is_running, typed[:40]
            found = set()
            for index in range(entries.total):
                row = entries.row(index)
                assert row is not None
                found.add(row.id)
            if found != {ids[key] for key in finds}:
                wrong.append(f"{typed[:40]!r}: found {sorted(found)}, expected {finds}")
    assert wrong == []
    assert sql(db, "SELECT * FROM entries") == before
