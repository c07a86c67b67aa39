"""Saved elsewhere meanwhile: what changed, field by field, and the person's choice.

The entry form, the note dialog and the review screen open this when their save finds that
another window or `journal` in a shell wrote first. It shows theirs (as now saved) beside
yours (as typed) and dismisses with one of three choices:

- "mine": save yours over theirs (an entry's version replaced is kept in its history);
- "theirs": keep what is saved, drop what was typed here;
- "edit": back to editing, with what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

CHOICES = ("mine", "theirs", "edit")
LONGEST_SHOWN = 600  # characters of one value; the rest is counted, not shown


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One field that differs: theirs, yours, and who changed it since the window opened."""

    label: str
    theirs: str
    yours: str
    who: str = ""  # "changed elsewhere", "changed by you", "changed by both", or ""


def who_changed(base: object, theirs: object, yours: object, *, known: bool = True) -> str:
    """Who moved a field away from what the window opened with."""
    if not known:
        return ""
    elsewhere, here = theirs != base, yours != base
    if elsewhere and here:
        return "changed by both"
    if elsewhere:
        return "changed elsewhere"
    return "changed by you" if here else ""


def _cut(text: str) -> str:
    if len(text) <= LONGEST_SHOWN:
        return text
    return f"{text[:LONGEST_SHOWN]}… ({len(text) - LONGEST_SHOWN:,} more characters)"


class ConflictScreen(ModalScreen[str]):
    """Dismisses with "mine", "theirs" or "edit" (escape: back to editing)."""

    BINDINGS = [
        Binding("k", "choose('mine')", "Keep yours", id="conflict-mine", tooltip="Save yours"),
        Binding("t", "choose('theirs')", "Take theirs", id="conflict-theirs",
                tooltip="Keep what is saved; drop what you typed"),
        Binding("e,escape", "choose('edit')", "Back to editing", id="conflict-edit",
                tooltip="Back to what you typed"),
    ]  # fmt: skip

    def __init__(
        self,
        *,
        title: str,
        explanation: str,
        rows: Sequence[ConflictRow],
        mine: str | None,
        theirs: str,
        edit: str,
        theirs_heading: str = "Theirs (saved)",
        yours_heading: str = "Yours (typed here)",
    ) -> None:
        # No id: keeping yours may meet yet another save made meanwhile, and that dialog
        # opens while this one is still on its way out.
        super().__init__(classes="conflict")
        self.title_text = title
        self.explanation = explanation
        self.rows = tuple(rows)
        self.labels = {"mine": mine, "theirs": theirs, "edit": edit}
        self.headings = (theirs_heading, yours_heading)

    def compose(self) -> ComposeResult:
        # The dialog scrolls when the fields do not fit; the choices stay in view at its foot.
        with VerticalScroll(classes="dialog wide", id="conflict-dialog"):
            yield Label(self.title_text, classes="dialog-title", id="conflict-title")
            yield Label(self.explanation, classes="question", id="conflict-explanation")
            yield Static(self._table(), id="conflict-table")
            with Horizontal(classes="buttons", id="conflict-buttons"):
                for choice, key in (("mine", "k"), ("theirs", "t"), ("edit", "e")):
                    label = self.labels[choice]
                    if label is not None:
                        yield Button(
                            f"{label} ({key})",
                            id=f"conflict-{choice}",
                            variant="primary" if choice == "mine" else "default",
                        )

    def _table(self) -> Table | Text:
        if not self.rows:
            return Text("No field differs: only the saved version's number moved on.", "dim")
        table = Table(expand=True, show_edge=False, pad_edge=False, show_lines=True)
        table.add_column("", style="bold", ratio=1, overflow="fold")
        table.add_column(self.headings[0], ratio=2, overflow="fold")
        table.add_column(self.headings[1], ratio=2, overflow="fold")
        for row in self.rows:
            label = Text(row.label)
            if row.who:
                label.append(f"\n{row.who}", style="dim")
            table.add_row(label, _cut(row.theirs), _cut(row.yours))
        return table

    def on_mount(self) -> None:
        first = "mine" if self.labels["mine"] is not None else "edit"
        self.query_one(f"#conflict-{first}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("conflict-"))

    def action_choose(self, choice: str) -> None:
        if choice in CHOICES and self.labels[choice] is not None:
            self.dismiss(choice)
