"""A footer that shows the keys that fit the terminal's width instead of cutting off the row.

Textual's footer lays every shown binding out in one row and cuts what does not fit, so on an
80-column terminal the keys at the end (patterns, review, help, quit) were never seen. This
one drops the least needed keys first; every key stays listed on the help screen (?).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
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

_Shown = tuple[Binding, bool, str]


class FittedFooter(Footer):
    # compact, and the actions shown with whether each is enabled: what the keys were built for
    _fitted: tuple[bool, tuple[tuple[str, bool], ...]] | None = None

    def _fit(self, width: int) -> tuple[bool, tuple[str, ...], dict[str, _Shown]]:
        """Whether keys go compact at `width`, which actions fit (in the screen's order), and
        every shown binding by action."""
        shown: dict[str, _Shown] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        # The key that opens this very screen says nothing here.
        actions = [a for a in shown if a.removeprefix("app.") != self.screen.id]

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

        compact = width < COMPACT_BELOW
        room = width - PALETTE_WIDTH
        kept: set[str] = set()
        for action in sorted(actions, key=rank):
            binding = shown[action][0]
            needs = len(self.app.get_key_display(binding)) + len(binding.description)
            needs += 2 if compact else 3
            if needs <= room:
                kept.add(action)
                room -= needs
        return compact, tuple(a for a in actions if a in kept), shown

    def compose(self) -> ComposeResult:
        # Built from the bindings active now, without waiting for Textual's first "bindings
        # changed": when that comes with the same keys, nothing is built twice.
        compact, kept, shown = self._fit(self.size.width or self.app.size.width)
        self._fitted = self._key(compact, kept, shown)
        self.compact = compact
        self.styles.grid_size_columns = len(kept)
        for action in kept:
            binding, enabled, tooltip = shown[action]
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            key.set_reactive(FooterKey.compact, compact)  # styled once, not twice
            yield key.data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            try:
                _node, binding, enabled, tooltip = self.screen.active_bindings[
                    self.app.COMMAND_PALETTE_BINDING
                ]
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

    @staticmethod
    def _key(
        compact: bool, kept: tuple[str, ...], shown: dict[str, _Shown]
    ) -> tuple[bool, tuple[tuple[str, bool], ...]]:
        return compact, tuple((action, shown[action][1]) for action in kept)

    def _rebuild_if_changed(self, width: int) -> None:
        """Built again only when other keys show: rebuilding costs some 30-60 ms of styling,
        and at start-up the bindings settle (focus, the first resize) without changing what
        the footer shows; Textual's footer rebuilt itself each time."""
        compact, kept, shown = self._fit(width)
        if self._key(compact, kept, shown) != self._fitted:
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_if_changed(self.size.width or self.app.size.width)

    def on_resize(self, event: Resize) -> None:
        self._rebuild_if_changed(event.size.width)
