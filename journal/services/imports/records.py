"""An importer's records written: one transaction for the whole file, each record recognised
again as if it had been typed, tags mapped to triggers (the unknown ones created)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from journal.dates import MAX_YEAR, MIN_YEAR
from journal.db import now_iso, transaction
from journal.errors import JournalError
from journal.importers import ImportedEntry, Skipped
from journal.records import EntryFields
from journal.services import entries as entry_service
from journal.services import triggers as trigger_service
from journal.text import control_character, has_surrogates, quoted

IMPORTED_CATEGORY = "Imported"
YEARS = f"{MIN_YEAR} to {MAX_YEAR}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: int = 0
    duplicates: int = 0  # already in the journal (or twice in the file): skipped
    to_classify: int = 0
    new_triggers: tuple[str, ...] = ()
    notes: int = 0
    reviews: int = 0
    checkins: int = 0
    # (what, how many) read and deliberately left out, such as ("rows without text", 3)
    skipped: tuple[tuple[str, int], ...] = ()

    @property
    def read(self) -> int:
        return self.added + self.duplicates


class _Triggers:
    """Tags as written → trigger ids; unknown tags become the person's own triggers."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.by_key: dict[str, str] = {}
        rows = conn.execute("SELECT id, name, category FROM triggers ORDER BY rowid").fetchall()
        for trigger_id, name, _category in rows:
            self.by_key.setdefault(str(name).casefold(), str(trigger_id))
        for trigger_id, name, category in rows:
            # A tag imported as written (on_call, c++) has an id made from it (on-call, c):
            # that id is not a name for it, or @on-call would join @on_call.
            if category != IMPORTED_CATEGORY or str(name).casefold() == trigger_id:
                self.by_key[str(trigger_id).casefold()] = str(trigger_id)
        self.created: list[str] = []

    def resolve(self, tags: Iterable[str], where: str) -> list[str]:
        resolved: list[str] = []
        for tag in tags:
            text = tag.strip().lstrip("@#").strip()
            if not text:
                continue
            if len(text) > 80 or control_character(text, one_line=True) or has_surrogates(text):
                raise JournalError(
                    f"{where}: the tag {quoted(text)} is not one line of 80 characters"
                )
            key = text.casefold()
            trigger_id = self.by_key.get(key)
            if trigger_id is None and " " in text.strip():
                # Words ("quota behind") may name a trigger by its id; a tag, one word, may
                # not (@on_call is not on-call).
                trigger_id = self.by_key.get(trigger_service.trigger_slug(text))
            if trigger_id is None:
                trigger_id = self._create(text)
            if trigger_id not in resolved:
                resolved.append(trigger_id)
        return resolved

    def _create(self, text: str) -> str:
        base = trigger_service.trigger_slug(text) or "tag"
        trigger_id, number = base, 2
        while self.conn.execute("SELECT 1 FROM triggers WHERE id = ?", (trigger_id,)).fetchone():
            trigger_id = f"{base[:34].rstrip('-')}-{number}"
            number += 1
        self.conn.execute(
            "INSERT INTO triggers (id, name, category, description, builtin, created_at)"
            " VALUES (?, ?, ?, ?, 0, ?)",
            (trigger_id, text, IMPORTED_CATEGORY, f"Imported from the tag {text}", now_iso()),
        )
        self.by_key[text.casefold()] = trigger_id
        if text.casefold() == trigger_id:
            self.by_key[trigger_id] = trigger_id
        self.created.append(trigger_id)
        return trigger_id


def _logged_at(record: ImportedEntry) -> str:
    if record.logged_at is None:
        return now_iso()
    try:
        moment = datetime.fromisoformat(record.logged_at.replace("Z", "+00:00"))
    except ValueError as error:
        raise JournalError(
            f"{record.where}: {quoted(record.logged_at)} is not a date and time"
            " (use ISO 8601, such as 2026-03-27T18:05:00+01:00)"
        ) from error
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise JournalError(
            f"{record.where}: written at {quoted(record.logged_at)}, outside the years {YEARS}"
        )
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def _check(record: ImportedEntry, *, today: date) -> EntryFields:
    values = EntryFields(
        situation=record.situation,
        kind=record.kind or "slip",
        occurred_on=record.occurred_on,
        customer=record.customer,
        impact=record.impact,
        severity=record.severity,
        pressure=record.pressure,
        control=record.control,
        recovery=record.recovery,
        recovery_note=record.recovery_note,
        next_time=record.next_time,
        follow_up_on=record.follow_up_on,
    )
    try:
        entry_service.validate(values, today=today)
        for note in record.notes:
            if not note.strip():
                raise JournalError("a note is empty")
            entry_service.check_text("note", note)
    except JournalError as error:
        raise JournalError(f"{record.where}: {error}") from error
    return values


def import_entries(
    conn: sqlite3.Connection, records: Iterable[ImportedEntry | Skipped], *, today: date
) -> ImportReport:
    """Add every record not already in the journal, in one transaction; count the records
    the importer skipped, by reason."""
    added = duplicates = to_classify = notes = 0
    skipped: dict[str, int] = {}
    with transaction(conn), entry_service.bulk_search_index(conn):
        triggers = _Triggers(conn)
        for record in records:
            if isinstance(record, Skipped):
                skipped[record.reason] = skipped.get(record.reason, 0) + 1
                continue
            values = _check(record, today=today)
            # Twice in the file is found too: the first is in the journal by then. (No set of
            # the keys seen: memory stays flat however many records.)
            if conn.execute("SELECT 1 FROM entries WHERE import_key = ?", (record.key,)).fetchone():
                duplicates += 1
                continue
            trigger_ids = triggers.resolve(record.triggers, record.where)
            stored = entry_service.column_values(values)
            stored["logged_at"] = _logged_at(record)
            stored["import_key"] = record.key
            stored["to_classify"] = int(record.kind is None)
            entry_id = entry_service.insert_row(conn, "entries", stored)
            conn.executemany(
                "INSERT INTO entry_triggers (entry_id, trigger_id) VALUES (?, ?)",
                [(entry_id, trigger_id) for trigger_id in trigger_ids],
            )
            for text in record.notes:
                conn.execute(
                    "INSERT INTO notes (entry_id, written_at, text) VALUES (?, ?, ?)",
                    (entry_id, stored["logged_at"], text),
                )
                notes += 1
            added += 1
            to_classify += record.kind is None
    return ImportReport(
        added=added,
        duplicates=duplicates,
        to_classify=to_classify,
        new_triggers=tuple(triggers.created),
        notes=notes,
        skipped=tuple(skipped.items()),
    )


def classify(conn: sqlite3.Connection, entry_id: int, kind: str, *, today: date) -> None:
    """Say whether an imported entry was a slip or a save; it leaves the to-classify list."""
    entry_service.update(conn, entry_id, EntryFields(kind=kind), today=today)
