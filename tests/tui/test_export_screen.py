"""The export dialog (x): each format written from the dialog to a private file, redaction,
the period as typed, the file name following the choices, and nothing written on a problem or
on escape."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from journal.tui.app import JournalApp
from journal.tui.screens.export import ExportScreen
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.screens.share_check import ShareCheckScreen
from journal.tui.widgets.pick import Pick
from tests.tui.conftest import SIZE, TODAY, AppFactory, settle, sql

SnapCompare = Callable[..., bool]

# The demo's customers; a redacted export names none of them.
DEMO_CUSTOMERS = ("Northwind", "Harbor Dental", "Orion Freight", "Kestrel", "Maple Street")


def words(app: JournalApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_dialog(pilot: Pilot[None]) -> ExportScreen:
    await settle(pilot)
    await pilot.press("x")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def set_path(pilot: Pilot[None], path: Path) -> None:
    box = pilot.app.screen.query_one("#export-path", Input)
    box.focus()
    await pilot.pause()
    box.value = str(path)


async def export(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("rights", "fmt", "marker"),
    [
        (0, "md", "# Quarterly summary: 2026-Q4\n"),
        (1, "html", "<!DOCTYPE html>"),
        (2, "json", "{"),
        (3, "csv", "\ufeffid,kind,occurred_on"),
    ],
)
async def test_each_format_writes_a_private_file(
    make_app: AppFactory, demo_db: Path, tmp_path: Path, rights: int, fmt: str, marker: str
) -> None:
    app = make_app(demo_db)
    target = tmp_path / "out" / f"coach.{fmt}"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press(*["right"] * rights)
        assert screen.fmt == fmt
        await set_path(pilot, target)
        await export(pilot)
        assert isinstance(app.screen, JournalScreen)  # closed after writing
        messages = [n.message for n in app._notifications]
    assert target.read_text(encoding="utf-8").startswith(marker)
    assert private(target)
    everything = int(
        str(sql(demo_db, "SELECT count(*) FROM entries WHERE deleted_at IS NULL")[0][0])
    )
    in_q4 = int(
        str(
            sql(
                demo_db,
                "SELECT count(*) FROM entries WHERE deleted_at IS NULL"
                " AND occurred_on BETWEEN '2026-10-01' AND '2026-12-31'",
            )[0][0]
        )
    )
    # md and html: the review's quarter by default; json and csv: the whole journal.
    expected = {"md": in_q4, "html": in_q4, "json": everything, "csv": everything}[fmt]
    assert f"Exported {expected} entries to {target}" in messages
    if fmt == "json":
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["scope"] == {
            "period": None,
            "trigger": None,
            "privacy": "full",
            "with_trash": False,
        }
        assert len(data["entries"]) == everything


async def test_redact_leaves_the_customers_at_home(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    app = make_app(demo_db, private_names=("Dana",))
    target = tmp_path / "redacted.md"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("tab", "tab", "down")  # format → period → privacy: redact
        assert screen.privacy == "redact"
        assert screen.query_one("#export-path", Input).value == "~/journal-2026-Q4-redacted.md"
        await set_path(pilot, target)
        await export(pilot)
        assert isinstance(app.screen, ShareCheckScreen)  # see before you share
        await pilot.press("y")
        await settle(pilot)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Quarterly summary: 2026-Q4")
    assert "Customer A" in text
    for name in DEMO_CUSTOMERS:
        assert name not in text
    assert private(target)


async def test_the_trash_is_offered_for_a_full_json_export_only(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    trashed = (3, 4)
    with sqlite3.connect(demo_db) as conn:
        conn.executemany(
            "UPDATE entries SET deleted_at = '2026-11-20T10:00:00+00:00' WHERE id = ?",
            [(entry_id,) for entry_id in trashed],
        )
    app = make_app(demo_db)
    target = tmp_path / "all.json"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        row = screen.query_one("#export-trash-row")
        assert not row.display  # md
        await pilot.press("right", "right")  # json
        assert row.display
        assert "The whole journal (not the trash)." in words(app, "#export-period-about")
        await pilot.press("tab", "tab", "down")  # privacy: redact
        assert not row.display and not screen.with_trash
        await pilot.press("up", "tab", "down")  # full again, then the trash: include
        assert row.display and screen.with_trash
        assert "The whole journal, the trash too." in words(app, "#export-period-about")
        await set_path(pilot, target)
        await export(pilot)
        assert isinstance(app.screen, JournalScreen)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["scope"]["with_trash"] is True
    assert sorted(e["id"] for e in data["entries"] if e["deleted_at"]) == list(trashed)


async def test_a_typed_quarter_and_the_default_file_name_in_the_home_folder(
    make_app: AppFactory, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        period = screen.query_one("#export-period", Input)
        path = screen.query_one("#export-path", Input)
        assert (period.value, path.value) == ("2026-Q4", "~/journal-2026-Q4.md")
        assert "2026-Q4: 1 Oct to 31 Dec 2026 · the review's quarter" in words(
            app, "#export-period-about"
        )
        await pilot.press("tab", "ctrl+u", *"2026-Q3")
        await pilot.pause()
        assert path.value == "~/journal-2026-Q3.md"  # the name follows the period
        await pilot.press("shift+tab", "right", "right")  # json: the typed period stays
        assert (period.value, path.value) == ("2026-Q3", "~/journal-2026-Q3.json")
        await pilot.press("enter")
        await settle(pilot)
    data = json.loads((tmp_path / "journal-2026-Q3.json").read_text(encoding="utf-8"))
    assert data["scope"]["period"]["label"] == "2026-Q3"
    days = {entry["occurred_on"][:7] for entry in data["entries"]}
    assert days == {"2026-07", "2026-08", "2026-09"}


async def test_a_name_typed_by_hand_is_kept_when_the_choices_change(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        path = screen.query_one("#export-path", Input)
        await pilot.press("tab", "tab", "tab", "ctrl+u", *"~/for-sam.md")
        await pilot.press("shift+tab", "down")  # redact
        assert screen.privacy == "redact"
        assert path.value == "~/for-sam.md"


async def test_json_and_csv_can_take_everything_and_csv_has_no_patterns_only(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        period = screen.query_one("#export-period", Input)
        privacy = screen.query_one("#export-privacy", Pick)
        await pilot.press("tab", "tab", "down", "down")  # patterns only, while md
        assert screen.privacy == "patterns-only"
        await pilot.press("shift+tab", "shift+tab", "right", "right", "right")  # csv
        assert screen.fmt == "csv"
        assert screen.privacy == "redact"  # patterns only is not for csv: the nearest
        assert period.value == "everything"
        assert "(so not patterns only)" in words(app, "#export-format-about")
        await pilot.press("tab", "tab", "down", "down")  # cannot be picked
        assert screen.privacy != "patterns-only"
        assert privacy.query("RadioButton").last().disabled
        await pilot.press("shift+tab", "shift+tab", "left", "left")  # md again
        assert period.value == "2026-Q4"  # a summary is of one quarter


async def test_a_bad_quarter_is_named_and_nothing_is_written(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    app = make_app(demo_db)
    target = tmp_path / "bad.md"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await set_path(pilot, target)
        await pilot.press("shift+tab", "shift+tab", "ctrl+u", *"2026-Q7")  # path → period
        await pilot.pause()
        about = words(app, "#export-period-about")
        assert '"2026-Q7" names quarter 7; a quarter is Q1 to Q4' in about
        await export(pilot)
        assert app.screen is screen  # still open, the reason in view
        assert screen.focused is screen.query_one("#export-period", Input)
        await pilot.press("ctrl+u", *"everything")
        await pilot.pause()
        assert "A summary covers one quarter, not everything" in words(app, "#export-period-about")
        await export(pilot)
        assert app.screen is screen
    assert list(tmp_path.iterdir()) == [tmp_path / "demo"]  # nothing written


async def test_an_unwritable_place_is_named_and_nothing_is_written(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await set_path(pilot, blocker / "summary.md")
        await export(pilot)
        assert app.screen is screen
        problem = str(screen.query_one("#export-problem", Label).render())
        assert problem.startswith(f"Cannot write in {blocker}")
        assert "\n" not in problem.strip()
        assert not screen.query_one("#export-path", Input).disabled  # ready for another try
    assert blocker.read_text() == "not a folder"


async def test_escape_writes_nothing(make_app: AppFactory, demo_db: Path, tmp_path: Path) -> None:
    app = make_app(demo_db)
    target = tmp_path / "never.md"
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await set_path(pilot, target)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert not target.exists()


async def test_an_existing_file_is_replaced_only_when_asked(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "there.md"
    target.write_text("mine")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await set_path(pilot, target)
        await export(pilot)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert app.screen is screen
        assert target.read_text() == "mine"
        await export(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert target.read_text(encoding="utf-8").startswith("# Quarterly summary: 2026-Q4")
    assert private(target)


def _backup_of(journal: Path) -> Path:
    folder = journal.with_name(f"{journal.stem}-backups")
    folder.mkdir(mode=0o700)
    copy = folder / f"{journal.stem}-daily-2026-11-21-090000.sqlite"
    shutil.copy(journal, copy)
    return copy


def _link_to(journal: Path) -> Path:
    link = journal.parent.parent / "looks-harmless.json"
    link.symlink_to(journal)
    return link


def _pipe(journal: Path) -> Path:
    os.mkfifo(journal.parent.parent / "pipe")
    return journal.parent.parent / "pipe"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(lambda journal: journal, "is a journal", id="the-journal"),
        pytest.param(_link_to, "is a journal", id="a-link-to-the-journal"),
        pytest.param(lambda j: j.with_name(j.name + "-wal"), "is a journal", id="its-wal"),
        pytest.param(_backup_of, "is a journal, a backup", id="a-backup"),
        pytest.param(_pipe, "is a named pipe (FIFO), not a file", id="a-named-pipe"),
    ],
)
async def test_the_journal_its_backups_and_pipes_are_refused_outright(
    make_app: AppFactory,
    demo_db: Path,
    make: Callable[[Path], Path],
    words: str,
) -> None:
    """Not even asked about: the reason is shown, and nothing is written there."""
    target = make(demo_db)
    # The journal's own files change as the app uses them (WAL); anything else must not.
    before = target.read_bytes() if target.is_file() and target.resolve() != demo_db else None
    entries = sql(demo_db, "SELECT count(*) FROM entries")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press(*["right"] * 2)  # json: the whole journal
        await set_path(pilot, target)
        await export(pilot)
        assert app.screen is screen  # no question, still open with the reason
        problem = str(screen.query_one("#export-problem", Label).render())
        assert words in problem, problem
        assert screen.focused is screen.query_one("#export-path", Input)
    assert sql(demo_db, "SELECT count(*) FROM entries") == entries
    if before is not None:
        assert target.read_bytes() == before
    if target.name == "pipe":
        assert stat.S_ISFIFO(target.stat().st_mode)
    assert not [p for p in demo_db.parent.iterdir() if p.name.endswith(".partial")]


def _open_then(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("x", *keys)
        await settle(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False  # a blinking cursor would be caught on or off by chance
        await pilot.pause()

    return run_before


def test_snapshot_export_dialog(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_open_then())


def test_snapshot_export_bad_quarter(
    snap_compare: SnapCompare, make_app: AppFactory, demo_db: Path
) -> None:
    keys = ("right", "right", "tab", "ctrl+u", *"Q5")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_open_then(*keys))


# Names that differ only by Unicode case rules or normalisation once stopped every redacted
# export with a KeyError whose message was the entry's own words.
PATHOLOGICAL = (
    ("KILIM sold Kılım the bundle", "Kilim Ltd"),
    ("STRASSE's renewal; Zoe\u0308 agreed", "Straße Bau"),
    ("İZMİR office, ışık team", "izmir"),
)


def _add_pathological(db: Path) -> None:
    from journal.db import open_journal
    from journal.records import EntryFields
    from journal.services import entries

    conn = open_journal(db)
    for situation, customer in PATHOLOGICAL:
        entries.add(conn, EntryFields(situation=situation, customer=customer), today=TODAY)
    conn.close()


async def test_a_pathological_name_is_redacted_from_the_dialog(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    _add_pathological(demo_db)
    app = make_app(demo_db, private_names=("Zoë", "Işık"))
    target = tmp_path / "q4.md"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("tab", "tab", "down")  # redact
        assert screen.privacy == "redact"
        await set_path(pilot, target)
        await export(pilot)
        await pilot.press("y")  # write, after the check
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen), "the dialog should have written the file"
    text = target.read_text(encoding="utf-8").casefold()
    for word in ("kilim", "kılım", "strasse", "straße", "zoe", "zoë", "izmir", "i̇zmi̇r", "ışık"):
        assert word not in text, word


async def test_an_export_that_fails_says_so_without_the_entrys_words(
    make_app: AppFactory, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.services.redaction import Redactor

    def broken(self: Redactor, value: str) -> str:
        raise KeyError(value)  # as the old redaction did, with the entry's words

    monkeypatch.setattr(Redactor, "text", broken)
    app = make_app(demo_db)
    target = tmp_path / "never.md"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("tab", "tab", "down")  # redact
        await set_path(pilot, target)
        await export(pilot)
        assert app.screen is screen  # still open, the problem in view
        problem = str(screen.query_one("#export-problem", Label).render())
    assert problem.startswith("The export failed (KeyError) and nothing was written")
    situations = [str(row[0]) for row in sql(demo_db, "SELECT situation FROM entries")]
    assert not any(situation[:20] in problem for situation in situations)
    assert not target.exists()


async def test_a_redacted_export_shows_what_is_left_before_writing(
    make_app: AppFactory, demo_db: Path, tmp_path: Path
) -> None:
    from journal.db import open_journal
    from journal.records import EntryFields
    from journal.services import entries

    conn = open_journal(demo_db)
    entries.add(
        conn,
        EntryFields(situation="Told Priya the €40k renewal could wait; Priya agreed."),
        today=TODAY,
    )
    conn.close()
    app = make_app(demo_db)
    target = tmp_path / "shared.md"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("tab", "tab", "down")  # redact
        await set_path(pilot, target)
        await export(pilot)
        check = app.screen
        assert isinstance(check, ShareCheckScreen)
        listed = str(check.query_one("#check-words", Static).render())
        assert "Capitalised inside a sentence:" in listed
        assert "2  Priya" in listed
        assert "€40k" in listed
        await pilot.press("n")  # back: nothing written, the dialog as it was
        await settle(pilot)
        assert app.screen is screen
        assert not target.exists()
        assert not screen.query_one("#export-path", Input).disabled
        await export(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert "Priya" in target.read_text(encoding="utf-8")  # the person chose to write it


def test_snapshot_share_check(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    demo_db: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from journal.db import open_journal

    monkeypatch.setenv("JOURNAL_CONFIG", "/home/me/.config/journal/config.toml")
    from journal.records import EntryFields
    from journal.services import entries

    conn = open_journal(demo_db)
    entries.add(
        conn,
        EntryFields(
            situation="Told Priya at Atlas the $1,200 credit note was on its way.",
            occurred_on=date(2026, 10, 20),  # not the newest: the detail pane stays the demo's
        ),
        today=TODAY,
    )
    conn.close()
    keys = ("tab", "tab", "down", "ctrl+s")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_open_then(*keys))


@pytest.mark.parametrize("journal_kind", ["plain", "encrypted"])
async def test_an_encrypted_journals_dialog_says_the_export_is_not_encrypted(
    make_app: AppFactory, demo_db: Path, journal_kind: str
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        said = app.screen.query("#export-plaintext")
        if journal_kind == "plain":
            assert not said
        else:
            assert len(said) == 1 and "the export will not be" in words(app, "#export-plaintext")
