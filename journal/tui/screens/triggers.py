"""The trigger catalogue with counts: add your own, rename, retire."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from journal.errors import JournalError
from journal.records import Trigger
from journal.sentences import named, plural, rate_text
from journal.services.analytics.figures import Rate
from journal.tui.screens.base import JournalAppScreen
from journal.tui.screens.confirm import ConfirmScreen
from journal.tui.widgets.fitted_footer import FittedFooter
from journal.tui.widgets.row_table import RowTable

NAME_WIDTH = 36  # the longest built-in name; longer own names end in an ellipsis


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class TriggerEditScreen(ModalScreen[dict[str, str] | None]):
    """Asks for a new trigger's id (or name), with a category and a description if the person
    wants them, or for a new name."""

    BINDINGS = [
        Binding("escape", "leave", "Cancel", id="trigger-edit-cancel", tooltip="Leave unchanged"),
    ]

    def __init__(self, *, rename: Trigger | None = None, trigger_id: str = "") -> None:
        super().__init__(id="trigger-edit")
        self.rename = rename
        self.trigger_id = trigger_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            if self.rename is not None:
                yield Label(f"Rename {self.rename.id}", classes="dialog-title")
                yield Label("The id and every entry's history stay as they are.", classes="hint")
                yield Input(self.rename.name, placeholder="display name", id="name")
            else:
                yield Label("Add your own trigger", classes="dialog-title")
                yield Input(
                    self.trigger_id,
                    placeholder="its name or id, e.g. client-deadline",
                    id="id",
                )
                yield Input(placeholder="category (optional), e.g. Deadlines", id="category")
                yield Input(placeholder="what it is, in a sentence (optional)", id="description")
            yield Label("", id="trigger-problem", classes="problem")
            yield Label("Enter saves · escape cancels", classes="hint")

    def on_mount(self) -> None:
        empty = [field for field in self.query(Input) if not field.value]
        first = (empty or list(self.query(Input)))[0]
        first.focus()
        first.cursor_position = len(first.value)  # typing adds to what is there

    def on_input_submitted(self, event: Input.Submitted) -> None:
        values = {field.id or "": field.value.strip() for field in self.query(Input)}
        required = "name" if self.rename is not None else "id"
        if not values[required]:
            self.query_one("#trigger-problem", Label).update(f"Fill in the {required}.")
            self.query_one(f"#{required}", Input).focus()
            return
        self.dismiss(values)

    def action_leave(self) -> None:
        self.dismiss(None)


class TriggersScreen(JournalAppScreen):
    BINDINGS = [
        Binding("a", "add", "Add", id="triggers-add", tooltip="Add your own trigger"),
        Binding("e", "rename", "Rename", id="triggers-rename", tooltip="Change the display name"),
        Binding(
            "d",
            "retire",
            "Retire",
            id="triggers-retire",
            tooltip="Stop offering it; history keeps it (asks first when entries carry it)",
        ),
        Binding("u", "undo", "Undo", id="triggers-undo", tooltip="Undo the last retire"),
        Binding("escape", "close", "Back", id="triggers-close", tooltip="Back to the journal"),
    ]

    def __init__(self) -> None:
        super().__init__(id="triggers")
        self._shown: list[Trigger] = []
        self._undo: Trigger | None = None  # the trigger last retired or unretired, as it was

    def compose(self) -> ComposeResult:
        yield Label("Triggers: what pulled you away from the customer", id="triggers-title")
        yield RowTable(id="triggers-table")
        yield Label("", id="triggers-detail", classes="hint")
        yield FittedFooter()

    async def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The name and its counts first, so a narrow terminal cuts the category, which the
        # line under the table shows for the selected trigger with its id.
        table.add_column("name", width=NAME_WIDTH)
        for label in ("entries", "slips", "saves", "save rate"):
            table.add_column(label)
        table.add_column("", width=len("retired"))
        table.add_column("category")
        self._show(await self.read_in_worker(self._read, name="triggers"))
        table.focus()

    def _read(self) -> list[Trigger]:
        """Every trigger with its counts: in use first, the most used first."""
        found = self.journal_app.journal.triggers()
        return sorted(found, key=lambda t: (t.retired, -t.entries, t.id))

    def _fill(self, keep: str | None = None) -> None:
        self._show(self._read(), keep)

    def _show(self, triggers: list[Trigger], keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self._shown = triggers
        for trigger in self._shown:
            rate = rate_text(Rate(trigger.saves, trigger.entries), form="bare")
            state = "retired" if trigger.retired else ("yours" if not trigger.builtin else "")
            table.add_row(
                _cut(trigger.name, NAME_WIDTH),
                Text(str(trigger.entries), justify="right"),
                Text(str(trigger.slips), justify="right"),
                Text(str(trigger.saves), justify="right"),
                Text(rate, justify="right"),
                state,
                trigger.category,
                key=trigger.id,
            )
        if keep is not None:
            for index, trigger in enumerate(self._shown):
                if trigger.id == keep:
                    table.move_cursor(row=index)

    def _selected(self) -> Trigger | None:
        table = self.query_one(DataTable)
        if not self._shown:
            return None
        return self._shown[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        selected = self._selected()
        if selected is not None:
            about = f": {selected.description}" if selected.description else ""
            self.query_one("#triggers-detail", Label).update(
                f"{selected.name} ({selected.id}, {selected.category}){about}"
            )

    def _changed(self, keep: str) -> None:
        self._fill(keep)
        self.journal_app.journal_changed()

    def action_add(self) -> None:
        def added(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                trigger = self.journal_app.journal.add_trigger(
                    values["id"], category=values["category"], description=values["description"]
                )
            except JournalError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"Added {trigger.id}.")
            self._changed(trigger.id)

        self.app.push_screen(TriggerEditScreen(), added)

    def action_rename(self) -> None:
        selected = self._selected()
        if selected is None:
            return

        def renamed(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                self.journal_app.journal.rename_trigger(selected.id, values["name"])
            except JournalError as error:
                self.notify(str(error), severity="error")
                return
            self._changed(selected.id)

        self.app.push_screen(TriggerEditScreen(rename=selected), renamed)

    def action_retire(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        if selected.retired or not selected.entries:
            self._set_retired(selected, retired=not selected.retired)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_retired(selected, retired=True)

        question = (
            f"Retire {named(selected.name)}? {plural(selected.entries, 'entry')} keep it, but new"
            " entries cannot use it (d again or u brings it back)."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Retire", no="Keep"), answered)

    def _set_retired(self, trigger: Trigger, *, retired: bool) -> None:
        try:
            self.journal_app.journal.set_retired(trigger.id, retired=retired)
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        self._undo = trigger
        verb = "Retired" if retired else "Unretired"
        self.notify(f"{verb} {named(trigger.name)}; its entries keep it either way. u undoes it.")
        self._changed(trigger.id)

    def action_undo(self) -> None:
        last = self._undo
        if last is None:
            self.notify("Nothing to undo: no trigger was retired or unretired here.")
            return
        self._set_retired(last, retired=last.retired)
        self._undo = None

    def action_close(self) -> None:
        self.dismiss()
