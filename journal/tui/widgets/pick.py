"""A row of options where the arrow keys choose, as the export dialog asks format, privacy
and the trash."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import RadioButton, RadioSet


class Pick(RadioSet, inherit_bindings=False):
    """A row of options where the arrow keys choose (Enter is left to export).

    A key's choice takes effect at once, not when the buttons' messages arrive: keys pressed
    quickly would otherwise each start from the same option."""

    BINDINGS = [
        Binding("down,right", "step(1)", "Next option", show=False),
        Binding("up,left", "step(-1)", "Previous option", show=False),
    ]

    def __init__(
        self, options: tuple[tuple[str, str], ...], value: str, *, id: str, classes: str = ""
    ) -> None:
        super().__init__(
            *(RadioButton(label, value=key == value, name=key) for key, label in options),
            id=id,
            classes=f"pick {classes}".strip(),
        )
        self.keys = tuple(key for key, _ in options)

    def on_mount(self) -> None:
        self._selected = self.pressed_index  # the highlight starts on the chosen option

    @property
    def value(self) -> str:
        index = self.pressed_index
        return self.keys[index] if index >= 0 else self.keys[0]

    def choose(self, key: str) -> None:
        buttons = list(self.query(RadioButton))
        chosen = buttons[self.keys.index(key)]
        if chosen is self.pressed_button:
            return
        with self.prevent(RadioButton.Changed):
            for button in buttons:
                button.value = button is chosen
        self._pressed_button = chosen
        self.post_message(self.Changed(self, chosen))

    def enable(self, key: str, enabled: bool) -> None:
        for button in self.query(RadioButton):
            if button.name == key:
                button.disabled = not enabled

    def action_step(self, delta: int) -> None:
        buttons = list(self.query(RadioButton))
        index = self.pressed_index
        for _ in buttons:
            index = (index + delta) % len(buttons)
            if not buttons[index].disabled:
                self.choose(self.keys[index])
                return
