"""The service layer's Journal: one connection, every use case a method, and saving an entry
with its commitment answers in one transaction whoever calls it (the CLI or the app)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from journal.errors import JournalError
from journal.records import EntryFields
from journal.services.entries import EntryFilter
from journal.services.journal import Journal
from journal.services.revisions import EditConflict

TODAY = date(2026, 11, 22)


def test_save_entry_adds_and_edits_with_one_new_version_each(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite") as journal:
        saved = journal.save_entry(
            None, EntryFields(situation="Pushed the bundle", kind="slip"), today=TODAY
        )
        assert saved.entry.version == 1 and saved.unanswered == []
        edited = journal.save_entry(
            saved.entry.id, EntryFields(severity=3), today=TODAY, expected_version=1
        )
        assert edited.entry.version == 2 and edited.entry.severity == 3
        assert [v.number for v in journal.history(saved.entry.id)] == [1, 2]
        with pytest.raises(EditConflict):  # the form opened version 1; 2 was saved since
            journal.save_entry(
                saved.entry.id, EntryFields(severity=4), today=TODAY, expected_version=1
            )
        assert journal.get(saved.entry.id).severity == 3


def test_followed_with_no_commitment_running_writes_nothing(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite") as journal:
        with pytest.raises(JournalError, match="no commitment is running"):
            journal.save_entry(
                None,
                EntryFields(situation="Held the line", kind="save", triggers=("quota-behind",)),
                today=TODAY,
                followed="yes",
            )
        assert journal.total() == 0


def test_a_save_drops_the_draft_only_when_asked(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite") as journal:
        journal.save_draft(None, {"situation": "half written"})
        journal.save_entry(None, EntryFields(situation="From the shell", kind="slip"), today=TODAY)
        assert journal.load_draft() is not None  # the CLI leaves the app's draft alone
        journal.save_entry(
            None, EntryFields(situation="From the form", kind="slip"), today=TODAY, drop_draft=True
        )
        assert journal.load_draft() is None
        assert journal.count(EntryFilter()) == 2


def test_the_journal_module_imports_only_the_standard_library_at_the_top() -> None:
    """Capture opens a Journal: importing it must not load the services it wraps."""
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, journal.services.journal; print(' '.join(sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    loaded = {name for name in completed.stdout.split() if name.startswith("journal.")}
    assert loaded == {
        "journal.services",
        "journal.services.journal",
        "journal.services.journal_core",
    }
