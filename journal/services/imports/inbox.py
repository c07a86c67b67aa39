"""The phone's inbox taken in: each line an entry, all in one transaction, each line once."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal.db import now_iso, transaction
from journal.errors import JournalError
from journal.importers import record_key
from journal.records import EntryFields
from journal.services import entries as entry_service
from journal.services import triggers as trigger_service
from journal.text import has_surrogates


@dataclass(frozen=True, slots=True)
class InboxReport:
    added: tuple[int, ...] = ()  # the new entries' ids
    to_classify: int = 0
    already: int = 0  # lines read before (a kill, a conflict copy holding them too)
    returned: tuple[tuple[str, str], ...] = ()  # (line, why it could not be read)


def take_inbox(conn: sqlite3.Connection, inbox: Path, *, today: date) -> InboxReport:
    """Take in the inbox's lines (see journal.importers.inbox): the files are taken aside,
    the entries written in one transaction, then the files removed and the unreadable lines
    returned with their reasons. Cheap when there is nothing to take: one folder listing."""
    from journal.importers import inbox as inbox_files

    if not inbox_files.has_news(inbox):
        return InboxReport()
    with _inbox_lock(conn):
        taken = inbox_files.take_aside(inbox, inbox_files.waiting_files(inbox))
        if not taken:
            return InboxReport()
        added: list[int] = []
        returned: dict[str, str] = {}  # each line once, though it may be in two files
        already = to_classify = 0
        with transaction(conn):
            for path in taken:
                for _number, text in inbox_files.read_lines(path):
                    try:
                        entry_id = _take_line(conn, text, today=today)
                    except JournalError as error:
                        returned.setdefault(text.strip(), str(error))
                        continue
                    if entry_id is None:
                        already += 1
                        continue
                    added.append(entry_id)
                    to_classify += _inbox_to_classify(conn, entry_id)
        inbox_files.finish(inbox, taken, list(returned.items()))
    return InboxReport(tuple(added), to_classify, already, tuple(returned.items()))


def _take_line(conn: sqlite3.Connection, text: str, *, today: date) -> int | None:
    """Write one line as an entry; None when it was taken in before."""
    from journal.importers.inbox import parse_line

    if has_surrogates(text):
        raise JournalError("the line is not UTF-8 text; write it again from the phone")
    line = parse_line(text, today=today)
    key = record_key("inbox", line.occurred_on.isoformat(), " ".join(text.split()))
    if conn.execute("SELECT 1 FROM entries WHERE import_key = ?", (key,)).fetchone():
        return None
    trigger_ids = trigger_service.resolve(conn, line.tags)
    values = EntryFields(
        situation=line.situation, kind=line.kind or "slip", occurred_on=line.occurred_on
    )
    entry_service.validate(values, today=today)
    stored = entry_service.column_values(values)
    stored["logged_at"] = now_iso()
    stored["import_key"] = key
    stored["to_classify"] = int(line.kind is None)
    entry_id = entry_service.insert_row(conn, "entries", stored)
    conn.executemany(
        "INSERT INTO entry_triggers (entry_id, trigger_id) VALUES (?, ?)",
        [(entry_id, trigger_id) for trigger_id in trigger_ids],
    )
    return entry_id


def _inbox_to_classify(conn: sqlite3.Connection, entry_id: int) -> int:
    row = conn.execute("SELECT to_classify FROM entries WHERE id = ?", (entry_id,)).fetchone()
    return int(row[0])


@contextmanager
def _inbox_lock(conn: sqlite3.Connection) -> Iterator[None]:
    """One process at a time takes the inbox in (a lock beside the journal, never in the
    synced folder)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    journal_file = str(row[2]) if row is not None and row[2] else ""
    if not journal_file:
        yield
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: the keys still keep every line to one entry
        yield
        return
    fd = os.open(journal_file + ".inbox-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
