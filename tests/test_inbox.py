"""The inbox: lines written from a phone into a synced file, taken in at the start of every
command and of the app, each exactly once, whatever stops the process; unreadable lines stay
with their reason; sync tools' conflict copies are read too."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journal.errors import JournalError
from journal.importers import inbox as inbox_files
from journal.importers.inbox import InboxLineError, parse_line
from journal.services.imports import take_inbox
from tests.conftest import Opener, Runner
from tests.reliability.inbox_kills import kill_inbox

TODAY = date(2026, 11, 22)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pytestmark = pytest.mark.journal_kinds


@pytest.fixture
def conn(tmp_path: Path, open_kind: Opener) -> sqlite3.Connection:
    return open_kind(tmp_path / "journal.sqlite")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir()
    return folder / "inbox.txt"


def situations(conn: sqlite3.Connection) -> Counter[str]:
    return Counter(str(row[0]) for row in conn.execute("SELECT situation FROM entries"))


def left_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- one line --------------------------------------------------------------------------------


def test_the_issues_example_line() -> None:
    line = parse_line(
        "yesterday: save Told Harbor the smaller plan fits @quota-behind", today=TODAY
    )
    assert (line.occurred_on, line.kind, line.situation, line.tags) == (
        TODAY - timedelta(days=1),
        "save",
        "Told Harbor the smaller plan fits",
        ("quota-behind",),
    )


@pytest.mark.parametrize(
    ("text", "day", "kind", "situation", "tags"),
    [
        ("2026-11-30: slip x", None, None, None, None),  # the future: refused below
        ("2026-11-20: Pushed the bundle", date(2026, 11, 20), None, "Pushed the bundle", ()),
        ("Note: called @Harbor's CFO first", TODAY, None, "Note: called @Harbor's CFO first",
         ("Harbor",)),
        ("10:30 call with Harbor", TODAY, None, "10:30 call with Harbor", ()),
        ("SLIP: sold the bundle @quota-behind @look-good.", TODAY, "slip", "sold the bundle",
         ("quota-behind", "look-good")),
        ("slipped the deadline", TODAY, None, "slipped the deadline", ()),
        ("see http://example.com/x: later", TODAY, None, "see http://example.com/x: later", ()),
        ("last friday: save held the price", date(2026, 11, 20), "save", "held the price", ()),
        ("3 days ago: 東京の顧客 @東京", date(2026, 11, 19), None, "東京の顧客", ("東京",)),
    ],
)  # fmt: skip
def test_lines_read_as_a_person_writes_them(
    text: str, day: date | None, kind: str | None, situation: str | None, tags: tuple[str, ...]
) -> None:
    if day is None:
        with pytest.raises(InboxLineError, match="in the future"):
            parse_line(text, today=TODAY)
        return
    line = parse_line(text, today=TODAY)
    assert (line.occurred_on, line.kind, line.situation, line.tags) == (day, kind, situation, tags)


@pytest.mark.parametrize("text", ["@quota-behind", "yesterday: save", "2026-02-30: x"])
def test_a_line_with_nothing_to_say_or_a_wrong_date_is_refused(text: str) -> None:
    with pytest.raises(InboxLineError):
        parse_line(text, today=TODAY)


_WORDS = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="@:\n\r"),
    min_size=1,
    max_size=30,
).filter(lambda text: bool(text.strip()) and text.split()[0].lower() not in ("slip", "save"))
_TAGS = st.lists(st.sampled_from(["quota-behind", "東京", "on_call", "c++"]), max_size=3)


@FAST
@given(
    days_ago=st.none() | st.integers(0, 400),
    kind=st.sampled_from([None, "slip", "save", "Save"]),
    words=_WORDS,
    tags=_TAGS,
)
@example(days_ago=None, kind=None, words="0", tags=[])
def test_any_line_reads_back_its_parts(
    days_ago: int | None, kind: str | None, words: str, tags: list[str]
) -> None:
    day = TODAY - timedelta(days=days_ago or 0)
    prefix = f"{day.isoformat()}: " if days_ago is not None else ""
    said = f"{kind} " if kind else ""
    text = prefix + said + words + "".join(f" @{tag}" for tag in tags)
    line = parse_line(text, today=TODAY)
    assert line.occurred_on == day
    assert line.kind == (kind.lower() if kind else None)
    assert line.situation == words.strip()
    assert line.tags == tuple(tags)


# --- the service: files taken aside, entries written, lines returned ----------------------


def test_lines_come_in_once_and_the_inbox_is_removed_after(
    conn: sqlite3.Connection, inbox: Path
) -> None:
    inbox.write_text(
        "yesterday: save Told Harbor the smaller plan fits @quota-behind\n"
        "\n"
        "Sold the bundle again @quota-behind\n",
        encoding="utf-8",
    )
    report = take_inbox(conn, inbox, today=TODAY)
    assert len(report.added) == 2 and report.to_classify == 1 and not report.returned
    rows = conn.execute(
        "SELECT situation, kind, to_classify, occurred_on FROM entries ORDER BY id"
    ).fetchall()
    assert rows == [
        ("Told Harbor the smaller plan fits", "save", 0, "2026-11-21"),
        ("Sold the bundle again", "slip", 1, "2026-11-22"),  # no kind: to classify
    ]
    triggers = conn.execute("SELECT count(*) FROM entry_triggers").fetchone()[0]
    assert triggers == 2
    assert left_in(inbox.parent) == []
    assert take_inbox(conn, inbox, today=TODAY).added == ()


def test_an_unreadable_line_stays_with_its_reason_and_is_not_rewritten_again(
    conn: sqlite3.Connection, inbox: Path
) -> None:
    inbox.write_text("Fine line @quota-behind\nBad one @quota-behnd\n", encoding="utf-8")
    report = take_inbox(conn, inbox, today=TODAY)
    assert len(report.added) == 1
    assert [line for line, _ in report.returned] == ["Bad one @quota-behnd"]
    lines = inbox.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Bad one @quota-behnd"
    assert lines[1].startswith("# journal: not taken in [") and "quota-behnd" in lines[1]
    assert len(lines) == 2
    assert oct(inbox.stat().st_mode & 0o777) == "0o600"
    # Left as it is until the person edits it: no rename at every command.
    before = inbox.stat()
    assert take_inbox(conn, inbox, today=TODAY) == type(report)()
    after = inbox.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    # Fixed on the phone (the reason left in place): taken in, and the reason goes too.
    inbox.write_text(lines[0].replace("behnd", "behind") + "\n" + lines[1] + "\n")
    fixed = take_inbox(conn, inbox, today=TODAY)
    assert len(fixed.added) == 1 and not fixed.returned
    assert left_in(inbox.parent) == []


def test_conflict_copies_are_read_and_shared_lines_come_in_once(
    conn: sqlite3.Connection, inbox: Path
) -> None:
    inbox.write_text("First line\nSecond line from the laptop\n", encoding="utf-8")
    folder = inbox.parent
    (folder / "inbox.sync-conflict-20261121-093000-ABCDEFG.txt").write_text(
        "First line\nThird line from the phone\n", encoding="utf-8"
    )
    (folder / "inbox (Dana's conflicted copy 2026-11-21).txt").write_text("Fourth\n")
    (folder / "inbox 2.txt").write_text("Fifth\n")
    (folder / "inbox-notes.txt").write_text("Not an inbox copy\n")
    report = take_inbox(conn, inbox, today=TODAY)
    assert len(report.added) == 5
    assert report.already == 1
    assert situations(conn) == Counter(
        ["First line", "Second line from the laptop", "Third line from the phone", "Fourth",
         "Fifth"]
    )  # fmt: skip
    assert left_in(folder) == ["inbox-notes.txt"]


def test_lines_a_sync_tool_appends_after_the_rename_wait_for_next_time(
    conn: sqlite3.Connection, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox.write_text("Before the rename\n", encoding="utf-8")
    real_read = inbox_files.read_lines

    def read_then_sync_appends(path: Path):  # type: ignore[no-untyped-def]
        with inbox.open("a", encoding="utf-8") as handle:  # a new inbox, from the phone
            handle.write("Appended meanwhile\n")
        yield from real_read(path)

    monkeypatch.setattr(inbox_files, "read_lines", read_then_sync_appends)
    assert len(take_inbox(conn, inbox, today=TODAY).added) == 1
    monkeypatch.setattr(inbox_files, "read_lines", real_read)
    assert inbox.read_text(encoding="utf-8") == "Appended meanwhile\n"
    assert len(take_inbox(conn, inbox, today=TODAY).added) == 1
    assert situations(conn) == Counter(["Before the rename", "Appended meanwhile"])


class Stop(BaseException):
    """A process stopped dead at this point (as SIGKILL would)."""


STEPS = ["rename", "link", "unlink", "replace", "fsync"]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("at_call", [1, 2, 3])
def test_stopped_at_any_step_no_line_is_lost_or_doubled(
    conn: sqlite3.Connection,
    inbox: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    at_call: int,
) -> None:
    inbox.write_text("One @quota-behind\nTwo\nBad @nope\n", encoding="utf-8")
    (inbox.parent / "inbox 2.txt").write_text("Three\nBad @nope\n")
    real = getattr(os, step)
    calls = 0

    def dies(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == at_call:
            raise Stop
        return real(*args, **kwargs)

    monkeypatch.setattr(os, step, dies)
    with contextlib.suppress(Stop):
        take_inbox(conn, inbox, today=TODAY)
    monkeypatch.setattr(os, step, real)
    if conn.in_transaction:
        conn.rollback()  # the dead process's transaction never committed
    take_inbox(conn, inbox, today=TODAY)
    take_inbox(conn, inbox, today=TODAY)
    assert situations(conn) == Counter(["One", "Two", "Three"])
    assert left_in(inbox.parent) == ["inbox.txt"]
    text = inbox.read_text(encoding="utf-8").splitlines()
    assert text[0] == "Bad @nope" and text[1].startswith("# journal: not taken in")
    assert len(text) == 2


def test_a_huge_inbox_is_refused_and_left_whole(conn: sqlite3.Connection, inbox: Path) -> None:
    inbox.write_bytes(b"x" * (inbox_files.MAX_INBOX_BYTES + 10))
    with pytest.raises(JournalError, match="too large to be an inbox"):
        take_inbox(conn, inbox, today=TODAY)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    taken = [path for path in inbox.parent.iterdir()]
    assert len(taken) == 1 and taken[0].stat().st_size == inbox_files.MAX_INBOX_BYTES + 10


# --- the CLI -----------------------------------------------------------------------------------


def set_inbox(home: Path, inbox: Path) -> None:
    (home / "config.toml").write_text(f'inbox = "{inbox}"\n', encoding="utf-8")


def test_any_command_takes_the_inbox_in_first(run: Runner, home: Path, inbox: Path) -> None:
    set_inbox(home, inbox)
    inbox.write_text("yesterday: save Held the price @quota-behind\nBad @nope\n")
    listed = run("list")
    assert listed.code == 0, listed.err
    assert "Held the price" in listed.out
    assert "journal: took in 1 entry from the inbox" in listed.err
    assert "1 line could not be read" in listed.err
    assert run("list").err == ""  # nothing new: nothing said
    inbox.write_text("Sold the bundle\n")
    shown = run("inbox")
    assert shown.code == 0, shown.err
    assert "to classify" in shown.out and "Sold the bundle" in shown.out
    assert "Took in 1 entry from the inbox; 1 to classify" in shown.err
    assert run("inbox").err.startswith("Nothing in the inbox")
    # Lines held back with their reasons are not "nothing": the command says they wait.
    inbox.write_text("Still bad @nope\n")
    assert "1 line could not be read" in run("list").err
    held = run("inbox")
    assert held.code == 0 and held.err.startswith("Nothing new in the inbox; 1 line there could")
    assert str(inbox) in held.err


def test_only_the_persons_journal_takes_the_inbox(
    run: Runner, home: Path, inbox: Path, tmp_path: Path
) -> None:
    set_inbox(home, inbox)
    inbox.write_text("Stays for my own journal\n")
    other = tmp_path / "other.sqlite"
    assert run("--db", str(other), "list").code == 0
    assert inbox.exists()
    refused = run("--db", str(other), "inbox")
    assert refused.code == 2 and "not one given with --db" in refused.err


def test_inbox_without_a_setting_says_how_to_set_it(run: Runner) -> None:
    result = run("inbox")
    assert result.code == 2
    assert 'inbox = "~/Sync/journal-inbox.txt"' in result.err
    assert result.err.count("\n") == 1


def test_an_import_into_an_empty_journal_stays_a_restore(
    run: Runner, home: Path, inbox: Path, tmp_path: Path
) -> None:
    other, export = tmp_path / "other.sqlite", tmp_path / "export.json"
    assert run("--db", str(other), "add", "Written in the other journal").code == 0
    assert run("--db", str(other), "export", "--format", "json", "-o", str(export)).code == 0
    set_inbox(home, inbox)
    inbox.write_text("Waits until the restore is done\n")
    result = run("import", str(export))
    assert result.code == 0, result.err
    assert inbox.exists()  # not taken in first: the journal was empty, the import a restore
    listed = run("list")
    assert "Waits until the restore is done" in listed.out
    assert "Written in the other journal" in listed.out


# --- SIGKILL at any moment -------------------------------------------------------------------


def test_sigkill_while_taking_the_inbox_loses_and_doubles_no_line(tmp_path: Path) -> None:
    report = kill_inbox(tmp_path, kills=8, seed=19, batch=1000)
    assert report.kills == 8
    # The first kill after the rename comes at once: lines are then aside, not yet written.
    assert report.landed_mid_take >= 1, report.summary()
    assert report.ok, report.summary()


def test_journal_inbox_names_the_inbox_as_it_is_spelled(
    run: Runner, home: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "Phone Sync" / "Inbox.TXT"
    inbox.parent.mkdir()
    set_inbox(home, inbox)
    inbox.write_text("Bad @nope\n")
    result = run("inbox")
    assert result.code == 0
    assert f"stay in {inbox} with the reason" in result.err


def test_a_folder_or_a_pipe_named_like_the_inbox_is_left_alone(
    conn: sqlite3.Connection, inbox: Path
) -> None:
    inbox.mkdir()
    os.mkfifo(inbox.parent / "inbox 2.txt")
    assert take_inbox(conn, inbox, today=TODAY) == type(take_inbox(conn, inbox, today=TODAY))()
    assert inbox.is_dir() and left_in(inbox.parent) == ["inbox 2.txt", "inbox.txt"]
