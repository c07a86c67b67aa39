"""The passphrase of an encrypted journal, asked before anything of it is shown."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from journal.cipher import Key
from journal.passphrase import TRIES
from journal.tui.host import JournalHost, host_of


class UnlockScreen(ModalScreen[Key]):
    """Dismisses with the key once a passphrase opens the journal; after three wrong ones
    the app ends with one line saying so (exit status 2). Escape leaves the app."""

    BINDINGS = [
        Binding("escape", "leave", "Quit", id="unlock-quit", tooltip="Leave without opening it")
    ]

    def __init__(self, path: Path) -> None:
        super().__init__(id="unlock")
        self.path = path
        self.tries_left = TRIES

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"{self.path.name} is encrypted", classes="dialog-title")
            yield Label("Type its passphrase to open it.", classes="question")
            yield Input(password=True, placeholder="passphrase", id="passphrase")
            yield Label("Enter opens it; escape quits.", id="unlock-message", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value or event.input.disabled:
            return
        event.input.disabled = True
        self._set_message("Opening…", problem=False)
        self._try(event.value)

    @work(thread=True, exclusive=True, group="unlock")
    def _try(self, passphrase: str) -> None:
        """Key derivation takes a fifth of a second: in a thread, so the screen stays live."""
        from journal.cipher import key_for, opens

        key = key_for(self.path, passphrase, "typed")
        self.app.call_from_thread(self._tried, key if opens(self.path, key) else None)

    def _tried(self, key: Key | None) -> None:
        if key is not None:
            self.dismiss(key)
            return
        self.tries_left -= 1
        if self.tries_left == 0:
            self.journal_app.fail(
                f"the passphrase did not open {self.path} ({TRIES} tries); nothing was shown"
                " or written"
            )
            return
        box = self.query_one("#passphrase", Input)
        box.value = ""
        box.disabled = False
        box.focus()
        more = "try" if self.tries_left == 1 else "tries"
        self._set_message(
            f"That passphrase does not open it; {self.tries_left} {more} left.", problem=True
        )

    def _set_message(self, text: str, *, problem: bool) -> None:
        message = self.query_one("#unlock-message", Label)
        message.update(text)
        message.set_class(problem, "problem")
        message.set_class(not problem, "hint")

    def action_leave(self) -> None:
        self.app.exit()

    @property
    def journal_app(self) -> JournalHost:
        return host_of(self)
