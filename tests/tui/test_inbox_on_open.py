"""The app takes the inbox in as it opens, before the list is drawn, and says what came in;
the demo (or any journal but the person's own) never takes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import SIZE, AppFactory, settle
from tests.tui.conftest import sql as journal_sql

pytestmark = pytest.mark.journal_kinds


async def test_opening_the_app_takes_the_inbox_in(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "journal.sqlite"
    monkeypatch.setenv("JOURNAL_DB", str(journal))
    inbox = tmp_path / "Sync" / "inbox.txt"
    inbox.parent.mkdir()
    inbox.write_text("yesterday: save Held the price @quota-behind\nBad line @nope\n")
    app = make_app(journal, inbox=str(inbox))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.journal.total() == 1
        shown = [notice.message for notice in app._notifications]
        assert any("Took in 1 from the inbox" in message for message in shown), shown
    assert journal_sql(journal, "SELECT situation, kind FROM entries") == [
        ("Held the price", "save")
    ]
    assert inbox.read_text().startswith("Bad line @nope\n# journal: not taken in [")


async def test_another_journal_leaves_the_inbox_alone(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_DB", str(tmp_path / "mine.sqlite"))
    inbox = tmp_path / "inbox.txt"
    inbox.write_text("For my own journal\n")
    app = make_app(tmp_path / "journal.sqlite", inbox=str(inbox))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.journal.total() == 0
    assert inbox.read_text() == "For my own journal\n"
