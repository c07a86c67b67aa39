"""Write a dated later note on an entry."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class NoteScreen(ModalScreen[str | None]):
    """Dismisses with the note's text, or None when left with escape."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note-save", tooltip="Add the note to the entry"),
        Binding("escape", "leave", "Cancel", id="note-cancel", tooltip="Leave without a note"),
    ]

    def __init__(self, entry_id: int, headline: str) -> None:
        super().__init__(id="note")
        self.entry_id = entry_id
        self.headline = headline

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(f"Later note on entry {self.entry_id}", classes="dialog-title")
            yield Label(self.headline, classes="hint")
            yield TextArea(id="note-text")
            yield Label("", id="note-problem", classes="problem")
            yield Label("ctrl+s adds the note · escape cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.query_one("#note-problem", Label).update("Write the note first (or escape).")
            return
        self.dismiss(text.strip())

    def action_leave(self) -> None:
        self.dismiss(None)
