"""See before you share: what a redacted export still shows, before the file is written."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from journal.services.leftovers import KIND_TITLES, CheckResult


def leftovers_text(result: CheckResult) -> Text:
    """The leftovers grouped by kind, likeliest names first, each with its count."""
    text = Text()
    width = max((len(str(item.count)) for item in result.leftovers), default=1)
    kind = ""
    for item in result.leftovers:
        if item.kind != kind:
            if kind:
                text.append("\n")
            kind = item.kind
            text.append(KIND_TITLES[kind] + "\n", style="bold")
        text.append(f"  {item.count:>{width}}  ", style="dim")
        text.append(item.text + "\n")
    return text


class ShareCheckScreen(ModalScreen[bool]):
    """Dismisses True to write the file, False to go back to the dialog."""

    DEFAULT_CSS = """
    ShareCheckScreen #check-list {
        height: auto;
        max-height: 25vh;
        margin-bottom: 1;
        background: $boost;
        padding: 0 1;
    }
    ShareCheckScreen .buttons {
        height: auto;
    }
    ShareCheckScreen Button {
        margin-right: 2;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Write", id="check-write", tooltip="Write the file"),
        Binding("n,escape", "answer(False)", "Back", id="check-back", tooltip="Back to export"),
    ]

    def __init__(self, result: CheckResult, *, what: str, config: str) -> None:
        super().__init__(id="share-check")
        self.result = result
        self.what = what
        self.config = config

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Before you share", classes="dialog-title")
            if self.result.leftovers:
                yield Static(f"Left in the redacted {self.what} that may still name someone:")
                with VerticalScroll(id="check-list"):
                    yield Static(leftovers_text(self.result), id="check-words")
                yield Static(
                    f"Add the names among them to private_names in {self.config}, then export"
                    " again.",
                    classes="hint",
                )
            else:
                yield Static(
                    f"Nothing left that looks like a name or an amount ({self.what}).",
                    id="check-words",
                )
            with Horizontal(classes="buttons"):
                yield Button("Write the file (y)", id="write", variant="primary")
                yield Button("Go back (n)", id="back")

    def on_mount(self) -> None:
        self.query_one("#back" if self.result.leftovers else "#write", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "write")

    def action_answer(self, write: bool) -> None:
        self.dismiss(write)
