"""Screens promised by a key that a later version builds: they say so plainly."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class NotYetScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,enter", "dismiss", "Close", id="not-yet-close", tooltip="Close")]

    def __init__(self, title: str, what: str) -> None:
        super().__init__(id="not-yet")
        self.title_text = title
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(
                f"Not built yet: this screen will show {self.what}. Your entries already"
                " hold everything it needs.",
                classes="question",
            )
            yield Label("Escape closes.", classes="hint")

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
