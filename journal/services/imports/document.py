"""Our own JSON export read back: into an empty journal it is a restore (ids, names and
retirements as exported); into one in use it adds what is not already there."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from journal.cipher import integrity_errors
from journal.dates import MAX_YEAR, MIN_YEAR
from journal.db import now_iso, transaction
from journal.errors import JournalError
from journal.importers.json_format import Document
from journal.records import EntryFields, EntryVersion
from journal.services import entries as entry_service
from journal.services import revisions as revision_service
from journal.services import triggers as trigger_service
from journal.services.imports.records import YEARS, ImportReport
from journal.text import control_character, quoted, quoted_value
from journal.vocabulary import FOLLOWED

_QUARTER_LABEL = re.compile(r"(?:FY)?(\d{4})-Q[1-4]")
MAX_ROW_ID = 2**63 - 1  # the largest id SQLite holds
MAX_KEY = 200  # an import key: a format's name and a digest

_ENTRY_TEXT = ("customer", "impact", "recovery_note", "next_time")


def _field(
    item: dict[str, Any], name: str, where: str, kind: type, *, required: bool = False
) -> Any:
    value = item.get(name)
    if value is None:
        if required:
            raise JournalError(f"{where}: {name} is missing")
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise JournalError(f"{where}: {name} should be {_KIND_WORDS[kind]}, not {value!r:.40}")
    return value


_KIND_WORDS = {str: "text", int: "a whole number", bool: "true or false", list: "a list"}


def _iso_date(value: str | None, where: str, name: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise JournalError(f"{where}: {name} {quoted(value)} is not a date (YYYY-MM-DD)") from error
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise JournalError(f"{where}: {name} {value} is outside the years {YEARS}")
    return day


def _timestamp(
    item: dict[str, Any], name: str, where: str, *, required: bool = False
) -> str | None:
    """A date and time as the export writes them (ISO 8601), kept as written once it reads
    as one within the years the journal holds."""
    value = _field(item, name, where, str, required=required)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise JournalError(
            f"{where}: {name} {quoted(value)} is not a date and time (ISO 8601, such as"
            " 2026-03-27T18:05:00+01:00)"
        ) from error
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise JournalError(f"{where}: {name} {quoted(value)} is outside the years {YEARS}")
    return str(value)


def _row_id(item: dict[str, Any], where: str, name: str = "id") -> int | None:
    """An id the file gives: a whole number a journal can hold, or nothing."""
    value = _field(item, name, where, int)
    if value is not None and not 1 <= value <= MAX_ROW_ID:
        raise JournalError(
            f"{where}: {name} {quoted_value(value)} is not an id (a whole number from 1 to"
            f" {MAX_ROW_ID:,})"
        )
    return None if value is None else int(value)


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise JournalError(f"{where}: expected an object, not {quoted_value(value)}")
    return value


def _quarter_label(item: dict[str, Any], name: str, where: str) -> str:
    """A quarter as the journal writes it (2026-Q3, FY2027-Q1), within its years."""
    value = _field(item, name, where, str, required=True)
    match = _QUARTER_LABEL.fullmatch(value)
    if match is None or not MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
        raise JournalError(
            f"{where}: {name} {quoted(value)} is not a quarter (such as 2026-Q3 or FY2027-Q1)"
        )
    return str(value)


def _text(
    item: dict[str, Any], name: str, where: str, *, required: bool = False, key: str = ""
) -> str | None:
    """Free text (under `key`, or `name`), checked as if it had been typed."""
    value = _field(item, key or name, where, str, required=required)
    if value is not None:
        try:
            entry_service.check_text(name.replace("_", " "), value)
        except JournalError as error:
            raise JournalError(f"{where}: {error}") from error
    return None if value is None else str(value)


def _entry_values(item: dict[str, Any], where: str, *, today: date) -> EntryFields:
    values = EntryFields(
        situation=_field(item, "situation", where, str, required=True),
        kind=_field(item, "kind", where, str, required=True),
        occurred_on=_iso_date(_field(item, "occurred_on", where, str, required=True), where,
                              "occurred_on"),
        severity=_field(item, "severity", where, int),
        pressure=_field(item, "pressure", where, int),
        control=_field(item, "control", where, str),
        recovery=_field(item, "recovery", where, str) or "none",
        follow_up_on=_iso_date(_field(item, "follow_up_on", where, str), where, "follow_up_on"),
        **{name: _field(item, name, where, str) for name in _ENTRY_TEXT},
    )  # fmt: skip
    try:
        entry_service.validate(values, today=today)
    except JournalError as error:
        raise JournalError(f"{where}: {error}") from error
    return values


def _is_fresh(conn: sqlite3.Connection) -> bool:
    """A journal with nothing written in it yet: an import is then a restore."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM reviews)"
        " + (SELECT count(*) FROM checkins)"
    ).fetchone()
    return int(row[0]) == 0


