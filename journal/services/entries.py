"""Capture, edit, search and trash of entries.

The checks of the fields are in `entry_fields`, the filter and its SQL in `entry_search`;
their names are offered here too."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from journal.db import UnreadableText, now_iso, transaction
from journal.errors import JournalError, NotFoundError
from journal.records import Entry, EntryFields, Note
from journal.services import revisions
from journal.services import triggers as trigger_service
from journal.services.entry_fields import CLEARABLE as CLEARABLE
from journal.services.entry_fields import TEXT_FIELDS as TEXT_FIELDS
from journal.services.entry_fields import TEXT_LABELS as TEXT_LABELS
from journal.services.entry_fields import check_text as check_text
from journal.services.entry_fields import column_values as column_values
from journal.services.entry_fields import proposed as proposed
from journal.services.entry_fields import validate as validate
from journal.services.entry_search import EntryFilter as EntryFilter
from journal.services.entry_search import fts_query as fts_query
from journal.services.entry_search import where_clause as where_clause

COLUMNS = (
    "id, kind, occurred_on, logged_at, situation, customer, impact, severity, pressure,"
    " control, recovery, recovery_note, next_time, follow_up_on, updated_at, deleted_at,"
    " to_classify, import_key, version, follow_up_closed_on"
)
LIVE_ENTRIES = EntryFilter()  # no narrowing: every entry not in the trash


def add(conn: sqlite3.Connection, values: EntryFields, *, today: date) -> int:
    """Write a new entry and its triggers in one transaction; returns its id."""
    if values.situation is None:
        raise JournalError("the situation is empty; say in a few words what happened")
    validate(values, today=today)
    stored = column_values(values)
    stored.setdefault("kind", "slip")
    stored.setdefault("occurred_on", today.isoformat())
    stored["logged_at"] = now_iso()
    with transaction(conn):
        trigger_ids = trigger_service.resolve(conn, values.triggers or ())
        entry_id = insert_row(conn, "entries", stored)
        conn.executemany(
            "INSERT INTO entry_triggers (entry_id, trigger_id) VALUES (?, ?)",
            [(entry_id, trigger_id) for trigger_id in trigger_ids],
        )
    return entry_id


def insert_row(conn: sqlite3.Connection, table: str, values: dict[str, object]) -> int:
    """INSERT the named columns' values; returns the new row's id."""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(values.values()))
    return int(cursor.lastrowid or 0)


def update(
    conn: sqlite3.Connection,
    entry_id: int,
    values: EntryFields,
    *,
    today: date,
    clear: frozenset[str] = frozenset(),
    expected_version: int | None = None,
) -> Entry:
    """Change the given fields; `triggers`, when given, replaces the set; fields named in
    `clear` become empty. The version it replaces is kept (see `revisions.revising`); with
    `expected_version`, a change made meanwhile raises `revisions.EditConflict`."""
    validate(values, today=today)
    if not clear <= CLEARABLE:
        raise JournalError(f"cannot clear {', '.join(sorted(clear - CLEARABLE))}")
    stored = column_values(values)
    stored.update({name: None for name in clear if name not in stored})
    with revisions.revising(conn, entry_id, expected_version=expected_version):
        current = get(conn, entry_id)
        if values.triggers is not None:
            trigger_ids = trigger_service.resolve(conn, values.triggers, keep=current.triggers)
            conn.execute("DELETE FROM entry_triggers WHERE entry_id = ?", (entry_id,))
            conn.executemany(
                "INSERT INTO entry_triggers (entry_id, trigger_id) VALUES (?, ?)",
                [(entry_id, trigger_id) for trigger_id in trigger_ids],
            )
        if stored:
            if "kind" in stored:
                stored["to_classify"] = 0  # saying slip or save is what classifies it
            was = current.follow_up_on.isoformat() if current.follow_up_on else None
            if "follow_up_on" in stored and stored["follow_up_on"] != was:
                stored["follow_up_closed_on"] = None  # a new date (or none) opens it again
            assignments = ", ".join(f"{name} = ?" for name in stored)
            conn.execute(
                f"UPDATE entries SET {assignments} WHERE id = ?", (*stored.values(), entry_id)
            )
    return get(conn, entry_id)


# The text columns of COLUMNS, by position: the ones a damaged page can leave unreadable.
_TEXT_AT = {4: "situation", 5: "customer", 6: "impact", 11: "recovery_note", 12: "next_time"}


def _entry_from_row(
    row: Sequence[object], triggers: tuple[str, ...], notes: tuple[Note, ...]
) -> Entry:
    follow_up = row[13]
    unreadable = [name for at, name in _TEXT_AT.items() if isinstance(row[at], UnreadableText)]
    if any(isinstance(note.text, UnreadableText) for note in notes):
        unreadable.append("a note")
    return Entry(
        id=int(str(row[0])),
        kind=str(row[1]),
        occurred_on=date.fromisoformat(str(row[2])),
        logged_at=str(row[3]),
        situation=str(row[4]),
        customer=_opt_str(row[5]),
        impact=_opt_str(row[6]),
        severity=_opt_int(row[7]),
        pressure=_opt_int(row[8]),
        control=_opt_str(row[9]),
        recovery=str(row[10]),
        recovery_note=_opt_str(row[11]),
        next_time=_opt_str(row[12]),
        follow_up_on=date.fromisoformat(str(follow_up)) if follow_up else None,
        updated_at=_opt_str(row[14]),
        deleted_at=_opt_str(row[15]),
        to_classify=bool(row[16]),
        import_key=_opt_str(row[17]),
        version=int(str(row[18])),
        follow_up_closed_on=date.fromisoformat(str(row[19])) if row[19] else None,
        triggers=triggers,
        notes=notes,
        unreadable=tuple(unreadable),
    )


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def hydrate(
    conn: sqlite3.Connection, rows: list[tuple[object, ...]], *, with_notes: bool
) -> list[Entry]:
    """Attach triggers (and notes) to a page of rows with one query each, not one per row."""
    if not rows:
        return []
    ids = [int(str(row[0])) for row in rows]
    marks = ",".join("?" * len(ids))
    triggers: dict[int, list[str]] = {}
    for entry_id, trigger_id in conn.execute(
        f"SELECT et.entry_id, et.trigger_id FROM entry_triggers et"
        f" JOIN triggers t ON t.id = et.trigger_id"
        f" WHERE et.entry_id IN ({marks}) ORDER BY t.builtin DESC, t.rowid",
        ids,
    ):
        triggers.setdefault(int(entry_id), []).append(str(trigger_id))
    notes: dict[int, list[Note]] = {}
    if with_notes:
        for note_id, entry_id, written_at, text in conn.execute(
            f"SELECT id, entry_id, written_at, text FROM notes WHERE entry_id IN ({marks})"
            " ORDER BY written_at, id",
            ids,
        ):
            notes.setdefault(int(entry_id), []).append(
                # `text` as read: an UnreadableText stays marked as one
                Note(id=int(note_id), written_at=str(written_at), text=text)
            )
    return [
        _entry_from_row(
            row,
            tuple(triggers.get(int(str(row[0])), ())),
            tuple(notes.get(int(str(row[0])), ())),
        )
        for row in rows
    ]


def get(conn: sqlite3.Connection, entry_id: int, *, include_deleted: bool = False) -> Entry:
    row = conn.execute(f"SELECT {COLUMNS} FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entry {entry_id} in this journal; 'journal list' shows the ids")
    if row[15] is not None and not include_deleted:
        raise NotFoundError(
            f"entry {entry_id} is in the trash; 'journal restore {entry_id}' brings it back"
        )
    return hydrate(conn, [tuple(row)], with_notes=True)[0]


def query(
    conn: sqlite3.Connection,
    flt: EntryFilter = LIVE_ENTRIES,
    *,
    limit: int | None = None,
    offset: int = 0,
    with_notes: bool = False,
) -> list[Entry]:
    """Entries matching `flt`, newest first (the trash: most recently deleted first)."""
    where, params = where_clause(flt)
    order = "deleted_at DESC, id DESC" if flt.in_trash else "occurred_on DESC, id DESC"
    sql = f"SELECT {COLUMNS} FROM entries WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    rows = [tuple(row) for row in conn.execute(sql, params)]
    return hydrate(conn, rows, with_notes=with_notes)


def count(conn: sqlite3.Connection, flt: EntryFilter = LIVE_ENTRIES) -> int:
    where, params = where_clause(flt)
    return int(conn.execute(f"SELECT count(*) FROM entries WHERE {where}", params).fetchone()[0])


_ROW_FTS_TRIGGERS = ("entries_fts_insert", "notes_fts_insert")


@contextmanager
def bulk_search_index(conn: sqlite3.Connection) -> Iterator[None]:
    """Index many new entries for search in one statement at the end, inside the caller's
    transaction. Row by row, the search index costs three times the insert itself."""
    if not conn.in_transaction:
        raise RuntimeError("bulk_search_index needs an open transaction")
    after = int(conn.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0])
    kept = conn.execute(
        f"SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name IN"
        f" ({','.join('?' * len(_ROW_FTS_TRIGGERS))})",
        _ROW_FTS_TRIGGERS,
    ).fetchall()
    for name in _ROW_FTS_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    # New ids are above every old one: a restore into an empty journal starts from 0.
    conn.execute(
        "INSERT INTO entries_fts (rowid, situation, impact, next_time, customer, notes)"
        " SELECT e.id, e.situation, coalesce(e.impact, ''), coalesce(e.next_time, ''),"
        " coalesce(e.customer, ''),"
        " coalesce((SELECT group_concat(n.text, ' ') FROM notes n WHERE n.entry_id = e.id), '')"
        " FROM entries e WHERE e.id > ?",
        (after,),
    )
    for (sql,) in kept:
        conn.execute(str(sql))


def add_note(
    conn: sqlite3.Connection,
    entry_id: int,
    text: str,
    *,
    opened: bool = False,
    bring_back: bool = False,
) -> Note:
    """A dated later note; the entry as first written stays untouched.

    Notes are only ever added, so another window's edit of the entry is no conflict for a note
    being written. What is: the entry moved to the trash or erased meanwhile. For a note written
    in a window `opened` on the live entry, that raises `revisions.EditConflict` (to ask the
    person) instead of a plain refusal; `bring_back` restores it from the trash first."""
    if not text.strip():
        raise JournalError("the note is empty; write what you learned since")
    check_text("note", text)
    with transaction(conn):
        if opened or bring_back:
            found = revisions.current_state(conn, entry_id)
            if found is None:
                raise revisions.EditConflict(entry_id, expected=0, state="gone", current=None)
            version, deleted_at = found
            if deleted_at is not None and bring_back:
                restore(conn, entry_id)
            elif deleted_at is not None:
                raise revisions.EditConflict(
                    entry_id,
                    expected=version.number,
                    state="trashed",
                    current=version,
                    deleted_at=deleted_at,
                )
        get(conn, entry_id)
        written_at = now_iso()
        cursor = conn.execute(
            "INSERT INTO notes (entry_id, written_at, text) VALUES (?, ?, ?)",
            (entry_id, written_at, text),
        )
        # A note written once the follow-up has come is the answer it asked for.
        conn.execute(
            "UPDATE entries SET follow_up_closed_on = substr(?, 1, 10) WHERE id = ?"
            " AND follow_up_on <= substr(?, 1, 10) AND follow_up_closed_on IS NULL",
            (written_at, entry_id, written_at),
        )
    return Note(id=int(cursor.lastrowid or 0), written_at=written_at, text=text)


def delete(conn: sqlite3.Connection, entry_id: int) -> None:
    """Move to the trash: nothing is erased, and `restore` brings it back."""
    with transaction(conn):
        get(conn, entry_id)
        conn.execute("UPDATE entries SET deleted_at = ? WHERE id = ?", (now_iso(), entry_id))


def restore(conn: sqlite3.Connection, entry_id: int) -> Entry:
    with transaction(conn):
        entry = get(conn, entry_id, include_deleted=True)
        if entry.deleted_at is None:
            raise JournalError(f"entry {entry_id} is not in the trash; nothing to restore")
        conn.execute("UPDATE entries SET deleted_at = NULL WHERE id = ?", (entry_id,))
    return get(conn, entry_id)


def due_follow_ups(conn: sqlite3.Connection, *, today: date) -> list[Entry]:
    """Entries whose follow-up date has come and is not closed, oldest first."""
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM entries WHERE follow_up_on <= ? AND follow_up_closed_on IS NULL"
        " AND deleted_at IS NULL ORDER BY follow_up_on, id",
        (today.isoformat(),),
    ).fetchall()
    return hydrate(conn, [tuple(row) for row in rows], with_notes=False)


def to_classify_ids(conn: sqlite3.Connection) -> list[int]:
    """Imported entries (not in the trash) still to be called a slip or a save, in order."""
    rows = conn.execute(
        "SELECT id FROM entries WHERE to_classify = 1 AND deleted_at IS NULL ORDER BY id"
    ).fetchall()
    return [int(row[0]) for row in rows]


def to_classify_count(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT count(*) FROM entries WHERE to_classify = 1 AND deleted_at IS NULL"
    ).fetchone()
    return int(row[0])
