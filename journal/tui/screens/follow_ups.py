"""The follow-ups due, oldest first. Enter (or c) closes the selected one with what happened
to the customer and how it ended; m moves it to another day."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Select, TextArea

from journal.dates import DateError, parse_follow_up
from journal.errors import JournalError
from journal.records import RECOVERIES, Entry
from journal.tui.host import host_of
from journal.tui.screens.base import JournalAppScreen
from journal.tui.widgets.fitted_footer import FittedFooter
from journal.words import plural


class FollowUpsScreen(JournalAppScreen):
    BINDINGS = [
        Binding(
            "c,enter",
            "close_follow_up",
            "Close",
            id="follow-up-close",
            tooltip="Record what happened to the customer, and close the follow-up",
        ),
        Binding("m", "move", "Move", id="follow-up-move", tooltip="Come back on another day"),
        Binding("escape", "back", "Back", id="follow-ups-back", tooltip="Back to the journal"),
    ]

    def __init__(self) -> None:
        super().__init__(id="follow-ups")
        self.due: dict[int, Entry] = {}

    def compose(self) -> ComposeResult:
        yield Label("Follow-ups due: what happened to the customer?", id="follow-ups-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="follow-ups-table")
        yield Label("", id="follow-ups-status", classes="hint")
        yield FittedFooter()

    async def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("due", "entry", "date", "customer", "situation")
        self._show(await self.read_in_worker(self._read, name="follow-ups due"))
        table.focus()

    def _read(self) -> list[Entry]:
        app = self.journal_app
        return app.journal.due_follow_ups(today=app.today)

    def _fill(self) -> None:
        self._show(self._read())

    def _show(self, due: list[Entry]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.due = {entry.id: entry for entry in due}
        for entry in self.due.values():
            table.add_row(
                entry.follow_up_on.isoformat() if entry.follow_up_on else "",
                str(entry.id),
                entry.occurred_on.isoformat(),
                entry.customer or "",
                entry.headline[:70],
                key=str(entry.id),
            )
        status = self.query_one("#follow-ups-status", Label)
        if not self.due:
            status.update("No follow-ups due. Set one in an entry's form (Follow up on).")
        else:
            status.update(
                f"{plural(len(self.due), 'follow-up')} due · Enter closes it with what happened"
                " · m moves it to another day"
            )

    def _selected(self) -> Entry | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            self.notify("No follow-ups are due.", severity="warning")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.due.get(int(key or 0))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_close_follow_up()

    def action_close_follow_up(self) -> None:
        entry = self._selected()
        if entry is not None:
            self.app.push_screen(CloseFollowUpScreen(entry), self._done)

    def action_move(self) -> None:
        entry = self._selected()
        if entry is not None:
            self.app.push_screen(MoveFollowUpScreen(entry), self._done)

    def _done(self, message: str | None) -> None:
        if message is None:
            return
        self.notify(message, title="Follow-up")
        self._fill()
        self.journal_app.journal_changed()

    def action_back(self) -> None:
        self.app.pop_screen()


class CloseFollowUpScreen(ModalScreen[str | None]):
    """What happened (a dated note) and the recovery outcome; ctrl+s closes the follow-up."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Close it", id="close-follow-up-save"),
        Binding("escape", "leave", "Cancel", id="close-follow-up-cancel"),
    ]

    def __init__(self, entry: Entry) -> None:
        super().__init__(id="close-follow-up")
        self.entry = entry

    def compose(self) -> ComposeResult:
        due = self.entry.follow_up_on.isoformat() if self.entry.follow_up_on else ""
        with Vertical(classes="dialog wide"):
            yield Label(f"Follow-up on entry {self.entry.id} (due {due})", classes="dialog-title")
            yield Label(self.entry.headline, classes="hint")
            yield Label("What happened to the customer?")
            yield TextArea(id="follow-up-note")
            yield Label("How did it end?")
            yield Select(
                [(value, value) for value in RECOVERIES],
                value=self.entry.recovery,
                allow_blank=False,
                id="follow-up-recovery",
            )
            yield Label("", id="follow-up-problem", classes="problem")
            yield Label("ctrl+s closes the follow-up · escape cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        host = host_of(self)
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.query_one("#follow-up-problem", Label).update(
                "Write what happened first (or escape)."
            )
            return
        recovery = str(self.query_one(Select).value)
        try:
            host.journal.close_follow_up(
                self.entry.id, note=text, recovery=recovery, today=host.today
            )
        except JournalError as error:
            self.query_one("#follow-up-problem", Label).update(str(error))
            return
        self.dismiss(f"Entry {self.entry.id}: follow-up closed ({recovery}).")

    def action_leave(self) -> None:
        self.dismiss(None)


class MoveFollowUpScreen(ModalScreen[str | None]):
    """Another day to come back (read forward: friday is the coming one)."""

    BINDINGS = [Binding("escape", "leave", "Cancel", id="move-follow-up-cancel")]

    def __init__(self, entry: Entry) -> None:
        super().__init__(id="move-follow-up")
        self.entry = entry

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Move entry {self.entry.id}'s follow-up", classes="dialog-title")
            yield Label(self.entry.headline, classes="hint")
            yield Input(placeholder="in 2 weeks, friday, end of quarter", id="follow-up-to")
            yield Label("", id="follow-up-problem", classes="problem")
            yield Label("Enter moves it · escape cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        host = host_of(self)
        problem = self.query_one("#follow-up-problem", Label)
        try:
            day = parse_follow_up(
                event.value,
                today=host.today,
                fiscal_start_month=host.settings.fiscal_year_start_month,
            )
            host.journal.move_follow_up(self.entry.id, to=day, today=host.today)
        except (DateError, JournalError) as error:
            problem.update(str(error))
            return
        self.dismiss(f"Entry {self.entry.id}: follow up on {day.isoformat()}.")

    def action_leave(self) -> None:
        self.dismiss(None)
