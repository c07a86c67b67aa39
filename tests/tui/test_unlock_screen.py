"""An encrypted journal in the app: the unlock screen asks for the passphrase (a password box,
three tries) before anything of the journal is read; a passphrase from the environment, a
file or the keyring opens it without asking; a wrong given one ends the app in one line.

Update the snapshot after a deliberate change of look: pytest
tests/tui/test_unlock_screen.py --snapshot-update, then look at the SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from journal import keychain
from journal.db import open_journal
from journal.records import EntryFields
from journal.services.store import JournalStore
from journal.tui.app import JournalApp
from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.screens.unlock import UnlockScreen
from journal.tui.widgets.entry_list import EntryList
from tests.journal_files import TEST_PASSPHRASE, encrypted_key
from tests.tui.conftest import SIZE, TODAY, AppFactory, settle, wait_until

SnapCompare = Callable[..., bool]


@pytest.fixture
def locked_db(tmp_path: Path) -> Path:
    """An encrypted journal with one entry, and no passphrase anywhere the app looks."""
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o700)
    db = folder / "journal.sqlite"
    open_journal(db, key=encrypted_key()).close()
    store = JournalStore(db, key=encrypted_key())
    store.add(EntryFields(situation="Kept the renewal honest"), today=TODAY)
    store.close()
    return db


def message(app: JournalApp) -> str:
    return str(app.screen.query_one("#unlock-message", Label).render())


async def type_passphrase(pilot: Pilot[Any], words: str) -> None:
    box = pilot.app.screen.query_one("#passphrase", Input)
    box.value = words  # as typed (Pilot's keys would spell out every space and symbol)
    await pilot.press("enter")


async def test_the_passphrase_is_asked_and_a_wrong_one_is_said_so(
    make_app: AppFactory, locked_db: Path
) -> None:
    app = make_app(locked_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.store is None  # nothing of the journal read yet
        box = app.screen.query_one("#passphrase", Input)
        assert box.password and app.focused is box
        await type_passphrase(pilot, "not the one")
        await wait_until(pilot, lambda: "2 tries left" in message(app))
        assert box.value == "" and not box.disabled
        assert isinstance(app.screen, UnlockScreen) and app.store is None
        await type_passphrase(pilot, TEST_PASSPHRASE)
        await wait_until(pilot, lambda: isinstance(app.screen, JournalScreen))
        await settle(pilot)
        assert app.screen.query_one(EntryList).total == 1
        assert app.store is not None and app.store.encrypted
    assert app.failure is None


async def test_three_wrong_passphrases_end_the_app_in_one_line(
    make_app: AppFactory, locked_db: Path
) -> None:
    app = make_app(locked_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_passphrase(pilot, "one")
        await wait_until(pilot, lambda: "2 tries left" in message(app))
        await type_passphrase(pilot, "two")
        await wait_until(pilot, lambda: "1 try left" in message(app))
        await type_passphrase(pilot, "three")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert app.failure == (
        f"the passphrase did not open {locked_db} (3 tries); nothing was shown or written"
    )
    assert app.store is None


async def test_escape_leaves_without_opening_it(make_app: AppFactory, locked_db: Path) -> None:
    app = make_app(locked_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0 and app.failure is None and app.store is None


async def test_a_passphrase_from_the_environment_or_the_keyring_is_not_asked(
    make_app: AppFactory, locked_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_PASSPHRASE", TEST_PASSPHRASE)
    app = make_app(locked_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    monkeypatch.delenv("JOURNAL_PASSPHRASE")
    keychain.remember(locked_db, encrypted_key())
    app = make_app(locked_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.query_one(EntryList).total == 1


async def test_a_wrong_passphrase_given_to_the_app_ends_it_in_one_line(
    make_app: AppFactory, locked_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_PASSPHRASE", "not the one")
    app = make_app(locked_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert app.failure is not None
    assert "does not open" in app.failure and "JOURNAL_PASSPHRASE" in app.failure
    assert app.store is None


def test_the_unlock_screen(
    snap_compare: SnapCompare, make_app: AppFactory, locked_db: Path
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await type_passphrase(pilot, "a wrong one")
        await wait_until(pilot, lambda: "2 tries left" in message(pilot.app))  # type: ignore[arg-type]
        await pilot.press(*"typed")
        pilot.app.screen.query_one("#passphrase", Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(locked_db), terminal_size=SIZE, run_before=run_before)
