"""Classify imported entries (i): each one in full, one at a time, called a slip or a save.

Entries imported from another journal (jrnl, Day One, a csv) arrive without saying whether the
person's priority won (a slip) or the customer did (a save). This screen goes through them in
the order they were imported. Each decision is written at once, in one transaction, and the
next undecided entry follows; going back shows an entry already decided, which can be changed.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from journal.entry_text import entry_renderable
from journal.errors import JournalError
from journal.tui.screens.base import JournalAppScreen
from journal.tui.widgets.fitted_footer import FittedFooter

QUESTION = Text.assemble(
    "Which was it?\n",
    (" s ", "bold reverse"),
    " a ",
    ("slip", "bold"),
    ": my priority won over the customer's outcome\n",
    (" v ", "bold reverse"),
    " a ",
    ("save", "bold"),
    ": the pressure was there and I chose the customer",
)
ACTIONS_WHILE_OPEN = frozenset({"decide", "edit", "move"})


class ClassifyScreen(JournalAppScreen):
    CSS_PATH = "classify.tcss"

    BINDINGS = [
        Binding("s", "decide('slip')", "Slip", id="classify-slip", tooltip="My priority won"),
        Binding("v", "decide('save')", "Save", id="classify-save", tooltip="I chose the customer"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="classify-edit",
            tooltip="The whole entry in the form (saving it classifies it by its kind)",
        ),
        Binding("n,down", "move(1)", "Next", id="classify-next", tooltip="Skip it for now"),
        Binding("b,up", "move(-1)", "Previous", id="classify-previous", tooltip="The one before"),
        Binding(
            "pagedown",
            "scroll(1)",
            "Scroll down",
            id="classify-scroll-down",
            tooltip="Scroll a long entry",
            show=False,
        ),
        Binding(
            "pageup",
            "scroll(-1)",
            "Scroll up",
            id="classify-scroll-up",
            tooltip="Scroll a long entry",
            show=False,
        ),
        Binding("escape", "close", "Back", id="classify-close", tooltip="Back to the journal"),
    ]

    def __init__(self) -> None:
        super().__init__(id="classify")
        self.ids: list[int] = []  # imported still to classify when the screen opened, in order
        self.decided: dict[int, str] = {}  # id → kind, decided here
        self.index = 0
        self.trigger_names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="classify-title")
        with VerticalScroll(id="classify-body", can_focus=False):
            yield Static(id="classify-entry")
        with Vertical(id="classify-done"):
            yield Static("All imported entries are classified.", id="classify-done-text")
            yield Static(
                "Their slips and saves now count in the patterns and the review.",
                classes="hint",
            )
            yield Button("Back to the journal", id="classify-back", variant="primary")
        yield Static(QUESTION, id="classify-question")
        yield Static(id="classify-status")
        yield FittedFooter()

    async def on_mount(self) -> None:
        store = self.journal_app.journal

        def read() -> tuple[dict[str, str], list[int]]:
            names = {t.id: t.name for t in store.triggers(with_counts=False)}
            return names, store.to_classify_ids()

        self.trigger_names, self.ids = await self.read_in_worker(read, name="to classify")
        self.show_current()

    # --- state ----------------------------------------------------------------------------

    @property
    def undecided(self) -> list[int]:
        return [entry_id for entry_id in self.ids if entry_id not in self.decided]

    @property
    def done(self) -> bool:
        return not self.undecided

    @property
    def current_id(self) -> int | None:
        if self.done or not self.ids:
            return None
        return self.ids[self.index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ACTIONS_WHILE_OPEN:
            return not self.done  # hidden from the footer once everything is classified
        return True

    def show_current(self) -> None:
        done = self.done
        self.query_one("#classify-body").display = not done
        self.query_one("#classify-question").display = not done
        self.query_one("#classify-done").display = done
        self.refresh_bindings()
        if done:
            self._title("all classified")
            self.query_one("#classify-back", Button).focus()
            return
        entry_id = self.ids[self.index]
        try:
            entry = self.journal_app.journal.get(entry_id)
        except JournalError:  # deleted meanwhile (in another window): leave it out
            self.ids.remove(entry_id)
            self.index = min(self.index, max(0, len(self.ids) - 1))
            self.show_current()
            return
        decided = self.decided.get(entry_id)
        if decided is None and not entry.to_classify:
            decided = self.decided[entry_id] = entry.kind  # classified elsewhere meanwhile
        self.query_one("#classify-entry", Static).update(
            entry_renderable(entry, self.trigger_names, form="classify", decided=decided)
        )
        self.query_one("#classify-body", VerticalScroll).scroll_home(animate=False)
        left = self.undecided
        if decided is None:
            self._title(f"{left.index(entry_id) + 1} of {len(left)} to classify")
        else:
            self._title(f"classified as a {decided} · {len(left)} left to classify")

    def _title(self, where: str) -> None:
        self.query_one("#classify-title", Static).update(
            Text.assemble((" Classify imported entries ", "bold reverse"), f"  {where}")
        )

    def _status(self, message: str) -> None:
        self.query_one("#classify-status", Static).update(message)

    # --- actions --------------------------------------------------------------------------

    def action_decide(self, kind: str) -> None:
        entry_id = self.current_id
        if entry_id is None:
            return
        app = self.journal_app
        try:
            app.journal.classify(entry_id, kind, today=app.today)
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        self.decided[entry_id] = kind
        self._status(f"Entry #{entry_id} is now a {kind}.")
        following = self._next_undecided()
        if following is not None:
            self.index = following
        self.show_current()

    def _next_undecided(self) -> int | None:
        """The first undecided entry after the current one, else the first before it."""
        order = [*range(self.index + 1, len(self.ids)), *range(0, self.index)]
        return next((i for i in order if self.ids[i] not in self.decided), None)

    def action_move(self, delta: int) -> None:
        if self.done:
            return
        moved = self.index + delta
        if not 0 <= moved < len(self.ids):
            self._status("This is the last one." if delta > 0 else "This is the first one.")
            return
        self.index = moved
        self._status("")
        self.show_current()

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#classify-body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_edit(self) -> None:
        entry_id = self.current_id
        if entry_id is None:
            return

        def edited(saved: int | None) -> None:
            if saved is not None and self.is_attached:
                self.decided.pop(entry_id, None)  # the form says what it is now
                self._status(f"Entry #{entry_id} saved.")
                self.show_current()

        self.journal_app.open_form(entry_id, then=edited)

    @on(Button.Pressed, "#classify-back")
    def _back(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        app = self.journal_app
        self.app.pop_screen()
        if self.decided:
            app.journal_changed()  # the list's kinds and the count under it