def _take_id(conn: sqlite3.Connection, table: str, wanted: object, keep: bool) -> int | None:
    """The exported id when restoring into a fresh journal, else a new one."""
    if not keep or not isinstance(wanted, int) or isinstance(wanted, bool):
        return None
    taken = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (wanted,)).fetchone()
    return None if taken else wanted


def _import_triggers(
    conn: sqlite3.Connection, rows: list[dict[str, Any]], fresh: bool
) -> list[str]:
    created: list[str] = []
    for number, row in enumerate(rows, start=1):
        where = f"trigger {number}"
        row = _object(row, where)
        trigger_id = _field(row, "id", where, str, required=True)
        if not trigger_service.is_trigger_id(trigger_id):
            raise JournalError(f"{where}: {quoted(trigger_id)} is not a trigger id")
        try:  # as `journal triggers add` checks them
            texts = {
                name: trigger_service.check_trigger_text(
                    name, _field(row, name, where, str, required=True), limit
                )
                for name, limit in (("name", 80), ("category", 60))
            }
            description = _field(row, "description", where, str) or ""
            if description.strip():
                description = trigger_service.check_trigger_text("description", description, 200)
        except JournalError as error:
            raise JournalError(f"{where}: {error}") from error
        values = {
            **texts,
            "description": description,
            "created_at": _timestamp(row, "created_at", where) or now_iso(),
            "retired_at": _timestamp(row, "retired_at", where),
        }
        exists = conn.execute("SELECT 1 FROM triggers WHERE id = ?", (trigger_id,)).fetchone()
        if exists and fresh:  # a restore takes the names and retirements it was given
            conn.execute(
                "UPDATE triggers SET name = ?, category = ?, description = ?, created_at = ?,"
                " retired_at = ? WHERE id = ?",
                (*values.values(), trigger_id),
            )
        elif not exists:
            builtin = bool(_field(row, "builtin", where, bool))
            entry_service.insert_row(
                conn, "triggers", {"id": trigger_id, **values, "builtin": int(builtin)}
            )
            created.append(trigger_id)
    return created


def _import_reviews(
    conn: sqlite3.Connection, document: Document, fresh: bool
) -> tuple[int, dict[int, int]]:
    """Reviews of quarters not yet reviewed, and every commitment; returns the commitment ids
    as the file numbers them → as the journal does."""
    review_ids: dict[int, int | None] = {}
    added = 0
    for number, row in enumerate(document.sections.get("reviews", []), start=1):
        where = f"review {number}"
        row = _object(row, where)
        quarter = _quarter_label(row, "quarter", where)
        file_id = _row_id(row, where)
        values: dict[str, object] = {"quarter": quarter}
        for name in ("reflection", "start_doing", "stop_doing", "continue_doing"):
            values[name] = _text(row, name, where) or ""
        values["created_at"] = _timestamp(row, "created_at", where) or now_iso()
        values["updated_at"] = _timestamp(row, "updated_at", where) or values["created_at"]
        existing = conn.execute("SELECT id FROM reviews WHERE quarter = ?", (quarter,)).fetchone()
        if existing:
            review_ids[file_id or -number] = None  # the journal's own review stands
            continue
        kept = _take_id(conn, "reviews", file_id, fresh)
        if kept is not None:
            values["id"] = kept
        review_ids[file_id or -number] = entry_service.insert_row(conn, "reviews", values)
        added += 1
    commitment_ids: dict[int, int] = {}
    for number, row in enumerate(document.sections.get("commitments", []), start=1):
        where = f"commitment {number}"
        row = _object(row, where)
        trigger_id = _field(row, "trigger", where, str, required=True)
        plan = _text(row, "plan", where, required=True)
        if not plan or not plan.strip():
            raise JournalError(f"{where}: the plan is empty")
        quarter = _quarter_label(row, "quarter", where)
        set_on = _iso_date(_field(row, "set_on", where, str, required=True), where, "set_on")
        outcome = _field(row, "outcome", where, str)
        file_id = _row_id(row, where)
        if file_id is None:
            raise JournalError(f"{where}: id is missing")
        review_id = _row_id(row, where, "review_id")
        if review_id is not None and review_ids.get(review_id, 0) is None:
            # its review was already in the journal: use the journal's matching commitment
            same = conn.execute(
                "SELECT id FROM commitments WHERE trigger_id = ? AND quarter = ? AND plan = ?",
                (trigger_id, quarter, plan),
            ).fetchone()
            if same:
                commitment_ids[file_id] = int(same[0])
            continue
        values = {
            "review_id": review_ids.get(review_id) if review_id is not None else None,
            "trigger_id": trigger_id,
            "plan": plan,
            "quarter": quarter,
            "set_on": set_on.isoformat() if set_on else None,
            "outcome": outcome,
        }
        kept = _take_id(conn, "commitments", file_id, fresh)
        if kept is not None:
            values["id"] = kept
        try:
            commitment_ids[file_id] = entry_service.insert_row(conn, "commitments", values)
        except integrity_errors() as error:
            raise JournalError(f"{where}: {error}; check its trigger and outcome") from error
    return added, commitment_ids


