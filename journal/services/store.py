"""One journal, opened for an interactive session (the TUI).

The TUI runs database work in worker threads, so this wraps a single connection with a lock
and hands out only plain records. Every method is one short call; writes are one transaction
each, inside the services they call.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from journal.cipher import Key
from journal.db import connect, now_iso, open_journal, transaction, translate_errors
from journal.errors import NotFoundError
from journal.records import Checkin, Entry, EntryFields, EntryVersion, Streak, Trigger
from journal.services import (
    checkins,
    commitments,
    entries,
    follow_ups,
    revisions,
    triggers,
    tripwires,
)
from journal.services.commitments import Commitment
from journal.services.entries import EntryFilter

if TYPE_CHECKING:  # the analytics are imported when first used, not before the first paint
    from journal.periods import Calendar, Period, Quarter
    from journal.services.analytics.figures import DayCount, Patterns
    from journal.services.erasure import BackupHolding, Erasure
    from journal.services.imports import InboxReport
    from journal.services.leftovers import CheckResult
    from journal.services.reviews import Review, ReviewInput, ReviewSummary, SavedReview
    from journal.services.tripwires import Tripwire

T = TypeVar("T")

DRAFT_KEY = "draft"


@dataclass(frozen=True, slots=True)
class Draft:
    """Form text saved while typing, so a crash or a closed terminal loses nothing."""

    entry_id: int | None  # None: a new entry
    fields: dict[str, str]
    saved_at: str
    version: int | None = None  # the entry's version the form started from


class JournalStore:
    def __init__(self, path: Path, *, key: Key | None = None) -> None:
        """`key` opens an encrypted journal (None: a plain one)."""
        self.path = path
        self.key = key
        with translate_errors(path):
            conn = open_journal(path, key=key)  # creates and migrates when needed
        conn.close()
        # Three connections, each behind its own lock, so a slow count in a worker never
        # holds up the rows being painted, and cancelling a search never touches a write.
        self._locks = {role: threading.RLock() for role in ("write", "read", "page")}
        self._conns = {role: self._connect() for role in self._locks}

    def _connect(self) -> sqlite3.Connection:
        with translate_errors(self.path):
            conn = connect(self.path, self.key, check_same_thread=False)
            conn.execute("PRAGMA synchronous = FULL")
        return conn

    @contextmanager
    def _use(self, role: str = "write") -> Iterator[sqlite3.Connection]:
        with self._locks[role], translate_errors(self.path):
            yield self._conns[role]

    def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._use() as conn:
            return function(conn, *args, **kwargs)

    def _read(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._use("read") as conn:
            return function(conn, *args, **kwargs)

    def daily_backup(self, keep: int) -> str | None:
        """Today's backup, on a connection of its own (a worker takes it after the first
        paint); returns a problem to show, or None."""
        from journal.backups import take_daily

        conn = self._connect()
        try:
            with translate_errors(self.path):
                return take_daily(conn, self.path, keep)
        finally:
            conn.close()

    def take_inbox(self, inbox: Path, *, today: date) -> InboxReport:
        """The inbox's lines taken in (journal.services.imports.take_inbox)."""
        from journal.services.imports import take_inbox

        return self._call(take_inbox, inbox, today=today)

    def interrupt_reads(self) -> None:
        """Cancel a count or search running in a worker (it then raises; callers ignore it)."""
        self._conns["read"].interrupt()

    def close(self) -> None:
        for role, conn in self._conns.items():
            with self._locks[role]:
                conn.close()

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def is_demo(self) -> bool:
        with self._use() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
        return row is not None

    # --- entries ----------------------------------------------------------------------

    def count(self, flt: EntryFilter) -> int:
        return self._read(entries.count, flt)

    def data_version(self) -> int:
        """Changes whenever another connection (another process, or this store's writes)
        commits: a cheap way to notice entries written elsewhere."""
        with self._use("page") as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def total(self) -> int:
        """Every entry, the trash included: zero means a brand-new journal."""
        with self._use("read") as conn:
            return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def page(self, flt: EntryFilter, offset: int, limit: int) -> list[Entry]:
        """Rows to paint: on a connection of their own, so painting never waits on a worker."""
        with self._use("page") as conn:
            return entries.query(conn, flt, limit=limit, offset=offset)

    def position_of(self, flt: EntryFilter, entry_id: int) -> int | None:
        """Where an entry sits in the filtered list (0 = newest), or None when filtered out."""
        with self._use("read") as conn:
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

    def get(self, entry_id: int, *, include_deleted: bool = False) -> Entry:
        with self._use("page") as conn:
            return entries.get(conn, entry_id, include_deleted=include_deleted)

    def add(self, values: EntryFields, *, today: date) -> int:
        return self._call(entries.add, values, today=today)

    def update(self, entry_id: int, values: EntryFields, *, today: date) -> Entry:
        return self._call(entries.update, entry_id, values, today=today)

    def save_entry(
        self,
        entry_id: int | None,
        values: EntryFields,
        *,
        today: date,
        clear: frozenset[str] = frozenset(),
        commitment_answers: dict[int, str] | None = None,
        expected_version: int | None = None,
        bring_back: bool = False,
    ) -> int:
        """Add or change an entry and record its commitment answers: one transaction, one new
        version. With `expected_version` (the version the form opened), a version saved
        meanwhile, a move to the trash or an erasure raises `revisions.EditConflict` and
        nothing is written; `bring_back` first restores an entry from the trash."""
        with self._use() as conn, transaction(conn):
            if entry_id is None:
                entry_id = entries.add(conn, values, today=today)
                if commitment_answers:
                    commitments.record_checks(conn, entry_id, commitment_answers)
            else:
                if bring_back and entries.get(conn, entry_id, include_deleted=True).deleted_at:
                    entries.restore(conn, entry_id)
                with revisions.revising(conn, entry_id, expected_version=expected_version):
                    entries.update(conn, entry_id, values, today=today, clear=clear)
                    if commitment_answers:
                        commitments.record_checks(conn, entry_id, commitment_answers)
            conn.execute("DELETE FROM meta WHERE key = ?", (DRAFT_KEY,))
        return entry_id

    def history(self, entry_id: int) -> list[EntryVersion]:
        """Every version of an entry, oldest first (the last is the current one)."""
        with self._use("read") as conn:
            return revisions.versions(conn, entry_id)

    def entry_version(self, entry_id: int, number: int) -> EntryVersion | None:
        with self._use("read") as conn:
            return revisions.version_of(conn, entry_id, number)

    def add_note(self, entry_id: int, text: str, *, bring_back: bool = False) -> None:
        """A note written in a window opened on the live entry: an entry moved to the trash
        or erased meanwhile raises `revisions.EditConflict` (`bring_back` restores it)."""
        self._call(entries.add_note, entry_id, text, opened=True, bring_back=bring_back)

    def delete(self, entry_id: int) -> None:
        self._call(entries.delete, entry_id)

    def restore(self, entry_id: int) -> Entry:
        return self._call(entries.restore, entry_id)

    def erase(self, entry_ids: list[int] | None) -> Erasure:
        """Erase these entries for good (None: the whole trash); see services.erasure."""
        from journal.services import erasure

        with self._use() as conn:
            ids = (
                [entry.id for entry in erasure.to_erase(conn, None)]
                if entry_ids is None
                else entry_ids
            )
            return erasure.erase(conn, ids)

    def backups_holding(self, erased: Erasure) -> list[BackupHolding]:
        """The existing backups that still hold any of the entries just erased."""
        from journal.services.erasure import backups_holding

        return backups_holding(self.path, erased.erased, self.key)

    def remove_backups(self, holding: list[BackupHolding]) -> None:
        from journal.backups import remove_backup

        for held in holding:
            remove_backup(held.path)

    def due_follow_ups(self, *, today: date) -> list[Entry]:
        return self._call(follow_ups.due, today=today)

    def tripwires(self, *, today: date, calendar: Calendar) -> list[Tripwire]:
        """The risk windows open today or within the week, with what covers them."""
        return self._read(
            tripwires.open_now,
            today=today,
            fiscal_start_month=calendar.fiscal_start_month,
            week_start=calendar.week_start,
        )

    def due_follow_up_count(self, *, today: date) -> int:
        return self._call(follow_ups.due_count, today=today)

    def close_follow_up(self, entry_id: int, *, note: str, recovery: str, today: date) -> Entry:
        return self._call(follow_ups.close, entry_id, note=note, recovery=recovery, today=today)

    def move_follow_up(self, entry_id: int, *, to: date, today: date) -> Entry:
        return self._call(follow_ups.move, entry_id, to=to, today=today)

    def customers(self) -> list[str]:
        with self._use() as conn:
            rows = conn.execute(
                "SELECT customer FROM entries WHERE customer IS NOT NULL AND deleted_at IS NULL"
                " GROUP BY customer COLLATE NOCASE ORDER BY count(*) DESC LIMIT 200"
            ).fetchall()
        return [str(row[0]) for row in rows]

    # --- triggers ---------------------------------------------------------------------

    def triggers(self, *, include_retired: bool = True, with_counts: bool = True) -> list[Trigger]:
        return self._read(
            triggers.list_triggers, include_retired=include_retired, with_counts=with_counts
        )

    def add_trigger(
        self, trigger_id: str, *, category: str = "", description: str = "", name: str | None = None
    ) -> Trigger:
        return self._call(
            triggers.add_trigger, trigger_id, category=category, description=description, name=name
        )

    def rename_trigger(self, trigger_id: str, name: str) -> Trigger:
        return self._call(triggers.rename_trigger, trigger_id, name)

    def set_retired(self, trigger_id: str, *, retired: bool) -> Trigger:
        return self._call(triggers.set_retired, trigger_id, retired=retired)

    # --- check-ins --------------------------------------------------------------------

    def checkin(self, day: date, status: str | None = None) -> Checkin:
        return self._call(checkins.checkin, day, status)

    def get_checkin(self, day: date) -> Checkin | None:
        return self._call(checkins.get_checkin, day)

    def streak(self, *, today: date) -> Streak:
        return self._call(checkins.streak, today=today)

    # --- commitments ------------------------------------------------------------------

    def active_commitments(self, trigger_ids: list[str], *, on: date) -> list[Commitment]:
        return self._call(commitments.active_for, trigger_ids, on=on)

    def commitment_checks(self, entry_id: int) -> dict[int, str]:
        return self._call(commitments.checks_for_entry, entry_id)

    def record_commitment_checks(self, entry_id: int, answers: dict[int, str]) -> None:
        self._call(commitments.record_checks, entry_id, answers)

    # --- patterns and reviews ---------------------------------------------------------

    def patterns(self, period: Period, *, today: date, calendar: Calendar) -> Patterns:
        from journal.services.analytics.queries import patterns_for

        return self._read(patterns_for, period, today=today, calendar=calendar)

    def day_counts(self, start: date, end: date) -> tuple[DayCount, ...]:
        """Each day's slips, saves and clean check-in, for the year at a glance."""
        from journal.services.analytics.queries import day_counts

        return self._read(day_counts, start, end)

    def review(self, quarter: Quarter, *, today: date, calendar: Calendar) -> Review:
        from journal.services.reviews import build_review

        return self._read(build_review, quarter, today=today, calendar=calendar)

    def default_review_quarter(self, *, today: date, calendar: Calendar) -> Quarter:
        from journal.services.reviews import default_quarter

        return self._read(default_quarter, today=today, calendar=calendar)

    def save_review(
        self,
        quarter: Quarter,
        values: ReviewInput,
        *,
        today: date,
        calendar: Calendar,
        expected_version: int | None = None,
    ) -> SavedReview:
        """Save the review; `expected_version` (0: none was saved when the screen opened)
        raises `reviews.ReviewConflict` when it was saved elsewhere meanwhile."""
        from journal.services.reviews import save_review

        return self._call(
            save_review,
            quarter,
            values,
            today=today,
            calendar=calendar,
            expected_version=expected_version,
        )

    def reviews(self) -> list[ReviewSummary]:
        from journal.services.reviews import list_reviews

        return self._read(list_reviews)

    # --- exports ----------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        *,
        period: Period | None,
        trigger: str | None,
        privacy: str,
        path: Path,
        today: date,
        calendar: Calendar,
        private_names: tuple[str, ...] = (),
        on_entry: Callable[[], None] | None = None,
        on_total: Callable[[int], None] | None = None,
        with_trash: bool = False,
        replace: bool = False,
    ) -> int:
        """Write an export to `path` (private, whole or not at all; over an existing file only
        with `replace`, never over the journal or a backup); returns the entries written.

        Reads on the read connection inside one read transaction, so every page of a long
        export sees the same journal. `on_total` hears how many entries will be written before
        the first one is; `on_entry` hears each one (raising in it abandons the export)."""
        from journal.exporters import export_source, exporter_for, private_output

        exporter = exporter_for(fmt)
        with self._use("read") as conn:
            conn.execute("BEGIN")  # one snapshot for the whole file (WAL: writers carry on)
            try:
                source = export_source(
                    conn,
                    fmt,
                    period=period,
                    trigger=trigger,
                    privacy=privacy,
                    today=today,
                    calendar=calendar,
                    private_names=private_names,
                    on_entry=on_entry,
                    with_trash=with_trash,
                )
                if on_total is not None:
                    on_total(source.count())
                with private_output(
                    path, protected=self.protected_files, replace=replace, newline=""
                ) as out:
                    return exporter.write(out, source)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")  # nothing was written: only the snapshot ends

    @property
    def protected_files(self) -> tuple[Path, ...]:
        """The journal and its backups folder: never written over by an export."""
        from journal.backups import folder_for

        return (self.path, folder_for(self.path))

    def export_target(self, path: Path) -> Path:
        """Where an export named `path` would be written; refuses (JournalError) a folder, a
        pipe, a device, the journal, a backup or a file SQLite keeps beside a database."""
        from journal.files import output_target

        return output_target(path, protected=self.protected_files)

    def check_export(
        self,
        fmt: str,
        *,
        period: Period | None,
        privacy: str,
        today: date,
        calendar: Calendar,
        private_names: tuple[str, ...] = (),
    ) -> CheckResult:
        """What a redacted export would still show that may name someone; writes nothing."""
        from journal.exporters import export_source
        from journal.services.leftovers import check

        with self._use("read") as conn:
            conn.execute("BEGIN")  # the same snapshot for every page
            try:
                source = export_source(
                    conn,
                    fmt,
                    period=period,
                    trigger=None,
                    privacy=privacy,
                    today=today,
                    calendar=calendar,
                    private_names=private_names,
                )
                return check(source, fmt)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    # --- imported entries to classify ---------------------------------------------------

    def to_classify_count(self) -> int:
        """Imported entries (not in the trash) still waiting to be called a slip or a save."""
        # In entries, not imports: the first paint asks, and needs no importer loaded.
        return self._read(entries.to_classify_count)

    def to_classify_ids(self) -> list[int]:
        """Their ids in the order they were imported."""
        return self._read(entries.to_classify_ids)

    def classify(self, entry_id: int, kind: str, *, today: date) -> Entry:
        """Call an imported entry a slip or a save (one transaction); returns it as now stored."""
        from journal.services.imports import classify

        with self._use() as conn:
            classify(conn, entry_id, kind, today=today)
            return entries.get(conn, entry_id)

    # --- drafts -----------------------------------------------------------------------

    def save_draft(
        self, entry_id: int | None, fields: dict[str, str], version: int | None = None
    ) -> None:
        """Keep what the form holds; `version` is the entry's version it started from, so a
        draft restored after a crash still notices an edit saved since."""
        value = json.dumps(
            {"entry_id": entry_id, "fields": fields, "saved_at": now_iso(), "version": version}
        )
        with self._use() as conn, transaction(conn):
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (DRAFT_KEY, value),
            )

    def load_draft(self) -> Draft | None:
        with self._use() as conn:
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

    def clear_draft(self) -> None:
        with self._use() as conn, transaction(conn):
            conn.execute("DELETE FROM meta WHERE key = ?", (DRAFT_KEY,))
