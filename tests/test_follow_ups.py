"""Follow-ups that come back: dates read forward, the due list, closing and moving, counts."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from journal.dates import DateError, parse_follow_up
from journal.db import open_journal
from journal.records import EntryFields
from journal.services import entries, follow_ups
from tests.conftest import Adder, Runner

WEDNESDAY = date(2026, 12, 2)
SUNDAY = date(2026, 11, 22)  # the suite's "today"


@pytest.mark.parametrize(
    ("phrase", "today", "expected"),
    [
        ("friday", WEDNESDAY, "2026-12-04"),  # the coming Friday, not the last one
        ("Fri", WEDNESDAY, "2026-12-04"),
        ("wednesday", WEDNESDAY, "2026-12-09"),  # on the day itself: a week ahead
        ("next friday", WEDNESDAY, "2026-12-04"),  # as parse_when reads it: the next one
        ("in 2 weeks", WEDNESDAY, "2026-12-16"),
        ("tomorrow", WEDNESDAY, "2026-12-03"),
        ("today", WEDNESDAY, "2026-12-02"),
        ("end of week", WEDNESDAY, "2026-12-06"),
        ("end of month", WEDNESDAY, "2026-12-31"),
        ("End of the quarter", WEDNESDAY, "2026-12-31"),
        ("end of quarter", date(2026, 1, 1), "2026-03-31"),
        ("end of year", WEDNESDAY, "2026-12-31"),
        ("Dec 1", WEDNESDAY, "2027-12-01"),  # a day without a year reads ahead
        ("2027-03-15", WEDNESDAY, "2027-03-15"),
    ],
)
def test_follow_up_dates_read_forward(phrase: str, today: date, expected: str) -> None:
    assert parse_follow_up(phrase, today=today).isoformat() == expected


def test_end_of_quarter_follows_the_fiscal_year() -> None:
    # A fiscal year from April: the quarters are Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar.
    assert parse_follow_up("end of quarter", today=date(2026, 2, 3), fiscal_start_month=4) == (
        date(2026, 3, 31)
    )
    # From February: Feb-Apr, May-Jul, Aug-Oct, Nov-Jan (crossing the year).
    assert parse_follow_up("end of quarter", today=WEDNESDAY, fiscal_start_month=2) == (
        date(2027, 1, 31)
    )


@pytest.mark.parametrize("phrase", ["yesterday", "last friday", "3 days ago", "2026-11-30"])
def test_a_past_follow_up_is_refused(phrase: str) -> None:
    with pytest.raises(DateError, match="is past; a follow-up date must be today or later"):
        parse_follow_up(phrase, today=WEDNESDAY)


WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@given(
    today=st.dates(min_value=date(1901, 1, 1), max_value=date(9997, 12, 1)),
    phrase=st.sampled_from(
        [*WEEKDAY_NAMES, "end of week", "end of month", "end of quarter", "end of year",
         "tomorrow", "in 3 days", "next monday", "today"]
    ),
    fiscal=st.integers(min_value=1, max_value=12),
)  # fmt: skip
@example(today=date(2026, 12, 31), phrase="end of quarter", fiscal=1)
def test_a_follow_up_is_never_before_today_and_a_weekday_within_a_week(
    today: date, phrase: str, fiscal: int
) -> None:
    day = parse_follow_up(phrase, today=today, fiscal_start_month=fiscal)
    assert day >= today
    if phrase in WEEKDAY_NAMES:
        assert today < day <= today + timedelta(days=7)
        assert day.weekday() == WEEKDAY_NAMES.index(phrase)
    if phrase == "end of quarter":
        assert (day + timedelta(days=1)).day == 1  # the last day of a month
        assert (day.month - fiscal + 1) % 3 == 0  # that closes a quarter of the fiscal year
        assert day - today < timedelta(days=93)


def test_add_reads_the_follow_up_forward_and_refuses_a_past_one(
    run: Runner, added: Adder, db_path: Path
) -> None:
    entry_id = added("Promised a date", "--follow-up", "friday")  # today is a Sunday
    shown = json.loads(run("show", str(entry_id), "--json").out)
    assert shown["follow_up_on"] == "2026-11-27"
    assert shown["follow_up_closed_on"] is None
    result = run("add", "Another", "--follow-up", "last friday")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "(2026-11-20) is past; a follow-up date must be today or later" in result.err
    assert run("list", "--json").out.count('"id"') == 1  # nothing written


def _journal_with_follow_ups(added: Adder, run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries 1-3 with follow-ups on Nov 24, Nov 23 and Dec 20; entry 4 without."""
    added("Sold Northwind the bundle", "--follow-up", "tomorrow", "--customer", "Northwind")
    added("Told Harbor it would ship", "--follow-up", "in 1 day", "--date", "yesterday")
    added("Pushed Acme to sign", "--follow-up", "2026-12-20")
    added("No follow-up here")
    run("edit", "1", "--follow-up", "2026-11-24")


