"""Write a dated later note on an entry.

Notes are only ever added, so an edit of the entry made elsewhere while the note is written is
no conflict. An entry moved to the trash or erased meanwhile is: the dialog then asks before
the note goes anywhere, and keeps the words until the person decides.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from journal.errors import JournalError
from journal.services.revisions import EditConflict
from journal.tui.host import host_of


class NoteScreen(ModalScreen[str | None]):
    """Adds the note to the entry itself; dismisses with its text once added, or None when
    left with escape (or when the person chose not to add it)."""

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
        self._add(text.strip())

    def _add(self, text: str, *, bring_back: bool = False) -> None:
        host = host_of(self)
        try:
            host.journal.add_note(self.entry_id, text, bring_back=bring_back)
        except EditConflict as conflict:
            self._conflict(conflict, text)
            return
        except JournalError as error:
            self.query_one("#note-problem", Label).update(str(error))
            return
        self.dismiss(text)

    def _conflict(self, conflict: EditConflict, text: str) -> None:
        from journal.tui.screens.conflict import ConflictRow, ConflictScreen

        gone = conflict.state == "gone"
        when = (conflict.deleted_at or "")[:16].replace("T", " ")
        if gone:
            title = f"Entry {self.entry_id} was erased while you wrote this note"
            explanation = (
                "It is no longer in the journal, so the note has nowhere to go. Go back to"
                " copy it, or let it go."
            )
        else:
            title = f"Entry {self.entry_id} was moved to the trash while you wrote this note"
            explanation = (
                f"In the trash since {when}. Add the note and the entry comes back with it;"
                " or leave the entry in the trash, without the note."
            )
        row = ConflictRow("Entry", "erased" if gone else f"in the trash since {when}", text)

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                self._add(text, bring_back=True)
            elif choice == "theirs":
                self.dismiss(None)

        self.app.push_screen(
            ConflictScreen(
                title=title,
                explanation=explanation,
                rows=[row],
                mine=None if gone else "Add note, restore",
                theirs="Let the note go" if gone else "Leave in trash",
                edit="Back to note",
                yours_heading="Your note",
                theirs_heading="The entry now",
            ),
            chosen,
        )

    def action_leave(self) -> None:
        self.dismiss(None)
