"""Never loses a word: SIGKILL during writes, during an import, during the daily backup and
during encrypt, rekey and decrypt, several writers at once, several processes opening the
journal first thing in the day, and two shells and the app editing the same entries. Real
processes on a real journal file (plain, and encrypted too for the first four), read back with
its own SQL.

The light versions run in every test run; `pytest -m slow` runs them at full strength (as
`python bench/reliability.py` does, which also prints what survived)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.edit_race import edit_race
from tests.reliability.harness import (
    first_open_together,
    kill_backups,
    kill_conversions,
    kill_imports,
    kill_writes,
    make_export,
    run_concurrent,
)

# Marked journal_kinds: run on a plain journal and on an encrypted one.
kinds = pytest.mark.journal_kinds


@pytest.fixture(scope="module")
def export_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A json export of 3,000 demo entries (with notes, check-ins and reviews)."""
    return make_export(tmp_path_factory.mktemp("export"), 3_000)


@kinds
def test_sigkill_during_writes_loses_no_entry_reported_done(home: Path, journal_kind: str) -> None:
    report = kill_writes(
        home / "killed.sqlite", kills=20, seed=2026, max_delay=0.4, kind=journal_kind
    )
    assert report.kills == 20 and report.restarts == 19
    assert report.writer_errors == []
    assert report.problems == []
    # The kills timed from a first write reported done (6 of the 20) land among writes,
    # whatever the machine's load; others may too.
    assert report.kills - report.before_first_done >= 6
    assert report.found == report.reported
    assert report.sound, report.health
    assert report.final_writer == "exit 0"
    assert report.ok, report.summary()


@kinds
def test_sigkill_during_an_import_leaves_all_of_it_or_none(
    home: Path, export_file: Path, journal_kind: str
) -> None:
    report = kill_imports(home, export_file, kills=3, seed=7, kind=journal_kind)
    assert report.entries_in_file == 3_000
    assert report.partial == [] and report.unhealthy == []
    assert report.base_changed == 0  # the entries written before the import are untouched
    assert report.none + report.all == 3
    # The second kill comes the moment the import starts writing pages: they are in the WAL,
    # uncommitted, and the next opening of the journal leaves them out.
    assert report.while_writing >= 1
    assert report.redo == f"exit 0, {report.base + 3_000:,} entries, sound"
    assert report.ok, report.summary()


@kinds
def test_sigkill_during_the_daily_backup_leaves_no_empty_backup_behind(
    home: Path, journal_kind: str
) -> None:
    """The CLI takes the day's backup before it writes. Killed while the copy is being made
    (as soon as anything appears in the backups folder), it must not leave a file that the
    rotation counts as today's backup: that one was empty (0 bytes), and no real backup was
    taken for the rest of the day. Fixed in journal.db.backup_to."""
    report = kill_backups(home, attempts=10, entries=2_000, enough=1, kind=journal_kind)
    assert report.killed_mid_backup == 1, "every backup was over before its kill"
    assert report.false_backups == []
    assert report.journal_damaged == 0
    assert report.next_add == []
    assert report.whole_today == report.attempts
    assert report.ok, report.summary()


def test_the_first_opening_of_a_day_by_several_processes_leaves_one_whole_backup(
    home: Path,
) -> None:
    """A prompt hook, a cron job, captures and the app open the journal at the same moment,
    with no backup taken yet today. Each used to copy the journal into the same partial file
    and clear up after the others: warnings on stderr and no backup at all. Now one process
    takes it (holding a lock on the backups folder) and the others go on without a word."""
    report = first_open_together(home, rounds=3, entries=2_000)
    assert report.openers == 6
    assert report.failed_openers == []
    assert report.backup_counts == Counter({1: 3})
    assert report.not_whole == []
    assert report.leftovers == []
    assert report.ok, report.summary()


@kinds
def test_four_writers_at_once_write_every_entry_without_a_locked_error(
    home: Path, journal_kind: str
) -> None:
    report = run_concurrent(home / "shared.sqlite", writers=4, each=250, kind=journal_kind)
    assert report.exit_codes == [0, 0, 0, 0], report.stderr
    assert report.locked_mentions == []
    assert report.stderr == ["", "", "", ""]
    assert report.reported == 1_000
    assert report.total == 1_000
    assert report.problems == []
    assert report.sound, report.health
    assert report.ok, report.summary()


def test_sigkill_during_encrypt_rekey_and_decrypt_leaves_the_old_or_the_new_journal(
    tmp_path: Path,
) -> None:
    """Three times each for encrypt, rekey and decrypt: at any moment, while the new file is
    written, and right after it is renamed into place."""
    report = kill_conversions(tmp_path, kills=9, seed=15, entries=1_000)
    assert report.kills == 9
    assert report.lost == []
    assert report.old >= 3 and report.new >= 3  # both sides of the rename were hit
    assert report.while_copying >= 3
    assert report.again == []
    assert report.ok, report.summary()


def test_two_shells_and_the_app_editing_the_same_entries_lose_no_update(home: Path) -> None:
    """`journal edit` in a loop from two shells while the app (on a pseudo-terminal) edits the
    same three entries and answers its conflict dialog each of the three ways in turn."""
    report = edit_race(home, app_saves=5, seed=13)
    assert report.app_failures == [] and report.shell_failures == []
    assert report.app_attempts == 5 and report.shell_saves > 0
    assert report.lost == []  # every update reported saved is a version of its entry
    assert report.dropped_found == []  # "take theirs" wrote nothing of the app's
    assert report.versions_found == report.versions_expected
    assert report.counters_off == [] and report.integrity == "ok"
    assert report.ok, report.summary()


# --- full strength: pytest -m slow -----------------------------------------------------------


@pytest.mark.slow
def test_full_strength_sigkill_300_times_during_writes(home: Path) -> None:
    report = kill_writes(home / "killed.sqlite", kills=300, seed=300, max_delay=0.5)
    assert report.ok, report.summary() + "\n" + "\n".join(report.problems[:20])


@pytest.mark.slow
def test_full_strength_sigkill_20_times_during_an_import(home: Path, export_file: Path) -> None:
    report = kill_imports(home, export_file, kills=20, seed=20)
    assert report.ok, report.summary()


@pytest.mark.slow
def test_full_strength_sigkill_10_times_during_the_daily_backup(home: Path) -> None:
    report = kill_backups(home, attempts=10, entries=2_000)
    assert report.ok, report.summary()


@pytest.mark.slow
def test_full_strength_first_opening_of_a_day_20_times(home: Path) -> None:
    report = first_open_together(home, rounds=20, entries=2_000)
    assert report.ok, report.summary() + "\n" + "\n".join(report.problems[:20])


@pytest.mark.slow
def test_full_strength_eight_writers_of_500(home: Path) -> None:
    report = run_concurrent(home / "shared.sqlite", writers=8, each=500)
    assert report.ok, report.summary()


@pytest.mark.slow
def test_full_strength_sigkill_60_times_during_encrypt_rekey_and_decrypt(tmp_path: Path) -> None:
    report = kill_conversions(tmp_path, kills=60, seed=60, entries=10_000)
    assert report.ok, report.summary() + "\n" + "\n".join(report.lost[:20])


@pytest.mark.slow
def test_full_strength_two_shells_and_the_app_editing_the_same_entries(home: Path) -> None:
    report = edit_race(home, app_saves=40, seed=40)
    assert report.ok, report.summary() + "\n" + "\n".join(report.problems[:20])
    assert report.conflicts > 0, "the app never met a change made meanwhile"
