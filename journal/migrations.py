"""Every schema the journal has had, as ordered steps.

A step is frozen once released: a later change is a new step, never an edit of an old one.
`PRAGMA user_version` records the last step applied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from journal.catalogue import BUILTIN_TRIGGERS


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    sql: str
    seed: Callable[[sqlite3.Connection], None] | None = None


def _seed_catalogue(conn: sqlite3.Connection) -> None:
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    conn.executemany(
        "INSERT OR IGNORE INTO triggers (id, name, category, description, builtin, created_at)"
        " VALUES (?, ?, ?, ?, 1, ?)",
        [(t.id, t.name, t.category, t.description, now) for t in BUILTIN_TRIGGERS],
    )


_V1_CORE = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE triggers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at TEXT NOT NULL,
    retired_at TEXT
);

CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('slip', 'save')),
    occurred_on TEXT NOT NULL,
    logged_at TEXT NOT NULL,
    situation TEXT NOT NULL CHECK (length(trim(situation)) > 0),
    customer TEXT,
    impact TEXT,
    severity INTEGER CHECK (severity BETWEEN 1 AND 5),
    pressure INTEGER CHECK (pressure BETWEEN 1 AND 5),
    control TEXT CHECK (control IN ('mine', 'partly', 'not-mine')),
    recovery TEXT NOT NULL DEFAULT 'none'
        CHECK (recovery IN ('none', 'attempted', 'recovered', 'lost')),
    recovery_note TEXT,
    next_time TEXT,
    follow_up_on TEXT,
    updated_at TEXT,
    deleted_at TEXT
);
-- Partial indexes: the live list and the trash are read separately and both stay small to scan.
CREATE INDEX entries_live_by_date ON entries (occurred_on DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX entries_trash ON entries (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX entries_follow_up ON entries (follow_up_on) WHERE follow_up_on IS NOT NULL;
CREATE INDEX entries_customer ON entries (customer COLLATE NOCASE) WHERE customer IS NOT NULL;

CREATE TABLE entry_triggers (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    trigger_id TEXT NOT NULL REFERENCES triggers (id) ON UPDATE CASCADE,
    PRIMARY KEY (entry_id, trigger_id)
) WITHOUT ROWID;
CREATE INDEX entry_triggers_by_trigger ON entry_triggers (trigger_id, entry_id);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    written_at TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0)
);
CREATE INDEX notes_by_entry ON notes (entry_id);

CREATE TABLE checkins (
    day TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('clean', 'slips')),
    logged_at TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text index over the words a person would search for; kept in step by triggers.
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    situation, impact, next_time, customer, notes,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts (rowid, situation, impact, next_time, customer, notes)
    VALUES (new.id, new.situation, coalesce(new.impact, ''), coalesce(new.next_time, ''),
            coalesce(new.customer, ''), '');
END;

CREATE TRIGGER entries_fts_update AFTER UPDATE OF situation, impact, next_time, customer
ON entries BEGIN
    UPDATE entries_fts
    SET situation = new.situation, impact = coalesce(new.impact, ''),
        next_time = coalesce(new.next_time, ''), customer = coalesce(new.customer, '')
    WHERE rowid = new.id;
END;

CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    DELETE FROM entries_fts WHERE rowid = old.id;
END;

CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    UPDATE entries_fts
    SET notes = (SELECT group_concat(text, ' ') FROM notes WHERE entry_id = new.entry_id)
    WHERE rowid = new.entry_id;
END;

CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    UPDATE entries_fts
    SET notes = coalesce(
        (SELECT group_concat(text, ' ') FROM notes WHERE entry_id = old.entry_id), '')
    WHERE rowid = old.entry_id;
END;
"""

_V2_REVIEWS = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    quarter TEXT NOT NULL UNIQUE,
    reflection TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE commitments (
    id INTEGER PRIMARY KEY,
    review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,
    trigger_id TEXT NOT NULL REFERENCES triggers (id) ON UPDATE CASCADE,
    plan TEXT NOT NULL CHECK (length(trim(plan)) > 0),
    quarter TEXT NOT NULL,
    set_on TEXT NOT NULL,
    outcome TEXT CHECK (outcome IN ('kept', 'partly', 'broken'))
);
CREATE INDEX commitments_by_trigger ON commitments (trigger_id, set_on);

