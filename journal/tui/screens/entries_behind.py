"""The entries behind a figure: every number on the patterns and review screens leads here."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from journal.sentences import plural
from journal.services.entries import EntryFilter
from journal.tui.screens.base import JournalAppScreen
from journal.tui.widgets.entry_detail import EntryDetail
from journal.tui.widgets.entry_list import EntryList, header_text
from journal.tui.widgets.fitted_footer import FittedFooter


class EntriesBehindScreen(JournalAppScreen):
    """A read-only list of the entries a figure counted; Enter edits one."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="behind-close", tooltip="Back to the figures"),
    ]

    def __init__(self, title: str, flt: EntryFilter) -> None:
        super().__init__(id="entries-behind")
        self.title_text = title
        self.filter = flt
        self._trigger_names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="behind-title")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield Static(id="list-header")
                yield EntryList(id="behind-entries")
                yield Static(id="list-status")
            yield EntryDetail(id="detail")
        yield FittedFooter()

    async def on_mount(self) -> None:
        store, flt = self.journal_app.journal, self.filter

        def read() -> tuple[dict[str, str], int]:
            names = {t.id: t.name for t in store.triggers(with_counts=False)}
            return names, store.count(flt)

        self.query_one("#behind-title", Static).update(
            Text.assemble((f" {self.title_text} ", "bold reverse"), "  Escape goes back.")
        )
        self._trigger_names, total = await self.read_in_worker(read, name="entries behind")
        self._show(total)
        self.query_one(EntryList).focus()

    def load(self) -> None:
        self._show(self.journal_app.journal.count(self.filter))

    def _show(self, total: int) -> None:
        store, flt = self.journal_app.journal, self.filter
        entries = self.query_one(EntryList)
        entries.show(lambda offset, limit: store.page(flt, offset, limit), total)
        self.query_one("#list-status", Static).update(
            f"{plural(total, 'entry')} behind this figure"
        )
        if total == 0:
            self.query_one(EntryDetail).show_entry(None, self._trigger_names)

    def on_screen_resume(self) -> None:
        self.load()  # an entry may have been edited from here

    @on(EntryList.WidthChanged)
    def _width_changed(self, event: EntryList.WidthChanged) -> None:
        self.query_one("#list-header", Static).update(Text(header_text(event.width), style="bold"))

    @on(EntryList.Highlighted)
    def _highlighted(self, event: EntryList.Highlighted) -> None:
        if event.entry_id is None:
            self.query_one(EntryDetail).show_entry(None, self._trigger_names)
            return
        entry = self.journal_app.journal.get(event.entry_id)
        self.query_one(EntryDetail).show_entry(entry, self._trigger_names)

    @on(EntryList.Chosen)
    def _chosen(self, event: EntryList.Chosen) -> None:
        self.journal_app.open_form(event.entry_id)

    def action_close(self) -> None:
        self.dismiss()