def test_list_due_lists_the_follow_ups_due_oldest_first(
    run: Runner, added: Adder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_with_follow_ups(added, run, monkeypatch)
    assert json.loads(run("list", "--due", "--json").out) == []
    assert run("list", "--due").out == "No follow-ups due.\n"
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-30")
    due = json.loads(run("list", "--due", "--json").out)
    assert [(e["id"], e["follow_up_on"]) for e in due] == [(2, "2026-11-23"), (1, "2026-11-24")]
    text = run("list", "--due").out.splitlines()
    assert text[0].startswith("due 2026-11-23       2")
    assert text[1].startswith("due 2026-11-24       1")
    refused = run("list", "--due", "--kind", "slip")
    assert (refused.code, refused.err) == (
        2,
        "journal: --due lists every follow-up due; leave out --kind\n",
    )


def test_closing_records_what_happened_and_clears_it(
    run: Runner, added: Adder, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_with_follow_ups(added, run, monkeypatch)
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-30")
    result = run("follow-up", "2", "They shipped late but stayed", "--recovery", "recovered")
    assert result.code == 0, result.err
    shown = json.loads(run("show", "2", "--json").out)
    assert shown["recovery"] == "recovered"
    assert shown["follow_up_on"] == "2026-11-23"
    assert shown["follow_up_closed_on"] == "2026-11-30"
    assert [note["text"] for note in shown["notes"]] == ["They shipped late but stayed"]
    assert shown["version"] == 2  # the recovery change kept the version it replaced
    assert "2026-11-23 (closed 2026-11-30)" in run("show", "2").out
    assert [e["id"] for e in json.loads(run("list", "--due", "--json").out)] == [1]
    again = run("follow-up", "2", "again", "--recovery", "lost")
    assert again.code == 2
    assert "was closed on 2026-11-30" in again.err


def test_moving_sets_a_new_day_read_forward(
    run: Runner, added: Adder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_with_follow_ups(added, run, monkeypatch)
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-30")  # a Monday
    assert run("follow-up", "1", "--to", "friday").code == 0
    assert json.loads(run("show", "1", "--json").out)["follow_up_on"] == "2026-12-04"
    assert [e["id"] for e in json.loads(run("list", "--due", "--json").out)] == [2]
    past = run("follow-up", "1", "--to", "last friday")
    assert past.code == 2 and "is past" in past.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["follow-up", "4", "x", "--recovery", "lost"], "entry 4 has no follow-up"),
        (["follow-up", "1", "x"], "say how it ended with --recovery"),
        (["follow-up", "1", "--to", "friday", "--recovery", "lost"], "--to moves the follow-up"),
        (["follow-up", "1", "  ", "--recovery", "lost"], "the note is empty"),
        (["follow-up", "99", "x", "--recovery", "lost"], "99"),
    ],
)
def test_bad_follow_up_commands_write_nothing(
    run: Runner,
    added: Adder,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    _journal_with_follow_ups(added, run, monkeypatch)
    before = run("list", "--json", "-n", "0").out
    result = run(*args)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert run("list", "--json", "-n", "0").out == before


def test_a_note_once_the_day_has_come_answers_the_follow_up(tmp_path: Path) -> None:
    conn = open_journal(tmp_path / "j.sqlite")
    entry_id = entries.add(
        conn, EntryFields(situation="x", follow_up_on=date(2000, 1, 1)), today=date(2000, 1, 1)
    )
    entries.add_note(conn, entry_id, "They renewed")  # written now: after 2000-01-01
    assert follow_ups.due(conn, today=date(2000, 1, 2)) == []
    assert entries.get(conn, entry_id).follow_up_closed_on == date.today()
    conn.close()


def test_follow_up_counts_over_a_period(tmp_path: Path) -> None:
    """Worked out by hand for October 2026:
    A: Sep 20, due Oct 5, closed Oct 10 -> closed in October.
    B: Oct 3, due Oct 20, open -> open at the end (and past its day).
    C: Oct 25, due Nov 15, closed Nov 16 -> open at the end of October (closed after), not due.
    D: Nov 2, due Nov 9 -> after October: not counted.
    E: Sep 1, due Sep 10, closed Sep 11 -> closed before October: not counted.
    F: Oct 1, due Oct 2, in the trash -> not counted."""
    conn = open_journal(tmp_path / "j.sqlite")
    rows = [
        ("A", "2026-09-20", "2026-10-05", "2026-10-10", None),
        ("B", "2026-10-03", "2026-10-20", None, None),
        ("C", "2026-10-25", "2026-11-15", "2026-11-16", None),
        ("D", "2026-11-02", "2026-11-09", None, None),
        ("E", "2026-09-01", "2026-09-10", "2026-09-11", None),
        ("F", "2026-10-01", "2026-10-02", None, "2026-10-02T10:00:00"),
    ]
    with conn:
        conn.executemany(
            "INSERT INTO entries (kind, occurred_on, logged_at, situation, follow_up_on,"
            " follow_up_closed_on, deleted_at) VALUES ('slip', ?2, ?2, ?1, ?3, ?4, ?5)",
            rows,
        )
    october = follow_ups.follow_up_counts(conn, date(2026, 10, 1), date(2026, 10, 31))
    assert october.to_json() == {"closed": 1, "open": 2, "due": 1}
    november = follow_ups.follow_up_counts(conn, date(2026, 11, 1), date(2026, 11, 30))
    assert november.to_json() == {"closed": 1, "open": 2, "due": 2}  # B and D
    plan = " ".join(
        str(row[-1])
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM entries WHERE follow_up_on <= '2026-11-01'"
            " AND follow_up_closed_on IS NULL AND deleted_at IS NULL"
        )
    )
    assert "entries_follow_ups_open" in plan
    conn.close()


