"""Capture, edit, search and trash of entries."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from journal.dates import MAX_YEAR, MIN_YEAR
from journal.db import UnreadableText, now_iso, transaction
from journal.errors import JournalError, NotFoundError
from journal.limits import MAX_TEXT
from journal.periods import Quarter
from journal.records import (
    CONTROLS,
    KINDS,
    RECOVERIES,
    Entry,
    EntryFields,
    EntryVersion,
    Note,
    given_fields,
)
from journal.services import revisions
from journal.services import triggers as trigger_service
from journal.text import control_character, has_surrogates, quoted

TEXT_FIELDS = ("situation", "customer", "impact", "recovery_note", "next_time")
TEXT_LABELS = {
    "situation": "situation",
    "customer": "customer",
    "impact": "customer impact",
    "recovery_note": "recovery note",
    "next_time": "next time",
    "note": "note",
}
COLUMNS = (
    "id, kind, occurred_on, logged_at, situation, customer, impact, severity, pressure,"
    " control, recovery, recovery_note, next_time, follow_up_on, updated_at, deleted_at,"
    " to_classify, import_key, version, follow_up_closed_on"
)


@dataclass(frozen=True, slots=True)
class EntryFilter:
    """What narrows a list; every part is optional and they combine with AND."""

    quarter: Quarter | None = None
    date_from: date | None = None
    date_to: date | None = None
    trigger: str | None = None
    kind: str | None = None
    search: str | None = None
    customer: str | None = None
    in_trash: bool = False
    with_trash: bool = False  # live and trashed entries alike (exports)
    to_classify: bool | None = None  # imported entries still waiting for slip or save
    # What a pattern's figure narrows to, so each figure can list the entries behind it.
    customer_exact: str | None = None
    also_trigger: str | None = None
    control: str | None = None  # "unknown" for entries that do not say
    recovery: str | None = None
    weekday: int | None = None  # 0 Monday … 6 Sunday
    week_of_quarter: int | None = None
    crunch_days: int | None = None  # only the last N days of each quarter
    commitment_id: int | None = None  # entries that answered this commitment's question
    fiscal_start_month: int = 1
    week_start: int = 0


def check_text(field_name: str, value: str) -> str:
    """Refuse text no person meant to type; keep everything else exactly as written."""
    label = TEXT_LABELS.get(field_name, field_name)
    if len(value) > MAX_TEXT:
        raise JournalError(
            f"the {label} is {len(value):,} characters long; a field holds at most {MAX_TEXT:,}"
        )
    if has_surrogates(value):
        raise JournalError(f"the {label} is not valid UTF-8 text; save it as UTF-8 and try again")
    bad = control_character(value)
    if bad:
        raise JournalError(
            f"the {label} contains the control character {bad}; remove it"
            " (tabs and line breaks are fine)"
        )
    return value


def _check_scale(label: str, value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise JournalError(f"{label} must be a whole number from 1 to 5, not {value}")


def _check_choice(label: str, value: str | None, accepted: Sequence[str]) -> None:
    if value is not None and value not in accepted:
        raise JournalError(f"{label} {quoted(value)} is not one of: {', '.join(accepted)}")


def validate(values: EntryFields, *, today: date) -> None:
    if values.situation is not None and not values.situation.strip():
        raise JournalError("the situation is empty; say in a few words what happened")
    for name in TEXT_FIELDS:
        text = getattr(values, name)
        if text is not None:
            check_text(name, text)
    _check_choice("kind", values.kind, KINDS)
    _check_choice("control", values.control, CONTROLS)
    _check_choice("recovery", values.recovery, RECOVERIES)
    _check_scale("severity", values.severity)
    _check_scale("pressure", values.pressure)
    for label, day in (("date", values.occurred_on), ("follow-up date", values.follow_up_on)):
        # The calendar the journal works in (journal.dates): an import can hold any date.
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise JournalError(
                f"the {label} {day.isoformat()} is outside the years {MIN_YEAR} to {MAX_YEAR}"
            )
    if values.occurred_on is not None and values.occurred_on > today:
        raise JournalError(
            f"{values.occurred_on.isoformat()} is in the future; an entry's date must be today"
            " or earlier"
        )


def column_values(values: EntryFields) -> dict[str, object]:
    """Fields as they are stored: dates as ISO text, empty optional text as NULL."""
    stored: dict[str, object] = {}
    for name, value in given_fields(values).items():
        if name == "triggers":
            continue
        if isinstance(value, date):
            stored[name] = value.isoformat()
        elif isinstance(value, str) and name != "situation" and not value.strip():
            stored[name] = None
        else:
            stored[name] = value
    return stored


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


CLEARABLE = frozenset(
    {"customer", "impact", "severity", "pressure", "control", "recovery_note", "next_time",
     "follow_up_on"}
)  # fmt: skip


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


def fts_query(text: str) -> str | None:
    """Turn typed words into a safe FTS5 query: every word must appear, as a prefix.

    Quoting each word means FTS syntax typed by a person (quotes, *, NEAR, brackets) is
    searched for as words instead of breaking the query.
    """
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def where_clause(flt: EntryFilter) -> tuple[str, list[object]]:
    if flt.with_trash:
        clauses = ["1"]
    else:
        clauses = ["deleted_at IS NOT NULL" if flt.in_trash else "deleted_at IS NULL"]
    params: list[object] = []
    if flt.to_classify is not None:
        clauses.append("to_classify = ?")
        params.append(int(flt.to_classify))
    if flt.quarter is not None:
        clauses.append("occurred_on BETWEEN ? AND ?")
        params += [flt.quarter.start.isoformat(), flt.quarter.end.isoformat()]
    if flt.date_from is not None:
        clauses.append("occurred_on >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        clauses.append("occurred_on <= ?")
        params.append(flt.date_to.isoformat())
    if flt.kind is not None:
        clauses.append("kind = ?")
        params.append(flt.kind)
    if flt.trigger is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM entry_triggers et WHERE et.entry_id = entries.id"
            " AND et.trigger_id = ?)"
        )
        params.append(flt.trigger)
    if flt.customer:
        if has_surrogates(flt.customer):
            raise JournalError(
                "the customer to look for is not valid UTF-8 text; type it as UTF-8 and try again"
            )
        escaped = flt.customer.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("customer LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    pattern_clauses, pattern_params = _pattern_clauses(flt)
    clauses += pattern_clauses
    params += pattern_params
    if flt.search is not None and flt.search.strip():
        query = fts_query(flt.search)
        if query is None:
            clauses.append("0")
        else:
            clauses.append("id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
            params.append(query)
    return " AND ".join(clauses), params


def _pattern_clauses(flt: EntryFilter) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if flt.customer_exact is not None:
        clauses.append("customer = ? COLLATE NOCASE")
        params.append(flt.customer_exact)
    if flt.also_trigger is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM entry_triggers et2 WHERE et2.entry_id = entries.id"
            " AND et2.trigger_id = ?)"
        )
        params.append(flt.also_trigger)
    if flt.control == "unknown":
        clauses.append("control IS NULL")
    elif flt.control is not None:
        clauses.append("control = ?")
        params.append(flt.control)
    if flt.recovery is not None:
        clauses.append("recovery = ?")
        params.append(flt.recovery)
    if flt.weekday is not None or flt.week_of_quarter is not None or flt.crunch_days is not None:
        # Only a figure's entries are cut by the calendar: capture never loads the analytics.
        from journal.services.analytics import calendar_sql
    if flt.weekday is not None:
        clauses.append(f"{calendar_sql.weekday()} = ?")
        params.append(flt.weekday)
    if flt.week_of_quarter is not None:
        expression = calendar_sql.week_of_quarter(flt.fiscal_start_month, flt.week_start)
        clauses.append(f"{expression} = ?")
        params.append(flt.week_of_quarter)
    if flt.crunch_days is not None:
        clauses.append(f"{calendar_sql.days_to_close(flt.fiscal_start_month)} < ?")
        params.append(flt.crunch_days)
    if flt.commitment_id is not None:
        clauses.append("id IN (SELECT entry_id FROM commitment_checks WHERE commitment_id = ?)")
        params.append(flt.commitment_id)
    return clauses, params


def query(
    conn: sqlite3.Connection,
    flt: EntryFilter = EntryFilter(),
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


def count(conn: sqlite3.Connection, flt: EntryFilter = EntryFilter()) -> int:
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


def proposed(
    current: EntryVersion,
    values: EntryFields,
    *,
    clear: frozenset[str] = frozenset(),
    answers: dict[int, str] | None = None,
) -> EntryVersion:
    """The version `update` (and the commitment answers) would make of `current`: what a
    window is about to save, to set beside a version saved meanwhile."""
    changed: dict[str, Any] = {name: None for name in clear}
    for name, value in given_fields(values).items():
        if isinstance(value, str) and name != "situation" and not value.strip():
            changed[name] = None
        else:
            changed[name] = value
    if values.triggers is not None:
        changed["triggers"] = tuple(values.triggers)
    if "kind" in changed:
        changed["to_classify"] = False
    if answers:
        changed["followed"] = tuple(sorted({**dict(current.followed), **answers}.items()))
    return replace(current, **changed)


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
