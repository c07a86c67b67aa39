"""One journal, opened for an interactive session (the TUI).

The TUI runs database work in worker threads, so this keeps three connections, each a
`Journal` behind its own lock, and delegates every call: a slow count in a worker never holds
up the rows being painted, and cancelling a search never touches a write. It holds no SQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from journal.cipher import Key
from journal.db import translate_errors
from journal.records import Checkin, Entry, EntryFields, EntryVersion, Streak, Trigger
from journal.services.commitments import Commitment
from journal.services.drafts import Draft
from journal.services.entries import EntryFilter
from journal.services.journal import Journal

if TYPE_CHECKING:  # the analytics are imported when first used, not before the first paint
    from journal.exporters import Exporter
    from journal.periods import Calendar, Period, Quarter
    from journal.services.analytics.figures import DayCount, Patterns
    from journal.services.erasure import BackupHolding, Erasure
    from journal.services.imports import InboxReport
    from journal.services.leftovers import CheckResult
    from journal.services.reviews import Review, ReviewInput, ReviewSummary, SavedReview
    from journal.services.tripwires import Tripwire

__all__ = ["Draft", "JournalStore"]

T = TypeVar("T")


class JournalStore:
    def __init__(self, path: Path, *, key: Key | None = None) -> None:
        """`key` opens an encrypted journal (None: a plain one)."""
        self.path = path
        self.key = key
        with translate_errors(path):
            Journal.open(path, key=key).close()  # creates and migrates when needed
        self._locks = {role: threading.RLock() for role in ("write", "read", "page")}
        self._journals = {role: self._connect() for role in self._locks}

    def _connect(self) -> Journal:
        with translate_errors(self.path):
            return Journal.connect(self.path, key=self.key, threaded=True)

    @contextmanager
    def _use(self, role: str = "write") -> Iterator[Journal]:
        with self._locks[role], translate_errors(self.path):
            yield self._journals[role]

    def _write(self, call: Callable[[Journal], T]) -> T:
        with self._use() as journal:
            return call(journal)

    def _read(self, call: Callable[[Journal], T]) -> T:
        with self._use("read") as journal:
            return call(journal)

    def _page(self, call: Callable[[Journal], T]) -> T:
        with self._use("page") as journal:
            return call(journal)

    def daily_backup(self, keep: int) -> str | None:
        """Today's backup, on a connection of its own (a worker takes it after the first
        paint); returns a problem to show, or None."""
        journal = self._connect()
        try:
            with translate_errors(self.path):
                return journal.daily_backup(keep)
        finally:
            journal.close()

    def take_inbox(self, inbox: Path, *, today: date) -> InboxReport:
        """The inbox's lines taken in (journal.services.imports.take_inbox)."""
        return self._write(lambda journal: journal.take_inbox(inbox, today=today))

    def interrupt_reads(self) -> None:
        """Cancel a count or search running in a worker (it then raises; callers ignore it)."""
        self._journals["read"].interrupt()

    def close(self) -> None:
        for role, journal in self._journals.items():
            with self._locks[role]:
                journal.close()

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def is_demo(self) -> bool:
        return self._write(Journal.is_demo)

    # --- entries ----------------------------------------------------------------------

    def count(self, flt: EntryFilter) -> int:
        return self._read(lambda journal: journal.count(flt))

    def data_version(self) -> int:
        """Changes whenever another connection (another process, or this store's writes)
        commits: a cheap way to notice entries written elsewhere."""
        return self._page(Journal.data_version)

    def total(self) -> int:
        """Every entry, the trash included: zero means a brand-new journal."""
        return self._read(Journal.total)

    def page(self, flt: EntryFilter, offset: int, limit: int) -> list[Entry]:
        """Rows to paint: on a connection of their own, so painting never waits on a worker."""
        return self._page(lambda journal: journal.entries(flt, limit=limit, offset=offset))

    def position_of(self, flt: EntryFilter, entry_id: int) -> int | None:
        """Where an entry sits in the filtered list (0 = newest), or None when filtered out."""
        return self._read(lambda journal: journal.position_of(flt, entry_id))

    def get(self, entry_id: int, *, include_deleted: bool = False) -> Entry:
        return self._page(lambda journal: journal.get(entry_id, include_deleted=include_deleted))

    def add(self, values: EntryFields, *, today: date) -> int:
        return self._write(lambda journal: journal.add(values, today=today))

    def update(self, entry_id: int, values: EntryFields, *, today: date) -> Entry:
        return self._write(lambda journal: journal.update(entry_id, values, today=today))

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
        """Add or change an entry and record its commitment answers, dropping the form's
        draft with it: one transaction, one new version (see Journal.save_entry)."""
        saved = self._write(
            lambda journal: journal.save_entry(
                entry_id,
                values,
                today=today,
                clear=clear,
                commitment_answers=commitment_answers or {},
                expected_version=expected_version,
                bring_back=bring_back,
                drop_draft=True,
            )
        )
        return saved.entry.id

    def history(self, entry_id: int) -> list[EntryVersion]:
        """Every version of an entry, oldest first (the last is the current one)."""
        return self._read(lambda journal: journal.history(entry_id))

    def entry_version(self, entry_id: int, number: int) -> EntryVersion | None:
        return self._read(lambda journal: journal.entry_version(entry_id, number))

    def add_note(self, entry_id: int, text: str, *, bring_back: bool = False) -> None:
        """A note written in a window opened on the live entry: an entry moved to the trash
        or erased meanwhile raises `revisions.EditConflict` (`bring_back` restores it)."""
        self._write(
            lambda journal: journal.add_note(entry_id, text, opened=True, bring_back=bring_back)
        )

    def delete(self, entry_id: int) -> None:
        self._write(lambda journal: journal.delete(entry_id))

    def restore(self, entry_id: int) -> Entry:
        return self._write(lambda journal: journal.restore(entry_id))

    def erase(self, entry_ids: list[int] | None) -> Erasure:
        """Erase these entries for good (None: the whole trash); see services.erasure."""
        return self._write(lambda journal: journal.erase(entry_ids))

    def backups_holding(self, erased: Erasure) -> list[BackupHolding]:
        """The existing backups that still hold any of the entries just erased (each read
        on its own: no connection of the store is used)."""
        return self._journals["write"].backups_holding(erased)

    def remove_backups(self, holding: list[BackupHolding]) -> None:
        self._journals["write"].remove_backups(holding)  # files only: no lock needed

    def due_follow_ups(self, *, today: date) -> list[Entry]:
        return self._write(lambda journal: journal.due_follow_ups(today=today))

    def tripwires(self, *, today: date, calendar: Calendar) -> list[Tripwire]:
        """The risk windows open today or within the week, with what covers them."""
        return self._read(lambda journal: journal.tripwires(today=today, calendar=calendar))

    def due_follow_up_count(self, *, today: date) -> int:
        return self._write(lambda journal: journal.due_follow_up_count(today=today))

    def close_follow_up(self, entry_id: int, *, note: str, recovery: str, today: date) -> Entry:
        return self._write(
            lambda journal: journal.close_follow_up(
                entry_id, note=note, recovery=recovery, today=today
            )
        )

    def move_follow_up(self, entry_id: int, *, to: date, today: date) -> Entry:
        return self._write(lambda journal: journal.move_follow_up(entry_id, to=to, today=today))

    def customers(self) -> list[str]:
        return self._write(Journal.customers)

    # --- triggers ---------------------------------------------------------------------

    def triggers(self, *, include_retired: bool = True, with_counts: bool = True) -> list[Trigger]:
        return self._read(
            lambda journal: journal.triggers(
                include_retired=include_retired, with_counts=with_counts
            )
        )

    def add_trigger(
        self, trigger_id: str, *, category: str = "", description: str = "", name: str | None = None
    ) -> Trigger:
        return self._write(
            lambda journal: journal.add_trigger(
                trigger_id, category=category, description=description, name=name
            )
        )

    def rename_trigger(self, trigger_id: str, name: str) -> Trigger:
        return self._write(lambda journal: journal.rename_trigger(trigger_id, name))

    def set_retired(self, trigger_id: str, *, retired: bool) -> Trigger:
        return self._write(lambda journal: journal.set_retired(trigger_id, retired=retired))

    # --- check-ins --------------------------------------------------------------------

    def checkin(self, day: date, status: str | None = None) -> Checkin:
        return self._write(lambda journal: journal.checkin(day, status))

    def get_checkin(self, day: date) -> Checkin | None:
        return self._write(lambda journal: journal.get_checkin(day))

    def streak(self, *, today: date) -> Streak:
        return self._write(lambda journal: journal.streak(today=today))

    # --- commitments ------------------------------------------------------------------

    def active_commitments(self, trigger_ids: list[str], *, on: date) -> list[Commitment]:
        return self._write(lambda journal: journal.active_commitments(trigger_ids, on=on))

    def commitment_checks(self, entry_id: int) -> dict[int, str]:
        return self._write(lambda journal: journal.commitment_checks(entry_id))

    def record_commitment_checks(self, entry_id: int, answers: dict[int, str]) -> None:
        self._write(lambda journal: journal.record_commitment_checks(entry_id, answers))

    # --- patterns and reviews ---------------------------------------------------------

    def patterns(self, period: Period, *, today: date, calendar: Calendar) -> Patterns:
        return self._read(lambda journal: journal.patterns(period, today=today, calendar=calendar))

    def day_counts(self, start: date, end: date) -> tuple[DayCount, ...]:
        """Each day's slips, saves and clean check-in, for the year at a glance."""
        return self._read(lambda journal: journal.day_counts(start, end))

    def review(self, quarter: Quarter, *, today: date, calendar: Calendar) -> Review:
        return self._read(lambda journal: journal.review(quarter, today=today, calendar=calendar))

    def default_review_quarter(self, *, today: date, calendar: Calendar) -> Quarter:
        return self._read(
            lambda journal: journal.default_review_quarter(today=today, calendar=calendar)
        )

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
        return self._write(
            lambda journal: journal.save_review(
                quarter, values, today=today, calendar=calendar, expected_version=expected_version
            )
        )

    def reviews(self) -> list[ReviewSummary]:
        return self._read(Journal.reviews)

    # --- exports ----------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        exporter: Exporter,
        output: Callable[[], AbstractContextManager[TextIO]],
        *,
        period: Period | None,
        trigger: str | None,
        privacy: str,
        today: date,
        calendar: Calendar,
        private_names: tuple[str, ...] = (),
        on_entry: Callable[[], None] | None = None,
        on_total: Callable[[int], None] | None = None,
        with_trash: bool = False,
    ) -> int:
        """Write an export of `fmt` with `exporter` to the stream `output` opens (the caller
        picks both; see Journal.export); returns the entries written.

        Reads on the read connection inside one read transaction, so every page of a long
        export sees the same journal. `on_total` hears how many entries will be written before
        the first one is; `on_entry` hears each one (raising in it abandons the export)."""
        with (
            self._use("read") as journal,
            journal.export_snapshot(
                fmt,
                period=period,
                trigger=trigger,
                privacy=privacy,
                today=today,
                calendar=calendar,
                private_names=private_names,
                on_entry=on_entry,
                with_trash=with_trash,
            ) as source,
        ):
            return journal.export(source, exporter, output, on_total=on_total)

    @property
    def protected_files(self) -> tuple[Path, ...]:
        """The journal and its backups folder: never written over by an export."""
        return self._journals["read"].protected_files

    def export_target(self, path: Path) -> Path:
        """Where an export named `path` would be written; refuses (JournalError) a folder, a
        pipe, a device, the journal, a backup or a file SQLite keeps beside a database."""
        return self._journals["read"].export_target(path)

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
        with (
            self._use("read") as journal,
            journal.export_snapshot(
                fmt,
                period=period,
                trigger=None,
                privacy=privacy,
                today=today,
                calendar=calendar,
                private_names=private_names,
            ) as source,
        ):
            return journal.check_export(source, fmt)

    # --- imported entries to classify ---------------------------------------------------

    def to_classify_count(self) -> int:
        """Imported entries (not in the trash) still waiting to be called a slip or a save."""
        return self._read(Journal.to_classify_count)

    def to_classify_ids(self) -> list[int]:
        """Their ids in the order they were imported."""
        return self._read(Journal.to_classify_ids)

    def classify(self, entry_id: int, kind: str, *, today: date) -> Entry:
        """Call an imported entry a slip or a save (one transaction); returns it as now stored."""
        return self._write(lambda journal: journal.classify(entry_id, kind, today=today))

    # --- drafts -----------------------------------------------------------------------

    def save_draft(
        self, entry_id: int | None, fields: dict[str, str], version: int | None = None
    ) -> None:
        """Keep what the form holds; `version` is the entry's version it started from, so a
        draft restored after a crash still notices an edit saved since."""
        self._write(lambda journal: journal.save_draft(entry_id, fields, version))

    def load_draft(self) -> Draft | None:
        return self._write(Journal.load_draft)

    def clear_draft(self) -> None:
        self._write(Journal.clear_draft)
