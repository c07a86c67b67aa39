"""Deleted entries, newest deletion first; Enter or r restores, delete erases one for good, E
empties the trash for good (each asks first, then offers to remove the backups that still
hold what was erased)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from journal.errors import JournalError
from journal.records import Entry
from journal.services.entries import EntryFilter
from journal.tui.screens.base import JournalAppScreen
from journal.tui.screens.confirm import ConfirmScreen
from journal.tui.widgets.fitted_footer import FittedFooter
from journal.tui.widgets.row_table import RowTable
from journal.words import plural

if TYPE_CHECKING:
    from journal.services.erasure import BackupHolding, Erasure

SHOWN = 500  # the trash is read whole up to this many; older deletions stay restorable by CLI


class TrashScreen(JournalAppScreen):
    BINDINGS = [
        Binding(
            "r,enter", "restore", "Restore", id="trash-restore", tooltip="Bring the entry back"
        ),
        Binding(
            "delete,D",
            "erase",
            "Erase",
            id="trash-erase",
            tooltip="Erase the selected entry for good (asks first)",
        ),
        Binding(
            "E",
            "empty",
            "Empty trash",
            id="trash-empty",
            tooltip="Erase every entry in the trash for good (asks first)",
        ),
        Binding("escape", "close", "Back", id="trash-close", tooltip="Back to the journal"),
    ]

    def __init__(self) -> None:
        super().__init__(id="trash")

    def compose(self) -> ComposeResult:
        yield Label(
            "Trash: deleted entries stay here until you restore them or erase them for good.",
            id="trash-title",
        )
        yield RowTable(id="trash-table")
        yield Label("", id="trash-status", classes="hint")
        yield FittedFooter()

    async def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("deleted", "date", "kind", "triggers", "situation")
        self._show(await self.read_in_worker(self._read, name="trash"))
        table.focus()

    def _read(self) -> tuple[int, list[Entry]]:
        """How many entries the trash holds, and the latest SHOWN of them."""
        store = self.journal_app.journal
        flt = EntryFilter(in_trash=True)
        return store.count(flt), store.page(flt, 0, SHOWN)

    def _fill(self) -> None:
        self._show(self._read())

    def _show(self, read: tuple[int, list[Entry]]) -> None:
        total, latest = read
        table = self.query_one(DataTable)
        table.clear()
        for entry in latest:
            table.add_row(
                (entry.deleted_at or "")[:16].replace("T", " "),
                entry.occurred_on.isoformat(),
                entry.kind,
                ", ".join(entry.triggers),
                entry.headline[:80],
                key=str(entry.id),
            )
        status = self.query_one("#trash-status", Label)
        if total == 0:
            status.update("The trash is empty.")
        elif total > SHOWN:
            status.update(f"{total:,} entries in the trash; the latest {SHOWN} are shown.")
        else:
            status.update(
                f"{total:,} in the trash · r restores · delete erases for good · E empties it"
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            self.notify("The trash is empty.", severity="warning")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        entry_id = int(key or 0)
        try:
            self.journal_app.journal.restore(entry_id)
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"Entry {entry_id} is back in the journal.", title="Restored")
        self._fill()
        self.journal_app.journal_changed(keep=entry_id)

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            self.notify("The trash is empty.", severity="warning")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key or 0)

    def action_erase(self) -> None:
        entry_id = self._selected()
        if entry_id is None:
            return
        headline = str(self.query_one(DataTable).get_row(str(entry_id))[-1])

        def answered(erase: bool | None) -> None:
            if erase:
                self._erase([entry_id])

        self.app.push_screen(
            ConfirmScreen(
                f"Erase entry {entry_id} for good, with its notes?\n“{headline}”\nIts words are"
                " overwritten in the journal; this cannot be undone.",
                yes="Erase",
                no="Keep it",
                id="trash-erase-confirm",
            ),
            answered,
        )

    def action_empty(self) -> None:
        total = self.journal_app.journal.count(EntryFilter(in_trash=True))
        if total == 0:
            self.notify("The trash is empty.", severity="warning")
            return

        def answered(erase: bool | None) -> None:
            if erase:
                self._erase(None)

        self.app.push_screen(
            ConfirmScreen(
                f"Erase {plural(total, 'entry')} in the trash for good, with their notes? Their"
                " words are overwritten in the journal; this cannot be undone.",
                yes="Erase all",
                no="Keep them",
                id="trash-empty-confirm",
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="erase")
    def _erase(self, entry_ids: list[int] | None) -> None:
        """Erase in a worker (the index merge takes a moment on a large journal), then look
        through the backups."""
        store = self.journal_app.journal
        try:
            done = store.erase(entry_ids)
            holding = store.backups_holding(done)
        except JournalError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self._erased, done, holding)

    def _erased(self, done: Erasure, holding: list[BackupHolding]) -> None:
        erased = {entry.id for entry in done.erased}
        if (journal := self.journal_app.journal_screen()) is not None:
            journal.deleted[:] = [i for i in journal.deleted if i not in erased]  # no undo
        self.notify(f"Erased {plural(len(erased), 'entry')} for good.", title="Erased")
        if not done.flushed:
            self.notify(
                "Another program is reading the journal, so its log may still hold the erased"
                " words until it closes; emptying the trash again then clears it.",
                severity="warning",
                timeout=12,
            )
        self._fill()
        self.journal_app.journal_changed()
        if holding:
            self._offer_backups(holding)

    def _offer_backups(self, holding: list[BackupHolding]) -> None:
        names = "\n".join(
            f"  {held.path.name}"
            + (
                " (could not be read)"
                if held.entries is None
                else f" ({plural(held.entries, 'entry')})"
            )
            for held in holding[:8]
        )
        more = f"\n  … and {len(holding) - 8} more" if len(holding) > 8 else ""

        def answered(remove: bool | None) -> None:
            if not remove:
                self.notify("The backups are kept.", timeout=6)
                return
            try:
                self.journal_app.journal.remove_backups(holding)
            except JournalError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"Removed {plural(len(holding), 'backup')}.", title="Removed")

        self.app.push_screen(
            ConfirmScreen(
                f"{plural(len(holding), 'backup')} of the journal still"
                f" {'holds' if len(holding) == 1 else 'hold'} what was erased:\n{names}{more}\n"
                "Remove them? Each is a whole copy of the journal as it was then.",
                yes="Remove",
                no="Keep them",
                id="trash-backups-confirm",
            ),
            answered,
        )

    def action_close(self) -> None:
        self.dismiss()
