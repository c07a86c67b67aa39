"""The trigger catalogue in a journal: built-in and the person's own."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable

from journal.db import now_iso, transaction
from journal.errors import JournalError, NotFoundError
from journal.records import Trigger
from journal.text import control_character, quoted

OWN_CATEGORY = "Your own"  # the category of a trigger made without one
MAX_ID = 40


def _id_character(char: str) -> bool:
    # Letters (with their marks) and digits of any script, in lowercase.
    return unicodedata.category(char)[0] in "LNM" and char == char.lower()


def is_trigger_id(text: str) -> bool:
    """Lowercase letters of any language, digits and hyphens, at most 40 characters, the
    first a letter or digit (as ids always were, now in any script)."""
    return (
        0 < len(text) <= MAX_ID
        and _id_character(text[0])
        and unicodedata.category(text[0])[0] != "M"
        and all(char == "-" or _id_character(char) for char in text)
    )


def trigger_slug(text: str) -> str:
    """An id made from a name or a tag: its letters and digits (any script) lowercased, the
    rest turned into single hyphens. Empty when the text has no letter or digit."""
    parts: list[str] = []
    for char in unicodedata.normalize("NFC", text.lower()):
        parts.append(char if _id_character(char) else "-")
    slug = re.sub("-+", "-", "".join(parts)).strip("-")
    while slug and unicodedata.category(slug[0])[0] == "M":
        slug = slug[1:].lstrip("-")
    return slug[:MAX_ID].rstrip("-")


# Invalid UTF-8 in arguments reaches Python as lone surrogates, which SQLite cannot store.
_SURROGATES = re.compile("[\ud800-\udfff]")


def _no_such_trigger(trigger_id: str) -> NotFoundError:
    return NotFoundError(f"no trigger {quoted(trigger_id)}; 'journal triggers' lists them")


def _row_to_trigger(row: sqlite3.Row | tuple[object, ...]) -> Trigger:
    return Trigger(
        id=str(row[0]),
        name=str(row[1]),
        category=str(row[2]),
        description=str(row[3]),
        builtin=bool(row[4]),
        retired=row[5] is not None,
        entries=int(str(row[6] or 0)),
        slips=int(str(row[7] or 0)),
        saves=int(str(row[8] or 0)),
    )


def list_triggers(
    conn: sqlite3.Connection, *, include_retired: bool = True, with_counts: bool = True
) -> list[Trigger]:
    """Every trigger with how often it appears in live entries, catalogue order first.

    Counting reads every tagged entry (about 0.1 s at 100,000 entries); pickers that only need
    the names pass `with_counts=False`.
    """
    if not with_counts:
        rows = conn.execute(
            "SELECT id, name, category, description, builtin, retired_at, 0, 0, 0"
            " FROM triggers WHERE ? OR retired_at IS NULL"
            " ORDER BY builtin DESC, category, rowid",
            (include_retired,),
        ).fetchall()
        return [_row_to_trigger(row) for row in rows]
    rows = conn.execute(
        """
        SELECT t.id, t.name, t.category, t.description, t.builtin, t.retired_at,
               count(e.id), sum(e.kind = 'slip'), sum(e.kind = 'save')
        FROM triggers t
        LEFT JOIN entry_triggers et ON et.trigger_id = t.id
        LEFT JOIN entries e ON e.id = et.entry_id AND e.deleted_at IS NULL
        WHERE ? OR t.retired_at IS NULL
        GROUP BY t.id
        ORDER BY t.builtin DESC, t.category, t.rowid
        """,
        (include_retired,),
    ).fetchall()
    return [_row_to_trigger(row) for row in rows]


def get_trigger(conn: sqlite3.Connection, trigger_id: str) -> Trigger:
    if _SURROGATES.search(trigger_id):
        raise _no_such_trigger(trigger_id)  # not text, so not an id
    row = conn.execute(
        "SELECT id, name, category, description, builtin, retired_at, 0, 0, 0"
        " FROM triggers WHERE id = ?",
        (trigger_id,),
    ).fetchone()
    if row is None:
        raise _no_such_trigger(trigger_id)
    return _row_to_trigger(row)


def resolve(
    conn: sqlite3.Connection, given: Iterable[str], *, keep: Iterable[str] = ()
) -> tuple[str, ...]:
    """Turn what a person typed (an id or a name, any case) into trigger ids.

    Retired triggers are refused for new use, except those in `keep` (already on the entry).
    """
    rows = conn.execute("SELECT id, name, retired_at FROM triggers").fetchall()
    by_key: dict[str, tuple[str, bool]] = {}
    for trigger_id, name, retired_at in rows:
        by_key.setdefault(str(name).casefold(), (str(trigger_id), retired_at is not None))
    for trigger_id, _name, retired_at in rows:
        by_key[str(trigger_id).casefold()] = (str(trigger_id), retired_at is not None)
    kept = set(keep)
    resolved: list[str] = []
    for text in given:
        key = text.strip().casefold()
        if key not in by_key:
            slug = trigger_slug(key)
            if not is_trigger_id(slug):
                slug = "my-trigger"  # the text typed is quoted once, not twice
            raise JournalError(
                f"unknown trigger {quoted(text.strip())}; 'journal triggers' lists them, or add"
                f' it with journal triggers add {slug} --category "..." --description "..."'
            )
        trigger_id, retired = by_key[key]
        if retired and trigger_id not in kept:
            raise JournalError(
                f"trigger {trigger_id!r} is retired; pick another, or bring it back with"
                f" journal triggers unretire {trigger_id}"
            )
        if trigger_id not in resolved:
            resolved.append(trigger_id)
    return tuple(resolved)


def check_trigger_text(label: str, value: str, limit: int) -> str:
    """A trigger's name, category or description: one line of at most `limit` characters."""
    value = value.strip()
    if not value:
        raise JournalError(f"the trigger's {label} is empty; give a few words")
    if _SURROGATES.search(value):
        raise JournalError(
            f"the trigger's {label} is not valid UTF-8 text; save it as UTF-8 and try again"
        )
    if len(value) > limit or control_character(value, one_line=True):
        raise JournalError(f"the trigger's {label} must be one line of at most {limit} characters")
    return value


