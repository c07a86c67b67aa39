"""The selected entry in full, with its later notes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from journal.entry_text import entry_renderable
from journal.records import Entry


class EntryDetail(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    EntryDetail {
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def show_entry(
        self, entry: Entry | None, trigger_names: dict[str, str], history_key: str | None = None
    ) -> None:
        body = self.query_one("#detail-body", Static)
        if entry is None:
            body.update(Text("No entry selected.", style="dim"))
        else:
            body.update(entry_renderable(entry, trigger_names, history_key=history_key))
        self.scroll_home(animate=False)
