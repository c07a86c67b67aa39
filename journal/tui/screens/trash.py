"""Deleted entries, newest deletion first; Enter or r restores."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Label

from journal.errors import JournalError
from journal.services.entries import EntryFilter
from journal.tui.screens.base import JournalAppScreen

SHOWN = 500  # the trash is read whole up to this many; older deletions stay restorable by CLI


class TrashScreen(JournalAppScreen):
    BINDINGS = [
        Binding(
            "r,enter", "restore", "Restore", id="trash-restore", tooltip="Bring the entry back"
        ),
        Binding("escape", "close", "Back", id="trash-close", tooltip="Back to the journal"),
    ]

    def __init__(self) -> None:
        super().__init__(id="trash")

    def compose(self) -> ComposeResult:
        yield Label("Trash: deleted entries stay here until you restore them.", id="trash-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="trash-table")
        yield Label("", id="trash-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("deleted", "date", "kind", "triggers", "situation")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        store = self.journal_app.journal
        flt = EntryFilter(in_trash=True)
        total = store.count(flt)
        for entry in store.page(flt, 0, SHOWN):
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
            status.update(f"{total:,} in the trash. r or Enter restores the selected one.")

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

    def action_close(self) -> None:
        self.dismiss()
