"""Fixtures for driving the app headless: a fixed date, a demo journal, a settle helper."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from journal.config import Settings
from journal.records import EntryFields
from journal.services.demo import write_demo
from journal.services.store import JournalStore
from journal.tui.app import JournalApp
from tests.conftest import make_journal
from tests.journal_files import TEST_PASSPHRASE, encrypt
from tests.journal_files import sql as sql

TODAY = date(2026, 11, 22)
SIZE = (100, 30)

AppFactory = Callable[..., JournalApp]
ScreenT = TypeVar("ScreenT", bound=Screen[Any])


def write_journal(db: Path, *entries: EntryFields, checkins: tuple[date, ...] = ()) -> list[int]:
    """Write `entries` (recorded on TODAY) and check-ins on `checkins` to the journal at `db`;
    returns the entries' ids."""
    store = JournalStore(db)
    ids = [store.add(fields, today=TODAY) for fields in entries]
    for day in checkins:
        store.checkin(day)
    store.close()
    return ids


async def settle(pilot: Pilot[None]) -> None:
    """Let debounce timers fire, workers finish and the screen repaint."""
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def on_top(app: App[None]) -> Screen[object]:
    """The screen on top now. Read through a call: the type checker would otherwise keep an
    earlier isinstance on app.screen across the awaits that change it."""
    return app.screen


def on_top_as(app: App[None], kind: type[ScreenT]) -> ScreenT:
    """The screen on top now, which must be a `kind`: typed so, whatever it is compared with."""
    screen = app.screen
    assert isinstance(screen, kind), f"{type(screen).__name__} is on top, not {kind.__name__}"
    return screen


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], *, within: float = 15.0
) -> None:
    """Let the app run until `condition` holds; fail after `within` seconds.

    For what a timer does (drafts, watching the file): a busy machine makes it late, not
    wrong, so the test waits for the effect instead of sleeping a fixed time."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        assert loop.time() < deadline, f"still not so after {within} s"
        await pilot.pause(0.05)


async def steady_cursors(pilot: Pilot[None]) -> None:
    """Stop every cursor blinking and show it where the focus is.

    A blinking cursor would be caught on or off by chance, and a blink already queued when
    blinking stops can still hide it: so stop the blinking, let the queue drain, then show
    the cursor. A TextArea draws its cursor only while blinking is on, so its blink timer is
    paused rather than blinking turned off."""
    areas = list(pilot.app.screen.query(TextArea))
    boxes = list(pilot.app.screen.query(Input))
    for area in areas:
        area.cursor_blink = True
        area.blink_timer.pause()
    for box in boxes:
        box.cursor_blink = False
    await pilot.pause()
    for area in areas:
        area._cursor_visible = area.has_focus
        area.refresh()
    for box in boxes:
        box._cursor_visible = box.has_focus
        box.refresh()
    await pilot.pause()


RunBefore = Callable[[Pilot[None]], Awaitable[None] | None]


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """The snapshot plugin's compare, with the cursors made steady just before the picture."""

    def compare(app: object, *, run_before: RunBefore | None = None, **options: object) -> bool:
        async def then_steady(pilot: Pilot[None]) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await steady_cursors(pilot)

        return snap_compare(app, run_before=then_steady, **options)

    return compare


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    write_demo(path, entries=360, seed=7, today=TODAY)
    return path


@pytest.fixture(scope="session")
def demo_master_encrypted(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-encrypted") / "demo.sqlite"
    shutil.copy(demo_master, path)
    return encrypt(path)


@pytest.fixture
def unlocked(journal_kind: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """On an encrypted journal the app finds the passphrase in JOURNAL_PASSPHRASE."""
    if journal_kind == "encrypted":
        monkeypatch.setenv("JOURNAL_PASSPHRASE", TEST_PASSPHRASE)
    return journal_kind


@pytest.fixture
def demo_db(unlocked: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A fresh copy of the demo journal for each test, named the same every time."""
    folder = tmp_path / "demo"
    folder.mkdir(mode=0o700)
    path = folder / "demo.sqlite"
    master = "demo_master_encrypted" if unlocked == "encrypted" else "demo_master"
    shutil.copy(request.getfixturevalue(master), path)
    return path


@pytest.fixture
def make_app(tmp_path: Path, unlocked: str, request: pytest.FixtureRequest) -> AppFactory:
    if unlocked == "encrypted":
        empty = request.getfixturevalue("empty_encrypted_journal")
        make_journal(unlocked, tmp_path / "journal.sqlite", empty)

    def make(db_path: Path | None = None, **settings: object) -> JournalApp:
        return JournalApp(
            db_path or tmp_path / "journal.sqlite",
            settings=Settings(**settings),  # type: ignore[arg-type]
            today=TODAY,
            demo_path=tmp_path / "demo-from-welcome.sqlite",
        )

    return make