def import_document(
    conn: sqlite3.Connection,
    document: Document,
    entries: Iterable[tuple[str, dict[str, Any]]],
    *,
    today: date,
) -> ImportReport:
    """Our own export, in one transaction. Into a fresh journal it is a restore (ids, trigger
    names and retirements as exported); into one in use it adds what is not already there."""
    if not document.has_entries and document.has_figures:
        raise JournalError(
            "this export holds only figures (--patterns-only), no entries: nothing to import"
        )
    # A day of slack: an export from a time zone ahead of ours may hold "tomorrow".
    tomorrow = today + timedelta(days=1)
    with transaction(conn):
        fresh = _is_fresh(conn)
        created = _import_triggers(conn, document.sections.get("triggers", []), fresh)
        reviews, commitment_ids = _import_reviews(conn, document, fresh)
        checkins = 0
        for number, row in enumerate(document.sections.get("checkins", []), start=1):
            where = f"check-in {number}"
            row = _object(row, where)
            day = _iso_date(_field(row, "day", where, str, required=True), where, "day")
            if day is not None and day > tomorrow:
                raise JournalError(f"{where}: {day.isoformat()} is in the future")
            status = _field(row, "status", where, str, required=True)
            if status not in ("clean", "slips"):
                raise JournalError(f"{where}: status {quoted(status)} is not clean or slips")
            logged_at = _timestamp(row, "logged_at", where) or now_iso()
            checkins += conn.execute(
                "INSERT OR IGNORE INTO checkins (day, status, logged_at) VALUES (?, ?, ?)",
                (day.isoformat() if day else None, status, logged_at),
            ).rowcount
        known = {str(row[0]) for row in conn.execute("SELECT id FROM triggers")}
        last_before = int(conn.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0])
        with entry_service.bulk_search_index(conn):
            added, duplicates, to_classify, notes = _import_entries(
                conn, entries, commitment_ids, known, last_before, fresh=fresh, today=tomorrow
            )
    return ImportReport(
        added=added,
        duplicates=duplicates,
        to_classify=to_classify,
        new_triggers=tuple(created),
        notes=notes,
        reviews=reviews,
        checkins=checkins,
    )


