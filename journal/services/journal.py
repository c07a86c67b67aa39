"""`Journal`: every use case of one journal file, on one connection.

The CLI builds one per command, the app one per connection (journal.services.store), and
both call its methods with plain records; neither holds SQL. Capture must stay instant, so
this module imports only the standard library at the top: the analytics, the exporters and
the importers are loaded by the methods that need them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from journal.services.journal_core import JournalCore, SavedEntry

if TYPE_CHECKING:
    from datetime import date

    from journal.exporters import Exporter
    from journal.importers import ImportedEntry, Skipped
    from journal.importers.json_format import Document
    from journal.periods import Calendar, Period, Quarter
    from journal.records import Entry
    from journal.services.analytics.figures import DayCount, Patterns
    from journal.services.coach_bundle import BundleOptions
    from journal.services.erasure import BackupHolding, Erasure
    from journal.services.exports import ExportSource
    from journal.services.imports import ImportReport, InboxReport
    from journal.services.leftovers import CheckResult
    from journal.services.reviews import Review, ReviewInput, ReviewSummary, SavedReview
    from journal.services.tripwires import KeyDate, RiskWindow, Tripwire

__all__ = ["Journal", "SavedEntry"]


class Journal(JournalCore):
    """One open journal: capture and reading (JournalCore), reflection, export and import."""

    # --- patterns and reviews ---------------------------------------------------------

    def patterns(self, period: Period, *, today: date, calendar: Calendar) -> Patterns:
        from journal.services.analytics.queries import patterns_for

        return patterns_for(self.conn, period, today=today, calendar=calendar)

    def day_counts(self, start: date, end: date) -> tuple[DayCount, ...]:
        """Each day's slips, saves and clean check-in, for the year at a glance."""
        from journal.services.analytics.queries import day_counts

        return day_counts(self.conn, start, end)

    def review(self, quarter: Quarter, *, today: date, calendar: Calendar) -> Review:
        from journal.services.reviews import build_review

        return build_review(self.conn, quarter, today=today, calendar=calendar)

    def default_review_quarter(self, *, today: date, calendar: Calendar) -> Quarter:
        from journal.services.reviews import default_quarter

        return default_quarter(self.conn, today=today, calendar=calendar)

    def saved_review(self, quarter: Quarter) -> SavedReview | None:
        from journal.services.reviews import saved_review

        return saved_review(self.conn, quarter)

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

        return save_review(
            self.conn,
            quarter,
            values,
            today=today,
            calendar=calendar,
            expected_version=expected_version,
        )

    def revise_review(
        self,
        quarter: Quarter,
        revise: Callable[[SavedReview | None], ReviewInput],
        *,
        today: date,
        calendar: Calendar,
    ) -> SavedReview:
        """Save what `revise` makes of the saved review (None: none yet), read and written in
        one transaction: a window saving meanwhile waits, and nothing is lost."""
        from journal.db import transaction

        with transaction(self.conn):
            values = revise(self.saved_review(quarter))
            return self.save_review(quarter, values, today=today, calendar=calendar)

    def reviews(self) -> list[ReviewSummary]:
        from journal.services.reviews import list_reviews

        return list_reviews(self.conn)

    # --- risk windows and key dates -----------------------------------------------------

    def tripwires(self, *, today: date, calendar: Calendar) -> list[Tripwire]:
        """The risk windows open today or within the week, with what covers them."""
        from journal.services import tripwires

        return tripwires.open_now(
            self.conn,
            today=today,
            fiscal_start_month=calendar.fiscal_start_month,
            week_start=calendar.week_start,
        )

    def risk_windows(self, *, today: date, calendar: Calendar) -> list[RiskWindow]:
        from journal.services import tripwires

        return tripwires.risk_windows(
            self.conn,
            today=today,
            fiscal_start_month=calendar.fiscal_start_month,
            week_start=calendar.week_start,
        )

    def key_dates(self, *, since: date | None = None) -> list[KeyDate]:
        from journal.services import tripwires

        return tripwires.key_dates(self.conn, since=since)

    def add_key_date(self, day: date, label: str, *, trigger: str | None, today: date) -> KeyDate:
        from journal.services import tripwires

        return tripwires.add_key_date(self.conn, day, label, trigger=trigger, today=today)

    def remove_key_date(self, key_date_id: int) -> KeyDate:
        from journal.services import tripwires

        return tripwires.remove_key_date(self.conn, key_date_id)

    # --- exports ----------------------------------------------------------------------

    @property
    def protected_files(self) -> tuple[Path, ...]:
        """The journal and its backups folder: never written over by an export."""
        from journal.services.backup_files import protected_files

        return protected_files(self.path)

    def export_target(self, path: Path) -> Path:
        """Where an export named `path` would be written; refuses (JournalError) a folder, a
        pipe, a device, the journal, a backup or a file SQLite keeps beside a database."""
        from journal.files import output_target

        return output_target(path, protected=self.protected_files)

    @contextmanager
    def export_snapshot(
        self,
        fmt: str,
        *,
        period: Period | None,
        trigger: str | None,
        privacy: str,
        today: date,
        calendar: Calendar,
        private_names: tuple[str, ...] = (),
        with_trash: bool = False,
        on_entry: Callable[[], None] | None = None,
    ) -> Iterator[ExportSource]:
        """What an export of `fmt` reads, inside one read transaction, so every page of a
        long export sees the same journal (WAL: writers carry on meanwhile)."""
        from journal.services.exports import export_source

        self.conn.execute("BEGIN")
        try:
            yield export_source(
                self.conn,
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
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # nothing was written: only the snapshot ends

    def export(
        self,
        source: ExportSource,
        exporter: Exporter,
        output: Callable[[], AbstractContextManager[TextIO]],
        *,
        on_total: Callable[[int], None] | None = None,
    ) -> int:
        """Write `source` (from `export_snapshot`) with `exporter` to the stream `output`
        opens: the caller picks both (a file written privately and whole, standard output).
        `on_total` hears how many entries will be written before the stream is opened;
        returns the entries written."""
        if on_total is not None:
            on_total(source.count())
        with output() as out:
            return exporter.write(out, source)

    def check_export(self, source: ExportSource, fmt: str) -> CheckResult:
        """What a redacted export would still show that may name someone; writes nothing."""
        from journal.services.leftovers import check

        return check(source, fmt)

    def coach_bundle(
        self,
        options: BundleOptions,
        *,
        today: date,
        calendar: Calendar,
        private_names: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """The coach bundle for `options.quarter`: figures, never any words."""
        from journal.services.coach_bundle import build_bundle

        return build_bundle(
            self.conn, options, today=today, calendar=calendar, private_names=private_names
        )

    # --- imports, the inbox, erasing ----------------------------------------------------

    def import_entries(
        self, records: Iterable[ImportedEntry | Skipped], *, today: date
    ) -> ImportReport:
        from journal.services.imports import import_entries

        return import_entries(self.conn, records, today=today)

    def import_document(
        self,
        document: Document,
        entries: Iterable[tuple[str, dict[str, Any]]],
        *,
        today: date,
    ) -> ImportReport:
        from journal.services.imports import import_document

        return import_document(self.conn, document, entries, today=today)

    def take_inbox(self, inbox: Path, *, today: date) -> InboxReport:
        """The inbox's lines taken in (journal.services.imports.take_inbox)."""
        from journal.services.imports import take_inbox

        return take_inbox(self.conn, inbox, today=today)

    def classify(self, entry_id: int, kind: str, *, today: date) -> Entry:
        """Call an imported entry a slip or a save (one transaction); returns it as now stored."""
        from journal.services.imports import classify

        classify(self.conn, entry_id, kind, today=today)
        return self.get(entry_id)

    def to_erase(self, entry_ids: list[int] | None) -> list[Entry]:
        """The entries these ids name (in the trash or not), or with None the whole trash."""
        from journal.services import erasure

        return erasure.to_erase(self.conn, entry_ids)

    def erase(self, entry_ids: list[int] | None) -> Erasure:
        """Erase these entries for good (None: the whole trash); see services.erasure."""
        from journal.services import erasure

        ids = (
            [entry.id for entry in erasure.to_erase(self.conn, None)]
            if entry_ids is None
            else entry_ids
        )
        return erasure.erase(self.conn, ids)

    def checkpoint(self) -> bool:
        """Empty the write-ahead log into the journal; False when another reader holds it."""
        from journal.services import erasure

        return erasure.checkpoint(self.conn)

    def backups_holding(self, erased: Erasure) -> list[BackupHolding]:
        """The existing backups that still hold any of the entries just erased."""
        from journal.services.erasure import backups_holding

        return backups_holding(self.path, erased.erased, self.file_key())

    def remove_backups(self, holding: list[BackupHolding]) -> None:
        from journal.backups import remove_backup

        for held in holding:
            remove_backup(held.path)
