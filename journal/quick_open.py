"""A plain journal opened for one quick read: the status line, on every shell prompt.

Only the standard library's sqlite3: no cipher, no migrations, no backup. It gives None when
the file needs more than that (encrypted, an older schema to migrate, not a journal); the
caller then opens it the full way (`journal.db.open_journal`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from journal.files import APPLICATION_ID, SQLITE_HEADER

# The schema `journal.migrations` ends at; a test keeps the two in step (importing the
# migrations would load the trigger catalogue on every prompt).
SCHEMA_VERSION = 6
BUSY_TIMEOUT_S = 10.0


def open_current(path: Path) -> sqlite3.Connection | None:
    """The plain journal at `path`, at the current schema, for reading; else None."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
    except OSError:
        return None
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        app_id, version = conn.execute(
            "SELECT a.application_id, v.user_version"
            " FROM pragma_application_id AS a, pragma_user_version AS v"
        ).fetchone()
        if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
            conn.close()
            return None
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError:
        conn.close()
        return None
    return conn