def _import_entries(
    conn: sqlite3.Connection,
    entries: Iterable[tuple[str, dict[str, Any]]],
    commitment_ids: dict[int, int],
    known: set[str],
    last_before: int,
    *,
    fresh: bool,
    today: date,
) -> tuple[int, int, int, int]:
    """The entries of our own export: (added, duplicates, to classify, notes)."""
    added = duplicates = to_classify = notes = 0
    for where, item in entries:
        values = _entry_values(item, where, today=today)
        logged_at = _timestamp(item, "logged_at", where, required=True)
        import_key = _field(item, "import_key", where, str)
        if import_key is not None and (
            len(import_key) > MAX_KEY or control_character(import_key, one_line=True)
        ):
            raise JournalError(f"{where}: import_key {quoted(import_key)} is not an import key")
        file_id = _row_id(item, where)
        # Only entries that were here before count: the file's own entries are distinct
        # even when two share a second and a text.
        if conn.execute(
            "SELECT 1 FROM entries WHERE (id <= ? AND logged_at = ? AND situation = ?)"
            " OR import_key = ?",
            (last_before, logged_at, values.situation, import_key),
        ).fetchone():
            duplicates += 1
            continue
        earlier = _revisions(item, where, commitment_ids, known, today=today)
        stored = entry_service.column_values(values)
        stored.update(
            logged_at=logged_at,
            updated_at=_timestamp(item, "updated_at", where),
            deleted_at=_timestamp(item, "deleted_at", where),
            to_classify=int(bool(_field(item, "to_classify", where, bool))),
            import_key=import_key,
            version=len(earlier) + 1,
        )
        closed_on = _iso_date(
            _field(item, "follow_up_closed_on", where, str), where, "follow_up_closed_on"
        )
        if closed_on is not None:
            stored["follow_up_closed_on"] = closed_on.isoformat()
        kept = _take_id(conn, "entries", file_id, fresh)
        if kept is not None:
            stored["id"] = kept
        entry_id = entry_service.insert_row(conn, "entries", stored)
        trigger_ids = _field(item, "triggers", where, list) or []
        for trigger_id in trigger_ids:
            if not isinstance(trigger_id, str) or trigger_id not in known:
                raise JournalError(
                    f"{where}: trigger {quoted_value(trigger_id)} is not among the file's triggers"
                )
        conn.executemany(
            "INSERT OR IGNORE INTO entry_triggers (entry_id, trigger_id) VALUES (?, ?)",
            [(entry_id, trigger_id) for trigger_id in trigger_ids],
        )
        for note in _field(item, "notes", where, list) or []:
            note_where = f"{where}, a note"
            note = _object(note, note_where)
            text = _text(note, "note", note_where, required=True, key="text")
            if not text or not text.strip():
                raise JournalError(f"{note_where}: the text is empty")
            note_values: dict[str, object] = {
                "entry_id": entry_id,
                "written_at": _timestamp(note, "written_at", note_where, required=True),
                "text": text,
            }
            kept = _take_id(conn, "notes", _row_id(note, note_where), fresh)
            if kept is not None:
                note_values["id"] = kept
            entry_service.insert_row(conn, "notes", note_values)
            notes += 1
        for check in _field(item, "commitment_checks", where, list) or []:
            check = _object(check, f"{where}, a commitment answer")
            answered = _row_id(check, f"{where}, a commitment answer", "commitment")
            commitment = commitment_ids.get(answered) if answered is not None else None
            followed = check.get("followed")
            if followed not in FOLLOWED:
                raise JournalError(
                    f"{where}: a commitment answer {quoted_value(followed)} is not yes, partly"
                    " or no"
                )
            if commitment is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO commitment_checks (entry_id, commitment_id,"
                    " followed) VALUES (?, ?, ?)",
                    (entry_id, commitment, followed),
                )
        for version in earlier:
            revision_service.insert_revision(conn, entry_id, replace(version, entry_id=entry_id))
        added += 1
        to_classify += bool(stored["to_classify"])
    return added, duplicates, to_classify, notes


def _revisions(
    item: dict[str, Any],
    where: str,
    commitment_ids: dict[int, int],
    known: set[str],
    *,
    today: date,
) -> list[EntryVersion]:
    """An entry's earlier versions (format 2), checked like the entry: numbered 1, 2, …
    oldest first, every field valid, every trigger among the file's."""
    found: list[EntryVersion] = []
    for number, row in enumerate(_field(item, "revisions", where, list) or [], start=1):
        at = f"{where}, version {number}"
        if not isinstance(row, dict):
            raise JournalError(f"{at}: expected an object with the version's fields")
        if _field(row, "version", at, int, required=True) != number:
            raise JournalError(f"{at}: versions must be numbered 1, 2, … oldest first")
        values = _entry_values(row, at, today=today)
        triggers = _field(row, "triggers", at, list) or []
        for trigger_id in triggers:
            if trigger_id not in known:
                raise JournalError(f"{at}: trigger {trigger_id!r:.50} is not among the file's")
        answers = []
        for check in _field(row, "commitment_checks", at, list) or []:
            followed = check.get("followed") if isinstance(check, dict) else None
            if followed not in FOLLOWED:
                raise JournalError(f"{at}: a commitment answer {followed!r:.20} is not yes,"
                                   " partly or no")  # fmt: skip
            commitment = commitment_ids.get(check.get("commitment"))
            if commitment is not None:
                answers.append((commitment, str(followed)))
        assert values.kind is not None and values.occurred_on is not None
        assert values.situation is not None
        stored = entry_service.column_values(values)
        found.append(
            EntryVersion(
                entry_id=0,
                number=number,
                written_at=_field(row, "written_at", at, str, required=True),
                replaced_at=_field(row, "replaced_at", at, str, required=True),
                kind=values.kind,
                occurred_on=values.occurred_on,
                situation=values.situation,
                triggers=tuple(str(t) for t in triggers),
                customer=_optional(stored, "customer"),
                impact=_optional(stored, "impact"),
                severity=values.severity,
                pressure=values.pressure,
                control=values.control,
                recovery=values.recovery or "none",
                recovery_note=_optional(stored, "recovery_note"),
                next_time=_optional(stored, "next_time"),
                follow_up_on=values.follow_up_on,
                to_classify=bool(_field(row, "to_classify", at, bool)),
                followed=tuple(sorted(answers)),
            )
        )
    return found


def _optional(stored: dict[str, object], name: str) -> str | None:
    value = stored.get(name)
    return None if value is None else str(value)
