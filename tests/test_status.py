"""`journal status`: one line for a prompt, most urgent first, nothing when nothing to say.

The crunch journal below is worked out by hand. Today is 2026-12-15 (calendar quarters:
2026-Q4 closes on Dec 31, 16 days away). The past four quarters are 2025-Q4 to 2026-Q3; their
closing three weeks are the last 21 days of each (Sep 10-30, Jun 10-30, Mar 11-31 and
Dec 11-31 2025), 84 of their 365 days (23%).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from journal.periods import quarter_of
from journal.spans import quarter_span, week_spans
from tests.conftest import Adder, Runner

CRUNCH_DAY = "2026-12-15"


@pytest.fixture
def crunch_journal(run: Runner, added: Adder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slips: Sep 12 and Sep 30 2026 (quota-behind), Jun 20 (quota-behind), Feb 10 (mid Q1,
    look-good), Dec 20 2025 (look-good), and a save in the crunch, which does not count.
    So 4 of 5 slips fell in closing weeks (80%); quota-behind 3 of 3, look-good 1 of 2.
    Commitments running since Oct 1 on quota-behind and look-good."""
    for day, trigger in (
        ("2026-09-12", "quota-behind"),
        ("2026-09-30", "quota-behind"),
        ("2026-06-20", "quota-behind"),
        ("2026-02-10", "look-good"),
        ("2025-12-20", "look-good"),
    ):
        added("A slip", "--date", day, "-t", trigger)
    added("A save", "--date", "2026-09-20", "--kind", "save", "-t", "quota-behind")
    monkeypatch.setenv("JOURNAL_TODAY", "2026-10-01")
    result = run(
        "review", "2026-Q3",
        "--commit", "quota-behind=ask what they need before I quote",
        "--commit", "look-good=show the real numbers",
    )  # fmt: skip
    assert result.code == 0, result.err
    monkeypatch.setenv("JOURNAL_TODAY", CRUNCH_DAY)
    monkeypatch.setenv("JOURNAL_TIME", "09:00")


def test_nothing_to_say_prints_nothing_and_creates_no_journal(run: Runner, db_path: Path) -> None:
    result = run("status")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert not db_path.exists()
    assert json.loads(run("status", "--json").out) == {"line": "", "items": []}


def test_the_crunch_ahead_with_the_commitment_that_covers_it(
    run: Runner, crunch_journal: None
) -> None:
    line = run("status").out
    assert line == (
        "16 days to close: 80% of your slips came in the last 3 weeks of the past 4 quarters"
        " (4 of 5) · if Sales quota behind shows up, I will ask what they need before I quote\n"
    )
    data = json.loads(run("status", "--json").out)
    assert data["line"] == line.strip()
    crunch, commitment = data["items"]
    assert crunch == {
        "kind": "crunch",
        "text": line.split(" · ")[0],
        "days_to_close": 16,
        "crunch_slips": 4,
        "slips": 5,
        "quarters": 4,
    }
    assert (commitment["kind"], commitment["trigger"]) == ("commitment", "quota-behind")
    assert (commitment["crunch_slips"], commitment["slips"]) == (3, 3)


