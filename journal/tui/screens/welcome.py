"""What a new journal shows first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Markdown

from journal.tui.screens.base import JournalAppScreen
from journal.tui.widgets.fitted_footer import FittedFooter

WELCOME = """\
# Welcome to your journal

Write down the moments your own priorities — a quota, a coming review, a cap on
billable hours, a cost mandate — beat a customer's outcome, and the moments you
held the line. Every quarter it shows you which ones keep winning and whether your
"if this happens, I will …" commitments work.

**Press `n` to record your first entry.** It takes a minute: what happened, what
pulled at you (the trigger), and what you would do next time.

Want to look around first? **Press `o` to open the demo journal**, eighteen months
of made-up entries, kept in a file of its own (your journal stays empty).
"""


class WelcomeScreen(JournalAppScreen):
    BINDINGS = [
        Binding(
            "n", "first_entry", "First entry", id="welcome-new", tooltip="Record your first entry"
        ),
        Binding(
            "o", "open_demo", "Open the demo", id="welcome-demo", tooltip="Open the demo journal"
        ),
        Binding(
            "escape", "close", "Go to the journal", id="welcome-close", tooltip="Close this page"
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="welcome")

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="welcome-text"):
            yield Markdown(WELCOME)
        yield FittedFooter()

    def action_first_entry(self) -> None:
        self.dismiss()
        self.journal_app.open_form(None)

    def action_close(self) -> None:
        self.dismiss()

    def action_open_demo(self) -> None:
        from journal.config import demo_db_path
        from journal.errors import JournalError
        from journal.services import demo

        app = self.journal_app
        target = app.demo_path or demo_db_path()
        try:
            if not target.exists():
                self.notify("Writing the demo journal…")
                demo.write_demo(target, entries=360, seed=7, today=app.today)
            app.open_journal(target)
        except JournalError as error:
            self.notify(str(error), severity="error")