CREATE TABLE commitment_checks (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    followed TEXT NOT NULL CHECK (followed IN ('yes', 'partly', 'no')),
    PRIMARY KEY (entry_id, commitment_id)
) WITHOUT ROWID;
"""

# The review's answers to its start / stop / continue prompts, beside the free reflection.
_V3_REVIEW_ANSWERS = """
ALTER TABLE reviews ADD COLUMN start_doing TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN stop_doing TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN continue_doing TEXT NOT NULL DEFAULT '';
CREATE INDEX commitments_by_quarter ON commitments (quarter);
CREATE INDEX commitment_checks_by_commitment ON commitment_checks (commitment_id, followed);
-- Covers the patterns' counts: a quarter's slips, saves and severities read from the index alone.
CREATE INDEX entries_live_figures ON entries (occurred_on, kind, severity) WHERE deleted_at IS NULL;
"""

# Imports: entries that did not say slip or save wait to be classified, and each imported
# record keeps a key so importing the same file again adds nothing.
_V4_IMPORTS = """
ALTER TABLE entries ADD COLUMN to_classify INTEGER NOT NULL DEFAULT 0 CHECK (to_classify IN (0, 1));
ALTER TABLE entries ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX entries_by_import_key ON entries (import_key) WHERE import_key IS NOT NULL;
CREATE INDEX entries_to_classify ON entries (id) WHERE to_classify = 1 AND deleted_at IS NULL;
CREATE INDEX entries_by_logged_at ON entries (logged_at);
"""

# Revisions: an edit keeps the version it replaces, so the account as first written (and every
# later wording) stays readable. `version` counts an entry's versions (1: as first written) and
# a review's saves; a save compares it inside its transaction to notice a change made elsewhere.
# A revision holds everything an edit can change: the entry's fields, its triggers (ids in the
# entry's order, comma-separated) and its answers to the commitment question ("7=yes,9=no").
_V5_REVISIONS = """
ALTER TABLE entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE reviews ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
CREATE TABLE entry_revisions (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1),
    written_at TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    situation TEXT NOT NULL,
    customer TEXT,
    impact TEXT,
    severity INTEGER,
    pressure INTEGER,
    control TEXT,
    recovery TEXT NOT NULL,
    recovery_note TEXT,
    next_time TEXT,
    follow_up_on TEXT,
    to_classify INTEGER NOT NULL DEFAULT 0,
    triggers TEXT NOT NULL DEFAULT '',
    followed TEXT NOT NULL DEFAULT '',
    UNIQUE (entry_id, version)
);
"""

# Follow-ups that come back: closing one records the day (a note written on or after the date
# was the answer before, so those count as closed that day), and dates the person enters ahead
# of time (a review, a quota deadline), each optionally naming the trigger it puts at risk.
# Each entry's triggers carry its day, kind and whether it is live (kept in step by SQL
# triggers), so a trigger's slips over a span are one index range, with no row read: the
# status line counts them on every shell prompt.
_V6_AHEAD = """
ALTER TABLE entries ADD COLUMN follow_up_closed_on TEXT;
UPDATE entries SET follow_up_closed_on = (
    SELECT substr(min(n.written_at), 1, 10) FROM notes n
    WHERE n.entry_id = entries.id AND n.written_at >= entries.follow_up_on)
WHERE follow_up_on IS NOT NULL;
CREATE INDEX entries_follow_ups_open ON entries (follow_up_on)
    WHERE follow_up_on IS NOT NULL AND follow_up_closed_on IS NULL AND deleted_at IS NULL;
CREATE INDEX entries_follow_ups_closed ON entries (follow_up_closed_on)
    WHERE follow_up_closed_on IS NOT NULL;
CREATE TABLE key_dates (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    trigger_id TEXT REFERENCES triggers (id) ON UPDATE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX key_dates_by_day ON key_dates (day);
ALTER TABLE entry_triggers ADD COLUMN occurred_on TEXT;
ALTER TABLE entry_triggers ADD COLUMN kind TEXT;
ALTER TABLE entry_triggers ADD COLUMN live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1));
UPDATE entry_triggers SET
    occurred_on = (SELECT e.occurred_on FROM entries e WHERE e.id = entry_id),
    kind = (SELECT e.kind FROM entries e WHERE e.id = entry_id),
    live = (SELECT e.deleted_at IS NULL FROM entries e WHERE e.id = entry_id);
CREATE INDEX entry_triggers_by_day ON entry_triggers (live, kind, occurred_on, trigger_id);
CREATE INDEX entry_triggers_by_trigger_day
    ON entry_triggers (live, kind, trigger_id, occurred_on);
CREATE TRIGGER entry_triggers_take_the_day AFTER INSERT ON entry_triggers BEGIN
    UPDATE entry_triggers SET
        occurred_on = (SELECT e.occurred_on FROM entries e WHERE e.id = new.entry_id),
        kind = (SELECT e.kind FROM entries e WHERE e.id = new.entry_id),
        live = (SELECT e.deleted_at IS NULL FROM entries e WHERE e.id = new.entry_id)
    WHERE entry_id = new.entry_id AND trigger_id = new.trigger_id;
END;
CREATE TRIGGER entries_day_to_triggers AFTER UPDATE OF occurred_on, kind, deleted_at ON entries
BEGIN
    UPDATE entry_triggers
    SET occurred_on = new.occurred_on, kind = new.kind, live = new.deleted_at IS NULL
    WHERE entry_id = new.id;
END;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1, "entries, triggers, notes, check-ins and full-text search", _V1_CORE, _seed_catalogue
    ),
    Migration(2, "quarterly reviews and commitments", _V2_REVIEWS),
    Migration(3, "review answers; indexes for patterns", _V3_REVIEW_ANSWERS),
    Migration(4, "imports: entries to classify and import keys", _V4_IMPORTS),
    Migration(5, "revisions: earlier versions of entries; version counters", _V5_REVISIONS),
    Migration(6, "follow-ups closed on a day; key dates ahead", _V6_AHEAD),
)

LATEST_VERSION = MIGRATIONS[-1].version
