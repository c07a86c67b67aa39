"""A row of options, as the entry form asks kind, the scales, control, recovery and
whether a commitment was followed."""

from __future__ import annotations

from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Label, RadioButton, RadioSet

from journal.records import CONTROLS, KINDS, RECOVERIES
from journal.services.commitments import FOLLOWED, Commitment
from journal.tui.form_values import UNSET
from journal.words import named

UNSET_LABEL = "not set"  # shown for UNSET: recovery has an option of its own called "none"


class Choice(RadioSet):
    """A row of options picked with the arrow keys or the mouse."""

    def __init__(self, name: str, options: tuple[str, ...], value: str) -> None:
        shown = {UNSET: UNSET_LABEL} if name != "recovery" else {}
        super().__init__(
            *(RadioButton(shown.get(option, option), value=option == value) for option in options),
            id=name,
            classes="choice",
        )
        self.options = options

    @property
    def value(self) -> str:
        index = self.pressed_index
        return self.options[index] if index >= 0 else self.options[0]

    @property
    def answered(self) -> bool:
        """Whether an option is pressed. Not while the row is being mounted or removed: its
        buttons are then not (or no longer) its children, and it cannot say which one is."""
        pressed = self.pressed_button
        return pressed is not None and pressed in self.children

    def set_value(self, value: str) -> None:
        for button, option in zip(self.query(RadioButton), self.options, strict=True):
            button.value = option == value

    def on_key(self, event: Key) -> None:
        """1 to 5 pick a number at once on severity and pressure; 0 unsets it."""
        typed = UNSET if event.character == "0" else event.character
        if typed and typed in self.options and typed not in KINDS + RECOVERIES + CONTROLS:
            self.set_value(typed)
            event.stop()
            event.prevent_default()


class CommitmentQuestion(Vertical):
    """Did you follow your commitment? Asked in the entry form for each trigger chosen that
    a commitment covers; the answer row's id is commitment-<id>."""

    def __init__(self, commitment: Commitment, answer: str) -> None:
        super().__init__(
            Label(
                f"Your commitment ({commitment.quarter}):"
                f" if {named(commitment.trigger_name)} shows up, I will {commitment.plan}."
                " Did you follow it?",
                classes="commitment-question",
            ),
            Choice(f"commitment-{commitment.id}", FOLLOWED, answer),
            classes="commitment",
        )
