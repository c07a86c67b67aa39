"""The entry form's draft: its text kept in the journal while typing, so a crash loses nothing.

Below the store and erasure (both use it), so neither imports the other for it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from journal.db import now_iso, transaction

DRAFT_KEY = "draft"


@dataclass(frozen=True, slots=True)
class Draft:
    """Form text saved while typing, so a crash or a closed terminal loses nothing."""

    entry_id: int | None  # None: a new entry
    fields: dict[str, str]
    saved_at: str
    version: int | None = None  # the entry's version the form started from


def save_draft(
    conn: sqlite3.Connection,
    entry_id: int | None,
    fields: dict[str, str],
    version: int | None = None,
) -> None:
    value = json.dumps(
        {"entry_id": entry_id, "fields": fields, "saved_at": now_iso(), "version": version}
    )
    with transaction(conn):
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (DRAFT_KEY, value),
        )


def load_draft(conn: sqlite3.Connection) -> Draft | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (DRAFT_KEY,)).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
        fields = {str(k): str(v) for k, v in dict(data["fields"]).items()}
        entry_id = data.get("entry_id")
        version = data.get("version")
        return Draft(
            entry_id=int(entry_id) if entry_id is not None else None,
            fields=fields,
            saved_at=str(data.get("saved_at", "")),
            version=int(version) if version is not None else None,
        )
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable draft is not worth an error on start-up


def clear_draft(conn: sqlite3.Connection) -> None:
    """Joins the caller's transaction when one is open (a save drops the draft with it)."""
    with transaction(conn):
        conn.execute("DELETE FROM meta WHERE key = ?", (DRAFT_KEY,))
