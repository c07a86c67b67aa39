"""The journal's everyday use cases on one connection: capture, reading, triggers, check-ins.

`Journal` (journal.services.journal) adds reflection and import/export to this. Only the
standard library is imported at the top: capture from the shell must stay instant, so every
service is loaded by the method that needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
    from datetime import date
    from typing import Self

    from journal.cipher import Key
    from journal.records import (
        Checkin,
        Entry,
        EntryFields,
        EntryVersion,
        Note,
        Streak,
        Trigger,
    )
    from journal.services.commitments import Commitment
    from journal.services.drafts import Draft
    from journal.services.entries import EntryFilter
    from journal.services.status import Status


@dataclass(frozen=True, slots=True)
class SavedEntry:
    """An entry as saved, with the commitments on its triggers it has not answered."""

    entry: Entry
    unanswered: list[Commitment] = field(default_factory=list)


class JournalCore:
    """One open journal file on one connection. Not thread-safe: the app's JournalStore
    (journal.services.store) keeps one per connection, each behind a lock."""

    def __init__(self, conn: sqlite3.Connection, path: Path, key: Key | None = None) -> None:
        self.conn = conn
        self.path = path
        self.key = key

    @classmethod
    def open(
        cls, path: Path, *, key: Key | None = None, create: bool = True, translated: bool = False
    ) -> Self:
        """Open (or create) the journal at `path`, migrated to the latest schema; with
        `translated`, any SQLite error on the way is one readable JournalError."""
        from journal.db import open_journal, translate_errors

        if not translated:
            return cls(open_journal(path, create=create, key=key), path, key)
        with translate_errors(path):
            return cls(open_journal(path, create=create, key=key), path, key)

    @classmethod
    def open_unlocked(cls, path: Path, unlock: Callable[[], Key | None]) -> Self:
        """Open it with the key `unlock` gives (None: a plain journal), asked again once when
        the file was encrypted meanwhile (`journal encrypt` in another window)."""
        from journal.cipher import KeyNeeded

        try:
            return cls.open(path, key=unlock())
        except KeyNeeded:
            return cls.open(path, key=unlock())

    @contextmanager
    def errors_translated(self) -> Iterator[None]:
        """SQLite's errors on this file become one readable JournalError."""
        from journal.db import translate_errors

        with translate_errors(self.path):
            yield

    @classmethod
    def connect(cls, path: Path, *, key: Key | None = None, threaded: bool = False) -> Self:
        """Another connection to a journal already opened (and migrated) once; `threaded`
        lets worker threads use it (the caller locks) and makes each commit durable."""
        from journal.db import connect

        conn = connect(path, key, check_same_thread=not threaded)
        if threaded:
            conn.execute("PRAGMA synchronous = FULL")
        return cls(conn, path, key)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def interrupt(self) -> None:
        """Cancel the statement running on this connection (from another thread)."""
        self.conn.interrupt()

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted (asked of the connection, so it holds for any caller)."""
        from journal.cipher import key_of

        return self.key is not None or key_of(self.conn) is not None

    def file_key(self) -> Key | None:
        from journal.cipher import key_of

        return self.key if self.key is not None else key_of(self.conn)

    def is_demo(self) -> bool:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
        return row is not None

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap way to notice entries
        written elsewhere."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def status(
        self,
        *,
        today: date,
        hour: int,
        fiscal_start_month: int = 1,
        week_start: int = 0,
        checkin_hour: int = 18,
    ) -> Status:
        """What to say on the shell prompt now (journal.services.status): it runs on every
        prompt, so storage is loaded only to word an error."""
        from journal.services.status import status

        try:
            return status(
                self.conn,
                today=today,
                hour=hour,
                fiscal_start_month=fiscal_start_month,
                week_start=week_start,
                checkin_hour=checkin_hour,
            )
        except Exception:
            from journal.db import translate_errors

            with translate_errors(self.path):
                raise

    def daily_backup(self, keep: int) -> str | None:
        """Today's backup unless one was taken; returns a problem to show, or None."""
        from journal.backups import take_daily

        return take_daily(self.conn, self.path, keep)

    def backup(self, to: Path | None, label: str = "", *, replace: bool = False) -> Path:
        """A backup asked for: into the backups folder, or to the path given (a new file, a
        folder, or with `replace` an existing file that is not a journal)."""
        from journal.backups import take_manual

        return take_manual(self.conn, self.path, to, label, replace=replace)

    @staticmethod
    def reserve_file(path: Path) -> None:
        """Make the journal's folder and an empty file, both private, for a restore to fill."""
        from journal.db import _create_private_file, _make_private_dir

        _make_private_dir(path.parent)
        _create_private_file(path)

    # --- capture ----------------------------------------------------------------------

    def add(self, values: EntryFields, *, today: date) -> int:
        from journal.services import entries

        return entries.add(self.conn, values, today=today)

    def update(self, entry_id: int, values: EntryFields, *, today: date) -> Entry:
        from journal.services import entries

        return entries.update(self.conn, entry_id, values, today=today)

    def save_entry(
        self,
        entry_id: int | None,
        values: EntryFields,
        *,
        today: date,
        clear: frozenset[str] = frozenset(),
        commitment_answers: dict[int, str] | None = None,
        followed: str | None = None,
        expected_version: int | None = None,
        bring_back: bool = False,
        drop_draft: bool = False,
    ) -> SavedEntry:
        """Add (`entry_id` None) or change an entry and record its commitment answers: one
        transaction, one new version. `commitment_answers` answers commitments by id;
        `followed` answers every commitment running on the entry's triggers (refused when
        none is). With `expected_version`, a version saved meanwhile, a move to the trash or
        an erasure raises `revisions.EditConflict` and nothing is written; `bring_back` first
        restores an entry from the trash; `drop_draft` drops the form's draft with the save."""
        from journal.db import transaction
        from journal.services import entries

        with transaction(self.conn):
            if entry_id is None:
                entry_id = entries.add(self.conn, values, today=today)
                unanswered = self._answer(entry_id, commitment_answers, followed)
            else:
                from journal.services import revisions

                if bring_back and entries.get(self.conn, entry_id, include_deleted=True).deleted_at:
                    entries.restore(self.conn, entry_id)
                with revisions.revising(self.conn, entry_id, expected_version=expected_version):
                    entries.update(self.conn, entry_id, values, today=today, clear=clear)
                    unanswered = self._answer(entry_id, commitment_answers, followed)
            if drop_draft:
                from journal.services.drafts import clear_draft

                clear_draft(self.conn)
            return SavedEntry(entries.get(self.conn, entry_id), unanswered)

    def _answer(
        self, entry_id: int, answers: dict[int, str] | None, followed: str | None
    ) -> list[Commitment]:
        """Record the commitment answers; returns the running commitments left unanswered
        (worked out only when `followed` is the way the caller answers)."""
        from journal.services import commitments

        if answers:
            commitments.record_checks(self.conn, entry_id, answers)
            return []
        if followed is None and answers is not None:
            return []
        from journal.errors import JournalError
        from journal.services import entries

        entry = entries.get(self.conn, entry_id)
        running = commitments.active_for(self.conn, list(entry.triggers), on=entry.occurred_on)
        if followed is None:
            answered = commitments.checks_for_entry(self.conn, entry_id)
            return [commitment for commitment in running if commitment.id not in answered]
        if not running:
            raise JournalError(
                "no commitment is running on this entry's triggers, so --followed has nothing"
                " to answer; leave it out"
            )
        commitments.record_checks(self.conn, entry_id, {c.id: followed for c in running})
        return []

    def add_note(
        self, entry_id: int, text: str, *, opened: bool = False, bring_back: bool = False
    ) -> Note:
        """A note; `opened` (a window on the live entry): an entry moved to the trash or
        erased meanwhile raises `revisions.EditConflict` (`bring_back` restores it)."""
        from journal.services import entries

        return entries.add_note(self.conn, entry_id, text, opened=opened, bring_back=bring_back)

    def delete(self, entry_id: int) -> None:
        from journal.services import entries

        entries.delete(self.conn, entry_id)

    def restore(self, entry_id: int) -> Entry:
        from journal.services import entries

        return entries.restore(self.conn, entry_id)

    # --- reading ----------------------------------------------------------------------

    def get(self, entry_id: int, *, include_deleted: bool = False) -> Entry:
        from journal.services import entries

        return entries.get(self.conn, entry_id, include_deleted=include_deleted)

    def entries(
        self,
        flt: EntryFilter,
        *,
        limit: int | None = None,
        offset: int = 0,
        with_notes: bool = False,
    ) -> list[Entry]:
        from journal.services import entries

        return entries.query(self.conn, flt, limit=limit, offset=offset, with_notes=with_notes)

    def count(self, flt: EntryFilter) -> int:
        from journal.services import entries

        return entries.count(self.conn, flt)

    def total(self) -> int:
        """Every entry, the trash included: zero means a brand-new journal."""
        return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def position_of(self, flt: EntryFilter, entry_id: int) -> int | None:
        """Where an entry sits in the filtered list (0 = newest), or None when filtered out."""
        from journal.errors import NotFoundError
        from journal.services import entries

        conn = self.conn
        try:
            entry = entries.get(conn, entry_id, include_deleted=flt.in_trash)
        except NotFoundError:
            return None
        if not flt.in_trash and entry.deleted_at is not None:
            return None
        where, params = entries.where_clause(flt)
        inside = conn.execute(
            f"SELECT 1 FROM entries WHERE {where} AND id = ?", [*params, entry_id]
        ).fetchone()
        if inside is None:
            return None
        if flt.in_trash:
            order = "(deleted_at > ? OR (deleted_at = ? AND id > ?))"
            extra: list[object] = [entry.deleted_at, entry.deleted_at, entry_id]
        else:
            day = entry.occurred_on.isoformat()
            order = "(occurred_on > ? OR (occurred_on = ? AND id > ?))"
            extra = [day, day, entry_id]
        row = conn.execute(
            f"SELECT count(*) FROM entries WHERE {where} AND {order}", [*params, *extra]
        ).fetchone()
        return int(row[0])

    def history(self, entry_id: int) -> list[EntryVersion]:
        """Every version of an entry, oldest first (the last is the current one)."""
        from journal.services import revisions

        return revisions.versions(self.conn, entry_id)

    def entry_version(self, entry_id: int, number: int) -> EntryVersion | None:
        from journal.services import revisions

        return revisions.version_of(self.conn, entry_id, number)

    def customers(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT customer FROM entries WHERE customer IS NOT NULL AND deleted_at IS NULL"
            " GROUP BY customer COLLATE NOCASE ORDER BY count(*) DESC LIMIT 200"
        ).fetchall()
        return [str(row[0]) for row in rows]

    def to_classify_count(self) -> int:
        """Imported entries (not in the trash) still waiting to be called a slip or a save."""
        from journal.services import entries

        return entries.to_classify_count(self.conn)

    def to_classify_ids(self) -> list[int]:
        from journal.services import entries

        return entries.to_classify_ids(self.conn)

    # --- follow-ups -------------------------------------------------------------------

    def due_follow_ups(self, *, today: date) -> list[Entry]:
        from journal.services import follow_ups

        return follow_ups.due(self.conn, today=today)

    def due_follow_up_count(self, *, today: date) -> int:
        from journal.services import follow_ups

        return follow_ups.due_count(self.conn, today=today)

    def close_follow_up(self, entry_id: int, *, note: str, recovery: str, today: date) -> Entry:
        from journal.services import follow_ups

        return follow_ups.close(self.conn, entry_id, note=note, recovery=recovery, today=today)

    def move_follow_up(self, entry_id: int, *, to: date, today: date) -> Entry:
        from journal.services import follow_ups

        return follow_ups.move(self.conn, entry_id, to=to, today=today)

    # --- triggers ---------------------------------------------------------------------

    def triggers(self, *, include_retired: bool = True, with_counts: bool = True) -> list[Trigger]:
        from journal.services import triggers

        return triggers.list_triggers(
            self.conn, include_retired=include_retired, with_counts=with_counts
        )

    def trigger_names(self) -> dict[str, str]:
        return {
            str(tid): str(name) for tid, name in self.conn.execute("SELECT id, name FROM triggers")
        }

    def resolve_trigger(self, given: str) -> str:
        """The id of the trigger `given` names (its id or its name)."""
        from journal.services.triggers import resolve

        return resolve(self.conn, [given], keep=[given])[0]

    def add_trigger(
        self, trigger_id: str, *, category: str = "", description: str = "", name: str | None = None
    ) -> Trigger:
        from journal.services import triggers

        return triggers.add_trigger(
            self.conn, trigger_id, category=category, description=description, name=name
        )

    def rename_trigger(self, trigger_id: str, name: str) -> Trigger:
        from journal.services import triggers

        return triggers.rename_trigger(self.conn, trigger_id, name)

    def set_retired(self, trigger_id: str, *, retired: bool) -> Trigger:
        from journal.services import triggers

        return triggers.set_retired(self.conn, trigger_id, retired=retired)

    # --- check-ins and commitments ----------------------------------------------------

    def checkin(self, day: date, status: str | None = None) -> Checkin:
        from journal.services import checkins

        return checkins.checkin(self.conn, day, status)

    def get_checkin(self, day: date) -> Checkin | None:
        from journal.services import checkins

        return checkins.get_checkin(self.conn, day)

    def streak(self, *, today: date) -> Streak:
        from journal.services import checkins

        return checkins.streak(self.conn, today=today)

    def active_commitments(self, trigger_ids: list[str], *, on: date) -> list[Commitment]:
        from journal.services import commitments

        return commitments.active_for(self.conn, trigger_ids, on=on)

    def commitment_checks(self, entry_id: int) -> dict[int, str]:
        from journal.services import commitments

        return commitments.checks_for_entry(self.conn, entry_id)

    def record_commitment_checks(self, entry_id: int, answers: dict[int, str]) -> None:
        from journal.services import commitments

        commitments.record_checks(self.conn, entry_id, answers)

    # --- the form's draft -------------------------------------------------------------

    def save_draft(
        self, entry_id: int | None, fields: dict[str, str], version: int | None = None
    ) -> None:
        """Keep what the form holds; `version` is the entry's version it started from, so a
        draft restored after a crash still notices an edit saved since."""
        from journal.services.drafts import save_draft

        save_draft(self.conn, entry_id, fields, version)

    def load_draft(self) -> Draft | None:
        from journal.services.drafts import load_draft

        return load_draft(self.conn)

    def clear_draft(self) -> None:
        from journal.services.drafts import clear_draft

        clear_draft(self.conn)
