"""A footer that shows the keys that fit the terminal's width instead of cutting off the row.

Textual's footer lays every shown binding out in one row and cuts what does not fit, so on an
80-column terminal the keys at the end (patterns, review, help, quit) were never seen. This
one drops the least needed keys first; every key stays listed on the help screen (?).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Kept first: help and quit, then the screen's own keys, then the patterns and the review; the
# journal list's lesser keys (note, delete, filters) and check in and triggers go first when
# room runs out.
ALWAYS = ("help", "quit")
SOON = ("patterns", "review")
LESSER = ("note", "delete", "filters")
APP_WIDE_LAST = ("triggers", "checkin")
COMPACT_BELOW = 100  # columns under which keys lose their padding, so more of them fit
PALETTE_WIDTH = 13  # "▏^p palette" and its padding


class FittedFooter(Footer):
    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        actions = list(shown)

        def rank(action: str) -> tuple[int, int]:
            bare = action.removeprefix("app.")
            if bare in ALWAYS:
                return (0, ALWAYS.index(bare))
            if bare in SOON:
                return (2, SOON.index(bare))
            if bare in LESSER:
                return (3, actions.index(action))
            if bare in APP_WIDE_LAST:
                return (4, APP_WIDE_LAST.index(bare))
            return (1, actions.index(action))

        # The key that opens this very screen says nothing here.
        actions = [a for a in actions if a.removeprefix("app.") != self.screen.id]

        width = self.size.width or self.app.size.width
        self.compact = width < COMPACT_BELOW
        room = width - PALETTE_WIDTH
        kept: set[str] = set()
        for action in sorted(actions, key=rank):
            binding = shown[action][0]
            needs = len(self.app.get_key_display(binding)) + len(binding.description)
            needs += 2 if self.compact else 3
            if needs <= room:
                kept.add(action)
                room -= needs
        self.styles.grid_size_columns = len(kept)
        for action in actions:
            if action not in kept:
                continue
            binding, enabled, tooltip = shown[action]
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            try:
                _node, binding, enabled, tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            except KeyError:
                return
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def on_resize(self, event: Resize) -> None:
        if self._bindings_ready:  # what fits depends on the width
            self.call_after_refresh(self.recompose)
