"""What the journal's own screens share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.binding import Binding
from textual.events import ScreenResume
from textual.screen import Screen

from journal.keymap import ACTIONS
from journal.tui.host import JournalHost, host_of

Read = TypeVar("Read")


def action_binding(action_id: str, action: str, label: str, *, show: bool = True) -> Binding:
    """A binding for one of the remappable actions in journal.keymap (keys and tooltip there)."""
    keys, tooltip = ACTIONS[action_id]
    return Binding(keys, action, label, id=action_id, tooltip=tooltip, show=show)


class JournalAppScreen(Screen[None]):
    """A full screen of the journal app; `journal_app` is the app as a JournalHost."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # The width class (-narrow, -wide) set now, as Textual would set it on the first
        # resize: set then, it restyled every widget of the screen once more (~15 ms on
        # opening the journal, and again on opening each screen).
        try:
            width = self.app.size.width
        except Exception:  # no app running (a screen built outside one): Textual sets it
            return
        breakpoints = self.HORIZONTAL_BREAKPOINTS
        if breakpoints is None:
            breakpoints = self.app.HORIZONTAL_BREAKPOINTS
        self.add_class(*self._get_breakpoint_classes(width, list(breakpoints or [])))

    _shown_before = False

    def _on_screen_resume(self, event: ScreenResume) -> None:
        # Shown the first time, every widget was styled as it mounted: Textual's restyle of
        # the whole screen on resuming it would do it all again (~17 ms on opening the journal).
        # Later resumes restyle as Textual does (the theme may have changed meanwhile).
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False

    @property
    def journal_app(self) -> JournalHost:
        return host_of(self)

    async def read_in_worker(self, read: Callable[[], Read], *, name: str) -> Read:
        """`read` (the journal's reads) in a worker thread, off the event loop.

        Awaited in on_mount: Textual holds the app's events until a pushed screen is mounted,
        so keys pressed meanwhile wait until what was read is shown."""
        return await self.run_worker(read, name=name, group="screen-read", thread=True).wait()