def test_patterns_review_and_summaries_count_follow_ups(
    run: Runner, added: Adder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_with_follow_ups(added, run, monkeypatch)
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-30")
    run("follow-up", "2", "They stayed", "--recovery", "recovered")
    patterns = json.loads(run("patterns", "--quarter", "this", "--json").out)
    assert patterns["follow_ups"] == {"closed": 1, "open": 2, "due": 1}
    review = json.loads(run("review", "2026-Q4", "--json").out)
    assert review["glance"]["follow_ups"] == {"closed": 1, "open": 2, "due": 1}
    sentence = "Follow-ups: 1 closed with what happened to the customer; 2 still open (1 past"
    assert sentence in " ".join(run("review", "2026-Q4").out.split())
    out = tmp_path / "summary.md"
    assert run("export", "--quarter", "this", "-o", str(out)).code == 0
    text = out.read_text()
    assert "## Follow-ups" in text or "Follow-ups\n" in text
    assert sentence in " ".join(text.split())


def test_an_upgraded_journal_keeps_old_answers_closed(tmp_path: Path) -> None:
    """Schema 6 reads a note written on or after the follow-up date as its answer."""
    fixture = Path(__file__).parent / "fixtures" / "journal-v5.sqlite"
    path = tmp_path / "old.sqlite"
    path.write_bytes(fixture.read_bytes())
    open_journal(path).close()
    conn = sqlite3.connect(path)
    closed = dict(conn.execute("SELECT id, follow_up_closed_on FROM entries"))
    assert closed == {1: "2026-04-20", 2: None, 3: None, 4: None, 5: None}
    conn.close()


def test_an_edit_that_keeps_the_day_keeps_it_closed(
    run: Runner, added: Adder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_with_follow_ups(added, run, monkeypatch)
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-30")
    run("follow-up", "2", "They stayed", "--recovery", "recovered")
    # The app's form saves every field; the same (passed) day leaves it closed.
    assert run("edit", "2", "--severity", "2").code == 0
    assert json.loads(run("show", "2", "--json").out)["follow_up_closed_on"] == "2026-11-30"
    assert run("edit", "2", "--follow-up", "in 3 days").code == 0
    shown = json.loads(run("show", "2", "--json").out)
    assert (shown["follow_up_on"], shown["follow_up_closed_on"]) == ("2026-12-03", None)


def test_a_closed_follow_up_survives_the_json_round_trip(tmp_path: Path) -> None:
    from tests.test_export import export_text, import_json

    conn = open_journal(tmp_path / "a.sqlite")
    today = date(2026, 11, 22)
    entry_id = entries.add(
        conn, EntryFields(situation="x", follow_up_on=date(2026, 11, 20)), today=today
    )
    follow_ups.close(conn, entry_id, note="They stayed", recovery="recovered", today=today)
    text = export_text(conn, "json")
    conn.close()
    copy = open_journal(tmp_path / "b.sqlite")
    import_json(copy, text)
    restored = entries.get(copy, entry_id)
    assert (restored.follow_up_on, restored.follow_up_closed_on) == (
        date(2026, 11, 20),
        date(2026, 11, 22),
    )
    copy.close()