def test_the_crunch_is_said_only_from_three_slips_and_only_near_the_close(
    run: Runner, crunch_journal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-30")  # 31 days to close: not yet
    assert run("status").out == ""
    monkeypatch.setenv("JOURNAL_TODAY", "2026-12-04")  # 27 days: a week before the crunch
    assert run("status").out.startswith("27 days to close: 80%")
    monkeypatch.setenv("JOURNAL_TODAY", "2026-12-31")
    assert run("status").out.startswith("the quarter closes today: 80%")
    # Two of the four crunch slips to the trash: 2 of 3 is below three cases.
    monkeypatch.setenv("JOURNAL_TODAY", CRUNCH_DAY)
    assert run("delete", "1").code == 0
    assert run("delete", "2").code == 0
    assert run("status").out == ""


def test_follow_ups_come_first_then_the_check_in_after_its_hour(
    run: Runner, added: Adder, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    added("Promised a date", "--follow-up", "tomorrow", "--date", "yesterday")
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-24")
    monkeypatch.setenv("JOURNAL_TIME", "17:59")
    assert run("status").out == "1 follow-up due\n"
    monkeypatch.setenv("JOURNAL_TIME", "18:00")
    assert run("status").out == "1 follow-up due · today not checked in\n"
    assert run("checkin", "--clean").code == 0
    assert run("status").out == "1 follow-up due\n"
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-25")
    (home / "config.toml").write_text("checkin_reminder_hour = 24\n")
    assert run("status").out == "1 follow-up due\n"
    (home / "config.toml").write_text("checkin_reminder_hour = 25\n")
    refused = run("status")
    assert refused.code == 2 and "checkin_reminder_hour = 25 is not valid" in refused.err


def test_an_entry_today_counts_as_checked_in(
    run: Runner, added: Adder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_TIME", "21:30")
    added("Held the line", "--kind", "save", "--date", "yesterday")
    assert run("status").out == "today not checked in\n"
    added("Another")
    assert run("status").out == ""


def test_a_bad_pinned_time_is_one_line(
    run: Runner, added: Adder, monkeypatch: pytest.MonkeyPatch
) -> None:
    added("x")
    monkeypatch.setenv("JOURNAL_TIME", "25:00")
    result = run("status")
    assert result.code == 2
    assert result.err == (
        "journal: JOURNAL_TIME='25:00' is not a time of day; use the form 18:30 or unset it\n"
    )


def test_a_locked_journal_says_nothing_and_asks_for_nothing(
    run_process: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.journal_files import TEST_PASSPHRASE, encrypt

    assert run_process("add", "x", "--follow-up", "today").code == 0
    encrypt(db_path)
    monkeypatch.setenv("JOURNAL_PASSPHRASE", TEST_PASSPHRASE)
    assert run_process("status").out == "1 follow-up due\n"
    monkeypatch.delenv("JOURNAL_PASSPHRASE")
    result = run_process("status", "--json")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == {"line": "", "items": [], "locked": True}
    assert run_process("status").out == ""


def test_status_loads_neither_the_analytics_nor_anything_heavy(
    run: Runner, crunch_journal: None
) -> None:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journal", "status"],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("16 days to close")  # the measurement works
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in completed.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    heavy = {m for m in modules if m.split(".")[0] in ("textual", "rich", "sqlmodel", "dateutil")}
    assert not heavy, heavy
    later = {"journal.services.analytics", "journal.services.entries", "journal.services.reviews"}
    assert not modules & later, modules & later


def test_the_quick_opener_knows_the_latest_schema() -> None:
    from journal.migrations import LATEST_VERSION
    from journal.quick_open import SCHEMA_VERSION

    assert SCHEMA_VERSION == LATEST_VERSION


def test_an_older_journal_is_migrated_first(run: Runner, tmp_path: Path) -> None:
    import shutil

    old = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parent / "fixtures" / "journal-v5.sqlite", old)
    result = run("--db", str(old), "status", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["items"][0] == {
        "kind": "follow-ups",
        "text": "1 follow-up due",
        "count": 1,
    }  # entry 5, due since 2026-05-24 and never answered


@given(
    day=st.dates(min_value=date(1900, 4, 1), max_value=date(9998, 9, 30)),
    fiscal=st.integers(min_value=1, max_value=12),
)
@example(day=date(2024, 2, 29), fiscal=3)
@example(day=date(2026, 12, 31), fiscal=1)
@example(day=date(2026, 10, 1), fiscal=1)  # a Thursday: week 1 is four days
def test_the_status_reckons_quarters_and_weeks_as_the_periods_do(day: date, fiscal: int) -> None:
    quarter = quarter_of(day, fiscal)
    span = quarter_span(day, fiscal)
    assert span == (quarter.start, quarter.end)
    for week_start in (0, 6):
        weeks = week_spans(span, week_start)
        number = quarter.week_of_quarter(day, week_start)
        assert weeks[number][0] <= day <= weeks[number][1]
        assert weeks[number] == quarter.week_days(number, week_start)
        assert max(weeks) == quarter.week_of_quarter(quarter.end, week_start)
