"""The app under stress: a draft typed on a real terminal survives SIGKILL and is offered at
the next start; the app stays usable while other processes write, and shows their entries
once it reads its list again.

The journal screen has no refresh key: its list is read again only after the app's own
writes (save, note, delete, undo) and when the search or a filter changes. So "refreshing"
here is what a person can do today: save an entry, or search and clear the search."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from textual.widgets import Static

from journal.tui.screens.journal_screen import JournalScreen
from journal.tui.widgets.entry_list import EntryList
from tests.reliability.harness import (
    DRAFT_TEXT,
    draft_kill,
    finish,
    kill_drafts,
    offered_on_terminal,
    parse_done,
    restore_offered_draft,
    seed_journal,
    start_together,
    typed,
)
from tests.tui.conftest import SIZE, AppFactory, settle, sql

# On a plain journal and on an encrypted one (the draft lives in the journal: encrypted too).
pytestmark = pytest.mark.journal_kinds


async def test_a_draft_typed_on_a_real_terminal_survives_sigkill_and_is_offered_back(
    home: Path, make_app: AppFactory, journal_kind: str
) -> None:
    db = home / "journal.sqlite"
    seed_journal(db, journal_kind)
    killed = draft_kill(db, home)
    assert killed.painted, f"the app never showed its list: {killed.screen_tail!r}"
    assert killed.form_opened, f"n did not open the form: {killed.screen_tail!r}"
    assert killed.draft_seconds is not None, "no draft was saved within 15 s of typing"
    assert killed.exit_code == -signal.SIGKILL
    # The file holds the draft to the character (unicode, right-to-left, line breaks), and
    # nothing was saved as an entry.
    assert killed.draft == typed(DRAFT_TEXT)
    assert killed.integrity == "ok"
    assert sql(db, "SELECT count(*) FROM entries") == [(1,)]

    # The next start offers it: on a real terminal, and (Pilot) Restore brings the words back.
    assert offered_on_terminal(db, home)
    offer = await restore_offered_draft(make_app(db))
    assert offer.question is not None and "a new entry" in offer.question
    assert offer.restored == typed(DRAFT_TEXT)


def _status(app: object) -> str:
    from journal.tui.app import JournalApp

    assert isinstance(app, JournalApp)
    return str(app.screen.query_one("#list-status", Static).render())


def _errors(app: object) -> list[str]:
    from journal.tui.app import JournalApp

    assert isinstance(app, JournalApp)
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_the_app_saves_while_others_write_and_shows_their_entries_once_it_rereads(
    home: Path, make_app: AppFactory, journal_kind: str
) -> None:
    db = home / "journal.sqlite"
    seed_journal(db, journal_kind)
    app = make_app(db)
    own = ["In the app, Zoë 💼", "Again, שלום"]
    stop = home / "stop-writing"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        listed = app.screen.query_one(EntryList)
        assert listed.total == 1
        # Two writers write as fast as they can until told to stop; meanwhile the person
        # writes two entries in the app. Each save queues behind their transactions.
        writers = start_together(db, ["w0", "w1"], 0, stop_file=stop, pause=0.002)
        try:
            for text in own:
                await pilot.press("n", *text, "ctrl+s")
                await settle(pilot)
                assert isinstance(app.screen, JournalScreen), "the save did not go through"
        finally:
            stop.touch()
        results = finish(writers)
        assert [code for code, _out, _err in results] == [0, 0], results
        assert not any("locked" in out + err for _code, out, err in results)
        assert _errors(app) == []
        theirs = [n for _code, out, _err in results for n in parse_done(out).values()]
        their_ids = [entry_id for entry_id, _ms in theirs]
        for text in own:
            rows = sql(db, "SELECT id FROM entries WHERE situation = ?", text)
            assert len(rows) == 1, text
            # Written while they wrote: some of theirs came before it and some after.
            assert min(their_ids) < int(str(rows[0][0])) < max(their_ids)

        # Read again by the app's own next save: every entry, in the journal's order.
        await pilot.press("n", *"After", "ctrl+s")
        await settle(pilot)
        total = 1 + len(theirs) + len(own) + 1
        assert sql(db, "SELECT count(*) FROM entries") == [(total,)]
        assert listed.total == total
        assert f"{total:,} entries" in _status(app)
        in_order = sql(db, "SELECT id FROM entries ORDER BY occurred_on DESC, id DESC")
        shown = [row.id for index in range(total) if (row := listed.row(index)) is not None]
        assert shown == [row[0] for row in in_order]

        # And by a search: the writers' entries are in the search index too.
        await pilot.press("slash", *"bundle")
        await settle(pilot)
        matching = sql(
            db,
            "SELECT count(*) FROM entries WHERE id IN"
            " (SELECT rowid FROM entries_fts WHERE entries_fts MATCH '\"bundle\"*')",
        )[0][0]
        assert isinstance(matching, int) and matching > len(theirs) // 2
        assert listed.total == matching
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert listed.total == total
        assert _errors(app) == []


@pytest.mark.slow
def test_full_strength_twenty_drafts_killed_at_random_moments(
    home: Path, journal_kind: str
) -> None:
    report = kill_drafts(home, 20, seed=20, on_terminal=3, kind=journal_kind)
    assert report.ok, report.summary() + "\n" + "\n".join(report.failures)