def add_trigger(
    conn: sqlite3.Connection,
    trigger_id: str,
    *,
    category: str = "",
    description: str = "",
    name: str | None = None,
) -> Trigger:
    """A trigger of the person's own. `trigger_id` may be a name ('Client deadline'): the id is
    made from it and the name kept. Category and description are optional."""
    trigger_id = trigger_id.strip()
    if not is_trigger_id(trigger_id) and trigger_slug(trigger_id) and name is None:
        name, trigger_id = trigger_id, trigger_slug(trigger_id)
    if not is_trigger_id(trigger_id):
        raise JournalError(
            f"{quoted(trigger_id)} cannot be a trigger id; use lowercase letters (of any"
            " language), digits and hyphens (up to 40), such as client-deadline"
        )
    category = check_trigger_text("category", category, 60) if category.strip() else OWN_CATEGORY
    description = check_trigger_text("description", description, 200) if description.strip() else ""
    display = (
        check_trigger_text("name", name, 80) if name else trigger_id.replace("-", " ").capitalize()
    )
    with transaction(conn):
        if conn.execute("SELECT 1 FROM triggers WHERE id = ?", (trigger_id,)).fetchone():
            raise JournalError(
                f"trigger {trigger_id!r} already exists; rename it with"
                f" journal triggers rename {trigger_id} NAME"
            )
        conn.execute(
            "INSERT INTO triggers (id, name, category, description, builtin, created_at)"
            " VALUES (?, ?, ?, ?, 0, ?)",
            (trigger_id, display, category, description, now_iso()),
        )
    return get_trigger(conn, trigger_id)


def rename_trigger(conn: sqlite3.Connection, trigger_id: str, name: str) -> Trigger:
    """Change the display name only: the id, and so every entry's history, stays."""
    name = check_trigger_text("name", name, 80)
    if _SURROGATES.search(trigger_id):
        raise _no_such_trigger(trigger_id)
    with transaction(conn):
        if conn.execute("UPDATE triggers SET name = ? WHERE id = ?", (name, trigger_id)).rowcount:
            return get_trigger(conn, trigger_id)
    raise _no_such_trigger(trigger_id)


def set_retired(conn: sqlite3.Connection, trigger_id: str, *, retired: bool) -> Trigger:
    """Retire (hide from new entries) or bring back; history is never touched."""
    if _SURROGATES.search(trigger_id):
        raise _no_such_trigger(trigger_id)
    with transaction(conn):
        changed = conn.execute(
            "UPDATE triggers SET retired_at = ? WHERE id = ?",
            (now_iso() if retired else None, trigger_id),
        ).rowcount
    if not changed:
        raise _no_such_trigger(trigger_id)
    return get_trigger(conn, trigger_id)
