"""Every key and what it does, as remapped in the config."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from journal.keymap import ACTIONS

MOVING = (
    ("↑ ↓  j k", "move in the list"),
    ("PgUp PgDn  space", "a page at a time"),
    ("Home End  g G", "first and last entry"),
    ("Enter", "edit the selected entry"),
    ("Escape", "leave a field; clear the search"),
    ("ctrl+p", "command palette: every action by name, and the theme"),
)


def _key_names(keys: str) -> str:
    named = {"slash": "/", "question_mark": "?"}
    return "  ".join(named.get(key.strip(), key.strip()) for key in keys.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close", tooltip="Close help")
    ]

    def __init__(self) -> None:
        super().__init__(id="help")

    def compose(self) -> ComposeResult:
        keymap = dict(self.app.settings.keys) if hasattr(self.app, "settings") else {}
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim")
        for action_id, (default_keys, what) in ACTIONS.items():
            keys = keymap.get(action_id, default_keys)
            table.add_row(_key_names(keys), what, action_id)
        table.add_row("", "", "")
        for keys, what in MOVING:
            table.add_row(keys, what, "")
        with VerticalScroll(classes="dialog wide"):
            yield Label("Keys", classes="dialog-title")
            yield Static(table)
            yield Static(
                Text(
                    "Remap a key in the config file (journal config shows where): "
                    '[keys] new = "ctrl+n". The right-hand names are the actions.',
                    style="dim",
                )
            )

    def action_close(self) -> None:
        self.dismiss()
