"""Erase for real: entries deleted for good, their bytes overwritten, and the backups that still
hold them named.

Moving an entry to the trash keeps every word. Erasing deletes the entry's row and everything
that hangs from it (notes, trigger tags, commitment answers, earlier versions: the schema's
ON DELETE CASCADE), its words in the full-text index, and a draft in the form that holds them,
in one transaction, with SQLite's `secure_delete` on so the freed bytes are overwritten with
zeros. The full-text index is merged into fresh segments ('optimize'): FTS5 otherwise keeps a
deleted entry's words in its old segments, marked deleted but still there. The journal file is
then rebuilt (VACUUM), so earlier text its free space kept (an entry as first written before
an edit, a draft saved while typing) goes too. Last, a checkpoint copies the write-ahead log
into the journal and truncates the log, so no byte of the erased text is left in the journal
file or its `-wal` file.

What this cannot reach is said in the README: backups (listed by `backups_holding`), exports
already made, copies elsewhere, and the file system's own free blocks.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from journal.backups import list_backups, open_backup
from journal.cipher import Key, database_errors, operational_errors
from journal.db import transaction
from journal.errors import NotFoundError
from journal.records import Entry
from journal.services import entries as entry_service
from journal.services.drafts import DRAFT_KEY
from journal.services.entries import EntryFilter

_CHUNK = 500  # ids per statement, well under SQLite's limit of variables


@dataclass(frozen=True, slots=True)
class ErasedEntry:
    """What is needed to recognise an erased entry in a backup: its id and its words."""

    id: int
    situation: str
    logged_at: str


@dataclass(frozen=True, slots=True)
class Erasure:
    erased: tuple[ErasedEntry, ...]
    flushed: bool  # False: another program was reading, so the log could not be emptied


@dataclass(frozen=True, slots=True)
class BackupHolding:
    path: Path
    entries: int | None  # how many of the erased entries it holds; None: it could not be read


def to_erase(conn: sqlite3.Connection, ids: Sequence[int] | None) -> list[Entry]:
    """The entries `ids` names (in the trash or not), or with None every entry in the trash.
    An id that names nothing is refused before anything is erased."""
    if ids is None:
        return entry_service.query(conn, EntryFilter(in_trash=True))
    return [
        entry_service.get(conn, entry_id, include_deleted=True) for entry_id in dict.fromkeys(ids)
    ]


def erase(conn: sqlite3.Connection, ids: Sequence[int]) -> Erasure:
    """Delete these entries for good, overwriting their bytes (see the module's docstring)."""
    previous = int(conn.execute("PRAGMA secure_delete").fetchone()[0])
    conn.execute("PRAGMA secure_delete = ON")
    try:
        with transaction(conn):
            erased = _erased(conn, ids)
            _drop_drafts_of(conn, erased)
            for chunk in _chunks([entry.id for entry in erased]):
                marks = ",".join("?" * len(chunk))
                conn.execute(f"DELETE FROM entries WHERE id IN ({marks})", chunk)
            # Merge the index into new segments: the erased words leave the old ones.
            conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")
        flushed = _rewrite(conn) and checkpoint(conn)
    finally:
        conn.execute(f"PRAGMA secure_delete = {previous}")
    return Erasure(tuple(erased), flushed)


def _rewrite(conn: sqlite3.Connection) -> bool:
    """Rebuild the journal file (VACUUM): earlier text that edits, drafts and deletes left in
    its free space (SQLite keeps it unless built to zero it) is gone with the old pages. The
    copy is built in memory, so no temporary file holds the journal. False when another
    program holds the journal locked."""
    previous = int(conn.execute("PRAGMA temp_store").fetchone()[0])
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        conn.execute("VACUUM")
    except operational_errors():
        return False
    finally:
        conn.execute(f"PRAGMA temp_store = {previous}")
    return True


def checkpoint(conn: sqlite3.Connection) -> bool:
    """Copy the write-ahead log into the journal and truncate it; False when a reader in
    another program kept it from finishing (the busy timeout has been waited out)."""
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def _erased(conn: sqlite3.Connection, ids: Sequence[int]) -> list[ErasedEntry]:
    found: dict[int, ErasedEntry] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        marks = ",".join("?" * len(chunk))
        for entry_id, situation, logged_at in conn.execute(
            f"SELECT id, situation, logged_at FROM entries WHERE id IN ({marks})", chunk
        ):
            found[int(entry_id)] = ErasedEntry(int(entry_id), str(situation), str(logged_at))
    missing = [entry_id for entry_id in ids if entry_id not in found]
    if missing:
        raise NotFoundError(f"there is no entry {missing[0]}; nothing was erased")
    return [found[entry_id] for entry_id in dict.fromkeys(ids)]


def _drop_drafts_of(conn: sqlite3.Connection, erased: Sequence[ErasedEntry]) -> None:
    """The form's draft goes too when it edits an erased entry or holds its words."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (DRAFT_KEY,)).fetchone()
    if row is None:
        return
    ids = {entry.id for entry in erased}
    situations = {entry.situation.strip() for entry in erased}
    try:
        draft = json.loads(row[0])
        fields = [str(value).strip() for value in dict(draft.get("fields", {})).values()]
        holds = draft.get("entry_id") in ids or any(
            value and (value in situations or any(s and s in value for s in situations))
            for value in fields
        )
    except (ValueError, TypeError, AttributeError):
        holds = True  # unreadable: it may hold anything, and it is only a draft
    if holds:
        conn.execute("DELETE FROM meta WHERE key = ?", (DRAFT_KEY,))


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


def backups_holding(
    journal: Path, erased: Sequence[ErasedEntry], key: Key | None = None
) -> list[BackupHolding]:
    """The existing backups that still hold any of the erased entries (the same id and the
    same words), each opened read-only (an encrypted one with the journal's `key`); a backup
    that cannot be read may hold them too."""
    if not erased:
        return []
    holding = []
    for info in list_backups(journal):
        count = _held_in(info.path, erased, key if info.encrypted else None)
        if count != 0:
            holding.append(BackupHolding(info.path, count))
    return holding


def _held_in(backup: Path, erased: Sequence[ErasedEntry], key: Key | None) -> int | None:
    try:
        conn = open_backup(backup, key)
        try:
            held = 0
            for entry in erased:
                row = conn.execute(
                    "SELECT 1 FROM entries WHERE id = ? AND situation = ?",
                    (entry.id, entry.situation),
                ).fetchone()
                held += row is not None
            return held
        finally:
            conn.close()
    except database_errors():
        return None
