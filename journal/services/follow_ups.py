"""Follow-ups: the day a person said they would come back and record what happened to the
customer. Due ones are listed oldest first; closing one writes a dated note and the recovery
outcome in one transaction, and moving one sets a new day.

The counts import nothing beyond the storage layer: `journal status` reads them on every shell
prompt. The entries service is imported by the functions that write.
"""

import sqlite3
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from journal.errors import JournalError

if TYPE_CHECKING:
    from journal.records import Entry


class FollowUpCounts(NamedTuple):
    """Follow-ups over a period: closed in it, and still open at its end (`due` of those
    had their day by then). A named tuple: quicker to define than a dataclass, and this
    module loads on every shell prompt."""

    closed: int
    open: int
    due: int

    def to_json(self) -> dict[str, Any]:
        return {"closed": self.closed, "open": self.open, "due": self.due}


def follow_up_counts(conn: sqlite3.Connection, start: date, end: date) -> FollowUpCounts:
    """Closed between `start` and `end` (inclusive), and open at `end`: entries dated by then
    whose follow-up was not closed by then. Reads only the follow-up indexes' rows."""
    first, last = start.isoformat(), end.isoformat()
    closed, still_open, due = conn.execute(
        "SELECT"
        " (SELECT count(*) FROM entries WHERE follow_up_closed_on BETWEEN ?1 AND ?2"
        "  AND deleted_at IS NULL),"
        # Named: left to itself SQLite walked every entry dated up to the end (~30 ms at
        # 100,000 entries) instead of the few with a follow-up.
        " (SELECT count(*) FROM entries INDEXED BY entries_follow_up"
        "  WHERE follow_up_on IS NOT NULL AND deleted_at IS NULL"
        "  AND occurred_on <= ?2 AND (follow_up_closed_on IS NULL OR follow_up_closed_on > ?2)),"
        " (SELECT count(*) FROM entries WHERE follow_up_on <= ?2 AND deleted_at IS NULL"
        "  AND occurred_on <= ?2 AND (follow_up_closed_on IS NULL OR follow_up_closed_on > ?2))",
        (first, last),
    ).fetchone()
    return FollowUpCounts(closed=int(closed), open=int(still_open), due=int(due))


def due(conn: sqlite3.Connection, *, today: date) -> "list[Entry]":
    """Follow-ups whose day has come and that are not closed, oldest first."""
    from journal.services import entries

    return entries.due_follow_ups(conn, today=today)


def due_count(conn: sqlite3.Connection, *, today: date) -> int:
    """How many are due: one lookup in the open follow-ups' index."""
    row = conn.execute(
        "SELECT count(*) FROM entries WHERE follow_up_on <= ? AND follow_up_closed_on IS NULL"
        " AND deleted_at IS NULL",
        (today.isoformat(),),
    ).fetchone()
    return int(row[0])


def _open_follow_up(conn: sqlite3.Connection, entry_id: int) -> "Entry":
    from journal.services import entries

    entry = entries.get(conn, entry_id)
    if entry.follow_up_on is None:
        raise JournalError(
            f"entry {entry_id} has no follow-up; set one with journal edit {entry_id}"
            " --follow-up WHEN"
        )
    if entry.follow_up_closed_on is not None:
        raise JournalError(
            f"entry {entry_id}'s follow-up was closed on {entry.follow_up_closed_on.isoformat()};"
            f" add what you learned since with journal note {entry_id}"
        )
    return entry


def close(
    conn: sqlite3.Connection, entry_id: int, *, note: str, recovery: str, today: date
) -> "Entry":
    """Record what happened (a dated note and the recovery outcome) and close the follow-up,
    in one transaction; the recovery change keeps the version it replaces."""
    from journal.db import transaction
    from journal.records import RECOVERIES, EntryFields
    from journal.services import entries

    if recovery not in RECOVERIES:
        raise JournalError(f"recovery {recovery!r} is not one of: {', '.join(RECOVERIES)}")
    if not note.strip():
        raise JournalError("say what happened to the customer; the note is empty")
    with transaction(conn):
        entry = _open_follow_up(conn, entry_id)
        entries.add_note(conn, entry_id, note)
        if recovery != entry.recovery:
            entries.update(conn, entry_id, EntryFields(recovery=recovery), today=today)
        conn.execute(
            "UPDATE entries SET follow_up_closed_on = ? WHERE id = ?",
            (today.isoformat(), entry_id),
        )
    return entries.get(conn, entry_id)


def move(conn: sqlite3.Connection, entry_id: int, *, to: date, today: date) -> "Entry":
    """Come back on another day instead (today or later)."""
    from journal.db import transaction
    from journal.records import EntryFields
    from journal.services import entries

    if to < today:
        raise JournalError(f"{to.isoformat()} is past; a follow-up date must be today or later")
    with transaction(conn):
        _open_follow_up(conn, entry_id)
        entries.update(conn, entry_id, EntryFields(follow_up_on=to), today=today)
    return entries.get(conn, entry_id)
